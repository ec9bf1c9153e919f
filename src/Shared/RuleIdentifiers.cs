namespace LambdaKit;

/// <summary>
/// Every LambdaKit rule id, for the analyzers (Roslyn descriptors) and the MSBuild task (LK5xxx warnings); each has
/// its severity, category and title in <c>RuleTable</c>. Ids are stable once shipped: never renumber or reuse one.
/// </summary>
/// <remarks>
/// Ranges: LK1xxx handlers and generation, LK2xxx cold-start hazards, LK3xxx quotas, LK4xxx architecture,
/// LK5xxx deployment package, LK6xxx execution models (Managed Instances, SnapStart). Linked as source into every assembly that reports a rule.
/// </remarks>
internal static class RuleIdentifiers
{
    /// <summary>The repository whose <c>docs/rules</c> folder holds one page per rule.</summary>
    public const string RepositoryUrl = "https://github.com/lambdakit/lambdakit";

    // LK1xxx: handlers and generation (Roslyn analyzers).

    /// <summary>A <c>[LambdaFunction]</c> method, or a type containing it, is not accessible to the generated registration.</summary>
    public const string HandlerNotAccessible = "LK1001";

    /// <summary>A <c>[LambdaFunction]</c> method is generic, or is in a generic type.</summary>
    public const string HandlerGeneric = "LK1002";

    /// <summary>A <c>[LambdaFunction]</c> signature has <c>params</c>, a pointer, <c>ref</c>/<c>out</c>/<c>in</c> or <c>__arglist</c>.</summary>
    public const string HandlerParameterModifier = "LK1003";

    /// <summary>A <c>[LambdaFunction]</c> method is <c>async void</c>.</summary>
    public const string HandlerAsyncVoid = "LK1004";

    /// <summary>A <c>[LambdaFunction]</c> method has more parameters than an input, a context and a cancellation token.</summary>
    public const string HandlerTooManyParameters = "LK1005";

    /// <summary>A <c>[LambdaFunction]</c> method's name is overloaded in its type.</summary>
    public const string HandlerOverloaded = "LK1006";

    /// <summary>Two <c>[LambdaFunction]</c> methods have one function name.</summary>
    public const string DuplicateFunctionName = "LK1007";

    /// <summary>An instance handler's type has no accessible parameterless constructor (or is abstract).</summary>
    public const string HandlerTypeNotCreatable = "LK1008";

    /// <summary>A handler's input or output type cannot be described by the generated JSON metadata.</summary>
    public const string HandlerTypeNotSerializable = "LK1009";

    /// <summary>A handler's input or output type is not registered in the user-named <c>JsonSerializerContext</c>.</summary>
    public const string HandlerTypeNotInSerializerContext = "LK1010";

    /// <summary>A user entry point in a project that sets <c>LambdaGenerateMain</c> to <c>true</c>.</summary>
    public const string UserMainWithGeneratedMain = "LK1011";

    /// <summary>An own entry point of a function project that never starts the Lambda runtime loop.</summary>
    public const string EntryPointWithoutRuntime = "LK1012";

    /// <summary>A handler string in a configuration file longer than 128 characters, empty, or with whitespace.</summary>
    public const string HandlerStringInvalid = "LK1013";

    /// <summary>A handler string in a configuration file that names none of the project's functions.</summary>
    public const string HandlerStringUnknown = "LK1014";

    // LK2xxx: cold-start and run-time hazards (Roslyn analyzers).

    /// <summary>A handler creates an HTTP client, AWS SDK client, database connection, JSON options, regex or DI container per invocation.</summary>
    public const string CreatedPerInvocation = "LK2001";

    /// <summary><c>.Result</c>, <c>.Wait()</c> or <c>GetAwaiter().GetResult()</c> in the initialisation of a function type.</summary>
    public const string BlockingInInit = "LK2002";

    /// <summary>A handler starts work it does not wait for (discarded task, un-awaited call outside async code, async void lambda).</summary>
    public const string WorkLeftRunning = "LK2003";

    /// <summary>A handler ends its own process.</summary>
    public const string ProcessExitInHandler = "LK2004";

    /// <summary>A function type writes to a constant path outside /tmp.</summary>
    public const string WriteOutsideTmp = "LK2005";

    /// <summary>A reflection-based Lambda serializer in a project that publishes with Native AOT.</summary>
    public const string ReflectionSerializerUnderAot = "LK2006";

    /// <summary>A handler stores its input in a static field or a field of its own instance.</summary>
    public const string InputStoredInField = "LK2007";

    /// <summary>A JIT-compiled function configured with less than 512 MB.</summary>
    public const string ManagedMemoryTooLow = "LK2008";

    /// <summary>A handler invokes its own function through the Lambda API.</summary>
    public const string InvokesItself = "LK2009";

    /// <summary>An <c>async</c> handler that never awaits.</summary>
    public const string AsyncHandlerWithoutAwait = "LK2010";

    /// <summary>A JIT-compiled function project that does not publish ReadyToRun.</summary>
    public const string ManagedWithoutReadyToRun = "LK2011";

    // LK3xxx: quotas (Roslyn analyzers).

    /// <summary>A <c>MemorySize</c> deployment setting outside Lambda's 128-10,240 MB.</summary>
    public const string MemorySizeOutOfRange = "LK3001";

