using System.Threading.Tasks;
using MeshReady.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Startup = MeshReady.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MeshReady.Analyzers.Lifecycle.StartupCallAnalyzer>;

namespace MeshReady.Analyzers.Tests.Lifecycle;

/// <summary>
/// <c>BackgroundService.StartAsync</c> runs <c>ExecuteAsync</c> until its first await that does not complete at once, so the
/// first iteration of a worker's <c>while (!stoppingToken.IsCancellationRequested)</c> loop starts while the host starts:
/// its I/O before the loop's first pause races the sidecar like I/O before the loop. microsoft/dotnet-podcasts (5ee8be2):
/// the updater worker queries its feeds (SQL Server) at the top of its loop and the ingestion worker receives from its
/// queue there; neither was reported, because the first pass ended at the first loop. A loop that pauses first, code
/// after the loop (it runs when the loop ends, at shutdown), and a loop that catches the failure and pauses before the
/// next round (a hand-written retry, here or in a helper: eShop's GracePeriodManagerService) stay silent.
/// </summary>
public class WorkerLoopFirstPassTests
{
    private static readonly ReferenceAssemblies SqlServer = TestReferences.WithPackages(
        ("Microsoft.EntityFrameworkCore.SqlServer", "8.0.30"), ("System.Formats.Asn1", "9.0.0"), ("Microsoft.Extensions.Hosting", "8.0.0"));

    private static readonly ReferenceAssemblies Npgsql = TestReferences.WithPackages(
        ("Npgsql", "8.0.5"), ("Microsoft.Extensions.Hosting", "8.0.0"));

    private static readonly ReferenceAssemblies Kafka = TestReferences.WithPackages(
        ("Confluent.Kafka", "2.16.0"), ("Microsoft.Extensions.Hosting", "8.0.0"));

    // dotnet-podcasts src/Services/Podcasts/Podcast.Updater.Worker (Program.cs, Worker.cs, PodcastUpdateHandler.cs), trimmed.
    private const string Updater = """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.EntityFrameworkCore;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;

        var host = Host.CreateDefaultBuilder(args)
            .ConfigureServices((hostContext, services) =>
            {
                services.AddHostedService<Worker>();
                services.AddDbContext<PodcastDbContext>(options => options.UseSqlServer("Server=sqldata;Database=Podcast", b => b.EnableRetryOnFailure(10, TimeSpan.FromSeconds(60), null)))
                    .AddTransient<IPodcastUpdateHandler, PodcastUpdateHandler>();
            })
            .Build();

        await host.RunAsync();

        public class Feed { public int Id { get; set; } public string Url { get; set; } = ""; }

        public class PodcastDbContext : DbContext
        {
            public PodcastDbContext(DbContextOptions<PodcastDbContext> options) : base(options) { }
            public DbSet<Feed> Feeds => Set<Feed>();
        }

        public interface IPodcastUpdateHandler { Task HandleUpdateAsync(CancellationToken cancellationToken); }

        public class PodcastUpdateHandler : IPodcastUpdateHandler
        {
            private readonly PodcastDbContext _podcastDbContext;
            public PodcastUpdateHandler(PodcastDbContext podcastDbContext) => _podcastDbContext = podcastDbContext;

            public async Task HandleUpdateAsync(CancellationToken cancellationToken)
            {
                var feeds = await _podcastDbContext.Feeds.ToListAsync(cancellationToken);
                foreach (var feed in feeds)
                {
                    Console.WriteLine(feed.Url);
                }
            }
        }

        internal sealed class Worker : BackgroundService
        {
            private readonly TimeSpan _delay = TimeSpan.FromHours(1);
            private readonly IServiceScopeFactory _services;

            public Worker(IServiceScopeFactory services) => _services = services;

            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                BODY
            }
        }
        """;

    private const string UpdaterLoop = """
        while (!stoppingToken.IsCancellationRequested)
                {
                    using (var scope = _services.CreateScope())
                    {
                        var handler = scope.ServiceProvider.GetRequiredService<IPodcastUpdateHandler>();
                        await CALL;
                    }

                    await Task.Delay(_delay, stoppingToken);
                }
        """;

    [Fact]
    public Task IoAtTheTopOfTheLoopIsReported()
        => Startup.VerifyAsync(
            Updater.Replace("BODY", UpdaterLoop.Replace("CALL", "{|MESH030:handler.HandleUpdateAsync(stoppingToken)|}")),
            editorConfig: null,
            SqlServer);

