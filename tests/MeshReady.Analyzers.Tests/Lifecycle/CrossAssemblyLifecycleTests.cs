using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MeshReady.Analyzers.Generation;
using MeshReady.Analyzers.Tests.Generation;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Infrastructure = MeshReady.Analyzers.Tests.Infrastructure;
using Verify = MeshReady.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MeshReady.Analyzers.Lifecycle.StartupCallAnalyzer>;

namespace MeshReady.Analyzers.Tests.Lifecycle;

/// <summary>
/// Start-up, shutdown and Job analysis across projects: a library is compiled with the MeshReady generator as a real
/// build runs it (which records its call summaries as assembly metadata), emitted, and referenced by the application
/// whose hosted services, Program.cs or Job call into it. Built without the summaries (a library without MeshReady, or
/// an IDE build), the same library changes nothing.
/// </summary>
public class CrossAssemblyLifecycleTests
{
    private static readonly ReferenceAssemblies Messaging = Infrastructure.TestReferences.WithPackages(("RabbitMQ.Client", "7.2.2"), ("Polly", "7.2.4"));

    private static readonly Dictionary<string, string> RealBuild = new() { [WholeProgramFacts.SwitchKey] = "true" };

    // A building-blocks event bus as eShopOnContainers writes it: the interface and its RabbitMQ implementation in a
    // shared library, the connection opened two calls below the interface method.
    private const string EventBusLibrary = """
        using System.Threading.Tasks;
        using RabbitMQ.Client;

        namespace BuildingBlocks.EventBus;

        public interface IEventBus
        {
            Task StartConsumingAsync();
        }

        public sealed class RabbitMqEventBus : IEventBus
        {
            private readonly IConnectionFactory _factory;
            private IConnection? _connection;

            public RabbitMqEventBus(IConnectionFactory factory) => _factory = factory;

            public async Task StartConsumingAsync()
            {
                _connection ??= await ConnectAsync();
            }

            private Task<IConnection> ConnectAsync() => _factory.CreateConnectionAsync();
        }

        public sealed class InMemoryEventBus : IEventBus
        {
            public Task StartConsumingAsync() => Task.CompletedTask;
        }

        public static class Topics
        {
            public static string Name(string prefix) => prefix + ".events";
        }
        """;

    private const string EventsWorker = """
        using System.Threading;
        using System.Threading.Tasks;
        using BuildingBlocks.EventBus;
        using Microsoft.Extensions.Hosting;

        public sealed class IntegrationEventsWorker(IEventBus bus) : IHostedService
        {
            public async Task StartAsync(CancellationToken cancellationToken)
            {
                await {|#0:bus.StartConsumingAsync()|};
            }

            public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        }
        """;

    private const string EventBusChain = "'IEventBus.StartConsumingAsync' → 'RabbitMqEventBus.StartConsumingAsync' → 'RabbitMqEventBus.ConnectAsync' → 'IConnectionFactory.CreateConnectionAsync'";

    [Fact]
    public async Task HostedServiceStartsTheBusOfAReferencedLibraryThroughItsInterface()
    {
        var library = await LibraryAsync(EventBusLibrary, Messaging);

        await RunAsync<MeshReady.Analyzers.Lifecycle.StartupCallAnalyzer>(EventsWorker, Messaging, library,
            Verify.Diagnostic("MESH030").WithLocation(0)
                .WithArguments(EventBusChain, "at start-up in IntegrationEventsWorker.StartAsync", DeepLifecycleTests.CrashLoopsUnlessHandled));
    }

    [Fact]
    public async Task ALibraryBuiltWithoutSummariesChangesNothing()
    {
        var library = await LibraryAsync(EventBusLibrary, Messaging, realBuild: false);

        await RunAsync<MeshReady.Analyzers.Lifecycle.StartupCallAnalyzer>(EventsWorker.Replace("{|#0:", string.Empty).Replace("|}", string.Empty), Messaging, library);
    }

