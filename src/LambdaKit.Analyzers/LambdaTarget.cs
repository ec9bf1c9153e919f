using System;
using System.IO;
using System.Threading;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LambdaKit.Analyzers;

/// <summary>What the analyzers know about the Lambda target of a compilation.</summary>
internal static class LambdaTarget
{
    /// <summary>The MSBuild property <c>LambdaArchitecture</c>, visible through <c>CompilerVisibleProperty</c>.</summary>
    public const string ArchitectureOption = "build_property.LambdaArchitecture";

    /// <summary>The native asset manifest among the additional files, or null when the build wrote none.</summary>
    public static NativeAssetManifest? ReadManifest(AnalyzerOptions options, CancellationToken cancellationToken)
    {
        foreach (var file in options.AdditionalFiles)
        {
            if (!string.Equals(Path.GetFileName(file.Path), NativeAssetManifest.FileName, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var text = file.GetText(cancellationToken);
            if (text is null)
            {
                return null;
            }

#pragma warning disable CA1031 // Parse is tested never to throw; if it ever did, one unreadable file must not turn into AD0001 on every build.
            try
            {
                return NativeAssetManifest.Parse(text.ToString());
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                return null;
            }
#pragma warning restore CA1031
        }

        return null;
    }

    /// <summary>
    /// The target architecture: the <c>LambdaArchitecture</c> property when it is set to a known value (the user's
    /// own setting), else the manifest's target, else <see cref="NativeArchitecture.Unknown"/>.
    /// </summary>
    public static NativeArchitecture GetArchitecture(AnalyzerOptions options, NativeAssetManifest? manifest)
    {
        if (options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue(ArchitectureOption, out var value)
            && LambdaTargets.ParseArchitecture(value) is { } architecture)
        {
            return architecture.InstructionSet;
        }

        return manifest?.Target?.Architecture ?? NativeArchitecture.Unknown;
    }
}
