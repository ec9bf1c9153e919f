using LambdaKit.Tests.Shared;

namespace LambdaKit.EndToEnd.Tests;

/// <summary>
/// The feed the samples restore from (samples/nuget.config): artifacts/packages, packed from this repository once per
/// test run, as `bash eng/run-sample.sh` does. Packing replaces the cached copy of each package (Directory.Build.targets),
/// so the samples build against this code, not an older package of the same version.
/// </summary>
internal static class RepositoryFeed
{
    private static readonly TimeSpan PackTimeout = TimeSpan.FromMinutes(10);
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static bool s_packed;

    public static async Task EnsurePackedAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (s_packed)
            {
                return;
            }

            string root = RepositoryRoot.Find();
            string intermediate = Path.Combine(Path.GetTempPath(), "lambdakit-feed-" + Guid.NewGuid().ToString("N"));
            try
            {
                foreach (string project in new[] { "LambdaKit", "LambdaKit.Testing", "LambdaKit.Tool" })
                {
                    var run = await DotnetCommand.RunAsync(
                        [
                            "pack", Path.Combine(root, "src", project, project + ".csproj"), "-c", "Release",
                            "-o", Path.Combine(root, "artifacts", "packages"),
                            // Own bin/obj folders: the test run's build outputs are neither reused nor disturbed.
                            "--artifacts-path", intermediate,
                            .. DotnetCommand.WithoutBuildServers,
                        ],
                        PackTimeout,
                        "dotnet pack " + project);
                    if (run.ExitCode != 0)
                    {
                        throw new InvalidOperationException($"dotnet pack {project} failed with exit code {run.ExitCode}:\n{run.Output}");
                    }
                }
            }
            finally
            {
                try
                {
                    Directory.Delete(intermediate, recursive: true);
                }
                catch (IOException)
                {
                    // A leftover temp folder is not worth failing the run over.
                }
            }

            s_packed = true;
        }
        finally
        {
            Gate.Release();
        }
    }
}
