using System.Reflection;
using System.Reflection.Emit;
using LambdaKit.Build.Tasks;

namespace LambdaKit.Build.Tests;

/// <summary>
/// The function-list task on assemblies written to disk with the constants the generator emits
/// (<c>LambdaKit.Generated.LambdaFunctions</c>): what to configure for each function on a managed and a custom runtime.
/// </summary>
public sealed class ReadLambdaFunctionsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("lambdakit-functions-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Several_functions_on_a_managed_runtime_share_the_assembly_handler_and_differ_by_variable()
    {
        var assembly = Write("Shop", ("place-order", "Shop::Shop.Orders::Place"), ("Count", "Shop::Shop.Orders::Count"));
        var engine = new RecordingBuildEngine();
        var task = new ReadLambdaFunctions { BuildEngine = engine, Assembly = assembly, LambdaRuntime = "dotnet10" };

        Assert.True(task.Execute());

        Assert.Equal(["place-order", "Count"], task.Functions.Select(f => f.ItemSpec));
        Assert.Equal(["Shop", "Shop"], task.Functions.Select(f => f.GetMetadata("Handler")));
        Assert.Equal(["LAMBDAKIT_FUNCTION=place-order", "LAMBDAKIT_FUNCTION=Count"], task.Functions.Select(f => f.GetMetadata("EnvironmentVariables")));
        Assert.Equal(["Shop::Shop.Orders::Place", "Shop::Shop.Orders::Count"], task.Functions.Select(f => f.GetMetadata("HandlerString")));
        Assert.Contains(engine.Messages, m => m.Message == "  function Count: handler 'Shop', environment LAMBDAKIT_FUNCTION=Count");
    }

    [Theory]
    [InlineData("provided.al2023", "place-order", "")]
    [InlineData("dotnet8", "Shop", "")]
    public void One_function_needs_no_variable(string runtime, string handler, string variables)
    {
        var assembly = Write("Shop", ("place-order", "Shop::Shop.Orders::Place"));
        var task = new ReadLambdaFunctions { BuildEngine = new RecordingBuildEngine(), Assembly = assembly, LambdaRuntime = runtime };

        Assert.True(task.Execute());

        var function = Assert.Single(task.Functions);
        Assert.Equal(handler, function.GetMetadata("Handler"));
        Assert.Equal(variables, function.GetMetadata("EnvironmentVariables"));
    }

    [Fact]
    public void Several_functions_on_a_custom_runtime_are_named_by_the_handler()
    {
        var assembly = Write("Shop", ("a", "Shop::T::A"), ("b", "Shop::T::B"));
        var task = new ReadLambdaFunctions { BuildEngine = new RecordingBuildEngine(), Assembly = assembly, LambdaRuntime = "provided.al2023" };

        Assert.True(task.Execute());

        Assert.Equal(["a", "b"], task.Functions.Select(f => f.GetMetadata("Handler")));
        Assert.All(task.Functions, f => Assert.Equal(string.Empty, f.GetMetadata("EnvironmentVariables")));
    }

    [Fact]
    public void An_assembly_without_the_list_has_no_functions_and_a_non_assembly_is_an_error()
    {
        var plain = Write("Plain");
        var notAssembly = Path.Combine(_directory, "notes.dll");
        File.WriteAllText(notAssembly, "not a PE file");
        var engine = new RecordingBuildEngine();

        var none = new ReadLambdaFunctions { BuildEngine = engine, Assembly = plain, LambdaRuntime = "dotnet10" };
        var broken = new ReadLambdaFunctions { BuildEngine = engine, Assembly = notAssembly, LambdaRuntime = "dotnet10" };

        Assert.True(none.Execute());
        Assert.Empty(none.Functions);
        Assert.False(broken.Execute());
        Assert.StartsWith($"Cannot read the function list from '{notAssembly}':", Assert.Single(engine.Errors).Message, StringComparison.Ordinal);
    }

    /// <summary>An assembly with the generator's constants for <paramref name="functions"/> (none: no registration at all).</summary>
    private string Write(string assemblyName, params (string Name, string HandlerString)[] functions)
    {
        var builder = new PersistedAssemblyBuilder(new AssemblyName(assemblyName), typeof(object).Assembly);
        var module = builder.DefineDynamicModule(assemblyName);
        if (functions.Length > 0)
        {
            var type = module.DefineType("LambdaKit.Generated.LambdaFunctions", TypeAttributes.NotPublic | TypeAttributes.Abstract | TypeAttributes.Sealed);
            Constant(type, "FunctionVariable", "LAMBDAKIT_FUNCTION");
            for (var i = 0; i < functions.Length; i++)
            {
                Constant(type, "FunctionName" + i, functions[i].Name);
                Constant(type, "HandlerString" + i, functions[i].HandlerString);
            }

            type.CreateType();
        }
        else
        {
            module.DefineType("Plain.Type", TypeAttributes.Public).CreateType();
        }

        var path = Path.Combine(_directory, assemblyName + ".dll");
        builder.Save(path);
        return path;
    }

    private static void Constant(TypeBuilder type, string name, string value) =>
        type.DefineField(name, typeof(string), FieldAttributes.Assembly | FieldAttributes.Static | FieldAttributes.Literal).SetConstant(value);
}
