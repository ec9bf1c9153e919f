using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace LambdaKit.Build.Tasks;

/// <summary>
/// Reads the headers of every native file the project resolves, for every RID, and writes the native asset manifest
/// the LK4xxx analyzers read from <c>AdditionalFiles</c> (blueprint §6). A file is "selected" when a publish for the
/// target would ship it: NuGet takes a package's native files from one RID folder only, the first of the target RID's
/// fallback chain the package has native files for, so a package with <c>runtimes/linux-arm64/native</c> ships nothing
/// from its <c>runtimes/linux/native</c> on linux-arm64.
/// </summary>
public sealed class WriteNativeAssetManifest : Microsoft.Build.Utilities.Task
{
    /// <summary>RID-specific native files (<c>RuntimeTargetsCopyLocalItems</c> of asset type native), with <c>RuntimeIdentifier</c> metadata.</summary>
    public ITaskItem[] RuntimeTargetsNativeItems { get; set; } = [];

    /// <summary>Native files already chosen for the build (<c>NativeCopyLocalItems</c>): RID-less ones, or the RID's when the build has a RID.</summary>
    public ITaskItem[] SelectedNativeItems { get; set; } = [];

    /// <summary><c>x86_64</c> or <c>arm64</c>.</summary>
    [Required]
    public string Architecture { get; set; } = string.Empty;

    /// <summary>The target RID; defaults to the architecture's Linux RID.</summary>
    public string? RuntimeIdentifier { get; set; }

    /// <summary>The manifest to write; rewritten only when its content changes, so incremental builds stay incremental.</summary>
    [Required]
    public string OutputFile { get; set; } = string.Empty;

    /// <inheritdoc/>
    public override bool Execute()
    {
        var architecture = LambdaTargets.FindArchitecture(Architecture);
        if (architecture is null)
        {
            Log.LogError($"LambdaArchitecture '{Architecture}' is not a Lambda architecture: use {LambdaTargets.ArchitectureNames}.");
            return false;
        }

        var rid = string.IsNullOrEmpty(RuntimeIdentifier) ? architecture.Rid : RuntimeIdentifier!;
        var chain = RidFallback(rid);
        var files = RuntimeTargetsNativeItems
            .GroupBy(i => i.GetMetadata("NuGetPackageId") + "/" + i.GetMetadata("NuGetPackageVersion"), StringComparer.OrdinalIgnoreCase)
            .SelectMany(package =>
            {
                var rids = package.Select(RidOf).ToList();
                var best = chain.FirstOrDefault(r => rids.Contains(r, StringComparer.OrdinalIgnoreCase));
                return package.Select(i => Describe(i, selected: best is not null && string.Equals(RidOf(i), best, StringComparison.OrdinalIgnoreCase)));
            })
            .Concat(SelectedNativeItems.Select(i => Describe(i, selected: true)))
            .GroupBy(f => f.Path, StringComparer.Ordinal)
            .Select(g => g.First())
            .OrderBy(f => f.Path, StringComparer.Ordinal)
            .ToList();
        var manifest = new NativeAssetManifest(new NativeAssetTarget(architecture.InstructionSet, rid), files);
        var text = new StringWriter();
        manifest.Write(text);
        var content = text.ToString();

        var path = Path.GetFullPath(OutputFile);
        if (File.Exists(path) && File.ReadAllText(path, Encoding.UTF8) == content)
        {
            return true;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        return true;
    }

    /// <summary>
    /// The RIDs whose assets a RID uses, most specific first, as in the .NET RID graph for Linux:
    /// <c>linux-arm64</c> → <c>linux</c> → <c>unix</c> → <c>any</c>; <c>linux-musl-x64</c> → <c>linux-musl</c> → <c>linux-x64</c> → <c>linux</c> → ...
    /// </summary>
    internal static IReadOnlyList<string> RidFallback(string rid)
    {
        var chain = new List<string> { rid };
        var dash = rid.LastIndexOf('-');
        if (dash > 0)
        {
            var os = rid.Substring(0, dash);
            var arch = rid.Substring(dash + 1);
            chain.Add(os);
            if (os.StartsWith("linux-", StringComparison.Ordinal))
            {
                chain.Add("linux-" + arch);
                chain.Add("linux");
            }

            if (os.StartsWith("linux", StringComparison.Ordinal) || os.StartsWith("osx", StringComparison.Ordinal) || os.StartsWith("freebsd", StringComparison.Ordinal))
            {
                chain.Add("unix");
            }
        }

        chain.Add("any");
        return chain.Distinct(StringComparer.Ordinal).ToList();
    }

    private static string RidOf(ITaskItem item)
    {
        var rid = item.GetMetadata("RuntimeIdentifier");
        return rid.Length > 0 ? rid : RidFolderOf(Path.GetFullPath(item.ItemSpec));
    }

    private static NativeAssetFile Describe(ITaskItem item, bool selected)
    {
        var path = Path.GetFullPath(item.ItemSpec);
        var rid = RidOf(item);
        var info = NativeFileReader.Read(path);
        var slice = info.Slices.Count > 0 ? info.Slices[0] : null;
        // The manifest names x86_64, arm64, x86 and arm; any other machine it records as other:<machine number>.
        var architecture = slice is null ? NativeArchitecture.Unknown
            : slice.Architecture is NativeArchitecture.X86_64 or NativeArchitecture.Arm64 or NativeArchitecture.X86 or NativeArchitecture.Arm ? slice.Architecture
            : NativeArchitecture.Other;
        return new NativeAssetFile(
            Path.GetFileName(path),
            rid,
            selected,
            architecture,
            architecture == NativeArchitecture.Other ? slice!.Machine : 0,
            info.OS,
            info.Format,
            path);
    }

    /// <summary>The <c>&lt;rid&gt;</c> of a <c>runtimes/&lt;rid&gt;/native/</c> path, or empty.</summary>
    private static string RidFolderOf(string path)
    {
        var parts = path.Replace('\\', '/').Split('/');
        for (var i = parts.Length - 3; i >= 0; i--)
        {
            if (parts[i] == "runtimes" && i + 2 < parts.Length && parts[i + 2] == "native")
            {
                return parts[i + 1];
            }
        }

        return string.Empty;
    }
}
