using LambdaKit.Testing;

namespace LocalInvoke;

/// <summary>
/// Runs a Lambda function for an OS-only runtime (its <c>bootstrap</c> executable, or the deployment zip holding it)
/// against LambdaKit's local Runtime API emulator and invokes it once per event given on the command line, printing
/// each response and the function's log.
/// </summary>
internal static class Program
{
    private const string Usage = "usage: LocalInvoke <path to bootstrap or deployment .zip> <event JSON> [<event JSON> ...]";

    public static async Task<int> Main(string[] args)
    {
        if (args.Length < 2)
        {
            await Console.Error.WriteLineAsync(Usage);
            return 64;
        }

        string function = Path.GetFullPath(args[0]);
        if (!File.Exists(function))
        {
            await Console.Error.WriteLineAsync($"No function at '{function}'. {Usage}");
            return 66;
        }

        string? extracted = null;
        string bootstrap = function;
        if (function.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
        {
            // Run what Lambda would run: the zip's contents, with the Unix modes the zip records.
            extracted = Directory.CreateTempSubdirectory("lambdakit-invoke-").FullName;
            System.IO.Compression.ZipFile.ExtractToDirectory(function, extracted);
            bootstrap = Path.Combine(extracted, "bootstrap");
            if (!File.Exists(bootstrap))
            {
                await Console.Error.WriteLineAsync($"'{function}' has no bootstrap at its root: it is not a package for an OS-only runtime.");
                return 66;
            }

            Console.WriteLine($"package {function} ({new FileInfo(function).Length:N0} bytes)");
        }

        try
        {
            return await InvokeAsync(bootstrap, Path.GetFileNameWithoutExtension(function), args.Skip(1));
        }
        finally
        {
            if (extracted is not null)
            {
                Directory.Delete(extracted, recursive: true);
            }
        }
    }

    private static async Task<int> InvokeAsync(string bootstrap, string functionName, IEnumerable<string> payloads)
    {

        await using var emulator = await RuntimeApiEmulator.StartAsync(new RuntimeApiEmulatorOptions
        {
            FunctionName = functionName,
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
        int invocations = 0;
        foreach (string payload in payloads)
        {
            invocations++;
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

        Console.WriteLine($"{invocations} invocation(s), {failures} function error(s), one warm process (pid {process.Id}).");
        return 0;
    }
}