    // Pitstop's Infrastructure.Messaging: Start hands an async lambda to Polly v7's synchronous Execute, so the
    // consumer's connection runs unawaited (C# binds Execute<Task>(Func<Task>) and the task is dropped): a refused connection is lost, not retried.
    [Fact]
    public async Task AFireAndForgetRetryInTheLibraryIsReportedAsNeverStarting()
    {
        var library = await LibraryAsync("""
            using System;
            using System.Threading.Tasks;
            using Polly;
            using RabbitMQ.Client;

            namespace Infrastructure.Messaging;

            public interface IMessageHandlerCallback
            {
                Task<bool> HandleMessageAsync(string messageType, string message);
            }

            public interface IMessageHandler
            {
                void Start(IMessageHandlerCallback callback);
            }

            public class RabbitMQMessageHandler : IMessageHandler
            {
                private IConnection? _connection;
                private IMessageHandlerCallback? _callback;

                public void Start(IMessageHandlerCallback callback)
                {
                    _callback = callback;
                    Policy
                        .Handle<Exception>()
                        .WaitAndRetry(9, r => TimeSpan.FromSeconds(5))
                        .Execute(async () =>
                        {
                            var factory = new ConnectionFactory { UserName = "rabbitmquser" };
                            _connection = await factory.CreateConnectionAsync("rabbitmq");
                        });
                }
            }
            """, Messaging);

        await RunAsync<MeshReady.Analyzers.Lifecycle.StartupCallAnalyzer>("""
            using System.Threading;
            using System.Threading.Tasks;
            using Infrastructure.Messaging;
            using Microsoft.Extensions.Hosting;

            public class AuditLogWorker : IHostedService, IMessageHandlerCallback
            {
                private readonly IMessageHandler _messageHandler;

                public AuditLogWorker(IMessageHandler messageHandler) => _messageHandler = messageHandler;

                public Task StartAsync(CancellationToken cancellationToken)
                {
                    {|#0:_messageHandler.Start(this)|};
                    return Task.CompletedTask;
                }

                public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

                public Task<bool> HandleMessageAsync(string messageType, string message) => Task.FromResult(true);
            }
            """, Messaging, library,
            Verify.Diagnostic("MESH030").WithLocation(0)
                .WithArguments(
                    "'IMessageHandler.Start' → 'RabbitMQMessageHandler.Start' → 'Policy.Execute' → 'ConnectionFactory.CreateConnectionAsync'",
                    "at start-up in AuditLogWorker.StartAsync",
                    DeepLifecycleTests.NeverStarts("Policy.Execute")));
    }

    [Fact]
    public async Task TopLevelSetupThroughAStaticLibraryHelperIsReported()
    {
        var library = await LibraryAsync("""
            using System.Threading.Tasks;
            using RabbitMQ.Client;

            namespace BuildingBlocks.Setup;

            public static class BrokerSetup
            {
                public static Task<IConnection> ConnectAsync(string host) => Open(new ConnectionFactory { HostName = host });

                internal static Task<IConnection> Open(ConnectionFactory factory) => factory.CreateConnectionAsync();
            }
            """, Messaging);

        await RunAsync<MeshReady.Analyzers.Lifecycle.StartupCallAnalyzer>("""
            using BuildingBlocks.Setup;
            using Microsoft.AspNetCore.Builder;

            var builder = WebApplication.CreateBuilder(args);
            var connection = await {|#0:BrokerSetup.ConnectAsync("rabbitmq.messaging")|};
            var app = builder.Build();
            app.Run();
            """, Messaging, library,
            Verify.Diagnostic("MESH030").WithLocation(0)
                .WithArguments("'BrokerSetup.ConnectAsync' → 'BrokerSetup.Open' → 'ConnectionFactory.CreateConnectionAsync'", "at start-up in Program.cs", DeepLifecycleTests.CrashLoopsUnlessHandled));
    }

