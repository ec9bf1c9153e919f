using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace LambdaKit.Build.Tasks;

/// <summary>
/// Reads the <c>[LambdaFunction]</c> list the generator writes into the built assembly (constants of
/// <c>LambdaKit.Generated.LambdaFunctions</c>: <c>FunctionVariable</c>, <c>FunctionName0</c>, <c>HandlerString0</c>, ...)
/// through its metadata, without loading it, and says for each function how to deploy it: the handler setting and
/// the environment variables. On Lambda's managed runtimes (<c>dotnet8</c>, <c>dotnet10</c>) the handler must be the
/// assembly name, so a project with several functions is told apart by the selection variable; on a custom runtime
/// (<c>provided.*</c>) the handler names the function.
/// </summary>
public sealed class ReadLambdaFunctions : Microsoft.Build.Utilities.Task
{
    private const string RegistrationNamespace = "LambdaKit.Generated";
    private const string RegistrationClass = "LambdaFunctions";
    private const string VariableField = "FunctionVariable";
    private const string NameField = "FunctionName";
    private const string HandlerField = "HandlerString";

    /// <summary>The built function assembly (the project's <c>@(IntermediateAssembly)</c> or its published copy).</summary>
    [Required]
    public string Assembly { get; set; } = string.Empty;

    /// <summary>Lambda's runtime identifier for the function (<c>dotnet10</c>, <c>provided.al2023</c>, ...).</summary>
    [Required]
    public string LambdaRuntime { get; set; } = string.Empty;

    /// <summary>
    /// One item per function, in the assembly's order, the function name as item spec, with metadata
    /// <c>HandlerString</c> (<c>Assembly::Type::Method</c>), <c>Handler</c> (the value to configure) and
    /// <c>EnvironmentVariables</c> (<c>NAME=value</c>, empty when none is needed).
    /// </summary>
    [Output]
    public ITaskItem[] Functions { get; private set; } = [];

    /// <inheritdoc/>
    public override bool Execute()
    {
        FunctionList? list;
        try
        {
            list = Read(Assembly);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or BadImageFormatException or InvalidOperationException)
        {
            Log.LogError($"Cannot read the function list from '{Assembly}': {exception.Message}");
            return false;
        }

        if (list is null)
        {
            return true;
        }

        bool managed = LambdaRuntime.StartsWith("dotnet", StringComparison.OrdinalIgnoreCase);
        var functions = new List<ITaskItem>(list.Functions.Count);
        foreach (var (name, handlerString) in list.Functions)
        {
            // One function needs no selection; on a custom runtime _HANDLER selects; on a managed runtime only the variable can.
            string handler = managed ? list.AssemblyName : name;
            string variables = managed && list.Functions.Count > 1 ? list.Variable + "=" + name : string.Empty;
            var item = new TaskItem(name);
            item.SetMetadata("HandlerString", handlerString);
            item.SetMetadata("Handler", handler);
            item.SetMetadata("EnvironmentVariables", variables);
            functions.Add(item);
            Log.LogMessage(
                MessageImportance.High,
                variables.Length == 0
                    ? $"  function {name}: handler '{handler}'"
                    : $"  function {name}: handler '{handler}', environment {variables}");
        }

        Functions = [.. functions];
        return true;
    }

    /// <summary>The function list of an assembly; <see langword="null"/> when it has no generated registration.</summary>
    internal static FunctionList? Read(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        if (!pe.HasMetadata)
        {
            throw new BadImageFormatException("not a .NET assembly");
        }

        var metadata = pe.GetMetadataReader();
        if (!metadata.IsAssembly)
        {
            throw new BadImageFormatException("a module, not an assembly");
        }

        foreach (var handle in metadata.TypeDefinitions)
        {
            var type = metadata.GetTypeDefinition(handle);
            if (metadata.StringComparer.Equals(type.Namespace, RegistrationNamespace) && metadata.StringComparer.Equals(type.Name, RegistrationClass))
            {
                return ReadConstants(metadata, type);
            }
        }

        return null;
    }

    private static FunctionList? ReadConstants(MetadataReader metadata, TypeDefinition type)
    {
        var constants = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var handle in type.GetFields())
        {
            var field = metadata.GetFieldDefinition(handle);
            var value = field.GetDefaultValue();
            if (value.IsNil)
            {
                continue;
            }

            var constant = metadata.GetConstant(value);
            if (constant.TypeCode == ConstantTypeCode.String)
            {
                var blob = metadata.GetBlobReader(constant.Value);
                constants[metadata.GetString(field.Name)] = blob.ReadUTF16(blob.Length);
            }
        }

        // An assembly from a LambdaKit without the list: nothing to say rather than something wrong.
        if (!constants.TryGetValue(VariableField, out var variable))
        {
            return null;
        }

        var functions = new List<(string Name, string HandlerString)>();
        for (int i = 0; constants.TryGetValue(NameField + i, out var name) && constants.TryGetValue(HandlerField + i, out var handlerString); i++)
        {
            functions.Add((name, handlerString));
        }

        return new FunctionList(metadata.GetString(metadata.GetAssemblyDefinition().Name), variable, functions);
    }

    /// <summary>What the generator recorded: the assembly name, the selection variable and each function's names.</summary>
    internal sealed class FunctionList(string assemblyName, string variable, IReadOnlyList<(string Name, string HandlerString)> functions)
    {
        public string AssemblyName { get; } = assemblyName;

        public string Variable { get; } = variable;

        public IReadOnlyList<(string Name, string HandlerString)> Functions { get; } = functions;
    }
}
