using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using MeshReady.Analyzers.Tests.Infrastructure;
using Xunit;

namespace MeshReady.Package.Tests;

/// <summary>The real <c>dotnet format analyzers</c> applies the packaged MESH001 fix (listen on all interfaces) to a copy of the sample.</summary>
[Collection(PackedPackageCollection.Name)]
public class ListenOnAnyIPFormatTests(PackedPackage package)
{
    [Fact]
    public async Task FormatRewritesLoopbackBindsToAnyIP()
    {
        var copy = await package.InstallIntoCopyOfAsync("OrdersApi", "OrdersApi-format-mesh001");
        var before = SampleExpectations.For(copy).ToList();
        var loopback = Assert.Single(before, e => e.Id == "MESH001");
        Assert.Contains("ListenLocalhost(", File.ReadLines(Path.Combine(copy, loopback.Path)).ElementAt(loopback.Line - 1), StringComparison.Ordinal);

        var project = Directory.GetFiles(copy, "*.csproj").Single();
        await DotNet.RunCheckedAsync(copy, "format", "analyzers", project, "--diagnostics", "MESH001", "--severity", "warn");

        // The marked line now listens on every interface; the Development-only loopback URL is untouched.
        var program = File.ReadAllLines(Path.Combine(copy, loopback.Path));
        Assert.Contains("ListenAnyIP(9102)", program[loopback.Line - 1], StringComparison.Ordinal);
        Assert.DoesNotContain(program, line => line.Contains("ListenLocalhost(", StringComparison.Ordinal));
        Assert.Contains(program, line => line.Contains("UseUrls(\"http://localhost:5000\")", StringComparison.Ordinal));

        // The rewritten project builds without MESH001 and every other diagnostic is unchanged.
        var rebuilt = await SampleBuildTests.BuildAsync(copy);
        SampleBuildTests.AssertSameDiagnostics(SampleExpectations.For(copy).Where(e => e.Id != "MESH001"), rebuilt);
    }
}
