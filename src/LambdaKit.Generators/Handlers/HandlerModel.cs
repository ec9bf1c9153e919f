using System;
using LambdaKit.Generators.Common;
using LambdaKit.Generators.Serialization;

namespace LambdaKit.Generators.Handlers;

/// <summary>One valid handler, as plain equatable data: everything the emitter needs, nothing from Roslyn.</summary>
internal sealed record HandlerModel
{
    public HandlerModel(
        string functionName,
        string handlerString,
        ImmutableEquatableArray<TypeNode> jsonTypes,
        string containingType,
        string methodName,
        bool isStatic,
        ImmutableEquatableArray<HandlerArgument> arguments,
        string? inputType,
        string? inputContextProperty,
        AwaitKind await,
        ResultKind result,
        string? outputType,
        string? outputContextProperty,
        string? userContextType,
        bool userContextOverAmazonOptions,
        bool amazonOptions,
        FunctionDeployment deployment)
    {
        AmazonOptions = amazonOptions;
        Deployment = deployment;
        FunctionName = functionName;
        HandlerString = handlerString;
        JsonTypes = jsonTypes;
        ContainingType = containingType;
        MethodName = methodName;
        IsStatic = isStatic;
        Arguments = arguments;
        InputType = inputType;
        InputContextProperty = inputContextProperty;
        Await = await;
        Result = result;
        OutputType = outputType;
        OutputContextProperty = outputContextProperty;
        UserContextType = userContextType;
        UserContextOverAmazonOptions = userContextOverAmazonOptions;
    }

    /// <summary>The short name (<c>[LambdaFunction(Name = ...)]</c> or the method name).</summary>
    public string FunctionName { get; }

    /// <summary><c>Assembly::Namespace.Type::Method</c>.</summary>
    public string HandlerString { get; }

    /// <summary>
    /// Default mode: every type its JSON input and output reach, sorted by name; empty with a user context. A change in
    /// any of them (in whatever file) changes the model, and so the generated context.
    /// </summary>
    public ImmutableEquatableArray<TypeNode> JsonTypes { get; }

    /// <summary>Fully qualified, with <c>global::</c>.</summary>
    public string ContainingType { get; }

    public string MethodName { get; }

    public bool IsStatic { get; }

    /// <summary>The parameters' roles, in declaration order.</summary>
    public ImmutableEquatableArray<HandlerArgument> Arguments { get; }

    /// <summary>The JSON input type, fully qualified; <see langword="null"/> without a JSON input.</summary>
    public string? InputType { get; }

    /// <summary>The user context's property for <see cref="InputType"/> (user context mode only).</summary>
    public string? InputContextProperty { get; }

    public AwaitKind Await { get; }

    public ResultKind Result { get; }

    /// <summary>The JSON output type, fully qualified; <see langword="null"/> unless <see cref="Result"/> is JSON.</summary>
    public string? OutputType { get; }

    /// <summary>The user context's property for <see cref="OutputType"/> (user context mode only).</summary>
    public string? OutputContextProperty { get; }

    /// <summary>
    /// The user-named <c>JsonSerializerContext</c> of this handler, fully qualified; <see langword="null"/> when it uses
    /// the generated metadata. Per handler: Amazon's method-level <c>[LambdaSerializer]</c> overrides the assembly's.
    /// </summary>
    public string? UserContextType { get; }

    /// <summary>
    /// The user context is named by Amazon's <c>SourceGeneratorLambdaJsonSerializer&lt;X&gt;</c>: it is created over AWS's
    /// serializer options (as that serializer does), not used as <c>X.Default</c>.
    /// </summary>
    public bool UserContextOverAmazonOptions { get; }

    /// <summary>
    /// The handler is on the generated metadata and its <c>[LambdaSerializer]</c> names Amazon's
    /// <c>DefaultLambdaJsonSerializer</c> (or a class deriving from it): the metadata is used over AWS's options and converters.
    /// </summary>
    public bool AmazonOptions { get; }