    // The loopback checks hold across the assembly boundary: a helper handed a loopback address talks to this pod.
    [Fact]
    public async Task ALibraryHelperHandedALoopbackAddressIsNotReported()
    {
        var library = await LibraryAsync("""
            using System.Net.Http;
            using System.Threading.Tasks;

            namespace BuildingBlocks.Http;

            public static class Warmup
            {
                public static Task<string> FetchAsync(string url) => new HttpClient().GetStringAsync(url);
            }
            """, Infrastructure.TestReferences.AspNetCore80);

        await RunAsync<MeshReady.Analyzers.Lifecycle.StartupCallAnalyzer>("""
            using BuildingBlocks.Http;
            using Microsoft.AspNetCore.Builder;

            var app = WebApplication.CreateBuilder(args).Build();
            await Warmup.FetchAsync("http://localhost:3500/v1.0/healthz");
            await {|#0:Warmup.FetchAsync("http://catalog-api/api/catalog/items")|};
            app.Run();
            """, Infrastructure.TestReferences.AspNetCore80, library,
            Verify.Diagnostic("MESH030").WithLocation(0)
                .WithArguments("'Warmup.FetchAsync' → 'HttpClient.GetStringAsync'", "at start-up in Program.cs", DeepLifecycleTests.CrashLoopsUnlessHandled));
    }

    // A library method that waits for its pod's proxy first guards what it does, and what the caller does after it.
    [Fact]
    public async Task ALibraryMethodThatWaitsForTheProxyFirstGuardsTheCaller()
    {
        var library = await LibraryAsync("""
            using System.Threading.Tasks;
            using MeshReady;
            using RabbitMQ.Client;

            namespace BuildingBlocks.Setup;

            public static class BrokerSetup
            {
                public static async Task<IConnection> ConnectWhenReadyAsync(string host)
                {
                    await MeshProxy.WaitUntilReadyAsync();
                    return await new ConnectionFactory { HostName = host }.CreateConnectionAsync();
                }
            }
            """, Messaging);

        await RunAsync<MeshReady.Analyzers.Lifecycle.StartupCallAnalyzer>("""
            using System.Net.Http;
            using BuildingBlocks.Setup;
            using Microsoft.AspNetCore.Builder;

            var builder = WebApplication.CreateBuilder(args);
            var connection = await BrokerSetup.ConnectWhenReadyAsync("rabbitmq.messaging");
            await new HttpClient().GetStringAsync("http://config-server/app/prod");
            var app = builder.Build();
            app.Run();
            """, Messaging, library);
    }

    [Fact]
    public async Task HostedServiceStopsThroughALibraryCallThatDeregisters()
    {
        var library = await LibraryAsync("""
            using System.Net.Http;
            using System.Threading.Tasks;

            namespace BuildingBlocks.Discovery;

            public interface IServiceRegistry
            {
                Task DeregisterAsync(string id);
            }

            public sealed class ConsulRegistry(HttpClient http) : IServiceRegistry
            {
                public async Task DeregisterAsync(string id)
                {
                    using var response = await http.PutAsync("http://consul.infra:8500/v1/agent/service/deregister/" + id, null);
                }
            }
            """, Infrastructure.TestReferences.AspNetCore80);

        await RunAsync<MeshReady.Analyzers.Lifecycle.ShutdownIoAnalyzer>("""
            using System.Threading;
            using System.Threading.Tasks;
            using BuildingBlocks.Discovery;
            using Microsoft.Extensions.Hosting;

            public sealed class RegistrationService(IServiceRegistry registry) : IHostedService
            {
                public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

                public async Task StopAsync(CancellationToken cancellationToken)
                {
                    await {|#0:registry.DeregisterAsync("orders-1")|};
                }
            }
            """, Infrastructure.TestReferences.AspNetCore80, library,
            Verify.Diagnostic("MESH031").WithLocation(0)
                .WithArguments("'IServiceRegistry.DeregisterAsync' → 'ConsulRegistry.DeregisterAsync' → 'HttpClient.PutAsync'", "in RegistrationService.StopAsync"));
    }

