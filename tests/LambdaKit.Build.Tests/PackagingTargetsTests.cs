using System.Text.Json;
using System.Text.RegularExpressions;
using LambdaKit.Testing;
using Xunit.Abstractions;

namespace LambdaKit.Build.Tests;

/// <summary>The samples packaged by the MSBuild targets: the zips' contents, and the x86_64 ones run against the emulator.</summary>
[Collection(PackagedSamplesDefinition.Name)]
public sealed class PackagingTargetsTests(PackagedSamples samples, ITestOutputHelper output)
{
    private static readonly TimeSpan InvocationTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public void Native_AOT_zip_holds_only_an_executable_bootstrap()
    {
        samples.Aot.AssertPackaged();
        output.WriteLine($"AOT publish + package: {samples.Aot.Elapsed.TotalSeconds:0.0} s, zip {new FileInfo(samples.Aot.ZipPath).Length:N0} bytes");

        var listing = Tools.Run("zipinfo", samples.Aot.ZipPath);
        Assert.Matches(@"(?m)^-rwxr-xr-x .* unx .* bootstrap$", listing);
        Assert.Contains("number of entries: 1", listing, StringComparison.Ordinal);
        Assert.DoesNotContain(".dbg", listing, StringComparison.Ordinal);
        Assert.DoesNotContain(".pdb", listing, StringComparison.Ordinal);
        Assert.Contains($"LambdaKit package: {samples.Aot.ZipPath}", samples.Aot.Output, StringComparison.Ordinal);
        Assert.Contains("runtime       provided.al2023", samples.Aot.Output, StringComparison.Ordinal);
        Assert.Contains("  function hello: handler 'hello'", samples.Aot.Output, StringComparison.Ordinal);
        Assert.Contains("glibc need    2.34 (bootstrap) vs 2.34", samples.Aot.Output, StringComparison.Ordinal);

        // Stripped: no symbol table left for readelf to list.
        var folder = samples.Unzip(samples.Aot.ZipPath);
        Assert.DoesNotContain(".symtab", Tools.Run("readelf", "-S", "-W", Path.Combine(folder, "bootstrap")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Native_AOT_bootstrap_from_the_zip_answers_the_emulator()
    {
        samples.Aot.AssertPackaged();
        var folder = samples.Unzip(samples.Aot.ZipPath);
        var payload = await InvokeAsync(folder, new LambdaProcessOptions
        {
            FileName = Path.Combine(folder, "bootstrap"),
            WorkingDirectory = folder,
            InheritEnvironment = false,
        });

        Assert.Equal("Hello, Ada!", payload.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Native_AOT_x86_64_bootstrap_answers_a_response_and_an_error()
    {
        samples.Aot.AssertPackaged();
        var folder = samples.Unzip(samples.Aot.ZipPath);
        await AssertResponseAndErrorAsync(folder, new LambdaProcessOptions
        {
            FileName = Path.Combine(folder, "bootstrap"),
            WorkingDirectory = folder,
            InheritEnvironment = false,
        });
    }

    [Fact]
    public void Arm64_Native_AOT_from_plain_publish_is_one_AArch64_bootstrap_compiled_once()
    {
        samples.Arm64AotNet10.AssertPackaged();
        output.WriteLine($"arm64 AOT publish + package: {samples.Arm64AotNet10.Elapsed.TotalSeconds:0.0} s, zip {new FileInfo(samples.Arm64AotNet10.ZipPath).Length:N0} bytes");

        var listing = Tools.Run("zipinfo", samples.Arm64AotNet10.ZipPath);
        Assert.Matches(@"(?m)^-rwxr-xr-x .* unx .* bootstrap$", listing);
        Assert.Contains("number of entries: 1", listing, StringComparison.Ordinal);
        var folder = samples.Unzip(samples.Arm64AotNet10.ZipPath);
        Assert.Contains("ELF 64-bit LSB pie executable, ARM aarch64", Tools.Run("file", Path.Combine(folder, "bootstrap")), StringComparison.Ordinal);
        Assert.Contains("architecture  arm64", samples.Arm64AotNet10.Output, StringComparison.Ordinal);
        Assert.Contains("  function hello: handler 'hello'", samples.Arm64AotNet10.Output, StringComparison.Ordinal);

        // One ILCompiler run (ILCompiler prints this line once per run), and it made the AArch64 file above.
        Assert.Single(Regex.Matches(samples.Arm64AotNet10.Output, "Generating native code"));
        // The SDK inferred linux-x64 for the outer publish: it left no runtime for this machine behind.
        var outerPublish = System.IO.Directory.GetDirectories(Path.Combine(samples.Arm64AotNet10Artifacts, "publish", "HelloAot"));
        Assert.All(outerPublish, publish => Assert.Empty(System.IO.Directory.GetFiles(publish, "*", SearchOption.AllDirectories)));
    }

    [Fact]
    public async Task Arm64_Native_AOT_bootstrap_answers_a_response_and_an_error_under_qemu()
    {
        samples.Arm64AotNet10.AssertPackaged();
        var folder = samples.Unzip(samples.Arm64AotNet10.ZipPath);
        await AssertResponseAndErrorAsync(folder, BootstrapUnderQemu(folder));
    }

    [Fact]
    public async Task Self_contained_arm64_apphost_answers_a_response_and_an_error_under_qemu()
    {
        samples.SelfContainedArm64.AssertPackaged();
        var folder = samples.Unzip(samples.SelfContainedArm64.ZipPath);
        Assert.Equal(NativeArchitecture.Arm64, Tools.ReadElfMachine(Path.Combine(folder, "bootstrap")));
        Assert.True(File.Exists(Path.Combine(folder, "libcoreclr.so")), "a self-contained package carries the runtime");
        await AssertResponseAndErrorAsync(folder, BootstrapUnderQemu(folder));
    }

    [Fact]
    public async Task Self_contained_x86_64_apphost_answers_a_response_and_an_error()
    {
        samples.SelfContainedX64.AssertPackaged();
        var folder = samples.Unzip(samples.SelfContainedX64.ZipPath);
        Assert.Equal(NativeArchitecture.X86_64, Tools.ReadElfMachine(Path.Combine(folder, "bootstrap")));
        await AssertResponseAndErrorAsync(folder, new LambdaProcessOptions
        {
            FileName = Path.Combine(folder, "bootstrap"),
            WorkingDirectory = folder,
            InheritEnvironment = false,
        });
    }

    [Fact]
    public async Task Managed_net10_arm64_assembly_answers_a_response_and_an_error_under_qemu_on_the_runtime_packs_layout()
    {
        samples.ManagedArm64Net10.AssertPackaged();
        samples.SelfContainedArm64.AssertPackaged();
        var version = Arm64DotnetLayout.RuntimeVersionOf(samples.Unzip(samples.SelfContainedArm64.ZipPath), "bootstrap");
        var dotnetRoot = Arm64DotnetLayout.Create(Path.Combine(samples.Directory, "dotnet-arm64-" + Guid.NewGuid().ToString("N")), version);
        var folder = samples.Unzip(samples.ManagedArm64Net10.ZipPath);
        var appHost = Arm64DotnetLayout.WriteAppHost(folder, "HelloManaged", version);
        var options = new LambdaProcessOptions
        {
            FileName = "qemu-aarch64-static",
            Arguments = ["-L", "/usr/aarch64-linux-gnu", appHost],
            Handler = "HelloManaged",
            WorkingDirectory = folder,
            InheritEnvironment = false,
            Environment = new Dictionary<string, string?> { ["DOTNET_ROOT"] = dotnetRoot },
        };

        var results = await InvokeAllAsync(folder, options, """{"name":"Ada","echo":"token-42"}""", """{"name":""");

        Assert.True(results[0].IsSuccess, results[0].PayloadAsString);
        using (var json = JsonDocument.Parse(results[0].Payload))
        {
            Assert.Equal("Hello, Ada, from .NET 10!", json.RootElement.GetProperty("message").GetString());
            Assert.Equal("token-42", json.RootElement.GetProperty("echo").GetString());
        }

        Assert.False(results[1].IsSuccess);
        Assert.Equal("JsonException", results[1].Error?.ErrorType);
    }

    [Fact]
    public void Arm64_Native_AOT_without_a_cross_linker_names_the_Debian_packages()
    {
        output.WriteLine($"arm64 AOT without a linker: {samples.Arm64AotWithoutLinker.Elapsed.TotalSeconds:0.0} s");

        Assert.NotEqual(0, samples.Arm64AotWithoutLinker.ExitCode);
        Assert.False(samples.Arm64AotWithoutLinker.ZipExists);
        Assert.True(
            samples.Arm64AotWithoutLinker.Output.Contains(
                "Native AOT for linux-arm64 on this linux-x64 machine needs a cross linker, and neither aarch64-linux-gnu-gcc nor clang is on PATH: install the Debian packages gcc-aarch64-linux-gnu libc6-dev-arm64-cross",
                StringComparison.Ordinal),
            samples.Arm64AotWithoutLinker.Output);
        // Not ILCompiler's own message, which names neither the cross linker nor a package.
        Assert.DoesNotContain("Platform linker", samples.Arm64AotWithoutLinker.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Managed_x86_64_zip_is_framework_dependent_and_byte_identical_when_built_twice()
    {
        samples.ManagedX64.AssertPackaged();
        samples.ManagedX64Again.AssertPackaged();
        output.WriteLine($"managed x86_64 package: {samples.ManagedX64.Elapsed.TotalSeconds:0.0} s, again {samples.ManagedX64Again.Elapsed.TotalSeconds:0.0} s, zip {new FileInfo(samples.ManagedX64.ZipPath).Length:N0} bytes");

        var names = Tools.Run("unzip", "-Z1", samples.ManagedX64.ZipPath).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("HelloManaged.dll", names);
        Assert.Contains("HelloManaged.runtimeconfig.json", names);
        Assert.Contains("HelloManaged.deps.json", names);
        Assert.Contains("LambdaKit.Runtime.dll", names);
        Assert.DoesNotContain("HelloManaged", names);
        Assert.DoesNotContain(names, n => n.EndsWith(".xml", StringComparison.Ordinal));
        Assert.Contains("handler       HelloManaged", samples.ManagedX64.Output, StringComparison.Ordinal);
        Assert.Contains("runtime       dotnet8", samples.ManagedX64.Output, StringComparison.Ordinal);
        Assert.Contains("warning LK5010: Lambda deprecated the dotnet8 runtime on 2026-11-10", samples.ManagedX64.Output, StringComparison.Ordinal);

        Assert.Equal(samples.ManagedX64FirstBytes, File.ReadAllBytes(samples.ManagedX64Again.ZipPath));
    }

    [Fact]
    public async Task Managed_x86_64_assembly_from_the_zip_answers_the_emulator()
    {
        samples.ManagedX64.AssertPackaged();
        var folder = samples.Unzip(samples.ManagedX64.ZipPath);
        var payload = await InvokeAsync(folder, new LambdaProcessOptions
        {
            FileName = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet",
            Arguments = ["HelloManaged.dll"],
            Handler = "HelloManaged",
            WorkingDirectory = folder,
            // The package targets .NET 8; this machine has only the .NET 10 runtime.
            Environment = new Dictionary<string, string?> { ["DOTNET_ROLL_FORWARD"] = "Major" },
        });

        Assert.StartsWith("Hello, Ada, from .NET ", payload.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("token-42", payload.GetProperty("echo").GetString());
    }

    [Fact]
    public void Managed_arm64_zip_has_no_foreign_native_file_and_a_runtimeconfig()
    {
        samples.ManagedArm64.AssertPackaged();
        output.WriteLine($"managed arm64 package: {samples.ManagedArm64.Elapsed.TotalSeconds:0.0} s, zip {new FileInfo(samples.ManagedArm64.ZipPath).Length:N0} bytes");

        var folder = samples.Unzip(samples.ManagedArm64.ZipPath);
        var files = System.IO.Directory.GetFiles(folder, "*", SearchOption.AllDirectories);
        Assert.Contains(Path.Combine(folder, "HelloManaged.runtimeconfig.json"), files);
        foreach (var file in files)
        {
            var info = NativeFileReader.Read(file);
            if (info.Format is NativeFileFormat.Elf or NativeFileFormat.MachO || (info.Format == NativeFileFormat.PE && info.Managed is null))
            {
                Assert.True(info.Format == NativeFileFormat.Elf && info.HasArchitecture(NativeArchitecture.Arm64), $"{file} is not an arm64 ELF file");
            }
        }

        Assert.Contains("architecture  arm64", samples.ManagedArm64.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Arm64_Native_AOT_stops_with_LK5009_naming_the_pack_and_the_alternative()
    {
        output.WriteLine($"arm64 AOT refusal: {samples.Arm64Aot.Elapsed.TotalSeconds:0.0} s");

        Assert.NotEqual(0, samples.Arm64Aot.ExitCode);
        Assert.False(samples.Arm64Aot.ZipExists);
        Assert.True(
            samples.Arm64Aot.Output.Contains("error LK5009: Packaging Arm64Aot as a Native AOT function for linux-arm64 needs ", StringComparison.Ordinal),
            samples.Arm64Aot.Output);
        Assert.Contains("runtime.linux-arm64.Microsoft.DotNet.ILCompiler 8.0.", samples.Arm64Aot.Output, StringComparison.Ordinal);
        Assert.Contains("Target net10.0, whose linux-arm64 packs are served (Native AOT, self-contained and ReadyToRun for arm64 work there), or package framework-dependent: set PublishAot=false, SelfContained=false, PublishReadyToRun=false and LambdaRuntime=dotnet8.", samples.Arm64Aot.Output, StringComparison.Ordinal);

        // Not a raw restore failure.
        Assert.DoesNotContain("NU1101", samples.Arm64Aot.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("NU1102", samples.Arm64Aot.Output, StringComparison.Ordinal);
    }

    /// <summary>An unzipped arm64 package's <c>bootstrap</c>, run by qemu with the arm64 loader and C library of Debian's libc6-arm64-cross.</summary>
    private static LambdaProcessOptions BootstrapUnderQemu(string folder) => new()
    {
        FileName = "qemu-aarch64-static",
        Arguments = ["-L", "/usr/aarch64-linux-gnu", Path.Combine(folder, "bootstrap")],
        WorkingDirectory = folder,
        InheritEnvironment = false,
    };

    /// <summary>HelloAot's two paths through the emulator in one process: a greeting, then the error it throws on request.</summary>
    private async Task AssertResponseAndErrorAsync(string folder, LambdaProcessOptions options)
    {
        var results = await InvokeAllAsync(folder, options, """{"name":"Ada"}""", """{"name":"Bob","fail":true}""");

        Assert.True(results[0].IsSuccess, results[0].PayloadAsString);
        using (var json = JsonDocument.Parse(results[0].Payload))
        {
            Assert.Equal("Hello, Ada!", json.RootElement.GetProperty("message").GetString());
        }

        Assert.False(results[1].IsSuccess);
        Assert.Equal("Unhandled", results[1].FunctionError);
        Assert.NotNull(results[1].Error);
        Assert.Equal("InvalidOperationException", results[1].Error!.ErrorType);
        Assert.Equal("HelloAot failed because the event asked it to (\"fail\": true).", results[1].Error!.ErrorMessage);
    }

    private async Task<JsonElement> InvokeAsync(string folder, LambdaProcessOptions options)
    {
        var results = await InvokeAllAsync(folder, options, """{"name":"Ada","echo":"token-42"}""");
        var result = results[0];
        Assert.True(result.IsSuccess, result.PayloadAsString);
        using var json = JsonDocument.Parse(result.Payload);
        return json.RootElement.Clone();
    }

    /// <summary>Starts the function once against a new emulator and invokes it with each payload in turn.</summary>
    private async Task<IReadOnlyList<InvocationResult>> InvokeAllAsync(string folder, LambdaProcessOptions options, params string[] payloads)
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync(new RuntimeApiEmulatorOptions { FunctionName = "packaged", Timeout = InvocationTimeout });
        await using var process = LambdaProcess.Start(emulator, options);
        try
        {
            var results = new List<InvocationResult>();
            foreach (var payload in payloads)
            {
                using var cancel = new CancellationTokenSource(InvocationTimeout * 2);
                results.Add(await emulator.InvokeAsync(payload, cancellationToken: cancel.Token));
            }

            return results;
        }
        finally
        {
            foreach (var line in process.Output)
            {
                output.WriteLine((line.IsStandardError ? "stderr: " : "stdout: ") + line.Text + $" ({folder})");
            }
        }
    }
}
