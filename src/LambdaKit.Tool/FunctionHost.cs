using System.ComponentModel;
using LambdaKit.Testing;

namespace LambdaKit.Tool;

/// <summary>Starts the emulator and the function's runtime process for a command, with its settings.</summary>
internal static class FunctionHost
{
    public static async Task<RuntimeApiEmulator> StartEmulatorAsync(FunctionSettings settings, string functionName, int port = 0)
    {
        try
        {
            return await RuntimeApiEmulator.StartAsync(new RuntimeApiEmulatorOptions
            {
                FunctionName = functionName,
                Timeout = TimeSpan.FromSeconds(settings.TimeoutSeconds),
                MemorySizeMb = settings.MemoryMb,
                Port = port,

                // A long run keeps only recent history (requests, results, platform lines), not every invocation.
                HistoryLimit = 1_000,
            }).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            throw new UsageException($"--port {port}: cannot listen on 127.0.0.1 ({ex.Message}); pick another port");
        }
    }

    /// <summary>Starts the package's runtime; <paramref name="outputReceived"/> sees every line, the first included.</summary>
    public static LambdaProcess StartProcess(RuntimeApiEmulator emulator, FunctionPackage package, EventHandler<ProcessOutputLine> outputReceived)
    {
        try
        {
            return LambdaProcess.Start(emulator, package.ProcessOptions, outputReceived);
        }
        catch (Win32Exception ex)
        {
            throw new UsageException($"cannot start '{package.ProcessOptions.FileName}': {ex.Message}");
        }
    }

    /// <summary>Writes the package's one-line description and notes to <paramref name="error"/>.</summary>
    public static async Task DescribeAsync(TextWriter error, FunctionPackage package, FunctionSettings settings)
    {
        foreach (var note in package.Notes)
        {
            await error.WriteLineAsync("lambdakit: " + note).ConfigureAwait(false);
        }

        await error.WriteLineAsync($"lambdakit: {package.Description}; timeout {settings.TimeoutSeconds} s, memory {settings.MemoryMb} MB").ConfigureAwait(false);
    }
}