    // A shared job runner that stops the sidecar itself: the Job that calls it in a finally is not reported.
    [Fact]
    public async Task AJobThatStopsTheSidecarThroughALibraryIsNotReported()
    {
        const string JobLibrary = """
            using System.Threading.Tasks;

            namespace BuildingBlocks.Jobs;

            public static class JobExit
            {
                public static async Task CompleteAsync()
                {
                    await MeshReady.MeshProxy.QuitAsync();
                }
            }
            """;
        const string Job = """
            using System.Net.Http;
            using System.Threading.Tasks;
            using BuildingBlocks.Jobs;

            public static class Program
            {
                public static async Task Main()
                {
                    try
                    {
                        await new HttpClient().PostAsync("http://reports-api/api/reports/nightly", null);
                    }
                    finally
                    {
                        await JobExit.CompleteAsync();
                    }
                }
            }
            """;

        await RunAsync<MeshReady.Analyzers.Lifecycle.JobCompletionAnalyzer>(
            Job, Infrastructure.TestReferences.AspNetCore80, await LibraryAsync(JobLibrary, Infrastructure.TestReferences.AspNetCore80));

        // Without the library's summaries the quit is invisible, and the rule speaks.
        await RunAsync<MeshReady.Analyzers.Lifecycle.JobCompletionAnalyzer>(
            Job.Replace("static async Task Main()", "static async Task {|MESH033:Main|}()"),
            Infrastructure.TestReferences.AspNetCore80,
            await LibraryAsync(JobLibrary, Infrastructure.TestReferences.AspNetCore80, realBuild: false));
    }

    // A host stopped by its worker, whose Program.cs quits the sidecar through a library after the host returns: the quit is
    // seen only in the library's recorded summary (Program.cs names neither MeshProxy nor QuitAsync), so the entry point
    // must still be bound to find it (LifecycleModel reads the references' summaries before it skips that binding).
    [Fact]
    public async Task AHostWhoseEntryPointQuitsThroughALibraryCoversStopApplication()
    {
        const string JobLibrary = """
            using System.Threading.Tasks;

            namespace BuildingBlocks.Jobs;

            public static class JobExit
            {
                public static async Task CompleteAsync()
                {
                    await MeshReady.MeshProxy.QuitAsync();
                }
            }
            """;
        const string Job = """
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;
            using BuildingBlocks.Jobs;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;

            var builder = Host.CreateApplicationBuilder(args);
            builder.Services.AddHostedService<CleanupWorker>();
            try
            {
                await builder.Build().RunAsync();
            }
            finally
            {
                await JobExit.CompleteAsync();
            }

            public sealed class CleanupWorker(IHostApplicationLifetime lifetime) : BackgroundService
            {
                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    await new HttpClient().DeleteAsync("http://sessions/api/expired", stoppingToken);
                    STOP;
                }
            }
            """;

        await RunAsync<MeshReady.Analyzers.Lifecycle.JobCompletionAnalyzer>(
            Job.Replace("STOP", "lifetime.StopApplication()"),
            Infrastructure.TestReferences.AspNetCore80,
            await LibraryAsync(JobLibrary, Infrastructure.TestReferences.AspNetCore80));

        // Without the library's summaries the quit is invisible, and the rule speaks.
        await RunAsync<MeshReady.Analyzers.Lifecycle.JobCompletionAnalyzer>(
            Job.Replace("STOP", "{|MESH033:lifetime.StopApplication()|}"),
            Infrastructure.TestReferences.AspNetCore80,
            await LibraryAsync(JobLibrary, Infrastructure.TestReferences.AspNetCore80, realBuild: false));
    }