    /// <summary>Memory and timeout as the method's <c>[LambdaFunction]</c> sets them (the assembly's defaults are applied later).</summary>
    public FunctionDeployment Deployment { get; }

    /// <summary>Whether the handler takes Amazon.Lambda.Core's context (so the adapter is emitted).</summary>
    public bool UsesAmazonContext => Takes(ParameterRole.AmazonContext);

    /// <summary>Whether the handler writes its response to a <c>LambdaResponseStream</c> (a streaming handler).</summary>
    public bool IsStreaming => Takes(ParameterRole.ResponseStream);

    private bool Takes(ParameterRole role)
    {
        foreach (var argument in Arguments)
        {
            if (argument.Role == role)
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>A parameter's role, wrapped so arrays of it are equatable.</summary>
internal readonly struct HandlerArgument : IEquatable<HandlerArgument>
{
    public HandlerArgument(ParameterRole role)
    {
        Role = role;
    }

    public ParameterRole Role { get; }

    public bool Equals(HandlerArgument other) => Role == other.Role;

    public override bool Equals(object? obj) => obj is HandlerArgument other && Equals(other);

    public override int GetHashCode() => (int)Role;
}

/// <summary>Compilation-wide facts the emitters need.</summary>
internal sealed record GenerationSettings
{
    public GenerationSettings(string assemblyName, bool isExecutable, bool camelCase, bool amazonLoggerHasLevels, bool amazonStaticLogger, bool amazonSnapshotRestore, ImmutableEquatableArray<string> amazonConstantClasses, string? userDeclaredType, FunctionDeployment deploymentDefaults)
    {
        AmazonConstantClasses = amazonConstantClasses;
        AmazonStaticLogger = amazonStaticLogger;
        AmazonSnapshotRestore = amazonSnapshotRestore;
        DeploymentDefaults = deploymentDefaults;
        UserDeclaredType = userDeclaredType;
        AssemblyName = assemblyName;
        IsExecutable = isExecutable;
        CamelCase = camelCase;
        AmazonLoggerHasLevels = amazonLoggerHasLevels;
    }

    public string AssemblyName { get; }

    /// <summary>OutputType Exe (console or Windows application).</summary>
    public bool IsExecutable { get; }

    public bool CamelCase { get; }

    /// <summary>Amazon.Lambda.Core has <c>LogLevel</c> and the leveled <c>ILambdaLogger.Log</c> methods (its .NET 6+ surface).</summary>
    public bool AmazonLoggerHasLevels { get; }

    /// <summary>Amazon.Lambda.Core's static <c>LambdaLogger</c> is referenced: init redirects it to LambdaKit's logger.</summary>
    public bool AmazonStaticLogger { get; }

    /// <summary>Amazon.Lambda.Core's <c>SnapshotRestore</c> is referenced: init hands its SnapStart hooks to LambdaKit's runtime.</summary>
    public bool AmazonSnapshotRestore { get; }

    /// <summary>The AWS SDK constant classes AWS's serializer writes as strings that the compilation has (fully qualified).</summary>
    public ImmutableEquatableArray<string> AmazonConstantClasses { get; }

    /// <summary>A type the generator would declare in <c>LambdaKit.Generated</c> that the user's code declares already (nothing is generated then).</summary>
    public string? UserDeclaredType { get; }

    /// <summary>The assembly's <c>[LambdaFunctionDefaults]</c> memory and timeout.</summary>
    public FunctionDeployment DeploymentDefaults { get; }
}

/// <summary>Whether and how to emit <c>Main</c>.</summary>
internal sealed record EntryPointSettings
{
    public EntryPointSettings(MainMode mode, bool userEntryPoint)
    {
        Mode = mode;
        UserEntryPoint = userEntryPoint;
    }

    public MainMode Mode { get; }

    /// <summary>The user's code has a <c>static Main</c> or top-level statements.</summary>
    public bool UserEntryPoint { get; }
}
