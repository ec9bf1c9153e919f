using LambdaKit.Analyzers.Config;
using LambdaKit.Analyzers.Tests.RoslynTestKit;
using Verify = LambdaKit.Analyzers.Tests.RoslynTestKit.AnalyzerVerifier<LambdaKit.Analyzers.Config.LambdaConfigAnalyzer>;

namespace LambdaKit.Analyzers.Tests.Config;

public class LambdaConfigAnalyzerTests
{
    private const string TwoFunctions = """
        namespace Shop;

        public sealed class Orders
        {
            [LambdaKit.LambdaFunction(Name = "quote")] public string Quote(string id) => id;
            [LambdaKit.LambdaFunction] public static string Total(string id) => id;
        }
        """;

    private static Action<CompilationBuilder> With(string path, string json) =>
        builder => builder.WithLambdaKitRuntime().WithAdditionalFile(path, json);

    [Fact]
    public async Task Tools_defaults_with_every_problem_point_into_the_file()
    {
        var handler = "Shop::Shop.Orders::" + new string('Q', 120);
        var variables = string.Join(";", Enumerable.Range(0, 60).Select(i => $"SETTING_{i:00}=" + new string('v', 60)));
        await Verify.VerifyAsync(
            TwoFunctions,
            With("/project/aws-lambda-tools-defaults.json", $$"""
                {
                  "profile": "default",
                  "function-handler": {|#0:"{{handler}}"|},
                  "function-memory-size": {|#1:20000|},
                  "function-timeout": {|#2:0|},
                  "function-runtime": {|#3:"dotnet8"|},
                  "function-layers": {|#4:"a,b,c,d,e,f"|},
                  "environment-variables": {|#5:"AWS_REGION=eu-west-1;{{variables}}"|}
                }
                """),
            Verify.Diagnostic("LK1013").WithLocation(0).WithMessage("The handler string (function-handler) has 139 characters or whitespace; Lambda accepts at most 128 characters and no whitespace"),
            Verify.Diagnostic("LK3001").WithLocation(1).WithMessage("MemorySize = 20000 is outside Lambda's range of 128 to 10,240 MB (function-memory-size in aws-lambda-tools-defaults.json)"),
            Verify.Diagnostic("LK3002").WithLocation(2).WithMessage("Timeout = 0 is outside Lambda's range of 1 to 900 seconds (function-timeout in aws-lambda-tools-defaults.json)"),
            Verify.Diagnostic("LK3007").WithLocation(3).WithMessage("The runtime 'dotnet8' is deprecated by Lambda since 2026-11-10; creating functions on it is blocked from 2027-02-01 (LambdaKit's runtime table, checked 2026-12-05); move to a supported runtime (dotnet10, or provided.al2023 for Native AOT)"),
            Verify.Diagnostic("LK3006").WithLocation(4).WithMessage("6 layers are configured; Lambda allows at most 5 per function (function-layers in aws-lambda-tools-defaults.json)"),
            // {"AWS_REGION":"eu-west-1"} entry 24 bytes, 60 entries of 12 + 1 + 62, 60 commas, 2 braces: 4,586.
            Verify.Diagnostic("LK3004").WithLocation(5).WithMessage("The environment variables take 4,586 bytes as Lambda stores them (compact JSON, UTF-8), over its limit of 4,096 (environment-variables in aws-lambda-tools-defaults.json)"),
            Verify.Diagnostic("LK3005").WithLocation(5).WithMessage("Environment variable 'AWS_REGION' is reserved: Lambda sets it and refuses it in a function's configuration"));
    }

