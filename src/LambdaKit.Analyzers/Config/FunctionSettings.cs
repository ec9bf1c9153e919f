using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis.Text;

namespace LambdaKit.Analyzers.Config;

/// <summary>One environment variable as written in a configuration file, with where to point at it.</summary>
internal readonly struct EnvironmentVariable
{
    public EnvironmentVariable(string key, string value, TextSpan span)
    {
        Key = key;
        Value = value;
        Span = span;
    }

    public string Key { get; }

    public string Value { get; }

    public TextSpan Span { get; }
}

/// <summary>
/// The Lambda settings of one function read from a configuration file: each with the key it was written under (for
/// messages) and its JSON value (for the location). Values that are not literals (CloudFormation's <c>Ref</c>,
/// <c>Fn::*</c>) are left out.
/// </summary>
internal sealed class FunctionSettings
{
    private static readonly char[] Comma = { ',' };
    private static readonly char[] Semicolon = { ';' };

    public FunctionSettings(string file) => File = file;

    public string File { get; }

    public List<(string Key, string Quota, JsonNode Value)> Numbers { get; } = new();

    public (string Key, JsonNode Value)? Handler { get; set; }

    public (string Key, JsonNode Value)? Runtime { get; set; }

    public (string Key, JsonNode Value)? Architecture { get; set; }

    public (string Key, JsonNode Value, int Count)? Layers { get; set; }

    public (string Key, JsonNode Value, List<EnvironmentVariable> Variables)? Environment { get; set; }

    /// <summary><c>SnapStart.ApplyOn</c> when it turns SnapStart on (<c>PublishedVersions</c>).</summary>
    public (string Key, JsonNode Value)? SnapStart { get; set; }

    /// <summary><c>TenancyConfig.TenantIsolationMode</c> when it isolates tenants (<c>PER_TENANT</c>).</summary>
    public (string Key, JsonNode Value)? TenantIsolation { get; set; }

    /// <summary><c>aws-lambda-tools-defaults.json</c> (Amazon.Lambda.Tools): one function, flat keys.</summary>
    public static IEnumerable<FunctionSettings> FromToolsDefaults(string file, JsonNode root)
    {
        var settings = new FunctionSettings(file);
        foreach (var property in root.Properties)
        {
            var value = property.Value;
            switch (property.Name)
            {
                case "function-handler" when value.Kind == JsonKind.String:
                    settings.Handler = (property.Name, value);
                    break;
                case "function-runtime" when value.Kind == JsonKind.String:
                    settings.Runtime = (property.Name, value);
                    break;
                case "function-architecture" when value.Kind == JsonKind.String:
                    settings.Architecture = (property.Name, value);
                    break;
                case "function-memory-size":
                    settings.Numbers.Add((property.Name, "MemorySize", value));
                    break;
                case "function-timeout":
                    settings.Numbers.Add((property.Name, "Timeout", value));
                    break;
                case "function-layers" when value.Kind == JsonKind.String:
                    settings.Layers = (property.Name, value, value.Text!.Split(Comma, StringSplitOptions.RemoveEmptyEntries).Length);
                    break;
                case "environment-variables" when value.Kind == JsonKind.String:
                    settings.Environment = (property.Name, value, ParsePairs(value));
                    break;
            }
        }

        yield return settings;
    }

    /// <summary><c>serverless.template</c> (CloudFormation or SAM): every Lambda function resource, and SAM's <c>Globals.Function</c>.</summary>
    public static IEnumerable<FunctionSettings> FromTemplate(string file, JsonNode root)
    {
        if (root.Property("Globals")?.Value.Property("Function")?.Value is { Kind: JsonKind.Object } globals)
        {
            yield return FromProperties(file, globals);
        }

        if (root.Property("Resources")?.Value is not { Kind: JsonKind.Object } resources)
        {
            yield break;
        }

        foreach (var resource in resources.Properties)
        {
            if (resource.Value.Property("Type")?.Value.Text is "AWS::Serverless::Function" or "AWS::Lambda::Function"
                && resource.Value.Property("Properties")?.Value is { Kind: JsonKind.Object } properties)
            {
                yield return FromProperties(file, properties);
            }
        }
    }

