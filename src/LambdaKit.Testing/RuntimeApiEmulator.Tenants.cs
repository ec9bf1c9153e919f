using LambdaKit.Runtime.Protocol;
using Microsoft.AspNetCore.Http;

namespace LambdaKit.Testing;

/// <content>Tenant isolation: which invocations name a tenant, and the one tenant this execution environment serves.</content>
public sealed partial class RuntimeApiEmulator
{
    private readonly object tenantGate = new();
    private string? servedTenant;

    /// <summary>
    /// With <see cref="RuntimeApiEmulatorOptions.TenantIsolation"/>, the tenant this execution environment serves: the
    /// first one it was invoked for. Null before that, and always without tenant isolation.
    /// </summary>
    public string? TenantId
    {
        get
        {
            lock (tenantGate)
            {
                return servedTenant;
            }
        }
    }

    /// <summary>
    /// Why Lambda would refuse <paramref name="tenantId"/> for this function, or null when it is accepted (the first
    /// accepted tenant then owns this environment).
    /// </summary>
    /// <exception cref="InvalidOperationException">The environment already serves another tenant.</exception>
    private string? TenantProblem(string? tenantId)
    {
        var problem = TenantProblem(options, tenantId);
        if (problem is not null || !options.TenantIsolation)
        {
            return problem;
        }

        lock (tenantGate)
        {
            servedTenant ??= tenantId;
            if (servedTenant != tenantId)
            {
                throw new InvalidOperationException($"This emulator is the execution environment of tenant '{servedTenant}', which Lambda never shares with tenant '{tenantId}': a LambdaPool with TenantIsolation gives each tenant environments of its own.");
            }
        }

        return null;
    }

    /// <summary>Why Lambda would refuse <paramref name="tenantId"/> for a function configured as <paramref name="function"/>, or null.</summary>
    internal static string? TenantProblem(RuntimeApiEmulatorOptions function, string? tenantId)
    {
        if (!function.TenantIsolation)
        {
            return tenantId is null ? null : $"Function {function.FunctionName} does not use tenant isolation: an invocation of it cannot name a tenant ('{tenantId}').";
        }

        return string.IsNullOrEmpty(tenantId) ? $"Function {function.FunctionName} uses tenant isolation: every invocation of it must name a tenant." : null;
    }

    internal static InvocationResult InvalidParameter(string requestId, string message) => new(
        requestId,
        InvokeApiErrorBody(message),
        InvokeApiNames.JsonContentType,
        null,
        new LambdaError(InvokeApiNames.InvalidParameterValueError, message),
        null,
        StatusCodes.Status400BadRequest);
}
