using System.Threading;
using System.Threading.Tasks;
using MeshReady.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = MeshReady.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MeshReady.Analyzers.Listening.LoopbackListenerAnalyzer>;
using VerifyFix = MeshReady.Analyzers.Tests.Infrastructure.CodeFixVerifier<MeshReady.Analyzers.Listening.LoopbackListenerAnalyzer, MeshReady.CodeFixes.Listening.ListenOnAnyIPCodeFix>;

namespace MeshReady.Analyzers.Tests.Listening;

public class LoopbackListenerAnalyzerTests
{
    private static readonly ReferenceAssemblies WithXunit = TestReferences.WithPackages(("xunit.extensibility.core", "2.9.3"), ("xunit.assert", "2.9.3"));

    // ---- Positive: loopback-only listeners in service code ----

    [Fact]
    public Task ListenLocalhostInConfigureKestrel()
        => Verify.VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;

            var builder = WebApplication.CreateBuilder(args);
            builder.WebHost.ConfigureKestrel(options => options.{|MESH001:ListenLocalhost|}(8080));
            var app = builder.Build();
            app.MapGet("/orders", () => "[]");
            app.Run();
            """);

    [Fact]
    public Task UseUrlsWithLocalhost()
        => Verify.VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;

            var builder = WebApplication.CreateBuilder(args);
            builder.WebHost.UseUrls({|MESH001:"http://localhost:5000"|});
            var app = builder.Build();
            app.Run();
            """);

    [Fact]
    public Task ListenOnIPAddressLoopbackWithOptions()
        => Verify.VerifyAsync("""
            using System.Net;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;
            using Microsoft.AspNetCore.Server.Kestrel.Core;

            var builder = WebApplication.CreateBuilder(args);
            builder.WebHost.ConfigureKestrel(kestrel =>
            {
                kestrel.Listen({|MESH001:IPAddress.Loopback|}, 8080, listen => listen.Protocols = HttpProtocols.Http1);
                kestrel.Listen({|MESH001:IPAddress.IPv6Loopback|}, 8080);
            });
            var app = builder.Build();
            app.Run();
            """);

    [Fact]
    public Task AppRunAndUrlsAddWithLoopbackAddresses()
        => Verify.VerifyAsync("""
            using Microsoft.AspNetCore.Builder;

            var builder = WebApplication.CreateBuilder(args);
            var app = builder.Build();
            var port = builder.Configuration["Port"] ?? "8080";
            app.Urls.Add({|MESH001:$"http://127.0.0.1:{port}"|});
            app.Run({|MESH001:"http://[::1]:8081"|});
            """);

    [Fact]
    public Task StartupClassWithWebHostBuilder()
        => Verify.VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;
            using Microsoft.Extensions.Hosting;

            public static class Program
            {
                private const string Urls = "http://localhost:8080;http://localhost:8443";

                public static void Main(string[] args)
                    => Host.CreateDefaultBuilder(args)
                        .ConfigureWebHostDefaults(web => web.UseStartup<Startup>().UseUrls({|MESH001:{|MESH001:Urls|}|}))
                        .Build()
                        .Run();
            }

            public class Startup
            {
                public void Configure(IApplicationBuilder app) { }
            }
            """);

    [Fact]
    public Task TcpListenerInAHostedWorker()
        => Verify.VerifyAsync("""
            using System.Net;
            using System.Net.Sockets;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Hosting;

            public sealed class LegacyProtocolServer : BackgroundService
            {
                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    var listener = new TcpListener({|MESH001:IPAddress.Loopback|}, 7070);
                    listener.Start();
                    while (!stoppingToken.IsCancellationRequested)
                    {
                        using var client = await listener.AcceptTcpClientAsync(stoppingToken);
                    }
                }
            }
            """);

    [Fact]
    public Task SocketBindAndHttpListenerInAHostedWorker()
        => Verify.VerifyAsync("""
            using System.Net;
            using System.Net.Sockets;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Hosting;

            public sealed class StatusServer : BackgroundService
            {
                protected override Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    socket.Bind(new IPEndPoint({|MESH001:IPAddress.Loopback|}, 9000));
                    socket.Listen(100);

                    var http = new HttpListener();
                    http.Prefixes.Add({|MESH001:"http://localhost:9001/"|});
                    http.Start();
                    return Task.CompletedTask;
                }
            }
            """);

    [Fact]
    public Task SetEnvironmentVariableAspNetCoreUrls()
        => Verify.VerifyAsync("""
            using System;
            using Microsoft.AspNetCore.Builder;

            Environment.SetEnvironmentVariable("ASPNETCORE_URLS", {|MESH001:"http://localhost:8080"|});
            var app = WebApplication.CreateBuilder(args).Build();
            app.Run();
            """);

    [Fact]
    public Task ProductionBranchIsStillFlagged()
        => Verify.VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;
            using Microsoft.Extensions.Hosting;

            var builder = WebApplication.CreateBuilder(args);
            if (!builder.Environment.IsDevelopment())
            {
                builder.WebHost.UseUrls({|MESH001:"http://localhost:8080"|});
            }

            builder.Build().Run();
            """);

    [Fact]
    public async Task AppSettingsAndDockerfileLoopbackUrls()
    {
        var test = Verify.Create();
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        test.TestState.Sources.Add("Microsoft.AspNetCore.Builder.WebApplication.CreateBuilder(args).Build().Run();");
        test.TestState.AdditionalFiles.Add(("/app/appsettings.json", """
            {
              "Kestrel": {
                "Endpoints": {
                  "Api": { "Url": {|MESH001:"http://localhost:8080"|} },
                  "Metrics": { "Url": "http://+:9090" }
                }
              },
              "Urls": {|MESH001:"http://127.0.0.1:5000"|}
            }
            """));
        test.TestState.AdditionalFiles.Add(("/app/Dockerfile", """
            FROM mcr.microsoft.com/dotnet/aspnet:8.0
            ENV ASPNETCORE_URLS={|MESH001:http://localhost:8080|}
            EXPOSE 8080
            """));
        await test.RunAsync(CancellationToken.None);
    }

    // ---- Negative: any-IP binds, look-alikes, development and test code ----

    [Fact]
    public Task AnyIPBindsAreFine()
        => Verify.VerifyAsync("""
            using System.Net;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;

            var builder = WebApplication.CreateBuilder(args);
            builder.WebHost.UseUrls("http://+:8080", "http://*:8081", "http://0.0.0.0:8082", "http://[::]:8083");
            builder.WebHost.ConfigureKestrel(options =>
            {
                options.ListenAnyIP(9000);
                options.Listen(IPAddress.Any, 9001);
                options.Listen(IPAddress.IPv6Any, 9002);
            });
            var app = builder.Build();
            app.Urls.Add("http://orders-api:8080");
            app.Run();
            """);

    [Fact]
    public Task OutboundCallsToLocalhostAreNotListeners()
        => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;
            using System.Net.Sockets;
            using System.Threading.Tasks;

            public class SidecarClient
            {
                private readonly HttpClient _http = new() { BaseAddress = new Uri("http://localhost:15021") };

                public async Task<bool> ReadyAsync()
                {
                    using var tcp = new TcpClient();
                    await tcp.ConnectAsync("127.0.0.1", 15000);
                    var response = await _http.GetAsync("http://localhost:15021/healthz/ready");
                    return response.IsSuccessStatusCode;
                }
            }
            """);

    [Fact]
    public Task DevelopmentOnlyBranchIsSilent()
        => Verify.VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;
            using Microsoft.Extensions.Hosting;

            var builder = WebApplication.CreateBuilder(args);
            if (builder.Environment.IsDevelopment())
            {
                builder.WebHost.UseUrls("http://localhost:5000");
                builder.WebHost.ConfigureKestrel(o => o.ListenLocalhost(5001));
            }
            else
            {
                builder.WebHost.UseUrls("http://+:8080");
            }

            if (builder.Environment.IsEnvironment("Development"))
            {
                builder.WebHost.UseUrls("http://127.0.0.1:5002");
            }

            builder.Build().Run();
            """);

    [Fact]
    public Task StringsThatAreNotBindsAreSilent()
        => Verify.VerifyAsync("""
            using System;
            using System.Collections.Generic;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.Logging;

            var builder = WebApplication.CreateBuilder(args);
            var app = builder.Build();
            var allowedOrigins = new List<string>();
            allowedOrigins.Add("http://localhost:3000");
            app.Logger.LogInformation("Open http://localhost:8080/swagger to try it");
            Console.WriteLine("listening on http://localhost:8080");
            app.Run();
            """);

    [Fact]
    public Task ConsoleToolOAuthCallbackListenerIsSilent()
        => Verify.VerifyAsync("""
            using System.Net;
            using System.Threading.Tasks;

            public static class LoginCommand
            {
                public static async Task<string?> WaitForCodeAsync()
                {
                    var listener = new HttpListener();
                    listener.Prefixes.Add("http://localhost:7890/callback/");
                    listener.Start();
                    var context = await listener.GetContextAsync();
                    return context.Request.QueryString["code"];
                }
            }
            """, editorConfig: null, references: TestReferences.Net80);

    [Fact]
    public Task UrlsComputedAtRunTimeAreSilent()
        => Verify.VerifyAsync("""
            using System.Net;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;

            var builder = WebApplication.CreateBuilder(args);
            builder.WebHost.UseUrls(builder.Configuration["Urls"]!);
            var address = IPAddress.Parse(builder.Configuration["Bind"]!);
            builder.WebHost.ConfigureKestrel(o => o.Listen(address, 8080));
            builder.Build().Run();
            """);

    [Fact]
    public Task IntegrationTestsThatHostTheServiceOnLoopbackAreSilent()
        => Verify.VerifyAsync("""
            using System.Net.Http;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;
            using Xunit;

            public class OrdersApiTests
            {
                [Fact]
                public async Task ServesOrders()
                {
                    var builder = WebApplication.CreateBuilder();
                    builder.WebHost.UseUrls("http://127.0.0.1:5055").ConfigureKestrel(o => o.ListenLocalhost(5056));
                    await using var app = builder.Build();
                    app.MapGet("/orders", () => "[]");
                    await app.StartAsync();
                    using var client = new HttpClient();
                    Assert.Equal("[]", await client.GetStringAsync("http://127.0.0.1:5055/orders"));
                }
            }
            """, editorConfig: null, references: WithXunit);

    [Fact]
    public async Task ProjectMarkedIsTestProjectIsSilent()
    {
        var test = Verify.Create();
        test.TestCode = """
            using System.Net;
            using System.Net.Sockets;

            public static class FakeSmtpServer
            {
                public static TcpListener Start()
                {
                    var listener = new TcpListener(IPAddress.Loopback, 2525);
                    listener.Start();
                    return listener;
                }
            }
            """;
        test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\nbuild_property.IsTestProject = true\n"));
        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public Task DataPlaneNoneSilencesTheRule()
        => Verify.VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;

            var builder = WebApplication.CreateBuilder(args);
            builder.WebHost.UseUrls("http://localhost:5000");
            builder.Build().Run();
            """, editorConfig: "meshready.data_plane = none", references: null);

    [Fact]
    public async Task DevelopmentAppSettingsAndLaunchSettingsAreSilent()
    {
        var test = Verify.Create();
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        test.TestState.Sources.Add("Microsoft.AspNetCore.Builder.WebApplication.CreateBuilder(args).Build().Run();");
        test.TestState.AdditionalFiles.Add(("/app/appsettings.Development.json", """{ "Urls": "http://localhost:5000" }"""));
        test.TestState.AdditionalFiles.Add(("/app/Properties/launchSettings.json", """{ "profiles": { "http": { "applicationUrl": "http://localhost:5000" } } }"""));
        test.TestState.AdditionalFiles.Add(("/app/Dockerfile", """
            FROM mcr.microsoft.com/dotnet/sdk:8.0 AS build
            ENV ASPNETCORE_URLS=http://localhost:5000
            FROM mcr.microsoft.com/dotnet/aspnet:8.0
            ENV ASPNETCORE_HTTP_PORTS=8080
            """));
        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public Task HalfTypedCodeDoesNotCrash()
        => Verify.VerifyAsync("""
            using System.Net;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;

            var builder = WebApplication.CreateBuilder(args);
            builder.WebHost.ConfigureKestrel(o => o.Listen(IPAddress.Loopback, {|CS1525:)|});
            builder.WebHost.UseUrls({|CS0103:undefinedUrl|});
            builder.WebHost.ConfigureKestrel(o => o.{|CS1501:ListenLocalhost|}());
            """);

    // ---- Code fix ----

    [Fact]
    public Task FixListenLocalhost()
        => VerifyFix.VerifyFixAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;

            var builder = WebApplication.CreateBuilder(args);
            builder.WebHost.ConfigureKestrel(options => options.{|MESH001:ListenLocalhost|}(8080, o => o.UseHttps()));
            builder.Build().Run();
            """, """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;

            var builder = WebApplication.CreateBuilder(args);
            builder.WebHost.ConfigureKestrel(options => options.ListenAnyIP(8080, o => o.UseHttps()));
            builder.Build().Run();
            """);

    [Fact]
    public Task FixAllRewritesEveryLoopbackBind()
        => VerifyFix.VerifyFixAllAsync("""
            using System.Net;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;

            var builder = WebApplication.CreateBuilder(args);
            var port = 8085;
            builder.WebHost.UseUrls({|MESH001:"http://localhost:8080"|}, {|MESH001:"https://127.0.0.1:8443/"|});
            builder.WebHost.ConfigureKestrel(options =>
            {
                options.{|MESH001:ListenLocalhost|}(8081);
                options.Listen({|MESH001:IPAddress.Loopback|}, 8082);
                options.Listen({|MESH001:IPAddress.IPv6Loopback|}, 8083);
            });
            var app = builder.Build();
            app.Urls.Add({|MESH001:$"http://[::1]:{port}"|});
            app.Run({|MESH001:"http://localhost:" + port|});
            """, """
            using System.Net;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;

            var builder = WebApplication.CreateBuilder(args);
            var port = 8085;
            builder.WebHost.UseUrls("http://+:8080", "https://+:8443/");
            builder.WebHost.ConfigureKestrel(options =>
            {
                options.ListenAnyIP(8081);
                options.Listen(IPAddress.Any, 8082);
                options.Listen(IPAddress.IPv6Any, 8083);
            });
            var app = builder.Build();
            app.Urls.Add($"http://+:{port}");
            app.Run("http://+:" + port);
            """, MeshReady.CodeFixes.Listening.ListenOnAnyIPCodeFix.EquivalenceKey);

    [Fact]
    public Task NoFixForAnAddressHeldInALocal()
        => VerifyFix.VerifyNoFixAsync("""
            using System.Net;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;

            var builder = WebApplication.CreateBuilder(args);
            var bind = IPAddress.Parse("127.0.0.1");
            builder.WebHost.ConfigureKestrel(o => o.Listen({|MESH001:bind|}, 8080));
            builder.Build().Run();
            """);
}
