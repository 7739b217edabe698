using System.Threading.Tasks;
using MeshReady.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = MeshReady.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MeshReady.Analyzers.Lifecycle.StartupCallAnalyzer>;

namespace MeshReady.Analyzers.Tests.Lifecycle;

/// <summary>
/// A hosted service's start-up call that comes after the entry point's own call through the proxy (one that always runs before
/// Run and ends start-up when refused) is no separate race: the earlier call is reported, and fixing it covers the later one.
/// microsoft/dotnet-podcasts 5ee8be2, Podcast.Ingestion.Worker: the queue is created in ConfigureServices while the host is
/// built; the worker's ReceiveMessageAsync at the top of its loop runs after it.
/// </summary>
public class EarlierProxyCallTests
{
    private static readonly ReferenceAssemblies Queues = TestReferences.WithPackages(("Azure.Storage.Queues", "12.24.0"));

    private const string Worker = """

        internal sealed class Worker : BackgroundService
        {
            private readonly ILogger<Worker> _logger;
            private readonly QueueClient _queueClient;

            public Worker(ILogger<Worker> logger, QueueClient queueClient)
            {
                _logger = logger;
                _queueClient = queueClient;
            }

            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                while (!stoppingToken.IsCancellationRequested)
                {
                    _logger.LogInformation("Worker running at: {time}", DateTimeOffset.Now);

                    var retrievedMessage = await RECEIVE;
                    if (retrievedMessage.Value != null)
                    {
                        await _queueClient.DeleteMessageAsync(retrievedMessage.Value.MessageId, retrievedMessage.Value.PopReceipt, stoppingToken);
                    }

                    await Task.Delay(1000, stoppingToken);
                }
            }
        }
        """;

    private const string Usings = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Azure.Storage.Queues;
        using Microsoft.Extensions.Configuration;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;
        using Microsoft.Extensions.Logging;

        """;

    private static string Program(string create, bool workerReported = true) => Usings + """
        var host = Host.CreateDefaultBuilder(args)
            .ConfigureServices((hostContext, services) =>
            {
                var feedQueueClient = new QueueClient(hostContext.Configuration.GetConnectionString("FeedQueue"), "feed-queue");
                CREATE
                services.AddSingleton(feedQueueClient);
                services.AddHostedService<Worker>();
            })
            .Build();

        await host.RunAsync();
        """.Replace("CREATE", create) + Worker.Replace(
            "RECEIVE", workerReported ? "{|#1:_queueClient.ReceiveMessageAsync(cancellationToken: stoppingToken)|}" : "_queueClient.ReceiveMessageAsync(cancellationToken: stoppingToken)");

    private static DiagnosticResult AtBuild()
        => Verify.Diagnostic("MESH030").WithLocation(0)
            .WithArguments("'IHostBuilder.ConfigureServices' → 'QueueClient.CreateIfNotExists'", "at start-up in Program.cs", DeepLifecycleTests.CrashLoops);

    private static DiagnosticResult InWorker()
        => Verify.Diagnostic("MESH030").WithLocation(1)
            .WithArguments("'QueueClient.ReceiveMessageAsync'", "in the first pass of Worker.ExecuteAsync", DeepLifecycleTests.EndsWorker);

    // The dotnet-podcasts shape: only the queue creation is reported.
    [Fact]
    public Task WorkerAfterTheQueueCreatedAtBuildIsNotReported()
        => Verify.VerifyAsync(
            Program("{|#0:feedQueueClient.CreateIfNotExists()|};", workerReported: false),
            editorConfig: null,
            references: Queues,
            AtBuild());

    // Created only when a setting asks for it: without it nothing went through the proxy first, so the worker races.
    // (A Development-only creation is not reported at all: Development does not run in a cluster.)
    [Fact]
    public Task ConditionalEarlierCallDoesNotCoverTheWorker()
        => Verify.VerifyAsync(
            Program("if (hostContext.Configuration.GetValue<bool>(\"CreateQueue\")) {|#0:feedQueueClient.CreateIfNotExists()|};"),
            editorConfig: null,
            references: Queues,
            AtBuild(),
            InWorker());

    // A catch-all goes on without the queue: the process lives on whether or not the proxy was ready, so the worker races.
    [Fact]
    public Task CaughtEarlierCallDoesNotCoverTheWorker()
        => Verify.VerifyAsync(
            Program("try { {|#0:feedQueueClient.CreateIfNotExists()|}; } catch (Exception) { }"),
            editorConfig: null,
            references: Queues,
            Verify.Diagnostic("MESH030").WithLocation(0)
                .WithArguments("'IHostBuilder.ConfigureServices' → 'QueueClient.CreateIfNotExists'", "at start-up in Program.cs", DeepLifecycleTests.RunsWithout),
            InWorker());

    // Left early in development, inside the callback: the creation may not run, so the worker races.
    [Fact]
    public Task EarlyReturnInTheCallbackDoesNotCoverTheWorker()
        => Verify.VerifyAsync(
            Program("if (hostContext.HostingEnvironment.IsDevelopment()) return; {|#0:feedQueueClient.CreateIfNotExists()|};"),
            editorConfig: null,
            references: Queues,
            AtBuild(),
            InWorker());

    // No earlier call in Program.cs: the worker's first receive is the race.
    [Fact]
    public Task WorkerWithNoEarlierCallIsReported()
        => Verify.VerifyAsync(
            Program(string.Empty),
            editorConfig: null,
            references: Queues,
            InWorker());
}
