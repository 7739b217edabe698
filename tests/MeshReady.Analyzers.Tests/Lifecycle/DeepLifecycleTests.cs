using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Xunit;
using static MeshReady.Analyzers.Tests.Lifecycle.LifecycleStandIns;
using Job = MeshReady.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MeshReady.Analyzers.Lifecycle.JobCompletionAnalyzer>;
using Shutdown = MeshReady.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MeshReady.Analyzers.Lifecycle.ShutdownIoAnalyzer>;
using Verify = MeshReady.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MeshReady.Analyzers.Lifecycle.StartupCallAnalyzer>;

namespace MeshReady.Analyzers.Tests.Lifecycle;

/// <summary>
/// Start-up, shutdown and Job analysis through calls of this compilation to any depth (within the budget):
/// helpers calling helpers, interface and virtual calls with implementations here, lambdas run at once by a
/// helper, blocking waits, and fire-and-forget retries.
/// </summary>
public class DeepLifecycleTests
{
    // Nothing along the chain catches it: the exception reaches the host, which fails to start; the process exits.
    internal const string CrashLoops = "the connection is refused or reset and start-up fails: the process exits and the pod restarts, and "
        + "crash-loops when it repeats; call "
        + "'await MeshProxy.WaitUntilReadyAsync()' first, or let the pod wait for the proxy (holdApplicationUntilProxyStarts, native sidecars)";

    // Only typed or filtered catches, or a referenced library's code, stand between it and the host: they may handle it.
    internal const string CrashLoopsUnlessHandled = "the connection is refused or reset and start-up fails unless a catch on the way that names an "
        + "exception type (or code in a referenced library, whose catches are not read) handles it: the process exits and the pod restarts, "
        + "and crash-loops when it repeats; call "
        + "'await MeshProxy.WaitUntilReadyAsync()' first, or let the pod wait for the proxy (holdApplicationUntilProxyStarts, native sidecars)";

    // Nothing in ExecuteAsync catches it: the host logs it and, by default (StopHost, .NET 6 on), stops; the pod restarts.
    internal const string EndsWorker = "the connection is refused or reset and the exception ends ExecuteAsync: the host logs it and stops "
        + "(BackgroundServiceExceptionBehavior.StopHost, the default since .NET 6), so the pod restarts, and crash-loops when it repeats; "
        + "with BackgroundServiceExceptionBehavior.Ignore it is only logged and the service runs on without this worker; call "
        + "'await MeshProxy.WaitUntilReadyAsync()' first, or let the pod wait for the proxy (holdApplicationUntilProxyStarts, native sidecars)";

    // Only a typed catch on the way may stop it before it ends ExecuteAsync.
    internal const string EndsWorkerUnlessHandled = "the connection is refused or reset and, unless a catch on the way that names an exception "
        + "type (or code in a referenced library, whose catches are not read) handles it, the exception ends ExecuteAsync: the host logs it "
        + "and stops (BackgroundServiceExceptionBehavior.StopHost, the default since .NET 6), so the pod restarts, and crash-loops when it "
        + "repeats; with BackgroundServiceExceptionBehavior.Ignore it is only logged and the service runs on without this worker; call "
        + "'await MeshProxy.WaitUntilReadyAsync()' first, or let the pod wait for the proxy (holdApplicationUntilProxyStarts, native sidecars)";

    // A catch-all around the call swallows the exception: start-up goes on without it, nothing restarts.
    internal const string RunsWithout = "the connection is refused or reset and the catch around it swallows the exception: start-up goes on and "
        + "the service runs without what this call sets up (no crash, no restart; only the logged error shows it); call "
        + "'await MeshProxy.WaitUntilReadyAsync()' first, or retry in the catch with a pause until it succeeds";

    internal static string NeverStarts(string execute)
        => "it runs in a lambda that returns a task the synchronous '" + execute + "' does not await, so the retry never sees the refused "
            + "connection and the failure is lost: what it starts silently never starts (no crash, no restart); await an "
            + "asynchronous retry ('ExecuteAsync') and call 'await MeshProxy.WaitUntilReadyAsync()' first";