    [Fact]
    public Task LoopThatPausesFirstIsNotReported()
        => Startup.VerifyAsync(
            Updater.Replace("BODY", """
                while (!stoppingToken.IsCancellationRequested)
                        {
                            await Task.Delay(_delay, stoppingToken);
                            using var scope = _services.CreateScope();
                            await scope.ServiceProvider.GetRequiredService<IPodcastUpdateHandler>().HandleUpdateAsync(stoppingToken);
                        }
                """),
            editorConfig: null,
            SqlServer);

    [Fact]
    public Task IoAfterTheLoopIsNotStartUp()
        => Startup.VerifyAsync(
            Updater.Replace("BODY", """
                var queue = System.Threading.Channels.Channel.CreateUnbounded<int>();
                        while (!stoppingToken.IsCancellationRequested)
                        {
                            var id = await queue.Reader.ReadAsync(stoppingToken);
                            Console.WriteLine(id);
                        }

                        using var scope = _services.CreateScope();
                        await scope.ServiceProvider.GetRequiredService<IPodcastUpdateHandler>().HandleUpdateAsync(CancellationToken.None);
                """),
            editorConfig: null,
            SqlServer);

    [Fact]
    public Task LoopThatCatchesAndPausesIsARetry()
        => Startup.VerifyAsync(
            Updater.Replace("BODY", """
                while (!stoppingToken.IsCancellationRequested)
                        {
                            try
                            {
                                using var scope = _services.CreateScope();
                                await scope.ServiceProvider.GetRequiredService<IPodcastUpdateHandler>().HandleUpdateAsync(stoppingToken);
                            }
                            catch (Exception ex)
                            {
                                Console.WriteLine(ex.Message);
                            }

                            await Task.Delay(TimeSpan.FromSeconds(30), stoppingToken);
                        }
                """),
            editorConfig: null,
            SqlServer);

    // dotnet/eShop src/OrderProcessor/Services/GracePeriodManagerService.cs (5624ad5), trimmed: the query's failure is caught
    // and logged in the helper, and the loop tries again after its delay.
    [Fact]
    public Task LoopAroundAHelperThatCatchesIsARetry()
        => Startup.VerifyAsync("""
            using System;
            using System.Collections.Generic;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Hosting;
            using Npgsql;

            public class GracePeriodManagerService(NpgsqlDataSource dataSource) : BackgroundService
            {
                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    var delayTime = TimeSpan.FromSeconds(30);
                    while (!stoppingToken.IsCancellationRequested)
                    {
                        await CheckConfirmedGracePeriodOrders();
                        await Task.Delay(delayTime, stoppingToken);
                    }
                }

                private async Task CheckConfirmedGracePeriodOrders()
                {
                    var orderIds = await GetConfirmedGracePeriodOrders();
                    foreach (var orderId in orderIds)
                    {
                        Console.WriteLine(orderId);
                    }
                }

                private async ValueTask<List<int>> GetConfirmedGracePeriodOrders()
                {
                    try
                    {
                        using var conn = dataSource.CreateConnection();
                        using var command = conn.CreateCommand();
                        command.CommandText = "SELECT \"Id\" FROM ordering.orders";
                        List<int> ids = [];
                        await conn.OpenAsync();
                        using var reader = await command.ExecuteReaderAsync();
                        while (await reader.ReadAsync())
                        {
                            ids.Add(reader.GetInt32(0));
                        }

                        return ids;
                    }
                    catch (NpgsqlException exception)
                    {
                        Console.WriteLine(exception.Message);
                    }

                    return [];
                }
            }
            """,
            editorConfig: null,
            Npgsql);

    // A Kafka consumer's loop starts with Consume: librdkafka (re)connects in the background and reports an unreachable
    // broker to the error handler, so Consume waits instead of failing (open-telemetry/opentelemetry-demo's accounting
    // consumer without its Task.Yield).
    [Fact]
    public Task KafkaConsumeAtTheTopOfTheLoopIsNotReported()
        => Startup.VerifyAsync("""
            using System;
            using System.Threading;
            using System.Threading.Tasks;
            using Confluent.Kafka;
            using Microsoft.Extensions.Hosting;

            public class Consumer : BackgroundService
            {
                private readonly IConsumer<string, byte[]> _consumer;

                public Consumer()
                {
                    _consumer = new ConsumerBuilder<string, byte[]>(new ConsumerConfig { BootstrapServers = "kafka:9092", GroupId = "accounting" }).Build();
                    _consumer.Subscribe("orders");
                }

                protected override Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    while (!stoppingToken.IsCancellationRequested)
                    {
                        try
                        {
                            var consumeResult = _consumer.Consume(stoppingToken);
                            Console.WriteLine(consumeResult.Message.Key);
                        }
                        catch (ConsumeException e)
                        {
                            Console.WriteLine(e.Error.Reason);
                        }
                    }

                    return Task.CompletedTask;
                }
            }
            """,
            editorConfig: null,
            Kafka);
}
