using System.Globalization;
using System.IO.Compression;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace LambdaKit.Build.Tasks;

/// <summary>
/// Writes a function's deployment zip from its published files, checks it against Lambda's quotas and the target
/// architecture and runtime (LK5001-LK5008, LK5011), and logs a one-screen summary. A package with an error is not left on
/// disk: Lambda would reject it or the function would fail.
/// </summary>
public sealed class CreateLambdaPackage : Microsoft.Build.Utilities.Task
{
    /// <summary>The direct-upload limit, <c>CodeSizeZipped</c> (lambda-facts §1.5).</summary>
    public const long DefaultMaxZipSize = 52_428_800;

    /// <summary>The unzipped limit for the package plus layers, <c>CodeSizeUnzipped</c> (lambda-facts §1.5).</summary>
    public const long DefaultMaxUnzippedSize = 262_144_000;

    /// <summary>Layers per function (lambda-facts §1.1).</summary>
    public const int DefaultMaxLayers = 5;

    private const string BootstrapName = "bootstrap";
    private const int LargestFilesShown = 5;
    private const int MaxSymbolsShown = 5;

    /// <summary>The files to package. The entry name is the <c>RelativePath</c> or <c>TargetPath</c> metadata, else the path relative to <see cref="SourceDirectory"/>, else the file name.</summary>
    [Required]
    public ITaskItem[] Files { get; set; } = [];

    /// <summary>The folder the files were published to; names entries of files without path metadata.</summary>
    public string? SourceDirectory { get; set; }

    /// <summary><c>x86_64</c> or <c>arm64</c>.</summary>
    [Required]
    public string Architecture { get; set; } = string.Empty;

    /// <summary><c>dotnet8</c>, <c>dotnet10</c>, <c>provided.al2023</c> or <c>provided.al2</c>.</summary>
    [Required]
    public string Runtime { get; set; } = string.Empty;

    /// <summary>The function's handler, for the summary.</summary>
    public string? Handler { get; set; }

    /// <summary>Layer zips or folders, counted toward the unzipped quota and the layer limit.</summary>
    public ITaskItem[] Layers { get; set; } = [];

    /// <summary>Where to write the zip.</summary>
    [Required]
    public string OutputPath { get; set; } = string.Empty;

    /// <summary>The entry that Lambda must start as <c>bootstrap</c> (the Native AOT binary or apphost, named after the assembly); renamed in the zip.</summary>
    public string? BootstrapEntry { get; set; }

    /// <summary>Leave out <c>.pdb</c> and <c>.dbg</c> files (Native AOT: the binary is stripped and the symbols stay in bin).</summary>
    public bool ExcludeSymbols { get; set; }

    /// <summary>Report LK5001 as a warning: the function is deployed through S3, where the 50 MB direct-upload limit does not apply.</summary>
    public bool ZipSizeIsWarning { get; set; }

    /// <summary>The zipped-size limit; tests lower it instead of writing 50 MB.</summary>
    public long MaxZipSize { get; set; } = DefaultMaxZipSize;

    /// <summary>The unzipped-size limit (package plus layers).</summary>
    public long MaxUnzippedSize { get; set; } = DefaultMaxUnzippedSize;

    /// <summary>The layer limit.</summary>
    public int MaxLayers { get; set; } = DefaultMaxLayers;

    /// <summary>The date deprecations are judged on; tests set it, builds use today's (UTC).</summary>
    internal DateTime Today { get; set; } = DateTime.UtcNow.Date;

    /// <summary>The zip written, or empty when an error kept it from being kept.</summary>
    [Output]
    public string ZipPath { get; private set; } = string.Empty;

    /// <summary>The zip's size in bytes.</summary>
    [Output]
    public long ZipSize { get; private set; }

    /// <summary>The package's unzipped size in bytes, layers not included.</summary>
    [Output]
    public long UnzippedSize { get; private set; }

