using System.Threading;
using System.Threading.Tasks;
using MeshReady.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = MeshReady.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MeshReady.Analyzers.Listening.AlternateSchemeAnalyzer>;
using VerifyFix = MeshReady.Analyzers.Tests.Infrastructure.CodeFixVerifier<MeshReady.Analyzers.Listening.AlternateSchemeAnalyzer, MeshReady.CodeFixes.Listening.AllowAlternateSchemesCodeFix>;

namespace MeshReady.Analyzers.Tests.Listening;

public class AlternateSchemeAnalyzerTests
{
    private static readonly ReferenceAssemblies Grpc = TestReferences.WithPackages(("Grpc.AspNetCore.Server", "2.65.0"));

    private const string Services = """

        public class CatalogService { }
        """;

    private static Task VerifyAsync(string source, params (string Path, string Text)[] files)
        => VerifyAsync(source, null, null, files);

    private static Task VerifyAsync(string source, string? editorConfig, string? projectDirectory, params (string Path, string Text)[] files)
    {
        var test = Verify.Create(Grpc);
        test.TestCode = source + Services;
        MeshTestSettings.ApplyOutputKind(test.TestState, source);
        MeshTestSettings.ApplyEditorConfig(test.TestState, editorConfig);
        if (projectDirectory is not null)
        {
            test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\nbuild_property.MSBuildProjectDirectory = " + projectDirectory + "\n"));
        }

        foreach (var file in files)
        {
            test.TestState.AdditionalFiles.Add(file);
        }

        return test.RunAsync(CancellationToken.None);
    }

    // ---- Positive ----

