using System.Buffers.Binary;

namespace LambdaKit.EndToEnd.Tests;

[Collection(HelloAotGroup.Name)]
public sealed class PublishTests(PublishedHelloAot published)
{
    private const int ElfClass64 = 2;
    private const int ElfDataLittleEndian = 1;
    private const ushort MachineX8664 = 62;
    private const uint ProgramHeaderInterpreter = 3;

    [Fact]
    public void Native_AOT_publish_reports_no_warnings()
    {
        Assert.True(
            published.WarningLines.Count == 0,
            "The publish must be free of warnings (trim and AOT analysis included):\n" + string.Join('\n', published.WarningLines));
        Assert.Contains("Generating native code", published.PublishOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void Bootstrap_is_an_ELF_x86_64_executable()
    {
        byte[] elf = File.ReadAllBytes(published.BootstrapPath);

        Assert.Equal("\u007fELF"u8.ToArray(), elf[..4]);
        Assert.Equal(ElfClass64, elf[4]);
        Assert.Equal(ElfDataLittleEndian, elf[5]);
        Assert.Equal(MachineX8664, BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(18)));

        // A position-independent executable and a shared library share e_type 3; only a program names an interpreter.
        ulong programHeaders = BinaryPrimitives.ReadUInt64LittleEndian(elf.AsSpan(32));
        int entrySize = BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(54));
        int count = BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(56));
        var types = Enumerable.Range(0, count)
            .Select(i => BinaryPrimitives.ReadUInt32LittleEndian(elf.AsSpan(checked((int)programHeaders + (i * entrySize)))));
        Assert.Contains(ProgramHeaderInterpreter, types);

        Assert.True(File.GetUnixFileMode(published.BootstrapPath).HasFlag(UnixFileMode.UserExecute), "bootstrap must be executable.");
    }

    [Fact]
    public void Publish_folder_holds_no_managed_assemblies()
    {
        // An apphost is an ELF executable too; only Native AOT leaves no IL next to it for a runtime to load.
        Assert.Empty(Directory.GetFiles(published.PublishDirectory, "*.dll"));
    }
}
