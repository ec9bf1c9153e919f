using LambdaKit.Testing;

namespace LambdaKit.Benchmarks;

/// <summary>
/// The functions of the cold-invocation and concurrency parts (tests/LambdaKit.Benchmarks/ColdFunctions) and their
/// baseline, AotRawLoop: published with Native AOT and built for JIT under artifacts/benchmarks, with own artifacts
/// paths, so reruns are incremental; the cold and concurrency parts share these outputs.
/// </summary>
internal static class ColdFunctionBuilds
{
    public const string HttpClientLoop = "HttpClient loop (AotRawLoop)";
    public const string RawEcho = "raw echo on LambdaBootstrap";
    public const string StreamEcho = "[LambdaFunction] Stream echo";
    public const string TypedApiGateway = "[LambdaFunction] typed API Gateway v2";

    /// <summary>The typed handler again, with its root types' JSON metadata used once during init: what moving that there would gain.</summary>
    public const string TypedApiGatewayPrepared = "typed API Gateway v2, JSON used in init";

    public static readonly string[] Functions = [HttpClientLoop, RawEcho, StreamEcho, TypedApiGateway, TypedApiGatewayPrepared];

    /// <summary>Publishes and builds both programs; returns how to launch each function, per mode ("Native AOT", "JIT" and the ReadyToRun modes).</summary>
    public static async Task<IReadOnlyDictionary<string, IReadOnlyDictionary<string, LambdaProcessOptions>>> PrepareAsync(bool withJit)
    {
        string root = BenchmarkHost.RepositoryRoot();
        string work = Path.Combine(root, "artifacts", "benchmarks");
        string functions = Path.Combine(root, "tests", "LambdaKit.Benchmarks", "ColdFunctions", "ColdFunctions.csproj");
        string rawLoop = Path.Combine(root, "tests", "LambdaKit.Benchmarks", "AotRawLoop", "AotRawLoop.csproj");
        Console.WriteLine("Publishing tests/LambdaKit.Benchmarks/ColdFunctions and AotRawLoop with Native AOT (linux-x64, net8.0) ...");
        await BenchmarkHost.PublishAotAsync(functions, Path.Combine(work, "ColdFunctions"), Path.Combine(work, "obj-ColdFunctions"));
        await BenchmarkHost.PublishAotAsync(rawLoop, Path.Combine(work, "AotRawLoop"), Path.Combine(work, "obj-AotRawLoop"));
        var modes = new Dictionary<string, IReadOnlyDictionary<string, LambdaProcessOptions>>(StringComparer.Ordinal)
        {
            ["Native AOT"] = Launches(Path.Combine(work, "ColdFunctions", "ColdFunctions"), null, Path.Combine(work, "AotRawLoop", "AotRawLoop"), null),
        };

        if (withJit)
        {
            Console.WriteLine("Building both for JIT (Release, framework-dependent) ...");
            (await BenchmarkHost.DotnetAsync("build", functions, "-c", "Release", "--artifacts-path", Path.Combine(work, "obj-ColdFunctions-jit"))).ThrowIfFailed();
            (await BenchmarkHost.DotnetAsync("build", rawLoop, "-c", "Release", "--artifacts-path", Path.Combine(work, "obj-AotRawLoop-jit"))).ThrowIfFailed();
            modes["JIT"] = Launches(
                Dotnet,
                Path.Combine(work, "obj-ColdFunctions-jit", "bin", "ColdFunctions", "release", "ColdFunctions.dll"),
                Dotnet,
                Path.Combine(work, "obj-AotRawLoop-jit", "bin", "AotRawLoop", "release", "AotRawLoop.dll"));
            await AddReadyToRunModesAsync(modes, work, functions, rawLoop);
        }

        return modes;
    }

