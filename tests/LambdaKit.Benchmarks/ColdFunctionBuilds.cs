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

    /// <summary>Publishes and builds both programs; returns how to launch each function, per mode ("Native AOT", "JIT").</summary>
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
            string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
            modes["JIT"] = Launches(
                dotnet,
                Path.Combine(work, "obj-ColdFunctions-jit", "bin", "ColdFunctions", "release", "ColdFunctions.dll"),
                dotnet,
                Path.Combine(work, "obj-AotRawLoop-jit", "bin", "AotRawLoop", "release", "AotRawLoop.dll"));
        }

        return modes;
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
                // Both programs are net8.0; this machine's only runtime is a newer one.
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