    [Fact]
    public async Task TheLibraryRecordsCallableMethodsThatReachIoAndNothingElse()
    {
        var entries = (await LibraryMetadataAsync(EventBusLibrary, Messaging)).Where(e => e.Key == "MeshReady.CallSummary").Select(e => e.Value).ToList();

        Assert.Equal(
            new[]
            {
                "M:BuildingBlocks.EventBus.IEventBus.StartConsumingAsync|io|IEventBus.StartConsumingAsync>RabbitMqEventBus.StartConsumingAsync>RabbitMqEventBus.ConnectAsync>IConnectionFactory.CreateConnectionAsync||",
                "M:BuildingBlocks.EventBus.RabbitMqEventBus.StartConsumingAsync|io|RabbitMqEventBus.StartConsumingAsync>RabbitMqEventBus.ConnectAsync>IConnectionFactory.CreateConnectionAsync||",
            },
            entries);
    }

    [Fact]
    public async Task AnIdeOrDesignTimeBuildRecordsNothing()
    {
        var metadata = await LibraryMetadataAsync(EventBusLibrary, Messaging, realBuild: false);

        Assert.DoesNotContain(metadata, e => e.Key == "MeshReady.CallSummary");
    }

    // ---- Both views across assemblies (format 2): a retry in the library covers start-up, not shutdown ----

    // A shared publisher that retries every publish with Polly: at start-up the retry outlasts the proxy's start, at
    // shutdown it retries against a proxy that has exited.
    private const string RetryingPublisherLibrary = """
        using System;
        using System.Text;
        using System.Threading.Tasks;
        using Polly;
        using RabbitMQ.Client;

        namespace BuildingBlocks.Messaging;

        public interface IEventPublisher
        {
            Task PublishAsync(string eventType, string body);
        }

        public sealed class RabbitMqEventPublisher(IChannel channel) : IEventPublisher
        {
            private readonly IAsyncPolicy _retry = Policy.Handle<Exception>().WaitAndRetryAsync(10, attempt => TimeSpan.FromSeconds(attempt));

            public async Task PublishAsync(string eventType, string body)
            {
                await _retry.ExecuteAsync(async () =>
                    await channel.BasicPublishAsync("events", eventType, Encoding.UTF8.GetBytes(body)));
            }
        }
        """;

    private const string AnnouncingWorker = """
        using System.Threading;
        using System.Threading.Tasks;
        using BuildingBlocks.Messaging;
        using Microsoft.Extensions.Hosting;

        public sealed class PresenceWorker(IEventPublisher publisher) : IHostedService
        {
            public async Task StartAsync(CancellationToken cancellationToken)
            {
                await publisher.PublishAsync("ServiceStarted", "{}");
            }

            public async Task StopAsync(CancellationToken cancellationToken)
            {
                await MARKpublisher.PublishAsync("ServiceStopping", "{}")END;
            }
        }
        """;

    private const string RetriedPublishChain =
        "'IEventPublisher.PublishAsync' → 'RabbitMqEventPublisher.PublishAsync' → 'IAsyncPolicy.ExecuteAsync' → 'IChannel.BasicPublishAsync'";

    [Fact]
    public async Task ARetryInTheLibraryCoversTheStartUpCall()
    {
        var library = await LibraryAsync(RetryingPublisherLibrary, Messaging);

        await RunAsync<MeshReady.Analyzers.Lifecycle.StartupCallAnalyzer>(
            AnnouncingWorker.Replace("MARK", string.Empty).Replace("END", string.Empty), Messaging, library);
    }

    [Fact]
    public async Task TheSameLibraryMethodAtShutdownIsReportedThroughItsRetry()
    {
        var library = await LibraryAsync(RetryingPublisherLibrary, Messaging);

        await RunAsync<MeshReady.Analyzers.Lifecycle.ShutdownIoAnalyzer>(
            AnnouncingWorker.Replace("MARK", "{|#0:").Replace("END", "|}"), Messaging, library,
            Verify.Diagnostic("MESH031").WithLocation(0).WithArguments(RetriedPublishChain, "in PresenceWorker.StopAsync"));
    }

