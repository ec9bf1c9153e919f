namespace LambdaKit.Tool;

/// <summary>The argument loop <c>invoke</c> and <c>serve</c> share: help, their own options, the shared ones, the package.</summary>
internal static class CommandLine
{
    /// <summary>
    /// Reads <paramref name="args"/> of <paramref name="command"/>; <paramref name="readOwn"/> takes the command's own
    /// options. Returns null after printing <paramref name="help"/> for <c>-h</c>/<c>--help</c>.
    /// </summary>
    public static async Task<FunctionSettings?> ParseAsync(string command, IReadOnlyList<string> args, string help, Func<string, ArgumentReader, bool> readOwn)
    {
        var settings = new FunctionSettings();
        var reader = new ArgumentReader(command, args);
        while (reader.TryNext(out var token, out var isOption))
        {
            if (isOption && token is "-h" or "--help")
            {
                await Console.Out.WriteAsync(help).ConfigureAwait(false);
                return null;
            }

            if (isOption ? !readOwn(token, reader) && !settings.TryRead(token, reader) : settings.Package is not null)
            {
                throw reader.Unknown(token, isOption);
            }

            if (!isOption)
            {
                settings.Package = token;
            }
        }

        settings.Command = reader.Command;
        if (settings.Package is not null && settings.Command.Count > 0)
        {
            throw new UsageException($"{command}: give a package or a command after '--', not both");
        }

        settings.Validate();
        return settings;
    }
}