    private static FunctionSettings FromProperties(string file, JsonNode properties)
    {
        var settings = new FunctionSettings(file);
        foreach (var property in properties.Properties)
        {
            var value = property.Value;
            switch (property.Name)
            {
                case "Handler" when value.Kind == JsonKind.String:
                    settings.Handler = (property.Name, value);
                    break;
                case "Runtime" when value.Kind == JsonKind.String:
                    settings.Runtime = (property.Name, value);
                    break;
                case "Architectures" when value.Kind == JsonKind.Array && value.Items.Count == 1 && value.Items[0].Kind == JsonKind.String:
                    settings.Architecture = (property.Name, value.Items[0]);
                    break;
                case "MemorySize":
                    settings.Numbers.Add((property.Name, "MemorySize", value));
                    break;
                case "Timeout":
                    settings.Numbers.Add((property.Name, "Timeout", value));
                    break;
                case "EphemeralStorage" when value.Property("Size")?.Value is { } size:
                    settings.Numbers.Add((property.Name + ".Size", "EphemeralStorage", size));
                    break;
                case "CapacityProviderConfig" when ManagedInstancesConcurrency(value) is var (path, concurrency):
                    settings.Numbers.Add((property.Name + "." + path, "MaxConcurrency", concurrency));
                    break;
                case "SnapStart" when value.Property("ApplyOn")?.Value is { Text: "PublishedVersions" } applyOn:
                    settings.SnapStart = (property.Name + ".ApplyOn", applyOn);
                    break;
                case "TenancyConfig" when value.Property("TenantIsolationMode")?.Value is { Text: "PER_TENANT" } mode:
                    settings.TenantIsolation = (property.Name + ".TenantIsolationMode", mode);
                    break;
                case "Layers" when value.Kind == JsonKind.Array:
                    settings.Layers = (property.Name, value, value.Items.Count);
                    break;
                case "Environment" when value.Property("Variables")?.Value is { Kind: JsonKind.Object } variables:
                    var list = new List<EnvironmentVariable>();
                    foreach (var variable in variables.Properties)
                    {
                        // A non-literal value (Ref, Fn::Sub) has an unknown size: the total cannot be checked.
                        if (variable.Value.Kind != JsonKind.String)
                        {
                            list = null;
                            break;
                        }

                        list.Add(new EnvironmentVariable(variable.Name, variable.Value.Text!, variable.NameSpan));
                    }

                    if (list is not null)
                    {
                        settings.Environment = (property.Name + ".Variables", variables, list);
                    }

                    break;
            }
        }

        return settings;
    }

    /// <summary>
    /// <c>PerExecutionEnvironmentMaxConcurrency</c> of Lambda Managed Instances: directly under SAM's
    /// <c>CapacityProviderConfig</c>, under <c>LambdaManagedInstancesCapacityProviderConfig</c> in CloudFormation's.
    /// </summary>
    private static (string Path, JsonNode Value)? ManagedInstancesConcurrency(JsonNode config)
    {
        const string Name = "PerExecutionEnvironmentMaxConcurrency";
        const string Nested = "LambdaManagedInstancesCapacityProviderConfig";
        if (config.Property(Name)?.Value is { } sam)
        {
            return (Name, sam);
        }

        return config.Property(Nested)?.Value.Property(Name)?.Value is { } cloudFormation ? (Nested + "." + Name, cloudFormation) : null;
    }

    /// <summary>Amazon.Lambda.Tools' <c>KEY1=VALUE1;KEY2=VALUE2</c> form.</summary>
    private static List<EnvironmentVariable> ParsePairs(JsonNode value)
    {
        var list = new List<EnvironmentVariable>();
        foreach (var pair in value.Text!.Split(Semicolon, StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=');
            list.Add(equals < 0
                ? new EnvironmentVariable(pair.Trim(), string.Empty, value.Span)
                : new EnvironmentVariable(pair.Substring(0, equals).Trim(), pair.Substring(equals + 1), value.Span));
        }

        return list;
    }
}
