using LambdaKit.Testing;

namespace LocalInvoke;

/// <summary>
/// Runs a published Lambda function (its <c>bootstrap</c> executable) against LambdaKit's local Runtime API emulator
/// and invokes it once per event given on the command line, printing each response and the function's log.
/// </summary>
internal static class Program
{
    private const string Usage = "usage: LocalInvoke <path to bootstrap> <event JSON> [<event JSON> ...]";

    public static async Task<int> Main(string[] args)
    {
        if (args.Length < 2)
        {
            await Console.Error.WriteLineAsync(Usage);
            return 64;
        }

        string bootstrap = Path.GetFullPath(args[0]);
        if (!File.Exists(bootstrap))
        {
            await Console.Error.WriteLineAsync($"No function at '{bootstrap}'. {Usage}");
            return 66;
        }

        await using var emulator = await RuntimeApiEmulator.StartAsync(new RuntimeApiEmulatorOptions
        {
            FunctionName = Path.GetFileName(Path.GetDirectoryName(bootstrap)) ?? "function",
            Timeout = TimeSpan.FromSeconds(10),
        });
        await using var process = LambdaProcess.Start(emulator, new LambdaProcessOptions
        {
            FileName = bootstrap,
            WorkingDirectory = Path.GetDirectoryName(bootstrap),
            InheritEnvironment = false,

            // `bootstrap` runs on an OS-only runtime, where Lambda does not set AWS_EXECUTION_ENV.
            Environment = { ["AWS_EXECUTION_ENV"] = null },
        });

        int failures = 0;
        foreach (string payload in args.Skip(1))
        {
            Console.WriteLine($"invoke  {payload}");
            var result = await emulator.InvokeAsync(payload);
            if (result.IsSuccess)
            {
                Console.WriteLine($"result  200 {result.PayloadAsString}");
            }
            else
            {
                failures++;
                Console.WriteLine($"result  200 X-Amz-Function-Error: {result.FunctionError} {result.PayloadAsString}");
            }
        }

        // Log lines arrive on their own pipe; give the last ones a moment before printing the whole log.
        await Task.Delay(200);
        Console.WriteLine("function log:");
        foreach (var line in process.Output)
        {
            Console.WriteLine("  " + line.Text);
        }

        if (process.HasExited)
        {
            await Console.Error.WriteLineAsync($"The function exited with code {process.ExitCode}.");
            return 1;
        }

        Console.WriteLine($"{args.Length - 1} invocation(s), {failures} function error(s), one warm process (pid {process.Id}).");
        return 0;
    }
}
