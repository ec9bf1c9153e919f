using LambdaKit.Analyzers.Hazards;
using Microsoft.CodeAnalysis;
using LambdaKit.Analyzers.Tests.RoslynTestKit;
using Verify = LambdaKit.Analyzers.Tests.RoslynTestKit.AnalyzerVerifier<LambdaKit.Analyzers.Hazards.PerInvocationAnalyzer>;

namespace LambdaKit.Analyzers.Tests.Hazards;

public class PerInvocationAnalyzerTests
{
    internal const string Usings = """
        using System;
        using System.Net.Http;
        using System.Text.Json;
        using System.Text.RegularExpressions;
        using System.Threading.Tasks;
        using LambdaKit;

        """;

    /// <summary>The real AWS SDK (net8.0 AWSSDK.Core, S3 and DynamoDBv2 4.1, restored with this project) and LambdaKit.Runtime.</summary>
    internal static void WithAwsSdk(CompilationBuilder builder)
    {
        builder.WithLambdaKitRuntime();
        foreach (var reference in AwsSdk.Value)
        {
            builder.WithReference(reference);
        }
    }

    private static readonly Lazy<MetadataReference[]> AwsSdk = new(() =>
        [.. System.Reflection.CustomAttributeExtensions.GetCustomAttributes<System.Reflection.AssemblyMetadataAttribute>(typeof(PerInvocationAnalyzerTests).Assembly)
            .Single(a => a.Key == "AwsSdkNet8Paths").Value!
            .Split(';')
            .Select(path => MetadataReference.CreateFromFile(path))]);

    [Fact]
    public async Task Clients_options_and_patterns_created_in_a_handler_and_its_lambdas_are_reported()
    {
        await Verify.VerifyAsync(
            Usings + """
            public sealed class Orders
            {
                [LambdaFunction]
                public async Task<string> Handle(string id)
                {
                    using var http = {|#0:new HttpClient()|};
                    var s3 = {|LK2001:new Amazon.S3.AmazonS3Client()|};
                    var options = {|LK2001:new JsonSerializerOptions { WriteIndented = true }|};
                    Func<string, bool> valid = text => {|LK2001:new Regex("^[a-z]+$")|}.IsMatch(text);
                    Amazon.DynamoDBv2.AmazonDynamoDBClient table = {|LK2001:new()|};
                    return await http.GetStringAsync("https://example.com/" + id) + valid(id);
                }
            }
            """,
            WithAwsSdk,
            Verify.Diagnostic("LK2001").WithLocation(0).WithMessage("Handler 'Handle' creates a new 'System.Net.Http.HttpClient' on every invocation, and each one opens its own connections (and, created often, exhausts sockets); create it once during init (a static readonly field) so warm invocations reuse it"));
    }

    [Fact]
    public async Task Handlers_of_nested_types_are_each_reported_once_and_code_of_other_types_not_at_all()
    {
        await Verify.VerifyAsync(
            Usings + """
            public sealed class Outer
            {
                [LambdaFunction(Name = "outer")]
                public string Handle(string id) => {|LK2001:new HttpClient()|}.BaseAddress + id;

                public sealed class Inner
                {
                    [LambdaFunction(Name = "inner")]
                    public string Handle(string id) => {|LK2001:new HttpClient()|}.BaseAddress + id;

                    public static class Helper
                    {
                        public static HttpClient Create() => new HttpClient();
                    }
                }
            }

            public static class NotAFunction
            {
                public static HttpClient Create() => new HttpClient();
            }
            """,
            WithAwsSdk);
    }

    [Fact]
    public async Task Database_connections_and_DI_containers_are_reported()
    {
        await Verify.VerifyAsync(
            Usings + """
            using Microsoft.Extensions.DependencyInjection;

            public static class Functions
            {
                [LambdaFunction]
                public static void Handle()
                {
                    using var connection = {|#0:new StandInConnection()|};
                    var services = {|#1:new ServiceCollection().BuildServiceProvider()|};
                }
            }
            """ + StandIns,
            WithAwsSdk,
            Verify.Diagnostic("LK2001").WithLocation(0).WithMessage("Handler 'Handle' creates a new database connection 'StandInConnection' on every invocation, and each one opens a new connection to the database; create it once during init (a static readonly field) so warm invocations reuse it"),
            Verify.Diagnostic("LK2001").WithLocation(1).WithMessage("Handler 'Handle' creates a new service provider (BuildServiceProvider) on every invocation, and each call builds a new dependency-injection container and its singletons; create it once during init (a static readonly field) so warm invocations reuse it"));
    }

    [Fact]
    public async Task Static_fields_lazy_caching_Lazy_factories_constructors_and_non_handlers_are_not_reported()
    {
        await Verify.VerifyAsync(
            Usings + """
            public sealed class Orders
            {
                private static readonly HttpClient Shared = new();
                private static readonly Lazy<Regex> Pattern = new(() => new Regex("a+"));
                private readonly JsonSerializerOptions _options;
                private HttpClient? _cached;
                private static Amazon.S3.AmazonS3Client? s_s3;

                public Orders() => _options = new JsonSerializerOptions();

                [LambdaFunction]
                public string Handle(string id)
                {
                    _cached ??= new HttpClient();
                    s_s3 = s_s3 ?? new Amazon.S3.AmazonS3Client();
                    var lazy = new Lazy<Regex>(() => new Regex(id));
                    return id + Pattern.Value.IsMatch(id) + Regex.IsMatch(id, "b+") + _options.WriteIndented + lazy.IsValueCreated;
                }

                public void NotAHandler() => _ = new HttpClient();
            }
            """,
            WithAwsSdk);
    }

    [Fact]
    public async Task Nothing_is_reported_without_LambdaKit()
    {
        await Verify.VerifyAsync(
            """
            public static class Functions
            {
                public static void Handle() => _ = new System.Net.Http.HttpClient();
            }
            """);
    }

    [Fact]
    public void The_property_name_of_the_analyzer_is_the_one_the_fix_reads()
    {
        Assert.Equal(HoistProperties.Hoist, LambdaKit.CodeFixes.HoistToStaticFieldCodeFix.HoistProperty);
    }

    /// <summary>A DbConnection and Microsoft.Extensions.DependencyInjection's container builder, by their real names.</summary>
    internal const string StandIns = """

        public sealed class StandInConnection : System.Data.Common.DbConnection
        {
        #nullable disable
            public override string ConnectionString { get; set; }
        #nullable enable
            public override string Database => "";
            public override string DataSource => "";
            public override string ServerVersion => "";
            public override System.Data.ConnectionState State => default;
            public override void ChangeDatabase(string databaseName) { }
            public override void Close() { }
            public override void Open() { }
            protected override System.Data.Common.DbTransaction BeginDbTransaction(System.Data.IsolationLevel isolationLevel) => throw new NotSupportedException();
            protected override System.Data.Common.DbCommand CreateDbCommand() => throw new NotSupportedException();
        }

        namespace Microsoft.Extensions.DependencyInjection
        {
            public sealed class ServiceCollection;

            public static class ServiceCollectionContainerBuilderExtensions
            {
                public static IServiceProvider BuildServiceProvider(this ServiceCollection services) => throw new NotSupportedException();
            }
        }
        """;
}
