using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;
using static MeshReady.Analyzers.Tests.Generation.GeneratorHarness;

namespace MeshReady.Analyzers.Tests.Generation;

/// <summary>
/// The generated code must compile with zero warnings in every consumer shape: nullable on and off, C# 10 and
/// the latest language, net8.0/net9.0/net10.0, with and without ASP.NET Core and Microsoft.Extensions.Hosting.
/// </summary>
public class GeneratedCodeCompilesTests
{
    public static TheoryData<string, string, NullableContextOptions, LanguageVersion> Matrix()
    {
        var data = new TheoryData<string, string, NullableContextOptions, LanguageVersion>();
        foreach (var nullable in new[] { NullableContextOptions.Enable, NullableContextOptions.Disable })
        {
            foreach (var version in new[] { LanguageVersion.CSharp10, LanguageVersion.Latest })
            {
                data.Add(nameof(Scenarios.MinimalApi), "AspNetCore80", nullable, version);
                data.Add(nameof(Scenarios.GrpcService), "Grpc80", nullable, version);
                data.Add(nameof(Scenarios.Worker), "Worker80", nullable, version);
                data.Add(nameof(Scenarios.Worker), "Worker90", nullable, version);
                data.Add(nameof(Scenarios.Worker), "Worker100", nullable, version);
                data.Add(nameof(Scenarios.ConsoleProgram), "Net80", nullable, version);
                data.Add(nameof(Scenarios.ConsoleProgram), "Net90", nullable, version);
                data.Add(nameof(Scenarios.ConsoleProgram), "Net100", nullable, version);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task CompilesWithoutWarnings(string scenario, string target, NullableContextOptions nullable, LanguageVersion version)
    {
        var compilation = await CompileAsync(TargetNamed(target), new[] { SourceOf(scenario) }, nullable, version);
        var (driver, output, generatorDiagnostics) = Run(compilation);

        Assert.Empty(generatorDiagnostics);
        Assert.Empty(Problems(output));
        Assert.Contains("MeshReady.MeshProxy.g.cs", Sources(driver).Keys);
    }

    [Fact]
    public async Task HostingIntegrationOnlyWhenHostingIsReferenced()
    {
        var console = Sources(Run(await CompileAsync(Targets.Net80, new[] { Scenarios.ConsoleProgram })).Driver);
        var worker = Sources(Run(await CompileAsync(Targets.Worker80, new[] { Scenarios.Worker })).Driver);

        Assert.DoesNotContain("MeshReady.Hosting.g.cs", console.Keys);
        Assert.Contains("MeshReady.Hosting.g.cs", worker.Keys);
    }

    [Fact]
    public async Task NetStandardLibraryGetsPortsButNoHelperItCannotCompile()
    {
        // netstandard2.0 has no SocketsHttpHandler: MeshProxy would not compile there, so it is left out.
        var compilation = await CompileAsync(Targets.NetStandard20, new[] { "[assembly: MeshReady.MeshPort(8080, MeshReady.MeshProtocol.Http)]" });
        var (driver, output, _) = Run(compilation);

        var sources = Sources(driver);
        Assert.DoesNotContain("MeshReady.MeshProxy.g.cs", sources.Keys);
        Assert.Contains("MeshReady.MeshPorts.g.cs", sources.Keys);
        Assert.Empty(Problems(output));
    }

    [Fact]
    public async Task GenerateHelpersFalseLeavesOutMeshProxyAndHosting()
    {
        var compilation = await CompileAsync(Targets.Worker80, new[] { "public static class Nothing { }" });
        var (driver, output, _) = Run(compilation, new Dictionary<string, string> { ["build_property.MeshReadyGenerateHelpers"] = "False" });

        var sources = Sources(driver);
        Assert.DoesNotContain("MeshReady.MeshProxy.g.cs", sources.Keys);
        Assert.DoesNotContain("MeshReady.Hosting.g.cs", sources.Keys);
        Assert.Contains("MeshReady.MeshPorts.g.cs", sources.Keys);
        Assert.Empty(Problems(output));
    }

    [Fact]
    public async Task ProjectThatDefinesEmbeddedAttributeKeepsItsOwn()
    {
        const string own = """
            namespace Microsoft.CodeAnalysis
            {
                [System.AttributeUsage(System.AttributeTargets.All)]
                internal sealed class EmbeddedAttribute : System.Attribute { }
            }
            """;
        var (driver, output, _) = Run(await CompileAsync(Targets.Net80, new[] { own, Scenarios.ConsoleProgram }));

        Assert.DoesNotContain("MeshReady.EmbeddedAttribute.g.cs", Sources(driver).Keys);
        Assert.Empty(Problems(output));
    }

    [Fact]
    public async Task TwoAssembliesJoinedByInternalsVisibleToDoNotClash()
    {
        // A library with the generated code exposes its internals to the service, which has the generated code too.
        const string library = """
            [assembly: System.Runtime.CompilerServices.InternalsVisibleTo("Service")]
            [assembly: MeshReady.MeshPort(9090, MeshReady.MeshProtocol.Grpc)]

            namespace Shared
            {
                internal static class Startup
                {
                    public static System.Threading.Tasks.Task<bool> WaitAsync() => MeshReady.MeshProxy.WaitUntilReadyAsync();
                }
            }
            """;
        var libraryCompilation = await CompileAsync(Targets.Worker80, new[] { library }, assemblyName: "Library");
        var (_, libraryOutput, _) = Run(libraryCompilation);
        Assert.Empty(Problems(libraryOutput));
        var libraryReference = libraryOutput.ToMetadataReference();

        const string service = """
            using MeshReady;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;

            [assembly: MeshPort(8080, MeshProtocol.Http, Name = "http-orders")]

            var builder = Host.CreateApplicationBuilder(args);
            builder.Services.AddMeshReadiness(o => o.QuitSidecarOnStop = MeshPorts.All.Count == 1);
            await Shared.Startup.WaitAsync();
            await MeshProxy.WaitUntilReadyAsync();
            System.Console.WriteLine(MeshPorts.HttpOrders);
            await builder.Build().RunAsync();
            """;
        var serviceCompilation = await CompileAsync(Targets.Worker80, new[] { service }, assemblyName: "Service", extraReferences: new[] { libraryReference });
        var (_, serviceOutput, _) = Run(serviceCompilation);

        Assert.Empty(Problems(serviceOutput));
        // The library's own MeshPorts is hidden from the service: the service sees only its 8080 port.
        var ports = serviceOutput.GetTypeByMetadataName("MeshReady.MeshPorts");
        Assert.NotNull(ports);
        Assert.Equal("Service", ports.ContainingAssembly.Name);
        Assert.NotEmpty(ports.GetMembers("HttpOrders"));
        Assert.Empty(ports.GetMembers("Grpc"));
    }

    internal static string SourceOf(string scenario) => scenario switch
    {
        nameof(Scenarios.MinimalApi) => Scenarios.MinimalApi,
        nameof(Scenarios.GrpcService) => Scenarios.GrpcService,
        nameof(Scenarios.Worker) => Scenarios.Worker,
        _ => Scenarios.ConsoleProgram,
    };

    internal static Target TargetNamed(string name) => name switch
    {
        "AspNetCore80" => Targets.AspNetCore80,
        "Grpc80" => Targets.Grpc80,
        "Worker80" => Targets.Worker80,
        "Worker90" => Targets.Worker90,
        "Worker100" => Targets.Worker100,
        "Net90" => Targets.Net90,
        "Net100" => Targets.Net100,
        _ => Targets.Net80,
    };
}
