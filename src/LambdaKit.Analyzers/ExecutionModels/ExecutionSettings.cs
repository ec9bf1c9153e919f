using System.Collections.Concurrent;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using LambdaKit.Generators.Handlers;
using Microsoft.CodeAnalysis;

namespace LambdaKit.Analyzers.ExecutionModels;

/// <summary>
/// The execution-model settings of one function: its <c>[LambdaFunction]</c> arguments, else those of
/// <c>[assembly: LambdaFunctionDefaults]</c>. A flag set on either is on; a number set on the function wins.
/// </summary>
internal sealed class ExecutionSettings
{
    public const string MaxConcurrencyName = "MaxConcurrency";
    public const string SnapStartName = "SnapStart";
    public const string TenantIsolationName = "TenantIsolation";
    public const string EphemeralStorageName = "EphemeralStorage";

    private ExecutionSettings(AttributeData function, AttributeData? defaults)
    {
        Function = function;
        MaxConcurrency = Number(function, defaults, MaxConcurrencyName);
        EphemeralStorage = Number(function, defaults, EphemeralStorageName);
        SnapStart = Flag(function, defaults, SnapStartName);
        TenantIsolation = Flag(function, defaults, TenantIsolationName);
    }

    /// <summary>The function's attribute, where diagnostics about its settings point.</summary>
    public AttributeData Function { get; }

    /// <summary>0 when neither attribute sets it (one invocation at a time).</summary>
    public int MaxConcurrency { get; }

    public int EphemeralStorage { get; }

    public bool SnapStart { get; }

    public bool TenantIsolation { get; }

    public bool MayRunConcurrently => MaxConcurrency > 1;

    private static int Number(AttributeData function, AttributeData? defaults, string name) =>
        Argument(function, name) is int value && value != 0 ? value : Argument(defaults, name) as int? ?? 0;

    private static bool Flag(AttributeData function, AttributeData? defaults, string name) =>
        Argument(function, name) is true || Argument(defaults, name) is true;

    private static object? Argument(AttributeData? attribute, string name)
    {
        if (attribute is null)
        {
            return null;
        }

        foreach (var argument in attribute.NamedArguments)
        {
            if (argument.Key == name)
            {
                return argument.Value.Value;
            }
        }

        return null;
    }

    /// <summary>Each handler's settings for one compilation: resolved once, safe to call from concurrent actions.</summary>
    internal sealed class Resolver
    {
        private static readonly ConditionalWeakTable<Compilation, Resolver> Cache = new();

        private readonly INamedTypeSymbol _function;
        private readonly AttributeData? _defaults;
        private readonly SettingMentions _mentions;
        private readonly ConcurrentDictionary<INamedTypeSymbol, bool> _concurrentTypes = new(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<INamedTypeSymbol, bool> _snapStartTypes = new(SymbolEqualityComparer.Default);

        private Resolver(Compilation compilation, INamedTypeSymbol function)
        {
            _function = function;
            _mentions = new SettingMentions(compilation);
            var defaults = compilation.GetTypeByMetadataName(HandlerSymbols.LambdaFunctionDefaultsAttributeName);
            _defaults = defaults is null
                ? null
                : compilation.Assembly.GetAttributes().FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, defaults));
        }

        /// <summary>Null when the compilation does not reference LambdaKit.</summary>
        public static Resolver? For(Compilation compilation) =>
            compilation.GetTypeByMetadataName(HandlerSymbols.LambdaFunctionAttributeName) is { } function
                ? Cache.GetValue(compilation, c => new Resolver(c, function))
                : null;

        /// <inheritdoc cref="SettingMentions.Mentions"/>
        public bool Mentions(string setting, CancellationToken cancellationToken) => _mentions.Mentions(setting, cancellationToken);

        /// <summary>The settings of a <c>[LambdaFunction]</c> method; null for any other symbol.</summary>
        public ExecutionSettings? Get(ISymbol symbol)
        {
            if (symbol is not IMethodSymbol { MethodKind: MethodKind.Ordinary } method)
            {
                return null;
            }

            var function = method.GetAttributes().FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, _function));
            return function is null ? null : new ExecutionSettings(function, _defaults);
        }

        /// <summary>A type declaring a handler whose function may run invocations concurrently.</summary>
        public bool HasConcurrentHandler(INamedTypeSymbol type) =>
            _concurrentTypes.GetOrAdd(type, t => t.GetMembers().Any(m => Get(m) is { MayRunConcurrently: true }));

        /// <summary>A type declaring a handler of a SnapStart function: its initialisers run before the snapshot.</summary>
        public bool HasSnapStartHandler(INamedTypeSymbol type) =>
            _snapStartTypes.GetOrAdd(type, t => t.GetMembers().Any(m => Get(m) is { SnapStart: true }));
    }
}
