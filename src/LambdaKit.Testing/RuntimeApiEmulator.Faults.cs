using LambdaKit.Runtime.Protocol;
using Microsoft.AspNetCore.Http;

namespace LambdaKit.Testing;

/// <content>Fault injection: answers replaced by an injected failure.</content>
public sealed partial class RuntimeApiEmulator
{
    private async Task ApplyFaultAsync(HttpContext context, DateTimeOffset receivedAt, string? requestId, ReadOnlyMemory<byte> body, long length, RuntimeApiFault fault)
    {
        if (fault == RuntimeApiFault.CloseConnection)
        {
            Record(context, receivedAt, requestId, body, length, null);
            context.Abort();
            return;
        }

        var error = new LambdaError("ServiceException", "Injected fault: internal server error.");
        await ReplyAsync(context, receivedAt, requestId, body, length, StatusCodes.Status500InternalServerError, error.ToUtf8Json()).ConfigureAwait(false);
    }
}
