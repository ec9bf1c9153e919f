namespace LambdaKit.Testing.Tests;

/// <summary>A function's configured variables are checked as Lambda checks them; each process host gets a private /tmp.</summary>
public sealed class EnvironmentTests
{
    [Theory]
    [InlineData("AWS_REGION", "Function variables: 'AWS_REGION' is reserved: Lambda sets it and refuses it in a function's configuration.")]
    [InlineData("_HANDLER", "Function variables: '_HANDLER' is not a Lambda variable name (a letter, then letters, digits or '_').")]
    [InlineData("TZ", "Function variables: 'TZ' is reserved: Lambda sets it and refuses it in a function's configuration.")]
    [InlineData("9LIVES", "Function variables: '9LIVES' is not a Lambda variable name (a letter, then letters, digits or '_').")]
    public async Task A_process_host_refuses_variables_Lambda_refuses(string name, string message)
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        var options = new LambdaProcessOptions { FileName = "true", Variables = { [name] = "x" } };

        var error = Assert.Throws<ArgumentException>(() => LambdaProcess.Start(emulator, options));

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_in_process_host_refuses_variables_over_4_KB()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        var options = new InProcessLambdaOptions { Variables = { ["BIG"] = new string('x', 4090) } };

        var error = Assert.Throws<ArgumentException>(() => InProcessLambda.Start(emulator, (_, _, _) => ValueTask.CompletedTask, options));

        Assert.StartsWith("Function variables: the variables take 4100 bytes; Lambda allows 4096 in total.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_4_KB_limit_counts_the_compact_JSON_object_in_UTF_8_bytes()
    {
        // {"BIG":"<n>"} is n + 10 bytes; "é" takes two.
        Assert.Null(FunctionVariables.FindProblem([new("BIG", new string('x', 4086))]));
        Assert.NotNull(FunctionVariables.FindProblem([new("BIG", new string('x', 4087))]));
        Assert.Equal(
            "the variables take 4097 bytes; Lambda allows 4096 in total",
            FunctionVariables.FindProblem([new("BIG", "é" + new string('x', 4085))]));
        Assert.Null(FunctionVariables.FindProblem([new("LANG", "C"), new("PATH", "/bin")]));
    }

    [Fact]
    public async Task Configured_variables_reach_the_process_over_Lambdas_unreserved_ones()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        await using var process = LambdaProcess.Start(emulator, new LambdaProcessOptions
        {
            FileName = "env",
            InheritEnvironment = false,
            Variables = { ["TABLE"] = "orders", ["LANG"] = "C.UTF-8" },
        });

        Assert.Equal(0, await process.WaitForExitAsync(FakeRuntime.Deadline()));
        Assert.Contains("TABLE=orders", process.StandardOutput);
        Assert.Contains("LANG=C.UTF-8", process.StandardOutput);
    }

    [Fact]
    public async Task Each_process_host_gets_a_private_tmp_kept_across_resets_and_removed_at_dispose()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync(new RuntimeApiEmulatorOptions { Timeout = TimeSpan.FromSeconds(30) });
        var options = ShellRuntime.WithInit("mktemp -t init.XXXXXX > /dev/null; echo \"tmp $TMPDIR\"");
        var process = LambdaProcess.Start(emulator, options);
        string folder;
        try
        {
            await using var otherEmulator = await RuntimeApiEmulator.StartAsync();
            await using var other = LambdaProcess.Start(otherEmulator, new LambdaProcessOptions { FileName = "true" });
            folder = process.TemporaryDirectory;
            Assert.NotEqual(other.TemporaryDirectory, folder);
            Assert.True(Directory.Exists(folder));
            await process.WaitForOutputAsync(line => line.Text == "tmp " + folder, FakeRuntime.Deadline());

            process.Kill();
            var killed = await emulator.InvokeAsync("{}", cancellationToken: FakeRuntime.Deadline());
            var after = await emulator.InvokeAsync("{}", cancellationToken: FakeRuntime.Deadline());

            Assert.Equal("Runtime.ExitError", killed.Error?.ErrorType);
            Assert.True(after.IsSuccess, after.PayloadAsString);
            Assert.Equal(1, process.Restarts);
            Assert.Equal(2, Directory.GetFiles(folder, "init.*").Length);
        }
        finally
        {
            await process.DisposeAsync();
        }

        Assert.False(Directory.Exists(folder));
    }
}
