using System.Threading;
using System.Threading.Tasks;
using MeshReady.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = MeshReady.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MeshReady.Analyzers.Listening.MixedProtocolPortAnalyzer>;

namespace MeshReady.Analyzers.Tests.Listening;

public class MixedProtocolPortAnalyzerTests
{
    private static readonly ReferenceAssemblies Grpc = TestReferences.WithPackages(("Grpc.AspNetCore.Server", "2.65.0"));


    private const string Services = """

        public class CatalogService { }

        public class OrdersService { }
        """;

    private static Task VerifyAsync(string source, params (string Path, string Text)[] files)
        => VerifyAsync(Grpc, source, files);

    private static Task VerifyAsync(ReferenceAssemblies references, string source, params (string Path, string Text)[] files)
    {
        var test = Verify.Create(references);
        test.TestCode = source + Services;
        MeshTestSettings.ApplyOutputKind(test.TestState, source);
        foreach (var file in files)
        {
            test.TestState.AdditionalFiles.Add(file);
        }

        return test.RunAsync(CancellationToken.None);
    }

    // ---- Positive ----

    [Fact]
    public Task ExplicitHttp1AndHttp2OnACleartextEndpoint()
        => VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;
            using Microsoft.AspNetCore.Server.Kestrel.Core;
            using Microsoft.Extensions.DependencyInjection;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddGrpc();
            builder.WebHost.ConfigureKestrel(o => o.ListenAnyIP(8080, listen => {|MESH003:listen.Protocols = HttpProtocols.Http1AndHttp2|}));
            var app = builder.Build();
            app.MapGrpcService<CatalogService>();
            app.MapGet("/healthz", () => "ok");
            app.Run();
            """);

    [Fact]
    public Task EndpointDefaultsInCode()
        => VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;
            using Microsoft.AspNetCore.Server.Kestrel.Core;
            using Microsoft.Extensions.DependencyInjection;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddGrpc();
            builder.WebHost.ConfigureKestrel(o => o.ConfigureEndpointDefaults(d => {|MESH003:d.Protocols = HttpProtocols.Http1AndHttp2|}));
            var app = builder.Build();
            app.MapGrpcService<CatalogService>();
            app.Run();
            """);

    [Fact]
    public Task GrpcAndRestOnKestrelsDefaultEndpoint()
        => VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddGrpc();
            var app = builder.Build();
            {|MESH003:app.MapGrpcService<CatalogService>()|};
            {|MESH003:app.MapGrpcService<OrdersService>()|};
            app.MapGet("/products", () => new[] { "tea" });
            app.Run();
            """);

    [Fact]
    public Task GrpcAndControllersOnOneDefaultProtocolsPort()
        => VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;
            using Microsoft.Extensions.DependencyInjection;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddGrpc();
            builder.Services.AddControllers();
            builder.WebHost.UseUrls("http://+:8080");
            var app = builder.Build();
            {|MESH003:app.MapGrpcService<CatalogService>()|};
            app.MapControllers();
            app.Run();
            """);

    [Fact]
    public Task AppSettingsEndpointWithHttp1AndHttp2()
        => VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddGrpc();
            var app = builder.Build();
            app.MapGrpcService<CatalogService>();
            app.Run();
            """,
            ("/app/appsettings.json", """
                {
                  "Kestrel": {
                    "Endpoints": {
                      "Mixed": { "Url": "http://+:8080", "Protocols": {|MESH003:"Http1AndHttp2"|} }
                    }
                  }
                }
                """));

    [Fact]
    public Task AppSettingsEndpointDefaults()
        => VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddGrpc();
            var app = builder.Build();
            app.MapGrpcService<CatalogService>();
            app.MapGet("/", () => "Use a gRPC client");
            app.Run();
            """,
            ("/app/appsettings.json", """
                {
                  "Kestrel": { "EndpointDefaults": { "Protocols": {|MESH003:"Http1AndHttp2"|} } }
                }
                """));

    [Fact]
    public Task StartupClassWithListenOptions()
        => VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;
            using Microsoft.AspNetCore.Server.Kestrel.Core;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;

            public static class Program
            {
                public static void Main(string[] args)
                    => Host.CreateDefaultBuilder(args)
                        .ConfigureWebHostDefaults(web => web
                            .ConfigureKestrel(k => k.ListenAnyIP(5000, o =>
                            {
                                {|MESH003:o.Protocols = HttpProtocols.Http1AndHttp2|};
                            }))
                            .UseStartup<Startup>())
                        .Build()
                        .Run();
            }

            public class Startup
            {
                public void ConfigureServices(IServiceCollection services) => services.AddGrpc();

                public void Configure(IApplicationBuilder app)
                {
                    app.UseRouting();
                    app.UseEndpoints(e => e.MapGrpcService<CatalogService>());
                }
            }
            """);

    [Fact]
    public Task ProtocolsFromAConstant()
        => VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;
            using Microsoft.AspNetCore.Server.Kestrel.Core;
            using Microsoft.Extensions.DependencyInjection;

            const HttpProtocols Both = HttpProtocols.Http1AndHttp2;
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddGrpc();
            builder.WebHost.ConfigureKestrel(o => o.ListenAnyIP(8080, l => {|MESH003:l.Protocols = Both|}));
            var app = builder.Build();
            app.MapGrpcService<OrdersService>();
            app.Run();
            """);

    // ---- Negative ----

    [Fact]
    public Task SplitPortsAreTheFix()
        => VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;
            using Microsoft.AspNetCore.Server.Kestrel.Core;
            using Microsoft.Extensions.DependencyInjection;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddGrpc();
            builder.WebHost.ConfigureKestrel(o =>
            {
                o.ListenAnyIP(8080, l => l.Protocols = HttpProtocols.Http1);
                o.ListenAnyIP(8081, l => l.Protocols = HttpProtocols.Http2);
            });
            var app = builder.Build();
            app.MapGrpcService<CatalogService>();
            app.MapGet("/healthz", () => "ok");
            app.Run();
            """);

    [Fact]
    public Task Http1AndHttp2ListenerNextToAnHttp2OnlyGrpcListener()
        => VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;
            using Microsoft.AspNetCore.Server.Kestrel.Core;
            using Microsoft.Extensions.DependencyInjection;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddGrpc();
            builder.WebHost.ConfigureKestrel(o =>
            {
                // REST and health checks; gRPC has its own HTTP/2-only port below.
                o.ListenAnyIP(8080, l => l.Protocols = HttpProtocols.Http1AndHttp2);
                o.ListenAnyIP(8081, l => l.Protocols = HttpProtocols.Http2);
            });
            var app = builder.Build();
            app.MapGrpcService<CatalogService>();
            app.MapGet("/healthz", () => "ok");
            app.Run();
            """);

    [Fact]
    public Task Http1AndHttp2EndpointDefaultsNextToAnHttp2OnlyEndpointInAppSettings()
        => VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddGrpc();
            var app = builder.Build();
            app.MapGrpcService<CatalogService>();
            app.MapControllers();
            app.Run();
            """,
            ("/app/appsettings.json", """
                {
                  "Kestrel": {
                    "EndpointDefaults": { "Protocols": "Http1AndHttp2" },
                    "Endpoints": {
                      "Http": { "Url": "http://+:8080" },
                      "Grpc": { "Url": "http://+:8081", "Protocols": "Http2" }
                    }
                  }
                }
                """));

    [Fact]
    public Task GrpcTemplateWithHttp2Defaults()
        => VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddGrpc();
            var app = builder.Build();
            app.MapGrpcService<CatalogService>();
            app.MapGet("/", () => "Communication with gRPC endpoints must be made through a gRPC client.");
            app.Run();
            """,
            ("/app/appsettings.json", """
                {
                  "Logging": { "LogLevel": { "Default": "Information" } },
                  "AllowedHosts": "*",
                  "Kestrel": { "EndpointDefaults": { "Protocols": "Http2" } }
                }
                """));

    [Fact]
    public Task Http1AndHttp2WithTlsNegotiatesThroughAlpn()
        => VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;
            using Microsoft.AspNetCore.Server.Kestrel.Core;
            using Microsoft.Extensions.DependencyInjection;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddGrpc();
            builder.WebHost.ConfigureKestrel(o => o.ListenAnyIP(8443, l => { l.Protocols = HttpProtocols.Http1AndHttp2; l.UseHttps(); }));
            var app = builder.Build();
            app.MapGrpcService<CatalogService>();
            app.MapGet("/healthz", () => "ok");
            app.Run();
            """);

    [Fact]
    public Task RestOnlyServiceWithHttp1AndHttp2()
        => VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;
            using Microsoft.AspNetCore.Server.Kestrel.Core;
            using Microsoft.Extensions.DependencyInjection;

            var builder = WebApplication.CreateBuilder(args);
            builder.WebHost.ConfigureKestrel(o => o.ListenAnyIP(8080, l => l.Protocols = HttpProtocols.Http1AndHttp2));
            var app = builder.Build();
            app.MapGet("/orders", () => "[]");
            app.Run();
            """);

    [Fact]
    public Task GrpcOnlyServiceIsNotAMixedPort()
        => VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddGrpc();
            var app = builder.Build();
            app.MapGrpcService<CatalogService>();
            app.Run();
            """);

    [Fact]
    public Task SplitPortsInAppSettings()
        => VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddGrpc();
            var app = builder.Build();
            app.MapGrpcService<CatalogService>();
            app.MapGet("/healthz", () => "ok");
            app.Run();
            """,
            ("/app/appsettings.json", """
                {
                  "Kestrel": {
                    "Endpoints": {
                      "Rest": { "Url": "http://+:8080", "Protocols": "Http1" },
                      "Grpc": { "Url": "http://+:8081", "Protocols": "Http2" }
                    }
                  }
                }
                """));

    [Fact]
    public Task ProtocolsFromConfigurationAreUnknown()
        => VerifyAsync("""
            using System;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;
            using Microsoft.AspNetCore.Server.Kestrel.Core;
            using Microsoft.Extensions.DependencyInjection;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddGrpc();
            var protocols = Enum.Parse<HttpProtocols>(builder.Configuration["Protocols"] ?? "Http2");
            builder.WebHost.ConfigureKestrel(o => o.ListenAnyIP(8080, l => l.Protocols = protocols));
            var app = builder.Build();
            app.MapGrpcService<CatalogService>();
            app.MapGet("/", () => "ok");
            app.Run();
            """);

    [Fact]
    public Task DevelopmentSettingsDoNotCount()
        => VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;
            using Microsoft.AspNetCore.Server.Kestrel.Core;
            using Microsoft.Extensions.DependencyInjection;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddGrpc();
            builder.WebHost.ConfigureKestrel(o => o.ListenAnyIP(8081, l => l.Protocols = HttpProtocols.Http2));
            var app = builder.Build();
            app.MapGrpcService<CatalogService>();
            app.Run();
            """,
            ("/app/appsettings.Development.json", """{ "Kestrel": { "EndpointDefaults": { "Protocols": "Http1AndHttp2" } } }"""));

    [Fact]
    public Task WithoutGrpcReferencedNothingIsRegistered()
        => Verify.VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;
            using Microsoft.AspNetCore.Server.Kestrel.Core;
            using Microsoft.Extensions.DependencyInjection;

            var builder = WebApplication.CreateBuilder(args);
            builder.WebHost.ConfigureKestrel(o => o.ListenAnyIP(8080, l => l.Protocols = HttpProtocols.Http1AndHttp2));
            builder.Build().Run();
            """);

    [Fact]
    public Task HalfTypedCodeDoesNotCrash()
        => VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;
            using Microsoft.AspNetCore.Server.Kestrel.Core;
            using Microsoft.Extensions.DependencyInjection;

            var builder = WebApplication.CreateBuilder(args);
            builder.WebHost.ConfigureKestrel(o => o.ListenAnyIP(8080, l => l.Protocols = HttpProtocols.{|CS0117:Http4|}));
            var app = builder.Build();
            app.MapGrpcService<{|CS0246:Missing|}>();
            app.Run();
            """);
}
