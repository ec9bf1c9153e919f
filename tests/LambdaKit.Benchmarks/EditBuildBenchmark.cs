using System.Diagnostics;

namespace LambdaKit.Benchmarks;

/// <summary>
/// A real <c>dotnet build</c> of a 200-handler function after a one-line edit in a file without handlers, and with no
/// change, with the LambdaKit package against the same project compiling against LambdaKit's runtime library only;
/// cold (no compiler server) and warm (a compiler server, after warm-up builds), net8.0 and net10.0; and where the
/// compile time goes (<c>-p:ReportAnalyzer=true</c>, and LambdaKit's generated code compiled as plain sources).
/// </summary>
internal static class EditBuildBenchmark
{
    // Issue 14's targets.
    private const double ColdEditTargetRatio = 1.15;
    private const double HandlerAnalyzerTargetSeconds = 0.1;
    private const string HandlerAnalyzer = "LambdaKit.Analyzers.HandlerAnalyzer";
    private const int WarmupBuilds = 2;
    private static readonly string[] Frameworks = ["net8.0", "net10.0"];

    public static async Task<bool> RunAsync(BenchmarkSettings settings)
    {
        string root = BenchmarkHost.RepositoryRoot();
        string feed = Path.Combine(root, "artifacts", "packages");
        string work = Path.Combine(root, "artifacts", "benchmarks", "editbuild");
        Console.WriteLine("Edit build: packing src/LambdaKit into artifacts/packages (unmeasured) ...");
        (await BenchmarkHost.DotnetAsync("pack", Path.Combine(root, "src", "LambdaKit", "LambdaKit.csproj"), "-c", "Release")).ThrowIfFailed();
        string version = EditBuildProject.PackageVersion(feed);

        // A private packages folder: the machine's NuGet cache may hold an older LambdaKit of the same version, and the
        // one just packed is evicted from this folder on every run, so the builds always use the current package.
        string packages = Path.Combine(work, "packages");
        if (Directory.Exists(Path.Combine(packages, "lambdakit")))
        {
            Directory.Delete(Path.Combine(packages, "lambdakit"), recursive: true);
        }

        EditBuildProject.WriteRoot(work);
        var handlers = GeneratorBenchmark.Sources(EditBuildProject.HandlerFiles)
            .Where(s => s.Path.StartsWith("/src/Module", StringComparison.Ordinal))
            .Select(s => (Path.GetFileName(s.Path), s.Text))
            .ToList();
        var runner = new EditBuildRunner(packages, feed, $"lambdakit-editbuild-{Environment.ProcessId}");
        bool passed = true;
        try
        {
            foreach (string framework in Frameworks)
            {
                passed &= await RunFrameworkAsync(settings, runner, Path.Combine(work, framework), framework, version, handlers);
            }
        }
        finally
        {
            runner.StopCompilerServer();
        }

        return passed;
    }

