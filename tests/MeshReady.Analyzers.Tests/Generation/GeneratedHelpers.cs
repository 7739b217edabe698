using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace MeshReady.Analyzers.Tests.Generation;

/// <summary>
/// Compiles what the generator writes (MeshProxy and the hosting integration) against the running runtime,
/// emits it into memory and loads it into a collectible AssemblyLoadContext, so tests call the real generated
/// code. A small entry class, compiled with it, turns the generated API into delegates.
/// </summary>
public sealed class GeneratedHelpers : IDisposable
{
    private const string Entry = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.DependencyInjection;

        public static class Entry
        {
            public static Task<bool> Wait(TimeSpan? timeout, CancellationToken cancellationToken) => MeshReady.MeshProxy.WaitUntilReadyAsync(timeout, cancellationToken);

            public static Task<bool> Quit(CancellationToken cancellationToken) => MeshReady.MeshProxy.QuitAsync(cancellationToken);

            public static IServiceCollection AddDrain(IServiceCollection services, TimeSpan drain, TimeSpan proxyDrain)
                => services.AddMeshReadiness(o =>
                {
                    o.WaitForProxy = false;
                    o.ShutdownDrain = drain;
                    o.ProxyDrainDuration = proxyDrain;
                });

            public static void SetLog(Action<string>? log) => MeshReady.MeshProxy.Log = log;

            public static IServiceCollection AddReadiness(IServiceCollection services, bool quitOnStop, TimeSpan timeout)
                => services.AddMeshReadiness(o =>
                {
                    o.QuitSidecarOnStop = quitOnStop;
                    o.ReadinessTimeout = timeout;
                });
        }
        """;

    private readonly AssemblyLoadContext context = new("MeshReady generated helpers", isCollectible: true);

    public GeneratedHelpers()
    {
        var trusted = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var references = trusted
            .Concat(new[] { typeof(IHostedService).Assembly.Location, typeof(IServiceCollection).Assembly.Location })
            .Distinct()
            .Select(path => MetadataReference.CreateFromFile(path));
        var parse = GeneratorHarness.ParseOptions();
        var compilation = CSharpCompilation.Create(
            "MeshReady.GeneratedHelpers",
            new[] { CSharpSyntaxTree.ParseText(Entry, parse) },
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var (driver, output, _) = GeneratorHarness.Run(compilation);
        Assert.Contains("MeshReady.Hosting.g.cs", GeneratorHarness.Sources(driver).Keys);

        using var image = new MemoryStream();
        var emitted = output.Emit(image);
        Assert.True(emitted.Success, string.Join(Environment.NewLine, emitted.Diagnostics));
        image.Position = 0;
        var entry = context.LoadFromStream(image).GetType("Entry", throwOnError: true)!;

        Wait = entry.GetMethod("Wait")!.CreateDelegate<Func<TimeSpan?, CancellationToken, Task<bool>>>();
        Quit = entry.GetMethod("Quit")!.CreateDelegate<Func<CancellationToken, Task<bool>>>();
        AddDrain = entry.GetMethod("AddDrain")!.CreateDelegate<Func<IServiceCollection, TimeSpan, TimeSpan, IServiceCollection>>();
        SetLog = entry.GetMethod("SetLog")!.CreateDelegate<Action<Action<string>?>>();
        AddReadiness = entry.GetMethod("AddReadiness")!.CreateDelegate<Func<IServiceCollection, bool, TimeSpan, IServiceCollection>>();
    }

    /// <summary><c>MeshProxy.WaitUntilReadyAsync(timeout, cancellationToken)</c>.</summary>
    public Func<TimeSpan?, CancellationToken, Task<bool>> Wait { get; }

    /// <summary><c>MeshProxy.QuitAsync(cancellationToken)</c>.</summary>
    public Func<CancellationToken, Task<bool>> Quit { get; }

    /// <summary><c>services.AddMeshReadiness(o => { o.WaitForProxy = false; o.ShutdownDrain = …; o.ProxyDrainDuration = …; })</c>.</summary>
    public Func<IServiceCollection, TimeSpan, TimeSpan, IServiceCollection> AddDrain { get; }

    /// <summary><c>MeshProxy.Log = …</c>.</summary>
    public Action<Action<string>?> SetLog { get; }

    /// <summary><c>services.AddMeshReadiness(o => { o.QuitSidecarOnStop = …; o.ReadinessTimeout = …; })</c>.</summary>
    public Func<IServiceCollection, bool, TimeSpan, IServiceCollection> AddReadiness { get; }

    public void Dispose() => context.Unload();
}
