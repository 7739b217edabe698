using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using MeshReady.Analyzers.Lifecycle;
using MeshReady.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Job = MeshReady.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MeshReady.Analyzers.Lifecycle.JobCompletionAnalyzer>;
using Shutdown = MeshReady.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MeshReady.Analyzers.Lifecycle.ShutdownIoAnalyzer>;
using Verify = MeshReady.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MeshReady.Analyzers.Lifecycle.StartupCallAnalyzer>;

namespace MeshReady.Analyzers.Tests.Lifecycle;

/// <summary>
/// Library methods that run a delegate at once (the DelegateRunners catalogue): lambdas and method groups handed to
/// <c>List&lt;T&gt;.ForEach</c>, <c>Parallel.ForEachAsync</c>, EF Core's execution strategy and Polly run as the caller's
/// code, named in the chain. A retry (Polly, a retrying EF strategy) covers them at start-up (MESH030) but not at
/// shutdown (MESH031) nor in a Job (MESH033). Deferred registrations (DI factories, <c>Lazy&lt;T&gt;</c>) stay unfollowed.
/// </summary>
public class DelegateRunnerTests
{
    private static readonly ReferenceAssemblies Ef = TestReferences.WithPackages(("Microsoft.EntityFrameworkCore.Relational", "8.0.30"));

    private static readonly ReferenceAssemblies Npgsql = TestReferences.WithPackages(
        ("Npgsql.EntityFrameworkCore.PostgreSQL", "8.0.11"), ("Npgsql", "8.0.7"), ("Microsoft.EntityFrameworkCore.Relational", "8.0.30"),
        ("Microsoft.EntityFrameworkCore", "8.0.30"), ("Microsoft.EntityFrameworkCore.Abstractions", "8.0.30"));

    private static readonly ReferenceAssemblies Redis = TestReferences.WithPackages(("StackExchange.Redis", "2.8.16"));

    // ---- Lambdas handed to runners that are no retry: reported at start-up, named with the runner ----

    [Fact]
    public Task ListForEachWarmingCachesAtStartUpIsReported()
        => Verify.VerifyAsync("""
            using System.Collections.Generic;
            using System.Net.Http;
            using Microsoft.AspNetCore.Builder;

            var builder = WebApplication.CreateBuilder(args);
            var app = builder.Build();
            var http = new HttpClient();
            var catalogs = new List<string> { "http://catalog.shop/api/brands", "http://catalog.shop/api/types" };
            catalogs.ForEach(url => {|#0:http.GetStringAsync(url)|}.Wait());
            app.Run();
            """,
            Verify.Diagnostic("MESH030").WithLocation(0)
                .WithArguments("'List.ForEach' → 'HttpClient.GetStringAsync'", "at start-up in Program.cs", DeepLifecycleTests.CrashLoops));

    [Fact]
    public Task AwaitedParallelForEachAsyncInStartAsyncIsReported()
        => Verify.VerifyAsync("""
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Hosting;

            public sealed class RegionPrefetcher(HttpClient http) : IHostedService
            {
                private static readonly string[] Regions = { "eu-west", "us-east" };

                public async Task StartAsync(CancellationToken cancellationToken)
                    => await Parallel.ForEachAsync(Regions, cancellationToken, async (region, ct) =>
                        await {|#0:http.GetStringAsync("http://pricing.shop/api/regions/" + region, ct)|});

                public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
            }
            """,
            Verify.Diagnostic("MESH030").WithLocation(0)
                .WithArguments("'Parallel.ForEachAsync' → 'HttpClient.GetStringAsync'", "at start-up in RegionPrefetcher.StartAsync", DeepLifecycleTests.CrashLoops));

