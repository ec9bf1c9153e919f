using Microsoft.CodeAnalysis.Diagnostics;

namespace LambdaKit.Analyzers.ExecutionModels;

/// <summary>
/// An analyzer of the execution-model settings (<c>MaxConcurrency</c>, <c>SnapStart</c>, ...): nothing runs in
/// compilations without LambdaKit, and every rule reads the settings through one <see cref="ExecutionSettings.Resolver"/>
/// per compilation.
/// </summary>
public abstract class ExecutionModelAnalyzer : DiagnosticAnalyzer
{
    public sealed override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            if (ExecutionSettings.Resolver.For(start.Compilation) is { } resolver)
            {
                Start(start, resolver);
            }
        });
    }

    private protected abstract void Start(CompilationStartAnalysisContext context, ExecutionSettings.Resolver resolver);
}
