using System.Threading.Tasks;
using Xunit;
using static MeshReady.Analyzers.Tests.Lifecycle.LifecycleStandIns;
using Verify = MeshReady.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MeshReady.Analyzers.Lifecycle.StartupCallAnalyzer>;

namespace MeshReady.Analyzers.Tests.Lifecycle;

public class StartupCallAnalyzerTests
{
    // ---- Positive: outbound I/O on the start-up path with no earlier wait for the proxy ----

    [Fact]
    public Task MinimalApiMigratesBeforeRun()
        => Verify.VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.EntityFrameworkCore;
            using Microsoft.Extensions.DependencyInjection;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddDbContext<OrdersDb>();
            var app = builder.Build();

            using (var scope = app.Services.CreateScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<OrdersDb>();
                await {|MESH030:db.Database.MigrateAsync()|};
            }

            app.MapGet("/", () => "ok");
            app.Run();

            public sealed class OrdersDb : DbContext { }
            """ + EfCore, editorConfig: null, references: null);

    [Fact]
    public Task SeedingHelperIsReportedAtTheOutermostCallNamingTheInnerIo()
        => Verify.VerifyAsync("""
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.EntityFrameworkCore;
            using Microsoft.Extensions.DependencyInjection;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddDbContext<CatalogDb>();
            var app = builder.Build();
            await DbSeeder.SeedAsync(app);
            app.Run();

            public sealed class CatalogDb : DbContext { }