    // An async lambda handed to List<T>.ForEach's Action<T> is async void: its exception ends the process.
    [Fact]
    public Task AsyncLambdaInListForEachIsAsyncVoid()
        => Verify.VerifyAsync("""
            using System.Collections.Generic;
            using System.Net.Http;
            using Microsoft.AspNetCore.Builder;

            var app = WebApplication.Create(args);
            var http = new HttpClient();
            new List<string> { "orders", "payments" }.ForEach(async topic => await {|#0:http.PutAsync("http://schema-registry.platform/subjects/" + topic, null)|});
            app.Run();
            """,
            Verify.Diagnostic("MESH030").WithLocation(0)
                .WithArguments("'List.ForEach' → 'HttpClient.PutAsync'", "at start-up in Program.cs",
                    "it runs in an async void lambda that 'List.ForEach' cannot await: the exception is rethrown on the thread pool, "
                    + "which ends the process (the pod restarts, and crash-loops when it repeats); await each call in a foreach loop "
                    + "(or await Parallel.ForEachAsync) and call 'await MeshProxy.WaitUntilReadyAsync()' first"));

    // ---- Method groups handed to runners ----

    [Fact]
    public Task MigrateAsyncHandedAsAMethodGroupToTheStrategyIsReported()
        => Verify.VerifyAsync("""
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.EntityFrameworkCore;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;

            public sealed class ApiDbInitializer(System.IServiceProvider serviceProvider) : BackgroundService
            {
                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    using var scope = serviceProvider.CreateScope();
                    var db = scope.ServiceProvider.GetRequiredService<TicketContext>();
                    var strategy = db.Database.CreateExecutionStrategy();
                    await {|#0:strategy.ExecuteAsync(db.Database.MigrateAsync, stoppingToken)|};
                }
            }

            public sealed class TicketContext(DbContextOptions<TicketContext> options) : DbContext(options);
            """,
            editorConfig: null,
            references: Ef,
            Verify.Diagnostic("MESH030").WithLocation(0)
                .WithArguments("'IExecutionStrategy.ExecuteAsync' → 'DatabaseFacade.MigrateAsync'", "in the first pass of ApiDbInitializer.ExecuteAsync", DeepLifecycleTests.EndsWorker));

    [Fact]
    public Task SeederCalledInTheStrategyLambdaIsFollowedAndAQuietMethodGroupIsSilent()
        => Verify.VerifyAsync("""
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.EntityFrameworkCore;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;

            public sealed class CatalogSeeder(System.IServiceProvider serviceProvider) : BackgroundService
            {
                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    using var scope = serviceProvider.CreateScope();
                    var db = scope.ServiceProvider.GetRequiredService<CatalogContext>();
                    await db.Database.CreateExecutionStrategy().ExecuteAsync(Reindex);
                    await db.Database.CreateExecutionStrategy().ExecuteAsync(() => {|#0:SeedAsync(db)|});
                }

                private static async Task SeedAsync(CatalogContext db)
                {
                    db.Brands.Add(new Brand { Name = "Contoso" });
                    await db.SaveChangesAsync();
                }

                private static Task Reindex() => Task.CompletedTask;
            }

            public sealed class Brand
            {
                public int Id { get; set; }

                public string Name { get; set; } = string.Empty;
            }

            public sealed class CatalogContext(DbContextOptions<CatalogContext> options) : DbContext(options)
            {
                public DbSet<Brand> Brands => Set<Brand>();
            }
            """,
            editorConfig: null,
            references: Ef,
            Verify.Diagnostic("MESH030").WithLocation(0)
                .WithArguments("'IExecutionStrategy.ExecuteAsync' → 'CatalogSeeder.SeedAsync' → 'DbContext.SaveChangesAsync'", "in the first pass of CatalogSeeder.ExecuteAsync", DeepLifecycleTests.EndsWorker));

    [Fact]
    public Task SourceMethodGroupHandedToTheStrategyIsNamedAfterTheRunner()
        => Verify.VerifyAsync("""
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.EntityFrameworkCore;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;

            public sealed class CatalogSeeder(System.IServiceProvider serviceProvider) : BackgroundService
            {
                private CatalogContext? db;

                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    using var scope = serviceProvider.CreateScope();
                    db = scope.ServiceProvider.GetRequiredService<CatalogContext>();
                    await {|#0:db.Database.CreateExecutionStrategy().ExecuteAsync(SeedAsync)|};
                }

                private async Task SeedAsync()
                {
                    await db!.Database.EnsureCreatedAsync();
                }
            }

            public sealed class CatalogContext(DbContextOptions<CatalogContext> options) : DbContext(options);
            """,
            editorConfig: null,
            references: Ef,
            Verify.Diagnostic("MESH030").WithLocation(0)
                .WithArguments("'IExecutionStrategy.ExecuteAsync' → 'CatalogSeeder.SeedAsync' → 'DatabaseFacade.EnsureCreatedAsync'", "in the first pass of CatalogSeeder.ExecuteAsync", DeepLifecycleTests.EndsWorker));

