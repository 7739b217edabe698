using MeshReady.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MeshReady.Analyzers.Lifecycle;

/// <summary>The hosting symbols the lifecycle rules match, each resolved once per compilation, on first use.</summary>
/// <remarks>
/// Resolved when a rule first needs one, not when the model is made: the model is made in the lifecycle rules'
/// compilation-start actions for every deployed project, while most projects never ask for most of these (a service
/// without a Startup class never needs <c>IStartupFilter</c>), and a lookup made that early is the first touch of the
/// referenced assemblies' namespaces, which waits for the compiler building them (measured on pitstop: the model's
/// lookups were JobCompletionAnalyzer's whole cost). <see cref="KnownTypes"/> remembers each answer for the compilation.
/// </remarks>
internal sealed class LifecycleSymbols
{
    private readonly KnownTypes types;
    private readonly bool isExecutable;

    private LifecycleSymbols(KnownTypes types, Compilation compilation)
    {
        this.types = types;

        // A 'static Main' in a class library is not where a process starts.
        isExecutable = IsExecutable(compilation);
    }

    public INamedTypeSymbol? IHostedService => types.Get("Microsoft.Extensions.Hosting.IHostedService");

    public INamedTypeSymbol? IHostedLifecycleService => types.Get("Microsoft.Extensions.Hosting.IHostedLifecycleService");

    public INamedTypeSymbol? BackgroundService => types.Get("Microsoft.Extensions.Hosting.BackgroundService");

    public INamedTypeSymbol? IHost => types.Get("Microsoft.Extensions.Hosting.IHost");

    public INamedTypeSymbol? IHostBuilder => types.Get("Microsoft.Extensions.Hosting.IHostBuilder");

    public INamedTypeSymbol? IHostApplicationLifetime => types.Get("Microsoft.Extensions.Hosting.IHostApplicationLifetime");

    public INamedTypeSymbol? IWebHost => types.Get("Microsoft.AspNetCore.Hosting.IWebHost");

    public INamedTypeSymbol? IStartupFilter => types.Get("Microsoft.AspNetCore.Hosting.IStartupFilter");

    // Marten's initial data: MartenActivator.StartAsync calls each IInitialData's Populate when the host starts (JasperFx/marten
    // V9.29.0 src/Marten/Services/MartenActivator.cs; registered by InitializeWith/InitializeMartenWith).
    public INamedTypeSymbol? MartenInitialData => types.Get("Marten.Schema.IInitialData");

    public INamedTypeSymbol? IApplicationBuilder => types.Get("Microsoft.AspNetCore.Builder.IApplicationBuilder");

    public INamedTypeSymbol? IServiceCollection => types.Get("Microsoft.Extensions.DependencyInjection.IServiceCollection");

    public INamedTypeSymbol? Task => types.Get("System.Threading.Tasks.Task");

    public INamedTypeSymbol? PeriodicTimer => types.Get("System.Threading.PeriodicTimer");

    public INamedTypeSymbol? IEndpointRouteBuilder => types.Get("Microsoft.AspNetCore.Routing.IEndpointRouteBuilder");

    /// <summary>True when the compilation is a program (a <c>Main</c> there is where a process starts).</summary>
    public static bool IsExecutable(Compilation compilation)
        => compilation.Options.OutputKind is OutputKind.ConsoleApplication or OutputKind.WindowsApplication or OutputKind.WindowsRuntimeApplication;

    /// <summary><c>Main</c> or the synthesized <c>&lt;Main&gt;$</c> of top-level statements, by shape alone (no symbol is resolved).</summary>
    public static bool IsEntryPointShaped(IMethodSymbol method)
        => method.IsStatic && (method.Name == "<Main>$" || (method.MethodKind == MethodKind.Ordinary && method.Name == "Main"));

    public static LifecycleSymbols Create(KnownTypes types, Compilation compilation) => new(types, compilation);

