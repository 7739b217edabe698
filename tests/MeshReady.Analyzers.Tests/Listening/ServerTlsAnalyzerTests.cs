using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = MeshReady.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MeshReady.Analyzers.Listening.ServerTlsAnalyzer>;

namespace MeshReady.Analyzers.Tests.Listening;

public class ServerTlsAnalyzerTests
{
    private static DiagnosticResult Info(int markup) => new DiagnosticResult("MESH005", DiagnosticSeverity.Info).WithLocation(markup);

    // ---- Positive ----

    [Fact]
    public Task UseHttpsOnAKestrelEndpoint()
        => Verify.VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;

            var builder = WebApplication.CreateBuilder(args);
            builder.WebHost.ConfigureKestrel(o => o.ListenAnyIP(8443, listen => {|#0:listen.UseHttps("/certs/tls.pfx", "secret")|}));
            builder.Build().Run();
            """, Info(0));

    [Fact]
    public Task HttpsUrlInUseUrls()
        => Verify.VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;

            var builder = WebApplication.CreateBuilder(args);
            builder.WebHost.UseUrls("http://+:8080", {|#0:"https://+:8443"|});
            builder.Build().Run();
            """, Info(0));

    [Fact]
    public Task RedirectionWithAConfiguredHttpsPort()
        => Verify.VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddHttpsRedirection(o => o.HttpsPort = 443);
            var app = builder.Build();
            if (!app.Environment.IsDevelopment())
            {
                app.UseHsts();
            }

            {|#0:app.UseHttpsRedirection()|};
            app.MapGet("/", () => "orders");
            app.Run();
            """, Info(0));

    [Fact]
    public Task TemplatePipelineWithoutAnHttpsPortRedirectsNothing()
        => Verify.VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.Hosting;

            // The project template: on a plaintext-only server the middleware finds no HTTPS port and passes requests
            // through; UseHsts only decorates HTTPS responses. Neither does anything on the in-mesh hop.
            var builder = WebApplication.CreateBuilder(args);
            var app = builder.Build();
            if (!app.Environment.IsDevelopment())
            {
                app.UseHsts();
            }

            app.UseHsts();
            app.UseHttpsRedirection();
            app.MapGet("/", () => "orders");
            app.Run();
            """);

    [Fact]
    public Task RedirectionWithHttpsPortInAppSettings()
    {
        var test = Verify.Create();
        test.TestCode = """
            using Microsoft.AspNetCore.Builder;

            var app = WebApplication.Create(args);
            {|#0:app.UseHttpsRedirection()|};
            app.Run();
            """;
        test.TestState.OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication;
        test.TestState.AdditionalFiles.Add(("/app/appsettings.json", """{ "https_port": 443 }"""));
        test.ExpectedDiagnostics.Add(Info(0));
        return test.RunAsync(System.Threading.CancellationToken.None);
    }

    [Fact]
    public Task RedirectionWithHttpsPortInTheDockerfile()
    {
        var test = Verify.Create();
        test.TestCode = """
            using Microsoft.AspNetCore.Builder;

            var app = WebApplication.Create(args);
            {|#0:app.UseHttpsRedirection()|};
            app.Run();
            """;
        test.TestState.OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication;
        test.TestState.AdditionalFiles.Add(("/app/Dockerfile", "FROM mcr.microsoft.com/dotnet/aspnet:8.0\nENV ASPNETCORE_HTTPS_PORT=443\nENTRYPOINT [\"dotnet\", \"Orders.dll\"]\n"));
        test.ExpectedDiagnostics.Add(Info(0));
        return test.RunAsync(System.Threading.CancellationToken.None);
    }

    [Fact]
    public Task StartupClassConfigure()
        => Verify.VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;

            public class Startup
            {
                public void ConfigureServices(IServiceCollection services)
                    => services.AddHttpsRedirection(options => options.HttpsPort = 5001);

                public void Configure(IApplicationBuilder app)
                {
                    {|#0:app.UseHttpsRedirection()|};
                    app.UseRouting();
                }
            }
            """, Info(0));

    [Fact]
    public Task HttpsPortsSetting()
        => Verify.VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;

            var builder = WebApplication.CreateBuilder(args);
            builder.WebHost.UseSetting("https_ports", {|#0:"8443"|});
            builder.Build().Run();
            """, Info(0));

    [Fact]
    public Task AppRunWithHttps()
        => Verify.VerifyAsync("""
            using Microsoft.AspNetCore.Builder;

            var app = WebApplication.CreateBuilder(args).Build();
            app.Urls.Add({|#0:"https://0.0.0.0:5001"|});
            app.Run();
            """, Info(0));

    [Fact]
    public async Task HttpsEndpointsInAppSettingsAndDockerfile()
    {
        var test = Verify.Create();
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        test.TestState.Sources.Add("Microsoft.AspNetCore.Builder.WebApplication.CreateBuilder(args).Build().Run();");
        test.TestState.AdditionalFiles.Add(("/app/appsettings.json", """
            {
              "Kestrel": {
                "Endpoints": {
                  "Http": { "Url": "http://+:8080" },
                  "Https": { "Url": {|#0:"https://+:8443"|}, "Certificate": { "Path": "/certs/tls.pfx" } }
                }
              }
            }
            """));
        test.TestState.AdditionalFiles.Add(("/app/Dockerfile", """
            FROM mcr.microsoft.com/dotnet/aspnet:8.0
            ENV ASPNETCORE_HTTP_PORTS=8080 ASPNETCORE_HTTPS_PORTS={|#1:8443|}
            """));
        test.ExpectedDiagnostics.Add(Info(0));
        test.ExpectedDiagnostics.Add(Info(1));
        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public Task ListenLocalhostWithHttpsInAWorker()
        => Verify.VerifyAsync("""
            using Microsoft.AspNetCore.Hosting;
            using Microsoft.Extensions.Hosting;

            public static class Program
            {
                public static void Main(string[] args)
                    => Host.CreateDefaultBuilder(args)
                        .ConfigureWebHostDefaults(web => web.ConfigureKestrel(k => k.ListenAnyIP(5001, o => {|#0:o.UseHttps()|})).Configure(_ => { }))
                        .Build()
                        .Run();
            }
            """, Info(0));

    // ---- Negative ----

    // grpc-dotnet examples/Locator/Server: an internal HTTPS port and an external plain one, both on loopback. The sidecar
    // reaches neither (MESH001 reports both binds), so there is no TLS for it to see.
    [Fact]
    public Task HttpsOnALoopbackListenerIsNotServerTlsInTheMesh()
        => Verify.VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;

            var builder = WebApplication.CreateBuilder(args);
            builder.WebHost.ConfigureKestrel(options =>
            {
                options.ListenLocalhost(5000);
                options.ListenLocalhost(5001, listener => listener.UseHttps());
            });
            var app = builder.Build();
            app.Run();
            """);

    [Fact]
    public async Task HttpsLoopbackUrlInAppSettingsIsNotServerTlsInTheMesh()
    {
        var test = Verify.Create();
        test.TestCode = """
            using Microsoft.AspNetCore.Builder;

            WebApplication.CreateBuilder(args).Build().Run();
            """;
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        test.TestState.AdditionalFiles.Add(("/app/appsettings.json", """
            {
              "Kestrel": {
                "Endpoints": {
                  "Http": { "Url": "http://+:8080" },
                  "Https": { "Url": "https://localhost:5001" },
                  "Public": { "Url": {|#0:"https://+:8443"|} }
                }
              }
            }
            """));
        test.ExpectedDiagnostics.Add(Info(0));
        await test.RunAsync(CancellationToken.None);
    }

    // The same listener on every interface is still reported: the rule's positive case next to the loopback one.
    [Fact]
    public Task HttpsNextToALoopbackListenerIsStillReported()
        => Verify.VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;

            var builder = WebApplication.CreateBuilder(args);
            builder.WebHost.ConfigureKestrel(options =>
            {
                options.ListenLocalhost(5000);
                options.ListenAnyIP(5001, listener => {|#0:listener.UseHttps()|});
            });
            var app = builder.Build();
            app.Run();
            """, Info(0));

    [Fact]
    public Task PlainHttpEndpointsAreTheMeshPattern()
        => Verify.VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;
            using Microsoft.AspNetCore.Server.Kestrel.Core;

            var builder = WebApplication.CreateBuilder(args);
            builder.WebHost.UseUrls("http://+:8080");
            builder.WebHost.ConfigureKestrel(o => o.ListenAnyIP(8081, l => l.Protocols = HttpProtocols.Http2));
            var app = builder.Build();
            app.MapGet("/", () => "ok");
            app.Run();
            """);

    [Fact]
    public Task DevelopmentOnlyHttpsIsFine()
        => Verify.VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;
            using Microsoft.Extensions.Hosting;

            var builder = WebApplication.CreateBuilder(args);
            if (builder.Environment.IsDevelopment())
            {
                builder.WebHost.UseUrls("https://localhost:5001");
            }

            var app = builder.Build();
            if (app.Environment.IsDevelopment())
            {
                app.UseHttpsRedirection();
            }

            app.Run();
            """);

    [Fact]
    public Task ConfiguringHttpsDefaultsAloneOpensNoEndpoint()
        => Verify.VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;

            var builder = WebApplication.CreateBuilder(args);
            builder.WebHost.ConfigureKestrel(o => o.ConfigureHttpsDefaults(h => h.CheckCertificateRevocation = false));
            builder.Build().Run();
            """);

    [Fact]
    public Task OutboundHttpsCallsAreNotServerTls()
        => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;

            public static class Clients
            {
                public static HttpClient Stripe() => new() { BaseAddress = new Uri("https://api.stripe.com") };
            }
            """);

    [Fact]
    public Task ForwardedHeadersIsNotRedirection()
        => Verify.VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.HttpOverrides;

            var app = WebApplication.CreateBuilder(args).Build();
            app.UseForwardedHeaders(new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedProto });
            app.Run();
            """);

    [Fact]
    public async Task DevelopmentAppSettingsIsIgnored()
    {
        var test = Verify.Create();
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        test.TestState.Sources.Add("Microsoft.AspNetCore.Builder.WebApplication.CreateBuilder(args).Build().Run();");
        test.TestState.AdditionalFiles.Add(("/app/appsettings.Development.json", """{ "Urls": "https://localhost:5001" }"""));
        test.TestState.AdditionalFiles.Add(("/app/Dockerfile", "FROM mcr.microsoft.com/dotnet/aspnet:8.0\nENV ASPNETCORE_HTTP_PORTS=8080\nEXPOSE 8443\n"));
        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task TestProjectsAreSilent()
    {
        var test = Verify.Create();
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        test.TestCode = """
            using Microsoft.AspNetCore.Builder;

            var app = WebApplication.CreateBuilder(args).Build();
            app.UseHttpsRedirection();
            app.Run("https://127.0.0.1:5443");
            """;
        test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\nbuild_property.IsTestProject = true\n"));
        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public Task DataPlaneNoneIsSilent()
        => Verify.VerifyAsync("""
            using Microsoft.AspNetCore.Builder;

            var app = WebApplication.CreateBuilder(args).Build();
            app.UseHttpsRedirection();
            app.Run("https://+:8443");
            """, editorConfig: "meshready.data_plane = none", references: null);

    [Fact]
    public Task HalfTypedCodeDoesNotCrash()
        => Verify.VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;

            var builder = WebApplication.CreateBuilder(args);
            builder.WebHost.ConfigureKestrel(o => o.ListenAnyIP(8443, l => l.UseHttps({|CS1503:42|})));
            builder.Build().{|CS1061:UseHttpsRedirect|}();
            """);
}
