using System.Text;

namespace LambdaKit.Runtime.Http;

/// <summary>
/// A request id as one path segment of <c>/runtime/invocation/{id}/response</c>. Lambda's ids are UUIDs, which
/// pass through unchanged; any other character is percent-encoded as UTF-8 (RFC 3986: everything but
/// <c>A-Z a-z 0-9 - . _ ~</c>), so an id can never add a segment, a query or a different id to the path.
/// Ids no encoding can keep to one segment naming the same id are refused.
/// </summary>
internal static class RequestIdSegment
{
    /// <summary>Why <paramref name="requestId"/> cannot be posted back, or <see langword="null"/> when it can.</summary>
    public static string? Problem(string requestId)
    {
        if (requestId.Length == 0)
        {
            return "it is empty";
        }

        if (requestId is "." or "..")
        {
            // Servers remove dot segments, even percent-encoded ones: the post would reach another path.
            return $"'{requestId}' is a relative path segment";
        }

        for (int i = 0; i < requestId.Length; i++)
        {
            char c = requestId[i];
            if (char.IsControl(c))
            {
                return $"it contains the control character U+{(int)c:X4}, which no HTTP header can carry";
            }

            if (char.IsSurrogate(c) && !(char.IsHighSurrogate(c) && i + 1 < requestId.Length && char.IsLowSurrogate(requestId[++i])))
            {
                return "it contains an unpaired UTF-16 surrogate, which has no UTF-8 form";
            }
        }

        return null;
    }

    /// <summary>The most bytes <see cref="Write"/> needs for <paramref name="requestId"/>: 3 UTF-8 bytes per char, each as <c>%XX</c>.</summary>
    public static int MaxEncodedLength(string requestId) => requestId.Length * 9;

    /// <summary>Writes <paramref name="requestId"/> percent-encoded into <paramref name="destination"/>; returns the bytes written.</summary>
    public static int Write(Span<byte> destination, string requestId)
    {
        int at = 0;
        Span<byte> utf8 = stackalloc byte[4];
        for (int i = 0; i < requestId.Length; i++)
        {
            char c = requestId[i];
            if (IsUnreserved(c))
            {
                destination[at++] = (byte)c;
                continue;
            }

            int length = char.IsHighSurrogate(c) && i + 1 < requestId.Length
                ? new Rune(c, requestId[++i]).EncodeToUtf8(utf8)
                : new Rune(c).EncodeToUtf8(utf8);
            for (int j = 0; j < length; j++)
            {
                destination[at++] = (byte)'%';
                destination[at++] = HexDigit(utf8[j] >> 4);
                destination[at++] = HexDigit(utf8[j] & 0xF);
            }
        }

        return at;
    }

    /// <summary>The encoded segment as a string, for log messages.</summary>
    public static string Encode(string requestId)
    {
        var bytes = new byte[MaxEncodedLength(requestId)];
        return Encoding.ASCII.GetString(bytes, 0, Write(bytes, requestId));
    }

    private static bool IsUnreserved(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~';

    private static byte HexDigit(int value) => (byte)(value < 10 ? '0' + value : 'A' + value - 10);
}
