using System.Net;
using System.Net.Sockets;
using System.Text;
using LambdaKit.Runtime.Protocol;

namespace LambdaKit.Testing.Tests;

/// <summary>
/// Which request reaches which emulator endpoint: methods, letter case, trailing slashes, empty and percent-encoded
/// segments. These answers were pinned against the emulator's former ASP.NET Core endpoint routing and are kept by its
/// own path matching.
/// </summary>
public sealed class RuntimeApiPathTests
{
    [Theory]
    [InlineData("GET", "/2018-06-01/runtime/invocation/x/response")]
    [InlineData("PUT", "/2018-06-01/runtime/invocation/x/error")]
    [InlineData("POST", "/2018-06-01/runtime/invocation/next")]
    [InlineData("DELETE", "/2018-06-01/runtime/invocation/next")]
    [InlineData("GET", "/2018-06-01/runtime/init/error")]
    [InlineData("POST", "/2018-06-01/runtime/restore/next")]
    [InlineData("GET", "/2018-06-01/runtime/restore/error")]
    [InlineData("GET", "/2015-03-31/functions/function/invocations")]
    [InlineData("GET", "/2021-11-15/functions/function/response-streaming-invocations")]
    public Task A_known_path_with_another_method_is_an_unknown_resource_not_405(string method, string path)
        => AssertUnknownResourceAsync(method, path);

    [Theory]
    [InlineData("POST", "/2018-06-01/runtime/invocation//response")]
    [InlineData("POST", "/2018-06-01/runtime/invocation/a/b/response")]
    [InlineData("POST", "/2018-06-01/runtime/invocation/x/response//")]
    [InlineData("GET", "/2018-06-01/runtime/restore/next//")]
    [InlineData("POST", "/2018-06-01/runtime/invocation/x%2Fresponse")]
    [InlineData("POST", "/2015-03-31/functions//invocations")]
    [InlineData("GET", "//2018-06-01/runtime/restore/next")]
    [InlineData("POST", "/2018-06-01/runtime/response")]
    [InlineData("GET", "/")]
    public Task A_path_off_every_endpoint_is_an_unknown_resource(string method, string path)
        => AssertUnknownResourceAsync(method, path);

    /// <summary>
    /// Endpoint routing's fallback (<c>{*path:nonfile}</c>) did not take a path whose last segment looks like a file
    /// name, so Kestrel answered those with an empty 404 that <see cref="RuntimeApiEmulator.Requests"/> never showed.
    /// </summary>
    [Theory]
    [InlineData("GET", "/favicon.ico")]
    [InlineData("POST", "/2018-06-01/runtime/invocation/x/response.json")]
    public Task A_path_like_a_file_name_is_an_unknown_resource_too(string method, string path)
        => AssertUnknownResourceAsync(method, path);

    [Fact]
    public async Task Methods_match_in_any_case()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync();

