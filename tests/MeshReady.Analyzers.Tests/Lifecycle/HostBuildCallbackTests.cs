using System.Threading.Tasks;
using MeshReady.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using static MeshReady.Analyzers.Tests.Lifecycle.LifecycleStandIns;
using Shutdown = MeshReady.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MeshReady.Analyzers.Lifecycle.ShutdownIoAnalyzer>;
using Verify = MeshReady.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MeshReady.Analyzers.Lifecycle.StartupCallAnalyzer>;
using VerifyFix = MeshReady.Analyzers.Tests.Infrastructure.CodeFixVerifier<MeshReady.Analyzers.Lifecycle.StartupCallAnalyzer, MeshReady.CodeFixes.Lifecycle.WaitForProxyCodeFix>;

namespace MeshReady.Analyzers.Tests.Lifecycle;

/// <summary>
/// The generic host's configuration callbacks (<c>IHostBuilder.ConfigureServices((context, services) =&gt; …)</c>,
/// <c>ConfigureAppConfiguration</c>, <c>builder.Host.ConfigureServices</c>, <c>webBuilder.ConfigureServices</c>) run while the
/// host is built, before <c>Run</c>: their I/O is start-up I/O (dotnet-podcasts' ingestion worker creates its queue there).
/// The DI factories registered inside them still run later, on first resolve.
/// </summary>
public class HostBuildCallbackTests
{
    private static readonly ReferenceAssemblies Queues = TestReferences.WithPackages(("Azure.Storage.Queues", "12.24.0"));

    private static readonly ReferenceAssemblies Redis = TestReferences.WithPackages(("StackExchange.Redis", "2.8.16"));

    // microsoft/dotnet-podcasts 5ee8be2, src/Services/Podcasts/Podcast.Ingestion.Worker/Program.cs, as written there.
    [Fact]
    public Task QueueCreatedInConfigureServicesIsReported()
        => Verify.VerifyAsync("""
            using System;
            using Azure.Storage.Queues;
            using Microsoft.Extensions.Configuration;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;

            var host = Host.CreateDefaultBuilder(args)
                .ConfigureServices((hostContext, services) =>
                {
                    var feedQueueClient = new QueueClient(hostContext.Configuration.GetConnectionString("FeedQueue"), "feed-queue");
                    {|#0:feedQueueClient.CreateIfNotExists()|};
                    services.AddSingleton(feedQueueClient);
                })
                .Build();

            await host.RunAsync();
            """,
            editorConfig: null,
            references: Queues,
            Verify.Diagnostic("MESH030").WithLocation(0)
                .WithArguments("'IHostBuilder.ConfigureServices' → 'QueueClient.CreateIfNotExists'", "at start-up in Program.cs", DeepLifecycleTests.CrashLoops));

    // The classic Program.Main + CreateHostBuilder shape: Build() and Run() chained on the builder a helper returns. The helper's
    // callback runs in Build(), before Run: the report sits on the call in Main, with the chain.
    [Fact]
    public Task ConnectInCreateHostBuildersCallbackIsReportedAtTheCallInMain()
        => Verify.VerifyAsync("""
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;
            using StackExchange.Redis;

            public static class Program
            {
                public static void Main(string[] args) => {|#0:CreateHostBuilder(args)|}.Build().Run();

                public static IHostBuilder CreateHostBuilder(string[] args) =>
                    Host.CreateDefaultBuilder(args)
                        .ConfigureServices(services =>
                        {
                            services.AddSingleton<IConnectionMultiplexer>(ConnectionMultiplexer.Connect("sessions-redis.cache:6379"));
                            services.AddHostedService<SessionSweeper>();
                        });
            }

            public sealed class SessionSweeper : BackgroundService
            {
                protected override System.Threading.Tasks.Task ExecuteAsync(System.Threading.CancellationToken stoppingToken) => System.Threading.Tasks.Task.CompletedTask;
            }
            """,
            editorConfig: null,
            references: Redis,
            Verify.Diagnostic("MESH030").WithLocation(0)
                .WithArguments("'Program.CreateHostBuilder' → 'IHostBuilder.ConfigureServices' → 'ConnectionMultiplexer.Connect'", "at start-up in Main", DeepLifecycleTests.CrashLoops));

    // WebApplicationBuilder.Host runs its callbacks at once, before Build().
    [Fact]
    public Task ConnectInBuilderHostConfigureServicesIsReported()
        => Verify.VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;
            using StackExchange.Redis;

