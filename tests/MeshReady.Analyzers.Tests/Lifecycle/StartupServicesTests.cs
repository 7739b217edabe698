using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MeshReady.Analyzers.Lifecycle;
using MeshReady.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = MeshReady.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MeshReady.Analyzers.Lifecycle.StartupCallAnalyzer>;

namespace MeshReady.Analyzers.Tests.Lifecycle;

/// <summary>
/// The host resolves every hosted service before it starts the first, so what their constructors take is built then too:
/// the constructors of those services and the DI factories registered for them are start-up code (MESH030). A service
/// nobody built at start-up depends on is built later, on first resolve, and stays silent.
/// </summary>
public class StartupServicesTests
{
    private static readonly ReferenceAssemblies RabbitAndPolly = TestReferences.WithPackages(("RabbitMQ.Client", "7.2.2"), ("Polly", "7.2.4"));
    private static readonly ReferenceAssemblies Redis = TestReferences.WithPackages(("StackExchange.Redis", "2.8.16"));

    private static string BuiltFor(string registration, string hosted)
        => "in the factory " + registration + " registers, which the host runs to build " + hosted + " before it starts any hosted service";

    private static string ConstructorFor(string type, string hosted)
        => "in the constructor of " + type + ", which the host runs to build " + hosted + " before it starts any hosted service";

    // pitstop's TimeService (EdwinVW/pitstop c1991d9): the publisher connects in its constructor, through a Polly v7 retry
    // handed an async lambda, and a hosted service takes it; the factory lambda is the only place it is built.
    private const string PitstopPublisher = """

        public interface IMessagePublisher
        {
            Task PublishMessageAsync(string messageType, object message, string routingKey);
        }

        public sealed class RabbitMQMessagePublisher : IMessagePublisher
        {
            private readonly string _host;
            private readonly string _exchange;
            private IConnection _connection;
            private IChannel _channel;

            public RabbitMQMessagePublisher(string host, string exchange) : this(new List<string> { host }, exchange)
            {
            }

            public RabbitMQMessagePublisher(IEnumerable<string> hosts, string exchange)
            {
                _host = string.Join(",", hosts);
                _exchange = exchange;
                Connect();
            }

            public Task PublishMessageAsync(string messageType, object message, string routingKey)
                => Task.CompletedTask;

            private void Connect()
            {
                Policy
                    .Handle<Exception>()
                    .WaitAndRetry(9, r => TimeSpan.FromSeconds(5))
                    .Execute(async () =>
                    {
                        var factory = new ConnectionFactory { HostName = _host };
                        _connection = await factory.CreateConnectionAsync();
                        _channel = await _connection.CreateChannelAsync();
                        await _channel.ExchangeDeclareAsync(_exchange, "fanout", durable: true, autoDelete: false);
                    });
            }
        }
        """;

    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;
        using Polly;
        using RabbitMQ.Client;