    [Fact]
    public async Task A_serverless_template_checks_each_function_resource_and_the_globals()
    {
        await Verify.VerifyAsync(
            TwoFunctions,
            With("/project/serverless.template", """
                {
                  "Globals": { "Function": { "Timeout": {|#0:1000|} } },
                  "Resources": {
                    "Quote": {
                      "Type": "AWS::Serverless::Function",
                      "Properties": {
                        "Handler": "quote",
                        "Runtime": "dotnet10",
                        "MemorySize": 512,
                        "EphemeralStorage": { "Size": {|#1:100|} },
                        "Environment": { "Variables": { {|#2:"1BAD"|}: "x", "GOOD_KEY": "y", "FROM_REF": "z" } }
                      }
                    },
                    "Typo": {
                      "Type": "AWS::Lambda::Function",
                      "Properties": {
                        "Handler": {|#3:"Shop::Shop.Orders::Totl"|},
                        "Runtime": "provided",
                        "Architectures": [ {|#4:"arm64"|} ],
                        "Layers": {|#5:[ { "Ref": "A" }, "b", "c", "d", "e", "f" ]|}
                      }
                    },
                    "ByHandlerString": {
                      "Type": "AWS::Serverless::Function",
                      "Properties": { "Handler": "bootstrap::Shop.Orders::Total", "Timeout": { "Ref": "TimeoutParameter" } }
                    },
                    "Bucket": { "Type": "AWS::S3::Bucket", "Properties": { "Handler": "not a function" } }
                  }
                }
                """),
            Verify.Diagnostic("LK3002").WithLocation(0).WithMessage("Timeout = 1000 is outside Lambda's range of 1 to 900 seconds (Timeout in serverless.template)"),
            Verify.Diagnostic("LK3003").WithLocation(1).WithMessage("EphemeralStorage = 100 is outside Lambda's range of 512 to 10,240 MB (EphemeralStorage.Size in serverless.template)"),
            Verify.Diagnostic("LK3005").WithLocation(2).WithMessage("Environment variable '1BAD' is not a valid key: it must start with a letter and have at least two letters, digits or underscores"),
            Verify.Diagnostic("LK1014").WithLocation(3).WithMessage("The handler 'Shop::Shop.Orders::Totl' (Handler) names no [LambdaFunction] of this project; use a function name or handler string of: Total, quote"),
            Verify.Diagnostic("LK3008").WithLocation(4).WithMessage("arm64 is configured, but the runtime 'provided' has no arm64 build (Runtime in serverless.template); use an Amazon Linux 2 or later runtime (dotnet10, provided.al2023)"),
            Verify.Diagnostic("LK3006").WithLocation(5).WithMessage("6 layers are configured; Lambda allows at most 5 per function (Layers in serverless.template)"));
    }

    [Fact]
    public async Task LK3011_LK3012_Managed_Instances_concurrency_and_SnapStart_combinations_in_a_template()
    {
        await Verify.VerifyAsync(
            TwoFunctions,
            With("/project/serverless.template", """
                {
                  "Resources": {
                    "Quote": {
                      "Type": "AWS::Serverless::Function",
                      "Properties": {
                        "Handler": "quote",
                        "Runtime": "provided.al2023",
                        "EphemeralStorage": { "Size": 1024 },
                        "SnapStart": { "ApplyOn": {|#0:"PublishedVersions"|} },
                        "TenancyConfig": { "TenantIsolationMode": "PER_TENANT" },
                        "CapacityProviderConfig": { "Arn": "arn", "PerExecutionEnvironmentMaxConcurrency": {|#1:1601|} }
                      }
                    },
                    "Total": {
                      "Type": "AWS::Lambda::Function",
                      "Properties": {
                        "Handler": "Total",
                        "Runtime": "dotnet10",
                        "EphemeralStorage": { "Size": 512 },
                        "SnapStart": { "ApplyOn": "PublishedVersions" },
                        "CapacityProviderConfig": { "LambdaManagedInstancesCapacityProviderConfig": { "PerExecutionEnvironmentMaxConcurrency": {|#2:0|} } }
                      }
                    },
                    "Valid": {
                      "Type": "AWS::Lambda::Function",
                      "Properties": {
                        "Handler": "Total",
                        "Runtime": "provided.al2023",
                        "SnapStart": { "ApplyOn": "None" },
                        "TenancyConfig": { "TenantIsolationMode": "PER_TENANT" },
                        "CapacityProviderConfig": { "LambdaManagedInstancesCapacityProviderConfig": { "PerExecutionEnvironmentMaxConcurrency": 1600 } }
                      }
                    }
                  }
                }
                """),
            Verify.Diagnostic("LK3012").WithLocation(0).WithMessage("SnapStart cannot be used with the OS-only runtime 'provided.al2023' (SnapStart.ApplyOn in serverless.template)"),
            Verify.Diagnostic("LK3012").WithLocation(0).WithMessage("SnapStart cannot be used with EphemeralStorage.Size = 1024 MB: at most 512 MB (SnapStart.ApplyOn in serverless.template)"),
            Verify.Diagnostic("LK3012").WithLocation(0).WithMessage("SnapStart cannot be used with tenant isolation (TenancyConfig.TenantIsolationMode) (SnapStart.ApplyOn in serverless.template)"),
            Verify.Diagnostic("LK3011").WithLocation(1).WithMessage("MaxConcurrency = 1601 is outside Lambda's range of 1 to 1,600 invocations per execution environment (CapacityProviderConfig.PerExecutionEnvironmentMaxConcurrency in serverless.template)"),
            Verify.Diagnostic("LK3011").WithLocation(2).WithMessage("MaxConcurrency = 0 is outside Lambda's range of 1 to 1,600 invocations per execution environment (CapacityProviderConfig.LambdaManagedInstancesCapacityProviderConfig.PerExecutionEnvironmentMaxConcurrency in serverless.template)"));
    }