    // An async lambda handed to an Action is async void: its exception is rethrown on the thread pool and ends the process.
    internal static string CrashesAsyncVoid(string receiver)
        => "it runs in an async void lambda that '" + receiver + "' cannot await, so no retry around it sees the refused "
            + "connection: the exception is rethrown on the thread pool, which ends the process (the pod restarts, and "
            + "crash-loops when it repeats); pass an async delegate ('Func<Task>') to an awaited asynchronous retry "
            + "('ExecuteAsync') and call 'await MeshProxy.WaitUntilReadyAsync()' first";

    internal static readonly Microsoft.CodeAnalysis.Testing.ReferenceAssemblies PollyV7 =
        Infrastructure.TestReferences.WithPackages(("Polly", "7.2.4"));

    internal static readonly Microsoft.CodeAnalysis.Testing.ReferenceAssemblies PollyV8 =
        Infrastructure.TestReferences.WithPackages(("Polly.Core", "8.4.2"));

    // ---- Positive: I/O more than one call deep ----

    [Fact]
    public Task TopLevelSetupReachesTheCacheThroughAPrivateHelper()
        => Verify.VerifyAsync("""
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;
            using StackExchange.Redis;

            var builder = WebApplication.CreateBuilder(args);
            await {|#0:CacheSetup.AddCacheAsync(builder.Services, builder.Configuration["Redis"] ?? "redis-master.cache:6379")|};
            var app = builder.Build();
            app.Run();

            public static class CacheSetup
            {
                public static async Task AddCacheAsync(IServiceCollection services, string configuration)
                {
                    var multiplexer = await ConnectAsync(configuration);
                    services.AddSingleton<IConnectionMultiplexer>(multiplexer);
                }

                private static Task<ConnectionMultiplexer> ConnectAsync(string configuration)
                    => ConnectionMultiplexer.ConnectAsync(configuration);
            }
            """ + Redis,
            editorConfig: null,
            references: null,
            Verify.Diagnostic("MESH030").WithLocation(0)
                .WithArguments("'CacheSetup.AddCacheAsync' → 'CacheSetup.ConnectAsync' → 'ConnectionMultiplexer.ConnectAsync'", "at start-up in Program.cs", CrashLoops));

    [Fact]
    public Task HostedServiceStartsTheBusThroughItsInterface()
        => Verify.VerifyAsync("""
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Hosting;
            using RabbitMQ.Client;

            public interface IEventBus
            {
                void StartConsuming();
            }

            public sealed class RabbitMqEventBus : IEventBus
            {
                private readonly IConnectionFactory _factory;
                private IConnection? _connection;

                public RabbitMqEventBus(IConnectionFactory factory) => _factory = factory;

                public void StartConsuming()
                {
                    _connection ??= Connect();
                }

                private IConnection Connect() => _factory.CreateConnection();
            }

            public sealed class IntegrationEventsWorker(IEventBus bus) : IHostedService
            {
                public Task StartAsync(CancellationToken cancellationToken)
                {
                    {|#0:bus.StartConsuming()|};
                    return Task.CompletedTask;
                }

                public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
            }
            """ + RabbitMq,
            editorConfig: null,
            references: null,
            Verify.Diagnostic("MESH030").WithLocation(0)
                .WithArguments(
                    "'IEventBus.StartConsuming' → 'RabbitMqEventBus.StartConsuming' → 'RabbitMqEventBus.Connect' → 'IConnectionFactory.CreateConnection'",
                    "at start-up in IntegrationEventsWorker.StartAsync",
                    CrashLoops));

    [Fact]
    public Task AbstractStartupStepOverriddenInTheCompilation()
        => Verify.VerifyAsync("""
            using System.Net.Http;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Builder;

            var app = WebApplication.Create(args);
            StartupStep step = new FeatureFlagsStep(new HttpClient());
            await {|MESH030:step.RunAsync()|};
            app.Run();

            public abstract class StartupStep
            {
                public abstract Task RunAsync();
            }

            public sealed class FeatureFlagsStep(HttpClient http) : StartupStep
            {
                public override async Task RunAsync() => await http.GetStringAsync("http://feature-flags.platform/api/flags");
            }
            """);

