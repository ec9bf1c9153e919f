using System.Text.Json.Serialization.Metadata;

namespace LambdaKit.Runtime;

/// <summary>
/// The <c>[LambdaFunction]</c> handlers of the loaded assemblies, as their generated code registers them: a module
/// initializer stores one delegate per assembly, and the descriptions are built on the first lookup, never at start-up.
/// It lets a test host (LambdaKit.Testing's <c>LambdaTest</c>) find a function by its type without
/// <c>InternalsVisibleTo</c> and without reflection.
/// </summary>
public static class LambdaFunctionRegistry
{
    private static readonly object Gate = new();
    private static readonly List<Func<IReadOnlyList<LambdaFunctionDescriptor>>> Pending = [];
    private static readonly List<LambdaFunctionDescriptor> Described = [];

    /// <summary>The functions of every assembly registered so far.</summary>
    public static IReadOnlyList<LambdaFunctionDescriptor> Functions
    {
        get
        {
            lock (Gate)
            {
                foreach (var describe in Pending)
                {
                    Described.AddRange(describe());
                }

                Pending.Clear();
                return Described.ToArray();
            }
        }
    }

    /// <summary>Called by the generated code of an assembly with <c>[LambdaFunction]</c> methods, once, when it is loaded.</summary>
    public static void Register(Func<IReadOnlyList<LambdaFunctionDescriptor>> describe)
    {
        ArgumentNullException.ThrowIfNull(describe);
        lock (Gate)
        {
            Pending.Add(describe);
        }
    }
}

/// <summary>One <c>[LambdaFunction]</c> handler as its generated code describes it.</summary>
public sealed class LambdaFunctionDescriptor
{
    private readonly Func<LambdaHandler> _createHandler;
    private readonly Func<JsonTypeInfo>? _inputTypeInfo;
    private readonly Func<JsonTypeInfo>? _outputTypeInfo;

    /// <param name="name">The function name.</param>
    /// <param name="handlerString">Lambda's handler string, <c>Assembly::Namespace.Type::Method</c>.</param>
    /// <param name="handlerType">The type that declares the method.</param>
    /// <param name="memorySizeMb">Memory from <c>[LambdaFunction]</c> or <c>[LambdaFunctionDefaults]</c>; 0 when neither sets it.</param>
    /// <param name="timeoutSeconds">Timeout from <c>[LambdaFunction]</c> or <c>[LambdaFunctionDefaults]</c>; 0 when neither sets it.</param>
    /// <param name="createHandler">Creates the handler (and its instance, for an instance method), as init does.</param>
    /// <param name="inputTypeInfo">The JSON metadata the handler reads its event with; null without a JSON input.</param>
    /// <param name="outputTypeInfo">The JSON metadata the handler writes its result with; null without a JSON result.</param>
    public LambdaFunctionDescriptor(
        string name,
        string handlerString,
        Type handlerType,
        int memorySizeMb,
        int timeoutSeconds,
        Func<LambdaHandler> createHandler,
        Func<JsonTypeInfo>? inputTypeInfo,
        Func<JsonTypeInfo>? outputTypeInfo)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(handlerString);
        ArgumentNullException.ThrowIfNull(handlerType);
        ArgumentNullException.ThrowIfNull(createHandler);
        Name = name;
        HandlerString = handlerString;
        HandlerType = handlerType;
        MemorySizeMb = memorySizeMb;
        TimeoutSeconds = timeoutSeconds;
        _createHandler = createHandler;
        _inputTypeInfo = inputTypeInfo;
        _outputTypeInfo = outputTypeInfo;
    }

    /// <summary>The function name (<c>[LambdaFunction(Name = ...)]</c> or the method name).</summary>
    public string Name { get; }

    /// <summary>Lambda's handler string, <c>Assembly::Namespace.Type::Method</c>.</summary>
    public string HandlerString { get; }

    /// <summary>The type that declares the handler method.</summary>
    public Type HandlerType { get; }

    /// <summary>Memory in MB from <c>[LambdaFunction]</c>, else <c>[LambdaFunctionDefaults]</c>; 0 when neither sets it.</summary>
    public int MemorySizeMb { get; }

    /// <summary>Timeout in seconds from <c>[LambdaFunction]</c>, else <c>[LambdaFunctionDefaults]</c>; 0 when neither sets it.</summary>
    public int TimeoutSeconds { get; }

    /// <summary>
    /// Invocations served at once by one execution environment, from <c>[LambdaFunction]</c> or
    /// <c>[LambdaFunctionDefaults]</c>; 0 when neither sets it (Lambda's on-demand model: one at a time).
    /// </summary>
    public int MaxConcurrency { get; init; }

    /// <summary>Whether <c>[LambdaFunction]</c> or <c>[LambdaFunctionDefaults]</c> turns SnapStart on.</summary>
    public bool SnapStart { get; init; }

    /// <summary>Whether <c>[LambdaFunction]</c> or <c>[LambdaFunctionDefaults]</c> turns tenant isolation on.</summary>
    public bool TenantIsolation { get; init; }

    /// <summary>The JSON metadata of the event; null when the handler takes no JSON input.</summary>
    public JsonTypeInfo? InputTypeInfo => _inputTypeInfo?.Invoke();

    /// <summary>The JSON metadata of the result; null when the handler returns no JSON.</summary>
    public JsonTypeInfo? OutputTypeInfo => _outputTypeInfo?.Invoke();

    /// <summary>Creates the handler, with a new instance for an instance method: once per execution environment, during init.</summary>
    public LambdaHandler CreateHandler() => _createHandler();
}