    [Fact]
    public async Task Valid_files_other_files_and_single_function_projects_are_not_reported()
    {
        const string Valid = """
            {
              "function-handler": "anything-goes-with-one-function",
              "function-memory-size": 10240,
              "function-timeout": 900,
              "function-runtime": "dotnet10",
              "function-architecture": "arm64",
              "environment-variables": "TABLE=orders;LOG_LEVEL=info"
            }
            """;
        await Verify.VerifyAsync(
            "public static class Functions { [LambdaKit.LambdaFunction] public static void Handle() { } }",
            builder => builder.WithLambdaKitRuntime()
                .WithAdditionalFile("/project/aws-lambda-tools-defaults.json", Valid)
                .WithAdditionalFile("/project/appsettings.json", "{ \"function-memory-size\": 1 }"));
    }

    [Fact]
    public async Task A_malformed_file_is_one_diagnostic_at_the_error()
    {
        await Verify.VerifyAsync(
            TwoFunctions,
            With("/project/aws-lambda-tools-defaults.json", """
                {
                  "function-memory-size": 256,
                  "function-timeout": 30{|#0:|}x
                }
                """),
            Verify.Diagnostic("LK3009").WithLocation(0).WithMessage("aws-lambda-tools-defaults.json is not valid JSON here: expected ',' or '}'; LambdaKit cannot check its Lambda settings until it is"));
    }

    [Theory]
    [InlineData("{\"a\": [1, 2", "unexpected end of the document")]
    [InlineData("{\"a\": \"\\q\"}", "invalid escape sequence in a string")]
    [InlineData("{\"a\": 1} x", "unexpected text after the end of the document")]
    [InlineData("{a: 1}", "expected a property name in double quotes")]
    public void The_reader_describes_the_first_error(string json, string message)
    {
        Assert.Null(JsonReader.Parse(json, out var error));
        Assert.Equal(message, error!.Message);
    }

    [Fact]
    public void The_reader_survives_deep_nesting_and_reads_values_with_their_spans()
    {
        Assert.Null(JsonReader.Parse(new string('[', 100_000), out var deep));
        Assert.StartsWith("nesting deeper than", deep!.Message, StringComparison.Ordinal);

        var root = JsonReader.Parse("{ \"k\": \"a\\u00e9\\n\", \"n\": -1.5e3, \"t\": [true, null] }", out var error);
        Assert.Null(error);
        Assert.Equal("a\u00e9\n", root!.Property("k")!.Value.Text);
        Assert.Equal(new Microsoft.CodeAnalysis.Text.TextSpan(7, 11), root.Property("k")!.Value.Span);
        Assert.Equal("-1.5e3", root.Property("n")!.Value.Text);
        Assert.Equal([JsonKind.True, JsonKind.Null], root.Property("t")!.Value.Items.Select(i => i.Kind));
    }

    [Fact]
    public void The_stored_size_is_compact_JSON_in_UTF8_as_Lambda_counts_it()
    {
        // lambda-facts §1.4: {"BUCKET":"my-bucket","KEY":"file.txt"} is 39 bytes.
        Assert.Equal(39, SettingsChecks.StoredSize([("BUCKET", "my-bucket"), ("KEY", "file.txt")]));
        Assert.Equal(12, SettingsChecks.StoredSize([("K", "\u00e9\"")]));
    }

