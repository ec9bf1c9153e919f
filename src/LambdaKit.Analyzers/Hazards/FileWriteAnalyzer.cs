using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace LambdaKit.Analyzers.Hazards;

/// <summary>
/// LK2005: code of a type that declares handlers writes a file or creates a folder at a constant path outside /tmp
/// (and outside an EFS mount under /mnt). The path is a string constant, or <c>Path.Combine</c> starting with one;
/// anything computed (<c>Path.GetTempPath()</c>, configuration) is not reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class FileWriteAnalyzer : FunctionCodeAnalyzer
{
    /// <summary>File and Directory methods that write, with the parameter naming the written path.</summary>
    private static readonly ImmutableDictionary<string, string> FileWriters = new[]
    {
        "WriteAllText", "WriteAllTextAsync", "WriteAllBytes", "WriteAllBytesAsync", "WriteAllLines", "WriteAllLinesAsync",
        "AppendAllText", "AppendAllTextAsync", "AppendAllLines", "AppendAllLinesAsync", "AppendText", "Create", "CreateText", "OpenWrite",
    }.ToImmutableDictionary(name => name, _ => "path", StringComparer.Ordinal)
        .Add("Copy", "destFileName")
        .Add("Move", "destFileName");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.WriteOutsideTmp);

    private protected override bool Applies(FunctionTypes functions, ISymbol owner) =>
        functions.IsFunctionType(owner.ContainingType) && owner is not IMethodSymbol { IsStatic: true, Name: "Main" };

    private protected override Action<OperationBlockStartAnalysisContext>? Start(Compilation compilation)
    {
        var io = new IoTypes(compilation);
        return block =>
        {
            block.RegisterOperationAction(c => AnalyzeInvocation(c, io), OperationKind.Invocation);
            block.RegisterOperationAction(c => AnalyzeCreation(c, io), OperationKind.ObjectCreation);
        };
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, IoTypes io)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        string? parameter = null;
        if (SymbolEqualityComparer.Default.Equals(method.ContainingType, io.File))
        {
            FileWriters.TryGetValue(method.Name, out parameter);
        }
        else if (SymbolEqualityComparer.Default.Equals(method.ContainingType, io.Directory) && method.Name == "CreateDirectory")
        {
            parameter = "path";
        }

        if (parameter is not null)
        {
            Check(context, invocation.Arguments, parameter, method.ContainingType.Name + "." + method.Name, io);
        }
    }

    private static void AnalyzeCreation(OperationAnalysisContext context, IoTypes io)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (creation.Constructor is not { } constructor)
        {
            return;
        }

        var type = constructor.ContainingType;
        if (SymbolEqualityComparer.Default.Equals(type, io.StreamWriter)
            || (SymbolEqualityComparer.Default.Equals(type, io.FileStream) && WritesFileStream(creation.Arguments)))
        {
            Check(context, creation.Arguments, "path", "new " + type.Name, io);
        }
    }

    /// <summary>A FileStream writes unless its mode is Open and its access (when given) is Read.</summary>
    private static bool WritesFileStream(ImmutableArray<IArgumentOperation> arguments)
    {
        var mode = arguments.FirstOrDefault(a => a.Parameter?.Name == "mode")?.Value.ConstantValue;
        var access = arguments.FirstOrDefault(a => a.Parameter?.Name == "access")?.Value.ConstantValue;
        if (mode is not { HasValue: true, Value: int modeValue })
        {
            return false;
        }

        const int Open = 3;
        const int ReadAccess = 1;
        return modeValue != Open || (access is { HasValue: true, Value: int accessValue } && accessValue != ReadAccess);
    }

    private static void Check(OperationAnalysisContext context, ImmutableArray<IArgumentOperation> arguments, string parameter, string call, IoTypes io)
    {
        var argument = arguments.FirstOrDefault(a => a.Parameter?.Name == parameter);
        if (argument is null || ConstantPath(argument.Value, io) is not { } path || IsWritable(path))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.WriteOutsideTmp, argument.Syntax.GetLocation(), call, path));
    }

    /// <summary>A string constant, or the first (constant) part of a <c>Path.Combine</c>.</summary>
    private static string? ConstantPath(IOperation value, IoTypes io)
    {
        while (value is IConversionOperation conversion)
        {
            value = conversion.Operand;
        }

        if (value.ConstantValue is { HasValue: true, Value: string text })
        {
            return text;
        }

        if (value is IInvocationOperation { TargetMethod.Name: "Combine" } combine
            && SymbolEqualityComparer.Default.Equals(combine.TargetMethod.ContainingType, io.Path)
            && combine.Arguments.Length > 0)
        {
            var first = combine.Arguments[0].Value;
            if (first is IArrayCreationOperation { Initializer.ElementValues: { Length: > 0 } elements })
            {
                first = elements[0];
            }

            return ConstantPath(first, io);
        }

        return null;
    }

    /// <summary>/tmp and what is under it; /mnt/..., where Lambda mounts EFS file systems.</summary>
    private static bool IsWritable(string path) =>
        path == "/tmp" || path.StartsWith("/tmp/", StringComparison.Ordinal) || path.StartsWith("/mnt/", StringComparison.Ordinal);

    private sealed class IoTypes
    {
        public IoTypes(Compilation compilation)
        {
            File = compilation.GetTypeByMetadataName("System.IO.File");
            Directory = compilation.GetTypeByMetadataName("System.IO.Directory");
            FileStream = compilation.GetTypeByMetadataName("System.IO.FileStream");
            StreamWriter = compilation.GetTypeByMetadataName("System.IO.StreamWriter");
            Path = compilation.GetTypeByMetadataName("System.IO.Path");
        }

        public INamedTypeSymbol? File { get; }

        public INamedTypeSymbol? Directory { get; }

        public INamedTypeSymbol? FileStream { get; }

        public INamedTypeSymbol? StreamWriter { get; }

        public INamedTypeSymbol? Path { get; }
    }
}