    // ---- Retries: a mitigation at start-up only ----

    [Fact]
    public Task PollyRetryOfAMethodGroupCoversStartUp()
        => Verify.VerifyAsync("""
            using System;
            using System.Net.Sockets;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Hosting;
            using Polly;

            public sealed class PriceFeed : IHostedService
            {
                private readonly TcpClient client = new();

                public Task StartAsync(CancellationToken cancellationToken)
                    => Policy.Handle<SocketException>()
                        .WaitAndRetryAsync(10, attempt => TimeSpan.FromSeconds(attempt))
                        .ExecuteAsync(ConnectAsync);

                public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

                private Task ConnectAsync() => client.ConnectAsync("price-feed.market", 7000);
            }
            """, editorConfig: null, references: DeepLifecycleTests.PollyV7);

    [Fact]
    public Task PollyRetryAtShutdownIsStillShutdownIo()
        => Shutdown.VerifyAsync("""
            using System;
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Hosting;
            using Polly;

            public sealed class OutboxPublisher(HttpClient http) : IHostedService
            {
                public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

                public async Task StopAsync(CancellationToken cancellationToken)
                {
                    var retry = Policy.Handle<HttpRequestException>().WaitAndRetryAsync(3, attempt => TimeSpan.FromSeconds(attempt));
                    await retry.ExecuteAsync(() => {|#0:http.PostAsync("http://outbox.orders/api/flush", null, cancellationToken)|});
                    await {|#1:retry.ExecuteAsync(DeregisterAsync)|};
                }

                private async Task DeregisterAsync()
                {
                    await http.DeleteAsync("http://registry.platform/api/instances/orders-1");
                }
            }
            """,
            editorConfig: null,
            references: DeepLifecycleTests.PollyV7,
            Shutdown.Diagnostic("MESH031").WithLocation(0).WithArguments("'AsyncPolicy.ExecuteAsync' → 'HttpClient.PostAsync'", "in OutboxPublisher.StopAsync"),
            Shutdown.Diagnostic("MESH031").WithLocation(1).WithArguments("'AsyncPolicy.ExecuteAsync' → 'OutboxPublisher.DeregisterAsync' → 'HttpClient.DeleteAsync'", "in OutboxPublisher.StopAsync"));

    // A helper's summary keeps the I/O under a retrying EF strategy: covered at start-up, reported at shutdown.
    private const string RetryingContext = """
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.EntityFrameworkCore;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;

        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddDbContext<LeaseContext>(o => o.UseNpgsql("Host=db", npgsql => npgsql.EnableRetryOnFailure()));
        builder.Services.AddHostedService<LeaseKeeper>();
        var app = builder.Build();
        app.Run();

        public sealed class LeaseKeeper(LeaseContext db) : IHostedService
        {
            public Task StartAsync(CancellationToken cancellationToken) => Leases.WriteAsync(db, taken: true);

            public Task StopAsync(CancellationToken cancellationToken) => {|#0:Leases.WriteAsync(db, taken: false)|};
        }

        public static class Leases
        {
            public static Task WriteAsync(LeaseContext db, bool taken)
                => db.Database.CreateExecutionStrategy().ExecuteAsync(() => db.Database.ExecuteSqlAsync($"UPDATE leases SET taken = {taken}"));
        }

        public sealed class LeaseContext(DbContextOptions<LeaseContext> options) : DbContext(options);
        """;

    [Fact]
    public Task RetryingStrategyInAHelperCoversStartUp()
        => Verify.VerifyAsync(RetryingContext.Replace("{|#0:", string.Empty).Replace("|};", ";"), editorConfig: null, references: Npgsql);

