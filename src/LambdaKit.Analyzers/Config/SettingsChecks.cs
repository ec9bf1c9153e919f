using System;
using System.Globalization;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace LambdaKit.Analyzers.Config;

/// <summary>The checks of one function's settings from a configuration file.</summary>
internal sealed class SettingsChecks
{
    private readonly FunctionSettings _settings;
    private readonly Func<TextSpan, Location> _at;
    private readonly Action<Diagnostic> _report;

    public SettingsChecks(FunctionSettings settings, Func<TextSpan, Location> at, Action<Diagnostic> report)
    {
        _settings = settings;
        _at = at;
        _report = report;
    }

    private string Where(string key) => " (" + key + " in " + _settings.File + ")";

    public void Handler(KnownHandlers handlers)
    {
        if (_settings.Handler is not var (key, value))
        {
            return;
        }

        var handler = value.Text!;
        if (handler.Length > LambdaQuotas.MaxHandlerLength || handler.Length == 0 || handler.Any(char.IsWhiteSpace))
        {
            Report(DiagnosticDescriptors.HandlerStringInvalid, value.Span, key, handler.Length.ToString(CultureInfo.InvariantCulture), LambdaQuotas.MaxHandlerLength.ToString(CultureInfo.InvariantCulture));
        }
        else if (handlers.Selects && !handlers.Matches(handler))
        {
            Report(DiagnosticDescriptors.HandlerStringUnknown, value.Span, handler, key, handlers.List());
        }
    }

    public void Numbers()
    {
        foreach (var (key, quotaName, value) in _settings.Numbers)
        {
            var quota = LambdaQuotas.Settings.First(q => q.Property == quotaName);
            if (value.Text is { } text && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) && (number == 0 || !quota.Allows(number)))
            {
                Report(
                    quota.Rule,
                    value.Span,
                    text,
                    quota.Minimum.ToString("N0", CultureInfo.InvariantCulture),
                    quota.Maximum.ToString("N0", CultureInfo.InvariantCulture),
                    Where(key));
            }
        }
    }

    public void Environment()
    {
        if (_settings.Environment is not var (key, value, variables))
        {
            return;
        }

        foreach (var variable in variables)
        {
            if (LambdaQuotas.ReservedEnvironmentKeys.Contains(variable.Key, StringComparer.Ordinal))
            {
                Report(DiagnosticDescriptors.EnvironmentKeyInvalid, variable.Span, variable.Key, "is reserved: Lambda sets it and refuses it in a function's configuration");
            }
            else if (!IsValidKey(variable.Key))
            {
                Report(DiagnosticDescriptors.EnvironmentKeyInvalid, variable.Span, variable.Key, "is not a valid key: it must start with a letter and have at least two letters, digits or underscores");
            }
        }

        var size = StoredSize(variables.Select(v => (v.Key, v.Value)));
        if (size > LambdaQuotas.MaxEnvironmentBytes)
        {
            Report(DiagnosticDescriptors.EnvironmentTooLarge, value.Span, size.ToString("N0", CultureInfo.InvariantCulture), LambdaQuotas.MaxEnvironmentBytes.ToString("N0", CultureInfo.InvariantCulture), Where(key));
        }
    }

    public void Layers()
    {
        if (_settings.Layers is var (key, value, count) && count > LambdaQuotas.MaxLayers)
        {
            Report(DiagnosticDescriptors.LayersOverLimit, value.Span, count.ToString(CultureInfo.InvariantCulture), LambdaQuotas.MaxLayers.ToString(CultureInfo.InvariantCulture), Where(key));
        }
    }

    public void Runtime(DateTime today)
    {
        if (_settings.Runtime is not var (key, value) || LambdaRuntimes.Find(value.Text) is not { } runtime)
        {
            return;
        }

        if (runtime.IsDeprecatedOn(today))
        {
            var blocked = runtime.CreationBlocked is { } day ? "; creating functions on it is blocked from " + Day(day) : string.Empty;
            Report(DiagnosticDescriptors.RuntimeDeprecated, value.Span, runtime.Name, Day(runtime.Deprecated!.Value) + blocked, LambdaRuntimes.CheckedOn);
        }

        if (!runtime.Arm64 && _settings.Architecture is var (_, architecture) && LambdaTargets.FindArchitecture(architecture.Text) == LambdaTargets.Arm64)
        {
            Report(DiagnosticDescriptors.RuntimeWithoutArm64, architecture.Span, runtime.Name, Where(key));
        }
    }

    /// <summary>LK3012: SnapStart with an OS-only runtime, more than 512 MB of /tmp, or tenant isolation.</summary>
    public void SnapStart()
    {
        if (_settings.SnapStart is not var (key, value))
        {
            return;
        }

        if (_settings.Runtime is var (_, runtime) && runtime.Text!.Trim().StartsWith(LambdaQuotas.OsOnlyRuntimePrefix, StringComparison.Ordinal))
        {
            Report(DiagnosticDescriptors.SnapStartIncompatible, value.Span, "the OS-only runtime '" + runtime.Text + "'", Where(key));
        }

        foreach (var (numberKey, quota, number) in _settings.Numbers)
        {
            if (quota == ExecutionModels.ExecutionSettings.EphemeralStorageName
                && int.TryParse(number.Text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var size)
                && size > LambdaQuotas.MaxSnapStartEphemeralStorage)
            {
                Report(DiagnosticDescriptors.SnapStartIncompatible, value.Span, numberKey + " = " + number.Text + " MB: at most " + LambdaQuotas.MaxSnapStartEphemeralStorage.ToString(CultureInfo.InvariantCulture) + " MB", Where(key));
            }
        }

        if (_settings.TenantIsolation is var (tenancyKey, _))
        {
            Report(DiagnosticDescriptors.SnapStartIncompatible, value.Span, "tenant isolation (" + tenancyKey + ")", Where(key));
        }
    }

    /// <summary>Key pattern of Lambda's API: a letter, then at least one letter, digit or underscore.</summary>
    private static bool IsValidKey(string key) =>
        key.Length >= 2 && IsAsciiLetter(key[0]) && key.Skip(1).All(c => IsAsciiLetter(c) || c is >= '0' and <= '9' or '_');

    private static bool IsAsciiLetter(char c) => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z';

    /// <summary>The bytes of <c>{"K":"V",...}</c> without whitespace, in UTF-8: how Lambda measures the 4 KB.</summary>
    internal static int StoredSize(System.Collections.Generic.IEnumerable<(string Key, string Value)> variables)
    {
        var json = new StringBuilder("{");
        foreach (var (key, value) in variables)
        {
            if (json.Length > 1)
            {
                json.Append(',');
            }

            AppendString(json, key);
            json.Append(':');
            AppendString(json, value);
        }

        return Encoding.UTF8.GetByteCount(json.Append('}').ToString());
    }

    private static void AppendString(StringBuilder json, string text)
    {
        json.Append('"');
        foreach (var c in text)
        {
            _ = c switch
            {
                '"' => json.Append("\\\""),
                '\\' => json.Append("\\\\"),
                < ' ' => json.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)),
                _ => json.Append(c),
            };
        }

        json.Append('"');
    }

    private static string Day(DateTime day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private void Report(DiagnosticDescriptor rule, TextSpan span, params object[] arguments) =>
        _report(Diagnostic.Create(rule, _at(span), arguments));
}
