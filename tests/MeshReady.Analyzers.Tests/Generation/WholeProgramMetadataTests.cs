using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using MeshReady.Analyzers.Generation;
using Microsoft.CodeAnalysis;
using Xunit;
using static MeshReady.Analyzers.Tests.Generation.GeneratorHarness;

namespace MeshReady.Analyzers.Tests.Generation;

/// <summary>
/// <c>MeshReady.StartupCallsUnguarded</c> (read by the manifest check MESH108), written by the generator in real builds
/// from MESH030's model, and checked in the emitted assembly as the tool reads it. IDE and design-time builds (no
/// switch) write nothing.
/// </summary>
public class WholeProgramMetadataTests
{
    private static readonly Dictionary<string, string> RealBuild = new() { [WholeProgramFacts.SwitchKey] = "true" };

    private const string Usings = """
        using System;
        using System.Net.Http;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;

        """;

    private const string CatalogSync = """

        public sealed class CatalogSync : IHostedService
        {
            private readonly HttpClient _http = new();

            public async Task StartAsync(CancellationToken cancellationToken)
                => await _http.GetStringAsync("http://catalog-api/api/catalog/items", cancellationToken);

            public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        }
        """;

    [Theory]
    [InlineData("await new HttpClient().GetStringAsync(\"http://config-server/app/prod\");\nvar app = builder.Build();\napp.Run();")]
    [InlineData("var app = builder.Build();\nawait Setup.LoadAsync();\napp.Run();\n\nstatic class Setup { public static Task LoadAsync() => Fetch(); static Task<string> Fetch() => new HttpClient().GetStringAsync(\"http://config-server/app\"); }")]
    public async Task AnUnguardedStartupCallIsRecorded(string program)
    {
        var metadata = await MetadataAsync(Usings + "var builder = WebApplication.CreateBuilder(args);\n" + program);

        Assert.Equal("true", metadata["MeshReady.StartupCallsUnguarded"]);
    }

    [Fact]
    public async Task AHostedServiceStartingWithIoIsRecorded()
    {
        var metadata = await MetadataAsync(Usings + """
            var builder = Host.CreateApplicationBuilder(args);
            builder.Services.AddHostedService<CatalogSync>();
            builder.Build().Run();
            """ + CatalogSync);

        Assert.Equal("true", metadata["MeshReady.StartupCallsUnguarded"]);
    }

    [Theory]
    [InlineData("""
        var builder = WebApplication.CreateBuilder(args);
        await MeshReady.MeshProxy.WaitUntilReadyAsync();
        await new HttpClient().GetStringAsync("http://config-server/app/prod");
        builder.Build().Run();
        """)]
    [InlineData("""
        var builder = Host.CreateApplicationBuilder(args);
        builder.Services.AddMeshReadiness();
        builder.Services.AddHostedService<CatalogSync>();
        builder.Build().Run();
        """ + CatalogSync)]
    [InlineData("""
        var builder = WebApplication.CreateBuilder(args);
        var app = builder.Build();
        app.MapGet("/items", async () => await new HttpClient().GetStringAsync("http://catalog-api/api/catalog/items"));
        await new HttpClient().GetStringAsync("http://localhost:3500/v1.0/healthz");
        app.Run();
        await new HttpClient().PostAsync("http://registry/deregister", null);
        """)]
    public async Task GuardedOrNoStartupIoIsRecordedAsFalse(string program)
    {
        var metadata = await MetadataAsync(Usings + program);

        Assert.Equal("false", metadata["MeshReady.StartupCallsUnguarded"]);
    }

    // The host builds hosted services before it starts any: AddMeshReadiness' wait cannot cover a constructor.
    [Fact]
    public async Task AHostedServiceConstructorConnectingIsRecordedEvenWithTheReadinessWait()
    {
        var metadata = await MetadataAsync(Usings + """
            var builder = Host.CreateApplicationBuilder(args);
            builder.Services.AddMeshReadiness();
            builder.Services.AddHostedService<Publisher>();
            builder.Build().Run();

            public sealed class Publisher : IHostedService
            {
                private readonly string _config;

                public Publisher() => _config = new HttpClient().GetStringAsync("http://config-server/publisher").GetAwaiter().GetResult();

                public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

                public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
            }
            """);

        Assert.Equal("true", metadata["MeshReady.StartupCallsUnguarded"]);
    }

