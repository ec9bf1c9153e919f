namespace LambdaKit.Testing.Tests;

/// <summary>
/// A minimal Lambda runtime in POSIX sh and curl, run as a child process: it answers every event with its own
/// process id and sleeps for a minute first when the event contains "sleep".
/// </summary>
internal static class ShellRuntime
{
    private const string Script = """
        api="http://$AWS_LAMBDA_RUNTIME_API/2018-06-01/runtime/invocation"
        echo "init $$"
        while true; do
          headers=$(mktemp)
          body=$(curl -sS -D "$headers" "$api/next") || exit 1
          id=$(tr -d '\r' < "$headers" | awk -F': ' 'tolower($1) == "lambda-runtime-aws-request-id" { print $2 }')
          rm -f "$headers"
          echo "handling $id"
          case "$body" in *sleep*) sleep 60 ;; esac
          curl -sS -o /dev/null -X POST -d "$$" "$api/$id/response"
        done
        """;

    public static LambdaProcessOptions Options() => new()
    {
        FileName = "sh",
        Arguments = { "-c", Script },
    };
}
