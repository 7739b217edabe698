using System.Threading.Tasks;
using MeshReady.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using static MeshReady.Analyzers.Tests.Lifecycle.LifecycleStandIns;
using Shutdown = MeshReady.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MeshReady.Analyzers.Lifecycle.ShutdownIoAnalyzer>;
using Verify = MeshReady.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MeshReady.Analyzers.Lifecycle.StartupCallAnalyzer>;

namespace MeshReady.Analyzers.Tests.Lifecycle;

/// <summary>
/// Code that runs other code at once: <c>Task.Factory.StartNew</c> (lambdas and method groups), unawaited
/// <c>Task.Run</c> (fire-and-forget: the message says so), EF Core's execution strategy (its operation lambda, named in
/// the chain), and the <c>finally</c> of a <c>BackgroundService.ExecuteAsync</c> that runs when <c>stoppingToken</c> fires.
/// </summary>
public class FollowedRunnersTests
{
    private static readonly ReferenceAssemblies Ef = TestReferences.WithPackages(("Microsoft.EntityFrameworkCore.Relational", "8.0.30"));
    private static readonly ReferenceAssemblies RabbitV7 = TestReferences.WithPackages(("RabbitMQ.Client", "7.2.2"));
    private static readonly ReferenceAssemblies Kafka = TestReferences.WithPackages(("Confluent.Kafka", "2.16.0"));

    internal static string TaskNeverStarts(string start)
        => "it runs in a task that '" + start + "' starts and nobody awaits, so a refused connection ends in an unobserved "
            + "task exception and the failure is lost: what it starts silently never starts (no crash, no restart); await the task"
            + (start == "TaskFactory.StartNew" ? " (an async lambda under StartNew returns its inner task: use Task.Run or Unwrap())" : string.Empty)
            + " and call 'await MeshProxy.WaitUntilReadyAsync()' first";

    // ---- Task.Factory.StartNew ----

    [Fact]
    public Task LongRunningStartNewInExecuteAsyncIsFollowed()
        => Verify.VerifyAsync("""
            using System.Net.Sockets;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Hosting;

            public sealed class PriceFeedWorker : BackgroundService
            {
                protected override Task ExecuteAsync(CancellationToken stoppingToken)
                    => Task.Factory.StartNew(() => {|#0:Run(stoppingToken)|}, stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

                private void Run(CancellationToken stoppingToken)
                {
                    using var feed = new TcpClient();
                    feed.Connect("price-feed.market", 7000);
                    var stream = feed.GetStream();
                    while (!stoppingToken.IsCancellationRequested)
                    {
                        stream.ReadByte();
                    }
                }
            }
            """,
            editorConfig: null,
            references: null,
            Verify.Diagnostic("MESH030").WithLocation(0)
                .WithArguments("'PriceFeedWorker.Run' → 'TcpClient.Connect'", "in the first pass of PriceFeedWorker.ExecuteAsync", DeepLifecycleTests.EndsWorker));

    [Fact]
    public Task AwaitedStartNewOfAMethodGroupIsFollowed()
        => Verify.VerifyAsync("""
            using System.Net.Http;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Builder;

            var app = WebApplication.Create(args);
            await {|#0:Task.Factory.StartNew(CatalogCache.Warm, TaskCreationOptions.LongRunning)|};
            app.Run();

            public static class CatalogCache
            {
                private static readonly HttpClient Http = new();

                public static void Warm() => Http.GetStringAsync("http://catalog.shop/api/items").Wait();
            }
            """,
            editorConfig: null,
            references: null,
            Verify.Diagnostic("MESH030").WithLocation(0)
                .WithArguments("'TaskFactory.StartNew' → 'CatalogCache.Warm' → 'HttpClient.GetStringAsync'", "at start-up in Program.cs", DeepLifecycleTests.CrashLoops));

    [Fact]
    public Task StartNewOfAnAsyncLambdaIsFireAndForgetUnlessUnwrapped()
        => Verify.VerifyAsync("""
            using System.Net.Http;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Builder;

            var app = WebApplication.Create(args);
            using var http = new HttpClient();
            await Task.Factory.StartNew(async () => await {|#0:http.GetStringAsync("http://feature-flags.platform/api/flags")|});
            app.Run();
            """,
            editorConfig: null,
            references: null,
            Verify.Diagnostic("MESH030").WithLocation(0)
                .WithArguments("'HttpClient.GetStringAsync'", "at start-up in Program.cs", TaskNeverStarts("TaskFactory.StartNew")));

