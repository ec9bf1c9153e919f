using System.Net;
using System.Text;
using LambdaKit.Runtime.Protocol;

namespace LambdaKit.Testing.Tests;

/// <summary>
/// The emulator against a Runtime API client nobody here wrote: AWS's aws-lambda-ric for Node.js, with its
/// native (curl-based) client and its pure-JS alternative.
/// </summary>
public sealed class NodeRicTests
{
    private const string AlternativeClientVariable = "AWS_LAMBDA_NODEJS_USE_ALTERNATIVE_CLIENT_1";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Successful_invocation_round_trips_exact_json(bool javaScriptClient)
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync(new RuntimeApiEmulatorOptions { FunctionName = "node-echo", Timeout = TimeSpan.FromSeconds(30) });
        await using var node = StartNode(emulator, javaScriptClient);

        var result = await InvokeAsync(emulator, node, "{\"hello\":\"wörld\",\"n\":[1,2.5,null],\"nested\":{\"ok\":true}}");

        Assert.True(result.IsSuccess, Describe(node, result));
        Assert.Equal(
            "{\"echo\":{\"hello\":\"wörld\",\"n\":[1,2.5,null],\"nested\":{\"ok\":true}},\"requestId\":\"" + result.RequestId + "\",\"functionName\":\"node-echo\",\"remainingTimePositive\":true}",
            result.PayloadAsString);

        // A warm second invoke through the HTTP Invoke API reuses the same process.
        using var http = new HttpClient { BaseAddress = emulator.BaseUri, Timeout = FakeRuntime.Patience };
        using var response = await http.PostAsync(
            RuntimeApiContract.InvokePathPrefix + "node-echo" + RuntimeApiContract.InvokePathSuffix,
            new StringContent("[1,2,3]", Encoding.UTF8));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("{\"echo\":[1,2,3],", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(2, emulator.Requests.Count(r => r.Path.EndsWith(RuntimeApiContract.ResponseSuffix, StringComparison.Ordinal) && r.StatusCode == 202));
        Assert.False(node.HasExited);
        AssertClientUsedForNext(emulator, javaScriptClient);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Thrown_error_comes_back_as_unhandled_function_error(bool javaScriptClient)
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync(new RuntimeApiEmulatorOptions { Timeout = TimeSpan.FromSeconds(30) });
        await using var node = StartNode(emulator, javaScriptClient);
        await emulator.WaitForNextRequestAsync(1, FakeRuntime.Deadline());

        using var http = new HttpClient { BaseAddress = emulator.BaseUri, Timeout = FakeRuntime.Patience };
        using var response = await http.PostAsync(
            RuntimeApiContract.InvokePathPrefix + "function" + RuntimeApiContract.InvokePathSuffix,
            new StringContent("{\"throw\":\"kaboom from node\"}", Encoding.UTF8));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.TryGetValues(RuntimeApiContract.FunctionErrorResponseHeader, out var functionError), body + Environment.NewLine + Output(node));
        Assert.Equal("Unhandled", functionError.Single());
        Assert.True(LambdaError.TryParse(Encoding.UTF8.GetBytes(body), out var error), body);
        Assert.Equal("Error", error?.ErrorType);
        Assert.Equal("kaboom from node", error?.ErrorMessage);

        // Node reports its stack under "trace", not .NET's "stackTrace"; the emulator passes the body through unchanged.
        Assert.Empty(error!.StackTrace);
        Assert.Contains("\"trace\":[", body, StringComparison.Ordinal);
        Assert.Contains("index.mjs", body, StringComparison.Ordinal);

        var posted = Assert.Single(emulator.Requests, r => r.Path.EndsWith(RuntimeApiContract.ErrorSuffix, StringComparison.Ordinal));
        Assert.Equal(202, posted.StatusCode);

