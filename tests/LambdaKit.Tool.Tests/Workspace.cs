namespace LambdaKit.Tool.Tests;

/// <summary>A folder per test: <see cref="Files"/> for packages and events, <see cref="Temp"/> as the tool's TMPDIR.</summary>
public abstract class Workspace : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("lambdakit-tool-tests-").FullName;

    protected Workspace()
    {
        Directory.CreateDirectory(Files);
        Directory.CreateDirectory(Temp);
    }

    protected string Files => Path.Combine(root, "files");

    protected string Temp => Path.Combine(root, "tmp");

    /// <summary>The folders the tool created in its TMPDIR and left behind.</summary>
    protected string[] LeftInTemp => Directory.GetFileSystemEntries(Temp, "lambdakit-*");

    protected Task<ToolRun> RunAsync(params string[] args) => Tool.RunAsync(Temp, args);

    public void Dispose()
    {
        Directory.Delete(root, recursive: true);
        GC.SuppressFinalize(this);
    }
}
