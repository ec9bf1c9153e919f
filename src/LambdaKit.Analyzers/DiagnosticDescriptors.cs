using Microsoft.CodeAnalysis;

namespace LambdaKit.Analyzers;

/// <summary>
/// Every Roslyn descriptor LambdaKit reports: message and description here; title, category, default severity and
/// help link from <see cref="RuleTable"/>. The LK5xxx rules there are MSBuild task diagnostics and have no descriptor.
/// </summary>
internal static class DiagnosticDescriptors
{
    // LK1xxx are errors: the generator leaves such a method out, so the function would lack a handler the code declares.

    public static readonly DiagnosticDescriptor HandlerNotAccessible = Create(
        RuleIdentifiers.HandlerNotAccessible,
        "Handler '{0}' cannot be called by the generated registration: '{1}' is private or protected; make it public or internal",
        "The generated registration lives in the same assembly and calls the handler directly, without reflection, so the method and every type containing it must be public or internal.");

    public static readonly DiagnosticDescriptor HandlerGeneric = Create(
        RuleIdentifiers.HandlerGeneric,
        "Handler '{0}' cannot be generic: '{1}' has type parameters, and nothing can choose type arguments for an invocation",
        "Lambda rejects generic handler methods at init, and a handler string has no way to name type arguments. Use a non-generic method, which may call a generic one.");

    public static readonly DiagnosticDescriptor HandlerParameterModifier = Create(
        RuleIdentifiers.HandlerParameterModifier,
        "Handler '{0}' cannot have '{1}' in its signature",
        "A handler receives one event and returns one result: params arrays, variable argument lists, pointers and by-reference parameters or returns have no meaning for an invocation, and Lambda rejects them at init.");

    public static readonly DiagnosticDescriptor HandlerAsyncVoid = Create(
        RuleIdentifiers.HandlerAsyncVoid,
        "Handler '{0}' is async void, so the invocation would end before its work does; return Task or ValueTask",
        "Nothing can wait for an async void method: Lambda would answer (and may freeze the environment) while the work is still running, and its exceptions would crash the process. Lambda rejects async void handlers.");

    public static readonly DiagnosticDescriptor HandlerTooManyParameters = Create(
        RuleIdentifiers.HandlerTooManyParameters,
        "Handler '{0}' cannot take parameter '{1}': a handler takes at most one input (a JSON type or Stream), one context, one CancellationToken and one LambdaResponseStream",
        "The event is one JSON document (or one stream), the context is ILambdaContext (LambdaKit's or Amazon.Lambda.Core's) and the cancellation token is the context's; a second parameter of any of those kinds cannot be bound.");

    public static readonly DiagnosticDescriptor HandlerStreamingWithResult = Create(
        RuleIdentifiers.StreamingHandlerReturnsValue,
        "Handler '{0}' writes its response to a LambdaResponseStream and also returns '{1}', which would go nowhere; return void, Task or ValueTask",
        "A streaming handler's response is the bytes it writes to its LambdaResponseStream: the runtime posts them as they are written, so a returned value has no place in the response. The generator leaves the method out.");

    public static readonly DiagnosticDescriptor HandlerOverloaded = Create(
        RuleIdentifiers.HandlerOverloaded,
        "Handler '{0}' has overloads in '{1}'; the handler string names a method without a signature, so rename the handler or the other methods",
        "The handler string Assembly::Namespace.Type::Method cannot tell overloads apart, and Lambda's .NET runtime fails init when it would have to choose.");

