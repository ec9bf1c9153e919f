namespace LambdaKit.Tool.Tests;

public sealed class CommandLineTests : Workspace
{
    [Theory]
    [InlineData("--help", "usage:\n  lambdakit invoke")]
    [InlineData("-h", "usage:\n  lambdakit invoke")]
    [InlineData("invoke --help", "usage: lambdakit invoke <zip | folder | -- command args...> [options]")]
    [InlineData("invoke -h", "--event <file | - | json>")]
    [InlineData("serve --help", "usage: lambdakit serve [zip | folder | -- command args...] [options]")]
    [InlineData("help serve", "--port <n>")]
    public async Task Help_goes_to_standard_output_with_exit_code_0(string args, string expected)
    {
        var run = await RunAsync(args.Split(' '));

        Assert.Equal(0, run.ExitCode);
        Assert.Contains(expected, run.StandardOutput.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("Not affiliated with Amazon", (await RunAsync("--help")).StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_command_prints_the_usage_on_standard_error_with_exit_code_2()
    {
        var run = await RunAsync();

        Assert.Equal(2, run.ExitCode);
        Assert.Empty(run.StandardOutput);
        Assert.Contains("lambdakit invoke", run.StandardError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("deploy", "lambdakit: unknown command 'deploy' (commands: invoke, serve; see 'lambdakit --help')")]
    [InlineData("invoke fn --bogus", "lambdakit: invoke: unknown option '--bogus' (see 'lambdakit invoke --help')")]
    [InlineData("serve --verbose", "lambdakit: serve: unknown option '--verbose' (see 'lambdakit serve --help')")]
    [InlineData("invoke a b", "lambdakit: invoke: unexpected argument 'b' (see 'lambdakit invoke --help')")]
    [InlineData("invoke fn --timeout 0", "lambdakit: --timeout: '0' is not a whole number from 1 to 900")]
    [InlineData("invoke fn --memory 64", "lambdakit: --memory: '64' is not a whole number from 128 to 10240")]
    [InlineData("invoke fn --timeout", "lambdakit: --timeout: a value is required")]
    [InlineData("invoke fn --architecture x86", "lambdakit: --architecture: 'x86' is not x86_64 or arm64")]
    [InlineData("invoke fn --log-format xml", "lambdakit: --log-format: 'xml' is not text or json")]
    [InlineData("invoke fn --env 1X=2", "lambdakit: --env: '1X' is not a Lambda variable name (a letter, then letters, digits or '_')")]
    [InlineData("invoke fn --env AWS_REGION=eu-west-1", "lambdakit: --env: 'AWS_REGION' is reserved: Lambda sets it and refuses it in a function's configuration")]
    [InlineData("invoke fn --event x.json", "lambdakit: --event: file 'x.json' does not exist (and the value is not JSON)")]
    [InlineData("invoke missing.zip", "lambdakit: 'missing.zip' does not exist")]
    [InlineData("invoke", "lambdakit: name a zip, a folder, or a command after '--'")]
    public async Task Usage_errors_exit_with_2_and_one_line_on_standard_error(string args, string expected)
    {
        var run = await RunAsync(args.Split(' '));

        Assert.Equal(2, run.ExitCode);
        Assert.Equal([expected], run.ErrorLines);
        Assert.Empty(run.StandardOutput);
    }

    [Fact]
    public async Task Variables_over_lambdas_4_KB_are_refused()
    {
        var run = await RunAsync("invoke", "fn", "--env", "BIG=" + new string('x', 4090));

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(["lambdakit: --env: the variables take 4100 bytes; Lambda allows 4096 in total"], run.ErrorLines);
    }
}
