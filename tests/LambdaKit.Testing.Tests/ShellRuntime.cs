namespace LambdaKit.Testing.Tests;

/// <summary>
/// A minimal Lambda runtime in POSIX sh and curl, run as a child process: it answers every event with its own
/// process id, sleeps for a minute first when the event contains "sleep", kills itself (SIGKILL) when it contains
/// "crash" and grows its own memory past 200 MB when it contains "hog". With a marker file, every start after the
/// first (the file exists by then) fails its init instead. An
/// init snippet runs before anything else (with <c>$FIRST</c> set to 1 on the first start when a marker is given).
/// </summary>
internal static class ShellRuntime
{
    public const string ReinitErrorType = "Runtime.ReinitFailed";

    private const string Loop = """
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
          case "$body" in *sleep*) sleep 60 ;; *crash*) kill -9 $$ ;; *hog*) hog=$(head -c 200000000 /dev/zero | tr '\0' x) ;; esac
          curl -sS -o /dev/null -X POST -d "$$" "$api/$id/response"
        done
        """;

    /// <summary>Sets <c>$FIRST</c> to 1 on the first start and leaves a marker file for later starts.</summary>
    private const string FirstStart = """
        FIRST=0
        if [ ! -e "$FIRST_MARKER" ]; then FIRST=1; touch "$FIRST_MARKER"; fi

        """;

    public static LambdaProcessOptions Options(string? initMarker = null) => WithInit(string.Empty, initMarker: initMarker);

    /// <summary>The runtime with <paramref name="init"/> run first; with <paramref name="firstMarker"/>, <c>$FIRST</c> is set.</summary>
    public static LambdaProcessOptions WithInit(string init, string? firstMarker = null, string? initMarker = null, int outputLineLimit = 10_000)
    {
        var options = new LambdaProcessOptions
        {
            FileName = "sh",
            Arguments = { "-c", (firstMarker is null ? string.Empty : FirstStart) + init + "\n" + Loop },
            OutputLineLimit = outputLineLimit,
        };
        if (firstMarker is not null)
        {
            options.Environment["FIRST_MARKER"] = firstMarker;
        }

        if (initMarker is not null)
        {
            options.Environment["INIT_MARKER"] = initMarker;
        }

        return options;
    }
}