    public static readonly DiagnosticDescriptor DuplicateFunctionName = Create(
        RuleIdentifiers.DuplicateFunctionName,
        "Function name '{0}' is also used by '{1}'; give each [LambdaFunction] a distinct Name",
        "The function name selects the handler (with _HANDLER) and names the deployed function, so it must be unique in the assembly. It defaults to the method name.",
        WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor HandlerTypeNotCreatable = Create(
        RuleIdentifiers.HandlerTypeNotCreatable,
        "Handler '{0}' is an instance method, but '{1}' cannot be created without arguments; add a public or internal parameterless constructor, or make the handler static",
        "The generated init code creates one instance of the handler's type per execution environment with its parameterless constructor; abstract and static types, and types whose only constructors take arguments, cannot be created.");

    public static readonly DiagnosticDescriptor HandlerTypeNotSerializable = Create(
        RuleIdentifiers.HandlerTypeNotSerializable,
        "Handler '{0}' cannot use '{1}': {2}",
        "LambdaKit generates the System.Text.Json metadata of every handler input and output type at compile time; a type it cannot describe would otherwise fail only in production. Change the type, or name your own JsonSerializerContext.");

    public static readonly DiagnosticDescriptor HandlerTypeNotInSerializerContext = Create(
        RuleIdentifiers.HandlerTypeNotInSerializerContext,
        "Handler '{0}' uses '{1}', which '{2}' does not register; add [JsonSerializable(typeof({1}))] to it",
        "With [assembly: LambdaSerializerContext(typeof(X))] the handlers read and write JSON through X.Default, which has metadata only for the types its [JsonSerializable] attributes name.");

    public static readonly DiagnosticDescriptor UserMainWithGeneratedMain = Create(
        RuleIdentifiers.UserMainWithGeneratedMain,
        "'{0}' is an entry point, but the project sets LambdaGenerateMain to true; remove one of them (an own Main can call LambdaKit.Generated.LambdaFunctions.RunAsync())",
        "LambdaGenerateMain=true asks LambdaKit for the function's Main. With an entry point of your own there would be two, so LambdaKit emits none and your Main runs instead of the one the project asked for.");

    public static readonly DiagnosticDescriptor EntryPointWithoutRuntime = Create(
        RuleIdentifiers.EntryPointWithoutRuntime,
        "The entry point ({0}) never starts the Lambda runtime, so the function would answer no event; the generated registration is one line: '{1}'",
        "With an own Main (or top-level statements) LambdaKit generates no Main, so nothing polls the Runtime API unless this code does: a leftover template Program.cs prints and exits, and Lambda reports the init as failed. Call LambdaFunctions.RunAsync() or LambdaBootstrap.RunAsync() from it. Reported only when the entry point mentions neither, nor AWS's LambdaBootstrapBuilder or LambdaBootstrap.");

    // LK1013-LK1014: the handler setting of a configuration file (aws-lambda-tools-defaults.json, serverless.template).

    public static readonly DiagnosticDescriptor HandlerStringInvalid = Create(
        RuleIdentifiers.HandlerStringInvalid,
        "The handler string ({0}) has {1} characters or whitespace; Lambda accepts at most {2} characters and no whitespace",
        "Lambda's CreateFunction refuses a Handler longer than 128 characters or containing whitespace (pattern [^\\s]+), so the deployment fails.",
        WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor HandlerStringUnknown = Create(
        RuleIdentifiers.HandlerStringUnknown,
        "The handler '{0}' ({1}) names no [LambdaFunction] of this project; use a function name or handler string of: {2}",
        "With several functions in one binary the handler setting selects one; a name that matches none fails every init with Runtime.NoSuchHandler.",
        WellKnownDiagnosticTags.CompilationEnd);

    // LK2xxx: code that works locally and costs cold-start time, money or correctness on Lambda. Warnings.

    public static readonly DiagnosticDescriptor CreatedPerInvocation = Create(
        RuleIdentifiers.CreatedPerInvocation,
        "Handler '{0}' creates a new {1} on every invocation, and {2}; create it once during init (a static readonly field) so warm invocations reuse it",
        "Lambda reuses an execution environment for many invocations: what init creates, every warm invocation gets for free. Lambda's best practices: create SDK clients and database connections outside the handler.");

    public static readonly DiagnosticDescriptor BlockingInInit = Create(
        RuleIdentifiers.BlockingInInit,
        "'{0}' blocks on a task while '{1}' initialises; Lambda caps init at 10 seconds and the blocked thread does nothing meanwhile: await the work in the handler on first use (for example a static Lazy<Task<T>>)",
        "Static initialisers and constructors of a function type run in Lambda's init phase, which is capped at 10 seconds for on-demand functions. Blocking there on asynchronous work (sync over async) ties up the only thread and can deadlock on a captured context.");

    public static readonly DiagnosticDescriptor WorkLeftRunning = Create(
        RuleIdentifiers.WorkLeftRunning,
        "{0} is not awaited in handler '{1}'; Lambda freezes the execution environment once the handler returns, so the work stops mid-way or resumes during a later invocation: await it (or Task.WhenAll) before returning",
        "After the response Lambda freezes the process until the next event, or never thaws it. Background work started by an invocation and not awaited is lost or runs inside another invocation's time.");

    public static readonly DiagnosticDescriptor ProcessExitInHandler = Create(
        RuleIdentifiers.ProcessExitInHandler,
        "Handler '{0}' calls '{1}', which ends the process: the invocation fails with Runtime.ExitError and the next one pays a cold start; throw an exception instead",
        "A handler that ends its process takes the execution environment with it: Lambda reports the invocation as failed without the handler's error, and starts a new environment (with its init) for the next event.");

    public static readonly DiagnosticDescriptor WriteOutsideTmp = Create(
        RuleIdentifiers.WriteOutsideTmp,
        "'{0}' writes to '{1}', outside /tmp: Lambda's file system is read-only except /tmp, so this throws at run time; write under Path.GetTempPath() instead",
        "Lambda functions may write only to /tmp (512 MB by default, up to 10,240 MB) and to EFS mounts under /mnt; the function's own folder /var/task and everything else is read-only.");

    public static readonly DiagnosticDescriptor ReflectionSerializerUnderAot = Create(
        RuleIdentifiers.ReflectionSerializerUnderAot,
        "'{0}' is a reflection-based serializer and the project publishes with Native AOT, where reflection-based serialization is disabled: the function fails on its first event; use SourceGeneratorLambdaJsonSerializer<TContext> with a JsonSerializerContext, or [LambdaFunction] handlers (LambdaKit generates their metadata)",
        "Under Native AOT System.Text.Json cannot build metadata by reflection. The SDK's IL2026 warning sees calls, not a serializer named in [LambdaSerializer(typeof(...))], so the failure would first show on Lambda.",
        WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor InputStoredInField = Create(
        RuleIdentifiers.InputStoredInField,
        "Handler '{0}' stores its input '{1}' in the field '{2}', which outlives the invocation: the next invocations (concurrent ones under Managed Instances) see it; keep per-invocation data in locals",
        "One execution environment serves many invocations, and under Lambda Managed Instances several at once. Data of one request kept in a static field or in the handler's instance leaks into later requests and races with concurrent ones.");

    public static readonly DiagnosticDescriptor ManagedMemoryTooLow = Create(
        RuleIdentifiers.ManagedMemoryTooLow,
        "MemorySize = {0} for a function that runs JIT-compiled (PublishAot is not true): below {1} MB Lambda gives it a small fraction of a vCPU, and compiling code dominates its first invocations; configure {1} MB or more, or publish with Native AOT",
        "Lambda allocates CPU in proportion to memory (1,769 MB is one vCPU). A JIT-compiled .NET function compiles its code during init and its first invocations, which is slowest at low memory; Native AOT does that at build time.");

    public static readonly DiagnosticDescriptor InvokesItself = Create(
        RuleIdentifiers.InvokesItself,
        "Handler '{0}' invokes its own function ({1}): every invocation can start another, a loop that runs up cost and concurrency until something stops it; pass the work to another function or a queue",
        "Lambda's best practices warn against recursive code: a function that invokes itself can run away, and the emergency stop is setting its reserved concurrency to 0.");

    public static readonly DiagnosticDescriptor AsyncHandlerWithoutAwait = Create(
        RuleIdentifiers.AsyncHandlerWithoutAwait,
        "Handler '{0}' is async but never awaits: every invocation runs a compiler-built state machine for nothing, and the cold start JIT-compiles it; remove 'async' and return the value with Task.FromResult (or Task.CompletedTask)",
        "An async method without await runs synchronously inside an async state machine and its builder. A JIT-compiled function compiles that machinery during its first invocation, on the cold path; the same method without async returns a completed task directly. CS1998 reports the missing await in general; this rule says what it costs on Lambda.");

    public static readonly DiagnosticDescriptor ManagedWithoutReadyToRun = Create(
        RuleIdentifiers.ManagedWithoutReadyToRun,
        "The function runs JIT-compiled (PublishAot is not true) and PublishReadyToRun is not true: every method its init and first invocation run is compiled then, on Lambda's cold path; set <PublishReadyToRun>true</PublishReadyToRun> (LambdaKit's packaging publishes it for the Lambda architecture), or publish with Native AOT",
        "ReadyToRun publishes the function's assemblies with precompiled native code, so the JIT does little work during Lambda's init and the first invocations; without it, or Native AOT, that compilation is paid on every cold start.",
        WellKnownDiagnosticTags.CompilationEnd);

    // LK3xxx: a deployment setting Lambda would refuse. Warnings: LambdaKit records the settings but does not deploy.

    public static readonly DiagnosticDescriptor MemorySizeOutOfRange = Create(
        RuleIdentifiers.MemorySizeOutOfRange,
        "MemorySize = {0} is outside Lambda's range of {1} to {2} MB{3}",
        "Lambda functions get 128 MB to 10,240 MB of memory, in 1-MB steps; a function configured outside that range is refused. 0 means the assembly default (or Lambda's, 128 MB).");

    public static readonly DiagnosticDescriptor TimeoutOutOfRange = Create(
        RuleIdentifiers.TimeoutOutOfRange,
        "Timeout = {0} is outside Lambda's range of {1} to {2} seconds{3}",
        "A Lambda function runs for at most 900 seconds (15 minutes) per invocation, and at least 1; a function configured outside that range is refused. 0 means the assembly default (or Lambda's, 3 seconds).");

    public static readonly DiagnosticDescriptor EphemeralStorageOutOfRange = Create(
        RuleIdentifiers.EphemeralStorageOutOfRange,
        "EphemeralStorage = {0} is outside Lambda's range of {1} to {2} MB{3}",
        "The /tmp directory of a Lambda function is 512 MB by default and can be configured up to 10,240 MB; a function configured outside that range is refused. 0 means the assembly default (or Lambda's, 512 MB).");

    public static readonly DiagnosticDescriptor EnvironmentTooLarge = Create(
        RuleIdentifiers.EnvironmentTooLarge,
        "The environment variables take {0} bytes as Lambda stores them (compact JSON, UTF-8), over its limit of {1}{2}",
        "Lambda stores a function's environment variables as one compact JSON object of at most 4,096 bytes in UTF-8 and refuses a configuration with more (InvalidParameterValueException).",
        WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor EnvironmentKeyInvalid = Create(
        RuleIdentifiers.EnvironmentKeyInvalid,
        "Environment variable '{0}' {1}",
        "Lambda refuses keys it reserves (AWS_REGION, _HANDLER, AWS_LAMBDA_*, LAMBDA_TASK_ROOT, ...) and keys that do not match [a-zA-Z][a-zA-Z0-9_]+.",
        WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor LayersOverLimit = Create(
        RuleIdentifiers.LayersOverLimit,
        "{0} layers are configured; Lambda allows at most {1} per function{2}",
        "A Lambda function can use at most five layers; a configuration with more is refused.",
        WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor RuntimeDeprecated = Create(
        RuleIdentifiers.RuntimeDeprecated,
        "The runtime '{0}' is deprecated by Lambda since {1} (LambdaKit's runtime table, checked {2}); move to a supported runtime (dotnet10, or provided.al2023 for Native AOT)",
        "A deprecated runtime gets no security patches; Lambda first blocks creating, then updating functions on it.",
        WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor RuntimeWithoutArm64 = Create(
        RuleIdentifiers.RuntimeWithoutArm64,
        "arm64 is configured, but the runtime '{0}' has no arm64 build{1}; use an Amazon Linux 2 or later runtime (dotnet10, provided.al2023)",
        "Only runtimes on Amazon Linux 2 and later run on arm64 (Graviton); Lambda refuses arm64 with the others.",
        WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor ConfigFileMalformed = Create(
        RuleIdentifiers.ConfigFileMalformed,
        "{0} is not valid JSON here: {1}; LambdaKit cannot check its Lambda settings until it is",
        "The deployment tools read this file as JSON; LambdaKit checks its settings (handler, memory, timeout, environment, layers, runtime) only when it parses.",
        WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor SqsEventSourceInvalid = Create(
        RuleIdentifiers.SqsEventSourceInvalid,
        "{0}{1}; Lambda refuses this SQS event source mapping",
        "Lambda's CreateEventSourceMapping accepts an SQS BatchSize of 1 to 10,000, above 10 only with MaximumBatchingWindowInSeconds of at least 1, and at most 10 for a FIFO queue.",
        WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor NativeLibraryMissingForArchitecture = Create(
        RuleIdentifiers.NativeLibraryMissingForArchitecture,
        "Native library '{0}' has no file for the target {1} ({2}); it has files only for {3}: {4}",
        "The project resolves native files for this library, but none for the Lambda target's runtime identifier, so the function fails with DllNotFoundException on its first call. Use a package version that ships the library for the target, build it for the target, or change LambdaArchitecture.");

    public static readonly DiagnosticDescriptor NativeLibraryWrongMachine = Create(
        RuleIdentifiers.NativeLibraryWrongMachine,
        "Native library '{0}' resolves to '{1}' for the target {2} ({3}), but that file is {4}; {5}",
        "The file that would be published for the Lambda target is built for another instruction set or operating system, so loading it fails with BadImageFormatException or DllNotFoundException on Lambda. Ship a file built for the target architecture.");

    public static readonly DiagnosticDescriptor X86IntrinsicsWithoutGuard = Create(
        RuleIdentifiers.X86IntrinsicsWithoutGuard,
        "'{0}' is an x86 hardware intrinsic and the Lambda target is arm64; check '{1}.IsSupported' first and provide a fallback",
        "Graviton (arm64) processors have no SSE or AVX instructions: System.Runtime.Intrinsics.X86 members throw PlatformNotSupportedException there. Guard them with IsSupported and provide a portable or Arm fallback (System.Runtime.Intrinsics.Arm, Vector128).");

    public static readonly DiagnosticDescriptor MaxConcurrencyOutOfRange = Create(
        RuleIdentifiers.MaxConcurrencyOutOfRange,
        "MaxConcurrency = {0} is outside Lambda's range of {1} to {2} invocations per execution environment{3}",
        "On Lambda Managed Instances one execution environment runs up to PerExecutionEnvironmentMaxConcurrency invocations at once, from 1 to 1,600; a function configured outside that range is refused. 0 means the assembly default (or one invocation at a time).");

    public static readonly DiagnosticDescriptor SnapStartIncompatible = Create(
        RuleIdentifiers.SnapStartIncompatible,
        "SnapStart cannot be used with {0}{1}",
        "SnapStart snapshots the initialised managed runtime: Lambda offers it only on the managed .NET runtimes (not on OS-only provided.* runtimes, where Native AOT functions run), with ephemeral storage of at most 512 MB, and not with tenant isolation. The deployment of such a function fails.");

    // LK6xxx look only at handlers of functions that opted in (MaxConcurrency above 1, or SnapStart).

    public static readonly DiagnosticDescriptor FieldWrittenConcurrently = Create(
        RuleIdentifiers.FieldWrittenConcurrently,
        "Handler '{0}' writes '{1}', which every concurrent invocation of the execution environment shares (MaxConcurrency = {2}); keep per-invocation data in locals, or synchronise the write",
        "Under Lambda Managed Instances one execution environment runs several invocations of the handler at the same time, on one instance of the handler's type. A write to a static field or to a field of that instance races with the other invocations.");

    public static readonly DiagnosticDescriptor SharedObjectNotThreadSafe = Create(
        RuleIdentifiers.SharedObjectNotThreadSafe,
        "Handler '{0}' uses '{1}', a {2} shared by every concurrent invocation (MaxConcurrency = {3}), and {2} is not thread-safe; use a thread-safe type, one instance per invocation, or a lock",
        "Under Lambda Managed Instances the object a handler keeps in a field is used by several invocations at the same time. Dictionary, List, Random, StringBuilder and database connections corrupt their state or fail when used concurrently.");

    public static readonly DiagnosticDescriptor FixedTmpFileName = Create(
        RuleIdentifiers.FixedTmpFileName,
        "Handler '{0}' uses the fixed path '{1}': concurrent invocations of the execution environment (MaxConcurrency = {2}) share /tmp and overwrite each other's file; add a unique part (the request id or Path.GetRandomFileName())",
        "Under Lambda Managed Instances several invocations run at once in one execution environment and share its /tmp directory, so a file name that is the same for every invocation is written and read by several of them at the same time.");

    public static readonly DiagnosticDescriptor TraceIdFromEnvironment = Create(
        RuleIdentifiers.TraceIdFromEnvironment,
        "Handler '{0}' reads _X_AMZN_TRACE_ID from the process environment, which holds no single invocation's trace id when invocations run concurrently (MaxConcurrency = {1}); use the context's TraceId",
        "The environment is process-wide: with several invocations in flight it cannot hold each one's trace id, so the runtime only sets _X_AMZN_TRACE_ID when one invocation runs at a time. The context carries the trace id of its own invocation.");

    public static readonly DiagnosticDescriptor UniqueValueInSnapshot = Create(
        RuleIdentifiers.UniqueValueInSnapshot,
        "'{0}' runs during the init of '{1}', whose function uses SnapStart: every execution environment restored from the snapshot gets the same {2}; renew it in an after-restore hook (LambdaSnapshot.RegisterAfterRestore) or create it per invocation",
        "With SnapStart, init runs once and its memory is restored into many execution environments. Random seeds, GUIDs, timestamps and open connections captured during init are the same (or stale) in all of them, unless an after-restore hook renews them.");

    private static DiagnosticDescriptor Create(string id, string messageFormat, string description, params string[] customTags)
    {
        var rule = RuleTable.Get(id);
        return new(id, rule.Title, messageFormat, rule.Category, Severity(rule.Severity), isEnabledByDefault: true, description, rule.HelpUri, customTags);
    }

    private static DiagnosticSeverity Severity(RuleSeverity severity) => severity switch
    {
        RuleSeverity.Error => DiagnosticSeverity.Error,
        RuleSeverity.Warning => DiagnosticSeverity.Warning,
        _ => DiagnosticSeverity.Info,
    };
}
