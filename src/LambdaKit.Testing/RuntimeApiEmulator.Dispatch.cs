using Microsoft.AspNetCore.Http;

namespace LambdaKit.Testing;

/// <content>
/// The one request handler: it finds the endpoint itself (<see cref="RuntimeApiRoutes"/>) and calls its handler.
/// Not endpoint routing, because in every new WebApplication the routing middleware spent 1.7-2.5 ms on its first
/// request, with the JIT warm; a fresh emulator charged that to the function's first response.
/// </content>
public sealed partial class RuntimeApiEmulator
{
    private Task DispatchAsync(HttpContext context)
    {
        var request = context.Request;
        var route = RuntimeApiRoutes.Match(request.Method, request.Path.Value ?? string.Empty);
        return route.Endpoint switch
        {
            RuntimeApiEndpoint.Next => HandleNextAsync(context),
            RuntimeApiEndpoint.Response => HandleResponseAsync(context, route.Parameter),
            RuntimeApiEndpoint.Error => HandleErrorAsync(context, route.Parameter),
            RuntimeApiEndpoint.InitError => HandleInitErrorAsync(context),
            RuntimeApiEndpoint.RestoreNext => HandleRestoreNextAsync(context),
            RuntimeApiEndpoint.RestoreError => HandleRestoreErrorAsync(context),
            RuntimeApiEndpoint.Invoke => HandleInvokeAsync(context, route.Parameter),
            RuntimeApiEndpoint.StreamingInvoke => HandleStreamingInvokeAsync(context, route.Parameter),
            _ => HandleUnknownAsync(context),
        };
    }
}
