using System.Net.Http.Headers;
using System.Text;
using LambdaKit.Runtime.Protocol;

namespace LambdaKit.Testing.Tests;

/// <summary>A hand-driven runtime: plain HttpClient calls against the emulator's Runtime API.</summary>
internal sealed class FakeRuntime : IDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public FakeRuntime(RuntimeApiEmulator emulator)
    {
        // The /next long poll must have no client timeout; tests bound it with a token instead.
        Http = new HttpClient { BaseAddress = emulator.BaseUri, Timeout = Timeout.InfiniteTimeSpan };
    }

    public HttpClient Http { get; }

    public static CancellationToken Deadline() => new CancellationTokenSource(Patience).Token;

    public static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = Deadline();
        while (!condition())
        {
            await Task.Delay(20, deadline);
        }
    }

    public async Task<HttpResponseMessage> NextAsync(CancellationToken cancellationToken = default)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, Deadline());
        return await Http.GetAsync(RuntimeApiContract.NextInvocationPath, linked.Token);
    }

    public static string RequestId(HttpResponseMessage next) =>
        next.Headers.GetValues(RuntimeApiContract.RequestIdHeader).Single();

    public Task<HttpResponseMessage> PostResponseAsync(string requestId, byte[] body, string contentType = "application/json")
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return Http.PostAsync(RuntimeApiContract.ResponsePath(requestId), content, Deadline());
    }

    public Task<HttpResponseMessage> PostResponseAsync(string requestId, string body) =>
        PostResponseAsync(requestId, Encoding.UTF8.GetBytes(body));

    public async Task<HttpResponseMessage> PostErrorAsync(string requestId, string body, string? errorTypeHeader, string path = "")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path.Length > 0 ? path : RuntimeApiContract.ErrorPath(requestId));
        request.Content = new StringContent(body, Encoding.UTF8);
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(RuntimeApiContract.ErrorContentType);
        if (errorTypeHeader is not null)
        {
            request.Headers.Add(RuntimeApiContract.FunctionErrorTypeHeader, errorTypeHeader);
        }

        return await Http.SendAsync(request, Deadline());
    }

    public Task<HttpResponseMessage> InvokeHttpAsync(string payload, string functionName = "function", string? invocationType = null) =>
        InvokeHttpAsync(Encoding.UTF8.GetBytes(payload), functionName, invocationType);

    public async Task<HttpResponseMessage> InvokeHttpAsync(byte[] payload, string functionName = "function", string? invocationType = null, string? tenantId = null)
    {
        using var request = new HttpRequestMessage(
            HttpMethod.Post,
            RuntimeApiContract.InvokePathPrefix + functionName + RuntimeApiContract.InvokePathSuffix);
        request.Content = new ByteArrayContent(payload);
        if (invocationType is not null)
        {
            request.Headers.Add("X-Amz-Invocation-Type", invocationType);
        }

        if (tenantId is not null)
        {
            request.Headers.Add(RuntimeApiContract.InvokeTenantIdHeader, tenantId);
        }

        return await Http.SendAsync(request, Deadline());
    }

    public void Dispose() => Http.Dispose();
}