    /// <summary>
    /// True for the call that starts serving and blocks until shutdown: <c>app.Run()</c>,
    /// <c>host.RunAsync()</c>, <c>host.WaitForShutdownAsync()</c>, <c>builder.RunConsoleAsync()</c>.
    /// </summary>
    public bool IsHostRun(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        switch (method.Name)
        {
            case "Run":
            case "RunAsync":
            case "WaitForShutdown":
            case "WaitForShutdownAsync":
                return IsHost(Subject(invocation));
            case "RunConsoleAsync":
                return Implements(Subject(invocation), IHostBuilder);
            default:
                return false;
        }
    }

    /// <summary>True for <c>IHostApplicationLifetime.StopApplication()</c>, through the interface or an implementation.</summary>
    /// <summary>An await of <c>Task.Delay</c>, <c>Task.Yield</c> or <c>PeriodicTimer.WaitForNextTickAsync</c> (through <c>ConfigureAwait</c>).</summary>
    public bool IsPause(IAwaitOperation awaited)
        => AwaitedCall(awaited) is { TargetMethod: var method }
            && ((method.Name is "Delay" or "Yield" && SymbolEqualityComparer.Default.Equals(method.ContainingType, Task))
                || (method.Name == "WaitForNextTickAsync" && SymbolEqualityComparer.Default.Equals(method.ContainingType, PeriodicTimer)));

    /// <summary>The call an await waits for, looking through <c>ConfigureAwait(…)</c>.</summary>
    public static IInvocationOperation? AwaitedCall(IAwaitOperation awaited)
    {
        var call = ValueTracking.SkipConversions(awaited.Operation) as IInvocationOperation;
        if (call is { TargetMethod.Name: "ConfigureAwait", Instance: { } configured })
        {
            call = ValueTracking.SkipConversions(configured) as IInvocationOperation;
        }

        return call;
    }

    public bool IsStopApplication(IInvocationOperation invocation)
        => invocation.TargetMethod is { Name: "StopApplication", Parameters.Length: 0 }
            && Implements(invocation.TargetMethod.ContainingType, IHostApplicationLifetime);