    private static async Task<bool> RunFrameworkAsync(BenchmarkSettings settings, EditBuildRunner runner, string work, string framework, string version, List<(string Name, string Text)> handlers)
    {
        Console.WriteLine($"Edit build, {framework}: writing the projects and building each once (unmeasured; restore, first compile) ...");
        var lambdaKit = EditBuildProject.Write(Path.Combine(work, "lambdakit"), framework, EditBuildVariant.LambdaKit, version, handlers, []);
        var runtimeOnly = EditBuildProject.Write(Path.Combine(work, "runtime-only"), framework, EditBuildVariant.RuntimeOnly, version, handlers, []);
        string generatedFolder = Path.Combine(work, "generated");
        if (Directory.Exists(generatedFolder))
        {
            Directory.Delete(generatedFolder, recursive: true);
        }

        (await runner.ColdAsync(lambdaKit, "-p:EmitCompilerGeneratedFiles=true", $"-p:CompilerGeneratedFilesOutputPath={generatedFolder}")).ThrowIfFailed();
        (await runner.ColdAsync(runtimeOnly)).ThrowIfFailed();
        var generated = Directory.GetFiles(Path.Combine(generatedFolder, "LambdaKit.Generators"), "*.cs", SearchOption.AllDirectories)
            .Select(file => (Path.GetFileName(file), File.ReadAllText(file)))
            .ToList();
        var asSources = EditBuildProject.Write(Path.Combine(work, "generated-as-sources"), framework, EditBuildVariant.GeneratedAsSources, version, handlers, generated);
        (await runner.ColdAsync(asSources)).ThrowIfFailed();
        long userChars = handlers.Sum(h => (long)h.Text.Length);
        Console.WriteLine($"User code: {handlers.Count * 10} handlers in {handlers.Count} files, {userChars:N0} characters; LambdaKit's generator wrote {string.Join(", ", generated.Select(g => $"{g.Item1} {g.Item2.Length:N0}"))} characters ({Stats.Format(generated.Sum(g => (double)g.Item2.Length) / userChars, "F1")}x the user code).");

        var results = new EditBuildResults();
        int answer = 1;
        Console.WriteLine($"Edit build, {framework}: {settings.EditBuildRounds} cold rounds ...");
        for (int round = 0; round < settings.EditBuildRounds; round++)
        {
            var order = new[] { lambdaKit, runtimeOnly, asSources };
            foreach (var project in round % 2 == 0 ? order : order.Reverse())
            {
                project.Edit(answer++);
                results.Add("cold edit", project.Variant, await runner.ColdAsync(project));
                if (project.Variant != EditBuildVariant.GeneratedAsSources)
                {
                    results.Add("cold no-op", project.Variant, await runner.ColdAsync(project));
                }
            }
        }

        Console.WriteLine($"Edit build, {framework}: {WarmupBuilds} warm-up builds of each, then {settings.EditBuildRounds} warm rounds (compiler server {runner.ServerId}) ...");
        for (int i = 0; i < WarmupBuilds; i++)
        {
            foreach (var project in new[] { lambdaKit, runtimeOnly })
            {
                project.Edit(answer++);
                (await runner.WarmAsync(project)).ThrowIfFailed();
            }
        }

        for (int round = 0; round < settings.EditBuildRounds; round++)
        {
            var order = new[] { lambdaKit, runtimeOnly };
            foreach (var project in round % 2 == 0 ? order : order.Reverse())
            {
                project.Edit(answer++);
                results.Add("warm edit", project.Variant, await runner.WarmAsync(project));
                results.Add("warm no-op", project.Variant, await runner.WarmAsync(project));
            }
        }

        Console.WriteLine($"Edit build, {framework}: {settings.EditBuildSplitRounds} cold edit builds with -p:ReportAnalyzer=true -v:d ...");
        var reports = new List<AnalyzerReport>();
        var splitCoreCompile = new List<double>();
        for (int i = 0; i < settings.EditBuildSplitRounds; i++)
        {
            lambdaKit.Edit(answer++);
            var run = await runner.ColdAsync(lambdaKit, "-p:ReportAnalyzer=true", "-v:d");
            run.ThrowIfFailed();
            reports.Add(AnalyzerReport.Parse(run.Output));
            splitCoreCompile.Add(EditBuildResults.CoreCompileMs(run));
        }

        Console.WriteLine();
        Console.WriteLine(results.Table(framework));
        Console.WriteLine(SplitTable(framework, reports, splitCoreCompile, results));
        return PrintTargets(framework, results, reports);
    }

    private static string SplitTable(string framework, List<AnalyzerReport> reports, List<double> splitCoreCompile, EditBuildResults results)
    {
        double Median(Func<AnalyzerReport, IReadOnlyDictionary<string, double>> section, string name) =>
            Stats.Median(reports.Select(r => section(r).GetValueOrDefault(name)).ToList());

        var table = new Table($"cold edit build, {framework}, LambdaKit: where CoreCompile goes", "median s");
        table.Add("CoreCompile (the ReportAnalyzer builds)", Stats.Format(Stats.Median(splitCoreCompile) / 1000, "F2"));
        AddSection(table, "analyzer", reports[0].Analyzers.Keys, reports[0].Assemblies, name => Median(r => r.Analyzers, name));
        AddSection(table, "generator", reports[0].Generators.Keys, reports[0].Assemblies, name => Median(r => r.Generators, name));

        // Compiling LambdaKit's generated code, seen from outside: the same project without LambdaKit, once without and
        // once with the generated files as plain sources (no generator or LambdaKit analyzer runs in either).
        double plain = results.MedianCoreCompileMs("cold edit", EditBuildVariant.RuntimeOnly);
        double withGenerated = results.MedianCoreCompileMs("cold edit", EditBuildVariant.GeneratedAsSources);
        double withLambdaKit = results.MedianCoreCompileMs("cold edit", EditBuildVariant.LambdaKit);
        table.Add("CoreCompile, cold edit builds: without LambdaKit", Stats.Format(plain / 1000, "F2"));
        table.Add("  with the generated code as plain sources (+ compiling it)", Stats.Format(withGenerated / 1000, "F2"));
        table.Add("  with LambdaKit", Stats.Format(withLambdaKit / 1000, "F2"));
        return table.ToString();
    }

