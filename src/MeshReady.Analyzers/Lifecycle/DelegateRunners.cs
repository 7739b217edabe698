using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace MeshReady.Analyzers.Lifecycle;

/// <summary>
/// Library methods that run a delegate argument at once, as data: before they return (<c>List&lt;T&gt;.ForEach</c>,
/// Polly's <c>Execute</c>), or in the task they return, so that when it is awaited the delegate has run
/// (<c>Parallel.ForEachAsync</c>, Polly's <c>ExecuteAsync</c>, EF Core's execution strategy), or on the thread pool at
/// once (<c>Task.Run</c>). The lifecycle rules follow the lambdas and method groups handed to them as code of the caller
/// (<see cref="EagerOperations"/>, <see cref="CallSummaries"/>). docs/outbound-io.md renders this list, with the source
/// each entry was checked in.
/// </summary>
/// <remarks>
/// The generic host's configuration callbacks (<c>ConfigureServices((context, services) =&gt; …)</c>) run while the host is
/// built (<see cref="RunnerTiming.HostBuild"/>), which an entry point does before <c>Run</c>.
/// Deliberately absent, because they run the delegate later or never: DI factories (<c>AddSingleton(sp =&gt; …)</c>: on
/// first resolve; those a hosted service needs are start-up code, see <see cref="StartupServices"/>), endpoint
/// handlers (<c>MapGet</c>), event handlers, <c>Lazy&lt;T&gt;</c>, <c>CancellationToken.Register</c>, timers, and deferred LINQ
/// operators (<c>Select</c>, <c>Where</c>: they run only when something enumerates them).
/// </remarks>
internal static class DelegateRunners
{
    public static readonly ImmutableArray<DelegateRunner> Entries = ImmutableArray.Create(
        // .NET
        new DelegateRunner(".NET tasks", "System.Threading.Tasks.Task", RunnerTiming.TaskStart, RunnerRetry.None, "Run"),
        new DelegateRunner(".NET tasks", "System.Threading.Tasks.TaskFactory", RunnerTiming.TaskStart, RunnerRetry.None, "StartNew"),
        new DelegateRunner(".NET tasks", "System.Threading.Tasks.TaskFactory`1", RunnerTiming.TaskStart, RunnerRetry.None, "StartNew"),
        new DelegateRunner(".NET collections", "System.Collections.Generic.List`1", RunnerTiming.Synchronous, RunnerRetry.None, "ForEach"),
        new DelegateRunner(".NET collections", "System.Array", RunnerTiming.Synchronous, RunnerRetry.None, "ForEach"),
        new DelegateRunner(".NET parallel loops", "System.Threading.Tasks.Parallel", RunnerTiming.Synchronous, RunnerRetry.None, "For", "ForEach", "Invoke"),
        new DelegateRunner(".NET parallel loops", "System.Threading.Tasks.Parallel", RunnerTiming.Task, RunnerRetry.None, "ForAsync", "ForEachAsync"),

        // Polly v7: policies (retry, and the others, which the analysis does not tell apart).
        new DelegateRunner("Polly v7", "Polly.Policy", RunnerTiming.Synchronous, RunnerRetry.Pipeline, "Execute", "ExecuteAndCapture"),
        new DelegateRunner("Polly v7", "Polly.Policy`1", RunnerTiming.Synchronous, RunnerRetry.Pipeline, "Execute", "ExecuteAndCapture"),
        new DelegateRunner("Polly v7", "Polly.ISyncPolicy", RunnerTiming.Synchronous, RunnerRetry.Pipeline, "Execute", "ExecuteAndCapture"),
        new DelegateRunner("Polly v7", "Polly.ISyncPolicy`1", RunnerTiming.Synchronous, RunnerRetry.Pipeline, "Execute", "ExecuteAndCapture"),
        new DelegateRunner("Polly v7", "Polly.AsyncPolicy", RunnerTiming.Task, RunnerRetry.Pipeline, "ExecuteAsync", "ExecuteAndCaptureAsync"),
        new DelegateRunner("Polly v7", "Polly.AsyncPolicy`1", RunnerTiming.Task, RunnerRetry.Pipeline, "ExecuteAsync", "ExecuteAndCaptureAsync"),
        new DelegateRunner("Polly v7", "Polly.IAsyncPolicy", RunnerTiming.Task, RunnerRetry.Pipeline, "ExecuteAsync", "ExecuteAndCaptureAsync"),
        new DelegateRunner("Polly v7", "Polly.IAsyncPolicy`1", RunnerTiming.Task, RunnerRetry.Pipeline, "ExecuteAsync", "ExecuteAndCaptureAsync"),

        // Polly v8 (Polly.Core): resilience pipelines.
        new DelegateRunner("Polly v8", "Polly.ResiliencePipeline", RunnerTiming.Synchronous, RunnerRetry.Pipeline, "Execute"),
        new DelegateRunner("Polly v8", "Polly.ResiliencePipeline", RunnerTiming.Task, RunnerRetry.Pipeline, "ExecuteAsync", "ExecuteOutcomeAsync"),
        new DelegateRunner("Polly v8", "Polly.ResiliencePipeline`1", RunnerTiming.Synchronous, RunnerRetry.Pipeline, "Execute"),
        new DelegateRunner("Polly v8", "Polly.ResiliencePipeline`1", RunnerTiming.Task, RunnerRetry.Pipeline, "ExecuteAsync", "ExecuteOutcomeAsync"),

        // EF Core execution strategies: a retry only where RetryingDbContexts says the strategy retries a refused connection.
        new DelegateRunner("EF Core", "Microsoft.EntityFrameworkCore.Storage.IExecutionStrategy", RunnerTiming.Synchronous, RunnerRetry.EfStrategy, "Execute"),
        new DelegateRunner("EF Core", "Microsoft.EntityFrameworkCore.Storage.IExecutionStrategy", RunnerTiming.Task, RunnerRetry.EfStrategy, "ExecuteAsync"),
        new DelegateRunner("EF Core", "Microsoft.EntityFrameworkCore.Storage.ExecutionStrategy", RunnerTiming.Synchronous, RunnerRetry.EfStrategy, "Execute"),
        new DelegateRunner("EF Core", "Microsoft.EntityFrameworkCore.Storage.ExecutionStrategy", RunnerTiming.Task, RunnerRetry.EfStrategy, "ExecuteAsync"),
        new DelegateRunner("EF Core", "Microsoft.EntityFrameworkCore.ExecutionStrategyExtensions", RunnerTiming.Synchronous, RunnerRetry.EfStrategy, "Execute", "ExecuteInTransaction"),
        new DelegateRunner("EF Core", "Microsoft.EntityFrameworkCore.ExecutionStrategyExtensions", RunnerTiming.Task, RunnerRetry.EfStrategy, "ExecuteAsync", "ExecuteInTransactionAsync"),
        new DelegateRunner("EF Core", "Microsoft.EntityFrameworkCore.RelationalExecutionStrategyExtensions", RunnerTiming.Synchronous, RunnerRetry.EfStrategy, "ExecuteInTransaction"),
        new DelegateRunner("EF Core", "Microsoft.EntityFrameworkCore.RelationalExecutionStrategyExtensions", RunnerTiming.Task, RunnerRetry.EfStrategy, "ExecuteInTransactionAsync"),

        // The generic host: configuration callbacks run while the host is built, before Run (at once on
        // WebApplicationBuilder.Host/.WebHost). DI factories registered inside them still run on first resolve.
        new DelegateRunner(".NET generic host", "Microsoft.Extensions.Hosting.IHostBuilder", RunnerTiming.HostBuild, RunnerRetry.None, "ConfigureServices", "ConfigureAppConfiguration", "ConfigureHostConfiguration", "ConfigureContainer"),
        new DelegateRunner(".NET generic host", "Microsoft.Extensions.Hosting.HostBuilder", RunnerTiming.HostBuild, RunnerRetry.None, "ConfigureServices", "ConfigureAppConfiguration", "ConfigureHostConfiguration", "ConfigureContainer"),
        new DelegateRunner(".NET generic host", "Microsoft.Extensions.Hosting.HostingHostBuilderExtensions", RunnerTiming.HostBuild, RunnerRetry.None, "ConfigureServices", "ConfigureAppConfiguration", "ConfigureContainer"),
        new DelegateRunner(".NET generic host", "Microsoft.Extensions.Hosting.HostApplicationBuilder", RunnerTiming.HostBuild, RunnerRetry.None, "ConfigureContainer"),
        new DelegateRunner(".NET generic host", "Microsoft.Extensions.Hosting.GenericHostBuilderExtensions", RunnerTiming.HostBuild, RunnerRetry.None, "ConfigureWebHostDefaults"),
        new DelegateRunner(".NET generic host", "Microsoft.Extensions.Hosting.GenericHostWebHostBuilderExtensions", RunnerTiming.HostBuild, RunnerRetry.None, "ConfigureWebHost"),
        new DelegateRunner("ASP.NET Core", "Microsoft.AspNetCore.Builder.ConfigureHostBuilder", RunnerTiming.HostBuild, RunnerRetry.None, "ConfigureServices", "ConfigureAppConfiguration", "ConfigureHostConfiguration", "ConfigureContainer"),
        new DelegateRunner("ASP.NET Core", "Microsoft.AspNetCore.Builder.ConfigureWebHostBuilder", RunnerTiming.HostBuild, RunnerRetry.None, "ConfigureServices", "ConfigureAppConfiguration"),
        new DelegateRunner("ASP.NET Core", "Microsoft.AspNetCore.Hosting.IWebHostBuilder", RunnerTiming.HostBuild, RunnerRetry.None, "ConfigureServices", "ConfigureAppConfiguration"),
        new DelegateRunner("ASP.NET Core", "Microsoft.AspNetCore.Hosting.WebHostBuilderExtensions", RunnerTiming.HostBuild, RunnerRetry.None, "ConfigureAppConfiguration"));

