using System.Text;
using LambdaKit.Runtime.Logging;

namespace LambdaKit.Runtime.Tests;

/// <summary>A <see cref="LambdaLogger"/> writing to memory, for asserting what the runtime logged.</summary>
internal sealed class TestLog
{
    private readonly MemoryStream _stream = new();

    public TestLog(LambdaLogFormat format = LambdaLogFormat.Text, LambdaLogLevel level = LambdaLogLevel.Trace)
    {
        Logger = new LambdaLogger(Stream.Synchronized(_stream), format, level);
    }

    public LambdaLogger Logger { get; }

    public string Text
    {
        get
        {
            lock (_stream)
            {
                return Encoding.UTF8.GetString(_stream.ToArray());
            }
        }
    }

    public string[] Lines => Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