    [Fact]
    public Task BlockingWaitsInASynchronousMainAreFollowed()
        => Verify.VerifyAsync("""
            using Microsoft.EntityFrameworkCore;
            using Microsoft.Extensions.Hosting;

            public static class Program
            {
                public static void Main(string[] args)
                {
                    var host = Host.CreateDefaultBuilder(args).Build();
                    {|#0:Bootstrap.Run(new OrdersDb())|};
                    host.Run();
                }
            }

            public static class Bootstrap
            {
                public static void Run(OrdersDb db) => Migrations.Apply(db).Wait();
            }

            public static class Migrations
            {
                public static System.Threading.Tasks.Task Apply(OrdersDb db)
                {
                    ApplyPending(db.Database);
                    return System.Threading.Tasks.Task.CompletedTask;
                }

                private static void ApplyPending(Microsoft.EntityFrameworkCore.Infrastructure.DatabaseFacade database)
                    => database.MigrateAsync().GetAwaiter().GetResult();
            }

            public sealed class OrdersDb : DbContext { }
            """ + EfCore,
            editorConfig: null,
            references: null,
            Verify.Diagnostic("MESH030").WithLocation(0)
                .WithArguments("'Bootstrap.Run' → 'Migrations.Apply' → 'Migrations.ApplyPending' → 'DatabaseFacade.MigrateAsync'", "at start-up in Main", CrashLoops));

    [Fact]
    public Task AwaitedTaskRunIsFollowed()
        => Verify.VerifyAsync("""
            using System.Net.Http;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Builder;

            var app = WebApplication.Create(args);
            await Task.Run(() => {|MESH030:Warmup.LoadCatalog()|});
            app.Run();

            public static class Warmup
            {
                private static readonly HttpClient Http = new();

                public static string LoadCatalog() => Http.GetStringAsync("http://catalog.shop/api/items").Result;
            }
            """);

    [Fact]
    public Task LambdaHandedToALocalHelperThatRunsItAtOnce()
        => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Builder;

