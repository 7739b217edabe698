using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using MeshReady.Analyzers.Tests.Infrastructure;
using Xunit;

namespace MeshReady.Package.Tests;

/// <summary>
/// Each sample, copied out of the repository and given the packed package with <c>dotnet add package</c>,
/// builds and reports exactly the diagnostics its expectation markers promise (rule, file, line), read from the
/// build's SARIF error log.
/// </summary>
[Collection(PackedPackageCollection.Name)]
public class SampleBuildTests(PackedPackage package)
{
    public static IEnumerable<object[]> Samples()
        => Directory.EnumerateDirectories(Repository.PathOf("samples"))
            .Where(d => Directory.EnumerateFiles(d, "*.csproj").Any())
            .Select(d => new object[] { Path.GetFileName(d) });

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task PackedAnalyzersReportExactlyTheMarkedDiagnostics(string sample)
    {
        var copy = await package.InstallIntoCopyOfAsync(sample, sample + "-build");

        var csproj = await File.ReadAllTextAsync(Directory.GetFiles(copy, "*.csproj").Single());
        Assert.Contains("Include=\"MeshReady.Analyzers\"", csproj, System.StringComparison.Ordinal);
        Assert.Contains("<PrivateAssets>all</PrivateAssets>", csproj, System.StringComparison.Ordinal); // developmentDependency

        var actual = await BuildAsync(copy);
        var expected = SampleExpectations.For(copy).ToList();

        Assert.NotEmpty(expected);
        AssertSameDiagnostics(expected, actual);
    }

    internal static async Task<IReadOnlyList<SampleExpectation>> BuildAsync(string projectDirectory)
    {
        var sarif = Path.Combine(projectDirectory, "build.sarif");
        File.Delete(sarif);
        await DotNet.RunCheckedAsync(projectDirectory, "build", "-nologo", "-p:ErrorLog=" + sarif + "%2Cversion=2.1", "-p:UseSharedCompilation=false");
        Assert.True(File.Exists(sarif), "the build wrote no SARIF log");
        return SarifLog.MeshResults(sarif, projectDirectory);
    }

    internal static void AssertSameDiagnostics(IEnumerable<SampleExpectation> expected, IEnumerable<SampleExpectation> actual)
    {
        var expectedSet = expected.Select(e => e.ToString()).OrderBy(s => s, System.StringComparer.Ordinal).ToArray();
        var actualSet = actual.Select(e => e.ToString()).Distinct().OrderBy(s => s, System.StringComparer.Ordinal).ToArray();
        var missing = expectedSet.Except(actualSet).ToArray();
        var unexpected = actualSet.Except(expectedSet).ToArray();
        Assert.True(
            missing.Length == 0 && unexpected.Length == 0,
            $"missing: [{string.Join(", ", missing)}]\nunexpected: [{string.Join(", ", unexpected)}]");
    }
}
