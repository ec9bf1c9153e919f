using System.Globalization;
using LambdaKit.Events;

namespace LambdaKit.Testing.Events;

/// <summary>
/// An API Gateway HTTP API request (payload format 2.0) for a method and path, as API Gateway sends it to a Lambda
/// integration: the route key and path parameters of the matched route, the raw and parsed query string, lowercase
/// header names (repeated headers joined with commas), cookies, the body (base64 for binary), and a request context.
/// </summary>
public sealed class HttpApiRequestBuilder
{
    private readonly string _method;
    private readonly string _path;
    private readonly string _query;
    private readonly Dictionary<string, string> _headers = new(StringComparer.Ordinal);
    private readonly List<string> _cookies = [];
    private string? _route;
    private string? _body;
    private bool _isBase64Encoded;
    private string _stage = "$default";

    /// <param name="method">The HTTP method (<c>GET</c>, <c>POST</c>, ...).</param>
    /// <param name="pathAndQuery">The request path, optionally with a query string: <c>/orders/42?expand=items</c>.</param>
    public HttpApiRequestBuilder(string method, string pathAndQuery)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentException.ThrowIfNullOrEmpty(pathAndQuery);
        if (pathAndQuery[0] != '/')
        {
            throw new ArgumentException($"The path '{pathAndQuery}' must start with '/'.", nameof(pathAndQuery));
        }

