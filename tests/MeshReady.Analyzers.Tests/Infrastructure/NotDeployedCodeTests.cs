using System.Threading;
using System.Threading.Tasks;
using MeshReady.Analyzers.Addressing;
using MeshReady.Analyzers.Clients;
using MeshReady.Analyzers.Listening;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace MeshReady.Analyzers.Tests.Infrastructure;

/// <summary>
/// Code that never runs in a pod (test projects, and the apps only functional tests start) gets no mesh diagnostics:
/// one rule in <c>MeshAnalyzer</c>, shown here on the rules real test code tripped. Each silent case has a deployed twin
/// that reports, so the silence is the project kind and not the code.
/// </summary>
public class NotDeployedCodeTests
{
    private static readonly ReferenceAssemblies WithXunit = TestReferences.WithPackages(("xunit.extensibility.core", "2.9.3"), ("xunit.assert", "2.9.3"));

    private const string IngressTest = """
        using System.Net.Http;
        using System.Threading.Tasks;
        using Xunit;

        public class IngressRoutingTests
        {
            [Fact]
            public async Task VirtualHostRoutesToTheTenant()
            {
                using var http = new HttpClient();
                using var request = new HttpRequestMessage(HttpMethod.Get, "http://127.0.0.1:8080/profile");
                {|MESH012:request.Headers.Host = "tenant-a.shop.example"|};
                using var response = await http.SendAsync(request);
                Assert.Equal("tenant-a", await response.Content.ReadAsStringAsync());
            }
        }
        """;

    [Fact]
    public Task HostHeaderInAnIngressTestIsSilent()
        => Run<HostHeaderAnalyzer>(Unmarked(IngressTest), WithXunit, projectDirectory: null);

    [Fact]
    public Task HostHeaderTwinInADeployedProjectIsReported()
        => Run<HostHeaderAnalyzer>(IngressTest.Replace("using Xunit;", string.Empty).Replace("[Fact]", string.Empty).Replace("Assert.Equal(\"tenant-a\", await response.Content.ReadAsStringAsync());", "_ = response;"), TestReferences.AspNetCore80, projectDirectory: null);

    [Fact]
    public Task ExpectedHttpsAddressInAnAssertionIsSilent()
        => Run<InMeshTlsAnalyzer>("""
            using System;
            using Xunit;

            public class CatalogAddressTests
            {
                [Fact]
                public void BuildsTheServiceAddress()
                {
                    var address = new Uri("https://catalog.shop.svc.cluster.local/api/items");
                    Assert.Equal("catalog.shop.svc.cluster.local", address.Host);
                }
            }
            """, WithXunit, projectDirectory: null);

    private const string LoopbackSite = """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Hosting;

        var builder = WebApplication.CreateBuilder(args);
        builder.WebHost.ConfigureKestrel(k => k.{|MESH001:ListenLocalhost|}(5021));
        var app = builder.Build();
        app.MapGet("/", () => "interop");
        app.Run();
        """;

    [Theory]
    [InlineData("/src/grpc-dotnet/testassets/InteropTestsWebsite")]
    [InlineData("/src/aspnetcore/src/Mvc/test/WebSites/BasicWebSite")]
    [InlineData(@"C:\src\shop\tests\Ordering.FunctionalTests")]
    public Task LoopbackListenerInATestAssetAppIsSilent(string projectDirectory)
        => Run<LoopbackListenerAnalyzer>(Unmarked(LoopbackSite), TestReferences.AspNetCore80, projectDirectory);

    [Theory]
    [InlineData("/src/shop/src/Services/Ordering/Ordering.API")]
    [InlineData("/home/ci/test/shop/src/Ordering.API")] // "test" above the repository, not a test folder
    public Task LoopbackListenerInADeployedAppIsReported(string projectDirectory)
        => Run<LoopbackListenerAnalyzer>(LoopbackSite, TestReferences.AspNetCore80, projectDirectory);

    [Fact]
    public Task TlsInATestAssetAppIsSilent()
        => Run<ServerTlsAnalyzer>("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;

            var builder = WebApplication.CreateBuilder(args);
            builder.WebHost.ConfigureKestrel(k => k.ListenAnyIP(5001, o => o.UseHttps()));
            var app = builder.Build();
            app.Run();
            """, TestReferences.AspNetCore80, "/src/aspnetcore/src/Servers/Kestrel/test/testassets/Http2SampleApp");

    private static string Unmarked(string source)
        => System.Text.RegularExpressions.Regex.Replace(source, @"\{\|[^:|]*:|\|\}", string.Empty);

    private static async Task Run<TAnalyzer>(string source, ReferenceAssemblies references, string? projectDirectory)
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        var test = AnalyzerVerifier<TAnalyzer>.Create(references);
        test.TestCode = source;
        MeshTestSettings.ApplyOutputKind(test.TestState, source);
        if (projectDirectory is not null)
        {
            test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\nbuild_property.MSBuildProjectDirectory = " + projectDirectory + "\n"));
        }

        await test.RunAsync(CancellationToken.None);
    }
}