    [Fact]
    public Task UnwrappedStartNewIsAwaitedAndFailsStartUp()
        => Verify.VerifyAsync("""
            using System.Net.Http;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Builder;

            var app = WebApplication.Create(args);
            using var http = new HttpClient();
            await Task.Factory.StartNew(async () => await {|#0:http.GetStringAsync("http://feature-flags.platform/api/flags")|}).Unwrap();
            app.Run();
            """,
            editorConfig: null,
            references: null,
            Verify.Diagnostic("MESH030").WithLocation(0)
                .WithArguments("'HttpClient.GetStringAsync'", "at start-up in Program.cs", DeepLifecycleTests.CrashLoops));

    [Fact]
    public Task StartNewAfterTheProxyWaitIsSilent()
        => Verify.VerifyAsync("""
            using System.Net.Http;
            using System.Threading.Tasks;
            using MeshReady;
            using Microsoft.AspNetCore.Builder;

            var app = WebApplication.Create(args);
            await MeshProxy.WaitUntilReadyAsync();
            await Task.Factory.StartNew(CatalogCache.Warm, TaskCreationOptions.LongRunning);
            app.Run();

            public static class CatalogCache
            {
                private static readonly HttpClient Http = new();

                public static void Warm() => Http.GetStringAsync("http://catalog.shop/api/items").Wait();
            }
            """ + MeshProxy);

    // ---- Unawaited Task.Run: fire-and-forget, not a crash loop ----

    [Fact]
    public Task UnawaitedTaskRunInStartAsyncSaysTheConsumerSilentlyNeverStarts()
        => Verify.VerifyAsync("""
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Hosting;
            using RabbitMQ.Client;

            public sealed class OrderEventsSubscriber(IConnectionFactory factory) : IHostedService
            {
                private IConnection? _connection;

                public Task StartAsync(CancellationToken cancellationToken)
                {
                    _ = Task.Run(async () =>
                    {
                        _connection = await {|#0:factory.CreateConnectionAsync(cancellationToken)|};
                    }, cancellationToken);
                    return Task.CompletedTask;
                }

                public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
            }
            """,
            editorConfig: null,
            references: RabbitV7,
            Verify.Diagnostic("MESH030").WithLocation(0)
                .WithArguments("'IConnectionFactory.CreateConnectionAsync'", "at start-up in OrderEventsSubscriber.StartAsync", TaskNeverStarts("Task.Run")));

    [Fact]
    public Task UnawaitedTaskRunOfAHelperSaysSoThroughTheChain()
        => Verify.VerifyAsync("""
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Builder;
            using StackExchange.Redis;

            var app = WebApplication.Create(args);
            Task.Run(() => {|#0:Cache.Prime("redis-master.cache:6379")|});
            app.Run();

            public static class Cache
            {
                public static void Prime(string configuration)
                {
                    var redis = ConnectionMultiplexer.Connect(configuration);
                }
            }
            """ + Redis,
            editorConfig: null,
            references: null,
            Verify.Diagnostic("MESH030").WithLocation(0)
                .WithArguments("'Cache.Prime' → 'ConnectionMultiplexer.Connect'", "at start-up in Program.cs", TaskNeverStarts("Task.Run")));

    [Fact]
    public Task TaskRunStoredAndAwaitedLaterIsNotFireAndForget()
        => Verify.VerifyAsync("""
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Builder;
            using StackExchange.Redis;

            var app = WebApplication.Create(args);
            var priming = Task.Run(() => {|#0:Cache.Prime("redis-master.cache:6379")|});
            await priming;
            app.Run();

            public static class Cache
            {
                public static void Prime(string configuration)
                {
                    var redis = ConnectionMultiplexer.Connect(configuration);
                }
            }
            """ + Redis,
            editorConfig: null,
            references: null,
            Verify.Diagnostic("MESH030").WithLocation(0)
                .WithArguments("'Cache.Prime' → 'ConnectionMultiplexer.Connect'", "at start-up in Program.cs", DeepLifecycleTests.CrashLoops));

    // ---- EF Core execution strategy ----

