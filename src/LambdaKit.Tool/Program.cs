namespace LambdaKit.Tool;

/// <summary>The <c>lambdakit</c> command: <c>invoke</c> and <c>serve</c>.</summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        using var shutdown = new Shutdown();
        try
        {
            switch (args.FirstOrDefault())
            {
                case null:
                    await Console.Error.WriteAsync(HelpText.Main).ConfigureAwait(false);
                    return ExitCodes.UsageError;
                case "-h" or "--help" or "help" when args.Length == 1:
                    await Console.Out.WriteAsync(HelpText.Main).ConfigureAwait(false);
                    return ExitCodes.Success;
                case "help":
                    return await Main([args[1], "--help"]).ConfigureAwait(false);
                case "--version":
                    await Console.Out.WriteLineAsync(typeof(Program).Assembly.GetName().Version?.ToString(3)).ConfigureAwait(false);
                    return ExitCodes.Success;
                case "invoke":
                    return await InvokeCommand.RunAsync(args[1..], shutdown).ConfigureAwait(false);
                case "serve":
                    return await ServeCommand.RunAsync(args[1..], shutdown).ConfigureAwait(false);
                default:
                    throw new UsageException($"unknown command '{args[0]}' (commands: invoke, serve; see 'lambdakit --help')");
            }
        }
        catch (UsageException ex)
        {
            await Console.Error.WriteLineAsync("lambdakit: " + ex.Message).ConfigureAwait(false);
            return ExitCodes.UsageError;
        }
        catch (OperationCanceledException) when (shutdown.Token.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("lambdakit: stopped").ConfigureAwait(false);
            return shutdown.ExitCode;
        }
    }
}
