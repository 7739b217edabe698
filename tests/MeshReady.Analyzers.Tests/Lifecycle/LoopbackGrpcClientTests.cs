using System.Threading.Tasks;
using MeshReady.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Startup = MeshReady.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MeshReady.Analyzers.Lifecycle.StartupCallAnalyzer>;
using Shutdown = MeshReady.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MeshReady.Analyzers.Lifecycle.ShutdownIoAnalyzer>;

namespace MeshReady.Analyzers.Tests.Lifecycle;

/// <summary>
/// A generated gRPC client that the container hands out talks to where its <c>AddGrpcClient&lt;TClient&gt;</c> registration
/// points it. When every registration of the client sets a loopback <c>Address</c> (grpc-dotnet's Worker and Tester
/// examples: <c>options.Address = new Uri("https://localhost:5001")</c>), or a loopback <c>BaseAddress</c> in a chained
/// <c>ConfigureHttpClient</c>, constant or as a configuration value's default (the same check as typed HttpClients'), its calls
/// stay in the pod and never pass the sidecar: no start-up or shutdown report. A registration with another address, or one
/// read from configuration without a loopback default, still is.
/// </summary>
public class LoopbackGrpcClientTests
{
    private static readonly ReferenceAssemblies Grpc = TestReferences.WithPackages(
        ("Grpc.Net.ClientFactory", "2.65.0"), ("Grpc.Net.Client", "2.65.0"), ("Microsoft.Extensions.Hosting", "8.0.0"));

    // What Grpc.Tools generates for count.proto, trimmed to one client-streaming and one unary method.
    private const string GeneratedClient = """

        namespace Count
        {
            public sealed class CounterRequest { public int Count { get; set; } }
            public sealed class CounterReply { public int Count { get; set; } }

            public static partial class Counter
            {
                public partial class CounterClient : global::Grpc.Core.ClientBase<CounterClient>
                {
                    public CounterClient(global::Grpc.Core.ChannelBase channel) : base(channel) { }
                    public CounterClient(global::Grpc.Core.CallInvoker callInvoker) : base(callInvoker) { }
                    protected CounterClient() : base() { }
                    protected CounterClient(ClientBaseConfiguration configuration) : base(configuration) { }

                    public virtual global::Grpc.Core.AsyncClientStreamingCall<CounterRequest, CounterReply> AccumulateCount(
                        global::Grpc.Core.Metadata? headers = null, global::System.DateTime? deadline = null, global::System.Threading.CancellationToken cancellationToken = default)
                        => throw new global::System.NotImplementedException();

                    public virtual global::Grpc.Core.AsyncUnaryCall<CounterReply> IncrementCountAsync(
                        CounterRequest request, global::Grpc.Core.Metadata? headers = null, global::System.DateTime? deadline = null, global::System.Threading.CancellationToken cancellationToken = default)
                        => IncrementCountAsync(request, new global::Grpc.Core.CallOptions(headers, deadline, cancellationToken));

                    public virtual global::Grpc.Core.AsyncUnaryCall<CounterReply> IncrementCountAsync(CounterRequest request, global::Grpc.Core.CallOptions options)
                        => throw new global::System.NotImplementedException();

                    protected override CounterClient NewInstance(ClientBaseConfiguration configuration) => new CounterClient(configuration);
                }
            }
        }
        """;

    // grpc-dotnet examples/Worker/Client: the worker starts a client-streaming call in StartAsync and completes it in StopAsync.
    private const string Worker = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Count;
        using Grpc.Core;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;

        var host = Host.CreateDefaultBuilder(args)
            .ConfigureServices((hostContext, services) =>
            {
                services.AddHostedService<Worker>();
                services.AddGrpcClient<Counter.CounterClient>(options =>
                {
                    REGISTRATION
                });
            })
            .Build();

        host.Run();

        public class Worker : BackgroundService
        {
            private readonly Counter.CounterClient _counterClient;
            private AsyncClientStreamingCall<CounterRequest, CounterReply>? _clientStreamingCall;

            public Worker(Counter.CounterClient counterClient) => _counterClient = counterClient;