    private static string Dotnet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    /// <summary>
    /// ReadyToRun under JIT, on net10.0 (the .NET 10 runtime, this machine's only one, ignores net8.0 ReadyToRun code and
    /// JIT-compiles it): both programs published framework-dependent with ReadyToRun, and, to show what a precompiled
    /// LambdaKit.Runtime.dll alone gives a function that is not, the IL publish with only that assembly replaced by its
    /// ReadyToRun image; the baseline there is the IL loop.
    /// </summary>
    private static async Task AddReadyToRunModesAsync(Dictionary<string, IReadOnlyDictionary<string, LambdaProcessOptions>> modes, string work, string functions, string rawLoop)
    {
        Console.WriteLine("Publishing both for JIT on net10.0 (framework-dependent, linux-x64), with and without ReadyToRun ...");
        async Task<string> PublishAsync(string project, string name, bool readyToRun)
        {
            string output = Path.Combine(work, name);
            (await BenchmarkHost.DotnetAsync(
                "publish", project, "-c", "Release", "-r", "linux-x64", "--self-contained", "false", "-o", output,
                "-p:ColdTargetFramework=net10.0", "-p:PublishAot=false", $"-p:PublishReadyToRun={(readyToRun ? "true" : "false")}",
                "--artifacts-path", Path.Combine(work, "obj-" + name))).ThrowIfFailed();
            return output;
        }

        string functionsReadyToRun = await PublishAsync(functions, "ColdFunctions-r2r", readyToRun: true);
        string loopReadyToRun = await PublishAsync(rawLoop, "AotRawLoop-r2r", readyToRun: true);
        string functionsIl = await PublishAsync(functions, "ColdFunctions-net10", readyToRun: false);
        string loopIl = await PublishAsync(rawLoop, "AotRawLoop-net10", readyToRun: false);

        string runtimeOnly = Path.Combine(work, "ColdFunctions-net10-runtime-r2r");
        Directory.CreateDirectory(runtimeOnly);
        foreach (string file in Directory.GetFiles(functionsIl))
        {
            File.Copy(file, Path.Combine(runtimeOnly, Path.GetFileName(file)), overwrite: true);
        }

        File.Copy(Path.Combine(functionsReadyToRun, "LambdaKit.Runtime.dll"), Path.Combine(runtimeOnly, "LambdaKit.Runtime.dll"), overwrite: true);

        modes["JIT, ReadyToRun (net10.0)"] = Launches(Dotnet, Path.Combine(functionsReadyToRun, "ColdFunctions.dll"), Dotnet, Path.Combine(loopReadyToRun, "AotRawLoop.dll"));
        modes["JIT, only LambdaKit.Runtime.dll ReadyToRun (net10.0)"] = Launches(Dotnet, Path.Combine(runtimeOnly, "ColdFunctions.dll"), Dotnet, Path.Combine(loopIl, "AotRawLoop.dll"));
    }

    /// <summary>Native AOT: the executables themselves (<paramref name="functionsDll"/> null); JIT: <c>dotnet</c> with each dll.</summary>
    private static Dictionary<string, LambdaProcessOptions> Launches(string functions, string? functionsDll, string rawLoop, string? rawLoopDll)
    {
        static LambdaProcessOptions Launch(string fileName, string? dll, string? argument, string? function)
        {
            var options = new LambdaProcessOptions
            {
                FileName = fileName,
                Arguments = [.. dll is null ? [] : new[] { dll }, .. argument is null ? [] : new[] { argument }],
                WorkingDirectory = Path.GetDirectoryName(dll ?? fileName),
            };
            if (dll is not null)
            {
                // The net8.0 builds need it: this machine's only runtime is a newer one (net10.0 ones ignore it).
                options.Environment["DOTNET_ROLL_FORWARD"] = "Major";
            }

            if (function is not null)
            {
                options.Environment["LAMBDAKIT_FUNCTION"] = function;
            }

            return options;
        }

        return new Dictionary<string, LambdaProcessOptions>(StringComparer.Ordinal)
        {
            [HttpClientLoop] = Launch(rawLoop, rawLoopDll, null, null),
            [RawEcho] = Launch(functions, functionsDll, "raw-echo", null),
            [StreamEcho] = Launch(functions, functionsDll, null, "stream-echo"),
            [TypedApiGateway] = Launch(functions, functionsDll, null, "apigw"),
            [TypedApiGatewayPrepared] = Launch(functions, functionsDll, "prepare-json", "apigw"),
        };
    }
}
