using LambdaKit.Testing;

namespace LambdaKit.Tool;

/// <summary><c>lambdakit serve</c>: keeps the emulator and the function running until SIGINT or SIGTERM.</summary>
internal static class ServeCommand
{
    /// <summary>The default port: where Lambda's own Runtime API listens inside an execution environment.</summary>
    public const int DefaultPort = 9001;

    public static async Task<int> RunAsync(IReadOnlyList<string> args, Shutdown shutdown)
    {
        var port = DefaultPort;
        var settings = await CommandLine.ParseAsync("serve", args, HelpText.Serve, (option, reader) =>
        {
            if (option != "--port")
            {
                return false;
            }

            port = reader.Number(option, 0, 65_535);
            return true;
        }).ConfigureAwait(false);
        if (settings is null)
        {
            return ExitCodes.Success;
        }

        using var package = settings.Package is null && settings.Command.Count == 0 ? null : FunctionPackage.Open(settings);
        if (package is not null)
        {
            await FunctionHost.DescribeAsync(Console.Error, package, settings).ConfigureAwait(false);
        }

        await using var emulator = await FunctionHost.StartEmulatorAsync(settings, package?.Name ?? "function", port).ConfigureAwait(false);
        await using var process = package is null ? null : FunctionHost.StartProcess(emulator, package, (_, line) => Console.Error.WriteLine(line.Text));
        if (process is null)
        {
            emulator.PlatformLogLineWritten += (_, line) => Console.Error.WriteLine(line);
        }

        await PrintEndpointAsync(emulator, package is null).ConfigureAwait(false);
        try
        {
            await Task.Delay(Timeout.Infinite, shutdown.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("lambdakit: stopping").ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }

    private static async Task PrintEndpointAsync(RuntimeApiEmulator emulator, bool withoutFunction)
    {
        var endpoint = emulator.BaseUri.ToString().TrimEnd('/');
        var invoke = endpoint + "/2015-03-31/functions/function/invocations";
        var output = Console.Out;
        await output.WriteLineAsync($"lambdakit: serving on {endpoint} until Ctrl+C").ConfigureAwait(false);
        await output.WriteLineAsync($"Invoke API:  POST {invoke}").ConfigureAwait(false);
        await output.WriteLineAsync($"  curl -sS -X POST {invoke} -d '{{}}'").ConfigureAwait(false);
        await output.WriteLineAsync($"  aws lambda invoke --endpoint-url {endpoint} --function-name function --cli-binary-format raw-in-base64-out --payload '{{}}' response.json").ConfigureAwait(false);
        await output.WriteLineAsync($"Runtime API: AWS_LAMBDA_RUNTIME_API={emulator.RuntimeApiAddress}").ConfigureAwait(false);
        if (withoutFunction)
        {
            await output.WriteLineAsync("  no package given: start your runtime with that variable set").ConfigureAwait(false);
        }

        await output.FlushAsync().ConfigureAwait(false);
    }
}
