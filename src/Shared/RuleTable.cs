using System;
using System.Collections.Generic;
using System.Linq;

namespace LambdaKit;

/// <summary>How a rule is reported unless the user configures otherwise.</summary>
internal enum RuleSeverity
{
    Info,
    Warning,
    Error,
}

/// <summary>One line of the rule table.</summary>
internal sealed class Rule
{
    public Rule(string id, RuleSeverity severity, string category, string title)
    {
        Id = id;
        Severity = severity;
        Category = category;
        Title = title;
    }

    public string Id { get; }

    public RuleSeverity Severity { get; }

    /// <summary>Names the rule area, so <c>dotnet_analyzer_diagnostic.category-LambdaKit.Quotas.severity</c> works.</summary>
    public string Category { get; }

    public string Title { get; }

    public string HelpUri => RuleIdentifiers.GetHelpUri(Id);
}

/// <summary>
/// The one rule table: every LambdaKit rule with its default severity, category and title. The Roslyn descriptors
/// and the packaging task's messages are built from it, and a test checks docs/rules (index and pages) and the
/// release-tracking file against it. Linked as source into every assembly that reports a rule.
/// </summary>
internal static class RuleTable
{
    public const string Handlers = "LambdaKit.Handlers";
    public const string Hazards = "LambdaKit.Hazards";
    public const string Quotas = "LambdaKit.Quotas";
    public const string Architecture = "LambdaKit.Architecture";
    public const string Package = "LambdaKit.Package";
    public const string ExecutionModels = "LambdaKit.ExecutionModels";

