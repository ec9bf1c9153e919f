// GET the next invocation, POST its payload back as the response, forever: an echo function over the Runtime API.
string api = Environment.GetEnvironmentVariable("AWS_LAMBDA_RUNTIME_API")
    ?? throw new InvalidOperationException("AWS_LAMBDA_RUNTIME_API is not set.");
using var http = new HttpClient { BaseAddress = new Uri($"http://{api}/2018-06-01/runtime/invocation/") };

// Lambda's invocations have no client-side time limit; the function's own timeout ends a long one.
http.Timeout = Timeout.InfiniteTimeSpan;
while (true)
{
    using var invocation = await http.GetAsync(new Uri("next", UriKind.Relative));
    invocation.EnsureSuccessStatusCode();
    string requestId = invocation.Headers.GetValues("Lambda-Runtime-Aws-Request-Id").First();
    byte[] payload = await invocation.Content.ReadAsByteArrayAsync();
    using var content = new ByteArrayContent(payload);
    using var posted = await http.PostAsync(new Uri($"{requestId}/response", UriKind.Relative), content);
    posted.EnsureSuccessStatusCode();
}
