using System.Runtime.CompilerServices;
using LambdaKit.Runtime;

namespace LambdaKit.Testing;

/// <summary>
/// Starts a <c>[LambdaFunction]</c> of the test's own build in-process, on the real runtime loop against a
/// <see cref="RuntimeApiEmulator"/>, found through the registration LambdaKit generates into every function assembly
/// (<see cref="LambdaFunctionRegistry"/>): no <c>InternalsVisibleTo</c>, no reflection over the function.
/// </summary>
public static class LambdaTest
{
    /// <summary>Starts the one <c>[LambdaFunction]</c> declared by <typeparamref name="TFunctions"/>.</summary>
    /// <exception cref="ArgumentException">The type declares no function, or several (name one).</exception>
    public static Task<LambdaTestFunction> StartAsync<TFunctions>(LambdaTestOptions? options = null) =>
        StartAsync(typeof(TFunctions), null, options);

    /// <summary>Starts the function named <paramref name="functionName"/> declared by <typeparamref name="TFunctions"/>.</summary>
    /// <exception cref="ArgumentException">The type declares no function by that name.</exception>
    public static Task<LambdaTestFunction> StartAsync<TFunctions>(string functionName, LambdaTestOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(functionName);
        return StartAsync(typeof(TFunctions), functionName, options);
    }

    /// <summary>The function <paramref name="functionName"/> of <paramref name="functionType"/>, or its only one when the name is null.</summary>
    public static LambdaFunctionDescriptor Find(Type functionType, string? functionName = null)
    {
        ArgumentNullException.ThrowIfNull(functionType);

        // The registering module initializer runs when the module is first used: make sure it has run.
        RuntimeHelpers.RunModuleConstructor(functionType.Module.ModuleHandle);
        var declared = LambdaFunctionRegistry.Functions.Where(function => function.HandlerType == functionType).ToList();
        if (declared.Count == 0)
        {
            throw new ArgumentException($"{functionType.FullName} declares no [LambdaFunction] method that LambdaKit registered: is the LambdaKit package referenced by its project, and is the method free of LK1xxx errors?", nameof(functionType));
        }

        var names = string.Join(", ", declared.Select(function => function.Name));
        if (functionName is null)
        {
            return declared.Count == 1
                ? declared[0]
                : throw new ArgumentException($"{functionType.FullName} declares several functions ({names}): name one, as in LambdaTest.StartAsync<{functionType.Name}>(\"{declared[0].Name}\").", nameof(functionName));
        }

        return declared.Find(function => function.Name == functionName || function.HandlerString == functionName)
            ?? throw new ArgumentException($"{functionType.FullName} declares no function '{functionName}'; it declares {names}.", nameof(functionName));
    }

    /// <summary>
    /// Starts the function <paramref name="functionName"/> declared by <paramref name="functionType"/>, or its only one
    /// when the name is null: for static classes, which cannot be type arguments.
    /// </summary>
    /// <exception cref="ArgumentException">The type declares no such function, or several and no name was given.</exception>
    public static async Task<LambdaTestFunction> StartAsync(Type functionType, string? functionName = null, LambdaTestOptions? options = null)
    {
        var function = Find(functionType, functionName);
        options ??= new LambdaTestOptions();
        var emulator = await RuntimeApiEmulator.StartAsync(EmulatorOptions(function, options)).ConfigureAwait(false);
        try
        {
            if (options.Package is { } package)
            {
                return StartFromPackage(function, emulator, package, options);
            }

            if (options.SnapStart ?? function.SnapStart)
            {
                var testOptions = options;
                var snapshot = new LambdaTestSnapshot(function, () => EmulatorOptions(function, testOptions), InProcessOptions(function, options));
                return new LambdaTestFunction(function, emulator, snapshot.Host(emulator), snapshot);
            }

            return new LambdaTestFunction(function, emulator, InProcessLambda.Start(emulator, _ => new ValueTask<LambdaHandler>(function.CreateHandler()), InProcessOptions(function, options)));
        }
        catch
        {
            await emulator.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static RuntimeApiEmulatorOptions EmulatorOptions(LambdaFunctionDescriptor function, LambdaTestOptions options)
    {
        var emulatorOptions = new RuntimeApiEmulatorOptions
        {
            FunctionName = function.Name,
            MaxConcurrency = options.MaxConcurrency ?? (function.MaxConcurrency > 0 ? function.MaxConcurrency : 1),
            TenantIsolation = options.TenantIsolation ?? function.TenantIsolation,
            SnapStart = options.SnapStart ?? function.SnapStart,
        };
        if ((options.MemorySizeMb ?? function.MemorySizeMb) is var memory and > 0)
        {
            emulatorOptions.MemorySizeMb = memory;
        }

        if (options.Timeout is { } timeout)
        {
            emulatorOptions.Timeout = timeout;
        }
        else if (function.TimeoutSeconds > 0)
        {
            emulatorOptions.Timeout = TimeSpan.FromSeconds(function.TimeoutSeconds);
        }

        return emulatorOptions;
    }

    private static InProcessLambdaOptions InProcessOptions(LambdaFunctionDescriptor function, LambdaTestOptions options)
    {
        var hostOptions = new InProcessLambdaOptions { Handler = function.HandlerString, ResetAfterTimeout = options.ResetAfterTimeout };
        foreach (var (name, value) in options.Variables)
        {
            hostOptions.Variables[name] = value;
        }

        foreach (var (name, value) in options.Environment)
        {
            hostOptions.Environment[name] = value;
        }

        return hostOptions;
    }

    private static LambdaTestFunction StartFromPackage(LambdaFunctionDescriptor function, RuntimeApiEmulator emulator, string path, LambdaTestOptions options)
    {
        var package = DeploymentPackage.Open(path);
        try
        {
            var processOptions = package.ProcessOptions(function, options.Variables, options.Environment, options.ResetAfterTimeout);
            return new LambdaTestFunction(function, emulator, LambdaProcess.Start(emulator, processOptions), package);
        }
        catch
        {
            package.Dispose();
            throw;
        }
    }
}