    public static IReadOnlyList<Rule> All { get; } = new[]
    {
        new Rule(RuleIdentifiers.HandlerNotAccessible, RuleSeverity.Error, Handlers, "Lambda handler is not accessible"),
        new Rule(RuleIdentifiers.HandlerGeneric, RuleSeverity.Error, Handlers, "Lambda handler is generic"),
        new Rule(RuleIdentifiers.HandlerParameterModifier, RuleSeverity.Error, Handlers, "Lambda handler signature has params, a pointer, ref, out or in"),
        new Rule(RuleIdentifiers.HandlerAsyncVoid, RuleSeverity.Error, Handlers, "Lambda handler is async void"),
        new Rule(RuleIdentifiers.HandlerTooManyParameters, RuleSeverity.Error, Handlers, "Lambda handler has more parameters than an input, a context and a cancellation token"),
        new Rule(RuleIdentifiers.HandlerOverloaded, RuleSeverity.Error, Handlers, "Lambda handler name is overloaded"),
        new Rule(RuleIdentifiers.DuplicateFunctionName, RuleSeverity.Error, Handlers, "Two Lambda functions have one name"),
        new Rule(RuleIdentifiers.HandlerTypeNotCreatable, RuleSeverity.Error, Handlers, "Instance handler's type has no parameterless constructor"),
        new Rule(RuleIdentifiers.HandlerTypeNotSerializable, RuleSeverity.Error, Handlers, "Handler type cannot be described by the generated JSON metadata"),
        new Rule(RuleIdentifiers.HandlerTypeNotInSerializerContext, RuleSeverity.Error, Handlers, "Handler type is not registered in the named serializer context"),
        new Rule(RuleIdentifiers.UserMainWithGeneratedMain, RuleSeverity.Error, Handlers, "Own entry point in a project that asks for the generated Main"),
        new Rule(RuleIdentifiers.EntryPointWithoutRuntime, RuleSeverity.Warning, Handlers, "Own entry point does not start the Lambda runtime"),

        new Rule(RuleIdentifiers.HandlerStringInvalid, RuleSeverity.Warning, Handlers, "Handler string too long, empty or with whitespace"),
        new Rule(RuleIdentifiers.HandlerStringUnknown, RuleSeverity.Warning, Handlers, "Handler string names no function of the project"),

        new Rule(RuleIdentifiers.CreatedPerInvocation, RuleSeverity.Warning, Hazards, "Client or other costly object created on every invocation"),
        new Rule(RuleIdentifiers.BlockingInInit, RuleSeverity.Warning, Hazards, "Blocking on a task while a function type initialises"),
        new Rule(RuleIdentifiers.WorkLeftRunning, RuleSeverity.Warning, Hazards, "Work left running after the handler returns"),
        new Rule(RuleIdentifiers.ProcessExitInHandler, RuleSeverity.Warning, Hazards, "Handler ends its own process"),
        new Rule(RuleIdentifiers.WriteOutsideTmp, RuleSeverity.Warning, Hazards, "File written outside /tmp"),
        new Rule(RuleIdentifiers.ReflectionSerializerUnderAot, RuleSeverity.Warning, Hazards, "Reflection-based serializer in a Native AOT function"),
        new Rule(RuleIdentifiers.InputStoredInField, RuleSeverity.Warning, Hazards, "Handler input stored in a field"),
        new Rule(RuleIdentifiers.ManagedMemoryTooLow, RuleSeverity.Warning, Hazards, "JIT-compiled function configured below 512 MB"),
        new Rule(RuleIdentifiers.InvokesItself, RuleSeverity.Warning, Hazards, "Handler invokes its own function"),
        new Rule(RuleIdentifiers.AsyncHandlerWithoutAwait, RuleSeverity.Info, Hazards, "Async handler never awaits"),
        new Rule(RuleIdentifiers.ManagedWithoutReadyToRun, RuleSeverity.Info, Hazards, "JIT-compiled function published without ReadyToRun"),

        new Rule(RuleIdentifiers.MemorySizeOutOfRange, RuleSeverity.Warning, Quotas, "Memory size outside Lambda's range"),
        new Rule(RuleIdentifiers.TimeoutOutOfRange, RuleSeverity.Warning, Quotas, "Timeout outside Lambda's range"),
        new Rule(RuleIdentifiers.EphemeralStorageOutOfRange, RuleSeverity.Warning, Quotas, "Ephemeral storage outside Lambda's range"),

        new Rule(RuleIdentifiers.EnvironmentTooLarge, RuleSeverity.Warning, Quotas, "Environment variables over Lambda's 4 KB"),
        new Rule(RuleIdentifiers.EnvironmentKeyInvalid, RuleSeverity.Warning, Quotas, "Environment variable key reserved or invalid"),
        new Rule(RuleIdentifiers.LayersOverLimit, RuleSeverity.Warning, Quotas, "More than five layers configured"),
        new Rule(RuleIdentifiers.RuntimeDeprecated, RuleSeverity.Warning, Quotas, "Deprecated Lambda runtime configured"),
        new Rule(RuleIdentifiers.RuntimeWithoutArm64, RuleSeverity.Warning, Quotas, "arm64 configured with a runtime that has no arm64 build"),
        new Rule(RuleIdentifiers.ConfigFileMalformed, RuleSeverity.Warning, Quotas, "Lambda configuration file is not valid JSON"),
        new Rule(RuleIdentifiers.SqsEventSourceInvalid, RuleSeverity.Warning, Quotas, "SQS event source setting Lambda refuses"),
        new Rule(RuleIdentifiers.MaxConcurrencyOutOfRange, RuleSeverity.Warning, Quotas, "Maximum concurrency outside Lambda's range"),
        new Rule(RuleIdentifiers.SnapStartIncompatible, RuleSeverity.Warning, Quotas, "SnapStart combined with a setting Lambda does not allow with it"),

        new Rule(RuleIdentifiers.FieldWrittenConcurrently, RuleSeverity.Warning, ExecutionModels, "Concurrent handler writes a shared field"),
        new Rule(RuleIdentifiers.SharedObjectNotThreadSafe, RuleSeverity.Warning, ExecutionModels, "Concurrent handler uses a shared object that is not thread-safe"),
        new Rule(RuleIdentifiers.FixedTmpFileName, RuleSeverity.Warning, ExecutionModels, "Concurrent handler uses a fixed file name under /tmp"),
        new Rule(RuleIdentifiers.TraceIdFromEnvironment, RuleSeverity.Warning, ExecutionModels, "Concurrent handler reads the trace id from the process environment"),
        new Rule(RuleIdentifiers.UniqueValueInSnapshot, RuleSeverity.Warning, ExecutionModels, "Unique value captured during init of a SnapStart function"),
        new Rule(RuleIdentifiers.StreamingHandlerReturnsValue, RuleSeverity.Error, ExecutionModels, "Streaming handler also returns a value"),

        new Rule(RuleIdentifiers.NativeLibraryMissingForArchitecture, RuleSeverity.Warning, Architecture, "Native library has no file for the target architecture"),
        new Rule(RuleIdentifiers.NativeLibraryWrongMachine, RuleSeverity.Warning, Architecture, "Native library file has the wrong machine for the target architecture"),
        new Rule(RuleIdentifiers.X86IntrinsicsWithoutGuard, RuleSeverity.Warning, Architecture, "x86 hardware intrinsics used without an IsSupported check on an arm64 target"),

        new Rule(RuleIdentifiers.ZipTooLarge, RuleSeverity.Error, Package, "Deployment zip larger than 50 MB"),
        new Rule(RuleIdentifiers.UnzippedTooLarge, RuleSeverity.Error, Package, "Unzipped package and layers larger than 250 MB"),
        new Rule(RuleIdentifiers.TooManyLayers, RuleSeverity.Error, Package, "More than five layers"),
        new Rule(RuleIdentifiers.BootstrapMissing, RuleSeverity.Error, Package, "bootstrap missing or not executable for a provided runtime"),
        new Rule(RuleIdentifiers.NativeFileWrongMachine, RuleSeverity.Error, Package, "Native file of the wrong machine in the package"),
        new Rule(RuleIdentifiers.NativeFileWrongOperatingSystem, RuleSeverity.Warning, Package, "Native file for Windows or macOS only in the package"),
        new Rule(RuleIdentifiers.GlibcTooNew, RuleSeverity.Error, Package, "Native file needs a newer glibc than the runtime has"),
        new Rule(RuleIdentifiers.NeededLibraryAbsent, RuleSeverity.Warning, Package, "NEEDED library absent from the target image"),
        new Rule(RuleIdentifiers.RequiredPackMissing, RuleSeverity.Error, Package, "A pack required for the publish mode is missing"),
        new Rule(RuleIdentifiers.PackageRuntimeDeprecated, RuleSeverity.Warning, Package, "The function targets a runtime that Lambda has deprecated"),
        new Rule(RuleIdentifiers.NativeFileUnreadable, RuleSeverity.Warning, Package, "Native file in the package could not be read completely"),
    };

    private static readonly Dictionary<string, Rule> ById = All.ToDictionary(r => r.Id, StringComparer.Ordinal);

    /// <summary>The rule with <paramref name="id"/>; every id in <see cref="RuleIdentifiers"/> has one (a test checks).</summary>
    public static Rule Get(string id) => ById[id];
}
