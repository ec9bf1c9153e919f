namespace LambdaKit.Testing.Tests;

/// <summary>
/// A minimal Lambda runtime in POSIX sh and curl, run as a child process: it answers every event with its own
/// process id and sleeps for a minute first when the event contains "sleep". With a marker file, every start after
/// the first (the file exists by then) fails its init instead.
/// </summary>
internal static class ShellRuntime
{
    public const string ReinitErrorType = "Runtime.ReinitFailed";

    private const string Script = """
        api="http://$AWS_LAMBDA_RUNTIME_API/2018-06-01/runtime/invocation"
        echo "init $$"
        if [ -n "$INIT_MARKER" ]; then
          if [ -e "$INIT_MARKER" ]; then
            curl -sS -o /dev/null -X POST -H "Lambda-Runtime-Function-Error-Type: Runtime.ReinitFailed" \
              -d '{"errorMessage":"init failed after a reset","errorType":"Runtime.ReinitFailed"}' \
              "http://$AWS_LAMBDA_RUNTIME_API/2018-06-01/runtime/init/error"
            exit 1
          fi
          touch "$INIT_MARKER"
        fi
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

    public static LambdaProcessOptions Options(string? initMarker = null)
    {
        var options = new LambdaProcessOptions
        {
            FileName = "sh",
            Arguments = { "-c", Script },
        };
        if (initMarker is not null)
        {
            options.Environment["INIT_MARKER"] = initMarker;
        }

        return options;
    }
}
