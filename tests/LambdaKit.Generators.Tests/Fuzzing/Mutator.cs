using System.Text;
using System.Text.RegularExpressions;

namespace LambdaKit.Generators.Tests.Fuzzing;

/// <summary>
/// Turns a C# project (its files) into a mutant: truncated, a line or a brace deleted, an attribute argument of the
/// wrong type, a type name unresolved, the namespace form switched, or a file added with a handler in a partial, generic
/// or nested type, or with top-level statements. Deterministic for a given <see cref="Random"/>.
/// </summary>
internal static partial class Mutator
{
    private static readonly string[] WrongAttributeArguments =
    [
        "[LambdaFunction(42)", "[LambdaFunction(Name = 42)", "[LambdaFunction(Timeout = \"long\")", "[LambdaFunction(Name = null)",
        "[LambdaFunction(MemorySize = 1.5)", "[LambdaFunction(Name = \"\")", "[LambdaFunction(Name = typeof(int))", "[LambdaKit.LambdaFunction(Name = \"a\\tb\")",
    ];

    private static readonly string[] ExtraFiles =
    [
        "namespace Extra; public static partial class Split { [LambdaKit.LambdaFunction] public static int Left(int x) => x; }\nnamespace Extra { public static partial class Split { [LambdaKit.LambdaFunction] public static string Right(string s) => s; } }",
        "namespace Extra { public class Generic<T> { [LambdaKit.LambdaFunction] public static void Handle() { } } }",
        "namespace Extra { public class Outer { public class Inner { [LambdaKit.LambdaFunction(Name = \"inner\")] public static System.Threading.Tasks.Task<int> Handle(int[] values) => System.Threading.Tasks.Task.FromResult(values.Length); } } }",
        "System.Console.WriteLine(\"top-level\");",
        "namespace Extra { public sealed record Box<T>(T Value); public static class Boxes { [LambdaKit.LambdaFunction] public static Box<int> Wrap(Box<string> box) => new(box.Value.Length); } }",
        "namespace Extra { public static class Duplicate { [LambdaKit.LambdaFunction(Name = \"Handle\")] public static void One() { } [LambdaKit.LambdaFunction(Name = \"Handle\")] public static void Two() { } } }",
        "namespace LambdaKit.Generated { internal static partial class LambdaFunctions { } }",
        "namespace Extra { public static class Streams { [LambdaKit.LambdaFunction] public static System.IO.Stream Raw(System.IO.Stream input, System.Threading.CancellationToken token) => input; } }",
    ];

    public static string[] Mutate(IReadOnlyList<string> files, Random random, out string operation)
    {
        var result = files.ToArray();
        var index = random.Next(result.Length);
        var text = result[index];
        switch (random.Next(8))
        {
            case 0:
                operation = "truncate";
                result[index] = text[..random.Next(text.Length + 1)];
                break;
            case 1:
                operation = "delete line";
                var lines = text.Split('\n').ToList();
                lines.RemoveAt(random.Next(lines.Count));
                result[index] = string.Join('\n', lines);
                break;
            case 2:
                operation = "delete brace";
                result[index] = RemoveOne(text, random, c => c is '{' or '}');
                break;
            case 3:
                operation = "wrong attribute argument";
                result[index] = ReplaceOne(text, random, AttributePattern(), WrongAttributeArguments[random.Next(WrongAttributeArguments.Length)]);
                break;
            case 4:
                operation = "unresolved type";
                result[index] = ReplaceOne(text, random, TypeNamePattern(), match => "Missing" + match);
                break;
            case 5:
                operation = "namespace form";
                result[index] = SwitchNamespaceForm(text);
                break;
            case 6:
                operation = "extra file";
                result = [.. result, ExtraFiles[random.Next(ExtraFiles.Length)]];
                break;
            default:
                operation = "delete parameter list";
                result[index] = ReplaceOne(text, random, ParameterListPattern(), "()");
                break;
        }

        return result;
    }

    private static string RemoveOne(string text, Random random, Func<char, bool> which)
    {
        var positions = Enumerable.Range(0, text.Length).Where(i => which(text[i])).ToList();
        return positions.Count == 0 ? text : text.Remove(positions[random.Next(positions.Count)], 1);
    }

    private static string ReplaceOne(string text, Random random, Regex pattern, string replacement) =>
        ReplaceOne(text, random, pattern, _ => replacement);

    private static string ReplaceOne(string text, Random random, Regex pattern, Func<string, string> replacement)
    {
        var matches = pattern.Matches(text);
        if (matches.Count == 0)
        {
            return text;
        }

        var match = matches[random.Next(matches.Count)];
        return text[..match.Index] + replacement(match.Value) + text[(match.Index + match.Length)..];
    }

    /// <summary>File-scoped to block-scoped and back; unchanged without a namespace.</summary>
    private static string SwitchNamespaceForm(string text)
    {
        var fileScoped = FileScopedNamespacePattern().Match(text);
        if (fileScoped.Success)
        {
            return new StringBuilder(text).Remove(fileScoped.Index, fileScoped.Length)
                .Insert(fileScoped.Index, "namespace " + fileScoped.Groups[1].Value + " {")
                .Append("\n}\n").ToString();
        }

        var block = BlockNamespacePattern().Match(text);
        var last = text.LastIndexOf('}');
        if (block.Success && last > block.Index + block.Length)
        {
            return text[..block.Index] + "namespace " + block.Groups[1].Value + ";" + text[(block.Index + block.Length)..last] + text[(last + 1)..];
        }

        return text;
    }

    [GeneratedRegex(@"\[LambdaFunction")]
    private static partial Regex AttributePattern();

    [GeneratedRegex(@"\b[A-Z][A-Za-z0-9]*\b")]
    private static partial Regex TypeNamePattern();

    [GeneratedRegex(@"\((?:[A-Za-z_<>\[\]?.]+ [a-z][A-Za-z0-9]*(?:, )?)+\)")]
    private static partial Regex ParameterListPattern();

    [GeneratedRegex(@"namespace ([A-Za-z0-9_.]+);")]
    private static partial Regex FileScopedNamespacePattern();

    [GeneratedRegex(@"namespace ([A-Za-z0-9_.]+)\s*\{")]
    private static partial Regex BlockNamespacePattern();
}
