using System.IO.Compression;
using System.Linq;
using System.Xml.Linq;
using Xunit;

namespace MeshReady.Package.Tests;

/// <summary>The nupkg has the layout an analyzer package must have (analyzers/dotnet/cs, build/, tools/).</summary>
[Collection(PackedPackageCollection.Name)]
public class NupkgLayoutTests(PackedPackage package)
{
    [Fact]
    public void AnalyzersAndCodeFixesAreUnderAnalyzersDotnetCs()
    {
        var entries = Entries();
        Assert.Contains("analyzers/dotnet/cs/MeshReady.Analyzers.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/MeshReady.CodeFixes.dll", entries);
    }

    [Fact]
    public void TheManifestToolIsShippedUnderToolsAsAFrameworkDependentApp()
    {
        var entries = Entries();
        foreach (var file in new[] { "meshready.dll", "meshready.runtimeconfig.json", "meshready.deps.json", "MeshReady.Manifests.dll", "KubernetesClient.dll", "YamlDotNet.dll", "Fractions.dll" })
        {
            Assert.Contains("tools/" + file, entries);
        }

        // No apphost, symbols, docs or runtime: the package's size is the tool's managed code.
        Assert.DoesNotContain(entries, e => e.StartsWith("tools/", System.StringComparison.Ordinal)
            && (e.EndsWith(".pdb", System.StringComparison.Ordinal) || e.EndsWith(".xml", System.StringComparison.Ordinal) || e.EndsWith(".exe", System.StringComparison.Ordinal) || e == "tools/meshready" || e.Contains("/runtimes/", System.StringComparison.Ordinal)));
        Assert.Equal(7, entries.Count(e => e.StartsWith("tools/", System.StringComparison.Ordinal)));

        // Built for net8.0 but must run on whatever newer runtime the user's SDK brings.
        using var zip = ZipFile.OpenRead(package.NupkgPath);
        using var reader = new System.IO.StreamReader(zip.GetEntry("tools/meshready.runtimeconfig.json")!.Open());
        Assert.Contains("\"rollForward\": \"LatestMajor\"", reader.ReadToEnd(), System.StringComparison.Ordinal);
    }

    [Fact]
    public void NothingIsShippedAsALibrary()
    {
        Assert.DoesNotContain(Entries(), e => e.StartsWith("lib/", System.StringComparison.Ordinal) || e.StartsWith("ref/", System.StringComparison.Ordinal));
    }

    [Fact]
    public void BuildPropsTargetsAndProfilesAreShipped()
    {
        var entries = Entries();
        Assert.Contains("build/MeshReady.Analyzers.props", entries);
        Assert.Contains("build/MeshReady.Analyzers.targets", entries);
        Assert.Contains("build/config/MeshReady.strict.globalconfig", entries);
        Assert.Contains("build/config/MeshReady.none.globalconfig", entries);
        Assert.Contains("README.md", entries);
    }

    [Fact]
    public void NuspecDeclaresADevelopmentDependencyWithMetadataAndNoDependencies()
    {
        using var zip = ZipFile.OpenRead(package.NupkgPath);
        var nuspecEntry = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", System.StringComparison.Ordinal));
        using var stream = nuspecEntry.Open();
        var metadata = XDocument.Load(stream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string? Value(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;

        Assert.Equal(PackedPackage.PackageId, Value("id"));
        Assert.Equal("true", Value("developmentDependency"));
        Assert.Equal("MIT", Value("license"));
        Assert.Equal("README.md", Value("readme"));
        Assert.False(string.IsNullOrWhiteSpace(Value("description")));
        var repository = metadata.Elements().Single(e => e.Name.LocalName == "repository");
        Assert.StartsWith("https://", repository.Attribute("url")?.Value, System.StringComparison.Ordinal);
        var dependencies = metadata.Elements().SingleOrDefault(e => e.Name.LocalName == "dependencies");
        Assert.True(dependencies is null || !dependencies.Descendants().Any(e => e.Name.LocalName == "dependency"), "the package must add no runtime dependencies");
    }

    private string[] Entries()
    {
        using var zip = ZipFile.OpenRead(package.NupkgPath);
        return zip.Entries.Select(e => e.FullName.Replace('\\', '/')).ToArray();
    }
}
