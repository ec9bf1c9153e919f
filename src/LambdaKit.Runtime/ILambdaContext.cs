using LambdaKit.Runtime.Logging;

namespace LambdaKit.Runtime;

/// <summary>What a handler knows about the function and the current invocation.</summary>
public interface ILambdaContext
{
    /// <summary>The invocation's request id (<c>Lambda-Runtime-Aws-Request-Id</c>); the same id is reused when Lambda retries.</summary>
    string AwsRequestId { get; }

    /// <summary><c>AWS_LAMBDA_FUNCTION_NAME</c>.</summary>
    string FunctionName { get; }

    /// <summary><c>AWS_LAMBDA_FUNCTION_VERSION</c>, for example <c>$LATEST</c>.</summary>
    string FunctionVersion { get; }

    /// <summary>The ARN used to invoke: shows whether a version or alias was named.</summary>
    string InvokedFunctionArn { get; }

    /// <summary><c>AWS_LAMBDA_FUNCTION_MEMORY_SIZE</c>, in MB.</summary>
    int MemoryLimitInMB { get; }

    /// <summary><c>AWS_LAMBDA_LOG_GROUP_NAME</c>.</summary>
    string LogGroupName { get; }

    /// <summary><c>AWS_LAMBDA_LOG_STREAM_NAME</c>.</summary>
    string LogStreamName { get; }

    /// <summary>The instant the invocation times out (from <c>Lambda-Runtime-Deadline-Ms</c>).</summary>
    DateTimeOffset Deadline { get; }

    /// <summary>Time left until <see cref="Deadline"/>, never negative.</summary>
    TimeSpan RemainingTime { get; }

    /// <summary>
    /// Cancelled shortly before <see cref="Deadline"/> (by <see cref="LambdaBootstrapOptions.CancellationMargin"/>),
    /// so a handler can stop work and still answer before Lambda ends the invocation.
    /// </summary>
    CancellationToken CancellationToken { get; }

    /// <summary>The X-Ray trace header of this invocation, also in <c>_X_AMZN_TRACE_ID</c>; <see langword="null"/> when Lambda sent none.</summary>
    string? TraceId { get; }

    /// <summary>Cognito identity, for invocations through the AWS Mobile SDK; otherwise <see langword="null"/>.</summary>
    ICognitoIdentity? Identity { get; }

    /// <summary>Client application context, for invocations through the AWS Mobile SDK; otherwise <see langword="null"/>.</summary>
    IClientContext? ClientContext { get; }

    /// <summary>A logger whose lines carry this invocation's request id.</summary>
    ILambdaLogger Logger { get; }

    /// <summary>
    /// The tenant this invocation serves (<c>Lambda-Runtime-Aws-Tenant-Id</c>), for a function with tenant isolation;
    /// <see langword="null"/> otherwise. Every invocation of one execution environment has the same tenant.
    /// </summary>
    string? TenantId => null;
}

/// <summary>The Cognito identity of a mobile invocation.</summary>
public interface ICognitoIdentity
{
    string? IdentityId { get; }

    string? IdentityPoolId { get; }
}

/// <summary>The client context of a mobile invocation.</summary>
public interface IClientContext
{
    IClientApplication? Client { get; }

    IReadOnlyDictionary<string, string> Custom { get; }

    IReadOnlyDictionary<string, string> Environment { get; }
}

/// <summary>The calling application, as the AWS Mobile SDK describes it.</summary>
public interface IClientApplication
{
    string? AppPackageName { get; }

    string? AppTitle { get; }

    string? AppVersionCode { get; }

    string? AppVersionName { get; }

    string? InstallationId { get; }
}
