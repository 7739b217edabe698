using System.Threading.Tasks;
using MeshReady.CodeFixes.Lifecycle;
using Xunit;
using static MeshReady.Analyzers.Tests.Lifecycle.LifecycleStandIns;
using VerifyFix = MeshReady.Analyzers.Tests.Infrastructure.CodeFixVerifier<MeshReady.Analyzers.Lifecycle.StartupCallAnalyzer, MeshReady.CodeFixes.Lifecycle.WaitForProxyCodeFix>;

namespace MeshReady.Analyzers.Tests.Lifecycle;

public class WaitForProxyCodeFixTests
{
    [Fact]
    public Task InsertsWaitBeforeTopLevelConnectAndAddsUsing()
        => VerifyFix.VerifyFixAsync(
            """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;
            using StackExchange.Redis;

            var builder = WebApplication.CreateBuilder(args);
            var redis = {|MESH030:ConnectionMultiplexer.Connect("redis:6379")|};
            builder.Services.AddSingleton<IConnectionMultiplexer>(redis);
            builder.Build().Run();
            """ + Redis + MeshProxy,
            """
            using MeshReady;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;
            using StackExchange.Redis;

            var builder = WebApplication.CreateBuilder(args);
            await MeshProxy.WaitUntilReadyAsync();
            var redis = ConnectionMultiplexer.Connect("redis:6379");
            builder.Services.AddSingleton<IConnectionMultiplexer>(redis);
            builder.Build().Run();
            """ + Redis + MeshProxy);

    [Fact]
    public Task MakesVoidMainAsync()
        => VerifyFix.VerifyFixAsync(
            """
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
            """ + MeshProxy,
            """
            using System.Net.Sockets;
            using System.Threading.Tasks;
            using MeshReady;
            using Microsoft.Extensions.Hosting;

            public static class Program
            {
                public static async Task Main(string[] args)
                {
                    using (var probe = new TcpClient())
                    {
                        await MeshProxy.WaitUntilReadyAsync();
                        probe.Connect("ledger.finance", 7000);
                    }

                    Host.CreateDefaultBuilder(args).Build().Run();
                }
            }
            """ + MeshProxy);

    // The config fetch runs in production only, so the worker's call is a race of its own (had it always run, the worker's call
    // would come after a call through the proxy and would not be reported: EarlierProxyCallTests). Fix All adds both waits;
    // fixed one at a time, Program's wait comes first, and then covers the worker, which comes after it (WaitBeforeRunTests).
    [Fact]
    public Task FixAllCoversProgramAndWorker()
        => VerifyFix.VerifyFixAllAndOneAtATimeAsync(
            """
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;

            var builder = Host.CreateApplicationBuilder(args);
            using var http = new HttpClient();
            var config = builder.Environment.IsDevelopment() ? "{}" : await {|MESH030:http.GetStringAsync("http://config-server/app/prod")|};
            builder.Services.AddHostedService<Warmup>();
            await builder.Build().RunAsync();

            public sealed class Warmup(HttpClient client) : BackgroundService
            {
                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    await {|MESH030:client.GetAsync("http://catalog/api/warmup", stoppingToken)|};
                }
            }
            """ + MeshProxy,
            """
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;
            using MeshReady;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;

            var builder = Host.CreateApplicationBuilder(args);
            using var http = new HttpClient();
            await MeshProxy.WaitUntilReadyAsync();
            var config = builder.Environment.IsDevelopment() ? "{}" : await http.GetStringAsync("http://config-server/app/prod");
            builder.Services.AddHostedService<Warmup>();
            await builder.Build().RunAsync();

            public sealed class Warmup(HttpClient client) : BackgroundService
            {
                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    await MeshProxy.WaitUntilReadyAsync();
                    await client.GetAsync("http://catalog/api/warmup", stoppingToken);
                }
            }
            """ + MeshProxy,
            """
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;
            using MeshReady;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;

            var builder = Host.CreateApplicationBuilder(args);
            using var http = new HttpClient();
            await MeshProxy.WaitUntilReadyAsync();
            var config = builder.Environment.IsDevelopment() ? "{}" : await http.GetStringAsync("http://config-server/app/prod");
            builder.Services.AddHostedService<Warmup>();
            await builder.Build().RunAsync();

            public sealed class Warmup(HttpClient client) : BackgroundService
            {
                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    await client.GetAsync("http://catalog/api/warmup", stoppingToken);
                }
            }
            """ + MeshProxy,
            WaitForProxyCodeFix.EquivalenceKey);

    [Fact]
    public Task NoFixWhereTheMethodCannotAwait()
        => VerifyFix.VerifyNoFixAsync("""
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Hosting;
            using RabbitMQ.Client;

            public sealed class Publisher : IHostedService
            {
                private IConnection? _connection;

                public Task StartAsync(CancellationToken cancellationToken)
                {
                    _connection = {|MESH030:new ConnectionFactory { HostName = "rabbitmq" }.CreateConnection()|};
                    return Task.CompletedTask;
                }

                public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
            }
            """ + RabbitMq + MeshProxy);
}
