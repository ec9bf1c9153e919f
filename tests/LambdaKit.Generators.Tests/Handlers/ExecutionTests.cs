using System.Text.Json;
using LambdaKit.Runtime;
using LambdaKit.Testing;
using Microsoft.CodeAnalysis;

namespace LambdaKit.Generators.Tests.Handlers;

/// <summary>
/// Compiles the generated registration with the test's handlers, loads it, and drives it through the in-process
/// bootstrap loop against the Runtime API emulator: the generated code is executed, not only read.
/// </summary>
public sealed class ExecutionTests
{
    private static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(60);

    private const string Orders = HandlerTestHost.Usings + """
        using System.Text.Json.Serialization;

        [assembly: LambdaSerializerContext(typeof(Shop.ShopJson))]

        namespace Shop
        {
            public sealed record OrderRequest(string Item, int Quantity);
            public sealed record OrderResult(string Message, string RequestId);

            [JsonSerializable(typeof(OrderRequest))]
            [JsonSerializable(typeof(OrderResult))]
            [JsonSerializable(typeof(int[]), TypeInfoPropertyName = "Numbers")]
            internal sealed partial class ShopJson : JsonSerializerContext;

            public sealed class Orders
            {
                public static int Instances;
                private int _calls;

                public Orders() => Interlocked.Increment(ref Instances);

                [LambdaFunction(Name = "place-order")]
                public async Task<OrderResult> Place(OrderRequest request, ILambdaContext context, CancellationToken cancellationToken)
                {
                    await Task.Yield();
                    _calls++;
                    return new OrderResult($"{request.Quantity} x {request.Item}, call {_calls} of instance {Instances}, token {(cancellationToken == context.CancellationToken ? "bound" : "other")}", context.AwsRequestId);
                }

                [LambdaFunction]
                public static ValueTask<int[]> Count(int[] numbers) => new(new[] { numbers.Length });

                [LambdaFunction]
                public static void Ignore(OrderRequest request)
                {
                    if (request.Quantity < 0) throw new ArgumentOutOfRangeException(nameof(request), "negative quantity");
                }
            }
        }
        """;

    [Fact]
    public async Task A_JSON_handler_runs_through_the_user_context_with_one_instance_per_environment()
    {
        var assembly = Compile(Orders);
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        await using var function = InProcessLambda.Start(emulator, HandlerTestHost.Initializer(assembly), new InProcessLambdaOptions { Handler = "place-order" });

        var first = await emulator.InvokeAsync("""{"Item":"tea","Quantity":2}""").WaitAsync(TestTimeout);
        var second = await emulator.InvokeAsync("""{"Item":"cake","Quantity":1}""").WaitAsync(TestTimeout);

        Assert.True(first.IsSuccess, first.PayloadAsString);
        Assert.Equal($$"""{"Message":"2 x tea, call 1 of instance 1, token bound","RequestId":"{{first.RequestId}}"}""", first.PayloadAsString);
        Assert.Equal($$"""{"Message":"1 x cake, call 2 of instance 1, token bound","RequestId":"{{second.RequestId}}"}""", second.PayloadAsString);
    }

    [Theory]
    [InlineData("Count")]
    [InlineData("Functions::Shop.Orders::Count")]
    public async Task HANDLER_selects_by_function_name_or_handler_string(string handler)
    {
        var assembly = Compile(Orders);
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        await using var function = InProcessLambda.Start(emulator, HandlerTestHost.Initializer(assembly), new InProcessLambdaOptions { Handler = handler });

        var result = await emulator.InvokeAsync("[5,6,7]").WaitAsync(TestTimeout);

        Assert.True(result.IsSuccess, result.PayloadAsString);
        Assert.Equal("[3]", result.PayloadAsString);
    }

    [Fact]
    public async Task A_void_handler_answers_an_empty_payload_and_its_exceptions_are_invocation_errors()
    {
        var assembly = Compile(Orders);
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        await using var function = InProcessLambda.Start(emulator, HandlerTestHost.Initializer(assembly), new InProcessLambdaOptions { Handler = "Ignore" });

        var ok = await emulator.InvokeAsync("""{"Item":"tea","Quantity":1}""").WaitAsync(TestTimeout);
        var failed = await emulator.InvokeAsync("""{"Item":"tea","Quantity":-1}""").WaitAsync(TestTimeout);

        Assert.True(ok.IsSuccess);
        Assert.Equal(0, ok.Payload.Length);
        Assert.Equal("ArgumentOutOfRangeException", failed.Error!.ErrorType);
    }

