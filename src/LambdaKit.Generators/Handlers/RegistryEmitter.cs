using System.Collections.Generic;
using System.Globalization;
using Microsoft.CodeAnalysis.Text;

namespace LambdaKit.Generators.Handlers;

/// <summary>
/// Writes the module initializer that registers the assembly's handlers with <c>LambdaKit.Runtime.LambdaFunctionRegistry</c>,
/// so a test host finds them by type without <c>InternalsVisibleTo</c>. Cold start pays for one delegate: the
/// descriptions (and any JSON metadata) are created only when the registry is first read.
/// </summary>
internal static class RegistryEmitter
{
    public const string HintName = HandlerEmitter.RegistrationClass + ".Registry.g.cs";

    private const string Runtime = "global::LambdaKit.Runtime";
    private const string Descriptor = Runtime + ".LambdaFunctionDescriptor";
    private const string TypeInfo = "global::System.Text.Json.Serialization.Metadata.JsonTypeInfo";

    public static SourceText Emit(IReadOnlyList<HandlerEmitter.EmittedHandler> handlers, FunctionDeployment defaults)
    {
        var writer = HandlerEmitter.Header();
        writer.OpenBlock("namespace " + HandlerEmitter.Namespace);
        writer.OpenBlock("internal static partial class " + HandlerEmitter.RegistrationClass);
        writer.WriteLine("/// <summary>Registers the functions with <see cref=\"" + Runtime + ".LambdaFunctionRegistry\"/> when the assembly is loaded: one delegate, nothing else.</summary>");
        writer.WriteLine(HandlerEmitter.GeneratedCodeAttribute);
        writer.WriteLine("[global::System.Runtime.CompilerServices.ModuleInitializer]");
        writer.WriteLine("internal static void RegisterFunctions() => " + Runtime + ".LambdaFunctionRegistry.Register(DescribeFunctions);");
        writer.WriteLine();
        writer.WriteLine(HandlerEmitter.GeneratedCodeAttribute);
        writer.OpenBlock("private static global::System.Collections.Generic.IReadOnlyList<" + Descriptor + "> DescribeFunctions() => new " + Descriptor + "[]");
        for (var i = 0; i < handlers.Count; i++)
        {
            var handler = handlers[i];
            var model = handler.Model;
            var deployment = model.Deployment.Over(defaults);
            writer.WriteLine(
                $"new {Descriptor}({HandlerEmitter.Literal(model.FunctionName)}, {HandlerEmitter.Literal(model.HandlerString)}, typeof({model.ContainingType}), {deployment.MemorySizeMb}, {deployment.TimeoutSeconds}, Create{i}, {Lazy(handler.InputTypeInfo)}, {Lazy(handler.OutputTypeInfo)}){ExecutionModel(deployment)},");
        }

        writer.CloseBlock(";");
        writer.CloseBlock();
        writer.CloseBlock();
        return writer.ToSourceText();
    }

    /// <summary>The execution-model settings that are set, as an object initializer; nothing when none is.</summary>
    private static string ExecutionModel(FunctionDeployment deployment)
    {
        var settings = new List<string>(3);
        if (deployment.MaxConcurrency != 0)
        {
            settings.Add("MaxConcurrency = " + deployment.MaxConcurrency.ToString(CultureInfo.InvariantCulture));
        }

        if (deployment.SnapStart)
        {
            settings.Add("SnapStart = true");
        }

        if (deployment.TenantIsolation)
        {
            settings.Add("TenantIsolation = true");
        }

        return settings.Count == 0 ? string.Empty : " { " + string.Join(", ", settings) + " }";
    }

    /// <summary>A delegate that reads the metadata when called (a context's <c>Default</c> builds its options on first use).</summary>
    private static string Lazy(string? typeInfo) => typeInfo is null ? "null" : "static () => (" + TypeInfo + ")" + typeInfo;
}
