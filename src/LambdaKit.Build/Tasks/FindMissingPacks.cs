using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace LambdaKit.Build.Tasks;

/// <summary>
/// Finds the packages a publish mode needs (runtime, host, ILCompiler and Crossgen2 packs) that are not in the NuGet
/// global packages folder. With <see cref="ReportErrors"/> it stops the build with LK5009 naming them and the
/// supported alternative, instead of the restore failure the SDK would give.
/// </summary>
public sealed class FindMissingPacks : Microsoft.Build.Utilities.Task
{
    /// <summary>Package ids with <c>Version</c> metadata (the SDK's <c>_PackageToDownload</c> and implicit package references).</summary>
    [Required]
    public ITaskItem[] Packages { get; set; } = [];

    /// <summary>The NuGet global packages folder.</summary>
    [Required]
    public string PackageRoot { get; set; } = string.Empty;

    /// <summary>
    /// Every folder restore takes packages from (<c>$(NuGetPackageFolders)</c>: the global packages folder and the
    /// fallback folders). The SDK uses a pack found in a fallback folder without copying it to the global one.
    /// </summary>
    public string[] PackageFolders { get; set; } = [];

    /// <summary>Log LK5009 for what is missing (after a restore had the chance to fetch it).</summary>
    public bool ReportErrors { get; set; }

    /// <summary>What was being built, e.g. "a Native AOT package for linux-arm64".</summary>
    public string? Purpose { get; set; }

    /// <summary>The supported alternative, e.g. "arm64 is supported here only framework-dependent: set PublishAot=false, ...".</summary>
    public string? Alternative { get; set; }

    /// <summary>The project the error is reported on.</summary>
    public string? ProjectFile { get; set; }

    /// <summary>The packages in neither <see cref="PackageRoot"/> nor <see cref="PackageFolders"/>.</summary>
    [Output]
    public ITaskItem[] Missing { get; private set; } = [];

    /// <inheritdoc/>
    public override bool Execute()
    {
        Missing = Packages
            .Where(p => !IsPresent(p))
            .GroupBy(p => p.ItemSpec + "/" + Version(p), StringComparer.OrdinalIgnoreCase)
            .Select(g => (ITaskItem)new TaskItem(g.First().ItemSpec, new Dictionary<string, string> { ["Version"] = Version(g.First()) }))
            .ToArray();
        if (ReportErrors && Missing.Length > 0)
        {
            var names = string.Join(", ", Missing.Select(p => p.ItemSpec + " " + p.GetMetadata("Version")));
            var message = $"{Purpose ?? "This publish"} needs {names}, which the NuGet feeds available to this build do not have. {Alternative}".TrimEnd();
            var rule = RuleTable.Get(RuleIdentifiers.RequiredPackMissing);
            Log.LogError(null, rule.Id, null, rule.HelpUri, ProjectFile ?? BuildEngine.ProjectFileOfTaskNode, 0, 0, 0, 0, message);
        }

        return !Log.HasLoggedErrors;
    }

    private bool IsPresent(ITaskItem package) =>
        PackageFolders.Prepend(PackageRoot).Where(root => root.Trim().Length > 0).Any(root =>
        {
            // NuGet writes .nupkg.metadata last when it extracts a package: its presence means a complete package.
            var folder = Path.Combine(root.Trim(), package.ItemSpec.ToLowerInvariant(), Version(package).ToLowerInvariant());
            return File.Exists(Path.Combine(folder, ".nupkg.metadata"));
        });

    private static string Version(ITaskItem package) => package.GetMetadata("Version").Trim('[', ']', ' ');
}