        _method = method.ToUpperInvariant();
        var question = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        _path = question < 0 ? pathAndQuery : pathAndQuery[..question];
        _query = question < 0 ? string.Empty : pathAndQuery[(question + 1)..];
    }

    /// <summary>
    /// The route the request matched, as configured on the API: <c>/orders/{id}</c> or <c>/files/{proxy+}</c>. It sets
    /// the route key (<c>METHOD /orders/{id}</c>) and the path parameters; without it the route key is <c>$default</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The path does not match the route.</exception>
    public HttpApiRequestBuilder WithRoute(string route)
    {
        ArgumentException.ThrowIfNullOrEmpty(route);
        _ = PathParameters(route, _path);
        _route = route;
        return this;
    }

    /// <summary>Adds a header; the name is lowercased as API Gateway sends it, and a repeated header is joined with a comma.</summary>
    public HttpApiRequestBuilder WithHeader(string name, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);
        var key = name.ToLowerInvariant();
        _headers[key] = _headers.TryGetValue(key, out var existing) ? existing + "," + value : value;
        return this;
    }

    /// <summary>Adds a cookie (<c>name=value</c>): HTTP API sends cookies in <c>cookies</c>, not as a header.</summary>
    public HttpApiRequestBuilder WithCookie(string cookie)
    {
        ArgumentException.ThrowIfNullOrEmpty(cookie);
        _cookies.Add(cookie);
        return this;
    }

    /// <summary>A text body with its <c>content-type</c> header.</summary>
    public HttpApiRequestBuilder WithBody(string body, string contentType = "application/json")
    {
        ArgumentNullException.ThrowIfNull(body);
        _body = body;
        _isBase64Encoded = false;
        return WithContentType(contentType);
    }

    /// <summary>A binary body: base64 with <c>isBase64Encoded</c>, as API Gateway sends one.</summary>
    public HttpApiRequestBuilder WithBody(ReadOnlySpan<byte> body, string contentType)
    {
        _body = Convert.ToBase64String(body);
        _isBase64Encoded = true;
        return WithContentType(contentType);
    }

    /// <summary>The stage (default <c>$default</c>).</summary>
    public HttpApiRequestBuilder WithStage(string stage)
    {
        ArgumentException.ThrowIfNullOrEmpty(stage);
        _stage = stage;
        return this;
    }

    public APIGatewayHttpApiV2ProxyRequest Build()
    {
        const string apiId = "testapi";
        var now = DateTimeOffset.UtcNow;
        var routeKey = _route is null ? "$default" : _method + " " + _route;
        var headers = new Dictionary<string, string>(_headers, StringComparer.Ordinal);
        headers.TryAdd("host", apiId + ".execute-api.us-east-1.amazonaws.com");
        headers.TryAdd("user-agent", "LambdaKit.Testing");
        headers.TryAdd("x-forwarded-proto", "https");
        if (_body is not null)
        {
            headers.TryAdd("content-length", (_isBase64Encoded ? Convert.FromBase64String(_body).Length : System.Text.Encoding.UTF8.GetByteCount(_body)).ToString(CultureInfo.InvariantCulture));
        }

        return new APIGatewayHttpApiV2ProxyRequest
        {
            Version = "2.0",
            RouteKey = routeKey,
            RawPath = _path,
            RawQueryString = _query,
            Cookies = _cookies.Count == 0 ? null : _cookies.ToArray(),
            Headers = headers,
            QueryStringParameters = QueryParameters(_query),
            PathParameters = _route is null ? null : PathParameters(_route, _path),
            RequestContext = new APIGatewayHttpApiV2RequestContext
            {
                AccountId = "123456789012",
                ApiId = apiId,
                DomainName = headers["host"],
                DomainPrefix = apiId,
                Http = new APIGatewayHttpApiV2HttpDescription
                {
                    Method = _method,
                    Path = _path,
                    Protocol = "HTTP/1.1",
                    SourceIp = "127.0.0.1",
                    UserAgent = headers["user-agent"],
                },
                RequestId = Guid.NewGuid().ToString("N")[..16],
                RouteKey = routeKey,
                Stage = _stage,
                Time = now.ToString("dd/MMM/yyyy:HH:mm:ss +0000", CultureInfo.InvariantCulture),
                TimeEpoch = now.ToUnixTimeMilliseconds(),
            },
            Body = _body,
            IsBase64Encoded = _isBase64Encoded,
        };
    }

    /// <summary>The request's JSON, as API Gateway sends it (for raw and out-of-process invocations).</summary>
    public string ToJson() => EventJson.Write(Build());

    private HttpApiRequestBuilder WithContentType(string contentType)
    {
        ArgumentException.ThrowIfNullOrEmpty(contentType);
        _headers["content-type"] = contentType;
        return this;
    }

    /// <summary>Query parameters, decoded; a repeated name's values joined with commas; null without a query.</summary>
    private static Dictionary<string, string>? QueryParameters(string query)
    {
        if (query.Length == 0)
        {
            return null;
        }

        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? string.Empty : Uri.UnescapeDataString(pair[(equals + 1)..].Replace('+', ' '));
            parameters[name] = parameters.TryGetValue(name, out var existing) ? existing + "," + value : value;
        }

        return parameters;
    }

    /// <summary>The values of the route's <c>{name}</c> segments (a last <c>{name+}</c> takes the rest of the path).</summary>
    private static Dictionary<string, string> PathParameters(string route, string path)
    {
        var routeSegments = route.Trim('/').Split('/');
        var pathSegments = path.Trim('/').Split('/');
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < routeSegments.Length; i++)
        {
            var segment = routeSegments[i];
            var isParameter = segment.Length > 2 && segment[0] == '{' && segment[^1] == '}';
            if (isParameter && segment[^2] == '+' && i == routeSegments.Length - 1 && i < pathSegments.Length)
            {
                parameters[segment[1..^2]] = string.Join('/', pathSegments[i..]);
                return parameters;
            }

            if (i >= pathSegments.Length || (!isParameter && segment != pathSegments[i]))
            {
                throw new ArgumentException($"The path '{path}' does not match the route '{route}'.", nameof(route));
            }

            if (isParameter)
            {
                parameters[segment[1..^1]] = Uri.UnescapeDataString(pathSegments[i]);
            }
        }

        return pathSegments.Length == routeSegments.Length
            ? parameters
            : throw new ArgumentException($"The path '{path}' does not match the route '{route}'.", nameof(route));
    }
}
