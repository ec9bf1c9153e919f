using System.Text.RegularExpressions;

namespace LambdaKit.Tool.Tests;

public sealed partial class InvokeTests : Workspace
{
    [Fact]
    public async Task A_folder_is_invoked_once_per_event_in_order_with_responses_on_stdout_and_the_log_on_stderr()
    {
        var folder = ShellFunction.Folder(Files);
        var eventFile = Path.Combine(Files, "event.json");
        File.WriteAllText(eventFile, "{\"from\":\"file\"}");

        var run = await RunAsync("invoke", folder, "--event", eventFile, "--event", "[1,2]", "--env", "CUSTOM=set-by-test");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["{\"echo\":{\"from\":\"file\"}}", "{\"echo\":[1,2]}"], run.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var log = run.ErrorLines;
        Assert.Contains("init set-by-test", log);
        var requestIds = log.Where(line => line.StartsWith("START RequestId: ", StringComparison.Ordinal))
            .Select(line => line.Split(' ')[2])
            .ToList();
        Assert.Equal(2, requestIds.Count);
        Assert.Contains($"handling {requestIds[0]} {{\"from\":\"file\"}}", log);
        Assert.Contains($"END RequestId: {requestIds[1]}", log);
        var reports = log.Where(line => line.StartsWith("REPORT", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, reports.Count);
        Assert.Matches(ReportLine(), reports[0]);
        Assert.Contains("\tMemory Size: 128 MB\t", reports[0], StringComparison.Ordinal);
        Assert.Contains("\tInit Duration: ", reports[0], StringComparison.Ordinal);
        Assert.DoesNotContain("\tInit Duration: ", reports[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_an_event_it_invokes_once_with_an_empty_object()
    {
        var run = await RunAsync("invoke", ShellFunction.Folder(Files), "--memory", "512");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("{\"echo\":{}}\n", run.StandardOutput);
        Assert.Contains("\tMemory Size: 512 MB\t", run.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_function_error_prints_lambdas_error_json_and_exits_with_1()
    {
        var run = await RunAsync("invoke", ShellFunction.Folder(Files), "--event", "\"fail\"", "--event", "{}");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(
            ["{\"errorType\":\"Boom\",\"errorMessage\":\"failed on purpose\"}", "{\"echo\":{}}"],
            run.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("lambdakit: 2 invocations, 1 errors (Boom 1)", run.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_runtime_that_exits_at_once_is_a_runtime_exit_error_reported_quickly()
    {
        var folder = ShellFunction.Folder(Files, "#!/bin/sh\necho 'leaving early'\nexit 3\n");

        var run = await RunAsync("invoke", folder, "--timeout", "600");

        Assert.Equal(1, run.ExitCode);
        Assert.Matches(
            @"^\{""errorMessage"":""RequestId: [0-9a-f-]{36} Error: Runtime exited with error: exit status 3"",""errorType"":""Runtime.ExitError"",""stackTrace"":\[\]\}$",
            run.StandardOutput.TrimEnd());
        Assert.Contains("leaving early", run.ErrorLines);
        Assert.True(run.Elapsed < TimeSpan.FromSeconds(30), run.Elapsed.ToString());
    }

    [Fact]
    public async Task A_runtime_that_exits_mid_invocation_fails_it_and_the_next_event_gets_a_fresh_process()
    {
        var run = await RunAsync("invoke", ShellFunction.Folder(Files), "--event", "\"exit\"", "--event", "{}", "--timeout", "600");

        Assert.Equal(1, run.ExitCode);
        var responses = run.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("Runtime exited with error: exit status 4", responses[0], StringComparison.Ordinal);
        Assert.Equal("{\"echo\":{}}", responses[1]);
        Assert.True(run.ErrorLines.Count(line => line.StartsWith("init", StringComparison.Ordinal)) == 2, run.ToString());
        Assert.True(run.ErrorLines.Count(line => line.Contains("\tInit Duration: ", StringComparison.Ordinal)) == 2, run.ToString());
    }

    [Fact]
    public async Task A_timeout_is_lambdas_sandbox_timedout_error()
    {
        var run = await RunAsync("invoke", ShellFunction.Folder(Files), "--event", "\"hang\"", "--timeout", "1");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("\"errorType\":\"Sandbox.Timedout\"", run.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Task timed out after 1.00 seconds", run.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Events_come_from_standard_input_and_log_format_sets_the_variable()
    {
        var folder = ShellFunction.Folder(Files, ShellFunction.Bootstrap.Replace("echo \"init $CUSTOM\"", "echo \"format $AWS_LAMBDA_LOG_FORMAT\"", StringComparison.Ordinal));
        using var process = Tool.Start(Temp, "invoke", folder, "--event", "-", "--log-format", "json");
        await process.StandardInput.WriteAsync("{\"piped\":true}");
        process.StandardInput.Close();
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(0, process.ExitCode);
        Assert.Equal("{\"echo\":{\"piped\":true}}\n", output);
        Assert.Contains("format JSON", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_command_after_double_dash_is_run_as_the_runtime()
    {
        var script = Path.Combine(Files, "runtime.sh");
        File.WriteAllText(script, ShellFunction.Bootstrap);

        var run = await RunAsync("invoke", "--event", "7", "--", "sh", script);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("{\"echo\":7}\n", run.StandardOutput);
    }

    [Fact]
    public async Task Many_invocations_print_a_summary_instead_of_every_response()
    {
        var run = await RunAsync("invoke", ShellFunction.Folder(Files), "--event", "{}", "--event", "\"fail\"", "--count", "15");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(["{\"errorType\":\"Boom\",\"errorMessage\":\"failed on purpose\"}"], run.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.InRange(run.ErrorLines.Count(line => line.StartsWith("START", StringComparison.Ordinal)), 0, 20);
        Assert.Matches(@"lambdakit: 30 invocations, 15 errors \(Boom 15\), p50 \d+\.\d\d ms, p99 \d+\.\d\d ms, \d+ per second", run.StandardError);
        Assert.Contains("lambdakit: the last 20 lines of the function's log:", run.ErrorLines);
    }

    [Fact]
    public async Task Sigterm_stops_the_function_removes_the_unpacked_zip_and_exits_with_143()
    {
        var zip = ShellFunction.Zip(Files);
        using var process = Tool.Start(Temp, "invoke", zip, "--event", "\"hang\"", "--timeout", "600");
        var error = process.StandardError;
        string? line;
        while ((line = await error.ReadLineAsync()) is not null && !line.StartsWith("handling", StringComparison.Ordinal))
        {
        }

        Assert.NotNull(line);
        Assert.NotEmpty(LeftInTemp);
        Tool.Signal(process, "TERM");
        using var deadline = new CancellationTokenSource(Tool.Patience);
        await process.WaitForExitAsync(deadline.Token);

        Assert.Equal(143, process.ExitCode);
        Assert.Empty(LeftInTemp);
        Assert.Empty(ProcessesUnder(Temp));
    }

    /// <summary>Processes whose command line mentions <paramref name="folder"/> (the unpacked function's).</summary>
    internal static List<string> ProcessesUnder(string folder) =>
        Directory.GetDirectories("/proc")
            .Select(directory => Path.Combine(directory, "cmdline"))
            .Select(path =>
            {
                try
                {
                    return File.ReadAllText(path).Replace('\0', ' ');
                }
                catch (IOException)
                {
                    return string.Empty;
                }
                catch (UnauthorizedAccessException)
                {
                    return string.Empty;
                }
            })
            .Where(command => command.Contains(folder, StringComparison.Ordinal))
            .ToList();

    [GeneratedRegex(@"^REPORT RequestId: [0-9a-f-]{36}\tDuration: \d+\.\d\d ms\tBilled Duration: \d+ ms\tMemory Size: \d+ MB\tMax Memory Used: \d+ MB")]
    private static partial Regex ReportLine();
}