    // A Job's only outbound call goes through the library's retry: still I/O, so the Job must stop the sidecar.
    [Fact]
    public async Task AJobWhoseOnlyIoIsUnderTheLibrarysRetryIsReported()
    {
        var library = await LibraryAsync(RetryingPublisherLibrary, Messaging);

        await RunAsync<MeshReady.Analyzers.Lifecycle.JobCompletionAnalyzer>("""
            using System.Threading.Tasks;
            using BuildingBlocks.Messaging;

            public static class Program
            {
                public static async Task {|MESH033:Main|}()
                {
                    IEventPublisher publisher = Publishers.Create();
                    await publisher.PublishAsync("NightlyReportRequested", "{}");
                }
            }

            internal static class Publishers
            {
                public static IEventPublisher Create() => null!;
            }
            """, Messaging, library);
    }

    // A library's branch that runs only once an interval has passed: not start-up I/O, but due at shutdown.
    [Fact]
    public async Task ATimeGuardedFlushInTheLibraryIsSilentAtStartUpAndReportedAtShutdown()
    {
        var library = await LibraryAsync("""
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;

            namespace BuildingBlocks.Telemetry;

            public sealed class UsageMeter(HttpClient http)
            {
                private DateTime _lastFlush = DateTime.UtcNow;

                public async Task FlushIfDueAsync()
                {
                    if (DateTime.UtcNow - _lastFlush > TimeSpan.FromMinutes(10))
                    {
                        _lastFlush = DateTime.UtcNow;
                        await http.PostAsync("http://usage-collector.platform/api/usage", null);
                    }
                }
            }
            """, Infrastructure.TestReferences.AspNetCore80);
        const string Worker = """
            using System.Threading;
            using System.Threading.Tasks;
            using BuildingBlocks.Telemetry;
            using Microsoft.Extensions.Hosting;

            public sealed class MeterService(UsageMeter meter) : IHostedService
            {
                public Task StartAsync(CancellationToken cancellationToken) => meter.FlushIfDueAsync();

                public async Task StopAsync(CancellationToken cancellationToken)
                {
                    await MARKmeter.FlushIfDueAsync()END;
                }
            }
            """;

        await RunAsync<MeshReady.Analyzers.Lifecycle.StartupCallAnalyzer>(
            Worker.Replace("MARK", string.Empty).Replace("END", string.Empty), Infrastructure.TestReferences.AspNetCore80, library);
        await RunAsync<MeshReady.Analyzers.Lifecycle.ShutdownIoAnalyzer>(
            Worker.Replace("MARK", "{|#0:").Replace("END", "|}"), Infrastructure.TestReferences.AspNetCore80, library,
            Verify.Diagnostic("MESH031").WithLocation(0).WithArguments("'UsageMeter.FlushIfDueAsync' → 'HttpClient.PostAsync'", "in MeterService.StopAsync"));
    }

    // Compact: the every-call view is written only where it differs (here the start-up view is empty: the retry covers it).
    [Fact]
    public async Task TheLibraryRecordsTheEveryCallViewOnlyWhereItDiffers()
    {
        var entries = (await LibraryMetadataAsync(RetryingPublisherLibrary, Messaging)).Where(e => e.Key == "MeshReady.CallSummary").Select(e => e.Value).ToList();

        Assert.Equal(
            new[]
            {
                "M:BuildingBlocks.Messaging.IEventPublisher.PublishAsync(System.String,System.String)|||||io|" + RetriedPublishChain.Replace("'", string.Empty).Replace(" → ", ">") + "||",
                "M:BuildingBlocks.Messaging.RabbitMqEventPublisher.PublishAsync(System.String,System.String)|||||io|RabbitMqEventPublisher.PublishAsync>IAsyncPolicy.ExecuteAsync>IChannel.BasicPublishAsync||",
            },
            entries);
    }

