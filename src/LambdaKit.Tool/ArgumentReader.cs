namespace LambdaKit.Tool;

/// <summary>
/// Walks a command's arguments: options (<c>--name value</c>, <c>--name=value</c>, flags), positional arguments, and
/// everything after <c>--</c> as a command line. Anything it does not know is a <see cref="UsageException"/>.
/// </summary>
internal sealed class ArgumentReader
{
    private readonly string command;
    private readonly IReadOnlyList<string> arguments;
    private int position;
    private string? pendingValue;

    public ArgumentReader(string command, IReadOnlyList<string> arguments)
    {
        this.command = command;
        this.arguments = arguments;
    }

    /// <summary>The words after <c>--</c>, once <see cref="TryNext"/> has reached it; otherwise empty.</summary>
    public IReadOnlyList<string> Command { get; private set; } = [];

    /// <summary>
    /// The next option name (with its dashes, without an inline <c>=value</c>) or positional argument; false at the end.
    /// </summary>
    public bool TryNext(out string token, out bool isOption)
    {
        if (pendingValue is not null)
        {
            throw new UsageException($"{command}: option does not take a value: '{arguments[position - 1]}'");
        }

        token = string.Empty;
        isOption = false;
        if (position >= arguments.Count)
        {
            return false;
        }

        var argument = arguments[position++];
        if (argument == "--")
        {
            Command = arguments.Skip(position).ToArray();
            position = arguments.Count;
            return false;
        }

        if (argument.Length > 1 && argument[0] == '-' && argument != "-")
        {
            isOption = true;
            var equals = argument.IndexOf('=', StringComparison.Ordinal);
            if (argument.StartsWith("--", StringComparison.Ordinal) && equals > 0)
            {
                token = argument[..equals];
                pendingValue = argument[(equals + 1)..];
            }
            else
            {
                token = argument;
            }

            return true;
        }

        token = argument;
        return true;
    }

    /// <summary>The value of the option just read.</summary>
    public string Value(string option)
    {
        if (pendingValue is { } inline)
        {
            pendingValue = null;
            return inline;
        }

        if (position >= arguments.Count)
        {
            throw new UsageException($"{option}: a value is required");
        }

        return arguments[position++];
    }

    /// <summary>The value of the option just read, as a whole number in [<paramref name="minimum"/>, <paramref name="maximum"/>].</summary>
    public int Number(string option, int minimum, int maximum)
    {
        var text = Value(option);
        if (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number)
            || number < minimum || number > maximum)
        {
            throw new UsageException($"{option}: '{text}' is not a whole number from {minimum} to {maximum}");
        }

        return number;
    }

    public UsageException Unknown(string token, bool isOption) => new(isOption
        ? $"{command}: unknown option '{token}' (see 'lambdakit {command} --help')"
        : $"{command}: unexpected argument '{token}' (see 'lambdakit {command} --help')");
}
