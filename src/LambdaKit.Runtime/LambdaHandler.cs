using System.Buffers;
using LambdaKit.Runtime.Logging;

namespace LambdaKit.Runtime;

/// <summary>
/// A function over raw bytes: reads the event from <paramref name="payload"/> and writes its response to
/// <paramref name="response"/>. Typed (de)serialization lives in generated code on top of this delegate.
/// <paramref name="payload"/> is only valid until the returned task completes.
/// </summary>
public delegate ValueTask LambdaHandler(ReadOnlyMemory<byte> payload, ILambdaContext context, IBufferWriter<byte> response);

/// <summary>What the initialization callback of <see cref="LambdaBootstrap"/> can use.</summary>
public sealed class LambdaInitContext
{
    internal LambdaInitContext(LambdaFunctionSettings function, ILambdaLogger logger, CancellationToken cancellationToken)
    {
        Function = function;
        Logger = logger;
        CancellationToken = cancellationToken;
    }

    /// <summary>The function's configuration, including the <c>_HANDLER</c> string.</summary>
    public LambdaFunctionSettings Function { get; }

    public ILambdaLogger Logger { get; }

    /// <summary>Cancelled when the runtime is asked to stop (SIGTERM) during initialization.</summary>
    public CancellationToken CancellationToken { get; }
}

/// <summary>
/// An initialization failure with an explicit Lambda error type (for example <c>Runtime.NoSuchHandler</c>); other
/// exceptions are reported with their own type name.
/// </summary>
public sealed class LambdaInitException : Exception
{
    public LambdaInitException()
        : this("Initialization failed.")
    {
    }

    public LambdaInitException(string message)
        : this("Runtime.InitError", message)
    {
    }

    public LambdaInitException(string message, Exception? innerException)
        : base(message, innerException)
    {
        ErrorType = "Runtime.InitError";
    }

    public LambdaInitException(string errorType, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ErrorType = errorType;
    }

    /// <summary>The <c>errorType</c> reported to <c>/runtime/init/error</c>.</summary>
    public string ErrorType { get; }
}