        // What aws-lambda-ric 4.0.2 actually sends: aws-lambda-cpp posts the error as application/json with an
        // X-Ray cause header and no Lambda-Runtime-Function-Error-Type, so the type must come from the body.
        Assert.StartsWith("AWS_Lambda_Cpp/", posted.UserAgent, StringComparison.Ordinal);
        Assert.Equal("application/json", posted.ContentType);
        Assert.Null(posted.Header(RuntimeApiContract.FunctionErrorTypeHeader));
        Assert.Contains("kaboom from node", posted.Header("Lambda-Runtime-Function-XRay-Error-Cause"), StringComparison.Ordinal);
        AssertClientUsedForNext(emulator, javaScriptClient);
    }

    /// <summary>The native client polls through aws-lambda-cpp (curl); the alternative one through Node's http module.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_streamed_response_is_read_as_it_arrives(bool javaScriptClient)
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync(new RuntimeApiEmulatorOptions { Timeout = TimeSpan.FromSeconds(30) });
        await using var node = StartNode(emulator, javaScriptClient, "streaming.handler");

        var invocation = emulator.InvokeWithResponseStream("{}");
        var buffer = new byte[64];
        int read = await invocation.Body.ReadAsync(buffer, FakeRuntime.Deadline());
        bool completedAfterFirstRead = invocation.Completion.IsCompleted;
        string rest = await invocation.ReadBodyAsStringAsync(FakeRuntime.Deadline());
        var result = await invocation.Completion.WaitAsync(FakeRuntime.Patience);

        Assert.True(result.IsSuccess, Describe(node, result));
        Assert.Equal("first", Encoding.UTF8.GetString(buffer, 0, read));
        Assert.False(completedAfterFirstRead);
        Assert.Equal("second", rest);
        Assert.Equal("text/plain", invocation.ContentType);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_mid_stream_error_comes_back_from_the_trailers(bool javaScriptClient)
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync(new RuntimeApiEmulatorOptions { Timeout = TimeSpan.FromSeconds(30) });
        await using var node = StartNode(emulator, javaScriptClient, "streaming.handler");

        var invocation = emulator.InvokeWithResponseStream("{\"throw\":\"broke mid-stream\"}");
        string body = await invocation.ReadBodyAsStringAsync(FakeRuntime.Deadline());
        var result = await invocation.Completion.WaitAsync(FakeRuntime.Patience);

        Assert.Equal("first", body);
        Assert.Equal(RuntimeApiContract.UnhandledFunctionError, result.FunctionError);
        Assert.Equal("broke mid-stream", result.Error?.ErrorMessage);
    }

    private static void AssertClientUsedForNext(RuntimeApiEmulator emulator, bool javaScriptClient)
    {
        var polls = emulator.Requests.Where(r => r.Path == RuntimeApiContract.NextInvocationPath).ToList();
        Assert.NotEmpty(polls);
        Assert.All(polls, poll => Assert.Equal(!javaScriptClient, poll.UserAgent?.StartsWith("AWS_Lambda_Cpp/", StringComparison.Ordinal) == true));
    }

    private static LambdaProcess StartNode(RuntimeApiEmulator emulator, bool javaScriptClient, string handler = "index.handler")
    {
        var directory = NodeRicDirectory();
        return LambdaProcess.Start(emulator, new LambdaProcessOptions
        {
            FileName = "node",
            Arguments = { "node_modules/aws-lambda-ric/index.mjs", handler },
            Handler = handler,
            WorkingDirectory = directory,
            ExecutionEnvironment = "AWS_Lambda_nodejs22.x",
            Environment = { [AlternativeClientVariable] = javaScriptClient ? "true" : null },
        });
    }

    private static async Task<InvocationResult> InvokeAsync(RuntimeApiEmulator emulator, LambdaProcess node, string payload)
    {
        try
        {
            return await emulator.InvokeAsync(payload, cancellationToken: FakeRuntime.Deadline());
        }
        catch (OperationCanceledException ex)
        {
            throw new TimeoutException("No answer from aws-lambda-ric." + Environment.NewLine + Output(node), ex);
        }
    }

    private static string Describe(LambdaProcess node, InvocationResult result) =>
        result.PayloadAsString + Environment.NewLine + Output(node);

    private static string Output(LambdaProcess node) =>
        $"exit code: {node.ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "running"}{Environment.NewLine}" +
        string.Join(Environment.NewLine, node.Output.Select(line => (line.IsStandardError ? "err| " : "out| ") + line.Text));

    /// <summary>tests/node-ric, with aws-lambda-ric and its native client installed, or a failure that says how to get there.</summary>
    private static string NodeRicDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "tests", "node-ric");
            if (File.Exists(Path.Combine(candidate, "package.json")))
            {
                if (!File.Exists(Path.Combine(candidate, "node_modules", "aws-lambda-ric", "rapid-client.node")))
                {
                    Assert.Fail($"aws-lambda-ric is not installed in {candidate}: run tests/node-ric/install.sh first.");
                }

                return candidate;
            }
        }

        Assert.Fail("tests/node-ric not found above " + AppContext.BaseDirectory + ".");
        return string.Empty;
    }
}