    // ---- A library built by an earlier MeshReady (format 1: the start-up view only) still works ----

    // What the generator of session 6 wrote: five fields, no every-call view. Both views read the one recorded.
    private const string FormatOneLibrary = """
        using System.Threading.Tasks;
        using RabbitMQ.Client;

        [assembly: System.Reflection.AssemblyMetadata("MeshReady.CallSummary", "M:Legacy.Messaging.Broker.ConnectAsync|io|Broker.ConnectAsync>IConnectionFactory.CreateConnectionAsync||")]
        [assembly: System.Reflection.AssemblyMetadata("MeshReady.CallSummary", "M:Legacy.Messaging.Broker.CloseAsync|io|Broker.CloseAsync>IConnection.CloseAsync||")]

        namespace Legacy.Messaging;

        public sealed class Broker(IConnectionFactory factory)
        {
            private IConnection? _connection;

            public async Task ConnectAsync() => _connection = await factory.CreateConnectionAsync();

            public async Task CloseAsync() => await _connection!.CloseAsync();
        }
        """;

    [Fact]
    public async Task AFormatOneLibraryIsReadInBothViews()
    {
        // Built as an IDE build, so the only summaries are the hand-written format-1 entries.
        var library = await LibraryAsync(FormatOneLibrary, Messaging, realBuild: false);
        const string Worker = """
            using System.Threading;
            using System.Threading.Tasks;
            using Legacy.Messaging;
            using Microsoft.Extensions.Hosting;

            public sealed class BrokerService(Broker broker) : IHostedService
            {
                public async Task StartAsync(CancellationToken cancellationToken)
                {
                    await START;
                }

                public async Task StopAsync(CancellationToken cancellationToken)
                {
                    await STOP;
                }
            }
            """;

        await RunAsync<MeshReady.Analyzers.Lifecycle.StartupCallAnalyzer>(
            Worker.Replace("START", "{|#0:broker.ConnectAsync()|}").Replace("STOP", "broker.CloseAsync()"), Messaging, library,
            Verify.Diagnostic("MESH030").WithLocation(0)
                .WithArguments("'Broker.ConnectAsync' → 'IConnectionFactory.CreateConnectionAsync'", "at start-up in BrokerService.StartAsync", DeepLifecycleTests.CrashLoopsUnlessHandled));
        await RunAsync<MeshReady.Analyzers.Lifecycle.ShutdownIoAnalyzer>(
            Worker.Replace("START", "broker.ConnectAsync()").Replace("STOP", "{|#0:broker.CloseAsync()|}"), Messaging, library,
            Verify.Diagnostic("MESH031").WithLocation(0).WithArguments("'Broker.CloseAsync' → 'IConnection.CloseAsync'", "in BrokerService.StopAsync"));
    }

    [Theory]
    [InlineData("M:A.B.C|io|B.C>Lib.Send||", "B.C>Lib.Send", "B.C>Lib.Send")]
    [InlineData("M:A.B.C|||||io|B.C>Policy.Execute>Lib.Send||", null, "B.C>Policy.Execute>Lib.Send")]
    [InlineData("M:A.B.C|io|B.C>Lib.Open|||io|B.C>Policy.Execute>Lib.Send|Policy.Execute|0", "B.C>Lib.Open", "B.C>Policy.Execute>Lib.Send")]
    public void EntriesOfBothFormatsParse(string value, string? startUpChain, string everyCallChain)
    {
        var (id, summary) = MeshReady.Analyzers.Lifecycle.ExternalSummaries.Parse(value)!.Value;

        Assert.Equal("M:A.B.C", id);
        Assert.Equal(startUpChain, summary.StartUp.HasIo ? string.Join(">", summary.StartUp.Chain) : null);
        Assert.Equal(everyCallChain, string.Join(">", summary.EveryCall.Chain));
    }