    /// <inheritdoc/>
    public override bool Execute()
    {
        var architecture = LambdaTargets.FindArchitecture(Architecture);
        if (architecture is null)
        {
            Log.LogError($"LambdaArchitecture '{Architecture}' is not a Lambda architecture: use {LambdaTargets.ArchitectureNames}.");
            return false;
        }

        var runtime = LambdaRuntimeInfo.Find(Runtime);
        if (runtime is null)
        {
            Log.LogError($"LambdaRuntime '{Runtime}' is not supported: use {string.Join(", ", LambdaRuntimeInfo.Names)}.");
            return false;
        }

        CheckDeprecation(runtime);
        var entries = CollectEntries();
        var layers = Layers.Select(ReadLayer).ToList();
        if (Log.HasLoggedErrors)
        {
            return false;
        }

        var output = Path.GetFullPath(OutputPath);
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        var temporary = output + ".tmp";
        ZipResult zip;
        try
        {
            zip = DeterministicZip.WriteFile(entries.Select(e => ZipInput.FromFile(e.Name, e.SourcePath)), temporary);
        }
        catch (Exception e) when (e is ZipInputException or IOException or UnauthorizedAccessException)
        {
            Log.LogError($"Cannot write the Lambda package {output}: {e.Message}");
            File.Delete(temporary);
            return false;
        }

        ZipSize = zip.ZipSize;
        UnzippedSize = zip.TotalUncompressedSize;
        var natives = entries.Select(e => (Entry: e, Info: NativeFileReader.Read(e.SourcePath))).ToList();
        CheckSizes(zip, layers, output);
        CheckBootstrap(runtime, entries, layers, output);
        CheckNativeFiles(architecture, runtime, natives, entries, layers);

        if (Log.HasLoggedErrors)
        {
            // Lambda would reject the package or the function would fail: leave no zip that looks deployable.
            File.Delete(temporary);
            File.Delete(output);
            return false;
        }

        File.Delete(output);
        File.Move(temporary, output);
        ZipPath = output;
        LogSummary(output, runtime, zip, layers, natives);
        return true;
    }

