using LambdaKit.Runtime.Protocol;
using LambdaKit.Testing;

namespace LambdaKit.Runtime.Tests;

/// <summary>
/// The process-wide <c>_X_AMZN_TRACE_ID</c> at concurrency one. Alone in its collection: every other test's loop sets the
/// same variable for its own invocations, which made this check fail at random when it ran beside them (CI, 2026-12-06).
/// </summary>
[Collection(Name)]
public sealed class TraceVariableTests
{
    public const string Name = "process-wide trace variable";

    [Fact]
    public async Task At_concurrency_one_the_trace_id_is_also_the_processs_trace_variable()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        string? variable = null;
        await using var function = InProcessLambda.Start(emulator, (payload, context, response) =>
        {
            variable = Environment.GetEnvironmentVariable(LambdaEnvironmentVariables.TraceId);
            return ValueTask.CompletedTask;
        });
        string traceId = "Root=1-" + Guid.NewGuid().ToString("N") + ";Sampled=1";

        var result = await emulator.InvokeAsync("{}", new InvokeOptions { TraceId = traceId }).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(result.IsSuccess, result.PayloadAsString);
        Assert.Equal(traceId, variable);
    }

    [Fact]
    public async Task Init_leaves_the_trace_variable_as_it_was()
    {
        // Init sets the variable to its own value, so that the environment's first copy is not the first invocation's.
        Environment.SetEnvironmentVariable(LambdaEnvironmentVariables.TraceId, "Root=1-set-before-init");
        try
        {
            await using var emulator = await RuntimeApiEmulator.StartAsync();
            await using var function = InProcessLambda.Start(emulator, (payload, context, response) => ValueTask.CompletedTask);
            await emulator.WaitForNextRequestAsync().WaitAsync(TimeSpan.FromSeconds(60));

            Assert.Equal("Root=1-set-before-init", Environment.GetEnvironmentVariable(LambdaEnvironmentVariables.TraceId));
        }
        finally
        {
            Environment.SetEnvironmentVariable(LambdaEnvironmentVariables.TraceId, null);
        }
    }
}

[CollectionDefinition(TraceVariableTests.Name, DisableParallelization = true)]
public sealed class TraceVariableDefinition;