    [Fact]
    public async Task LK3010_SQS_event_sources_Lambda_refuses_in_SAM_events_and_event_source_mappings()
    {
        await Verify.VerifyAsync(
            TwoFunctions,
            With("/project/serverless.template", """
                {
                  "Resources": {
                    "Orders": { "Type": "AWS::SQS::Queue", "Properties": { "QueueName": "orders.fifo", "FifoQueue": true } },
                    "Audit": { "Type": "AWS::SQS::Queue", "Properties": {} },
                    "Stream": { "Type": "AWS::Kinesis::Stream", "Properties": {} },
                    "Quote": {
                      "Type": "AWS::Serverless::Function",
                      "Properties": {
                        "Handler": "quote",
                        "Events": {
                          "Big": { "Type": "SQS", "Properties": { "Queue": "arn:aws:sqs:eu-west-1:123456789012:audit", "BatchSize": {|#0:100|} } },
                          "Windowed": { "Type": "SQS", "Properties": { "Queue": { "Fn::GetAtt": [ "Audit", "Arn" ] }, "BatchSize": 100, "MaximumBatchingWindowInSeconds": 5 } },
                          "ZeroWindow": { "Type": "SQS", "Properties": { "Queue": { "Fn::GetAtt": "Audit.Arn" }, "BatchSize": {|#1:11|}, "MaximumBatchingWindowInSeconds": 0 } },
                          "Fifo": { "Type": "SQS", "Properties": { "Queue": { "Fn::GetAtt": [ "Orders", "Arn" ] }, "BatchSize": {|#2:20|}, "MaximumBatchingWindowInSeconds": 10 } },
                          "FifoByArn": { "Type": "SQS", "Properties": { "Queue": "arn:aws:sqs:eu-west-1:123456789012:orders.fifo", "BatchSize": 10 } },
                          "TooBig": { "Type": "SQS", "Properties": { "Queue": "arn:aws:sqs:eu-west-1:123456789012:audit", "BatchSize": {|#3:20000|}, "MaximumBatchingWindowInSeconds": {|#4:301|} } },
                          "FromParameter": { "Type": "SQS", "Properties": { "Queue": { "Ref": "QueueArn" }, "BatchSize": 1000 } },
                          "WindowFromParameter": { "Type": "SQS", "Properties": { "Queue": "arn:aws:sqs:eu-west-1:123456789012:audit", "BatchSize": 1000, "MaximumBatchingWindowInSeconds": { "Ref": "Window" } } },
                          "Kinesis": { "Type": "Kinesis", "Properties": { "Stream": { "Fn::GetAtt": [ "Stream", "Arn" ] }, "BatchSize": 1000 } },
                          "Api": { "Type": "Api", "Properties": { "Path": "/", "Method": "get" } }
                        }
                      }
                    },
                    "Mapping": {
                      "Type": "AWS::Lambda::EventSourceMapping",
                      "Properties": { "EventSourceArn": { "Fn::GetAtt": [ "Orders", "Arn" ] }, "FunctionName": { "Ref": "Quote" }, "BatchSize": {|#5:0|} }
                    },
                    "StreamMapping": {
                      "Type": "AWS::Lambda::EventSourceMapping",
                      "Properties": { "EventSourceArn": "arn:aws:kinesis:eu-west-1:123456789012:stream/clicks", "FunctionName": "quote", "BatchSize": 5000 }
                    },
                    "GoodMapping": {
                      "Type": "AWS::Lambda::EventSourceMapping",
                      "Properties": { "EventSourceArn": { "Fn::GetAtt": [ "Audit", "Arn" ] }, "FunctionName": "quote", "BatchSize": 10 }
                    }
                  }
                }
                """),
            Verify.Diagnostic("LK3010").WithLocation(0).WithMessage("BatchSize = 100 is over 10 without a MaximumBatchingWindowInSeconds of at least 1 (Resources.Quote.Properties.Events.Big.Properties.BatchSize in serverless.template); Lambda refuses this SQS event source mapping"),
            Verify.Diagnostic("LK3010").WithLocation(1).WithMessage("BatchSize = 11 is over 10 without a MaximumBatchingWindowInSeconds of at least 1 (Resources.Quote.Properties.Events.ZeroWindow.Properties.BatchSize in serverless.template); Lambda refuses this SQS event source mapping"),
            Verify.Diagnostic("LK3010").WithLocation(2).WithMessage("BatchSize = 20 for a FIFO queue, which allows at most 10 (Resources.Quote.Properties.Events.Fifo.Properties.BatchSize in serverless.template); Lambda refuses this SQS event source mapping"),
            Verify.Diagnostic("LK3010").WithLocation(3).WithMessage("BatchSize = 20000 is outside 1 to 10,000 (Resources.Quote.Properties.Events.TooBig.Properties.BatchSize in serverless.template); Lambda refuses this SQS event source mapping"),
            Verify.Diagnostic("LK3010").WithLocation(4).WithMessage("MaximumBatchingWindowInSeconds = 301 is outside 0 to 300 seconds (Resources.Quote.Properties.Events.TooBig.Properties.MaximumBatchingWindowInSeconds in serverless.template); Lambda refuses this SQS event source mapping"),
            Verify.Diagnostic("LK3010").WithLocation(5).WithMessage("BatchSize = 0 is outside 1 to 10,000 (Resources.Mapping.Properties.BatchSize in serverless.template); Lambda refuses this SQS event source mapping"));
    }
}
