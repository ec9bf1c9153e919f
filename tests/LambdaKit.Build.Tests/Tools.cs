using System.Diagnostics;
using System.Reflection;
using System.Text.RegularExpressions;

namespace LambdaKit.Build.Tests;

/// <summary>Runs the Debian tools the tests use as independent oracles (gcc, readelf, file, unzip, python3).</summary>
internal static partial class Tools
{
    public static string Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["LC_ALL"] = "C";
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"'{program}' is not installed; the CI installs it (Debian packages: gcc, gcc-aarch64-linux-gnu, binutils, file, unzip, qemu-user-static): {e.Message}", e);
        }

        using (process)
        {
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{program} {string.Join(' ', args)} exited with {process.ExitCode}: {stderr.Result}");
            }

            return stdout;
        }
    }

    /// <summary>The architecture readelf's "Machine:" line names, mapped by hand.</summary>
    public static NativeArchitecture ReadElfMachine(string path)
    {
        var machine = Field(Run("readelf", "-h", path), "Machine");
        return machine switch
        {
            "Advanced Micro Devices X86-64" => NativeArchitecture.X86_64,
            "AArch64" => NativeArchitecture.Arm64,
            "Intel 80386" => NativeArchitecture.X86,
            "ARM" => NativeArchitecture.Arm,
            "IBM S/390" => NativeArchitecture.S390x,
            "MIPS R3000" => NativeArchitecture.Mips,
            _ => throw new InvalidOperationException($"No mapping for readelf machine '{machine}'"),
        };
    }

    public static string Field(string readelfOutput, string name) =>
        Regex.Match(readelfOutput, $@"^\s*{Regex.Escape(name)}:\s*(.*?)\s*$", RegexOptions.Multiline).Groups[1].Value;

    public static string[] ReadElfNeeded(string path) =>
        NeededRegex().Matches(Run("readelf", "-d", "-W", path)).Select(m => m.Groups[1].Value).ToArray();

    public static string? ReadElfSoName(string path)
    {
        var m = SoNameRegex().Match(Run("readelf", "-d", "-W", path));
        return m.Success ? m.Groups[1].Value : null;
    }

    public static string? ReadElfInterpreter(string path)
    {
        var m = InterpreterRegex().Match(Run("readelf", "-l", "-W", path));
        return m.Success ? m.Groups[1].Value : null;
    }

    /// <summary>"file: name" for every entry of readelf's version needs listing (.gnu.version_r), in order.</summary>
    public static string[] ReadElfVersionNeeds(string path)
    {
        var output = Run("readelf", "-V", "-W", path);
        var start = output.IndexOf("Version needs section", StringComparison.Ordinal);
        if (start < 0)
        {
            return [];
        }

        var needs = new List<string>();
        var file = "";
        foreach (var line in output[start..].Split('\n').Skip(1))
        {
            if (line.Trim().Length == 0)
            {
                break;
            }

            var f = Regex.Match(line, @"File: (\S+)");
            if (f.Success)
            {
                file = f.Groups[1].Value;
            }

            var n = Regex.Match(line, @"Name: (\S+)");
            if (n.Success)
            {
                needs.Add($"{file}: {n.Groups[1].Value}");
            }
        }

        return needs.ToArray();
    }

    public static string PackageRoot =>
        typeof(Tools).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "NuGetPackageRoot").Value!;

    [GeneratedRegex(@"\(NEEDED\)\s+Shared library: \[(.*)\]")]
    private static partial Regex NeededRegex();

    [GeneratedRegex(@"\(SONAME\)\s+Library soname: \[(.*)\]")]
    private static partial Regex SoNameRegex();

    [GeneratedRegex(@"\[Requesting program interpreter: (.*)\]")]
    private static partial Regex InterpreterRegex();
}