            var builder = WebApplication.CreateBuilder(args);
            builder.Host.ConfigureServices((context, services) =>
                services.AddSingleton<IConnectionMultiplexer>({|#0:ConnectionMultiplexer.Connect(context.Configuration["Redis"]!)|}));
            var app = builder.Build();
            app.MapGet("/", () => "ok");
            app.Run();
            """,
            editorConfig: null,
            references: Redis,
            Verify.Diagnostic("MESH030").WithLocation(0)
                .WithArguments("'ConfigureHostBuilder.ConfigureServices' → 'ConnectionMultiplexer.Connect'", "at start-up in Program.cs", DeepLifecycleTests.CrashLoops));

    // Inside ConfigureWebHostDefaults (run at once) a webBuilder.ConfigureServices callback runs at Build() too.
    [Fact]
    public Task ConnectInWebHostDefaultsConfigureServicesIsReported()
        => Verify.VerifyAsync("""
            using Microsoft.AspNetCore.Hosting;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;
            using StackExchange.Redis;

            Host.CreateDefaultBuilder(args)
                .ConfigureWebHostDefaults(webBuilder =>
                {
                    webBuilder.ConfigureServices(services =>
                        services.AddSingleton<IConnectionMultiplexer>({|#0:ConnectionMultiplexer.Connect("basket-redis:6379")|}));
                    webBuilder.Configure(app => { });
                })
                .Build()
                .Run();
            """,
            editorConfig: null,
            references: Redis,
            Verify.Diagnostic("MESH030").WithLocation(0)
                .WithArguments("'IWebHostBuilder.ConfigureServices' → 'ConnectionMultiplexer.Connect'", "at start-up in Program.cs", DeepLifecycleTests.CrashLoops));

    // ---- Negative: what runs later, or stays in the pod ----

    // A DI factory registered in the callback runs on first resolve (an endpoint here), not while the host is built.
    [Fact]
    public Task FactoryRegisteredInConfigureServicesIsNotStartUp()
        => Verify.VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;
            using StackExchange.Redis;

            var builder = WebApplication.CreateBuilder(args);
            builder.Host.ConfigureServices((context, services) =>
            {
                services.AddSingleton<IConnectionMultiplexer>(sp => ConnectionMultiplexer.Connect(context.Configuration["Redis"]!));
                services.AddHealthChecks();
            });
            var app = builder.Build();
            app.MapGet("/ping", (IConnectionMultiplexer redis) => redis.GetDatabase().Ping());
            app.Run();
            """, editorConfig: null, references: Redis);

    // Callbacks that only register services and read configuration do no I/O.
    [Fact]
    public Task RegistrationOnlyCallbacksAreSilent()
        => Verify.VerifyAsync("""
            using Azure.Storage.Queues;
            using Microsoft.Extensions.Configuration;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;

            var host = Host.CreateDefaultBuilder(args)
                .ConfigureAppConfiguration((context, config) => config.AddJsonFile("feeds.json", optional: true))
                .ConfigureServices((hostContext, services) =>
                {
                    services.AddSingleton(new QueueClient(hostContext.Configuration.GetConnectionString("FeedQueue"), "feed-queue"));
                    services.AddHttpClient();
                })
                .Build();

            await host.RunAsync();
            """, editorConfig: null, references: Queues);

    // The same chained shape at shutdown: the callback runs before Run, so it is no shutdown code (MESH031 silent).
    [Fact]
    public Task CallbackOfAChainedRunIsNotShutdownCode()
        => Shutdown.VerifyAsync("""
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;
            using StackExchange.Redis;

            Host.CreateDefaultBuilder(args)
                .ConfigureServices(services => services.AddSingleton<IConnectionMultiplexer>(ConnectionMultiplexer.Connect("basket-redis:6379")))
                .Build()
                .Run();
            """, editorConfig: null, references: Redis);

    // Half-typed code in the callback: no crash, no report.
    [Fact]
    public Task HalfTypedCallbackDoesNotCrash()
        => Verify.VerifyAsync("""
            using System.Threading.Tasks;
            using Microsoft.Extensions.Hosting;

            public static class Program
            {
                public static async Task Main(string[] args)
                {
                    var host = Host.CreateDefaultBuilder(args)
                        .ConfigureServices((hostContext, services) =>
                        {
                            services.{|CS1001:|}{|CS1002:|}
                        })
                        .Build();
                    await host.RunAsync();
                }
            }
            """);

    // ---- The fix: the wait goes before the statement that builds the host, not inside the synchronous callback ----

    [Fact]
    public Task FixInsertsTheWaitBeforeTheBuilderStatement()
        => VerifyFix.VerifyFixAsync(
            """
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;
            using StackExchange.Redis;

            var environment = System.Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT");
            var host = Host.CreateDefaultBuilder(args)
                .ConfigureServices((context, services) =>
                {
                    var redis = {|MESH030:ConnectionMultiplexer.Connect("redis:6379")|};
                    services.AddSingleton<IConnectionMultiplexer>(redis);
                })
                .Build();
            await host.RunAsync();
            """ + LifecycleStandIns.Redis + MeshProxy,
            """
            using MeshReady;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;
            using StackExchange.Redis;

            var environment = System.Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT");
            await MeshProxy.WaitUntilReadyAsync();
            var host = Host.CreateDefaultBuilder(args)
                .ConfigureServices((context, services) =>
                {
                    var redis = ConnectionMultiplexer.Connect("redis:6379");
                    services.AddSingleton<IConnectionMultiplexer>(redis);
                })
                .Build();
            await host.RunAsync();
            """ + LifecycleStandIns.Redis + MeshProxy);
}
