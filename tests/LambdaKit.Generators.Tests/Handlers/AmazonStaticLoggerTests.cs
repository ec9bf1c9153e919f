using System.Text.Json;
using LambdaKit.Testing;
using Microsoft.CodeAnalysis;

namespace LambdaKit.Generators.Tests.Handlers;

/// <summary>
/// A function referencing Amazon.Lambda.Core: the generated init redirects Core's static <c>LambdaLogger</c> to
/// LambdaKit's logger, as AWS's runtime redirects it, so its records carry the request id and follow
/// <c>AWS_LAMBDA_LOG_FORMAT</c> (issue 9: they were plain standard output lines).
/// </summary>
public sealed class AmazonStaticLoggerTests
{
    private static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Amazons_static_LambdaLogger_writes_JSON_records_with_the_request_id()
    {
        const string Source = """
            using System;
            using Amazon.Lambda.Core;
            using LambdaKit;

            public static class Function
            {
                [LambdaFunction]
                public static string Handle(string input)
                {
                    LambdaLogger.Log("static " + input);
                    LambdaLogger.Log(LogLevel.Warning, "{count} items", 3);
                    return "done";
                }
            }
            """;
        var result = HandlerTestHost.Run(HandlerTestHost.Builder(Source, OutputKind.DynamicallyLinkedLibrary, amazon: true));
        var function = HandlerTestHost.Load(result.Output);
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        var options = new InProcessLambdaOptions();
        options.Environment["AWS_LAMBDA_LOG_FORMAT"] = "JSON";
        await using var lambda = InProcessLambda.Start(emulator, HandlerTestHost.Initializer(function), options);

        var invocation = await emulator.InvokeAsync("\"x\"").WaitAsync(TestTimeout);

        Assert.True(invocation.IsSuccess, invocation.PayloadAsString);
        var records = lambda.LogLines.Select(line => JsonDocument.Parse(line).RootElement)
            .Where(record => record.TryGetProperty("requestId", out var id) && id.GetString() == invocation.RequestId)
            .Select(record => record.GetProperty("level").GetString() + " " + record.GetProperty("message").GetString());
        Assert.Equal(["INFO static x", "WARN 3 items"], records);
    }
}
