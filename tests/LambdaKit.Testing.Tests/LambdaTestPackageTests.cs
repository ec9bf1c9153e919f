using TestFunctions;

namespace LambdaKit.Testing.Tests;

/// <summary>
/// <see cref="LambdaTest"/> with <see cref="LambdaTestOptions.Package"/>: the same typed test of a
/// <c>[LambdaFunction]</c>, run from a managed deployment zip in a child process.
/// </summary>
public sealed class LambdaTestPackageTests
{
    [Fact]
    public async Task A_typed_invocation_runs_the_zip_in_a_process_of_its_own_with_the_attributes_settings()
    {
        await using var function = await LambdaTest.StartAsync<Orders>("place-order", new LambdaTestOptions { Package = TestFunctionsPackage.ZipPath });

        var first = await function.InvokeAsync<OrderRequest, OrderResult>(new OrderRequest("tea", 3, 1.5m)).WaitAsync(FakeRuntime.Deadline());
        var second = await function.InvokeAsync<OrderRequest, OrderResult>(new OrderRequest("cake", 1, 4m)).WaitAsync(FakeRuntime.Deadline());

        Assert.Null(function.Host);
        var process = Assert.IsType<LambdaProcess>(function.Process);
        Assert.NotEqual(Environment.ProcessId, process.Id);
        Assert.Equal(new OrderResult("tea", 4.5m, 1, first.RequestId, 1024), first);
        Assert.Equal(2, second.Number);
        Assert.Equal(TimeSpan.FromSeconds(7), function.Emulator.Options.Timeout);
        Assert.Equal("TestFunctions", process.Environment["_HANDLER"]);
        Assert.Equal("place-order", process.Environment["LAMBDAKIT_FUNCTION"]);
        Assert.Equal("1024", process.Environment["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"]);
        Assert.Contains(function.Emulator.PlatformLog, line => line.StartsWith($"REPORT RequestId: {first.RequestId}", StringComparison.Ordinal) && line.Contains("Init Duration", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_test_overrides_the_attribute_and_the_process_is_reset_after_a_timeout()
    {
        var options = new LambdaTestOptions { Package = TestFunctionsPackage.ZipPath, MemorySizeMb = 512, Timeout = TimeSpan.FromSeconds(2) };
        await using var function = await LambdaTest.StartAsync(typeof(Greeter), options: options);

        var greeting = await function.InvokeAsync<string, string>("Ada").WaitAsync(FakeRuntime.Deadline());
        var timeout = await Assert.ThrowsAsync<LambdaInvocationException>(() => function.InvokeAsync<string, string>("slow").WaitAsync(FakeRuntime.Deadline()));
        var afterReset = await function.InvokeAsync<string, string>("Bo").WaitAsync(FakeRuntime.Deadline());

        Assert.Equal("Hello, Ada, from greet (512 MB)", greeting);
        Assert.Equal("Sandbox.Timedout", timeout.ErrorType);
        Assert.Equal("Hello, Bo, from greet (512 MB)", afterReset);
        Assert.Equal(1, function.Process!.Restarts);
    }

    [Fact]
    public async Task A_package_that_is_not_a_zip_is_refused_and_the_emulator_stopped()
    {
        var path = Path.Combine(Path.GetTempPath(), $"lambdakit-not-a-zip-{Guid.NewGuid():N}.zip");
        await File.WriteAllTextAsync(path, "not a zip");
        try
        {
            var refusal = await Assert.ThrowsAsync<InvalidDataException>(() => LambdaTest.StartAsync(typeof(Greeter), options: new LambdaTestOptions { Package = path }));

            Assert.StartsWith($"{Path.GetFileName(path)}: not a readable zip", refusal.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