    [Fact]
    public Task RetryingStrategyInAHelperIsStillShutdownIo()
        => Shutdown.VerifyAsync(
            RetryingContext,
            editorConfig: null,
            references: Npgsql,
            Shutdown.Diagnostic("MESH031").WithLocation(0)
                .WithArguments("'Leases.WriteAsync' → 'IExecutionStrategy.ExecuteAsync' → 'DatabaseFacade.ExecuteSqlAsync'", "in LeaseKeeper.StopAsync"));

    [Fact]
    public Task JobWhoseOnlyIoIsInsideAPollyRetryNeverStopsTheSidecar()
        => Job.VerifyAsync("""
            using System;
            using System.Net.Http;
            using Polly;

            using var http = new HttpClient();
            var retry = Policy.Handle<HttpRequestException>().WaitAndRetryAsync(5, attempt => TimeSpan.FromSeconds(attempt));
            await retry.ExecuteAsync(() => http.PostAsync("http://billing.finance/api/close-month", null));
            {|#0:Console.WriteLine("month closed");|}
            """,
            editorConfig: null,
            references: DeepLifecycleTests.PollyV7,
            Job.Diagnostic("MESH033").WithLocation(0).WithArguments("The last statement of Program.cs", string.Empty));

    // ---- Deferred: registrations run later or never ----

    [Fact]
    public Task FactoriesRegisteredInsideAForEachAreNotRunAtStartUp()
        => Verify.VerifyAsync("""
            using System;
            using System.Collections.Generic;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;
            using StackExchange.Redis;

            var builder = WebApplication.CreateBuilder(args);
            new List<string> { "sessions", "carts" }.ForEach(name =>
                builder.Services.AddKeyedSingleton<IConnectionMultiplexer>(name, (sp, key) => ConnectionMultiplexer.Connect(name + ".cache:6379")));
            var primary = new Lazy<ConnectionMultiplexer>(() => ConnectionMultiplexer.Connect("redis-master.cache:6379"));
            builder.Services.AddSingleton(sp => primary.Value);
            var app = builder.Build();
            app.MapGet("/ping", () => primary.Value.GetDatabase().Ping());
            app.Run();
            """, editorConfig: null, references: Redis);

    // ---- The catalogue's page ----

    /// <summary>docs/outbound-io.md holds the runners' table exactly as the catalogue renders it.</summary>
    [Fact]
    public void DocsPageListsTheRunners()
    {
        var page = File.ReadAllText(Path.Combine(Repository.Root, "docs", "outbound-io.md")).Replace("\r\n", "\n");
        var table = RenderTable();
        Assert.True(page.Contains(table, StringComparison.Ordinal), "docs/outbound-io.md must contain this table (regenerate it):\n" + table);
    }

    [Fact]
    public void NoTypeListsAMethodTwice()
    {
        var duplicates = DelegateRunners.Entries.SelectMany(e => e.Methods.Select(m => e.Type + "." + m)).GroupBy(k => k).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(duplicates.Count == 0, "Listed twice: " + string.Join(", ", duplicates));
    }

    internal static string RenderTable()
    {
        var text = new StringBuilder();
        text.Append("| Library | Type | Methods | Runs the delegate | A retry (start-up only) |\n|---|---|---|---|---|\n");
        foreach (var entry in DelegateRunners.Entries)
        {
            var type = entry.Type.Replace("`1", "<T>");
            var methods = string.Join(", ", entry.Methods.Select(m => "`" + m + "`"));
            var timing = entry.Timing switch
            {
                RunnerTiming.Synchronous => "before it returns",
                RunnerTiming.Task => "in the task it returns",
                RunnerTiming.HostBuild => "while the host is built, before `Run`",
                _ => "at once, on the thread pool",
            };
            var retry = entry.Retry switch
            {
                RunnerRetry.Pipeline => "yes",
                RunnerRetry.EfStrategy => "where the strategy retries a refused connection",
                _ => "no",
            };
            text.Append("| ").Append(entry.Library).Append(" | `").Append(type).Append("` | ").Append(methods).Append(" | ").Append(timing).Append(" | ").Append(retry).Append(" |\n");
        }

        return text.ToString();
    }
}
