namespace LambdaKit.Tool;

/// <summary>The <c>--help</c> texts.</summary>
internal static class HelpText
{
    public const string Main = """
        lambdakit: run AWS Lambda functions locally against an emulated Runtime API and Invoke API.
        Not affiliated with Amazon.

        usage:
          lambdakit invoke <zip | folder | -- command args...> [options]   invoke a function and print the results
          lambdakit serve [package] [--port N] [options]                  serve the Invoke API until Ctrl+C
          lambdakit <command> --help                                      options of a command

        exit codes: 0 success, 1 a function error, 2 a usage or package error, 130/143 stopped by SIGINT/SIGTERM.

        """;

    public const string Invoke = """
        usage: lambdakit invoke <zip | folder | -- command args...> [options]

        Runs the function like Lambda's execution environment (one at a time, with Lambda's variables,
        timeouts and error shapes) and invokes it once per event, in order.

        package:
          <zip>                a deployment zip; unpacked into a private temporary folder, removed afterwards
          <folder>             an unpacked package: 'bootstrap' (OS-only runtime), or a framework-dependent
                               .NET app with '<name>.runtimeconfig.json' (dotnet8/dotnet10 runtime)
          -- command args...   any runtime command, started as is

        options:
          --event <file | - | json>   an event: a JSON file, '-' for standard input, or inline JSON;
                                      repeatable, one invocation each; default one '{}'
          --count <n>                 repeat the events n times (default 1)
          --timeout <seconds>         function timeout, 1-900 (default 3)
          --memory <MB>               memory size, 128-10240 (default 128)
          --env <NAME=VALUE>          a function variable; repeatable; Lambda's 4 KB and reserved names apply
          --architecture <x86_64 | arm64>
                                      refuse to run when the bootstrap's ELF machine differs
          --log-format <text | json>  sets AWS_LAMBDA_LOG_FORMAT (Text or JSON)
          --handler <handler>         the _HANDLER value (default: 'bootstrap', or the assembly name)
          -h, --help                  this help

        output: each response (or Lambda's error JSON) on standard output, one per line; the function's
        log with Lambda's START/END/REPORT lines on standard error. Over 20 invocations, responses and
        logs are replaced by progress, the first error, the last log lines when something failed, and
        a summary (invocations, errors, p50/p99 duration, rate).

        """;

    public const string Serve = """
        usage: lambdakit serve [zip | folder | -- command args...] [options]

        Keeps the emulator running on 127.0.0.1 until Ctrl+C or SIGTERM: the Invoke API for any client
        (curl, the AWS CLI or an SDK with an endpoint override) and the Runtime API for the function.
        Without a package, start your own runtime with the AWS_LAMBDA_RUNTIME_API value it prints.

        options:
          --port <n>                  the port for both APIs (default 9001; 0 picks a free one)
          --timeout, --memory, --env, --architecture, --log-format, --handler
                                      as for 'lambdakit invoke'
          -h, --help                  this help

        """;
}