            var app = WebApplication.Create(args);
            var http = new HttpClient();
            await {|#0:Timed("config", async () => await http.GetStringAsync("http://config-server/app/prod"))|};
            app.Run();

            static async Task Timed(string name, Func<Task> step)
            {
                var started = DateTime.UtcNow;
                await step();
                Console.WriteLine($"{name} took {DateTime.UtcNow - started}");
            }
            """,
            editorConfig: null,
            references: null,
            Verify.Diagnostic("MESH030").WithLocation(0).WithArguments("'Timed' → 'HttpClient.GetStringAsync'", "at start-up in Program.cs", CrashLoops));

    [Fact]
    public Task MutualRecursionWithIoIsReportedOnce()
        => Verify.VerifyAsync("""
            using System.Net.Http;
            using Microsoft.AspNetCore.Builder;

            var app = WebApplication.Create(args);
            {|MESH030:Tree.Load(new HttpClient(), "root")|};
            app.Run();

            public static class Tree
            {
                public static void Load(HttpClient http, string node)
                {
                    foreach (var child in Children(http, node))
                    {
                        Load(http, child);
                    }
                }

                private static string[] Children(HttpClient http, string node)
                {
                    var text = http.GetStringAsync("http://taxonomy.catalog/api/nodes/" + node).Result;
                    if (text.Length == 0)
                    {
                        Load(http, node + "/default");
                    }

                    return text.Split(',');
                }
            }
            """);

    // ---- Fire-and-forget retries: not a mitigation, and the consumer silently never starts ----

    [Fact]
    public Task AsyncLambdaInPollyV7ExecuteSilentlyNeverStarts()
        => Verify.VerifyAsync("""
            using System;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Builder;
            using Polly;

            var app = WebApplication.Create(args);
            var consumer = new OrderConsumer();
            var retry = Policy.Handle<Exception>().WaitAndRetry(5, attempt => TimeSpan.FromSeconds(attempt));
            retry.Execute(async () => await {|#0:consumer.StartAsync()|});
            app.Run();

            public sealed class OrderConsumer
            {
                private readonly System.Net.Sockets.TcpClient _client = new();

                public async Task StartAsync() => await Connect();

                private Task Connect() => _client.ConnectAsync("rabbitmq.messaging", 5672);
            }
            """,
            editorConfig: null,
            references: PollyV7,
            Verify.Diagnostic("MESH030").WithLocation(0)
                .WithArguments("'Policy.Execute' → 'OrderConsumer.StartAsync' → 'OrderConsumer.Connect' → 'TcpClient.ConnectAsync'", "at start-up in Program.cs", NeverStarts("Policy.Execute")));

    [Fact]
    public Task AsyncLambdaInPollyV8ExecuteSilentlyNeverStarts()
        => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;
            using Microsoft.AspNetCore.Builder;
            using Polly;
            using Polly.Retry;

            var app = WebApplication.Create(args);
            var http = new HttpClient();
            var pipeline = new ResiliencePipelineBuilder()
                .AddRetry(new RetryStrategyOptions { MaxRetryAttempts = 5, Delay = TimeSpan.FromSeconds(2) })
                .Build();
            pipeline.Execute(async () => await {|#0:http.GetStringAsync("http://config-server/app/prod")|});
            app.Run();
            """,
            editorConfig: null,
            references: PollyV8,
            Verify.Diagnostic("MESH030").WithLocation(0)
                .WithArguments("'ResiliencePipeline.Execute' → 'HttpClient.GetStringAsync'", "at start-up in Program.cs", NeverStarts("ResiliencePipeline.Execute")));

    [Fact]
    public Task AwaitedPollyV8ExecuteAsyncIsAMitigation()
        => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;
            using Microsoft.AspNetCore.Builder;
            using Polly;
            using Polly.Retry;

            var app = WebApplication.Create(args);
            var http = new HttpClient();
            var pipeline = new ResiliencePipelineBuilder()
                .AddRetry(new RetryStrategyOptions { MaxRetryAttempts = 10, Delay = TimeSpan.FromSeconds(2) })
                .Build();
            var flags = await pipeline.ExecuteAsync(async ct => await http.GetStringAsync("http://config-server/app/prod", ct));
            app.Run();
            """, editorConfig: null, references: PollyV8);

    [Fact]
    public Task AsyncVoidLambdaInHandWrittenSynchronousRetryEndsTheProcess()
        => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;
            using System.Threading;
            using Microsoft.AspNetCore.Builder;

            var app = WebApplication.Create(args);
            var http = new HttpClient();
            {|#0:Retry.Run(async () => await http.GetStringAsync("http://config-server/app/prod"))|};
            app.Run();

            public static class Retry
            {
                public static void Run(Action action)
                {
                    for (var attempt = 1; ; attempt++)
                    {
                        try
                        {
                            action();
                            return;
                        }
                        catch (HttpRequestException) when (attempt < 5)
                        {
                            Thread.Sleep(TimeSpan.FromSeconds(2));
                        }
                    }
                }
            }
            """,
            editorConfig: null,
            references: null,
            Verify.Diagnostic("MESH030").WithLocation(0).WithArguments("'Retry.Run' → 'HttpClient.GetStringAsync'", "at start-up in Program.cs", CrashesAsyncVoid("Retry.Run")));

    // ---- Shutdown and Job through calls ----

    [Fact]
    public Task StopAsyncDeregistersThroughAnInterface()
        => Shutdown.VerifyAsync("""
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Hosting;

            public interface IServiceRegistry
            {
                Task DeregisterAsync(string id, CancellationToken ct);
            }

            public sealed class ConsulRegistry(HttpClient http) : IServiceRegistry
            {
                public Task DeregisterAsync(string id, CancellationToken ct) => Put("/v1/agent/service/deregister/" + id, ct);

                private Task Put(string path, CancellationToken ct) => http.PutAsync("http://consul.infra:8500" + path, null, ct);
            }

            public sealed class RegistrationService(IServiceRegistry registry) : IHostedService
            {
                public Task StartAsync(CancellationToken ct) => Task.CompletedTask;

                public async Task StopAsync(CancellationToken ct) => await {|#0:registry.DeregisterAsync("orders-1", ct)|};
            }
            """,
            editorConfig: null,
            references: null,
            Shutdown.Diagnostic("MESH031").WithLocation(0)
                .WithArguments("'IServiceRegistry.DeregisterAsync' → 'ConsulRegistry.DeregisterAsync' → 'ConsulRegistry.Put' → 'HttpClient.PutAsync'", "in RegistrationService.StopAsync"));

    [Fact]
    public Task JobWhoseWorkIsTwoCallsDownNeverStopsTheSidecar()
        => Job.VerifyAsync("""
            using System.Net.Http;
            using System.Threading.Tasks;

            await Exporter.RunAsync();
            {|MESH033:return 0;|}

            public static class Exporter
            {
                public static async Task RunAsync()
                {
                    using var http = new HttpClient();
                    await Upload(http);
                }

                private static Task Upload(HttpClient http) => http.PostAsync("http://exports.analytics/api/nightly", null);
            }
            """);

    [Fact]
    public Task JobThatQuitsThroughAHelperInFinallyIsSilent()
        => Job.VerifyAsync("""
            using System.Net.Http;
            using System.Threading.Tasks;
            using MeshReady;

            try
            {
                using var http = new HttpClient();
                await http.PostAsync("http://exports.analytics/api/nightly", null);
            }
            finally
            {
                await Sidecar.StopAsync();
            }

            public static class Sidecar
            {
                public static Task StopAsync() => Quit();

                private static Task Quit() => MeshProxy.QuitAsync();
            }
            """ + MeshProxy);

    // ---- Constructors and field initializers of hosted services: built before any hosted service starts ----

    internal static string BeforeAnyHostedService(string type, bool constructor = true)
        => (constructor ? "in the constructor of " : "in a field initializer of ") + type + ", which the host runs before it starts any hosted service";

    internal const string ConnectInStartInstead = "the connection is refused or reset and start-up fails (the process exits and the pod "
        + "restarts, and crash-loops when it repeats), and "
        + "AddMeshReadiness cannot wait before it; connect in StartAsync or ExecuteAsync instead, after "
        + "'await MeshProxy.WaitUntilReadyAsync()' or with AddMeshReadiness registered, or let the pod wait for the proxy "
        + "(holdApplicationUntilProxyStarts, native sidecars)";

    // A factory recorded in a referenced library: its catches are not read.
    internal const string ConnectInStartInsteadUnlessHandled = "the connection is refused or reset and start-up fails unless a catch on the way "
        + "that names an exception type (or code in a referenced library, whose catches are not read) handles it (the process exits and the "
        + "pod restarts, and crash-loops when it repeats), and "
        + "AddMeshReadiness cannot wait before it; connect in StartAsync or ExecuteAsync instead, after "
        + "'await MeshProxy.WaitUntilReadyAsync()' or with AddMeshReadiness registered, or let the pod wait for the proxy "
        + "(holdApplicationUntilProxyStarts, native sidecars)";

    [Fact]
    public Task PublisherConnectsInItsConstructorDespiteAddMeshReadiness()
        => Verify.VerifyAsync("""
            using System.Threading;
            using System.Threading.Tasks;
            using MeshReady;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;
            using RabbitMQ.Client;

            var builder = Host.CreateApplicationBuilder(args);
            builder.Services.AddMeshReadiness();
            builder.Services.AddSingleton<IConnectionFactory>(new ConnectionFactory { HostName = "rabbitmq.messaging" });
            builder.Services.AddHostedService<OrderEventsPublisher>();
            builder.Build().Run();

            public sealed class OrderEventsPublisher : BackgroundService
            {
                private readonly IConnection _connection;

                public OrderEventsPublisher(IConnectionFactory factory)
                {
                    _connection = {|#0:Connect(factory)|};
                }

                private static IConnection Connect(IConnectionFactory factory) => factory.CreateConnection();

                protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Delay(Timeout.Infinite, stoppingToken);
            }
            """ + MeshProxy + RabbitMq,
            editorConfig: null,
            references: null,
            Verify.Diagnostic("MESH030").WithLocation(0)
                .WithArguments("'OrderEventsPublisher.Connect' → 'IConnectionFactory.CreateConnection'", BeforeAnyHostedService("OrderEventsPublisher"), ConnectInStartInstead));

    [Fact]
    public Task HostedServiceFieldInitializerConnects()
        => Verify.VerifyAsync("""
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Hosting;
            using StackExchange.Redis;

            public sealed class PriceCacheWarmer : IHostedService
            {
                private readonly ConnectionMultiplexer _redis = {|#0:ConnectionMultiplexer.Connect("redis-master.cache:6379")|};

                public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

                public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
            }
            """ + Redis,
            editorConfig: null,
            references: null,
            Verify.Diagnostic("MESH030").WithLocation(0)
                .WithArguments("'ConnectionMultiplexer.Connect'", BeforeAnyHostedService("PriceCacheWarmer", constructor: false), ConnectInStartInstead));

    [Fact]
    public Task HostedServiceConstructorsThatOnlyPrepareAreSilent()
        => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Hosting;
            using RabbitMQ.Client;

            public sealed class OrderConsumer : BackgroundService
            {
                private readonly ConnectionFactory _factory;
                private readonly Lazy<IConnection> _connection;
                private readonly HttpClient _http = new() { BaseAddress = new Uri("http://inventory.shop") };

                public OrderConsumer()
                {
                    _factory = new ConnectionFactory { HostName = "rabbitmq.messaging" };
                    _connection = new Lazy<IConnection>(() => _factory.CreateConnection());
                }

                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    await Task.Delay(TimeSpan.FromSeconds(5), stoppingToken);
                    var connection = _connection.Value;
                }
            }

