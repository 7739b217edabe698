using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using MeshReady.Analyzers.Tests.Infrastructure;
using MeshReady.Manifests.Checks;
using MeshReady.Manifests.Loading;
using MeshReady.Manifests.Model;
using Xunit;

namespace MeshReady.Manifests.Tests.Catalogue;

/// <summary>
/// Every manifest rule ships with a docs page, a README row with its default severity, a release-tracking line,
/// and (for the checks that need no assembly) a marked use in a sample; the sample's manifests report exactly
/// their markers.
/// </summary>
public class ManifestRuleCatalogTests
{
    public static IEnumerable<object[]> RuleIds() => ManifestRules.All.Select(r => new object[] { r.Id });

    private static ManifestRule Rule(string id) => ManifestRules.All.Single(r => r.Id == id);

    [Fact]
    public void IdsAreUniqueContiguousAndInTheirRanges()
    {
        var ids = ManifestRules.All.Select(r => r.Id).ToArray();
        Assert.Equal(ids.Length, ids.Distinct().Count());
        var checks = ids.Where(i => i.StartsWith("MESH1", StringComparison.Ordinal)).Select(i => int.Parse(i[4..], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(Enumerable.Range(101, checks.Length), checks);
        var files = ids.Where(i => i.StartsWith("MESH9", StringComparison.Ordinal)).Select(i => int.Parse(i[4..], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(Enumerable.Range(910, files.Length), files);
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void DocsPageExplainsTheRuleAndHelpUriPointsAtIt(string id)
    {
        var path = Repository.PathOf("docs", "rules", id + ".md");
        Assert.True(File.Exists(path), $"docs/rules/{id}.md is missing");
        var page = File.ReadAllText(path);
        Assert.StartsWith($"# {id}: {Rule(id).Title}", page, StringComparison.Ordinal);
        foreach (var section in new[] { "## What breaks", "## Symptom", "## How to fix", "## Options", "## When to suppress", "## Sources" })
        {
            Assert.Contains(section, page, StringComparison.Ordinal);
        }

        Assert.Equal($"https://github.com/meshready/MeshReady.Analyzers/blob/main/docs/rules/{id}.md", Rule(id).HelpUri);
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void ReadmeHasARowWithTheDefaultSeverity(string id)
    {
        var row = File.ReadAllLines(Repository.PathOf("README.md")).SingleOrDefault(l => l.StartsWith($"| [{id}](docs/rules/{id}.md)", StringComparison.Ordinal));
        Assert.True(row is not null, $"README.md has no row for {id}");
        Assert.Contains($"| Manifests | {Rule(id).DefaultSeverity} |", row, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void ReleaseTrackingHasTheRule(string id)
    {
        var line = File.ReadAllLines(Repository.PathOf("src", "MeshReady.Manifests", "AnalyzerReleases.Unshipped.md")).SingleOrDefault(l => l.StartsWith(id + " ", StringComparison.Ordinal));
        Assert.True(line is not null, $"src/MeshReady.Manifests/AnalyzerReleases.Unshipped.md has no line for {id}");
        var cells = line!.Split('|').Select(c => c.Trim()).ToArray();
        Assert.Equal("MeshReady.Manifests", cells[1]);
        Assert.Equal(Rule(id).DefaultSeverity.ToString(), cells[2]);
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void ChecksThatNeedNoAssemblyAreUsedInASample(string id)
    {
        // Configuration findings, and the checks that need the generator's metadata, are exercised by unit tests only.
        if (id.StartsWith("MESH9", StringComparison.Ordinal) || id is "MESH107" or "MESH108" or "MESH112" or "MESH115")
        {
            return;
        }

        Assert.True(SampleExpectations.All().Any(e => e.Id == id), $"no sample manifest marks an expected {id} (# expect: {id})");
    }

    [Fact]
    public void SampleManifestsReportExactlyTheirMarkers()
    {
        foreach (var sample in Directory.EnumerateDirectories(Repository.PathOf("samples")))
        {
            var files = ManifestDiscovery.Expand(new[] { Path.Combine(sample, "k8s"), Path.Combine(sample, "deploy") }.Where(Directory.Exists), out _);
            if (files.Count == 0)
            {
                continue;
            }

            var actual = ManifestChecker.CheckFiles(files, new CheckOptions()).Findings
                .Select(f => $"{Path.GetRelativePath(sample, f.Location.File).Replace('\\', '/')}:{f.Location.Line} {f.RuleId}")
                .OrderBy(s => s, StringComparer.Ordinal)
                .ToArray();
            // Checked without the built assembly: the code cross-checks (MESH112/MESH113 need its port metadata, MESH107 its
            // shutdown budget, MESH108 its unguarded start-up calls, MESH115 whether it waits for the proxy, MESH914 its name to
            // match a workload) are asserted by the package test, which builds the sample.
            var expected = SampleExpectations.For(sample)
                .Where(e => e.Path.EndsWith(".yaml", StringComparison.Ordinal) || e.Path.EndsWith(".yml", StringComparison.Ordinal))
                .Where(e => e.Id is not ("MESH107" or "MESH108" or "MESH112" or "MESH113" or "MESH115" or "MESH914"))
                .Select(e => e.ToString())
                .OrderBy(s => s, StringComparer.Ordinal)
                .ToArray();
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void EveryCheckIsRegistered()
    {
        var checkTypes = typeof(ManifestChecker).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(IManifestCheck).IsAssignableFrom(t))
            .ToArray();
        Assert.Equal(16, checkTypes.Length);
        Assert.All(checkTypes, t => Assert.Matches(new Regex("Check$"), t.Name));
    }
}
