using System.Threading.Tasks;
using MeshReady.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Job = MeshReady.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MeshReady.Analyzers.Lifecycle.JobCompletionAnalyzer>;
using Shutdown = MeshReady.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MeshReady.Analyzers.Lifecycle.ShutdownIoAnalyzer>;
using Verify = MeshReady.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MeshReady.Analyzers.Lifecycle.StartupCallAnalyzer>;

namespace MeshReady.Analyzers.Tests.Lifecycle;

/// <summary>
/// Property getters declared in the project are followed like methods: a getter that opens a connection is I/O where
/// the property is read (named by the property in the chain); an auto-property, a getter that returns a cached field, a
/// write and <c>nameof</c> are not reads that do I/O.
/// </summary>
public class PropertyGetterTests
{
    private static readonly ReferenceAssemblies Redis = TestReferences.WithPackages(("StackExchange.Redis", "2.8.16"));

    [Fact]
    public Task GetterThatConnectsIsReportedWhereThePropertyIsRead()
        => Verify.VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using StackExchange.Redis;

            var builder = WebApplication.CreateBuilder(args);
            var app = builder.Build();
            var db = {|#0:RedisConnection.Instance|}.GetDatabase();
            app.Run();

            public static class RedisConnection
            {
                public static ConnectionMultiplexer Instance => ConnectionMultiplexer.Connect("redis:6379");
            }
            """,
            editorConfig: null,
            references: Redis,
            Verify.Diagnostic("MESH030").WithLocation(0)
                .WithArguments("'RedisConnection.Instance' → 'ConnectionMultiplexer.Connect'", "at start-up in Program.cs", DeepLifecycleTests.CrashLoops));

    [Fact]
    public Task GetterReadInsideAHelperIsNamedInTheChain()
        => Verify.VerifyAsync("""
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Hosting;
            using StackExchange.Redis;

            public sealed class CacheWarmer(CacheSettings settings) : IHostedService
            {
                public Task StartAsync(CancellationToken cancellationToken)
                {
                    {|#0:Warm()|};
                    return Task.CompletedTask;
                }

                public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

                private void Warm() => settings.Connection.GetDatabase().StringSet("warm", "1");
            }

            public sealed class CacheSettings
            {
                public string Endpoint { get; set; } = "redis:6379";

                public IConnectionMultiplexer Connection
                {
                    get
                    {
                        var options = ConfigurationOptions.Parse(Endpoint);
                        return ConnectionMultiplexer.Connect(options);
                    }
                }
            }
            """,
            editorConfig: null,
            references: Redis,
            Verify.Diagnostic("MESH030").WithLocation(0)
                .WithArguments("'CacheWarmer.Warm' → 'CacheSettings.Connection' → 'ConnectionMultiplexer.Connect'", "at start-up in CacheWarmer.StartAsync", DeepLifecycleTests.CrashLoops));

    [Fact]
    public Task AutoPropertiesCachedGettersWritesAndNameofAreSilent()
        => Verify.VerifyAsync("""
            using System;
            using Microsoft.AspNetCore.Builder;
            using StackExchange.Redis;

            var builder = WebApplication.CreateBuilder(args);
            var app = builder.Build();
            var holder = new Holder();
            holder.Multiplexer = null;
            Console.WriteLine(nameof(Holder.Fresh));
            Console.WriteLine(holder.Name);
            var cached = holder.Cached;
            app.Run();

            public sealed class Holder
            {
                private ConnectionMultiplexer? connection;

                public string Name { get; set; } = "cache";

                public ConnectionMultiplexer? Multiplexer { get; set; }

                // Returns what another code path opened: reading it does no I/O.
                public ConnectionMultiplexer? Cached => connection;

                public ConnectionMultiplexer Fresh => ConnectionMultiplexer.Connect("redis:6379");
            }
            """,
            editorConfig: null,
            references: Redis,
            System.Array.Empty<DiagnosticResult>());

    [Fact]
    public Task GetterOnALoopbackHostIsSilent()
        => Verify.VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using StackExchange.Redis;

            var builder = WebApplication.CreateBuilder(args);
            var app = builder.Build();
            var db = Local.Instance.GetDatabase();
            app.Run();

            public static class Local
            {
                public static ConnectionMultiplexer Instance => ConnectionMultiplexer.Connect("localhost:6379");
            }
            """,
            editorConfig: null,
            references: Redis,
            System.Array.Empty<DiagnosticResult>());

    [Fact]
    public Task GetterReadInStopAsyncIsShutdownIo()
        => Shutdown.VerifyAsync("""
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Hosting;
            using StackExchange.Redis;

            public sealed class Presence : IHostedService
            {
                public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

                public Task StopAsync(CancellationToken cancellationToken)
                {
                    var db = {|#0:Connection|}.GetDatabase();
                    return Task.CompletedTask;
                }

                private static ConnectionMultiplexer Connection => ConnectionMultiplexer.Connect("redis:6379");
            }
            """,
            editorConfig: null,
            references: Redis,
            Shutdown.Diagnostic("MESH031").WithLocation(0).WithArguments("'Presence.Connection' → 'ConnectionMultiplexer.Connect'", "in Presence.StopAsync"));

    // MESH033's own scan: a console program whose only outbound call is a getter that connects is a Job.
    [Fact]
    public Task JobWhoseOnlyIoIsAGetterNeverStopsTheSidecar()
        => Job.VerifyAsync("""
            using StackExchange.Redis;

            var db = Cache.Connection.GetDatabase();
            db.KeyDelete("catalog:prices");
            {|#0:System.Console.WriteLine("purged");|}

            public static class Cache
            {
                public static ConnectionMultiplexer Connection => ConnectionMultiplexer.Connect("redis-master.cache:6379");
            }
            """,
            editorConfig: null,
            references: Redis,
            Job.Diagnostic("MESH033").WithLocation(0).WithArguments("The last statement of Program.cs", string.Empty));

    [Fact]
    public Task JobWhoseGetterReadSitsInsideTheQuitsTryIsSilent()
        => Job.VerifyAsync("""
            using MeshReady;
            using StackExchange.Redis;

            try
            {
                var db = Cache.Connection.GetDatabase();
                db.KeyDelete("catalog:prices");
            }
            finally
            {
                await MeshProxy.QuitAsync();
            }

            public static class Cache
            {
                public static ConnectionMultiplexer Connection => ConnectionMultiplexer.Connect("redis-master.cache:6379");
            }
            """ + LifecycleStandIns.MeshProxy,
            editorConfig: null,
            references: Redis,
            System.Array.Empty<DiagnosticResult>());

    [Fact]
    public Task ConsoleToolReadingACachedFieldIsNoJob()
        => Job.VerifyAsync("""
            var settings = Settings.Current;
            System.Console.WriteLine(settings.Length);

            public static class Settings
            {
                private static readonly string current = System.Environment.GetEnvironmentVariable("SETTINGS") ?? string.Empty;

                public static string Current => current;
            }
            """);

    // A getter read outside the try is an exit the finally does not cover: the quit is not on every path.
    [Fact]
    public Task JobWhoseGetterReadIsOutsideTheTryIsReported()
        => Job.VerifyAsync("""
            using MeshReady;
            using StackExchange.Redis;

            var db = Cache.Connection.GetDatabase();
            try
            {
                db.KeyDelete("catalog:prices");
            }
            finally
            {
                await MeshProxy.QuitAsync();
            }

            {|#0:return;|}

            public static class Cache
            {
                public static ConnectionMultiplexer Connection => ConnectionMultiplexer.Connect("redis-master.cache:6379");
            }
            """ + LifecycleStandIns.MeshProxy,
            editorConfig: null,
            references: Redis,
            Job.Diagnostic("MESH033").WithLocation(0).WithArguments("The last statement of Program.cs", " on some exit path (an exception or an early return skips MeshProxy.QuitAsync)"));
}
