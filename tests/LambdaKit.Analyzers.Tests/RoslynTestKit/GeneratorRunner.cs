using System.Collections;
using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit.Sdk;

namespace LambdaKit.Analyzers.Tests.RoslynTestKit;

/// <summary>Runs incremental generators with step tracking, so tests can assert caching between runs.</summary>
public static class GeneratorRunner
{
    /// <summary>A driver over the builder's parse options, additional files and analyzer config options, tracking steps.</summary>
    public static GeneratorDriver CreateDriver(CompilationBuilder builder, params IIncrementalGenerator[] generators) =>
        CSharpGeneratorDriver.Create(
            generators.Select(GeneratorExtensions.AsSourceGenerator),
            builder.AdditionalFiles,
            builder.ParseOptions,
            builder.BuildOptionsProvider(),
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the driver; returns the advanced driver (keep it for the next run), the output compilation and the result.</summary>
    public static (GeneratorDriver Driver, Compilation Output, GeneratorDriverRunResult Result) Run(GeneratorDriver driver, Compilation compilation)
    {
        var next = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        return (next, output, next.GetRunResult());
    }
}

/// <summary>Assertions on tracked incremental steps (named with <c>WithTrackingName</c>).</summary>
public static class IncrementalAssert
{
    private static readonly Type[] RoslynTypes = [typeof(Compilation), typeof(ISymbol), typeof(SyntaxNode), typeof(SyntaxTree), typeof(SemanticModel), typeof(Location)];

    /// <summary>Every output of every named step was <c>Cached</c> or <c>Unchanged</c>: the run produced nothing new.</summary>
    public static void AllCached(GeneratorDriverRunResult result, params string[] stepNames)
    {
        foreach (var name in stepNames)
        {
            foreach (var output in Outputs(result, name))
            {
                if (output.Reason is not (IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged))
                {
                    throw new XunitException($"Step '{name}' has an output that is {output.Reason}, not Cached or Unchanged: {output.Value}");
                }
            }
        }
    }

    /// <summary>Some output of the named step has the given reason (e.g. <c>Modified</c> after a real change).</summary>
    public static void HasReason(GeneratorDriverRunResult result, string stepName, IncrementalStepRunReason reason)
    {
        var reasons = Outputs(result, stepName).Select(o => o.Reason).ToList();
        if (!reasons.Contains(reason))
        {
            throw new XunitException($"Step '{stepName}' has no {reason} output; its outputs are: {string.Join(", ", reasons)}.");
        }
    }

    /// <summary>No output of the named steps holds (at any depth) a compilation, symbol, syntax, semantic model or location.</summary>
    public static void NoRoslynObjects(GeneratorDriverRunResult result, params string[] stepNames)
    {
        foreach (var name in stepNames)
        {
            foreach (var output in Outputs(result, name))
            {
                Walk(output.Value, $"{name} output", new HashSet<object>(ReferenceEqualityComparer.Instance));
            }
        }
    }

    private static List<(object Value, IncrementalStepRunReason Reason)> Outputs(GeneratorDriverRunResult result, string stepName)
    {
        var steps = result.Results.SelectMany(r => r.TrackedSteps.TryGetValue(stepName, out var s) ? s : ImmutableArray<IncrementalGeneratorRunStep>.Empty).ToList();
        if (steps.Count == 0)
        {
            throw new XunitException($"No tracked step named '{stepName}' ran.");
        }

        return [.. steps.SelectMany(step => step.Outputs)];
    }

    private static void Walk(object? value, string path, HashSet<object> seen)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || !seen.Add(value))
        {
            return;
        }

        var type = value.GetType();
        if (RoslynTypes.Any(t => t.IsAssignableFrom(type)))
        {
            throw new XunitException($"{path} holds a {type.FullName}: models must be plain equatable data.");
        }

        if (value is IEnumerable sequence)
        {
            var index = 0;
            foreach (var item in sequence)
            {
                Walk(item, $"{path}[{index++}]", seen);
            }

            return;
        }

        foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            Walk(field.GetValue(value), $"{path}.{field.Name}", seen);
        }
    }
}
