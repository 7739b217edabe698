using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using MeshReady.Analyzers.Tests.Infrastructure;
using MeshReady.Tool.Explain;
using Xunit;

namespace MeshReady.Manifests.Tests.Explain;

/// <summary>
/// The symptom catalogue is one table: docs/symptoms.md is generated from it, every rule it names exists with a page and a
/// README row, and every rule page links back to the symptoms that point at it.
/// </summary>
public class SymptomCatalogTests
{
    private static readonly string SymptomsPage = Repository.PathOf("docs", "symptoms.md");

    [Fact]
    public void SymptomsPageIsGeneratedFromTheTable()
    {
        using var generated = new StringWriter();
        SymptomMarkdown.Write(generated, SymptomCatalog.All);
        var onDisk = File.ReadAllText(SymptomsPage).Replace("\r\n", "\n", StringComparison.Ordinal);
        Assert.True(
            generated.ToString() == onDisk,
            "docs/symptoms.md differs from the catalogue. Regenerate it: dotnet src/MeshReady.Tool/bin/Debug/net8.0/meshready.dll explain --list --format markdown > docs/symptoms.md");
    }

    [Fact]
    public void IdsAreUniqueAnchors()
    {
        var ids = SymptomCatalog.All.Select(s => s.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(ids, id => Assert.Matches("^[a-z0-9][a-z0-9-]*$", id));
    }

    [Fact]
    public void EverySymptomIsRecognisableExplainedAndSourced()
    {
        foreach (var symptom in SymptomCatalog.All)
        {
            var r = symptom.Recognise;
            Assert.True(r.FlagList.Count + r.DetailList.Count + r.StatusList.Count + r.PhraseList.Count > 0, symptom.Id);
            Assert.All(r.FlagList, f => Assert.NotNull(EnvoyResponseFlags.Find(f)));
            Assert.All(r.PhraseList, p => _ = new Regex(p, RegexOptions.IgnoreCase));
            Assert.All(r.DetailList, d => Assert.Matches(@"^[a-z][a-z0-9_.]*(\{[a-z_]+\})?$", d));
            Assert.False(string.IsNullOrWhiteSpace(symptom.Meaning), symptom.Id);
            Assert.NotEmpty(symptom.Sources);

            // Users never see the team's research notes: sources are public URLs or Istio/Envoy source paths.
            Assert.All(symptom.Sources, s => Assert.DoesNotContain("pitfalls", s, StringComparison.OrdinalIgnoreCase));
            Assert.All(symptom.Causes, c => Assert.False(string.IsNullOrWhiteSpace(c.Fix), $"{symptom.Id}: {c.Text}"));
        }
    }

    [Fact]
    public void EveryRuleNamedHasAPageAndAReadmeRow()
    {
        var readme = File.ReadAllText(Repository.PathOf("README.md"));
        var rules = SymptomCatalog.All.SelectMany(s => s.Causes).SelectMany(c => c.Rules).Distinct().ToList();
        Assert.NotEmpty(rules);
        foreach (var rule in rules)
        {
            Assert.True(File.Exists(Repository.PathOf("docs", "rules", rule + ".md")), $"{rule} has no docs/rules page");
            Assert.Contains($"| [{rule}](docs/rules/{rule}.md) |", readme, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void EveryRulePageLinksToTheSymptomsThatPointAtIt()
    {
        foreach (var page in Directory.GetFiles(Repository.PathOf("docs", "rules"), "MESH*.md"))
        {
            var rule = Path.GetFileNameWithoutExtension(page);
            var section = SymptomSection(File.ReadAllText(page));
            Assert.True(section is not null, $"{rule}: no Symptom / What you would see / What it means section");
            Assert.Contains("](../symptoms.md", section, StringComparison.Ordinal);
            foreach (var symptom in SymptomCatalog.All.Where(s => s.Causes.Any(c => c.Rules.Contains(rule))))
            {
                Assert.True(section!.Contains($"](../symptoms.md#{symptom.Id})", StringComparison.Ordinal), $"{rule}'s page does not link to symptom '{symptom.Id}'");
            }
        }
    }

    [Fact]
    public void ReadmeLinksTheCatalogue()
        => Assert.Contains("](docs/symptoms.md)", File.ReadAllText(Repository.PathOf("README.md")), StringComparison.Ordinal);

    /// <summary>The section a rule page describes what users see in: "What you would see", else "Symptom", else "What it means".</summary>
    private static string? SymptomSection(string page)
    {
        foreach (var heading in new[] { "## What you would see", "## Symptom", "## What it means" })
        {
            var match = Regex.Match(page, "^" + Regex.Escape(heading) + @"\s*$(?<body>.*?)(?=^## |\z)", RegexOptions.Multiline | RegexOptions.Singleline);
            if (match.Success)
            {
                return match.Groups["body"].Value;
            }
        }

        return null;
    }
}
