using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using MeshReady.Analyzers.Tests.Infrastructure;
using Xunit;

namespace MeshReady.Package.Tests;

/// <summary>
/// The real <c>dotnet format analyzers</c> applies the packaged code fixes to a copy of the sample, and the
/// result is what the fixes promise: the flagged code is rewritten, those diagnostics are gone, and every other
/// diagnostic is still reported where its marker says.
/// </summary>
[Collection(PackedPackageCollection.Name)]
public class DotnetFormatTests(PackedPackage package)
{
    [Fact]
    public async Task FormatAppliesTheHttpVersionAndHopByHopFixes()
    {
        var copy = await package.InstallIntoCopyOfAsync("OrdersApi", "OrdersApi-format");
        var before = SampleExpectations.For(copy).ToList();
        Assert.Contains(before, e => e.Id == "MESH010");
        Assert.Contains(before, e => e.Id == "MESH011");

        var project = Directory.GetFiles(copy, "*.csproj").Single();
        await DotNet.RunCheckedAsync(copy, "format", "analyzers", project, "--diagnostics", "MESH010", "MESH011", "--severity", "warn");

        var after = SampleExpectations.For(copy).ToList();

        // MESH010: the value was replaced in place, so the marked lines remain and now say HTTP/1.1.
        var versionLines = after.Where(e => e.Id == "MESH010").ToList();
        Assert.Equal(before.Count(e => e.Id == "MESH010"), versionLines.Count);
        foreach (var line in versionLines)
        {
            var text = File.ReadLines(Path.Combine(copy, line.Path)).ElementAt(line.Line - 1);
            Assert.Contains("HttpVersion.Version11", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Version10", text, StringComparison.Ordinal);
            Assert.DoesNotContain("new Version(1, 0)", text, StringComparison.Ordinal);
        }

        // MESH011: the whole statement, marker included, was removed.
        Assert.DoesNotContain(after, e => e.Id == "MESH011");
        var clients = Directory.GetFiles(Path.Combine(copy, "Clients"), "*.cs").Select(File.ReadAllText).ToArray();
        Assert.DoesNotContain(clients, c => c.Contains("\"Keep-Alive\"", StringComparison.Ordinal));
        Assert.DoesNotContain(clients, c => c.Contains("Headers.Add(\"Connection\"", StringComparison.Ordinal));

        // The rewritten project still builds, without MESH010/MESH011, and everything else is unchanged.
        var rebuilt = await SampleBuildTests.BuildAsync(copy);
        SampleBuildTests.AssertSameDiagnostics(after.Where(e => e.Id is not ("MESH010" or "MESH011")), rebuilt);
    }

    [Fact]
    public async Task FormatMakesTheJobWaitForTheSidecarAndStopIt()
    {
        var copy = await package.InstallIntoCopyOfAsync("NightlyReport", "NightlyReport-format");
        var before = SampleExpectations.For(copy).ToList();
        Assert.Contains(before, e => e.Id == "MESH030");
        Assert.Contains(before, e => e.Id == "MESH033");

        // One rule per run: both fixes edit the same body, so each sees the other's result, as in the IDE.
        var project = Directory.GetFiles(copy, "*.csproj").Single();
        await DotNet.RunCheckedAsync(copy, "format", "analyzers", project, "--diagnostics", "MESH030", "--severity", "warn");
        await DotNet.RunCheckedAsync(copy, "format", "analyzers", project, "--diagnostics", "MESH033", "--severity", "warn");

        var program = await File.ReadAllTextAsync(Path.Combine(copy, "Program.cs"));
        Assert.Contains("using MeshReady;", program, StringComparison.Ordinal);
        var wait = program.IndexOf("await MeshProxy.WaitUntilReadyAsync();", StringComparison.Ordinal);
        var firstCall = program.IndexOf("orders.GetFromJsonAsync", StringComparison.Ordinal);
        Assert.True(wait >= 0 && wait < firstCall, "the readiness wait must come before the first outbound call\n" + program);
        var @finally = program.IndexOf("finally", StringComparison.Ordinal);
        var quit = program.IndexOf("await MeshProxy.QuitAsync();", StringComparison.Ordinal);
        Assert.True(@finally >= 0 && quit > @finally, "the sidecar must be stopped in a finally block\n" + program);

        // The fixed Job builds against the generated MeshProxy, and MESH030/MESH033 are gone.
        var after = SampleExpectations.For(copy).ToList();
        var rebuilt = await SampleBuildTests.BuildAsync(copy);
        SampleBuildTests.AssertSameDiagnostics(after.Where(e => e.Id is not ("MESH030" or "MESH033")), rebuilt);
    }
}