            public override async Task StartAsync(CancellationToken cancellationToken)
            {
                _clientStreamingCall = START;
                await base.StartAsync(cancellationToken);
            }

            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                while (!stoppingToken.IsCancellationRequested)
                {
                    await _clientStreamingCall!.RequestStream.WriteAsync(new CounterRequest { Count = 1 });
                    await Task.Delay(1000, stoppingToken);
                }
            }

            public override async Task StopAsync(CancellationToken cancellationToken)
            {
                await _clientStreamingCall!.RequestStream.CompleteAsync();
                var response = await _clientStreamingCall;
                await STOP;
                await base.StopAsync(cancellationToken);
            }
        }
        """;

    private static string Source(string registration, string start, string stop)
        => Worker.Replace("REGISTRATION", registration).Replace("START", start).Replace("STOP", stop) + GeneratedClient;

    // The whole registration statement replaced, for calls chained on the builder AddGrpcClient returns.
    private static string SourceRegisteredBy(string statement, string start, string stop)
    {
        var registration = Worker.IndexOf("services.AddGrpcClient", System.StringComparison.Ordinal);
        var end = Worker.IndexOf("});", registration, System.StringComparison.Ordinal) + "});".Length;
        return (Worker.Substring(0, registration) + statement + Worker.Substring(end)).Replace("START", start).Replace("STOP", stop) + GeneratedClient;
    }

    [Theory]
    [InlineData("options.Address = new Uri(\"https://localhost:5001\");")]
    [InlineData("options.Address = new Uri(\"http://127.0.0.1:5000\");")]
    public Task ClientRegisteredOnLoopbackIsNotReportedAtStartUp(string registration)
        => Startup.VerifyAsync(
            Source(registration, "_counterClient.AccumulateCount(cancellationToken: CancellationToken.None)", "Task.CompletedTask"),
            editorConfig: null,
            Grpc);

    [Fact]
    public Task ClientRegisteredOnLoopbackIsNotReportedAtShutdown()
        => Shutdown.VerifyAsync(
            Source("options.Address = new Uri(\"https://localhost:5001\");", "null", "_counterClient.IncrementCountAsync(new CounterRequest(), cancellationToken: cancellationToken).ResponseAsync"),
            editorConfig: null,
            Grpc);

    [Theory]
    [InlineData("options.Address = new Uri(\"http://counter.default.svc.cluster.local:5000\");")]
    [InlineData("options.Address = new Uri(hostContext.Configuration[\"CounterUrl\"]!);")]
    public Task ClientRegisteredElsewhereIsStillReportedAtStartUp(string registration)
        => Startup.VerifyAsync(
            Source(registration, "{|MESH030:_counterClient.AccumulateCount(cancellationToken: CancellationToken.None)|}", "Task.CompletedTask"),
            editorConfig: null,
            Grpc);

    [Fact]
    public Task ClientRegisteredElsewhereIsStillReportedAtShutdown()
        => Shutdown.VerifyAsync(
            Source("options.Address = new Uri(\"http://counter:5000\");", "null", "{|MESH031:_counterClient.IncrementCountAsync(new CounterRequest(), cancellationToken: cancellationToken)|}.ResponseAsync"),
            editorConfig: null,
            Grpc);

    // A configuration value whose default is loopback, as for typed HttpClients (SetsLoopbackAddress).
    [Theory]
    [InlineData("options.Address = new Uri(hostContext.Configuration[\"CounterUrl\"] ?? \"https://localhost:5001\");")]
    [InlineData("options.Address = new Uri(hostContext.Configuration.GetValue(\"CounterUrl\", \"http://127.0.0.1:5000\")!);")]
    public Task ClientRegisteredOnALoopbackDefaultIsNotReported(string registration)
        => Startup.VerifyAsync(
            "using Microsoft.Extensions.Configuration;\n" + Source(registration, "_counterClient.AccumulateCount(cancellationToken: CancellationToken.None)", "Task.CompletedTask"),
            editorConfig: null,
            Grpc);

    // Grpc.Net.ClientFactory (2.64.0 on) takes the BaseAddress a chained ConfigureHttpClient sets as the client's address when
    // Address is not set (grpc/grpc-dotnet v2.65.0 src/Grpc.Net.ClientFactory/Internal/GrpcCallInvokerFactory.cs).
    [Theory]
    [InlineData("services.AddGrpcClient<Counter.CounterClient>().ConfigureHttpClient(c => c.BaseAddress = new Uri(\"https://localhost:5001\"));")]
    [InlineData("services.AddGrpcClient<Counter.CounterClient>(\"counter\").ConfigureHttpClient((sp, c) => c.BaseAddress = new Uri(hostContext.Configuration[\"CounterUrl\"] ?? \"http://127.0.0.1:5000\"));")]
    public Task ClientWhoseChainedConfigureHttpClientSetsALoopbackBaseAddressIsNotReported(string statement)
        => Shutdown.VerifyAsync(
            SourceRegisteredBy(statement, "null", "_counterClient.IncrementCountAsync(new CounterRequest(), cancellationToken: cancellationToken).ResponseAsync"),
            editorConfig: null,
            Grpc);

    [Theory]
    [InlineData("services.AddGrpcClient<Counter.CounterClient>().ConfigureHttpClient(c => c.BaseAddress = new Uri(\"http://counter:5000\"));")]
    // ConfigureChannel sets GrpcChannelOptions, which hold no address: nothing says where the client goes.
    [InlineData("services.AddGrpcClient<Counter.CounterClient>().ConfigureChannel(o => o.MaxRetryAttempts = 5);")]
    public Task ClientWhoseChainedConfigurationIsNotLoopbackIsReported(string statement)
        => Shutdown.VerifyAsync(
            SourceRegisteredBy(statement, "null", "{|MESH031:_counterClient.IncrementCountAsync(new CounterRequest(), cancellationToken: cancellationToken)|}.ResponseAsync"),
            editorConfig: null,
            Grpc);

    // grpc-dotnet examples/Greeter/Client: a console program on a loopback channel. The generated overload it calls forwards
    // to another with 'this' as receiver; the call stays in the pod all the same.
    private const string Greeter = """
        using System;
        using Count;
        using Grpc.Net.Client;

        using var channel = GrpcChannel.ForAddress(ADDRESS);
        var client = new Counter.CounterClient(channel);
        var reply = CALL;
        Console.WriteLine("Count: " + reply.Count);
        Console.WriteLine("Press any key to exit...");
        Console.ReadKey();
        """;

    [Theory]
    [InlineData("\"https://localhost:5001\"")]
    [InlineData("new Uri(\"http://127.0.0.1:5000\")")]
    public Task ClientOnALoopbackChannelIsNotReported(string address)
        => Startup.VerifyAsync(
            Greeter.Replace("ADDRESS", address).Replace("CALL", "await client.IncrementCountAsync(new CounterRequest { Count = 1 })") + GeneratedClient,
            editorConfig: null,
            Grpc);

    [Fact]
    public Task ClientOnAClusterChannelIsReported()
        => Startup.VerifyAsync(
            Greeter.Replace("ADDRESS", "\"http://counter.default.svc.cluster.local:5000\"").Replace("CALL", "await {|MESH030:client.IncrementCountAsync(new CounterRequest { Count = 1 })|}") + GeneratedClient,
            editorConfig: null,
            Grpc);

    // Two registrations (a named client for another environment): one remote address is enough to be reported.
    [Fact]
    public Task OneRemoteRegistrationAmongLoopbackOnesIsReported()
        => Startup.VerifyAsync(
            Source(
                "options.Address = new Uri(\"https://localhost:5001\");\n            });\n            services.AddGrpcClient<Counter.CounterClient>(\"remote\", options =>\n            {\n                options.Address = new Uri(\"http://counter:5000\");",
                "{|MESH030:_counterClient.AccumulateCount(cancellationToken: CancellationToken.None)|}",
                "Task.CompletedTask"),
            editorConfig: null,
            Grpc);
}