    private static readonly Dictionary<string, ImmutableArray<DelegateRunner>> ByType = GroupByType();
    private static readonly HashSet<string> Names = NamesOf();

    /// <summary>The entry for the method a call binds to (its declaring type), or null. A name lookup first: most calls are not runners.</summary>
    public static DelegateRunner? Of(IMethodSymbol method)
    {
        if (!Names.Contains(method.Name))
        {
            return null;
        }

        var definition = (method.ReducedFrom ?? method).OriginalDefinition;
        if (definition.ContainingType is not { ContainingType: null, ContainingNamespace: { IsGlobalNamespace: false } ns } type
            || !ByType.TryGetValue(ns.ToDisplayString() + "." + type.MetadataName, out var entries))
        {
            return null;
        }

        foreach (var entry in entries)
        {
            if (entry.Methods.Contains(method.Name))
            {
                return entry;
            }
        }

        return null;
    }

    /// <summary>How a runner call is named in a chain: <c>List.ForEach</c>, <c>AsyncPolicy.ExecuteAsync</c>, an extension method by what it extends (<c>IExecutionStrategy.ExecuteAsync</c>).</summary>
    public static string NameOf(IMethodSymbol method)
    {
        var definition = method.ReducedFrom ?? method;
        var subject = definition.IsExtensionMethod && definition.Parameters.Length > 0 ? definition.Parameters[0].Type.Name : definition.ContainingType.Name;
        return subject + "." + definition.Name;
    }

