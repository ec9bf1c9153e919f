using System;
using System.Collections.Generic;
using System.Globalization;
using Microsoft.CodeAnalysis.Text;

namespace LambdaKit.Analyzers.Config;

/// <summary>
/// LK3010: SQS event source settings in a <c>serverless.template</c> that Lambda's CreateEventSourceMapping refuses:
/// SAM <c>Events</c> of type <c>SQS</c> on a function, and <c>AWS::Lambda::EventSourceMapping</c> resources whose
/// source is an SQS queue (an ARN, or <c>Fn::GetAtt</c> of an <c>AWS::SQS::Queue</c> of the template). A mapping whose
/// source or settings are not literals is not judged.
/// </summary>
internal static class SqsEventChecks
{
    public const int MaxBatchSize = 10_000;
    public const int MaxFifoBatchSize = 10;
    public const int MaxBatchSizeWithoutWindow = 10;
    public const int MaxBatchingWindowSeconds = 300;

    /// <summary>Each problem: where it is, what is wrong, and the setting's path in the file.</summary>
    public static IEnumerable<(TextSpan Span, string Problem, string Path)> Check(JsonNode root)
    {
        if (root.Property("Resources")?.Value is not { Kind: JsonKind.Object } resources)
        {
            yield break;
        }

        foreach (var resource in resources.Properties)
        {
            var type = resource.Value.Property("Type")?.Value.Text;
            if (resource.Value.Property("Properties")?.Value is not { Kind: JsonKind.Object } properties)
            {
                continue;
            }

            if (type == "AWS::Serverless::Function" && properties.Property("Events")?.Value is { Kind: JsonKind.Object } events)
            {
                foreach (var source in events.Properties)
                {
                    if (source.Value.Property("Type")?.Value.Text == "SQS"
                        && source.Value.Property("Properties")?.Value is { Kind: JsonKind.Object } settings
                        && Queue(settings.Property("Queue")?.Value, resources) is { } fifo)
                    {
                        foreach (var problem in Mapping(settings, fifo, $"Resources.{resource.Name}.Properties.Events.{source.Name}.Properties"))
                        {
                            yield return problem;
                        }
                    }
                }
            }
            else if (type == "AWS::Lambda::EventSourceMapping" && Queue(properties.Property("EventSourceArn")?.Value, resources) is { } fifo)
            {
                foreach (var problem in Mapping(properties, fifo, $"Resources.{resource.Name}.Properties"))
                {
                    yield return problem;
                }
            }
        }
    }

    private static IEnumerable<(TextSpan Span, string Problem, string Path)> Mapping(JsonNode settings, bool fifo, string path)
    {
        var batch = settings.Property("BatchSize")?.Value;
        var window = settings.Property("MaximumBatchingWindowInSeconds")?.Value;
        var windowSeconds = Number(window);
        if (window is not null && windowSeconds is < 0 or > MaxBatchingWindowSeconds)
        {
            yield return (window.Span, $"MaximumBatchingWindowInSeconds = {window.Text} is outside 0 to {MaxBatchingWindowSeconds} seconds", path + ".MaximumBatchingWindowInSeconds");
        }

        if (batch is null || Number(batch) is not { } size)
        {
            yield break;
        }

        var where = path + ".BatchSize";
        if (size is < 1 or > MaxBatchSize)
        {
            yield return (batch.Span, $"BatchSize = {batch.Text} is outside 1 to {MaxBatchSize.ToString("N0", CultureInfo.InvariantCulture)}", where);
        }
        else if (fifo && size > MaxFifoBatchSize)
        {
            yield return (batch.Span, $"BatchSize = {batch.Text} for a FIFO queue, which allows at most {MaxFifoBatchSize}", where);
        }
        else if (!fifo && size > MaxBatchSizeWithoutWindow && (window is null || windowSeconds is < 1))
        {
            yield return (batch.Span, $"BatchSize = {batch.Text} is over {MaxBatchSizeWithoutWindow} without a MaximumBatchingWindowInSeconds of at least 1", where);
        }
    }

    /// <summary>Whether the source is a FIFO queue (true), a standard queue (false), or not known to be a queue (null).</summary>
    private static bool? Queue(JsonNode? source, JsonNode resources)
    {
        if (source is { Kind: JsonKind.String, Text: { } arn })
        {
            return arn.StartsWith("arn:", StringComparison.Ordinal) && arn.Split(':') is { Length: >= 6 } parts && parts[2] == "sqs"
                ? parts[5].EndsWith(".fifo", StringComparison.Ordinal)
                : null;
        }

        if (source?.Property("Fn::GetAtt")?.Value is not { } getAtt)
        {
            return null;
        }

        var logicalId = getAtt.Kind switch
        {
            JsonKind.Array when getAtt.Items.Count == 2 && getAtt.Items[1].Text == "Arn" => getAtt.Items[0].Text,
            JsonKind.String when getAtt.Text!.EndsWith(".Arn", StringComparison.Ordinal) => getAtt.Text.Substring(0, getAtt.Text.Length - 4),
            _ => null,
        };
        if (logicalId is null
            || resources.Property(logicalId)?.Value is not { } queue
            || queue.Property("Type")?.Value.Text != "AWS::SQS::Queue")
        {
            return null;
        }

        var properties = queue.Property("Properties")?.Value;
        return properties?.Property("FifoQueue")?.Value.Kind == JsonKind.True
            || (properties?.Property("QueueName")?.Value is { Kind: JsonKind.String, Text: { } name } && name.EndsWith(".fifo", StringComparison.Ordinal));
    }

    private static long? Number(JsonNode? value) =>
        value is { Kind: JsonKind.Number, Text: { } text } && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) ? number : null;
}
