using System.Globalization;
using System.IO.Compression;
using LambdaKit.Testing;

namespace LambdaKit.Benchmarks;

/// <summary>
/// samples/HelloAot packaged as Native AOT for x86_64 and for arm64 from this x64 machine: zip sizes, and start-up to the
/// first <c>/next</c> with both bootstraps under qemu user-mode emulation (the only way to run arm64 here), plus the
/// x86_64 bootstrap run natively as the reference. qemu figures compare the two builds; they are not Graviton figures.
/// </summary>
internal static class ArchitectureBenchmark
{
    private static readonly TimeSpan InvocationTimeout = TimeSpan.FromSeconds(60);

    public static async Task RunAsync(BenchmarkSettings settings)
    {
        string root = BenchmarkHost.RepositoryRoot();
        string work = Path.Combine(root, "artifacts", "benchmarks", "architectures");
        string helloAot = Path.Combine(root, "samples", "HelloAot", "HelloAot.csproj");

        // samples/HelloAot references the LambdaKit package from artifacts/packages (pack it first, README).
        Console.WriteLine("Architectures: publishing samples/HelloAot as Native AOT for x86_64 and arm64 (the arm64 one cross-linked) ...");
        string x64Zip = Path.Combine(work, "HelloAot-x86_64.zip");
        string arm64Zip = Path.Combine(work, "HelloAot-arm64.zip");
        (await BenchmarkHost.DotnetAsync("publish", helloAot, "-c", "Release", "-r", "linux-x64", "-p:LambdaArchitecture=x86_64", $"-p:LambdaPackageOutput={x64Zip}", "--artifacts-path", Path.Combine(work, "obj-x86_64"))).ThrowIfFailed();
        // A plain publish: the targets publish for linux-arm64 themselves (docs/packaging.md).
        (await BenchmarkHost.DotnetAsync("publish", helloAot, "-c", "Release", "-p:LambdaArchitecture=arm64", $"-p:LambdaPackageOutput={arm64Zip}", "--artifacts-path", Path.Combine(work, "obj-arm64"))).ThrowIfFailed();

        string x64Folder = Unzip(x64Zip, Path.Combine(work, "x86_64"));
        string arm64Folder = Unzip(arm64Zip, Path.Combine(work, "arm64"));
        var variants = new (string Name, LambdaProcessOptions Options)[]
        {
            ("x86_64, native (reference)", Launch(Path.Combine(x64Folder, "bootstrap"), [], x64Folder)),
            ("x86_64 under qemu-x86_64-static", Launch("qemu-x86_64-static", [Path.Combine(x64Folder, "bootstrap")], x64Folder)),
            // The arm64 dynamic loader and C library of Debian's libc6-arm64-cross.
            ("arm64 under qemu-aarch64-static", Launch("qemu-aarch64-static", ["-L", "/usr/aarch64-linux-gnu", Path.Combine(arm64Folder, "bootstrap")], arm64Folder)),
        };

        // Each build must answer before it is timed; this also warms the page cache.
        foreach (var (name, options) in variants)
        {
            await CheckAnswersAsync(name, options);
        }

        var times = variants.Select(_ => new List<double>()).ToArray();
        for (int round = 0; round < settings.StartupRounds; round++)
        {
            for (int i = 0; i < variants.Length; i++)
            {
                times[i].Add(await StartupBenchmark.TimeToFirstNextAsync(variants[i].Options));
            }
        }

        var (x64Zipped, x64Unzipped) = PackagingBenchmark.Sizes(x64Zip);
        var (arm64Zipped, arm64Unzipped) = PackagingBenchmark.Sizes(arm64Zip);
        var sizes = new Table("samples/HelloAot, Native AOT, net10.0, provided.al2023", "zipped bytes", "unzipped bytes", "zipped ratio", "unzipped ratio");
        sizes.Add("x86_64 (baseline)", Bytes(x64Zipped), Bytes(x64Unzipped), "1.00", "1.00");
        sizes.Add("arm64", Bytes(arm64Zipped), Bytes(arm64Unzipped), Stats.Format((double)arm64Zipped / x64Zipped, "F2"), Stats.Format((double)arm64Unzipped / x64Unzipped, "F2"));
        Console.WriteLine("Zips written by CreateLambdaPackage; each bootstrap answered one invocation through the emulator before timing.");
        Console.WriteLine();
        Console.WriteLine(sizes);

        double baseline = Stats.Median(times[1]);
        var startup = new Table("start-up to first GET /next", "median ms", "p90 ms", "min ms", "ratio to x86_64 under qemu (median)");
        for (int i = 0; i < variants.Length; i++)
        {
            startup.Add(variants[i].Name, Stats.Format(Stats.Median(times[i]), "F1"), Stats.Format(Stats.Percentile(times[i], 90), "F1"), Stats.Format(times[i].Min(), "F1"), Stats.Format(Stats.Median(times[i]) / baseline, "F2"));
        }

        Console.WriteLine($"{settings.StartupRounds} launches of each, in turn, through LambdaProcess.Start with the emulator's Lambda environment; qemu times compare builds, they are not Graviton times.");
        Console.WriteLine();
        Console.WriteLine(startup);
    }

    private static LambdaProcessOptions Launch(string fileName, string[] arguments, string folder) =>
        new() { FileName = fileName, Arguments = arguments, WorkingDirectory = folder };

    private static string Bytes(long bytes) => bytes.ToString("N0", CultureInfo.InvariantCulture);

    private static string Unzip(string zip, string folder)
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        // Extraction applies the zip's Unix modes, so bootstrap is executable as Lambda would see it.
        ZipFile.ExtractToDirectory(zip, folder);
        return folder;
    }

    private static async Task CheckAnswersAsync(string name, LambdaProcessOptions options)
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        await using var process = LambdaProcess.Start(emulator, options);
        using var cancel = new CancellationTokenSource(InvocationTimeout);
        var result = await emulator.InvokeAsync("{\"name\":\"World\"}"u8.ToArray(), cancellationToken: cancel.Token);
        if (!result.IsSuccess)
        {
            throw new InvalidOperationException($"HelloAot {name} did not answer: {result.PayloadAsString}");
        }
    }
}