    [Theory]
    [InlineData("M:A.B.C|io|B.C>Lib.Send||")]
    [InlineData("M:A.B.C|||||io|B.C>Policy.Execute>Lib.Send||")]
    [InlineData("M:A.B.C|io,quit|B.C>Lib.Open|async void:Retry.Run|1|io|B.C>Policy.Execute>Lib.Send||0")]
    [InlineData("M:A.B.C|pause||||io|B.C>Lib.Send||")]
    public void FormatWritesWhatParseReads(string value)
    {
        var (id, summary) = MeshReady.Analyzers.Lifecycle.ExternalSummaries.Parse(value)!.Value;

        Assert.Equal(value, MeshReady.Analyzers.Lifecycle.ExternalSummaries.Format(id, summary.StartUp, summary.EveryCall, summary.Quits));
    }

    [Theory]
    [InlineData("M:A.B.C|io|B.C>Lib.Send|||io|B.C>>Lib.Send||")]
    [InlineData("M:A.B.C|||||io|B.C>Lib.Send||x")]
    public void AnUnreadableEveryCallViewSkipsTheEntry(string value)
        => Assert.Null(MeshReady.Analyzers.Lifecycle.ExternalSummaries.Parse(value));

    // ---- Harness ----

    /// <summary>Compiles the library with the generator (as a real build, or as an IDE build), emits it, and returns the image.</summary>
    internal static async Task<MetadataReference> LibraryAsync(string source, ReferenceAssemblies references, bool realBuild = true)
        => MetadataReference.CreateFromImage(await EmitLibraryAsync(source, references, realBuild));

    private static async Task<byte[]> EmitLibraryAsync(string source, ReferenceAssemblies references, bool realBuild)
    {
        var compilation = await GeneratorHarness.CompileAsync(
            new GeneratorHarness.Target("library", references), new[] { source }, version: Microsoft.CodeAnalysis.CSharp.LanguageVersion.CSharp12, assemblyName: "BuildingBlocks");
        var (_, output, generatorDiagnostics) = GeneratorHarness.Run(compilation, realBuild ? RealBuild : null);
        Assert.Empty(generatorDiagnostics);
        using var image = new MemoryStream();
        var emitted = output.Emit(image);
        Assert.True(emitted.Success, string.Join(Environment.NewLine, emitted.Diagnostics));
        return image.ToArray();
    }

    private static async Task<List<KeyValuePair<string, string>>> LibraryMetadataAsync(string source, ReferenceAssemblies references, bool realBuild = true)
    {
        var reference = await LibraryAsync(source, references, realBuild);
        var compilation = Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create("Reader", references: (await Infrastructure.TestReferences.ResolveAsync(references)).Add(reference));
        var assembly = (IAssemblySymbol)compilation.GetAssemblyOrModuleSymbol(reference)!;
        return assembly.GetAttributes()
            .Where(a => a.AttributeClass?.Name == "AssemblyMetadataAttribute")
            .Select(a => new KeyValuePair<string, string>((string)a.ConstructorArguments[0].Value!, (string)a.ConstructorArguments[1].Value!))
            .ToList();
    }

    private static async Task RunAsync<TAnalyzer>(
        string source, ReferenceAssemblies references, MetadataReference library, params DiagnosticResult[] expected)
        where TAnalyzer : DiagnosticAnalyzer, new()
        => await RunAsync<TAnalyzer>(source, references, library, editorConfig: null, expected);

    private static async Task RunAsync<TAnalyzer>(
        string source, ReferenceAssemblies references, MetadataReference library, string? editorConfig, params DiagnosticResult[] expected)
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        var test = Infrastructure.AnalyzerVerifier<TAnalyzer>.Create(references);
        test.TestCode = source;
        test.TestState.AdditionalReferences.Add(library);
        Infrastructure.MeshTestSettings.ApplyEditorConfig(test.TestState, editorConfig);
        Infrastructure.MeshTestSettings.ApplyOutputKind(test.TestState, source);
        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync(CancellationToken.None);
    }
}
