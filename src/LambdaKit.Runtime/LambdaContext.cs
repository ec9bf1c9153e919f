using LambdaKit.Runtime.Logging;

namespace LambdaKit.Runtime;

/// <summary>The context of one invocation. Mobile-SDK headers are parsed only when a handler asks for them.</summary>
internal sealed class LambdaContext : ILambdaContext
{
    private readonly LambdaFunctionSettings _settings;
    private readonly TimeProvider _time;
    private readonly string? _clientContextJson;
    private readonly string? _cognitoIdentityJson;
    private IClientContext? _clientContext;
    private ICognitoIdentity? _identity;
    private bool _clientContextParsed;
    private bool _identityParsed;

    public LambdaContext(LambdaFunctionSettings settings, in LambdaInvocation invocation, ILambdaLogger logger, TimeProvider time, CancellationToken cancellationToken)
    {
        _settings = settings;
        _time = time;
        AwsRequestId = invocation.RequestId;
        InvokedFunctionArn = invocation.InvokedFunctionArn;
        Deadline = invocation.Deadline;
        TraceId = invocation.TraceId;
        TenantId = invocation.TenantId;
        _clientContextJson = invocation.ClientContextJson;
        _cognitoIdentityJson = invocation.CognitoIdentityJson;
        Logger = logger;
        CancellationToken = cancellationToken;
    }

    public string AwsRequestId { get; }

    public string FunctionName => _settings.FunctionName;

    public string FunctionVersion => _settings.FunctionVersion;

    public string InvokedFunctionArn { get; }

    public int MemoryLimitInMB => _settings.MemoryLimitInMB;

    public string LogGroupName => _settings.LogGroupName;

    public string LogStreamName => _settings.LogStreamName;

    public DateTimeOffset Deadline { get; }

    public TimeSpan RemainingTime
    {
        get
        {
            var remaining = Deadline - _time.GetUtcNow();
            return remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero;
        }
    }

    public CancellationToken CancellationToken { get; }

    public string? TraceId { get; }

    public string? TenantId { get; }

    public ILambdaLogger Logger { get; }

    public ICognitoIdentity? Identity
    {
        get
        {
            if (!_identityParsed)
            {
                _identityParsed = true;
                if (_cognitoIdentityJson is not null && !MobileContextParser.TryParseIdentity(_cognitoIdentityJson, out _identity))
                {
                    Logger.Log(LambdaLogLevel.Warning, "The Lambda-Runtime-Cognito-Identity header is not a JSON object; Identity is null.");
                }
            }

            return _identity;
        }
    }

    public IClientContext? ClientContext
    {
        get
        {
            if (!_clientContextParsed)
            {
                _clientContextParsed = true;
                if (_clientContextJson is not null && !MobileContextParser.TryParseClientContext(_clientContextJson, out _clientContext))
                {
                    Logger.Log(LambdaLogLevel.Warning, "The Lambda-Runtime-Client-Context header is not a JSON object; ClientContext is null.");
                }
            }

            return _clientContext;
        }
    }
}