    /// <summary>
    /// True for a chain name (<see cref="NameOf"/>) of a synchronous loop that is no retry (<c>List.ForEach</c>,
    /// <c>Parallel.ForEach</c>): an async lambda under it is async void, and the fix is an awaited loop, not a retry.
    /// </summary>
    public static bool IsLoop(string name) => Loops.Contains(name);

    private static readonly HashSet<string> Loops = LoopNames();

    private static HashSet<string> LoopNames()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in Entries)
        {
            if (entry.Timing == RunnerTiming.Synchronous && entry.Retry == RunnerRetry.None)
            {
                var type = entry.Type.Substring(entry.Type.LastIndexOf('.') + 1);
                var tick = type.IndexOf('`');
                type = tick < 0 ? type : type.Substring(0, tick);
                foreach (var method in entry.Methods)
                {
                    names.Add(type + "." + method);
                }
            }
        }

        return names;
    }

    private static Dictionary<string, ImmutableArray<DelegateRunner>> GroupByType()
    {
        var map = new Dictionary<string, ImmutableArray<DelegateRunner>>(StringComparer.Ordinal);
        foreach (var entry in Entries)
        {
            map[entry.Type] = map.TryGetValue(entry.Type, out var existing) ? existing.Add(entry) : ImmutableArray.Create(entry);
        }

        return map;
    }

    private static HashSet<string> NamesOf()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in Entries)
        {
            names.UnionWith(entry.Methods);
        }

        return names;
    }
}

/// <summary>When a runner runs the delegate it is handed.</summary>
internal enum RunnerTiming
{
    /// <summary>Before the call returns (an async lambda handed to it only starts: its first await hands control back).</summary>
    Synchronous,

    /// <summary>In the task the call returns: when that task is awaited, the delegate has run.</summary>
    Task,

    /// <summary>Starts it on the thread pool at once (<c>Task.Run</c>): it runs during the caller whether or not the task is awaited.</summary>
    TaskStart,

    /// <summary>
    /// While the host is built (<c>IHostBuilder.ConfigureServices</c>: in <c>Build()</c>; <c>WebApplicationBuilder.Host</c>:
    /// at once), so before <c>Run</c>: start-up code of the entry point. Like <see cref="Synchronous"/>, an async lambda
    /// handed to it is async void.
    /// </summary>
    HostBuild,
}

/// <summary>Whether a runner retries its delegate: at start-up a retry that outlasts proxy start-up is a mitigation (MESH030 only).</summary>
internal enum RunnerRetry
{
    None,

    /// <summary>A Polly policy or resilience pipeline.</summary>
    Pipeline,

    /// <summary>An EF Core execution strategy: a retry only where the context's strategy retries a refused connection (<see cref="RetryingDbContexts"/>).</summary>
    EfStrategy,
}

/// <summary>One runner entry: a library, a declaring type (metadata name), when it runs the delegate, whether it retries, and its method names.</summary>
internal sealed class DelegateRunner
{
    public DelegateRunner(string library, string type, RunnerTiming timing, RunnerRetry retry, params string[] methods)
    {
        Library = library;
        Type = type;
        Timing = timing;
        Retry = retry;
        Methods = ImmutableArray.Create(methods);
    }

    public string Library { get; }

    public string Type { get; }

    public RunnerTiming Timing { get; }

    public RunnerRetry Retry { get; }

    public ImmutableArray<string> Methods { get; }
}