    /// <summary>A <c>Timeout</c> deployment setting outside Lambda's 1-900 seconds.</summary>
    public const string TimeoutOutOfRange = "LK3002";

    /// <summary>An <c>EphemeralStorage</c> deployment setting outside Lambda's 512-10,240 MB.</summary>
    public const string EphemeralStorageOutOfRange = "LK3003";

    /// <summary>Environment variables in a configuration file over 4 KB as Lambda stores them.</summary>
    public const string EnvironmentTooLarge = "LK3004";

    /// <summary>An environment variable key in a configuration file that is reserved or invalid.</summary>
    public const string EnvironmentKeyInvalid = "LK3005";

    /// <summary>More than five layers in a configuration file.</summary>
    public const string LayersOverLimit = "LK3006";

    /// <summary>A configuration file names a runtime Lambda has deprecated.</summary>
    public const string RuntimeDeprecated = "LK3007";

    /// <summary>A configuration file asks for arm64 with a runtime that has no arm64 build.</summary>
    public const string RuntimeWithoutArm64 = "LK3008";

    /// <summary>A Lambda configuration file is not valid JSON.</summary>
    public const string ConfigFileMalformed = "LK3009";

    /// <summary>An SQS event source setting in a configuration file that Lambda refuses (batch size, batching window, FIFO).</summary>
    public const string SqsEventSourceInvalid = "LK3010";

    /// <summary>The maximum concurrency per execution environment (Managed Instances) is outside 1-1,600.</summary>
    public const string MaxConcurrencyOutOfRange = "LK3011";

    /// <summary>SnapStart combined with a setting Lambda does not allow with it (an OS-only runtime, Native AOT, large /tmp, tenant isolation).</summary>
    public const string SnapStartIncompatible = "LK3012";

    // LK6xxx: execution models (Roslyn analyzers): Managed Instances concurrency, SnapStart.

    /// <summary>A handler that may run concurrently writes a static field or a field of its own instance.</summary>
    public const string FieldWrittenConcurrently = "LK6001";

    /// <summary>A handler that may run concurrently uses a shared object that is not thread-safe.</summary>
    public const string SharedObjectNotThreadSafe = "LK6002";

    /// <summary>A handler that may run concurrently uses a fixed file name under /tmp.</summary>
    public const string FixedTmpFileName = "LK6003";

    /// <summary>A handler that may run concurrently reads the trace id from the process environment.</summary>
    public const string TraceIdFromEnvironment = "LK6004";

    /// <summary>A SnapStart function captures a value that must be unique during init, with no after-restore hook.</summary>
    public const string UniqueValueInSnapshot = "LK6005";

    /// <summary>A streaming handler (it takes a <c>LambdaResponseStream</c>) also returns a value.</summary>
    public const string StreamingHandlerReturnsValue = "LK6006";

    // LK4xxx: architecture (Roslyn analyzers).

    /// <summary>A <c>[DllImport]</c>/<c>[LibraryImport]</c> library has no native file for the target architecture.</summary>
    public const string NativeLibraryMissingForArchitecture = "LK4001";

    /// <summary>The native file a library resolves to for the target RID has the wrong machine.</summary>
    public const string NativeLibraryWrongMachine = "LK4002";

    /// <summary><c>System.Runtime.Intrinsics.X86</c> used without an <c>IsSupported</c> guard when targeting arm64.</summary>
    public const string X86IntrinsicsWithoutGuard = "LK4003";

    // LK5xxx: deployment package (MSBuild task warnings and errors, not Roslyn descriptors).

    /// <summary>The zip is larger than the 50 MB direct-upload quota (52,428,800 bytes).</summary>
    public const string ZipTooLarge = "LK5001";

    /// <summary>The unzipped package plus its layers is larger than 250 MB (262,144,000 bytes).</summary>
    public const string UnzippedTooLarge = "LK5002";

    /// <summary>More than five layers.</summary>
    public const string TooManyLayers = "LK5003";

    /// <summary>No executable <c>bootstrap</c> for a <c>provided.*</c> runtime.</summary>
    public const string BootstrapMissing = "LK5004";

    /// <summary>A native file in the package has the wrong machine for the target architecture.</summary>
    public const string NativeFileWrongMachine = "LK5005";

    /// <summary>A native file in the package is for Windows or macOS only.</summary>
    public const string NativeFileWrongOperatingSystem = "LK5006";

    /// <summary>A native file needs a newer glibc than the target runtime has.</summary>
    public const string GlibcTooNew = "LK5007";

    /// <summary>A native file needs a library known to be absent from the target image.</summary>
    public const string NeededLibraryAbsent = "LK5008";

    /// <summary>A pack required for the requested publish mode is missing on this machine.</summary>
    public const string RequiredPackMissing = "LK5009";

    /// <summary>The function targets a runtime that Lambda has deprecated.</summary>
    public const string PackageRuntimeDeprecated = "LK5010";

    /// <summary>A native file in the package could not be read completely, so its machine and glibc needs are unverified.</summary>
    public const string NativeFileUnreadable = "LK5011";

    /// <summary>The help page of a rule: <c>docs/rules/LKnnnn.md</c> in the repository.</summary>
    public static string GetHelpUri(string id) => RepositoryUrl + "/blob/main/docs/rules/" + id + ".md";
}
