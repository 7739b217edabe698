using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using MeshReady.Analyzers.Tests.Infrastructure;
using Xunit;

namespace MeshReady.Package.Tests;

/// <summary>
/// The packed package in a repository with Central Package Management, and the manifest step's incrementality:
/// it runs when the manifests, the assembly or its options change, and MSBuild skips it otherwise.
/// </summary>
[Collection(PackedPackageCollection.Name)]
public partial class ManifestStepTests(PackedPackage package)
{
    [Fact]
    public async Task AGlobalPackageReferenceInACentrallyManagedRepositoryReportsTheMarkedDiagnostics()
    {
        var copy = package.CopyOf("OrdersApi", "OrdersApi-cpm");
        var csproj = Directory.GetFiles(copy, "*.csproj").Single();
        var text = await File.ReadAllTextAsync(csproj);

        // What a CPM repository looks like: versions in Directory.Packages.props, none in the project (NU1008 otherwise),
        // and MeshReady as a GlobalPackageReference, as the README says.
        var versions = VersionedReference().Matches(text).Select(m => $"""    <PackageVersion Include="{m.Groups["id"].Value}" Version="{m.Groups["version"].Value}" />""").ToList();
        Assert.NotEmpty(versions);
        await File.WriteAllTextAsync(csproj, VersionedReference().Replace(text, """<PackageReference Include="${id}" />"""));
        await File.WriteAllTextAsync(Path.Combine(copy, "Directory.Packages.props"), $"""
            <Project>
              <PropertyGroup>
                <ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally>
              </PropertyGroup>
              <ItemGroup>
            {string.Join("\n", versions)}
              </ItemGroup>
              <ItemGroup>
                <GlobalPackageReference Include="{PackedPackage.PackageId}" Version="{package.Version}" />
              </ItemGroup>
            </Project>
            """);

        var actual = await SampleBuildTests.BuildAsync(copy);
        var expected = SampleExpectations.For(copy).ToList();
        Assert.Contains(expected, e => e.Id.StartsWith("MESH1", StringComparison.Ordinal));
        SampleBuildTests.AssertSameDiagnostics(expected, actual);
    }

    [Fact]
    public async Task TheManifestStepRunsOnlyWhenWhatItReadsChanged()
    {
        var copy = await package.InstallIntoCopyOfAsync("OrdersApi", "OrdersApi-incremental");
        await SampleBuildTests.BuildAsync(copy);
        var sarif = Directory.GetFiles(Path.Combine(copy, "obj"), "meshready.sarif", SearchOption.AllDirectories).Single();
        var first = File.GetLastWriteTimeUtc(sarif);

        // A no-op build: MSBuild skips the target (no tool process), and the log is not rewritten.
        var output = await DotNet.RunCheckedAsync(copy, "build", "-nologo", "-v:d", "-p:UseSharedCompilation=false");
        Assert.Contains("Skipping target \"MeshReadyRunManifestChecks\" because all output files are up-to-date", output, StringComparison.Ordinal);
        Assert.Equal(first, File.GetLastWriteTimeUtc(sarif));

        // A manifest edit re-runs it.
        var manifest = Path.Combine(copy, "k8s", "orders-db.yaml");
        await File.AppendAllTextAsync(manifest, "# edited\n");
        File.SetLastWriteTimeUtc(manifest, DateTime.UtcNow.AddSeconds(2));
        output = await DotNet.RunCheckedAsync(copy, "build", "-nologo", "-v:d", "-p:UseSharedCompilation=false");
        Assert.DoesNotContain("Skipping target \"MeshReadyRunManifestChecks\"", output, StringComparison.Ordinal);
        Assert.Matches(@"MeshReady: manifest check ran in-process in [0-9]+ ms\.", output); // the .NET SDK's MSBuild runs the task, no process
        Assert.Matches(@"orders-db\.yaml\([0-9]+,[0-9]+\): warning MESH102: ", output);
        var second = File.GetLastWriteTimeUtc(sarif);
        Assert.True(second > first, "the manifest edit did not re-run the check");

        // So does an option only the tool reads (which workload runs the code).
        output = await DotNet.RunCheckedAsync(copy, "build", "-nologo", "-v:d", "-p:UseSharedCompilation=false", "-p:MeshReadyManifestWorkload=orders-api/orders-api");
        Assert.DoesNotContain("Skipping target \"MeshReadyRunManifestChecks\"", output, StringComparison.Ordinal);
        Assert.True(File.GetLastWriteTimeUtc(sarif) > second, "an option change did not re-run the check");
    }

    [GeneratedRegex("""<PackageReference Include="(?<id>[^"]+)" Version="(?<version>[^"]+)" />""")]
    private static partial Regex VersionedReference();
}
