using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace LambdaKit.Tool.Tests;

public sealed partial class ServeTests : Workspace
{
    [Fact]
    public async Task Serve_answers_invoke_api_posts_until_sigint_then_stops_the_function_and_exits_0()
    {
        var zip = ShellFunction.Zip(Files);
        using var process = Tool.Start(Temp, "serve", zip, "--port", "0");
        var output = process.StandardOutput;
        var endpointLine = await output.ReadLineAsync();
        var endpoint = Endpoint().Match(endpointLine ?? string.Empty);
        Assert.True(endpoint.Success, endpointLine);
        var rest = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            rest.Add(await output.ReadLineAsync() ?? string.Empty);
        }

        using var http = new HttpClient { BaseAddress = new Uri(endpoint.Groups[1].Value), Timeout = Tool.Patience };
        using var response = await http.PostAsync("/2015-03-31/functions/function/invocations", new StringContent("{\"curl\":true}", Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.NotEmpty(LeftInTemp);
        Tool.Signal(process, "INT");
        using var deadline = new CancellationTokenSource(Tool.Patience);
        await process.WaitForExitAsync(deadline.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{\"echo\":{\"curl\":true}}", body);
        Assert.Contains($"  curl -sS -X POST {endpoint.Groups[1].Value}/2015-03-31/functions/function/invocations -d '{{}}'", rest);
        Assert.Contains(rest, line => line.StartsWith($"  aws lambda invoke --endpoint-url {endpoint.Groups[1].Value} --function-name function", StringComparison.Ordinal));
        Assert.Equal(0, process.ExitCode);
        Assert.Empty(LeftInTemp);
        Assert.Empty(InvokeTests.ProcessesUnder(Temp));
    }

    [Fact]
    public async Task A_port_in_use_is_a_usage_error()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var run = await RunAsync("serve", "--port", port);

        Assert.Equal(2, run.ExitCode);
        Assert.Single(run.ErrorLines);
        Assert.StartsWith($"lambdakit: --port {port}: cannot listen on 127.0.0.1 (", run.ErrorLines[0], StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^lambdakit: serving on (http://127\.0\.0\.1:\d+) until Ctrl\+C$")]
    private static partial Regex Endpoint();
}
