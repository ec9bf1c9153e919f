namespace LambdaKit.Testing.Tests;

/// <summary>
/// A Lambda runtime in POSIX sh and curl that polls <c>/next</c> from <c>AWS_LAMBDA_MAX_CONCURRENCY</c> background
/// workers (1 without it), as a Managed Instances runtime does. Each worker answers with its own number (a JSON
/// string), after a second when the event contains "slow" and a minute when it contains "hang"; "crash" kills the
/// whole runtime (SIGKILL to the main shell).
/// </summary>
internal static class ConcurrentShellRuntime
{
    private const string Script = """
        api="http://$AWS_LAMBDA_RUNTIME_API/2018-06-01/runtime/invocation"
        worker() {
          while true; do
            headers=$(mktemp)
            body=$(curl -sS -D "$headers" "$api/next") || exit 1
            id=$(tr -d '\r' < "$headers" | awk -F': ' 'tolower($1) == "lambda-runtime-aws-request-id" { print $2 }')
            rm -f "$headers"
            case "$body" in *slow*) sleep 1 ;; *hang*) sleep 60 ;; *crash*) kill -9 $$; exit 1 ;; esac
            curl -sS -o /dev/null -X POST -d "\"$1\"" "$api/$id/response"
          done
        }
        i=1
        while [ "$i" -le "${AWS_LAMBDA_MAX_CONCURRENCY:-1}" ]; do
          worker "$i" &
          i=$((i + 1))
        done
        wait
        """;

    public static LambdaProcessOptions Options() => new() { FileName = "sh", Arguments = { "-c", Script } };
}