        """;

    [Fact]
    public Task PublisherBuiltByAFactoryForAHostedServiceIsStartUp()
        => Verify.VerifyAsync(Usings + """
            IHost host = Host.CreateDefaultBuilder(args)
                .ConfigureServices((context, services) =>
                {
                    services.AddTransient<IMessagePublisher>(_ => {|#0:new RabbitMQMessagePublisher("rabbitmq", "Pitstop")|});
                    services.AddHostedService<TimeWorker>();
                })
                .Build();
            await host.RunAsync();

            public sealed class TimeWorker : IHostedService
            {
                private readonly IMessagePublisher _messagePublisher;

                public TimeWorker(IMessagePublisher messagePublisher) => _messagePublisher = messagePublisher;

                public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

                public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
            }
            """ + PitstopPublisher,
            editorConfig: null,
            references: RabbitAndPolly,
            Verify.Diagnostic("MESH030").WithLocation(0).WithArguments(
                "'new RabbitMQMessagePublisher' → 'RabbitMQMessagePublisher.Connect' → 'Policy.Execute' → 'ConnectionFactory.CreateConnectionAsync'",
                BuiltFor("AddTransient<IMessagePublisher>", "TimeWorker"),
                DeepLifecycleTests.NeverStarts("Policy.Execute")));

    [Fact]
    public Task PublisherFactoryNobodyBuildsAtStartUpIsSilent()
        => Verify.VerifyAsync(Usings + """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Mvc;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddControllers();
            builder.Services.AddTransient<IMessagePublisher>(_ => new RabbitMQMessagePublisher("rabbitmq", "Pitstop"));
            builder.Services.AddHostedService<TimeWorker>();
            var app = builder.Build();
            app.MapControllers();
            app.Run();

            // Built per request, long after the proxy is ready.
            [ApiController]
            [Route("customers")]
            public sealed class CustomersController(IMessagePublisher publisher) : ControllerBase
            {
                [HttpPost]
                public Task Register(string name) => publisher.PublishMessageAsync("CustomerRegistered", name, "");
            }

            // A hosted service that does not take the publisher.
            public sealed class TimeWorker : BackgroundService
            {
                protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Delay(Timeout.Infinite, stoppingToken);
            }
            """ + PitstopPublisher,
            editorConfig: null,
            references: RabbitAndPolly);

    [Fact]
    public Task ConnectingFactoriesInEveryRegistrationFormAreStartUpForAHostedService()
        => Verify.VerifyAsync("""
            using System;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.DependencyInjection.Extensions;
            using Microsoft.Extensions.Hosting;
            using StackExchange.Redis;

            var builder = Host.CreateApplicationBuilder(args);
            builder.Services.AddSingleton<IConnectionMultiplexer>(sp => {|#0:ConnectionMultiplexer.Connect("redis-master.cache:6379")|});
            builder.Services.TryAdd(ServiceDescriptor.Singleton<IDatabase>(_ => {|#1:ConnectionMultiplexer.Connect("redis-replica.cache:6379")|}.GetDatabase()));
            builder.Services.AddKeyedSingleton<IServer>("primary", {|#2:Connections.PrimaryServer|});
            builder.Services.AddHostedService<PriceCacheWarmer>();
            builder.Build().Run();

            public static class Connections
            {
                public static IServer PrimaryServer(IServiceProvider services, object? key)
                    => ConnectionMultiplexer.Connect("redis-master.cache:6379").GetServer("redis-master.cache", 6379);
            }

            public sealed class PriceCacheWarmer(IConnectionMultiplexer redis, IDatabase replica, [FromKeyedServices("primary")] IServer server) : BackgroundService
            {
                protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Delay(Timeout.Infinite, stoppingToken);
            }
            """,
            editorConfig: null,
            references: Redis,
            Verify.Diagnostic("MESH030").WithLocation(0)
                .WithArguments("'ConnectionMultiplexer.Connect'", BuiltFor("AddSingleton<IConnectionMultiplexer>", "PriceCacheWarmer"), DeepLifecycleTests.ConnectInStartInstead),
            Verify.Diagnostic("MESH030").WithLocation(1)
                .WithArguments("'ConnectionMultiplexer.Connect'", BuiltFor("ServiceDescriptor.Singleton<IDatabase>", "PriceCacheWarmer"), DeepLifecycleTests.ConnectInStartInstead),
            Verify.Diagnostic("MESH030").WithLocation(2)
                .WithArguments("'Connections.PrimaryServer' → 'ConnectionMultiplexer.Connect'", BuiltFor("AddKeyedSingleton<IServer>", "PriceCacheWarmer"), DeepLifecycleTests.ConnectInStartInstead));

    [Fact]
    public Task ImplementationAndTransitiveDependenciesOfAHostedServiceAreStartUp()
        => Verify.VerifyAsync("""
            using System;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;
            using StackExchange.Redis;

            var builder = Host.CreateApplicationBuilder(args);
            builder.Services.AddSingleton<IPriceCache, RedisPriceCache>();
            builder.Services.AddSingleton<IOrderEvents, OrderEvents>();
            builder.Services.AddSingleton<IConnectionMultiplexer>(sp => {|#1:ConnectionMultiplexer.Connect(sp.GetRequiredService<RedisSettings>().Endpoint)|});
            builder.Services.AddSingleton<RedisSettings>();
            builder.Services.AddHostedService(sp => new PriceWarmer(sp.GetRequiredService<IPriceCache>(), sp.GetRequiredService<IOrderEvents>()));
            builder.Build().Run();

            public sealed class RedisSettings
            {
                public string Endpoint { get; set; } = "redis-master.cache:6379";
            }

            public interface IPriceCache { }

            public sealed class RedisPriceCache : IPriceCache
            {
                private readonly IDatabase _db;

                public RedisPriceCache() => _db = {|#0:ConnectionMultiplexer.Connect("redis-master.cache:6379")|}.GetDatabase();
            }

            public interface IOrderEvents { }

            // Takes the multiplexer: the factory that connects it runs when the hosted service is built.
            public sealed class OrderEvents(IConnectionMultiplexer redis) : IOrderEvents
            {
            }

            public sealed class PriceWarmer(IPriceCache cache, IOrderEvents events) : BackgroundService
            {
                protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Delay(Timeout.Infinite, stoppingToken);
            }
            """,
            editorConfig: null,
            references: Redis,
            Verify.Diagnostic("MESH030").WithLocation(0)
                .WithArguments("'ConnectionMultiplexer.Connect'", ConstructorFor("RedisPriceCache", "PriceWarmer"), DeepLifecycleTests.ConnectInStartInstead),
            Verify.Diagnostic("MESH030").WithLocation(1)
                .WithArguments("'ConnectionMultiplexer.Connect'", BuiltFor("AddSingleton<IConnectionMultiplexer>", "PriceWarmer"), DeepLifecycleTests.ConnectInStartInstead));

    // AddSingleton(instance): Program.cs builds it before Run, and is reported there once (new T(…) goes into the constructor).
    [Fact]
    public Task InstanceRegistrationIsReportedOnceWhereItIsBuilt()
        => Verify.VerifyAsync("""
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;
            using StackExchange.Redis;

            var builder = Host.CreateApplicationBuilder(args);
            builder.Services.AddSingleton({|#0:new PricePublisher("redis-master.cache:6379")|});
            builder.Services.AddHostedService<PriceWarmer>();
            builder.Build().Run();

            public sealed class PricePublisher
            {
                private readonly ISubscriber _subscriber;

                public PricePublisher(string endpoint) => _subscriber = ConnectionMultiplexer.Connect(endpoint).GetSubscriber();
            }

            public sealed class PriceWarmer(PricePublisher publisher) : BackgroundService
            {
                protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Delay(Timeout.Infinite, stoppingToken);
            }
            """,
            editorConfig: null,
            references: Redis,
            Verify.Diagnostic("MESH030").WithLocation(0)
                .WithArguments("'new PricePublisher' → 'ConnectionMultiplexer.Connect'", "at start-up in Program.cs", DeepLifecycleTests.CrashLoops));

    [Fact]
    public Task ScopedStoreOnlyControllersTakeIsSilent()
        => Verify.VerifyAsync("""
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;
            using StackExchange.Redis;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddControllers();
            builder.Services.AddScoped<ICartStore>(_ => new RedisCartStore(ConnectionMultiplexer.Connect("redis-master.cache:6379")));
            builder.Services.AddScoped<IPriceCache, RedisPriceCache>();
            builder.Services.AddHostedService<CartCleanup>();
            var app = builder.Build();
            app.MapControllers();
            app.Run();

            public interface ICartStore { }

            public sealed class RedisCartStore(IConnectionMultiplexer redis) : ICartStore { }

            public interface IPriceCache { }

            public sealed class RedisPriceCache : IPriceCache
            {
                private readonly IDatabase _db = ConnectionMultiplexer.Connect("redis-master.cache:6379").GetDatabase();
            }

            [ApiController]
            [Route("cart")]
            public sealed class CartController(ICartStore carts, IPriceCache prices) : ControllerBase
            {
                [HttpGet]
                public string Get() => "ok";
            }

            // Its constructor takes neither store: it resolves a scope per pass, after start.
            public sealed class CartCleanup(IServiceScopeFactory scopes) : BackgroundService
            {
                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    while (!stoppingToken.IsCancellationRequested)
                    {
                        await Task.Delay(60_000, stoppingToken);
                        using var scope = scopes.CreateScope();
                        _ = scope.ServiceProvider.GetRequiredService<ICartStore>();
                    }
                }
            }
            """,
            editorConfig: null,
            references: Redis);

    [Fact]
    public Task FactoriesThatOnlyReadConfigurationOrDeferTheConnectionAreSilent()
        => Verify.VerifyAsync("""
            using System;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Configuration;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;
            using StackExchange.Redis;

            var builder = Host.CreateApplicationBuilder(args);
            builder.Services.AddSingleton<RedisOptions>(sp => new RedisOptions(sp.GetRequiredService<IConfiguration>()["Redis:Endpoint"] ?? "redis-master.cache:6379"));
            builder.Services.AddSingleton<Lazy<IConnectionMultiplexer>>(sp => new Lazy<IConnectionMultiplexer>(
                () => ConnectionMultiplexer.Connect(sp.GetRequiredService<RedisOptions>().Endpoint)));
            builder.Services.AddSingleton<IPriceCache>(sp => new PriceCache(sp.GetRequiredService<Lazy<IConnectionMultiplexer>>()));
            builder.Services.AddHostedService<PriceWarmer>();
            builder.Build().Run();

            public sealed class RedisOptions(string endpoint)
            {
                public string Endpoint { get; } = endpoint;
            }

            public interface IPriceCache { }

            // Keeps the Lazy: the connection opens on first use, in ExecuteAsync after its delay.
            public sealed class PriceCache(Lazy<IConnectionMultiplexer> redis) : IPriceCache
            {
                public IDatabase Db => redis.Value.GetDatabase();
            }

            public sealed class PriceWarmer(IPriceCache cache, RedisOptions options) : BackgroundService
            {
                protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Delay(Timeout.Infinite, stoppingToken);
            }
            """,
            editorConfig: null,
            references: Redis);

    // ---- Across projects: pitstop's Infrastructure.Messaging registers the publisher; TimeService's worker takes it ----

    private const string MessagingLibrary = """
        using System;
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Microsoft.Extensions.DependencyInjection;
        using Polly;
        using RabbitMQ.Client;

        namespace Pitstop.Infrastructure.Messaging;

        public static class ServiceCollectionExtensions
        {
            public static void UseRabbitMQMessagePublisher(this IServiceCollection services, string host)
                => services.AddTransient<IMessagePublisher>(_ => new RabbitMQMessagePublisher(host, "Pitstop"));

            // Only reads its settings: nothing to record.
            public static void UseRabbitMQSettings(this IServiceCollection services, string host)
                => services.AddSingleton<RabbitSettings>(_ => new RabbitSettings { Host = host });
        }

        public sealed class RabbitSettings
        {
            public string Host { get; set; } = "";
        }
        """ + PitstopPublisher;

    private const string TimeService = """
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;
        using Pitstop.Infrastructure.Messaging;

        IHost host = Host.CreateDefaultBuilder(args)
            .ConfigureServices((context, services) =>
            {
                {|#0:services.UseRabbitMQMessagePublisher("rabbitmq")|};
                services.UseRabbitMQSettings("rabbitmq");
                services.AddHostedService<TimeWorker>();
            })
            .Build();
        await host.RunAsync();

        public sealed class TimeWorker(IMessagePublisher publisher, RabbitSettings settings) : IHostedService
        {
            public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

            public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        }
        """;

    [Fact]
    public async Task AFactoryALibraryRegistersIsStartUpForTheApplicationsHostedService()
    {
        var library = await CrossAssemblyLifecycleTests.LibraryAsync(MessagingLibrary, RabbitAndPolly);

        await RunWithLibraryAsync(TimeService, library,
            Verify.Diagnostic("MESH030").WithLocation(0).WithArguments(
                "'new RabbitMQMessagePublisher' → 'RabbitMQMessagePublisher.Connect' → 'Policy.Execute' → 'ConnectionFactory.CreateConnectionAsync'",
                "in the factory AddTransient<IMessagePublisher> registers in ServiceCollectionExtensions.UseRabbitMQMessagePublisher, "
                    + "which the host runs to build TimeWorker before it starts any hosted service",
                DeepLifecycleTests.NeverStarts("Policy.Execute")));
    }

    [Fact]
    public async Task ALibraryFactoryNoHostedServiceTakesIsSilent()
    {
        var library = await CrossAssemblyLifecycleTests.LibraryAsync(MessagingLibrary, RabbitAndPolly);

        await RunWithLibraryAsync(
            TimeService.Replace("{|#0:", string.Empty).Replace("|};", ";").Replace("IMessagePublisher publisher, ", string.Empty), library);
    }

    [Fact]
    public async Task ALibraryRecordsOnlyItsFactoriesThatDoIo()
    {
        var reference = await CrossAssemblyLifecycleTests.LibraryAsync(MessagingLibrary, RabbitAndPolly);
        var compilation = Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create("Reader", references: (await TestReferences.ResolveAsync(RabbitAndPolly)).Add(reference));
        var assembly = (IAssemblySymbol)compilation.GetAssemblyOrModuleSymbol(reference)!;
        var values = assembly.GetAttributes()
            .Where(a => a.AttributeClass?.Name == "AssemblyMetadataAttribute" && (string?)a.ConstructorArguments[0].Value == ExternalFactories.Key)
            .Select(a => (string)a.ConstructorArguments[1].Value!)
            .ToList();

        var value = Assert.Single(values);
        Assert.Equal(
            "M:Pitstop.Infrastructure.Messaging.ServiceCollectionExtensions.UseRabbitMQMessagePublisher(Microsoft.Extensions.DependencyInjection.IServiceCollection,System.String)"
                + "|T:Pitstop.Infrastructure.Messaging.IMessagePublisher|AddTransient<IMessagePublisher>"
                + "|'new RabbitMQMessagePublisher' → 'RabbitMQMessagePublisher.Connect' → 'Policy.Execute' → 'ConnectionFactory.CreateConnectionAsync'|Policy.Execute",
            value);
        Assert.NotNull(ExternalFactories.Parse(value));
        Assert.Null(ExternalFactories.Parse("M:A.B|io||"));
    }

    [Fact]
    public async Task ALibraryBuiltWithoutMeshReadyRecordsNoFactories()
    {
        var library = await CrossAssemblyLifecycleTests.LibraryAsync(MessagingLibrary, RabbitAndPolly, realBuild: false);

        await RunWithLibraryAsync(TimeService.Replace("{|#0:", string.Empty).Replace("|};", ";"), library);
    }

    private static async Task RunWithLibraryAsync(string source, MetadataReference library, params DiagnosticResult[] expected)
    {
        var test = AnalyzerVerifier<MeshReady.Analyzers.Lifecycle.StartupCallAnalyzer>.Create(RabbitAndPolly);
        test.TestCode = source;
        test.TestState.AdditionalReferences.Add(library);
        MeshTestSettings.ApplyOutputKind(test.TestState, source);
        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync(CancellationToken.None);
    }
}
