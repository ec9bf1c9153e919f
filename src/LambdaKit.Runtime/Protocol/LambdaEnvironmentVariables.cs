namespace LambdaKit.Runtime.Protocol;

/// <summary>Names of the environment variables Lambda sets for a runtime process.</summary>
public static class LambdaEnvironmentVariables
{
    public const string RuntimeApi = "AWS_LAMBDA_RUNTIME_API";
    public const string Handler = "_HANDLER";
    public const string TraceId = "_X_AMZN_TRACE_ID";
    public const string TaskRoot = "LAMBDA_TASK_ROOT";
    public const string RuntimeDir = "LAMBDA_RUNTIME_DIR";
    public const string Region = "AWS_REGION";
    public const string ExecutionEnvironment = "AWS_EXECUTION_ENV";
    public const string FunctionName = "AWS_LAMBDA_FUNCTION_NAME";
    public const string FunctionVersion = "AWS_LAMBDA_FUNCTION_VERSION";
    public const string FunctionMemorySize = "AWS_LAMBDA_FUNCTION_MEMORY_SIZE";
    public const string InitializationType = "AWS_LAMBDA_INITIALIZATION_TYPE";

    /// <summary>Managed Instances: how many invocations one execution environment serves at once (1-1,600).</summary>
    public const string MaxConcurrency = "AWS_LAMBDA_MAX_CONCURRENCY";
    public const string LogGroupName = "AWS_LAMBDA_LOG_GROUP_NAME";
    public const string LogStreamName = "AWS_LAMBDA_LOG_STREAM_NAME";
    public const string LogFormat = "AWS_LAMBDA_LOG_FORMAT";
    public const string LogLevel = "AWS_LAMBDA_LOG_LEVEL";
    public const string AccessKeyId = "AWS_ACCESS_KEY_ID";
    public const string SecretAccessKey = "AWS_SECRET_ACCESS_KEY";
    public const string SessionToken = "AWS_SESSION_TOKEN";
}