            // Not a hosted service: built when something first resolves it, not by the host at start-up.
            public sealed class InventoryGateway
            {
                private readonly IConnection _connection;

                public InventoryGateway(IConnectionFactory factory) => _connection = factory.CreateConnection();
            }
            """ + RabbitMq);

    // ---- Negative: deep chains that are fine ----

    [Fact]
    public Task DeepChainThatOnlyCallsAfterItsScheduleIsSilent()
        => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Hosting;

            public sealed class DailyReportPublisher(HttpClient http) : BackgroundService
            {
                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    await RunOnScheduleAsync(stoppingToken);
                }

                private async Task RunOnScheduleAsync(CancellationToken ct)
                {
                    await WaitForNextRunAsync(ct);
                    await PublishAsync(ct);
                }

                private static Task WaitForNextRunAsync(CancellationToken ct)
                {
                    var next = DateTime.UtcNow.Date.AddDays(1).AddHours(3);
                    return Delay(next - DateTime.UtcNow, ct);
                }

                private static async Task Delay(TimeSpan wait, CancellationToken ct) => await Task.Delay(wait, ct);

                private Task PublishAsync(CancellationToken ct) => http.PostAsync("http://reports.analytics/api/daily", null, ct);
            }
            """);

    [Fact]
    public Task DeepChainToALoopbackSidecarIsSilent()
        => Verify.VerifyAsync("""
            using System.Net.Http;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Builder;

            var app = WebApplication.Create(args);
            await Secrets.LoadAsync();
            app.Run();

            public static class Secrets
            {
                public static Task<string> LoadAsync() => DaprSecrets.GetAsync("db-password");
            }

            public static class DaprSecrets
            {
                private static readonly HttpClient Http = new();

                public static Task<string> GetAsync(string name) => Http.GetStringAsync("http://localhost:8080/internal/secrets/" + name);
            }
            """);

    [Fact]
    public Task ChainWithARealAwaitedRetryIsSilent()
        => Verify.VerifyAsync("""
            using System;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.EntityFrameworkCore;
            using Microsoft.Extensions.DependencyInjection;

            var app = WebApplication.Create(args);
            using var scope = app.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<OrdersDb>();
            await Resilience.RetryAsync(() => db.Database.MigrateAsync());
            app.Run();

            public sealed class OrdersDb : DbContext { }

            public static class Resilience
            {
                public static async Task RetryAsync(Func<Task> operation, int attempts = 10)
                {
                    for (var attempt = 1; ; attempt++)
                    {
                        try
                        {
                            await operation();
                            return;
                        }
                        catch (Exception) when (attempt < attempts)
                        {
                            await Task.Delay(TimeSpan.FromSeconds(attempt));
                        }
                    }
                }
            }
            """ + EfCore);

    [Fact]
    public Task ChainThatWaitsForTheProxyFirstIsSilent()
        => Verify.VerifyAsync("""
            using System.Threading.Tasks;
            using MeshReady;
            using Microsoft.AspNetCore.Builder;
            using StackExchange.Redis;

            var app = WebApplication.Create(args);
            await Infrastructure.StartAsync();
            app.Run();

            public static class Infrastructure
            {
                public static async Task StartAsync()
                {
                    await Mesh.ReadyAsync();
                    await ConnectionMultiplexer.ConnectAsync("redis-master.cache:6379");
                }
            }

            public static class Mesh
            {
                public static Task ReadyAsync() => MeshProxy.WaitUntilReadyAsync();
            }
            """ + MeshProxy + Redis);

    [Fact]
    public Task InterfaceWhoseOnlyImplementationStaysInProcessIsSilent()
        => Verify.VerifyAsync("""
            using System.Collections.Concurrent;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Hosting;

            public interface IEventBus
            {
                void StartConsuming();
            }

            public sealed class InMemoryEventBus : IEventBus
            {
                private readonly ConcurrentQueue<object> _queue = new();

                public void StartConsuming() => _queue.Clear();
            }

            public sealed class IntegrationEventsWorker(IEventBus bus) : IHostedService
            {
                public Task StartAsync(CancellationToken cancellationToken)
                {
                    bus.StartConsuming();
                    return Task.CompletedTask;
                }

                public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
            }
            """);

    [Fact]
    public Task LambdaAHelperOnlyStoresIsSilent()
        => Verify.VerifyAsync("""
            using System;
            using System.Collections.Generic;
            using System.Net.Http;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Builder;

            var app = WebApplication.Create(args);
            var http = new HttpClient();
            Warmups.Add(async () => await http.GetStringAsync("http://catalog.shop/api/items"));
            app.Run();

            public static class Warmups
            {
                private static readonly List<Func<Task>> Pending = new();

                public static void Add(Func<Task> warmup) => Pending.Add(warmup);
            }
            """);

    [Fact]
    public async Task DeepChainInATestProjectIsSilent()
    {
        var test = Verify.Create();
        test.TestCode = """
            using System.Threading.Tasks;
            using StackExchange.Redis;

            public sealed class CacheFixture
            {
                public static async Task Main() => await Setup();

                private static Task Setup() => Connect();

                private static Task<ConnectionMultiplexer> Connect() => ConnectionMultiplexer.ConnectAsync("redis-master.cache:6379");
            }
            """ + Redis;
        test.TestState.OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication;
        test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\nbuild_property.IsTestProject = true\n"));
        await test.RunAsync(CancellationToken.None);
    }

    // ---- Robustness: the budget, recursion, half-typed code ----

    [Fact]
    public Task ChainAtTheDepthBudgetIsReported()
        => Verify.VerifyAsync(Chain(8), editorConfig: null, references: null,
            Verify.Diagnostic("MESH030").WithLocation(0).WithArguments(
                string.Join(" → ", Enumerable.Range(1, 8).Select(i => "'Chain.Step" + i + "'")) + " → 'HttpClient.GetStringAsync'",
                "at start-up in Program.cs",
                CrashLoops));

    [Fact]
    public Task ChainBeyondTheDepthBudgetIsNotFollowed()
        => Verify.VerifyAsync(Chain(9).Replace("{|#0:", string.Empty).Replace("|};", ";"));

    [Fact]
    public Task RecursionWithoutIoEnds()
        => Verify.VerifyAsync("""
            using Microsoft.AspNetCore.Builder;

            var app = WebApplication.Create(args);
            Ping.A(100);
            app.Run();

            public static class Ping
            {
                public static int A(int n) => n <= 0 ? 0 : B(n - 1) + A(n - 2);

                private static int B(int n) => n <= 0 ? 0 : A(n - 1) + B(n - 1);
            }
            """);

    [Fact]
    public Task HalfTypedCalleeDoesNotCrash()
        => Verify.VerifyAsync("""
            using System.Net.Http;
            using Microsoft.AspNetCore.Builder;

            var app = WebApplication.Create(args);
            await Setup.RunAsync();
            app.Run();

            public static class Setup
            {
                public static async System.Threading.Tasks.Task RunAsync()
                {
                    await {|CS0103:Missing|}.ConnectAsync();
                    IBus bus = {|CS0103:Make|}();
                    bus.Start(o => o.ToString());
                }
            }

            public interface IBus { void Start(System.Action<object> a); }
            """);

    // Program.cs → Step1 → … → StepN, and StepN calls out.
    private static string Chain(int length)
    {
        var steps = new System.Text.StringBuilder();
        for (var i = 1; i < length; i++)
        {
            steps.AppendLine($"    public static string Step{i}(HttpClient http) => Step{i + 1}(http);");
        }

        steps.AppendLine($"    public static string Step{length}(HttpClient http) => http.GetStringAsync(\"http://catalog.shop/api/items\").Result;");
        return """
            using System.Net.Http;
            using Microsoft.AspNetCore.Builder;

            var app = WebApplication.Create(args);
            var catalog = {|#0:Chain.Step1(new HttpClient())|};
            app.Run();

            public static class Chain
            {
            """ + steps + "}\n";
    }
}