    [Theory]
    [InlineData("Count", null)]
    [InlineData("Functions::Shop.Orders::Count", "Functions")]
    [InlineData("Count", "Ignore")]
    public async Task LAMBDAKIT_FUNCTION_selects_the_handler_where_HANDLER_is_the_assembly_name(string selected, string? handler)
    {
        var assembly = Compile(Orders);
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        var options = new InProcessLambdaOptions();
        options.Environment["_HANDLER"] = handler;
        options.Environment["LAMBDAKIT_FUNCTION"] = selected;
        await using var function = InProcessLambda.Start(emulator, HandlerTestHost.Initializer(assembly), options);

        var result = await emulator.InvokeAsync("[5,6,7]").WaitAsync(TestTimeout);

        Assert.True(result.IsSuccess, result.PayloadAsString);
        Assert.Equal("[3]", result.PayloadAsString);
    }

    private const string SetTheVariable = "This function has several handlers: set LAMBDAKIT_FUNCTION to one of them (or _HANDLER, on a custom runtime).";

    [Theory]
    [InlineData("nope", null, "No handler named 'nope' (_HANDLER).")]
    [InlineData(null, null, SetTheVariable)]
    [InlineData("Functions", null, SetTheVariable)]
    [InlineData("Count", "nope", "No handler named 'nope' (LAMBDAKIT_FUNCTION).")]
    public async Task An_unknown_or_missing_handler_name_fails_init_naming_the_valid_handlers(string? handler, string? selected, string reason)
    {
        var assembly = Compile(Orders);
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        var options = new InProcessLambdaOptions();
        options.Environment["_HANDLER"] = handler;
        options.Environment["LAMBDAKIT_FUNCTION"] = selected;
        await using var function = InProcessLambda.Start(emulator, HandlerTestHost.Initializer(assembly), options);

        Assert.Equal(LambdaBootstrap.ExitCodeInitError, await function.Completion.WaitAsync(TestTimeout));
        Assert.Equal("Runtime.NoSuchHandler", emulator.InitError!.ErrorType);
        Assert.Equal(
            reason + " Valid handlers: Count (Functions::Shop.Orders::Count), Ignore (Functions::Shop.Orders::Ignore), place-order (Functions::Shop.Orders::Place).",
            emulator.InitError.ErrorMessage);
    }

    [Fact]
    public async Task With_one_function_HANDLER_is_not_needed_and_streams_pass_through()
    {
        var assembly = Compile(HandlerTestHost.Usings + """
            namespace Raw;

            public static class Echo
            {
                [LambdaFunction]
                public static async Task<Stream> Reverse(Stream input, CancellationToken cancellationToken)
                {
                    var buffer = new MemoryStream();
                    await input.CopyToAsync(buffer, cancellationToken);
                    var bytes = buffer.ToArray();
                    Array.Reverse(bytes);
                    return new MemoryStream(bytes);
                }
            }
            """);
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        await using var function = InProcessLambda.Start(emulator, HandlerTestHost.Initializer(assembly), new InProcessLambdaOptions { Handler = "whatever.the.console.says" });

        var result = await emulator.InvokeAsync("\"abc\"").WaitAsync(TestTimeout);

        Assert.True(result.IsSuccess, result.PayloadAsString);
        Assert.Equal("\"cba\"", result.PayloadAsString);
    }