    [Fact]
    public Task MigrationInsideTheExecutionStrategyIsFollowedThroughTheSeederHelper()
        => Verify.VerifyAsync("""
            using System;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.EntityFrameworkCore;
            using Microsoft.Extensions.DependencyInjection;

            var builder = WebApplication.CreateBuilder(args);
            var app = builder.Build();
            await {|#0:app.Services.MigrateDbContextAsync<CatalogContext>((context, services) => Task.CompletedTask)|};
            app.Run();

            public static class MigrateDbContextExtensions
            {
                public static async Task MigrateDbContextAsync<TContext>(this IServiceProvider services, Func<TContext, IServiceProvider, Task> seeder)
                    where TContext : DbContext
                {
                    using var scope = services.CreateScope();
                    var scopeServices = scope.ServiceProvider;
                    var context = scopeServices.GetRequiredService<TContext>();
                    var strategy = context.Database.CreateExecutionStrategy();
                    await strategy.ExecuteAsync(() => InvokeSeeder(seeder, context, scopeServices));
                }

                private static async Task InvokeSeeder<TContext>(Func<TContext, IServiceProvider, Task> seeder, TContext context, IServiceProvider services)
                    where TContext : DbContext
                {
                    await context.Database.MigrateAsync();
                    await seeder(context, services);
                }
            }

            public sealed class CatalogContext(DbContextOptions<CatalogContext> options) : DbContext(options);
            """,
            editorConfig: null,
            references: Ef,
            Verify.Diagnostic("MESH030").WithLocation(0)
                .WithArguments(
                    "'MigrateDbContextExtensions.MigrateDbContextAsync' → 'IExecutionStrategy.ExecuteAsync' → 'MigrateDbContextExtensions.InvokeSeeder' → 'DatabaseFacade.MigrateAsync'",
                    "at start-up in Program.cs",
                    DeepLifecycleTests.CrashLoops));

    [Fact]
    public Task MigrationInTheStrategyLambdaOfABackgroundInitializerIsNamedWithTheStrategy()
        => Verify.VerifyAsync("""
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.EntityFrameworkCore;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;

            public sealed class ApiDbInitializer(System.IServiceProvider serviceProvider) : BackgroundService
            {
                protected override async Task ExecuteAsync(CancellationToken cancellationToken)
                {
                    using var scope = serviceProvider.CreateScope();
                    var dbContext = scope.ServiceProvider.GetRequiredService<TicketContext>();
                    var strategy = dbContext.Database.CreateExecutionStrategy();
                    await strategy.ExecuteAsync(async () =>
                    {
                        await {|#0:dbContext.Database.MigrateAsync(cancellationToken)|};
                    });
                }
            }

            public sealed class TicketContext(DbContextOptions<TicketContext> options) : DbContext(options);
            """,
            editorConfig: null,
            references: Ef,
            Verify.Diagnostic("MESH030").WithLocation(0)
                .WithArguments("'IExecutionStrategy.ExecuteAsync' → 'DatabaseFacade.MigrateAsync'", "in the first pass of ApiDbInitializer.ExecuteAsync", DeepLifecycleTests.EndsWorker));

    [Fact]
    public Task ExecutionStrategyAfterTheProxyWaitIsSilent()
        => Verify.VerifyAsync("""
            using System.Threading;
            using System.Threading.Tasks;
            using MeshReady;
            using Microsoft.EntityFrameworkCore;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;

            public sealed class ApiDbInitializer(System.IServiceProvider serviceProvider) : BackgroundService
            {
                protected override async Task ExecuteAsync(CancellationToken cancellationToken)
                {
                    await MeshProxy.WaitUntilReadyAsync(cancellationToken: cancellationToken);
                    using var scope = serviceProvider.CreateScope();
                    var dbContext = scope.ServiceProvider.GetRequiredService<TicketContext>();
                    await dbContext.Database.CreateExecutionStrategy().ExecuteAsync(() => dbContext.Database.MigrateAsync(cancellationToken));
                }
            }

            public sealed class TicketContext(DbContextOptions<TicketContext> options) : DbContext(options);
            """ + MeshProxy,
            editorConfig: null,
            references: Ef,
            System.Array.Empty<DiagnosticResult>());