    /// <summary>True inside a lambda handed to <c>app.MapGet/MapPost/…</c>: it runs per request.</summary>
    public bool IsInEndpointHandler(IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation lambda
                && EagerOperations.CallReceiving(lambda) is { } map
                && map.TargetMethod.Name.StartsWith("Map", System.StringComparison.Ordinal)
                && map.Arguments.Length > 0
                && Implements(ValueTracking.SkipConversions(map.Arguments[0].Value).Type, IEndpointRouteBuilder))
            {
                return true;
            }
        }

        return false;
    }

    public bool IsHost(ITypeSymbol? type) => Implements(type, IHost) || Implements(type, IWebHost);

    /// <summary>What a lifecycle method is, from the host's point of view.</summary>
    /// <summary>
    /// False for a name <see cref="Classify"/> gives no start-up kind whatever the method (HostedStart, BackgroundExecute,
    /// StartupFilter, StartupClass): lets a caller leave a method out from its declaration's name.
    /// </summary>
    public static bool IsStartupMethodName(string name)
        => name is "StartAsync" or "StartingAsync" or "StartedAsync" or "ExecuteAsync" or "Configure" or "ConfigureServices";

    public LifecycleMethod Classify(IMethodSymbol method)
    {
        // Top-level statements compile to a synthesized '<Main>$'.
        if (IsEntryPointShaped(method))
        {
            return isExecutable ? LifecycleMethod.EntryPoint : LifecycleMethod.None;
        }

        if (method.IsStatic || method.MethodKind != MethodKind.Ordinary)
        {
            return LifecycleMethod.None;
        }

        var type = method.ContainingType;
        switch (method.Name)
        {
            case "StartAsync" when method.Parameters.Length == 1 && Implements(type, IHostedService):
            case "StartingAsync" when method.Parameters.Length == 1 && Implements(type, IHostedLifecycleService):
            case "StartedAsync" when method.Parameters.Length == 1 && Implements(type, IHostedLifecycleService):
                return LifecycleMethod.HostedStart;
            case "ExecuteAsync" when method.IsOverride && DerivesFrom(type, BackgroundService):
                return LifecycleMethod.BackgroundExecute;
            case "StopAsync" when method.Parameters.Length == 1 && Implements(type, IHostedService):
            case "StoppingAsync" when method.Parameters.Length == 1 && Implements(type, IHostedLifecycleService):
            case "StoppedAsync" when method.Parameters.Length == 1 && Implements(type, IHostedLifecycleService):
                return LifecycleMethod.HostedStop;
            case "Populate" when method.Parameters.Length == 2 && Implements(type, MartenInitialData):
                return LifecycleMethod.HostedStart;
            case "Configure" when Implements(type, IStartupFilter):
                return LifecycleMethod.StartupFilter;
            case "Configure" when IsStartupClass(type) && HasParameterOfType(method, IApplicationBuilder):
            case "ConfigureServices" when IsStartupClass(type) && HasParameterOfType(method, IServiceCollection):
                return LifecycleMethod.StartupClass;
            default:
                return LifecycleMethod.None;
        }
    }

    public static bool Implements(ITypeSymbol? type, INamedTypeSymbol? contract)
    {
        if (type is null || contract is null)
        {
            return false;
        }

        if (SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, contract))
        {
            return true;
        }

        foreach (var candidate in type.AllInterfaces)
        {
            if (SymbolEqualityComparer.Default.Equals(candidate.OriginalDefinition, contract))
            {
                return true;
            }
        }

        return DerivesFrom(type, contract);
    }

    public static bool DerivesFrom(ITypeSymbol? type, INamedTypeSymbol? baseType)
    {
        if (baseType is null)
        {
            return false;
        }

        for (var current = type?.BaseType; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, baseType))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The object a call acts on: the receiver, or the first argument of an extension method.</summary>
    private static ITypeSymbol? Subject(IInvocationOperation invocation)
        => invocation.TargetMethod.IsExtensionMethod && invocation.Arguments.Length > 0
            ? ValueTracking.SkipConversions(invocation.Arguments[0].Value).Type
            : invocation.Instance?.Type;

    // ASP.NET Core finds Startup classes by convention (UseStartup<T>): Configure(IApplicationBuilder) next to ConfigureServices.
    private static bool IsStartupClass(INamedTypeSymbol type)
    {
        if (type.Name.EndsWith("Startup", System.StringComparison.Ordinal))
        {
            return true;
        }

        foreach (var member in type.GetMembers("ConfigureServices"))
        {
            if (member is IMethodSymbol)
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasParameterOfType(IMethodSymbol method, INamedTypeSymbol? type)
    {
        foreach (var parameter in method.Parameters)
        {
            if (Implements(parameter.Type, type))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>The role a method plays in the host's life: when it runs decides which rules apply to it.</summary>
internal enum LifecycleMethod
{
    None,

    /// <summary><c>Main</c> or top-level statements.</summary>
    EntryPoint,

    /// <summary><c>IHostedService.StartAsync</c> (and <c>IHostedLifecycleService.StartingAsync/StartedAsync</c>).</summary>
    HostedStart,

    /// <summary><c>BackgroundService.ExecuteAsync</c>: its first pass runs while the host starts.</summary>
    BackgroundExecute,

    /// <summary><c>IStartupFilter.Configure</c>.</summary>
    StartupFilter,

    /// <summary><c>Startup.Configure</c> / <c>Startup.ConfigureServices</c>.</summary>
    StartupClass,

    /// <summary><c>IHostedService.StopAsync</c> (and <c>StoppingAsync/StoppedAsync</c>).</summary>
    HostedStop,
}
