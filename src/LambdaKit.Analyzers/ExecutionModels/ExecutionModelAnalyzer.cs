using Microsoft.CodeAnalysis.Diagnostics;

namespace LambdaKit.Analyzers.ExecutionModels;

/// <summary>
/// An analyzer of the execution-model settings (<c>MaxConcurrency</c>, <c>SnapStart</c>, ...): nothing runs in
/// compilations without LambdaKit, and every rule reads the settings through one <see cref="ExecutionSettings.Resolver"/>
/// per compilation. A rule whose <see cref="Setting"/> no file names registers nothing (<see cref="SettingMentions"/>):
/// then it reads no type's members.
/// </summary>
public abstract class ExecutionModelAnalyzer : DiagnosticAnalyzer
{
    public sealed override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            if (ExecutionSettings.Resolver.For(start.Compilation) is { } resolver && resolver.Mentions(Setting, start.CancellationToken))
            {
                Start(start, resolver);
            }
        });
    }

    /// <summary>The setting (<see cref="ExecutionSettings"/>' names) that must be on for the rule to have anything to check.</summary>
    private protected abstract string Setting { get; }

    private protected abstract void Start(CompilationStartAnalysisContext context, ExecutionSettings.Resolver resolver);
}
