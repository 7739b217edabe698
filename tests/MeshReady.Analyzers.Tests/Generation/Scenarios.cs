namespace MeshReady.Analyzers.Tests.Generation;

/// <summary>The four consumer shapes the generated code must serve, written the way services are written.</summary>
internal static class Scenarios
{
    public const string MinimalApi = """
        using MeshReady;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Hosting;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.DependencyInjection;

        [assembly: MeshPort(8080, MeshProtocol.Http, Name = "http-orders")]

        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddMeshReadiness(options => options.ShutdownDrain = System.TimeSpan.FromSeconds(5));
        builder.WebHost.UseUrls("http://+:" + MeshPorts.HttpOrders);

        var app = builder.Build();
        app.MapGet("/orders", () => Results.Ok(MeshPorts.All.Count));
        app.Run();
        """;

    public const string GrpcService = """
        using System.Threading.Tasks;
        using MeshReady;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Hosting;
        using Microsoft.AspNetCore.Server.Kestrel.Core;
        using Microsoft.Extensions.DependencyInjection;

        [assembly: MeshPort(8080, MeshProtocol.Http, Name = "http-api")]
        [assembly: MeshPort(8081, MeshProtocol.Grpc, Name = "grpc-greeter")]

        var builder = WebApplication.CreateBuilder(args);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.ListenAnyIP(MeshPorts.HttpApi, o => o.Protocols = HttpProtocols.Http1);
            kestrel.ListenAnyIP(MeshPorts.GrpcGreeter, o => o.Protocols = HttpProtocols.Http2);
        });
        builder.Services.AddGrpc();
        builder.Services.AddMeshReadiness();

        var app = builder.Build();
        app.MapGrpcService<GreeterService>();
        await app.RunAsync();

        public sealed class GreeterService
        {
            public Task<string> SayHello(string name) => Task.FromResult("Hello " + name);
        }
        """;

    public const string Worker = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;

        var builder = Host.CreateApplicationBuilder(args);
        builder.Services.AddMeshReadiness(options =>
        {
            options.QuitSidecarOnStop = true;
            options.ReadinessTimeout = TimeSpan.FromSeconds(30);
        });
        builder.Services.AddHostedService<NightlyExport>();
        await builder.Build().RunAsync();

        public sealed class NightlyExport : BackgroundService
        {
            private readonly IHostApplicationLifetime lifetime;

            public NightlyExport(IHostApplicationLifetime lifetime) => this.lifetime = lifetime;

            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                await Task.Delay(10, stoppingToken);
                lifetime.StopApplication();
            }
        }
        """;

    public const string ConsoleProgram = """
        using System;
        using System.Net.Http;
        using MeshReady;

        if (!await MeshProxy.WaitUntilReadyAsync(TimeSpan.FromSeconds(30)))
        {
            Console.WriteLine("No sidecar ready: going on without waiting.");
        }

        try
        {
            using var http = new HttpClient();
            Console.WriteLine(await http.GetStringAsync("http://reports/daily"));
        }
        finally
        {
            await MeshProxy.QuitAsync();
        }
        """;
}
