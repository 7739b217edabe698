using System.Collections.Immutable;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using VerifyKestrel = MeshReady.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MeshReady.Analyzers.Listening.KestrelKeepAliveAnalyzer>;
using VerifyPool = MeshReady.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MeshReady.Analyzers.Clients.PoolIdleTimeoutAnalyzer>;
using VerifyWebSocket = MeshReady.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MeshReady.Analyzers.Clients.WebSocketKeepAliveAnalyzer>;

namespace MeshReady.Analyzers.Tests.Connections;

/// <summary>MESH014 (client pool idle), MESH015 (Kestrel keep-alive), MESH016 (WebSocket keep-alive).</summary>
public class ConnectionLifetimeTests
{
    // ---- MESH014 ----

    [Fact]
    public Task PoolIdleInfiniteOrAnHourIsFlagged()
        => VerifyPool.VerifyAsync("""
            using System;
            using System.Net.Http;
            using System.Threading;

            public static class Handlers
            {
                public static SocketsHttpHandler Forever() => new SocketsHttpHandler
                {
                    PooledConnectionIdleTimeout = {|MESH014:Timeout.InfiniteTimeSpan|},
                };

                public static SocketsHttpHandler Hour()
                {
                    var handler = new SocketsHttpHandler();
                    handler.PooledConnectionIdleTimeout = {|MESH014:TimeSpan.FromMinutes(90)|};
                    return handler;
                }
            }
            """);

    [Fact]
    public Task LegacyServicePointIdleIsFlagged()
        => VerifyPool.VerifyAsync("""
            using System.Net;

            #pragma warning disable SYSLIB0014
            public static class Legacy
            {
                public static void Configure() => ServicePointManager.MaxServicePointIdleTime = {|MESH014:-1|};
            }
            """);

    [Fact]
    public Task ShortPoolIdleAndLifetimeAreFine()
        => VerifyPool.VerifyAsync("""
            using System;
            using System.Net.Http;
            using System.Threading;

            public static class Handlers
            {
                public static SocketsHttpHandler Default() => new SocketsHttpHandler
                {
                    PooledConnectionIdleTimeout = TimeSpan.FromSeconds(60),
                    PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
                };
            }
            """);

    [Fact]
    public Task LowerMeshIdleTimeoutLowersTheThreshold()
        => VerifyPool.VerifyAsync("""
            using System;
            using System.Net.Http;

            public static class Handlers
            {
                public static SocketsHttpHandler Create() => new() { PooledConnectionIdleTimeout = {|MESH014:TimeSpan.FromMinutes(5)|} };
            }
            """, editorConfig: "meshready.idle_timeout = 2m", references: null);

    [Fact]
    public Task HandlerForALoopbackSidecarOfAnotherRuntimeIsFine()
        => VerifyPool.VerifyAsync("""
            using System;
            using System.Net.Http;
            using System.Threading;
            using Microsoft.Extensions.DependencyInjection;

            public static class DaprSidecar
            {
                // The Dapr sidecar listens on the pod's loopback; Envoy is not on this path.
                public static IServiceCollection AddDaprHttp(this IServiceCollection services)
                {
                    services.AddHttpClient("dapr", c => c.BaseAddress = new Uri("http://127.0.0.1:3500/v1.0/"))
                        .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan });
                    return services;
                }

                public static HttpClient Direct()
                {
                    var handler = new SocketsHttpHandler { PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan };
                    return new HttpClient(handler) { BaseAddress = new Uri("http://localhost:3500") };
                }
            }
            """);

    [Fact]
    public Task HandlerForLoopbackAndAMeshServiceIsFlagged()
        => VerifyPool.VerifyAsync("""
            using System;
            using System.Net.Http;
            using System.Threading;

            public static class Clients
            {
                public static (HttpClient Local, HttpClient Orders) Create()
                {
                    var handler = new SocketsHttpHandler { PooledConnectionIdleTimeout = {|MESH014:Timeout.InfiniteTimeSpan|} };
                    return (new HttpClient(handler) { BaseAddress = new Uri("http://localhost:3500") },
                            new HttpClient(handler) { BaseAddress = new Uri("http://orders.shop.svc.cluster.local") });
                }
            }
            """);

    // ---- MESH015 ----

    [Fact]
    public Task ShortKestrelKeepAliveIsInfo()
        => VerifyKestrel.VerifyAsync("""
            using System;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;

            var builder = WebApplication.CreateBuilder(args);
            builder.WebHost.ConfigureKestrel(o => o.Limits.KeepAliveTimeout = TimeSpan.FromSeconds(30));
            builder.Build().Run();
            """,
            VerifyKestrel.Diagnostic("MESH015").WithSeverity(DiagnosticSeverity.Info).WithSpan(6, 67, 6, 91).WithArguments("30s", "1h"));

    [Fact]
    public Task KeepAliveAboveMeshIdleOrInfiniteIsFine()
        => VerifyKestrel.VerifyAsync("""
            using System;
            using System.Threading;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;

            var builder = WebApplication.CreateBuilder(args);
            builder.WebHost.ConfigureKestrel(o => o.Limits.KeepAliveTimeout = TimeSpan.FromMinutes(61));
            builder.WebHost.ConfigureKestrel(o => o.Limits.KeepAliveTimeout = Timeout.InfiniteTimeSpan);
            builder.WebHost.ConfigureKestrel(o => o.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(30));
            builder.Build().Run();
            """);