        // A raw request line: HttpClient would upper-case a known method.
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, emulator.BaseUri.Port);
        var stream = client.GetStream();
        var request = $"post {RuntimeApiContract.InitErrorPath} HTTP/1.1\r\nHost: {emulator.RuntimeApiAddress}\r\nContent-Length: 0\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream);

        Assert.Equal("HTTP/1.1 202 Accepted", await reader.ReadLineAsync(FakeRuntime.Deadline()));
        Assert.Equal("post", Assert.Single(emulator.Requests).Method);
    }

    [Theory]
    [InlineData("POST", "/2018-06-01/RUNTIME/Invocation/x/RESPONSE", HttpStatusCode.BadRequest)]
    [InlineData("POST", "/2018-06-01/runtime/invocation/x/response/", HttpStatusCode.BadRequest)]
    [InlineData("POST", "/2018-06-01/Runtime/Invocation/x/Error/", HttpStatusCode.BadRequest)]
    [InlineData("POST", "/2018-06-01/RUNTIME/INIT/ERROR/", HttpStatusCode.Accepted)]
    [InlineData("GET", "/2018-06-01/Runtime/Restore/Next/", HttpStatusCode.Forbidden)]
    [InlineData("POST", "/2018-06-01/RUNTIME/RESTORE/ERROR", HttpStatusCode.Forbidden)]
    [InlineData("POST", "/2015-03-31/FUNCTIONS/other/Invocations/", HttpStatusCode.NotFound)]
    [InlineData("POST", "/2021-11-15/Functions/other/RESPONSE-STREAMING-INVOCATIONS/", HttpStatusCode.NotFound)]
    public async Task Fixed_segments_match_in_any_case_and_one_trailing_slash_is_ignored(string method, string path, HttpStatusCode status)
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        using var runtime = new FakeRuntime(emulator);

        using var response = await SendAsync(runtime, emulator, method, path);

        Assert.Equal(status, response.StatusCode);
        Assert.DoesNotContain("\"errorType\":\"NotFound\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invocation_runs_through_mixed_case_paths_with_trailing_slashes()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        using var runtime = new FakeRuntime(emulator);

        var invoke = emulator.InvokeAsync("{}", new InvokeOptions { RequestId = "req-1" }, FakeRuntime.Deadline());
        using var next = await SendAsync(runtime, emulator, "GET", "/2018-06-01/Runtime/INVOCATION/Next/");
        Assert.Equal("req-1", FakeRuntime.RequestId(next));
        using var posted = await SendAsync(runtime, emulator, "POST", "/2018-06-01/RUNTIME/invocation/req-1/RESPONSE/", "\"done\"");

        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        Assert.Equal("\"done\"", (await invoke).PayloadAsString);
        Assert.Equal("req-1", emulator.Requests[^1].RequestId);
    }

    [Theory]
    [InlineData("a b é", "a%20b%20%C3%A9")]
    [InlineData("id;+~", "id;+~")]
    [InlineData("a%2Fb", "a%2Fb")]
    public async Task The_request_id_segment_is_the_path_as_kestrel_decoded_it(string requestId, string segment)
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        using var runtime = new FakeRuntime(emulator);

        var invoke = emulator.InvokeAsync("{}", new InvokeOptions { RequestId = requestId }, FakeRuntime.Deadline());
        using var next = await runtime.NextAsync();
        using var posted = await SendAsync(runtime, emulator, "POST", RuntimeApiContract.InvocationPathPrefix + segment + RuntimeApiContract.ResponseSuffix, "1");

        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        Assert.Equal("1", (await invoke).PayloadAsString);
        Assert.Equal(requestId, emulator.Requests[^1].RequestId);
    }

    [Fact]
    public async Task An_encoded_slash_stays_encoded_so_an_id_with_a_slash_is_not_found()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        using var runtime = new FakeRuntime(emulator);

        var invoke = emulator.InvokeAsync("{}", new InvokeOptions { RequestId = "a/b" }, FakeRuntime.Deadline());
        using var next = await runtime.NextAsync();
        using var posted = await SendAsync(runtime, emulator, "POST", RuntimeApiContract.ResponsePath("a%2Fb"), "1");

        Assert.Equal(HttpStatusCode.BadRequest, posted.StatusCode);
        Assert.True(LambdaError.TryParse(await posted.Content.ReadAsByteArrayAsync(), out var error));
        Assert.Equal("InvalidRequestID", error?.ErrorType);
        Assert.Equal("a%2Fb", emulator.Requests[^1].RequestId);
        Assert.Equal(1, emulator.InvocationsInFlight);
        Assert.False(invoke.IsCompleted);
    }

    /// <summary>Sends <paramref name="path"/> exactly (an absolute URI, so a leading <c>//</c> stays part of the path).</summary>
    private static async Task<HttpResponseMessage> SendAsync(FakeRuntime runtime, RuntimeApiEmulator emulator, string method, string path, string? body = null)
    {
        var uri = new Uri(emulator.BaseUri.GetLeftPart(UriPartial.Authority) + path);
        using var request = new HttpRequestMessage(new HttpMethod(method), uri);
        if (body is not null || method is "POST" or "PUT")
        {
            request.Content = new StringContent(body ?? "{}", Encoding.UTF8, "application/json");
        }

        return await runtime.Http.SendAsync(request, FakeRuntime.Deadline());
    }

    /// <summary>The emulator's answer to a request no endpoint takes: 404, Lambda's error shape, and a record of it.</summary>
    private static async Task AssertUnknownResourceAsync(string method, string path)
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        using var runtime = new FakeRuntime(emulator);

        using var response = await SendAsync(runtime, emulator, method, path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.True(LambdaError.TryParse(await response.Content.ReadAsByteArrayAsync(), out var error));
        Assert.Equal("NotFound", error?.ErrorType);
        Assert.Equal($"No Runtime API resource at {method} {path}.", error?.ErrorMessage);
        var recorded = Assert.Single(emulator.Requests);
        Assert.Equal((method, path, (string?)null, (int?)404), (recorded.Method, recorded.Path, recorded.RequestId, recorded.StatusCode));
    }
}
