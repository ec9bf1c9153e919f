using LambdaKit.Runtime.Protocol;
using Microsoft.AspNetCore.Http;

namespace LambdaKit.Testing;

/// <summary>
/// Finds the emulator endpoint for a request's method and path, matching as ASP.NET Core endpoint routing matched
/// the same templates: methods and fixed segments in any letter case; the variable segment one non-empty segment,
/// taken as Kestrel decoded the path (which leaves <c>%2F</c> encoded); one trailing slash ignored. A known path
/// with another method is <see cref="RuntimeApiEndpoint.Unknown"/>, as it was under the routing fallback (no 405).
/// </summary>
internal static class RuntimeApiRoutes
{
    private static readonly Template[] Templates =
    [
        Fixed(HttpMethods.Get, RuntimeApiEndpoint.Next, RuntimeApiContract.NextInvocationPath),
        Variable(HttpMethods.Post, RuntimeApiEndpoint.Response, RuntimeApiContract.InvocationPathPrefix, RuntimeApiContract.ResponseSuffix),
        Variable(HttpMethods.Post, RuntimeApiEndpoint.Error, RuntimeApiContract.InvocationPathPrefix, RuntimeApiContract.ErrorSuffix),
        Fixed(HttpMethods.Post, RuntimeApiEndpoint.InitError, RuntimeApiContract.InitErrorPath),
        Fixed(HttpMethods.Get, RuntimeApiEndpoint.RestoreNext, RuntimeApiContract.RestoreNextPath),
        Fixed(HttpMethods.Post, RuntimeApiEndpoint.RestoreError, RuntimeApiContract.RestoreErrorPath),
        Variable(HttpMethods.Post, RuntimeApiEndpoint.Invoke, RuntimeApiContract.InvokePathPrefix, RuntimeApiContract.InvokePathSuffix),
        Variable(HttpMethods.Post, RuntimeApiEndpoint.StreamingInvoke, RuntimeApiContract.StreamingInvokePathPrefix, RuntimeApiContract.StreamingInvokePathSuffix),
    ];

    /// <summary>The endpoint for <paramref name="method"/> and the decoded <paramref name="path"/> (without the query).</summary>
    public static RuntimeApiRoute Match(string method, string path)
    {
        foreach (var template in Templates)
        {
            if (HttpMethods.Equals(template.Method, method) && TryMatch(path, template.Segments, out var parameter))
            {
                return new RuntimeApiRoute(template.Endpoint, parameter);
            }
        }

        return new RuntimeApiRoute(RuntimeApiEndpoint.Unknown, string.Empty);
    }

    /// <summary>
    /// Whether <paramref name="path"/> has exactly the segments of <paramref name="template"/>, where a
    /// <see langword="null"/> entry is the variable segment, returned in <paramref name="parameter"/>.
    /// </summary>
    private static bool TryMatch(string path, string?[] template, out string parameter)
    {
        parameter = string.Empty;
        if (!path.StartsWith('/'))
        {
            return false;
        }

        // One trailing slash adds no segment; a second one makes an empty last segment.
        int end = path.Length > 1 && path[^1] == '/' ? path.Length - 1 : path.Length;
        int start = 1;
        int parameterStart = 0;
        int parameterLength = 0;
        foreach (var expected in template)
        {
            if (start > end)
            {
                return false;
            }

            int slash = path.IndexOf('/', start, end - start);
            int segmentEnd = slash < 0 ? end : slash;
            var segment = path.AsSpan(start, segmentEnd - start);
            if (expected is not null ? !segment.Equals(expected, StringComparison.OrdinalIgnoreCase) : segment.IsEmpty)
            {
                return false;
            }

            if (expected is null)
            {
                (parameterStart, parameterLength) = (start, segment.Length);
            }

            start = segmentEnd + 1;
        }

        if (start != end + 1)
        {
            return false;
        }

        parameter = path.Substring(parameterStart, parameterLength);
        return true;
    }

    private static Template Fixed(string method, RuntimeApiEndpoint endpoint, string path) =>
        new(method, endpoint, Segments(path));

    private static Template Variable(string method, RuntimeApiEndpoint endpoint, string prefix, string suffix) =>
        new(method, endpoint, [.. Segments(prefix), null, .. Segments(suffix)]);

    private static string[] Segments(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries);

    private sealed record Template(string Method, RuntimeApiEndpoint Endpoint, string?[] Segments);
}
