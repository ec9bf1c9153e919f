using System.Text.Json;

namespace LambdaKit.Runtime;

/// <summary>
/// Reads the <c>Lambda-Runtime-Cognito-Identity</c> and <c>Lambda-Runtime-Client-Context</c> JSON headers without
/// reflection. Unknown members are ignored; malformed JSON gives <see langword="false"/>.
/// </summary>
internal static class MobileContextParser
{
    public static bool TryParseIdentity(string json, out ICognitoIdentity? identity)
    {
        identity = null;
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            var root = document.RootElement;
            identity = new CognitoIdentity(
                GetString(root, "cognitoIdentityId", "identityId", "IdentityId"),
                GetString(root, "cognitoIdentityPoolId", "identityPoolId", "IdentityPoolId"));
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    public static bool TryParseClientContext(string json, out IClientContext? clientContext)
    {
        clientContext = null;
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            ClientApplication? client = null;
            if (TryGetObject(root, "client", out var clientElement))
            {
                client = new ClientApplication(
                    GetString(clientElement, "app_package_name", "appPackageName", "AppPackageName"),
                    GetString(clientElement, "app_title", "appTitle", "AppTitle"),
                    GetString(clientElement, "app_version_code", "appVersionCode", "AppVersionCode"),
                    GetString(clientElement, "app_version_name", "appVersionName", "AppVersionName"),
                    GetString(clientElement, "installation_id", "installationId", "InstallationId"));
            }

            clientContext = new ClientContextData(client, ReadMap(root, "custom"), ReadMap(root, "env"));
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool TryGetObject(JsonElement parent, string name, out JsonElement value)
    {
        foreach (var property in parent.EnumerateObject())
        {
            if (property.NameEquals(name) || string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return value.ValueKind == JsonValueKind.Object;
            }
        }

        value = default;
        return false;
    }

    private static Dictionary<string, string> ReadMap(JsonElement parent, string name)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (TryGetObject(parent, name, out var element))
        {
            foreach (var property in element.EnumerateObject())
            {
                map[property.Name] = property.Value.ValueKind == JsonValueKind.String
                    ? property.Value.GetString()!
                    : property.Value.GetRawText();
            }
        }

        return map;
    }

    private static string? GetString(JsonElement element, string name, string alternative, string pascal)
    {
        foreach (var property in element.EnumerateObject())
        {
            if ((property.NameEquals(name) || property.NameEquals(alternative) || property.NameEquals(pascal))
                && property.Value.ValueKind == JsonValueKind.String)
            {
                return property.Value.GetString();
            }
        }

        return null;
    }

    private sealed record CognitoIdentity(string? IdentityId, string? IdentityPoolId) : ICognitoIdentity;

    private sealed record ClientApplication(string? AppPackageName, string? AppTitle, string? AppVersionCode, string? AppVersionName, string? InstallationId)
        : IClientApplication;

    private sealed record ClientContextData(IClientApplication? Client, IReadOnlyDictionary<string, string> Custom, IReadOnlyDictionary<string, string> Environment)
        : IClientContext;
}
