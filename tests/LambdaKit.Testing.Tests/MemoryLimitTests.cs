namespace LambdaKit.Testing.Tests;

/// <summary>A runtime over the function's memory size is killed and reported as Lambda reports it.</summary>
public sealed class MemoryLimitTests
{
    [Theory]
    [InlineData(MemoryLimitMode.Sampling)]
    [InlineData(MemoryLimitMode.Automatic)]
    public async Task A_runtime_over_its_memory_size_fails_with_Runtime_OutOfMemory_and_the_next_invocation_gets_a_new_process(MemoryLimitMode mode)
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync(new RuntimeApiEmulatorOptions { MemorySizeMb = 128, Timeout = TimeSpan.FromSeconds(60) });
        await using var process = LambdaProcess.Start(emulator, WithMemoryLimit(mode));

        var hog = await emulator.InvokeAsync("\"hog\"", cancellationToken: FakeRuntime.Deadline());
        var next = await emulator.InvokeAsync("{}", cancellationToken: FakeRuntime.Deadline());

        Assert.NotEqual(MemoryLimitMode.Off, process.MemoryLimit);
        Assert.Equal("Runtime.OutOfMemory", hog.Error?.ErrorType);
        Assert.Equal($"RequestId: {hog.RequestId} Error: Runtime exited with error: signal: killed", hog.Error?.ErrorMessage);
        Assert.True(next.IsSuccess, next.PayloadAsString);
        Assert.Equal(1, process.Restarts);
    }

    [Fact]
    public async Task The_same_runtime_within_its_memory_size_succeeds()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync(new RuntimeApiEmulatorOptions { MemorySizeMb = 1024, Timeout = TimeSpan.FromSeconds(60) });
        await using var process = LambdaProcess.Start(emulator, WithMemoryLimit(MemoryLimitMode.Sampling));

        var hog = await emulator.InvokeAsync("\"hog\"", cancellationToken: FakeRuntime.Deadline());

        Assert.True(hog.IsSuccess, hog.PayloadAsString);
        Assert.Equal(0, process.Restarts);
    }

    [Fact]
    public async Task A_runtime_killed_by_someone_else_is_still_an_exit_error()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync(new RuntimeApiEmulatorOptions { Timeout = TimeSpan.FromSeconds(60) });
        await using var process = LambdaProcess.Start(emulator, WithMemoryLimit(MemoryLimitMode.Sampling));

        var crash = await emulator.InvokeAsync("\"crash\"", cancellationToken: FakeRuntime.Deadline());

        Assert.Equal("Runtime.ExitError", crash.Error?.ErrorType);
    }

    private static LambdaProcessOptions WithMemoryLimit(MemoryLimitMode mode)
    {
        var shell = ShellRuntime.Options();
        return new LambdaProcessOptions { FileName = shell.FileName, Arguments = shell.Arguments, MemoryLimit = mode };
    }
}
