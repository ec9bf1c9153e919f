using LambdaKit.Testing;

namespace LambdaKit.EndToEnd.Tests;

/// <summary>One execution environment: an emulator and a published function's native binary running against it.</summary>
public sealed class NativeFunctionHost : IAsyncDisposable
{
    public const string FunctionName = "native-function";

    /// <summary>Generous, for a loaded 2-core CI machine; a healthy invocation takes milliseconds.</summary>
    public static readonly TimeSpan InvocationTimeout = TimeSpan.FromSeconds(30);

    private NativeFunctionHost(RuntimeApiEmulator emulator, LambdaProcess process)
    {
        Emulator = emulator;
        Process = process;
    }

    public RuntimeApiEmulator Emulator { get; }

    public LambdaProcess Process { get; }

    /// <param name="maxConcurrency">Above 1, a Managed Instances environment (<c>AWS_LAMBDA_MAX_CONCURRENCY</c>).</param>
    public static Task<NativeFunctionHost> StartAsync(PublishedSample published, IDictionary<string, string?>? environment = null, int maxConcurrency = 1)
    {
        ArgumentNullException.ThrowIfNull(published);
        return StartAsync(published.BootstrapPath, published.PublishDirectory, environment, maxConcurrency);
    }

    /// <summary>Starts <paramref name="bootstrapPath"/> in <paramref name="directory"/> (Lambda's <c>/var/task</c>) against a new emulator.</summary>
    public static async Task<NativeFunctionHost> StartAsync(string bootstrapPath, string directory, IDictionary<string, string?>? environment = null, int maxConcurrency = 1)
    {
        var emulator = await RuntimeApiEmulator.StartAsync(new RuntimeApiEmulatorOptions
        {
            FunctionName = FunctionName,
            Timeout = InvocationTimeout,
            MaxConcurrency = maxConcurrency,
        });
        var variables = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            // Lambda leaves AWS_EXECUTION_ENV undefined for OS-only runtimes (provided.al2023), where `bootstrap` runs.
            ["AWS_EXECUTION_ENV"] = null,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            variables[name] = value;
        }

        try
        {
            var process = LambdaProcess.Start(emulator, new LambdaProcessOptions
            {
                FileName = bootstrapPath,
                WorkingDirectory = directory,

                // A native executable needs nothing from the test host's environment; Lambda gives it little more.
                InheritEnvironment = false,
                Environment = variables,
            });
            return new NativeFunctionHost(emulator, process);
        }
        catch
        {
            await emulator.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Process.DisposeAsync();
        await Emulator.DisposeAsync();
    }
}