    [Fact]
    public async Task AnIdeOrDesignTimeBuildWritesNothing()
    {
        var metadata = await MetadataAsync(Usings + """
            var builder = WebApplication.CreateBuilder(args);
            await new HttpClient().GetStringAsync("http://config-server/app/prod");
            builder.Build().Run();
            """, realBuild: false);

        Assert.False(metadata.ContainsKey("MeshReady.StartupCallsUnguarded"));
        Assert.False(metadata.ContainsKey("MeshReady.CallSummary"));
    }

    [Fact]
    public async Task ALibraryRecordsNoStartupFact()
    {
        var metadata = await MetadataAsync(Usings + """
            namespace Shared;

            public static class Config
            {
                public static Task<string> LoadAsync() => new HttpClient().GetStringAsync("http://config-server/app/prod");
            }
            """);

        Assert.False(metadata.ContainsKey("MeshReady.StartupCallsUnguarded"));
        Assert.StartsWith("M:Shared.Config.LoadAsync|io|Config.LoadAsync>HttpClient.GetStringAsync|", metadata["MeshReady.CallSummary"]);
    }

    // A partial method's callers bind to its defining part, which has no body: the summary is read from the implementing part.
    [Fact]
    public async Task ALibrarysPartialMethodIsSummarisedFromItsImplementation()
    {
        var metadata = await MetadataAsync(Usings + """
            namespace Shared;

            public static partial class Config
            {
                public static partial Task<string> LoadAsync();
            }

            public static partial class Config
            {
                public static partial Task<string> LoadAsync() => new HttpClient().GetStringAsync("http://config-server/app/prod");
            }
            """);

        Assert.StartsWith("M:Shared.Config.LoadAsync|io|Config.LoadAsync>HttpClient.GetStringAsync|", metadata["MeshReady.CallSummary"]);
    }

    [Theory]
    [InlineData("await new HttpClient().GetStringAsync(")]
    [InlineData("await MeshReady.MeshProxy.WaitUntilReadyAsync(")]
    [InlineData("class Worker : IHostedService { public Task StartAsync(CancellationToken c) => new HttpClient().GetStringAsync(")]
    [InlineData("public static class Lib { public static Task Go() => Go(")]
    public async Task HalfTypedCodeNeverCrashesTheStep(string statement)
    {
        var compilation = await CompileAsync(Targets.AspNetCore80, new[] { Usings + "var builder = WebApplication.CreateBuilder(args);\n" + statement });
        var (driver, _, generatorDiagnostics) = Run(compilation, RealBuild);

        Assert.Empty(generatorDiagnostics);
        Assert.Null(driver.GetRunResult().Results.Single().Exception);
    }

    /// <summary>Runs the generator, checks the output emits, and returns its <c>MeshReady.*</c> lifecycle metadata (last value per key).</summary>
    private static async Task<Dictionary<string, string>> MetadataAsync(string source, bool realBuild = true)
    {
        var (_, output, diagnostics) = Run(await CompileAsync(Targets.AspNetCore80, new[] { source }, version: Microsoft.CodeAnalysis.CSharp.LanguageVersion.CSharp12), realBuild ? RealBuild : null);
        Assert.Empty(diagnostics);
        using var image = new MemoryStream();
        var emitted = output.Emit(image);
        Assert.True(emitted.Success, string.Join(Environment.NewLine, emitted.Diagnostics));

        var metadata = new Dictionary<string, string>();
        foreach (var attribute in output.Assembly.GetAttributes().Where(a => a.AttributeClass?.ToDisplayString() == "System.Reflection.AssemblyMetadataAttribute"))
        {
            if (attribute.ConstructorArguments[0].Value is string key && key.StartsWith("MeshReady.", StringComparison.Ordinal) && key != "MeshReady.Port")
            {
                metadata[key] = attribute.ConstructorArguments[1].Value as string ?? "";
            }
        }

        return metadata;
    }
}
