using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Xunit;
using Verify = MeshReady.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MeshReady.Analyzers.Listening.ReservedPortAnalyzer>;

namespace MeshReady.Analyzers.Tests.Listening;

public class ReservedPortAnalyzerTests
{
    // ---- Positive: listening on a sidecar port ----

    [Fact]
    public Task ListenAnyIPOnTheMetricsPort()
        => Verify.VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;

            var builder = WebApplication.CreateBuilder(args);
            builder.WebHost.ConfigureKestrel(o =>
            {
                o.ListenAnyIP(8080);
                o.ListenAnyIP({|MESH002:15090|});
            });
            builder.Build().Run();
            """);

    [Fact]
    public Task PortFromAConstant()
        => Verify.VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;

            public static class Ports
            {
                public const int Admin = 15000;
            }

            public static class Program
            {
                public static void Main(string[] args)
                {
                    var builder = WebApplication.CreateBuilder(args);
                    builder.WebHost.ConfigureKestrel(o => o.ListenAnyIP({|MESH002:Ports.Admin|}));
                    builder.Build().Run();
                }
            }
            """);

    [Fact]
    public Task UseUrlsOnTheStatusPort()
        => Verify.VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;

            var builder = WebApplication.CreateBuilder(args);
            builder.WebHost.UseUrls("http://+:8080", {|MESH002:"http://+:15020"|});
            builder.Build().Run();
            """);

    [Fact]
    public Task AppRunOnTheHealthPortThroughALocal()
        => Verify.VerifyAsync("""
            using Microsoft.AspNetCore.Builder;

            var app = WebApplication.CreateBuilder(args).Build();
            const int healthPort = 15021;
            app.Run({|MESH002:$"http://0.0.0.0:{healthPort}"|});
            """);

    [Fact]
    public Task TcpListenerOnTheInboundCapturePort()
        => Verify.VerifyAsync("""
            using System.Net;
            using System.Net.Sockets;

            public static class RawServer
            {
                public static TcpListener Start()
                {
                    var listener = new TcpListener(IPAddress.Any, {|MESH002:15006|});
                    listener.Start();
                    return listener;
                }
            }
            """);

    [Fact]
    public Task SocketBindOnTheDnsProxyPort()
        => Verify.VerifyAsync("""
            using System.Net;
            using System.Net.Sockets;

            public static class DnsForwarder
            {
                public static Socket Start()
                {
                    var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    socket.Bind(new IPEndPoint(IPAddress.Any, {|MESH002:15053|}));
                    return socket;
                }
            }
            """);

    [Fact]
    public Task OutboundCallToAnotherPodsAdminPort()
        => Verify.VerifyAsync("""
            using System.Net.Http;
            using System.Threading.Tasks;

            public class ConfigDumper
            {
                private readonly HttpClient _http;
                public ConfigDumper(HttpClient http) => _http = http;

                public Task<string> DumpAsync() => _http.GetStringAsync({|MESH002:"http://orders:15000/config_dump"|});

                public Task<string> OutboundAsync() => _http.GetStringAsync({|MESH002:"http://10.12.0.7:15001/"|});
            }
            """);

    [Fact]
    public async Task AppSettingsAndDockerfile()
    {
        var test = Verify.Create();
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        test.TestState.Sources.Add("Microsoft.AspNetCore.Builder.WebApplication.CreateBuilder(args).Build().Run();");
        test.TestState.AdditionalFiles.Add(("/app/appsettings.json", """
            {
              "Kestrel": {
                "Endpoints": {
                  "Api": { "Url": "http://+:8080" },
                  "Metrics": { "Url": {|MESH002:"http://+:15090"|} }
                }
              }
            }
            """));
        test.TestState.AdditionalFiles.Add(("/app/Dockerfile", """
            FROM mcr.microsoft.com/dotnet/aspnet:8.0
            ENV ASPNETCORE_HTTP_PORTS={|MESH002:15020|}
            EXPOSE {|MESH002:15020|}
            """));
        await test.RunAsync(CancellationToken.None);
    }

    // ---- Negative ----

    [Fact]
    public Task OrdinaryPortsAreFine()
        => Verify.VerifyAsync("""
            using System.Net;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;

            var builder = WebApplication.CreateBuilder(args);
            builder.WebHost.UseUrls("http://+:8080", "http://+:15100", "http://+:14999");
            builder.WebHost.ConfigureKestrel(o =>
            {
                o.ListenAnyIP(5000);
                o.Listen(IPAddress.Any, 9090);
            });
            builder.Build().Run();
            """);

    [Fact]
    public Task CallingThisPodsSidecarOnLoopbackIsWhatTheHelpersDo()
        => Verify.VerifyAsync("""
            using System.Net.Http;
            using System.Threading.Tasks;

            public static class Sidecar
            {
                private static readonly HttpClient Http = new();

                public static Task<HttpResponseMessage> ReadyAsync() => Http.GetAsync("http://127.0.0.1:15021/healthz/ready");

                public static Task<HttpResponseMessage> QuitAsync() => Http.PostAsync("http://localhost:15020/quitquitquit", null);

                public static Task<string> StatsAsync() => Http.GetStringAsync("http://[::1]:15000/stats");
            }
            """);

    [Fact]
    public Task ScrapingMetricsAndHealthOfOtherPodsIsLegitimate()
        => Verify.VerifyAsync("""
            using System.Net.Http;
            using System.Threading.Tasks;

            public class MeshScraper
            {
                private readonly HttpClient _http = new();

                public Task<string> MetricsAsync(string podIp) => _http.GetStringAsync($"http://{podIp}:15020/stats/prometheus");

                public Task<string> EnvoyMetricsAsync() => _http.GetStringAsync("http://10.12.0.7:15090/stats/prometheus");

                public Task<string> HealthAsync() => _http.GetStringAsync("http://orders:15021/healthz/ready");
            }
            """);

    [Fact]
    public Task NumbersThatAreNotPorts()
        => Verify.VerifyAsync("""
            using System;
            using System.Threading.Tasks;

            public static class Retry
            {
                public const int TimeoutMs = 15000;

                public static Task WaitAsync() => Task.Delay(15000);

                public static TimeSpan Budget => TimeSpan.FromMilliseconds(15020);
            }
            """);

    [Fact]
    public Task PortsComputedAtRunTimeAreSilent()
        => Verify.VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;

            var builder = WebApplication.CreateBuilder(args);
            var port = int.Parse(builder.Configuration["Port"] ?? "8080");
            builder.WebHost.ConfigureKestrel(o => o.ListenAnyIP(port));
            builder.Build().Run();
            """);

    [Fact]
    public Task ExternalUrlsOnOrdinaryPortsAreSilent()
        => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;

            public static class Clients
            {
                public static HttpClient Payments() => new() { BaseAddress = new Uri("https://api.payments.example.com:8443") };

                public static HttpClient Orders() => new() { BaseAddress = new Uri("http://orders:8080") };
            }
            """);

    [Fact]
    public async Task DevelopmentSettingsAndBuildStagesAreSilent()
    {
        var test = Verify.Create();
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        test.TestState.Sources.Add("Microsoft.AspNetCore.Builder.WebApplication.CreateBuilder(args).Build().Run();");
        test.TestState.AdditionalFiles.Add(("/app/appsettings.Development.json", """{ "Urls": "http://+:15020" }"""));
        test.TestState.AdditionalFiles.Add(("/app/Dockerfile", """
            FROM mcr.microsoft.com/dotnet/sdk:8.0 AS build
            EXPOSE 15000
            FROM mcr.microsoft.com/dotnet/aspnet:8.0
            EXPOSE 8080
            """));
        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public Task AmbientDataPlaneStillReservesPorts()
        => Verify.VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;

            var builder = WebApplication.CreateBuilder(args);
            builder.WebHost.ConfigureKestrel(o => o.ListenAnyIP({|MESH002:15008|}));
            builder.Build().Run();
            """, editorConfig: "meshready.data_plane = ambient", references: null);

    // ---- Release and data plane decide which ports are bound ----

    [Fact]
    public Task AgentDebugPortBeforeIstio125()
        => Verify.VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;

            var builder = WebApplication.CreateBuilder(args);
            builder.WebHost.ConfigureKestrel(o => o.ListenAnyIP({|MESH002:15004|}));
            builder.Build().Run();
            """, editorConfig: "meshready.istio_version = 1.24", references: null);

    [Fact]
    public Task AgentDebugPortIsFreeFromIstio125()
        => Verify.VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;

            var builder = WebApplication.CreateBuilder(args);
            builder.WebHost.ConfigureKestrel(o => o.ListenAnyIP(15004));
            builder.Build().Run();
            """, editorConfig: "meshready.istio_version = 1.25", references: null);

    [Fact]
    public Task Socks5PortIsAmbientOnly()
        => Verify.VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;

            var builder = WebApplication.CreateBuilder(args);
            builder.WebHost.ConfigureKestrel(o => o.ListenAnyIP(15080));
            builder.Build().Run();
            """, editorConfig: null, references: null);

    [Fact]
    public Task MessageSaysWhetherThePortIsAlwaysBound()
        => Verify.VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;

            var builder = WebApplication.CreateBuilder(args);
            builder.WebHost.ConfigureKestrel(o => o.ListenAnyIP({|#0:15053|}));
            builder.Build().Run();
            """,
            Verify.Diagnostic("MESH002").WithLocation(0).WithArguments(
                "ListenAnyIP listens on", "15053", "the Istio sidecar", "the DNS proxy",
                "bound only when DNS capture is on (ISTIO_META_DNS_CAPTURE; ztunnel's DNS proxy in ambient pods)",
                "the application or the proxy fails to bind it, or mesh traffic reaches the wrong listener; choose a port outside 15000-15090, such as 8080"));

    [Fact]
    public Task DataPlaneNoneIsSilent()
        => Verify.VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;

            var builder = WebApplication.CreateBuilder(args);
            builder.WebHost.ConfigureKestrel(o => o.ListenAnyIP(15008));
            builder.Build().Run();
            """, editorConfig: "meshready.data_plane = none", references: null);

    [Fact]
    public Task HalfTypedCodeDoesNotCrash()
        => Verify.VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;

            var builder = WebApplication.CreateBuilder(args);
            builder.WebHost.ConfigureKestrel(o => o.ListenAnyIP({|CS1503:"15020"|}));
            builder.WebHost.UseUrls({|CS0103:urls|});
            """);
}
