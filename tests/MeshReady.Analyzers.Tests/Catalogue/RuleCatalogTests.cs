using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using MeshReady.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace MeshReady.Analyzers.Tests.Catalogue;

/// <summary>
/// Every rule ships with its docs page, README row, release-tracking line and a use in a sample; every fixer
/// fixes a real rule and supports Fix All. These tests fail when one of those is forgotten.
/// </summary>
public class RuleCatalogTests
{
    [Fact]
    public void TheCatalogueIsNotEmpty()
    {
        Assert.NotEmpty(RuleCatalog.Analyzers);
        Assert.Contains(RuleCatalog.Descriptors, d => d.Id == "MESH010");
    }

    [Theory]
    [MemberData(nameof(RuleCatalog.DescriptorIds), MemberType = typeof(RuleCatalog))]
    public void IdIsWellFormedAndHelpLinkPointsAtItsDocsPage(string id)
    {
        var descriptor = RuleCatalog.Descriptor(id);
        Assert.Matches("^MESH[0-9]{3}$", id);
        Assert.Equal($"https://github.com/meshready/MeshReady.Analyzers/blob/main/docs/rules/{id}.md", descriptor.HelpLinkUri);
        Assert.True(File.Exists(Repository.PathOf("docs", "rules", id + ".md")), $"docs/rules/{id}.md is missing");
        Assert.StartsWith("MeshReady.", descriptor.Category, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(RuleCatalog.DescriptorIds), MemberType = typeof(RuleCatalog))]
    public void DocsPageExplainsTheRule(string id)
    {
        var page = File.ReadAllText(Repository.PathOf("docs", "rules", id + ".md"));
        Assert.StartsWith($"# {id}:", page, StringComparison.Ordinal);
        Assert.Contains("## How to fix", page, StringComparison.Ordinal);
        Assert.Contains("## Sources", page, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(RuleCatalog.DescriptorIds), MemberType = typeof(RuleCatalog))]
    public void ReadmeHasARowWithTheDefaultSeverity(string id)
    {
        var descriptor = RuleCatalog.Descriptor(id);
        var readme = File.ReadAllLines(Repository.PathOf("README.md"));
        var row = readme.SingleOrDefault(line => line.StartsWith($"| [{id}](docs/rules/{id}.md)", StringComparison.Ordinal));
        Assert.True(row is not null, $"README.md has no rules-table row for {id}");
        var expected = descriptor.IsEnabledByDefault ? descriptor.DefaultSeverity.ToString() : "Off";
        Assert.Contains($"| {expected}", row, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(RuleCatalog.DescriptorIds), MemberType = typeof(RuleCatalog))]
    public void ReleaseTrackingHasTheRule(string id)
    {
        var descriptor = RuleCatalog.Descriptor(id);
        var releases = File.ReadAllLines(Repository.PathOf("src", "MeshReady.Analyzers", "AnalyzerReleases.Unshipped.md"))
            .Concat(File.ReadAllLines(Repository.PathOf("src", "MeshReady.Analyzers", "AnalyzerReleases.Shipped.md")));
        var line = releases.FirstOrDefault(l => l.StartsWith(id + " ", StringComparison.Ordinal));
        Assert.True(line is not null, $"AnalyzerReleases.Unshipped.md has no line for {id}");
        var cells = line!.Split('|').Select(c => c.Trim()).ToArray();
        Assert.Equal(descriptor.Category, cells[1]);
    }

    [Theory]
    [MemberData(nameof(RuleCatalog.DescriptorIds), MemberType = typeof(RuleCatalog))]
    public void CodeRulesAreUsedInASample(string id)
    {
        if (id.StartsWith("MESH9", StringComparison.Ordinal))
        {
            return; // configuration diagnostics: a sample with broken configuration would teach the wrong thing.
        }

        Assert.True(SampleExpectations.All().Any(e => e.Id == id), $"no sample marks an expected {id} (// expect: {id})");
    }

    [Fact]
    public void EveryCodeFixFixesAKnownRuleAndSupportsFixAll()
    {
        Assert.NotEmpty(RuleCatalog.CodeFixes);
        foreach (var fix in RuleCatalog.CodeFixes)
        {
            Assert.NotEmpty(fix.FixableDiagnosticIds);
            Assert.All(fix.FixableDiagnosticIds, id => Assert.Contains(RuleCatalog.Descriptors, d => d.Id == id));
            Assert.NotNull(fix.GetFixAllProvider());
            var key = fix.GetType().GetField("EquivalenceKey", BindingFlags.Public | BindingFlags.Static);
            Assert.True(key is { IsLiteral: true }, $"{fix.GetType().Name} has no public const EquivalenceKey");
        }
    }

    [Fact]
    public void ReadmeRowsAreAllRealRules()
    {
        var ids = Regex.Matches(File.ReadAllText(Repository.PathOf("README.md")), @"^\| \[(MESH[0-9]{3})\]", RegexOptions.Multiline)
            .Select(m => m.Groups[1].Value)
            .Where(id => !id.StartsWith("MESH1", StringComparison.Ordinal) && !id.StartsWith("MESH91", StringComparison.Ordinal) && id != "MESH902"); // manifest checks (MESH1nn, MESH91n) and MSBuild-only warnings live outside the analyzers
        Assert.All(ids, id => Assert.Contains(RuleCatalog.Descriptors, d => d.Id == id));
    }

    [Theory]
    [InlineData("strict", "warning")]
    [InlineData("none", "none")]
    public void SeverityProfilesNameEveryRule(string mode, string severity)
    {
        var text = File.ReadAllText(Repository.PathOf("build", "config", $"MeshReady.{mode}.globalconfig"));
        var entries = Regex.Matches(text, @"^dotnet_diagnostic\.(MESH[0-9]{3})\.severity = (\w+)$", RegexOptions.Multiline)
            .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
        Assert.Equal(RuleCatalog.Descriptors.Select(d => d.Id).Distinct().OrderBy(id => id, StringComparer.Ordinal), entries.Keys.OrderBy(id => id, StringComparer.Ordinal));
        Assert.All(entries.Values, value => Assert.Equal(severity, value));
    }
}