    [Fact]
    public Task GrpcOnACleartextHttp2Endpoint()
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
                o.ListenAnyIP(5001, l => {|MESH006:l.Protocols = HttpProtocols.Http2|});
            });
            var app = builder.Build();
            app.MapGrpcService<CatalogService>();
            app.MapGet("/healthz", () => "ok");
            app.Run();
            """);

    [Fact]
    public Task MessageNamesTheEndpointThePortAndTheFix()
    {
        var test = Verify.Create(Grpc);
        test.TestCode = """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;
            using Microsoft.AspNetCore.Server.Kestrel.Core;

            var builder = WebApplication.CreateBuilder(args);
            const int GrpcPort = 5001;
            builder.WebHost.ConfigureKestrel(o => o.ListenAnyIP(GrpcPort, l => l.Protocols = HttpProtocols.Http2));
            builder.Build().Run();
            """;
        test.TestState.OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication;
        test.ExpectedDiagnostics.Add(new DiagnosticResult("MESH006", Microsoft.CodeAnalysis.DiagnosticSeverity.Info)
            .WithSpan(7, 68, 7, 101)
            .WithArguments("ListenAnyIP sets Http2", "5001"));
        return test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public Task EndpointDefaultsInCodeOnKestrelsDefaultEndpoint()
        => VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;
            using Microsoft.AspNetCore.Server.Kestrel.Core;
            using Microsoft.Extensions.DependencyInjection;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddGrpc();
            builder.WebHost.ConfigureKestrel(o => o.ConfigureEndpointDefaults(d => {|MESH006:d.Protocols = HttpProtocols.Http2|}));
            var app = builder.Build();
            app.MapGrpcService<CatalogService>();
            app.Run();
            """);

    [Fact]
    public Task GrpcTemplateEndpointDefaultsInAppSettings()
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
                "EndpointDefaults": {
                  "Protocols": {|MESH006:"Http2"|}
                }
              }
            }
            """));

    // The Visual Studio container template's Dockerfile (aspnetrun/run-aspnetcore-microservices' Discount.Grpc): EXPOSE
    // names ports, Kestrel still opens the image's ASPNETCORE_HTTP_PORTS endpoint, which takes the EndpointDefaults.
    private const string TemplateDockerfile = """
        FROM mcr.microsoft.com/dotnet/aspnet:8.0 AS base
        USER app
        WORKDIR /app
        EXPOSE 8080
        EXPOSE 8081

        FROM mcr.microsoft.com/dotnet/sdk:8.0 AS build
        WORKDIR /src
        COPY . .
        RUN dotnet publish "./Discount.Grpc.csproj" -c Release -o /app/publish /p:UseAppHost=false

        FROM base AS final
        WORKDIR /app
        COPY --from=build /app/publish .
        ENTRYPOINT ["dotnet", "Discount.Grpc.dll"]
        """;

    [Fact]
    public Task GrpcTemplateEndpointDefaultsWithADockerfileThatOnlyExposesPorts()
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
              "AllowedHosts": "*",
              "Kestrel": {
                "EndpointDefaults": {
                  "Protocols": {|MESH006:"Http2"|}
                }
              }
            }
            """),
            ("/app/Dockerfile", TemplateDockerfile));

    [Fact]
    public Task ExposedPortsDoNotMakeOwnProtocolEndpointsTakeTheDefaults()
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
                "EndpointDefaults": { "Protocols": "Http2" },
                "Endpoints": {
                  "Http": { "Url": "http://+:8080", "Protocols": "Http1" }
                }
              }
            }
            """),
            ("/app/Dockerfile", TemplateDockerfile));

    [Fact]
    public Task NamedCleartextEndpointInAppSettings()
        => VerifyAsync("""
            using Microsoft.AspNetCore.Builder;

            var app = WebApplication.CreateBuilder(args).Build();
            app.Run();
            """,
            ("/app/appsettings.json", """
            {
              "Kestrel": {
                "Endpoints": {
                  "Rest": { "Url": "http://+:8080", "Protocols": "Http1" },
                  "Grpc": { "Url": "http://+:8081", "Protocols": {|MESH006:"Http2"|} },
                  "Public": { "Url": "https://+:8443", "Protocols": "Http2" }
                }
              }
            }
            """));

    [Fact]
    public Task OptionExplicitlyFalseStillReports()
        => VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;
            using Microsoft.AspNetCore.Server.Kestrel.Core;

            var builder = WebApplication.CreateBuilder(args);
            builder.WebHost.ConfigureKestrel(o =>
            {
                o.AllowAlternateSchemes = false;
                o.ListenAnyIP(5001, l => {|MESH006:l.Protocols = HttpProtocols.Http2|});
            });
            builder.Build().Run();
            """);

    [Fact]
    public Task StartupClassWithConfigureKestrelInTheHostBuilder()
        => VerifyAsync("""
            using Microsoft.AspNetCore.Hosting;
            using Microsoft.AspNetCore.Server.Kestrel.Core;
            using Microsoft.Extensions.Hosting;

            public static class Program
            {
                public static void Main(string[] args)
                    => Host.CreateDefaultBuilder(args)
                        .ConfigureWebHostDefaults(web => web
                            .UseKestrel(k => k.ListenAnyIP(5001, l => {|MESH006:l.Protocols = HttpProtocols.Http2|}))
                            .Configure(app => { }))
                        .Build()
                        .Run();
            }
            """);

    // ---- Negative ----

    [Fact]
    public Task OptionSetInConfigureKestrel()
        => VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;
            using Microsoft.AspNetCore.Server.Kestrel.Core;

            var builder = WebApplication.CreateBuilder(args);
            builder.WebHost.ConfigureKestrel(o =>
            {
                o.AllowAlternateSchemes = true;
                o.ListenAnyIP(5001, l => l.Protocols = HttpProtocols.Http2);
            });
            builder.Build().Run();
            """);

    [Fact]
    public Task OptionSetThroughConfigureOfKestrelServerOptionsElsewhere()
        => VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;
            using Microsoft.AspNetCore.Server.Kestrel.Core;
            using Microsoft.Extensions.DependencyInjection;

            var builder = WebApplication.CreateBuilder(args);
            builder.WebHost.ConfigureKestrel(o => o.ListenAnyIP(5001, l => l.Protocols = HttpProtocols.Http2));
            builder.Services.Configure<KestrelServerOptions>(o => o.AllowAlternateSchemes = true);
            builder.Build().Run();
            """);

    [Fact]
    public Task OptionSetThroughListenOptionsServerOptions()
        => VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;
            using Microsoft.AspNetCore.Server.Kestrel.Core;

            var builder = WebApplication.CreateBuilder(args);
            builder.WebHost.ConfigureKestrel(o => o.ListenAnyIP(5001, l =>
            {
                l.Protocols = HttpProtocols.Http2;
                l.KestrelServerOptions.AllowAlternateSchemes = true;
            }));
            builder.Build().Run();
            """);

    [Fact]
    public Task OptionFromAFlagTheBuildCannotSee()
        => VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;
            using Microsoft.AspNetCore.Server.Kestrel.Core;
            using Microsoft.Extensions.Configuration;

            var builder = WebApplication.CreateBuilder(args);
            builder.WebHost.ConfigureKestrel(o =>
            {
                o.AllowAlternateSchemes = builder.Configuration.GetValue<bool>("BehindTlsGateway");
                o.ListenAnyIP(5001, l => l.Protocols = HttpProtocols.Http2);
            });
            builder.Build().Run();
            """);

    [Fact]
    public Task KestrelServerOptionsBoundFromConfiguration()
        => VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;
            using Microsoft.AspNetCore.Server.Kestrel.Core;
            using Microsoft.Extensions.DependencyInjection;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.Configure<KestrelServerOptions>(builder.Configuration.GetSection("Kestrel"));
            builder.WebHost.ConfigureKestrel(o => o.ListenAnyIP(5001, l => l.Protocols = HttpProtocols.Http2));
            builder.Build().Run();
            """);

    [Fact]
    public Task AppSettingsKeyAloneDoesNotSetTheOption()
        => VerifyAsync("""
            using Microsoft.AspNetCore.Builder;

            var app = WebApplication.CreateBuilder(args).Build();
            app.Run();
            """,
            ("/app/appsettings.json", """
            {
              "Kestrel": {
                "AllowAlternateSchemes": true,
                "EndpointDefaults": { "Protocols": {|MESH006:"Http2"|} }
              }
            }
            """));

    [Fact]
    public Task Http1OnlyAndDefaultEndpoints()
        => VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;
            using Microsoft.AspNetCore.Server.Kestrel.Core;

            var builder = WebApplication.CreateBuilder(args);
            builder.WebHost.ConfigureKestrel(o =>
            {
                o.ListenAnyIP(8080, l => l.Protocols = HttpProtocols.Http1);
                o.ListenAnyIP(8081);
            });
            builder.WebHost.UseUrls("http://+:8082");
            builder.Build().Run();
            """);

    [Fact]
    public Task CleartextHttp1AndHttp2IsHttp1OnlyAndLeftToMesh003()
        => VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;
            using Microsoft.AspNetCore.Server.Kestrel.Core;

            var builder = WebApplication.CreateBuilder(args);
            builder.WebHost.ConfigureKestrel(o => o.ListenAnyIP(8080, l => l.Protocols = HttpProtocols.Http1AndHttp2));
            builder.Build().Run();
            """);

    [Fact]
    public Task TlsEndpoints()
        => VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;
            using Microsoft.AspNetCore.Server.Kestrel.Core;

            var builder = WebApplication.CreateBuilder(args);
            builder.WebHost.ConfigureKestrel(o =>
            {
                o.ListenAnyIP(5001, l => { l.Protocols = HttpProtocols.Http2; l.UseHttps(); });
                o.ConfigureEndpointDefaults(d => d.UseHttps());
                o.ListenAnyIP(5002, l => l.Protocols = HttpProtocols.Http2);
            });
            builder.Build().Run();
            """);

    [Fact]
    public Task EndpointDefaultsHttp2WhereEveryEndpointIsTlsOrHasItsOwnProtocols()
        => VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;
            using Microsoft.AspNetCore.Server.Kestrel.Core;

            var builder = WebApplication.CreateBuilder(args);
            builder.WebHost.ConfigureKestrel(o =>
            {
                o.ConfigureEndpointDefaults(d => d.Protocols = HttpProtocols.Http2);
                o.ListenAnyIP(8080, l => l.Protocols = HttpProtocols.Http1);
                o.ListenAnyIP(8443, l => l.UseHttps());
            });
            builder.Build().Run();
            """);

    [Fact]
    public Task CodeDefaultsOverrideAppSettingsDefaults()
        => VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;
            using Microsoft.AspNetCore.Server.Kestrel.Core;

            var builder = WebApplication.CreateBuilder(args);
            builder.WebHost.ConfigureKestrel(o => o.ConfigureEndpointDefaults(d => d.Protocols = HttpProtocols.Http1));
            builder.Build().Run();
            """,
            ("/app/appsettings.json", """{ "Kestrel": { "EndpointDefaults": { "Protocols": "Http2" } } }"""));

    [Fact]
    public Task LoopbackHttp2ListenerIsMesh001sBusiness()
        => VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;
            using Microsoft.AspNetCore.Server.Kestrel.Core;

            var builder = WebApplication.CreateBuilder(args);
            builder.WebHost.ConfigureKestrel(o => o.ListenLocalhost(5001, l => l.Protocols = HttpProtocols.Http2));
            builder.Build().Run();
            """);

    [Fact]
    public Task DevelopmentOnlyAppSettings()
        => VerifyAsync("""
            using Microsoft.AspNetCore.Builder;

            var app = WebApplication.CreateBuilder(args).Build();
            app.Run();
            """,
            ("/app/appsettings.Development.json", """{ "Kestrel": { "EndpointDefaults": { "Protocols": "Http2" } } }"""));

    [Fact]
    public Task NoMesh()
        => VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;
            using Microsoft.AspNetCore.Server.Kestrel.Core;

            var builder = WebApplication.CreateBuilder(args);
            builder.WebHost.ConfigureKestrel(o => o.ListenAnyIP(5001, l => l.Protocols = HttpProtocols.Http2));
            builder.Build().Run();
            """, "meshready.data_plane = none", null);

    [Fact]
    public Task TestAssetServerIsSilent()
        => VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;
            using Microsoft.AspNetCore.Server.Kestrel.Core;

            var builder = WebApplication.CreateBuilder(args);
            builder.WebHost.ConfigureKestrel(o => o.ListenAnyIP(5001, l => l.Protocols = HttpProtocols.Http2));
            builder.Build().Run();
            """, null, "/src/grpc-dotnet/testassets/InteropTestsWebsite");

    // ---- Half-typed code ----

    [Fact]
    public Task HalfTypedAssignmentAndListenAreSafe()
    {
        var test = Verify.Create(Grpc);
        test.TestCode = """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;
            using Microsoft.AspNetCore.Server.Kestrel.Core;

            var builder = WebApplication.CreateBuilder(args);
            builder.WebHost.ConfigureKestrel(o =>
            {
                o.AllowAlternateSchemes = ;
                o.ListenAnyIP("x", l => l.Protocols = HttpProtocols.Http9);
                o.Listen9(5001);
                o.ListenAnyIP(5002, l => l.Protocols = HttpProtocols.Http2
            });
            builder.Build().Run();
            """;
        test.TestState.OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication;
        test.CompilerDiagnostics = CompilerDiagnostics.None;
        return test.RunAsync(CancellationToken.None);
    }
}

public class AllowAlternateSchemesCodeFixTests
{
    [Fact]
    public Task FixGoesFirstInTheBlockLambda()
        => VerifyFix.VerifyFixAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;
            using Microsoft.AspNetCore.Server.Kestrel.Core;

            var builder = WebApplication.CreateBuilder(args);
            builder.WebHost.ConfigureKestrel(o =>
            {
                o.ListenAnyIP(8080, l => l.Protocols = HttpProtocols.Http1);
                o.ListenAnyIP(5001, l => {|MESH006:l.Protocols = HttpProtocols.Http2|});
            });
            builder.Build().Run();
            """, """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;
            using Microsoft.AspNetCore.Server.Kestrel.Core;

            var builder = WebApplication.CreateBuilder(args);
            builder.WebHost.ConfigureKestrel(o =>
            {
                o.AllowAlternateSchemes = true;
                o.ListenAnyIP(8080, l => l.Protocols = HttpProtocols.Http1);
                o.ListenAnyIP(5001, l => l.Protocols = HttpProtocols.Http2);
            });
            builder.Build().Run();
            """);

    [Fact]
    public Task ExpressionLambdaBecomesABlock()
        => VerifyFix.VerifyFixAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;
            using Microsoft.AspNetCore.Server.Kestrel.Core;

            var builder = WebApplication.CreateBuilder(args);
            builder.WebHost.ConfigureKestrel(o => o.ListenAnyIP(5001, l => {|MESH006:l.Protocols = HttpProtocols.Http2|}));
            builder.Build().Run();
            """, """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;
            using Microsoft.AspNetCore.Server.Kestrel.Core;

            var builder = WebApplication.CreateBuilder(args);
            builder.WebHost.ConfigureKestrel(o =>
            {
                o.AllowAlternateSchemes = true;
                o.ListenAnyIP(5001, l => l.Protocols = HttpProtocols.Http2);
            });
            builder.Build().Run();
            """);

    [Fact]
    public Task EndpointDefaultsInAMethodGroup()
        => VerifyFix.VerifyFixAsync("""
            using Microsoft.AspNetCore.Hosting;
            using Microsoft.AspNetCore.Server.Kestrel.Core;
            using Microsoft.Extensions.Hosting;

            public static class Program
            {
                public static void Main(string[] args)
                    => Host.CreateDefaultBuilder(args)
                        .ConfigureWebHostDefaults(web => web.UseKestrel(ConfigureKestrel).Configure(app => { }))
                        .Build()
                        .Run();

                private static void ConfigureKestrel(KestrelServerOptions kestrel)
                {
                    kestrel.Limits.MaxRequestBodySize = 1_000_000;
                    kestrel.ConfigureEndpointDefaults(d => {|MESH006:d.Protocols = HttpProtocols.Http2|});
                }
            }
            """, """
            using Microsoft.AspNetCore.Hosting;
            using Microsoft.AspNetCore.Server.Kestrel.Core;
            using Microsoft.Extensions.Hosting;

            public static class Program
            {
                public static void Main(string[] args)
                    => Host.CreateDefaultBuilder(args)
                        .ConfigureWebHostDefaults(web => web.UseKestrel(ConfigureKestrel).Configure(app => { }))
                        .Build()
                        .Run();

                private static void ConfigureKestrel(KestrelServerOptions kestrel)
                {
                    kestrel.AllowAlternateSchemes = true;
                    kestrel.Limits.MaxRequestBodySize = 1_000_000;
                    kestrel.ConfigureEndpointDefaults(d => d.Protocols = HttpProtocols.Http2);
                }
            }
            """);

    [Fact]
    public Task FixAllSetsTheOptionOncePerLambda()
        => VerifyFix.VerifyFixAllAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;
            using Microsoft.AspNetCore.Server.Kestrel.Core;

            var builder = WebApplication.CreateBuilder(args);
            builder.WebHost.ConfigureKestrel(o =>
            {
                o.ListenAnyIP(5001, l => {|MESH006:l.Protocols = HttpProtocols.Http2|});
                o.ListenAnyIP(5002, l => {|MESH006:l.Protocols = HttpProtocols.Http2|});
            });
            builder.Build().Run();
            """, """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;
            using Microsoft.AspNetCore.Server.Kestrel.Core;

            var builder = WebApplication.CreateBuilder(args);
            builder.WebHost.ConfigureKestrel(o =>
            {
                o.AllowAlternateSchemes = true;
                o.ListenAnyIP(5001, l => l.Protocols = HttpProtocols.Http2);
                o.ListenAnyIP(5002, l => l.Protocols = HttpProtocols.Http2);
            });
            builder.Build().Run();
            """, MeshReady.CodeFixes.Listening.AllowAlternateSchemesCodeFix.EquivalenceKey);
}
