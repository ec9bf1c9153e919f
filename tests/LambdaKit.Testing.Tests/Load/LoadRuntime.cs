namespace LambdaKit.Testing.Tests.Load;

/// <summary>
/// The load suite's Lambda runtime, in POSIX sh and curl: the event's <c>kind</c> decides what it does. <c>success</c>
/// echoes the event back; <c>error</c> posts a function error whose message is the event; <c>timeout</c> sleeps past
/// any load timeout; <c>crash</c> kills its own process (SIGKILL) mid-invocation. It first appends the request id to
/// the file named by <see cref="DeliveriesVariable"/>.
/// </summary>
internal static class LoadRuntime
{
    public const string ErrorType = "Load.Failed";

    /// <summary>A file the runtime appends every request id it takes from <c>/next</c> to (one short line: an atomic append).</summary>
    public const string DeliveriesVariable = "LOAD_DELIVERIES";

    private const string Loop = """
        api="http://$AWS_LAMBDA_RUNTIME_API/2018-06-01/runtime/invocation"
        headers="$TMPDIR/next-headers"
        while true; do
          body=$(curl -sS -D "$headers" "$api/next") || exit 1
          # Shell built-ins only: under load every process started per invocation counts.
          id=
          while IFS= read -r line; do
            case "$line" in [Ll]ambda-[Rr]untime-[Aa]ws-[Rr]equest-[Ii]d:*) id=${line#*: }; id=${id%?} ;; esac
          done < "$headers"
          echo "$id" >> "$LOAD_DELIVERIES"
          case "$body" in
            *'"timeout"'*) sleep 60 ;;
            *'"crash"'*) kill -9 $$ ;;
            *'"error"'*)
              curl -sS -o /dev/null -X POST -H "Lambda-Runtime-Function-Error-Type: Load.Failed" \
                --data-binary "{\"errorType\":\"Load.Failed\",\"errorMessage\":$(printf '%s' "$body" | sed 's/\\/\\\\/g; s/"/\\"/g; s/^/"/; s/$/"/')}" \
                "$api/$id/error" ;;
            *) curl -sS -o /dev/null -X POST --data-binary "$body" "$api/$id/response" ;;
          esac
        done
        """;

    public static LambdaProcessOptions Options() => new()
    {
        FileName = "sh",
        Arguments = { "-c", Loop },
        // The runtime writes nothing of its own; a small ring keeps the test process's memory flat over long runs.
        OutputLineLimit = 200,
        MemoryLimit = MemoryLimitMode.Off,
    };
}
