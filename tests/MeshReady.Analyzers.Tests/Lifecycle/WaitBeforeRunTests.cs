using System.Threading.Tasks;
using Xunit;
using static MeshReady.Analyzers.Tests.Lifecycle.LifecycleStandIns;
using Verify = MeshReady.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MeshReady.Analyzers.Lifecycle.StartupCallAnalyzer>;

namespace MeshReady.Analyzers.Tests.Lifecycle;

/// <summary>
/// <c>await MeshProxy.WaitUntilReadyAsync()</c> in the entry point before <c>Run</c>, the fix MESH030's message names: the host
/// starts its hosted services in <c>Run</c>, after the wait, so their start-up calls no longer race the sidecar (as with
/// <c>AddMeshReadiness()</c>). A wait that may not run (under a condition) or that comes after <c>Run</c> covers nothing.
/// </summary>
public class WaitBeforeRunTests
{
    private static string Program(string statements) => """
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using MeshReady;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;
        using RabbitMQ.Client;

        var builder = Host.CreateApplicationBuilder(args);
        builder.Services.AddHostedService<Publisher>();
        var host = builder.Build();
        """ + statements + """


        public sealed class Publisher : IHostedService
        {
            private IConnection? _connection;
            public Task StartAsync(CancellationToken ct) { _connection = MARK; return Task.CompletedTask; }
            public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
        }
        """ + RabbitMq + MeshProxy;

    private const string Connect = """new ConnectionFactory { HostName = "rabbitmq" }.CreateConnection()""";

    private static string Reported(string statements) => Program(statements).Replace("MARK", "{|MESH030:" + Connect + "|}");

    private static string Silent(string statements) => Program(statements).Replace("MARK", Connect);

    [Fact]
    public Task WaitBeforeRunCoversHostedServices()
        => Verify.VerifyAsync(Silent("""
            await MeshProxy.WaitUntilReadyAsync();
            await host.RunAsync();
            """));

    [Fact]
    public Task WaitWithTimeoutBeforeSynchronousRunCoversHostedServices()
        => Verify.VerifyAsync(Silent("""
            var ready = await MeshProxy.WaitUntilReadyAsync(TimeSpan.FromSeconds(30));
            host.Run();
            """));

    [Fact]
    public Task ConditionalWaitDoesNotCover()
        => Verify.VerifyAsync(Reported("""
            if (args.Length > 0)
            {
                await MeshProxy.WaitUntilReadyAsync();
            }

            await host.RunAsync();
            """));

    [Fact]
    public Task WaitAfterRunDoesNotCover()
        => Verify.VerifyAsync(Reported("""
            await host.RunAsync();
            await MeshProxy.WaitUntilReadyAsync();
            """));

    [Fact]
    public Task NoWaitIsReported()
        => Verify.VerifyAsync(Reported("""
            await host.RunAsync();
            """));
}
