using System;
using System.Linq;
using System.Threading.Tasks;
using Xunit;
using static MeshReady.Analyzers.Tests.Generation.GeneratorHarness;

namespace MeshReady.Analyzers.Tests.Generation;

/// <summary>Ports the generator infers from listeners (through the listening-endpoint model) and writes as metadata.</summary>
public class InferredPortsTests
{
    [Fact]
    public async Task KestrelEndpointsBecomeHttpAndGrpcPorts()
    {
        const string source = """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;
            using Microsoft.AspNetCore.Server.Kestrel.Core;
            using Microsoft.Extensions.DependencyInjection;

            var builder = WebApplication.CreateBuilder(args);
            builder.WebHost.ConfigureKestrel(k =>
            {
                k.ListenAnyIP(8080, o => o.Protocols = HttpProtocols.Http1);
                k.ListenAnyIP(8081, o => o.Protocols = HttpProtocols.Http2);
                k.ListenLocalhost(9000);
            });
            builder.Services.AddGrpc();
            var app = builder.Build();
            app.MapGrpcService<Greeter>();
            app.Run();

            public sealed class Greeter { }
            """;
        var ports = await PortsSourceAsync(Targets.Grpc80, source);

        Assert.Contains("\"8080|http|http|http|inferred\"", ports, StringComparison.Ordinal);
        Assert.Contains("\"8081|grpc|grpc|grpc|inferred\"", ports, StringComparison.Ordinal);
        Assert.Contains("public const int Grpc = 8081;", ports, StringComparison.Ordinal);
        // Loopback is no service port (MESH001 reports it).
        Assert.DoesNotContain("9000", ports, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Http2WithoutGrpcServicesIsH2c()
    {
        const string source = """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;
            using Microsoft.AspNetCore.Server.Kestrel.Core;

            var builder = WebApplication.CreateBuilder(args);
            builder.WebHost.ConfigureKestrel(k => k.ListenAnyIP(8081, o => o.Protocols = HttpProtocols.Http2));
            builder.Build().Run();
            """;

        Assert.Contains("\"8081|http2|http2|kubernetes.io/h2c|inferred\"", await PortsSourceAsync(Targets.AspNetCore80, source), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeclarationWinsOverInference()
    {
        const string source = """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;

            [assembly: MeshReady.MeshPort(8080, MeshReady.MeshProtocol.Http, Name = "http-orders")]

            var builder = WebApplication.CreateBuilder(args);
            builder.WebHost.UseUrls("http://+:8080", "http://+:9090");
            builder.Build().Run();
            """;
        var ports = await PortsSourceAsync(Targets.AspNetCore80, source);

        Assert.Contains("\"8080|http|http-orders|http|declared\"", ports, StringComparison.Ordinal);
        Assert.DoesNotContain("8080|http|http|http|inferred", ports, StringComparison.Ordinal);
        Assert.Contains("\"9090|http|http-9090|http|inferred\"", ports, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RawTcpServerIsATcpPort()
    {
        const string source = """
            using System.Net;
            using System.Net.Sockets;
            using Microsoft.Extensions.Hosting;

            var listener = new TcpListener(IPAddress.Any, 2525);
            listener.Start();
            await Host.CreateApplicationBuilder(args).Build().RunAsync();
            """;

        Assert.Contains("\"2525|tcp|tcp|tcp|inferred\"", await PortsSourceAsync(Targets.Worker80, source), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AppSettingsAndDockerfileEndpointsCount()
    {
        var texts = new[]
        {
            new InMemoryText("/src/appsettings.json", """{ "Kestrel": { "Endpoints": { "Api": { "Url": "http://0.0.0.0:5000" } } } }"""),
            new InMemoryText("/src/appsettings.Development.json", """{ "Kestrel": { "Endpoints": { "Dev": { "Url": "http://0.0.0.0:5999" } } } }"""),
        };
        var compilation = await CompileAsync(Targets.AspNetCore80, new[] { "var app = Microsoft.AspNetCore.Builder.WebApplication.Create(args); app.Run();" });
        var (driver, output, _) = Run(compilation, additionalTexts: texts);
        var ports = Sources(driver)["MeshReady.MeshPorts.g.cs"];

        Assert.Empty(Problems(output));
        Assert.Contains("\"5000|http|http|http|inferred\"", ports, StringComparison.Ordinal);
        Assert.DoesNotContain("5999", ports, StringComparison.Ordinal);
    }

    private static async Task<string> PortsSourceAsync(Target target, string source)
    {
        var (driver, output, _) = Run(await CompileAsync(target, new[] { source }));
        Assert.Empty(Problems(output));
        return Sources(driver)["MeshReady.MeshPorts.g.cs"];
    }
}

/// <summary>Half-typed code and bad declarations never make the generator throw (CS8785) or emit code that does not compile.</summary>
public class GeneratorRobustnessTests
{
    [Theory]
    [InlineData("[assembly: MeshReady.MeshPort(")]
    [InlineData("[assembly: MeshReady.MeshPort(8080)]")]
    [InlineData("[assembly: MeshReady.MeshPort(\"8080\", MeshReady.MeshProtocol.Http)]")]
    [InlineData("[assembly: MeshReady.MeshPort(8080, (MeshReady.MeshProtocol)42, Name = null)]")]
    [InlineData("[assembly: MeshReady.MeshPort(0, MeshReady.MeshProtocol.Http)] [assembly: MeshReady.MeshPort(70000, MeshReady.MeshProtocol.Tcp, Name = \"\")]")]
    [InlineData("[assembly: MeshReady.MeshPort(8080, MeshReady.MeshProtocol.Http, Name = \"x\\\"; class Evil {} //\")]")]
    [InlineData("var b = Microsoft.AspNetCore.Builder.WebApplication.CreateBuilder(args); b.WebHost.ConfigureKestrel(k => k.ListenAnyIP(")]
    [InlineData("var b = Microsoft.AspNetCore.Builder.WebApplication.CreateBuilder(args); b.WebHost.ConfigureKestrel(k => k.ListenAnyIP(Port.Unknown, o => o.Protocols = ));")]
    public async Task BrokenInputNeverCrashesTheGenerator(string source)
    {
        var (driver, output, generatorDiagnostics) = Run(await CompileAsync(Targets.AspNetCore80, new[] { source }));

        Assert.Empty(generatorDiagnostics);
        Assert.Null(driver.GetRunResult().Results.Single().Exception);
        // Whatever the user's code does wrong, the generated files themselves compile cleanly.
        Assert.DoesNotContain(output.GetDiagnostics(), d => d.Severity >= Microsoft.CodeAnalysis.DiagnosticSeverity.Warning
            && d.Location.SourceTree?.FilePath.Contains("MeshReadyGenerator", StringComparison.Ordinal) == true);
    }
}