            public static class DbSeeder
            {
                public static async Task SeedAsync(WebApplication app)
                {
                    using var scope = app.Services.CreateScope();
                    var db = scope.ServiceProvider.GetRequiredService<CatalogDb>();
                    await db.Database.MigrateAsync();
                }
            }
            """ + EfCore,
            editorConfig: null,
            references: null,
            Verify.Diagnostic("MESH030").WithSpan(9, 7, 9, 30)
                .WithArguments("'DbSeeder.SeedAsync' → 'DatabaseFacade.MigrateAsync'", "at start-up in Program.cs", DeepLifecycleTests.CrashLoops));

    [Fact]
    public Task RedisConnectedEagerlyInProgram()
        => Verify.VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;
            using StackExchange.Redis;

            var builder = WebApplication.CreateBuilder(args);
            var redis = {|MESH030:ConnectionMultiplexer.Connect("redis-master.cache:6379")|};
            builder.Services.AddSingleton<IConnectionMultiplexer>(redis);
            var app = builder.Build();
            app.Run();
            """ + Redis);

    [Fact]
    public Task ClassicMainFetchesFeatureFlagsBeforeRun()
        => Verify.VerifyAsync("""
            using System.Net.Http;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Hosting;

            public static class Program
            {
                public static async Task Main(string[] args)
                {
                    using var http = new HttpClient();
                    var flags = await {|MESH030:http.GetStringAsync("http://feature-flags.platform/api/flags")|};
                    var host = Host.CreateDefaultBuilder(args).Build();
                    await host.RunAsync();
                }
            }
            """);

    [Fact]
    public Task HostedServiceStartAsyncOpensBrokerConnection()
        => Verify.VerifyAsync("""
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Hosting;
            using RabbitMQ.Client;

            public sealed class OrderEventsPublisher : IHostedService
            {
                private readonly ConnectionFactory _factory = new() { HostName = "rabbitmq.messaging" };
                private IConnection? _connection;

                public Task StartAsync(CancellationToken cancellationToken)
                {
                    _connection = {|MESH030:_factory.CreateConnection()|};
                    return Task.CompletedTask;
                }

                public Task StopAsync(CancellationToken cancellationToken)
                {
                    _connection?.Dispose();
                    return Task.CompletedTask;
                }
            }
            """ + RabbitMq);

    [Fact]
    public Task BackgroundServiceConnectsBeforeItsLoop()
        => Verify.VerifyAsync("""
            using System;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Hosting;
            using RabbitMQ.Client;

            public sealed class PaymentsConsumer : BackgroundService
            {
                private readonly ConnectionFactory _factory;
                public PaymentsConsumer(ConnectionFactory factory) => _factory = factory;

                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    using var connection = await {|MESH030:_factory.CreateConnectionAsync(stoppingToken)|};
                    while (!stoppingToken.IsCancellationRequested)
                    {
                        await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
                    }
                }
            }
            """ + RabbitMq);

    [Fact]
    public Task StartupClassConfigureMigrates()
        => Verify.VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.EntityFrameworkCore;
            using Microsoft.Extensions.DependencyInjection;

            public sealed class Startup
            {
                public void ConfigureServices(IServiceCollection services) => services.AddDbContext<BillingDb>();

                public void Configure(IApplicationBuilder app, BillingDb db)
                {
                    {|MESH030:db.Database.Migrate()|};
                    app.UseRouting();
                }
            }

            public sealed class BillingDb : DbContext { }
            """ + EfCore, editorConfig: null, references: null);

    [Fact]
    public Task StartupFilterWarmsCacheOverHttp()
        => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;

            public sealed class CatalogWarmupFilter : IStartupFilter
            {
                private readonly HttpClient _http;
                public CatalogWarmupFilter(HttpClient http) => _http = http;

                public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next)
                {
                    {|MESH030:_http.GetAsync("http://catalog/api/warmup")|}.GetAwaiter().GetResult();
                    return next;
                }
            }
            """);

    [Fact]
    public Task GenericHostMainProbesTcpDependency()
        => Verify.VerifyAsync("""
            using System.Net.Sockets;
            using Microsoft.Extensions.Hosting;

            public static class Program
            {
                public static void Main(string[] args)
                {
                    using (var probe = new TcpClient())
                    {
                        {|MESH030:probe.Connect("ledger.finance", 7000)|};
                    }

                    Host.CreateDefaultBuilder(args).Build().Run();
                }
            }
            """);

    [Fact]
    public Task AspireStyleServiceDefaultsThenSeederService()
        => Verify.VerifyAsync("""
            using System.Net.Http;
            using System.Net.Http.Json;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;

            var builder = WebApplication.CreateBuilder(args);
            builder.AddServiceDefaults();
            builder.Services.AddHttpClient<CatalogSeeder>();
            var app = builder.Build();
            app.MapDefaultEndpoints();
            await {|MESH030:app.Services.GetRequiredService<CatalogSeeder>().SeedAsync()|};
            await app.RunAsync();

            public sealed class CatalogSeeder(HttpClient http)
            {
                public async Task SeedAsync()
                {
                    await http.PostAsJsonAsync("http://catalog-api/api/items/seed", new { Count = 100 });
                }
            }

            public static class Extensions
            {
                public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder)
                {
                    builder.Services.AddHealthChecks();
                    return builder;
                }

                public static WebApplication MapDefaultEndpoints(this WebApplication app)
                {
                    app.MapHealthChecks("/health");
                    return app;
                }
            }
            """);

    [Fact]
    public Task GrpcCallAtStartup()
        => Verify.VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Pricing.V1;

            var builder = WebApplication.CreateBuilder(args);
            var app = builder.Build();
            var pricing = new PricingClient();
            var prices = await {|MESH030:pricing.GetPriceListAsync(new PriceListRequest())|};
            app.Run();
            """ + GrpcPricing);

    [Fact]
    public Task AsyncLambdaInSynchronousRetryIsNoMitigation()
        => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;
            using Microsoft.AspNetCore.Builder;
            using Polly;

            var app = WebApplication.Create(args);
            var http = new HttpClient();
            var retry = Policy.Handle<HttpRequestException>().WaitAndRetry(5, attempt => TimeSpan.FromSeconds(attempt));
            retry.Execute(async () => await {|#0:http.GetAsync("http://config-server/app/prod")|});
            app.Run();
            """,
            editorConfig: null,
            references: DeepLifecycleTests.PollyV7,
            Verify.Diagnostic("MESH030").WithLocation(0)
                .WithArguments("'Policy.Execute' → 'HttpClient.GetAsync'", "at start-up in Program.cs", DeepLifecycleTests.NeverStarts("Policy.Execute")));

    [Fact]
    public Task WaitAfterTheCallDoesNotGuardIt()
        => Verify.VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using MeshReady;
            using StackExchange.Redis;

            var app = WebApplication.Create(args);
            var redis = await {|MESH030:ConnectionMultiplexer.ConnectAsync("redis:6379")|};
            await MeshProxy.WaitUntilReadyAsync();
            app.Run();
            """ + Redis + MeshProxy);

    [Fact]
    public Task AddMeshReadinessDoesNotCoverCodeBeforeRun()
        => Verify.VerifyAsync("""
            using MeshReady;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;
            using StackExchange.Redis;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddMeshReadiness();
            var redis = {|MESH030:ConnectionMultiplexer.Connect("redis:6379")|};
            builder.Build().Run();
            """ + Redis + MeshProxy);

    [Fact]
    public Task UserListedRemoteConfigurationProvider()
        => Verify.VerifyAsync("""
            using Microsoft.AspNetCore.Builder;

            var builder = WebApplication.CreateBuilder(args);
            var settings = {|MESH030:Acme.Config.RemoteSettings.Load("http://settings/api")|};
            builder.Build().Run();

            namespace Acme.Config
            {
                public static class RemoteSettings
                {
                    public static string Load(string url) => url;
                }
            }
            """, editorConfig: "meshready.outbound_io = Acme.Config.RemoteSettings.Load", references: null);

    [Fact]
    public Task ConsoleJobCallsOutAtOnce()
        => Verify.VerifyAsync("""
            using System.Net.Http;

            using var http = new HttpClient();
            var report = await {|MESH030:http.GetStringAsync("http://reports.analytics/api/nightly")|};
            System.Console.WriteLine(report);
            """);

    // ---- Negative: realistic start-up code that must stay silent ----

    [Fact]
    public Task WaitingForTheProxyFirstSilences()
        => Verify.VerifyAsync("""
            using MeshReady;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.EntityFrameworkCore;
            using Microsoft.Extensions.DependencyInjection;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddDbContext<OrdersDb>();
            var app = builder.Build();
            await MeshProxy.WaitUntilReadyAsync();
            using (var scope = app.Services.CreateScope())
            {
                await scope.ServiceProvider.GetRequiredService<OrdersDb>().Database.MigrateAsync();
            }

            app.Run();

            public sealed class OrdersDb : DbContext { }
            """ + MeshProxy + EfCore, editorConfig: null, references: null);

    [Fact]
    public Task SeederThatWaitsFirstIsSilent()
        => Verify.VerifyAsync("""
            using System.Net.Http;
            using System.Threading.Tasks;
            using MeshReady;
            using Microsoft.AspNetCore.Builder;

            var app = WebApplication.Create(args);
            await Seeder.SeedAsync();
            app.Run();

            public static class Seeder
            {
                public static async Task SeedAsync()
                {
                    await MeshProxy.WaitUntilReadyAsync();
                    using var http = new HttpClient();
                    await http.PostAsync("http://catalog/api/seed", null);
                }
            }
            """ + MeshProxy);

    [Fact]
    public Task AddMeshReadinessCoversHostedServices()
        => Verify.VerifyAsync("""
            using System.Threading;
            using System.Threading.Tasks;
            using MeshReady;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;
            using RabbitMQ.Client;

            var builder = Host.CreateApplicationBuilder(args);
            builder.Services.AddMeshReadiness();
            builder.Services.AddHostedService<Publisher>();
            builder.Build().Run();

            public sealed class Publisher : IHostedService
            {
                private IConnection? _connection;
                public Task StartAsync(CancellationToken ct) { _connection = new ConnectionFactory { HostName = "rabbitmq" }.CreateConnection(); return Task.CompletedTask; }
                public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
            }
            """ + RabbitMq + MeshProxy);

    [Fact]
    public Task DependencyInjectionFactoriesAreLazy()
        => Verify.VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;
            using StackExchange.Redis;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddSingleton<IConnectionMultiplexer>(sp => ConnectionMultiplexer.Connect("redis:6379"));
            builder.Services.AddSingleton(sp => new RabbitMQ.Client.ConnectionFactory { HostName = "rabbitmq" }.CreateConnection());
            var app = builder.Build();
            app.Run();
            """ + Redis + RabbitMq);

    [Fact]
    public Task EndpointHandlersRunPerRequest()
        => Verify.VerifyAsync("""
            using System.Net.Http;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            using Microsoft.Extensions.DependencyInjection;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddHttpClient();
            var app = builder.Build();
            app.MapGet("/stock/{sku}", async (string sku, IHttpClientFactory factory) =>
                Results.Ok(await factory.CreateClient().GetStringAsync($"http://inventory/stock/{sku}")));
            app.Run();
            """);

    [Fact]
    public Task CodeAfterRunIsShutdownNotStartup()
        => Verify.VerifyAsync("""
            using System.Net.Http;
            using Microsoft.AspNetCore.Builder;

            var app = WebApplication.Create(args);
            await app.RunAsync();
            using var http = new HttpClient();
            await http.PostAsync("http://registry/api/deregister", null);
            """);

    [Fact]
    public Task LoopbackIsNotTheMesh()
        => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;
            using Microsoft.AspNetCore.Builder;
            using StackExchange.Redis;

            const string DaprMetadata = "http://localhost:3500/v1.0/metadata";
            var builder = WebApplication.CreateBuilder(args);
            using var dapr = new HttpClient { BaseAddress = new Uri("http://127.0.0.1:3500") };
            await dapr.GetStringAsync("/v1.0/healthz/outbound");
            await new HttpClient().GetStringAsync(DaprMetadata);
            var cache = ConnectionMultiplexer.Connect("localhost:6379,abortConnect=false");
            builder.Build().Run();
            """ + Redis);

    [Fact]
    public Task HelperCalledWithALoopbackClientIsNotTheMesh()
        => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;

            using var agent = new HttpClient { BaseAddress = new Uri("http://127.0.0.1:9464") };
            var up = await Probe.IsUpAsync(agent);
            Console.WriteLine(up);

            public static class Probe
            {
                public static async Task<bool> IsUpAsync(HttpClient localAgent)
                {
                    using var response = await localAgent.GetAsync("/");
                    return response.IsSuccessStatusCode;
                }
            }
            """);

    [Fact]
    public Task BackgroundServiceThatDelaysOrLoopsFirst()
        => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Hosting;

            public sealed class PriceSync(HttpClient http) : BackgroundService
            {
                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    await Task.Delay(TimeSpan.FromSeconds(10), stoppingToken);
                    await http.GetAsync("http://pricing/api/prices", stoppingToken);
                }
            }

            public sealed class Poller(HttpClient http) : BackgroundService
            {
                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1));
                    while (await timer.WaitForNextTickAsync(stoppingToken))
                    {
                        await http.GetAsync("http://pricing/api/prices", stoppingToken);
                    }
                }
            }
            """);

    [Fact]
    public Task LoopbackUrlBuiltByConcatenationIsNotTheMesh()
        => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;
            using Microsoft.AspNetCore.Builder;

            var builder = WebApplication.CreateBuilder(args);
            var daprPort = Environment.GetEnvironmentVariable("DAPR_HTTP_PORT") ?? "3500";
            using var http = new HttpClient();
            await http.GetAsync("http://localhost:" + daprPort + "/v1.0/healthz/outbound");
            await http.GetStringAsync($"http://127.0.0.1:{daprPort}/v1.0/metadata");
            using var sidecar = new HttpClient { BaseAddress = new Uri("http://localhost:" + daprPort) };
            await sidecar.PutAsync("/v1.0/metadata/release", new StringContent("2026.12"));
            builder.Build().Run();
            """);

    [Fact]
    public Task HelperHandedALoopbackAddressIsNotTheMesh()
        => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;

            const string Address = "https://localhost:5001";
            var client = new HttpClient();
            foreach (var planet in new[] { "Mercury", "Venus" })
            {
                await CreateLoad("http://localhost:5000/" + planet);
            }

            using var request = new HttpRequestMessage
            {
                Method = HttpMethod.Get,
                RequestUri = new Uri($"{Address}/generateJwtToken?name={Uri.EscapeDataString(Environment.UserName)}"),
            };
            using var response = await client.SendAsync(request);
            Console.WriteLine(response.StatusCode);

            async Task CreateLoad(string urlPrefix)
            {
                var response = await client.GetAsync(urlPrefix + "/0");
                Console.WriteLine(response.StatusCode);
            }
            """);

    [Fact]
    public Task HostBuiltAtRunTimeIsStillReported()
        => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;
            using Microsoft.AspNetCore.Builder;

            var builder = WebApplication.CreateBuilder(args);
            var config = Environment.GetEnvironmentVariable("CONFIG_HOST") ?? "config-server";
            using var http = new HttpClient();
            await {|MESH030:http.GetStringAsync("http://" + config + ":8888/app/prod")|};
            builder.Build().Run();
            """);

    [Fact]
    public Task ScheduledWorkerPublishesOnlyAfterItsScheduleElapsed()
        => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Hosting;

            public sealed class DailyReport(HttpClient http) : BackgroundService
            {
                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    await WaitUntilNextRunAsync(stoppingToken);
                    await http.PostAsync("http://reports/api/daily", null, stoppingToken);
                }

                private static async Task WaitUntilNextRunAsync(CancellationToken ct)
                {
                    var now = DateTime.UtcNow;
                    var next = now.Date.AddDays(1).AddHours(2);
                    await Task.Delay(next - now, ct).ConfigureAwait(false);
                }
            }

            public sealed class NightlyExport(HttpClient http) : BackgroundService
            {
                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    await Task.Delay(TimeSpan.FromHours(24), stoppingToken).ConfigureAwait(false);
                    await http.PostAsync("http://exports/api/nightly", null, stoppingToken);
                }
            }
            """);

    [Fact]
    public Task AsyncRetryPipelineIsAMitigation()
        => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;
            using Microsoft.AspNetCore.Builder;
            using Polly;

            var app = WebApplication.Create(args);
            var http = new HttpClient();
            var retry = Policy.Handle<HttpRequestException>().WaitAndRetryAsync(10, attempt => TimeSpan.FromSeconds(attempt));
            await retry.ExecuteAsync(async () => await http.GetAsync("http://config-server/app/prod"));
            app.Run();
            """, editorConfig: null, references: DeepLifecycleTests.PollyV7);

    [Fact]
    public Task OrdinaryServiceMethodsAndStopAsyncAreNotStartup()
        => Verify.VerifyAsync("""
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Hosting;

            public sealed class InventoryClient(HttpClient http)
            {
                public Task<string> GetAsync(string sku) => http.GetStringAsync($"http://inventory/stock/{sku}");
            }

            public sealed class Registration(HttpClient http) : IHostedService
            {
                public Task StartAsync(CancellationToken ct) => Task.CompletedTask;
                public Task StopAsync(CancellationToken ct) => http.PostAsync("http://registry/leave", null, ct);
            }
            """);

    [Theory]
    [InlineData("native_sidecar")]
    [InlineData("ambient")]
    [InlineData("none")]
    public Task DataPlanesWithoutTheRaceAreSilent(string dataPlane)
        => Verify.VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using StackExchange.Redis;

            var app = WebApplication.Create(args);
            var redis = ConnectionMultiplexer.Connect("redis:6379");
            app.Run();
            """ + Redis, editorConfig: "meshready.data_plane = " + dataPlane, references: null);

    [Fact]
    public Task InvalidOutboundIoEntryDoesNotStopAnalysis()
        => Verify.VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using StackExchange.Redis;

            var app = WebApplication.Create(args);
            var redis = {|MESH030:ConnectionMultiplexer.Connect("redis:6379")|};
            app.Run();
            """ + Redis, editorConfig: "meshready.outbound_io = not a name, Acme..Broken", references: null);

    [Fact]
    public Task HalfTypedCodeDoesNotCrash()
        => Verify.VerifyAsync("""
            using System.Net.Http;
            using Microsoft.AspNetCore.Builder;

            var app = WebApplication.Create(args);
            var http = new HttpClient();
            var response = await http.GetAsync("http://catalog/"
            await {|CS0103:Missing|}.SeedAsync(app){|CS1026:;|}
            app.Run();
            """,
            Microsoft.CodeAnalysis.Testing.DiagnosticResult.CompilerError("CS1003").WithSpan(6, 53, 6, 53).WithArguments(","));
}