    [Fact]
    public Task KestrelsDefaultKeepAliveBeforeIstio124IsReportedOnceAtTheHost()
        => VerifyKestrel.VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;

            var builder = WebApplication.CreateBuilder(args);
            builder.WebHost.ConfigureKestrel(o => o.AddServerHeader = false);
            builder.Build().Run();
            """,
            "meshready.istio_version = 1.22.4",
            null,
            VerifyKestrel.Diagnostic("MESH015").WithSeverity(DiagnosticSeverity.Info).WithSpan(4, 30, 4, 43).WithArguments("2m10s (Kestrel's default)", "1h"));

    [Fact]
    public Task KestrelsDefaultKeepAliveInAGenericHostBeforeIstio124()
        => VerifyKestrel.VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;
            using Microsoft.AspNetCore.Http;
            using Microsoft.Extensions.Hosting;

            public static class Program
            {
                public static void Main(string[] args)
                    => Host.CreateDefaultBuilder(args)
                        .{|MESH015:ConfigureWebHostDefaults|}(web => web.Configure(app => app.Run(context => context.Response.WriteAsync("ok"))))
                        .Build()
                        .Run();
            }
            """,
            "meshready.istio_version = 1.23",
            null);

    [Theory]
    [InlineData("meshready.istio_version = 1.24")] // inbound retries hide the race
    [InlineData("meshready.istio_version = 1.28")]
    [InlineData(null)] // the newest release by default
    [InlineData("meshready.istio_version = 1.22\nmeshready.idle_timeout = 60s")] // the mesh lets go first
    [InlineData("meshready.istio_version = 1.22\nmeshready.data_plane = none")]
    public Task KestrelsDefaultKeepAliveIsSilentWhereTheRaceIsHiddenOrAbsent(string? editorConfig)
        => VerifyKestrel.VerifyAsync("""
            using Microsoft.AspNetCore.Builder;

            var app = WebApplication.CreateBuilder(args).Build();
            app.Run();
            """,
            editorConfig,
            null);

    [Fact]
    public Task KeepAliveSetAnywhereOrBoundFromConfigurationSilencesTheDefaultCase()
        => VerifyKestrel.VerifyAsync("""
            using System;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;
            using Microsoft.AspNetCore.Server.Kestrel.Core;
            using Microsoft.Extensions.DependencyInjection;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.Configure<KestrelServerOptions>(o => o.Limits.KeepAliveTimeout = TimeSpan.FromHours(2));
            builder.Build().Run();

            public static class Other
            {
                public static void Bind(WebApplicationBuilder builder)
                    => builder.Services.Configure<KestrelServerOptions>(builder.Configuration.GetSection("Kestrel"));
            }
            """,
            "meshready.istio_version = 1.20",
            null);

    // Kestrel's default keep-alive was 2 min before ASP.NET Core 6 (dotnet/aspnetcore#32636): with the real
    // ASP.NET Core 5 reference pack, a 125 s mesh idle timeout outlives it; with ASP.NET Core 8 (130 s) it does not.
    private static readonly ReferenceAssemblies AspNetCore50 = ReferenceAssemblies.Net.Net50.AddPackages(
        ImmutableArray.Create(new PackageIdentity("Microsoft.AspNetCore.App.Ref", "5.0.0")));

    private const string GenericWebHost = """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Hosting;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.Hosting;

        public static class Program
        {
            public static void Main(string[] args)
                => Host.CreateDefaultBuilder(args)
                    .ConfigureWebHostDefaults(web => web.Configure(app => app.Run(context => context.Response.WriteAsync("ok"))))
                    .Build()
                    .Run();
        }
        """;

    [Fact]
    public Task KestrelsDefaultBeforeAspNetCore6IsTwoMinutes()
        => VerifyKestrel.VerifyAsync(
            GenericWebHost,
            "meshready.istio_version = 1.22\nmeshready.idle_timeout = 125s",
            AspNetCore50,
            VerifyKestrel.Diagnostic("MESH015").WithSeverity(DiagnosticSeverity.Info).WithSpan(10, 14, 10, 38).WithArguments("2m (Kestrel's default)", "2m5s"));

    [Fact]
    public Task KestrelsDefaultFromAspNetCore6OutlivesTheSameMeshIdleTimeout()
        => VerifyKestrel.VerifyAsync(GenericWebHost, "meshready.istio_version = 1.22\nmeshready.idle_timeout = 125s", null);

    // ---- MESH016 ----

    [Fact]
    public Task DisabledWebSocketKeepAlives()
        => VerifyWebSocket.VerifyAsync("""
            using System;
            using System.Net.WebSockets;
            using System.Threading;
            using Microsoft.AspNetCore.Builder;

            var app = WebApplication.Create(args);
            app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = {|MESH016:TimeSpan.Zero|} });
            var socket = new ClientWebSocket();
            socket.Options.KeepAliveInterval = {|MESH016:Timeout.InfiniteTimeSpan|};
            app.Run();
            """);

    [Fact]
    public Task ShortWebSocketKeepAlivesAreFine()
        => VerifyWebSocket.VerifyAsync("""
            using System;
            using System.Net.WebSockets;
            using Microsoft.AspNetCore.Builder;

            var app = WebApplication.Create(args);
            app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
            var socket = new ClientWebSocket();
            socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(15);
            app.Run();
            """);
}
