namespace LambdaKit.Build.Tests;

/// <summary>Real ELF files compiled once per test run from tiny C sources, with gcc and the Debian arm64 cross compiler.</summary>
public sealed class NativeFixtures : IDisposable
{
    // arc4random is GLIBC_2.36, pthread_create moved into libc at GLIBC_2.34, cos comes from libm: three version needs.
    private const string LibrarySource = """
        #include <stdlib.h>
        #include <pthread.h>
        #include <math.h>
        static void *run(void *a) { return a; }
        unsigned fix_random(void) { return arc4random(); }
        int fix_thread(void) { pthread_t t; if (pthread_create(&t, 0, run, 0)) return -1; return pthread_join(t, 0); }
        double fix_math(double x) { return cos(x); }
        """;

    private const string ProgramSource = """
        #include <stdio.h>
        int main(void) { puts("hello"); return 0; }
        """;

    private const string ObjectSource = "int fix_add(int x) { return x + 1; }\n";

    public NativeFixtures()
    {
        Directory = Path.Combine(Path.GetTempPath(), "lambdakit-build-tests-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        File.WriteAllText(Path.Combine(Directory, "lib.c"), LibrarySource);
        File.WriteAllText(Path.Combine(Directory, "prog.c"), ProgramSource);
        File.WriteAllText(Path.Combine(Directory, "obj.c"), ObjectSource);
        Compile("gcc", "X64Library", "-shared", "-fPIC", "-Wl,-soname,libfix.so.1", "lib.c", "-lm", "-lpthread");
        Compile("gcc", "X64Pie", "-pie", "-fPIE", "prog.c");
        Compile("gcc", "X64NoPie", "-no-pie", "prog.c");
        Compile("gcc", "X64Static", "-static", "prog.c");
        Compile("gcc", "X64StaticPie", "-static-pie", "prog.c");
        Compile("gcc", "X86Object", "-m32", "-c", "obj.c");
        Compile("aarch64-linux-gnu-gcc", "Arm64Library", "-shared", "-fPIC", "-Wl,-soname,libfix.so.1", "lib.c", "-lm");
        Compile("aarch64-linux-gnu-gcc", "Arm64Pie", "-pie", "-fPIE", "prog.c");
    }

    public string Directory { get; }

    public string X64Library => PathOf(nameof(X64Library));

    public string X64Pie => PathOf(nameof(X64Pie));

    public string X64NoPie => PathOf(nameof(X64NoPie));

    public string X64Static => PathOf(nameof(X64Static));

    public string X64StaticPie => PathOf(nameof(X64StaticPie));

    public string X86Object => PathOf(nameof(X86Object));

    public string Arm64Library => PathOf(nameof(Arm64Library));

    public string Arm64Pie => PathOf(nameof(Arm64Pie));

    public IEnumerable<string> All => [X64Library, X64Pie, X64NoPie, X64Static, X64StaticPie, X86Object, Arm64Library, Arm64Pie];

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);

    private string PathOf(string name) => Path.Combine(Directory, name);

    private void Compile(string compiler, string output, params string[] args) =>
        Tools.Run(compiler, [.. args.Select(a => a.EndsWith(".c", StringComparison.Ordinal) ? Path.Combine(Directory, a) : a), "-o", PathOf(output)]);
}

[CollectionDefinition(Name)]
public sealed class NativeFixturesDefinition : ICollectionFixture<NativeFixtures>
{
    public const string Name = "native fixtures";
}