    private List<PackageEntry> CollectEntries()
    {
        var entries = new List<PackageEntry>();
        var source = string.IsNullOrEmpty(SourceDirectory) ? null : Path.GetFullPath(SourceDirectory!);
        foreach (var item in Files)
        {
            var path = Path.GetFullPath(item.ItemSpec);
            var name = item.GetMetadata("RelativePath");
            if (name.Length == 0)
            {
                name = item.GetMetadata("TargetPath");
            }

            if (name.Length == 0)
            {
                name = source is not null && path.StartsWith(source.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                    ? path.Substring(source.TrimEnd(Path.DirectorySeparatorChar).Length + 1)
                    : Path.GetFileName(path);
            }

            name = name.Replace('\\', '/');
            if (ExcludeSymbols && (name.EndsWith(".pdb", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".dbg", StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            if (!File.Exists(path))
            {
                Log.LogError($"The file {path} to package does not exist.");
                continue;
            }

            if (!string.IsNullOrEmpty(BootstrapEntry) && name == BootstrapEntry!.Replace('\\', '/'))
            {
                name = BootstrapName;
            }

            entries.Add(new PackageEntry(name, path));
        }

        return entries;
    }

    private LayerInfo ReadLayer(ITaskItem item)
    {
        var path = Path.GetFullPath(item.ItemSpec);
        if (Directory.Exists(path))
        {
            var files = Directory.GetFiles(path, "*", SearchOption.AllDirectories);
            return new LayerInfo(
                files.Sum(f => new FileInfo(f).Length),
                File.Exists(Path.Combine(path, BootstrapName)),
                files.Select(Path.GetFileName).ToList());
        }

        if (!File.Exists(path))
        {
            Log.LogError($"The layer {path} does not exist: a LambdaLayer item names a layer zip or a folder of its contents.");
            return new LayerInfo(0, false, []);
        }

        try
        {
            using var archive = ZipFile.OpenRead(path);
            var files = archive.Entries.Where(e => !e.FullName.EndsWith("/", StringComparison.Ordinal)).ToList();
            return new LayerInfo(
                files.Sum(e => e.Length),
                files.Any(e => e.FullName == BootstrapName),
                files.Select(e => e.Name).ToList());
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            Log.LogError($"The layer {path} is neither a folder nor a readable zip: {e.Message}");
            return new LayerInfo(0, false, []);
        }
    }

    private void CheckSizes(ZipResult zip, List<LayerInfo> layers, string output)
    {
        if (zip.ZipSize > MaxZipSize)
        {
            var message = $"The Lambda package is {Bytes(zip.ZipSize)} bytes zipped, over the {Bytes(MaxZipSize)}-byte (50 MB) limit for a direct upload. Deploy through S3 (then set LambdaUploadThroughS3=true) or make the package smaller.";
            Report(RuleIdentifiers.ZipTooLarge, output, message, asWarning: ZipSizeIsWarning);
        }

        var layerBytes = layers.Sum(l => l.UnzippedSize);
        if (zip.TotalUncompressedSize + layerBytes > MaxUnzippedSize)
        {
            var message = $"The Lambda package unzips to {Bytes(zip.TotalUncompressedSize)} bytes and its {layers.Count} layer(s) to {Bytes(layerBytes)}: {Bytes(zip.TotalUncompressedSize + layerBytes)} in all, over the {Bytes(MaxUnzippedSize)}-byte (250 MB) limit for a function and its layers.";
            Report(RuleIdentifiers.UnzippedTooLarge, output, message);
        }

        if (layers.Count > MaxLayers)
        {
            Report(RuleIdentifiers.TooManyLayers, output, $"The function lists {layers.Count} layers; Lambda allows at most {MaxLayers} per function.");
        }
    }

    private void CheckBootstrap(LambdaRuntimeInfo runtime, List<PackageEntry> entries, List<LayerInfo> layers, string output)
    {
        // Lambda falls back to a layer's bootstrap (extracted to /opt) when the package has none (lambda-facts §4.2).
        if (!runtime.IsProvided || entries.Any(e => e.Name == BootstrapName) || layers.Any(l => l.HasBootstrap))
        {
            return;
        }

        var hint = string.IsNullOrEmpty(BootstrapEntry)
            ? "Publish with Native AOT or self-contained (LambdaKit names the executable bootstrap), or include a bootstrap file at the package root"
            : $"The executable '{BootstrapEntry}' that would have become bootstrap was not among the published files";
        Report(RuleIdentifiers.BootstrapMissing, output, $"The runtime {runtime.Name} starts an executable named bootstrap at the package root, and the package has none. {hint}.");
    }

    private void CheckNativeFiles(LambdaTargetArchitecture architecture, LambdaRuntimeInfo runtime, List<(PackageEntry Entry, NativeFileInfo Info)> natives, List<PackageEntry> entries, List<LayerInfo> layers)
    {
        var shipped = new HashSet<string>(entries.Select(e => Path.GetFileName(e.Name)).Concat(layers.SelectMany(l => l.FileNames)), StringComparer.Ordinal);
        var target = architecture.InstructionSet;
        var targetName = architecture.Name;
        foreach (var (entry, info) in natives)
        {
            if (info.Problem is not null && info.IsBinary)
            {
                Report(RuleIdentifiers.NativeFileUnreadable, entry.SourcePath, $"The package entry '{entry.Name}' could not be read completely ({info.Problem}); its machine and glibc needs are unverified.");
            }

            switch (info.Format)
            {
                case NativeFileFormat.Elf:
                    CheckElf(entry, info, target, targetName, runtime, shipped);
                    break;
                case NativeFileFormat.PE when info.Managed is null || info.Managed.Platform == ManagedPlatform.MixedMode:
                    Report(RuleIdentifiers.NativeFileWrongOperatingSystem, entry.SourcePath, $"The package entry '{entry.Name}' is a Windows {(info.Managed is null ? "native" : "mixed-mode (C++/CLI)")} file ({Slices(info)}); Lambda runs Linux only, so it is dead weight or a load failure.");
                    break;
                case NativeFileFormat.PE when info.Managed is { Platform: ManagedPlatform.X86 }:
                    Report(RuleIdentifiers.NativeFileWrongMachine, entry.SourcePath, $"The package entry '{entry.Name}' is a .NET assembly marked 32-bit x86 only; it cannot load in a 64-bit {targetName} function.");
                    break;
                case NativeFileFormat.PE when info.Managed is { Platform: ManagedPlatform.PlatformSpecific, IsReadyToRun: false } && !info.HasArchitecture(target):
                    Report(RuleIdentifiers.NativeFileWrongMachine, entry.SourcePath, $"The package entry '{entry.Name}' is a .NET assembly built for {Slices(info)} only; it cannot load in a {targetName} function.");
                    break;
                case NativeFileFormat.MachO:
                    Report(RuleIdentifiers.NativeFileWrongOperatingSystem, entry.SourcePath, $"The package entry '{entry.Name}' is a macOS Mach-O file ({Slices(info)}); Lambda runs Linux only, so it is dead weight or a load failure.");
                    break;
            }
        }
    }

    /// <summary>A runtime with a new enough glibc that is not deprecated today, as ", or use provided.al2023 (glibc 2.34)".</summary>
    private static string NewerRuntimeAdvice(LambdaRuntimeInfo runtime, Version glibc) =>
        LambdaRuntimeInfo.SupportedOn(DateTime.UtcNow).FirstOrDefault(r => r.IsProvided == runtime.IsProvided && r.Glibc >= glibc && r.Glibc > runtime.Glibc) is { } newer
            ? $", or use {newer.Name} (glibc {newer.Glibc})"
            : string.Empty;

    private void CheckElf(PackageEntry entry, NativeFileInfo info, NativeArchitecture target, string targetName, LambdaRuntimeInfo runtime, HashSet<string> shipped)
    {
        if (info.Slices.Count > 0 && !info.HasArchitecture(target))
        {
            Report(RuleIdentifiers.NativeFileWrongMachine, entry.SourcePath, $"The package entry '{entry.Name}' is built for {Slices(info)}, but the function runs on {targetName}: loading it fails with 'exec format error'.");
        }

        if (info.MaxGlibcVersion is { } glibc && glibc > runtime.Glibc)
        {
            var needs = string.Join(", ", info.VersionNeeds.Where(n => n.Contains("GLIBC_" + glibc.ToString())));
            var symbols = info.SymbolsNeedingGlibc(glibc);
            var shown = symbols.Count == 0 ? string.Empty : $" for {string.Join(", ", symbols.Take(MaxSymbolsShown))}{(symbols.Count > MaxSymbolsShown ? $" and {symbols.Count - MaxSymbolsShown} more" : string.Empty)}";
            Report(RuleIdentifiers.GlibcTooNew, entry.SourcePath, $"The package entry '{entry.Name}' needs glibc {glibc} ({needs}){shown}, but {runtime.Name} runs on {runtime.Image} with glibc {runtime.Glibc}: it fails to start with 'GLIBC_{glibc} not found'. Build it on or for {runtime.Image} (glibc {runtime.Glibc} or older){NewerRuntimeAdvice(runtime, glibc)}.");
        }

        foreach (var needed in info.Needed)
        {
            if (!shipped.Contains(needed) && runtime.WhyAbsent(needed) is { } why)
            {
                Report(RuleIdentifiers.NeededLibraryAbsent, entry.SourcePath, $"The package entry '{entry.Name}' needs {needed}, which neither the package nor its layers contain and the {runtime.Name} image lacks: {why}.");
            }
        }
    }

    private void CheckDeprecation(LambdaRuntimeInfo runtime)
    {
        if (runtime.Support is not { Deprecated: { } deprecated } support || !support.IsDeprecatedOn(Today))
        {
            return;
        }

        var since = deprecated.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var consequence = support.CreationBlocked is { } blocked
            ? $"; new functions cannot be created on it from {blocked.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}"
            : string.Empty;
        var instead = runtime.IsProvided
            ? "use LambdaRuntime=provided.al2023"
            : $"target {string.Join(" or ", LambdaRuntimeInfo.SupportedOn(Today).Where(r => !r.IsProvided).Select(r => $"net{r.ManagedMajorVersion}.0 ({r.Name})"))}, or publish Native AOT for provided.al2023";
        Report(RuleIdentifiers.PackageRuntimeDeprecated, OutputPath, $"Lambda deprecated the {runtime.Name} runtime on {since}{consequence}. Existing functions still run, but the runtime gets no more security updates: {instead}.");
    }

    /// <summary>Logs <paramref name="code"/> with the severity of the rule table, or as a warning when <paramref name="asWarning"/>.</summary>
    private void Report(string code, string file, string message, bool asWarning = false)
    {
        var rule = RuleTable.Get(code);
        if (asWarning || rule.Severity != RuleSeverity.Error)
        {
            Log.LogWarning(null, code, null, rule.HelpUri, file, 0, 0, 0, 0, message);
        }
        else
        {
            Log.LogError(null, code, null, rule.HelpUri, file, 0, 0, 0, 0, message);
        }
    }

    private void LogSummary(string output, LambdaRuntimeInfo runtime, ZipResult zip, List<LayerInfo> layers, List<(PackageEntry Entry, NativeFileInfo Info)> natives)
    {
        var layerBytes = layers.Sum(l => l.UnzippedSize);
        var unzipped = zip.TotalUncompressedSize + layerBytes;
        var glibc = natives.Where(n => n.Info.MaxGlibcVersion is not null).OrderByDescending(n => n.Info.MaxGlibcVersion).FirstOrDefault();
        var text = new StringBuilder();
        text.Append("LambdaKit package: ").Append(output).Append('\n');
        text.Append("  architecture  ").Append(Architecture).Append('\n');
        text.Append("  runtime       ").Append(runtime.Name).Append(" (").Append(runtime.Image).Append(")\n");
        text.Append("  handler       ").Append(runtime.IsProvided ? BootstrapName : Handler ?? string.Empty).Append('\n');
        text.Append("  zipped        ").Append(Bytes(zip.ZipSize)).Append(" of ").Append(Bytes(MaxZipSize)).Append(" bytes (").Append(Percent(zip.ZipSize, MaxZipSize)).Append(")\n");
        text.Append("  unzipped      ").Append(Bytes(zip.TotalUncompressedSize));
        if (layers.Count > 0)
        {
            text.Append(" + ").Append(Bytes(layerBytes)).Append(" in ").Append(layers.Count).Append(" layer(s)");
        }

        text.Append(" of ").Append(Bytes(MaxUnzippedSize)).Append(" bytes (").Append(Percent(unzipped, MaxUnzippedSize)).Append(")\n");
        text.Append("  glibc need    ");
        text.Append(glibc.Info is null ? "none" : $"{glibc.Info.MaxGlibcVersion} ({glibc.Entry.Name})").Append(" vs ").Append(runtime.Glibc).Append(" on ").Append(runtime.Image).Append('\n');
        text.Append("  largest files");
        foreach (var entry in zip.Entries.OrderByDescending(e => e.UncompressedSize).ThenBy(e => e.Name, StringComparer.Ordinal).Take(LargestFilesShown))
        {
            text.Append("\n    ").Append(Bytes(entry.UncompressedSize).PadLeft(13)).Append("  ").Append(entry.Name);
        }

        foreach (var line in text.ToString().Split('\n'))
        {
            Log.LogMessage(MessageImportance.High, line);
        }
    }

    private static string Slices(NativeFileInfo info) => info.Slices.Count == 0
        ? "an unknown machine"
        : string.Join(" + ", info.Slices.Select(s => LambdaTargets.FindArchitecture(s.Architecture)?.Name ?? s.Architecture switch
        {
            NativeArchitecture.Other => "machine 0x" + s.Machine.ToString("x", CultureInfo.InvariantCulture),
            _ => s.Architecture.ToString().ToLowerInvariant(),
        }));

    private static string Bytes(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Percent(long value, long limit) => (100.0 * value / limit).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private sealed class PackageEntry(string name, string sourcePath)
    {
        public string Name { get; } = name;

        public string SourcePath { get; } = sourcePath;
    }

    private sealed class LayerInfo(long unzippedSize, bool hasBootstrap, IReadOnlyList<string> fileNames)
    {
        public long UnzippedSize { get; } = unzippedSize;

        public bool HasBootstrap { get; } = hasBootstrap;

        public IReadOnlyList<string> FileNames { get; } = fileNames;
    }
}