    /// <summary>In the report's order, assemblies with their types indented: 20 ms or more, and every LambdaKit entry from 5 ms.</summary>
    private static void AddSection(Table table, string kind, IEnumerable<string> names, IReadOnlySet<string> assemblies, Func<string, double> median)
    {
        foreach (string name in names.Where(name => median(name) >= 0.02 || (name.StartsWith("LambdaKit.", StringComparison.Ordinal) && median(name) >= 0.005)))
        {
            table.Add($"{(assemblies.Contains(name) ? "  " : "      ")}{kind} {name}", Stats.Format(median(name), "F3"));
        }
    }

    private static bool PrintTargets(string framework, EditBuildResults results, List<AnalyzerReport> reports)
    {
        bool passed = true;
        if (framework == "net8.0")
        {
            double ratio = results.Ratio("cold edit");
            bool coldPassed = ratio <= ColdEditTargetRatio;
            Console.WriteLine($"Target: cold net8.0 edit build at most {ColdEditTargetRatio:F2}x the build without LambdaKit (median of rounds): {(coldPassed ? "PASS" : "FAIL")} ({Stats.Format(ratio, "F2")}x)");
            passed &= coldPassed;
        }

        foreach (string kind in new[] { "warm edit", "warm no-op" })
        {
            double ratio = results.Ratio(kind);
            double noise = results.Noise(kind);
            bool level = Math.Abs(ratio - 1) <= noise;
            Console.WriteLine($"Target: {framework} {kind} build level with the build without LambdaKit within noise: {(level ? "PASS" : "FAIL")} ({Stats.Format(ratio, "F2")}x; noise: the baseline's (max - min) / median = {Stats.Format(noise, "F2")})");
            passed &= level;
        }

        double handlerSeconds = Stats.Median(reports.Select(r => r.Analyzers.GetValueOrDefault(HandlerAnalyzer)).ToList());
        bool handlerPassed = handlerSeconds < HandlerAnalyzerTargetSeconds;
        Console.WriteLine($"Target: {framework} HandlerAnalyzer under {HandlerAnalyzerTargetSeconds:F1} s for 200 handlers in a cold build (median): {(handlerPassed ? "PASS" : "FAIL")} ({Stats.Format(handlerSeconds, "F3")} s)");
        Console.WriteLine();
        return passed && handlerPassed;
    }
}

/// <summary>Runs the builds: cold without any build server, warm against this run's own compiler server.</summary>
internal sealed class EditBuildRunner(string packages, string feed, string serverId)
{
    public string ServerId => serverId;

    public Task<DotnetRun> ColdAsync(EditBuildProject project, params string[] extra) =>
        BenchmarkHost.DotnetAsync([.. Common(project), "-p:UseSharedCompilation=false", .. extra]);

    /// <summary>
    /// With the compiler server on: its own pipe name (SharedCompilationId), so other builds on the machine neither use
    /// it nor warm it, and MSBuild without node reuse, so no MSBuild node outlives the build.
    /// </summary>
    public Task<DotnetRun> WarmAsync(EditBuildProject project) =>
        BenchmarkHost.DotnetWithBuildServersAsync(Path.Combine(project.Directory, "warm-build.log"), [.. Common(project), "-p:UseSharedCompilation=true", $"-p:SharedCompilationId={serverId}", "-nodeReuse:false"]);

    /// <summary>Ends the compiler server that the warm builds started, found by its pipe name.</summary>
    public void StopCompilerServer()
    {
        foreach (var process in Process.GetProcesses())
        {
            string commandLine;
            try
            {
                commandLine = File.ReadAllText($"/proc/{process.Id}/cmdline");
            }
            catch (IOException)
            {
                continue;
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }

            if (commandLine.Contains("VBCSCompiler", StringComparison.Ordinal) && commandLine.Contains($"-pipename:{serverId}", StringComparison.Ordinal))
            {
                process.Kill();
                process.WaitForExit();
            }
        }
    }

    // LambdaKit comes from artifacts/packages, as for the samples, everything else from the machine's feeds.
    private string[] Common(EditBuildProject project) =>
        ["build", project.ProjectPath, $"-p:RestorePackagesPath={packages}", $"-p:RestoreAdditionalProjectSources={feed}", "-clp:PerformanceSummary"];
}