    [Fact]
    public async Task A_handler_that_takes_a_LambdaResponseStream_streams_its_response()
    {
        var assembly = Compile(HandlerTestHost.Usings + """
            namespace Streams;

            public sealed class Lines
            {
                [LambdaFunction]
                public async Task Write(Order order, LambdaResponseStream response, CancellationToken cancellationToken)
                {
                    for (int i = 1; i <= order.Count; i++)
                    {
                        await response.WriteAsync(System.Text.Encoding.UTF8.GetBytes(order.Item + i + ";"), cancellationToken);
                        await response.FlushAsync(cancellationToken);
                    }
                }
            }

            public sealed record Order(string Item, int Count);
            """);
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        await using var function = InProcessLambda.Start(emulator, HandlerTestHost.Initializer(assembly));

        var invocation = emulator.InvokeWithResponseStream("{\"Item\":\"tea\",\"Count\":3}");
        var body = await invocation.ReadBodyAsStringAsync().WaitAsync(TestTimeout);
        var result = await invocation.Completion.WaitAsync(TestTimeout);

        Assert.True(result.IsSuccess, result.PayloadAsString);
        Assert.Equal("tea1;tea2;tea3;", body);
        Assert.Contains(emulator.Requests, r => r.Path.EndsWith("/response", StringComparison.Ordinal) && r.Headers.TryGetValue(LambdaKit.Runtime.Protocol.RuntimeApiContract.ResponseModeHeader, out var mode) && mode == "streaming");
    }

    [Fact]
    public async Task CreateHandler_builds_a_handler_without_the_bootstrap_and_refuses_unknown_names()
    {
        var assembly = Compile(HandlerTestHost.Usings + """
            namespace Raw;

            public sealed class Clock
            {
                [LambdaFunction]
                public Stream Now(ILambdaContext context) => new MemoryStream(System.Text.Encoding.UTF8.GetBytes(context.FunctionName));
            }
            """);
        var create = HandlerTestHost.HandlerFactory(assembly);
        var handler = create("Functions::Raw.Clock::Now");
        var response = new System.Buffers.ArrayBufferWriter<byte>();

        await handler(ReadOnlyMemory<byte>.Empty, new FakeLambdaContext("clock"), response);

        Assert.Equal("clock", System.Text.Encoding.UTF8.GetString(response.WrittenSpan));
        var error = Assert.Throws<LambdaInitException>(() => create("Now2"));
        Assert.Equal("Runtime.NoSuchHandler", error.ErrorType);
        Assert.Equal("No handler named 'Now2'. Valid handlers: Now (Functions::Raw.Clock::Now).", error.Message);
    }

    [Fact]
    public async Task An_Amazon_Lambda_Core_context_is_adapted_with_leveled_logging()
    {
        var assembly = Compile(
            """
            using Amazon.Lambda.Core;
            using LambdaKit;

            namespace Legacy;

            public static class Function
            {
                [LambdaFunction]
                public static System.IO.Stream Handle(ILambdaContext context)
                {
                    context.Logger.LogWarning("careful");
                    context.Logger.LogLine("plain");
                    var text = $"{context.AwsRequestId}|{context.FunctionName}|{context.MemoryLimitInMB}|{context.RemainingTime > System.TimeSpan.Zero}|{context.Identity?.IdentityId ?? "no identity"}|{context.ClientContext?.Custom["k"]}";
                    return new System.IO.MemoryStream(System.Text.Encoding.UTF8.GetBytes(text));
                }
            }
            """,
            amazon: true);
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        await using var function = InProcessLambda.Start(emulator, HandlerTestHost.Initializer(assembly));

        var result = await emulator.InvokeAsync("{}", new InvokeOptions { ClientContext = """{"custom":{"k":"v"},"env":{}}""" }).WaitAsync(TestTimeout);

        Assert.True(result.IsSuccess, result.PayloadAsString);
        var parts = result.PayloadAsString.Split('|');
        Assert.Equal(result.RequestId, parts[0]);
        Assert.Equal(function.Environment["AWS_LAMBDA_FUNCTION_NAME"], parts[1]);
        Assert.Equal(function.Environment["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"], parts[2]);
        Assert.Equal(["True", "no identity", "v"], parts[3..]);
        Assert.Contains(function.LogLines, line => line.EndsWith('\t' + result.RequestId + "\tWARN\tcareful", StringComparison.Ordinal));
        Assert.Contains(function.LogLines, line => line.EndsWith('\t' + result.RequestId + "\tINFO\tplain", StringComparison.Ordinal));
    }

    private static System.Reflection.Assembly Compile(string source, bool amazon = false)
    {
        var result = HandlerTestHost.Run(HandlerTestHost.Builder(source, OutputKind.DynamicallyLinkedLibrary, amazon), withJsonGenerator: true);
        return HandlerTestHost.Load(result.Output);
    }
}
