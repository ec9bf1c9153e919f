using System.Buffers.Text;
using System.Text;
using System.Text.Unicode;
using LambdaKit.Runtime.Protocol;

namespace LambdaKit.Runtime.Http;

/// <summary>Parses an HTTP/1.1 status line and headers (without the final empty line).</summary>
internal static class ResponseHeadParser
{
    private static readonly byte[] RequestIdName = Encoding.ASCII.GetBytes(RuntimeApiContract.RequestIdHeader);
    private static readonly byte[] DeadlineName = Encoding.ASCII.GetBytes(RuntimeApiContract.DeadlineHeader);
    private static readonly byte[] ArnName = Encoding.ASCII.GetBytes(RuntimeApiContract.InvokedFunctionArnHeader);
    private static readonly byte[] TraceIdName = Encoding.ASCII.GetBytes(RuntimeApiContract.TraceIdHeader);
    private static readonly byte[] ClientContextName = Encoding.ASCII.GetBytes(RuntimeApiContract.ClientContextHeader);
    private static readonly byte[] CognitoIdentityName = Encoding.ASCII.GetBytes(RuntimeApiContract.CognitoIdentityHeader);
    private static readonly byte[] TenantIdName = Encoding.ASCII.GetBytes(RuntimeApiContract.TenantIdHeader);

    // The function ARN is the same on every invocation of an environment: keep one string instead of one per call.
    [ThreadStatic]
    private static string? t_lastArn;

    /// <summary>Parses <paramref name="head"/>: lines separated by CRLF, the last one terminated by CRLF.</summary>
    public static ResponseHead Parse(ReadOnlySpan<byte> head)
    {
        var result = new ResponseHead { ContentLength = -1 };
        int lineEnd = head.IndexOf("\r\n"u8);
        if (lineEnd < 0)
        {
            throw new IOException("The Runtime API sent a response without a status line.");
        }

        result.StatusCode = ParseStatusLine(head[..lineEnd]);
        head = head[(lineEnd + 2)..];
        while (!head.IsEmpty)
        {
            lineEnd = head.IndexOf("\r\n"u8);
            var line = lineEnd < 0 ? head : head[..lineEnd];
            head = lineEnd < 0 ? default : head[(lineEnd + 2)..];
            int colon = line.IndexOf((byte)':');
            if (colon <= 0)
            {
                continue;
            }

            var name = line[..colon];
            var value = line[(colon + 1)..].Trim((byte)' ').Trim((byte)'\t');
            ApplyHeader(ref result, name, value);
        }

        return result;
    }

    private static int ParseStatusLine(ReadOnlySpan<byte> line)
    {
        // "HTTP/1.1 202 Accepted"
        if (!line.StartsWith("HTTP/1."u8) || line.Length < 12 || line[8] != (byte)' '
            || !Utf8Parser.TryParse(line.Slice(9, 3), out int status, out int consumed) || consumed != 3)
        {
            throw new IOException("The Runtime API sent a malformed HTTP status line: '" + Printable(line) + "'");
        }

        return status;
    }

    private static void ApplyHeader(ref ResponseHead result, ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        if (Ascii.EqualsIgnoreCase(name, "Content-Length"u8))
        {
            if (!Utf8Parser.TryParse(value, out long length, out int consumed) || consumed != value.Length || length < 0)
            {
                throw new IOException($"The Runtime API sent a malformed Content-Length '{Printable(value)}'.");
            }

            if (result.ContentLength >= 0 && result.ContentLength != length)
            {
                // RFC 9112 6.3: differing lengths leave the framing unknown.
                throw new IOException($"The Runtime API sent two different Content-Length values ({result.ContentLength} and {length}).");
            }

            result.ContentLength = length;
        }
        else if (Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8))
        {
            // "chunked" is always the last coding when present ("gzip, chunked").
            int comma = value.LastIndexOf((byte)',');
            result.Chunked = Ascii.EqualsIgnoreCase(value[(comma + 1)..].Trim((byte)' '), "chunked"u8);
        }
        else if (Ascii.EqualsIgnoreCase(name, "Connection"u8))
        {
            result.ConnectionClose = Ascii.EqualsIgnoreCase(value, "close"u8);
        }
        else if (Ascii.EqualsIgnoreCase(name, RequestIdName))
        {
            if (Utf8.IsValid(value))
            {
                result.RequestId = value.IsEmpty ? null : Encoding.UTF8.GetString(value);
            }
            else
            {
                // A lossy decoding would name another id: never answer it.
                result.RequestId = null;
                result.RequestIdProblem = $"'{Printable(value)}' is not valid UTF-8";
            }
        }
        else if (Ascii.EqualsIgnoreCase(name, DeadlineName))
        {
            if (Utf8Parser.TryParse(value, out long deadline, out int consumed) && consumed == value.Length && deadline > 0)
            {
                result.DeadlineMs = deadline;
            }
            else
            {
                result.MalformedDeadline = Printable(value);
            }
        }
        else if (Ascii.EqualsIgnoreCase(name, ArnName))
        {
            var last = t_lastArn;
            if (last is null || !Ascii.Equals(value, last))
            {
                last = Encoding.UTF8.GetString(value);
                t_lastArn = last;
            }

            result.InvokedFunctionArn = last;
        }
        else if (Ascii.EqualsIgnoreCase(name, TraceIdName))
        {
            result.TraceId = value.IsEmpty ? null : Encoding.UTF8.GetString(value);
        }
        else if (Ascii.EqualsIgnoreCase(name, ClientContextName))
        {
            result.ClientContext = value.IsEmpty ? null : Encoding.UTF8.GetString(value);
        }
        else if (Ascii.EqualsIgnoreCase(name, CognitoIdentityName))
        {
            result.CognitoIdentity = value.IsEmpty ? null : Encoding.UTF8.GetString(value);
        }
        else if (Ascii.EqualsIgnoreCase(name, TenantIdName))
        {
            result.TenantId = value.IsEmpty ? null : Encoding.UTF8.GetString(value);
        }
    }

    /// <summary>Up to 80 bytes of <paramref name="bytes"/> for a log line: printable ASCII kept, anything else as <c>\xNN</c>.</summary>
    internal static string Printable(ReadOnlySpan<byte> bytes)
    {
        const int MaxShown = 80;
        var text = new StringBuilder();
        foreach (byte b in bytes[..Math.Min(bytes.Length, MaxShown)])
        {
            if (b is >= 0x20 and < 0x7F)
            {
                text.Append((char)b);
            }
            else
            {
                text.Append("\\x").Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return bytes.Length > MaxShown ? text.Append('…').ToString() : text.ToString();
    }
}