    [Fact]
    public Task ExecutionStrategyRegisteredInADbContextFactoryIsNotRunAtStartUp()
        => Verify.VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.EntityFrameworkCore;
            using Microsoft.Extensions.DependencyInjection;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddScoped(sp =>
            {
                var context = new TicketContext(new DbContextOptions<TicketContext>());
                context.Database.CreateExecutionStrategy().Execute(() => context.Database.Migrate());
                return context;
            });
            var app = builder.Build();
            app.Run();

            public sealed class TicketContext(DbContextOptions<TicketContext> options) : DbContext(options);
            """,
            editorConfig: null,
            references: Ef,
            System.Array.Empty<DiagnosticResult>());

    // ---- BackgroundService.ExecuteAsync: the finally that runs when stoppingToken fires (MESH031) ----

    [Fact]
    public Task KafkaConsumerClosedInTheFinallyOfExecuteAsync()
        => Shutdown.VerifyAsync("""
            using System;
            using System.Threading;
            using System.Threading.Tasks;
            using Confluent.Kafka;
            using Microsoft.Extensions.Hosting;

            public sealed class OrderEventsConsumer(IConsumer<string, string> consumer) : BackgroundService
            {
                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    await Task.Yield();
                    consumer.Subscribe("orders");
                    try
                    {
                        while (!stoppingToken.IsCancellationRequested)
                        {
                            var result = consumer.Consume(stoppingToken);
                            Console.WriteLine(result.Message.Key);
                        }
                    }
                    catch (OperationCanceledException)
                    {
                    }
                    finally
                    {
                        {|#0:consumer.Close()|};
                    }
                }
            }
            """,
            editorConfig: null,
            references: Kafka,
            Shutdown.Diagnostic("MESH031").WithLocation(0)
                .WithArguments("'IConsumer.Close'", "in the finally block of OrderEventsConsumer.ExecuteAsync, which runs when stoppingToken fires at shutdown"));

    [Fact]
    public Task KafkaConsumerClosedAfterTheStoppingTokenLoop()
        => Shutdown.VerifyAsync("""
            using System;
            using System.Threading;
            using System.Threading.Tasks;
            using Confluent.Kafka;
            using Microsoft.Extensions.Hosting;

            public sealed class PaymentEventsConsumer(IConsumer<string, string> consumer) : BackgroundService
            {
                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    await Task.Yield();
                    consumer.Subscribe("payments");
                    while (!stoppingToken.IsCancellationRequested)
                    {
                        var result = consumer.Consume(TimeSpan.FromSeconds(1));
                        if (result is not null)
                        {
                            consumer.Commit(result);
                        }
                    }

                    {|#0:consumer.Close()|};
                }
            }
            """,
            editorConfig: null,
            references: Kafka,
            Shutdown.Diagnostic("MESH031").WithLocation(0)
                .WithArguments("'IConsumer.Close'", "after the stoppingToken loop of PaymentEventsConsumer.ExecuteAsync, which ends at shutdown"));

    [Fact]
    public Task FinallyWithoutALoopRunsInTheFirstPassNotAtShutdown()
        => Shutdown.VerifyAsync("""
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Hosting;

            public sealed class CatalogWarmup(HttpClient http) : BackgroundService
            {
                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    try
                    {
                        await http.GetStringAsync("http://catalog.shop/api/items", stoppingToken);
                    }
                    finally
                    {
                        await http.PostAsync("http://catalog.shop/api/warmup-done", null, stoppingToken);
                    }
                }
            }
            """,
            editorConfig: null,
            references: null,
            System.Array.Empty<DiagnosticResult>());

    [Fact]
    public Task FinallyThatOnlyDisposesIsSilent()
        => Shutdown.VerifyAsync("""
            using System;
            using System.Threading;
            using System.Threading.Tasks;
            using Confluent.Kafka;
            using Microsoft.Extensions.Hosting;

            public sealed class OrderEventsConsumer(IConsumer<string, string> consumer) : BackgroundService
            {
                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    await Task.Yield();
                    try
                    {
                        while (!stoppingToken.IsCancellationRequested)
                        {
                            Console.WriteLine(consumer.Consume(stoppingToken).Message.Value);
                        }
                    }
                    finally
                    {
                        Console.WriteLine("consumer stopped");
                    }
                }
            }
            """,
            editorConfig: null,
            references: Kafka,
            System.Array.Empty<DiagnosticResult>());
}
