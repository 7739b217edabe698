using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using MeshReady.Analyzers.Tests.Infrastructure;
using Xunit;

namespace MeshReady.Analyzers.Tests.Catalogue;

/// <summary>
/// What users read cites what users can open: every rule page has a Sources list with a public URL or a source path,
/// and no product file points into the project's private research notes (which ship nowhere).
/// </summary>
public class PrimarySourceTests
{
    // The private notes and the pitfall numbers (P01–P20) that point into them.
    private static readonly Regex PrivateReference = new(
        @"istio-pitfalls|DESIGN\.md|shared/domain|shared/reference|analyzer-anchors|\bP(?:0[1-9]|1[0-9]|20)\b",
        RegexOptions.Compiled);

    // A URL, or a path with a file extension (pilot/pkg/features/pilot.go, docs/assembly-metadata.md).
    private static readonly Regex SourceCitation = new(
        @"https?://\S+|`?[A-Za-z0-9_.-]+(?:/[A-Za-z0-9_.-]+)+\.[A-Za-z]{1,5}`?",
        RegexOptions.Compiled);

    // A Releases section names the Istio releases the claim holds for (1.6 to 1.30 and later, 1.24.0), or says it does
    // not depend on them. HTTP/1.1, IP addresses and .NET versions are not releases.
    private static readonly Regex ReleaseStatement = new(
        @"(?<![/.\w])1\.(?:[6-9]|[1-9][0-9])(?:\.[0-9]+)?(?!\.?[0-9])|Independent of the Istio release",
        RegexOptions.Compiled);

    private static readonly string[] ProductRoots = ["docs", "src", "samples", "build"];

    private static readonly string[] ProductFiles = ["README.md", "CONTRIBUTING.md"];

    private static readonly HashSet<string> TextExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".md", ".cs", ".csproj", ".props", ".targets", ".globalconfig", ".editorconfig", ".json", ".yaml", ".yml",
        ".txt", ".xml", ".sh", ".ps1", "",
    };

    public static TheoryData<string> RulePages()
    {
        var data = new TheoryData<string>();
        foreach (var page in Directory.GetFiles(Repository.PathOf("docs", "rules"), "*.md").OrderBy(p => p, StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(page));
        }

        return data;
    }

    [Fact]
    public void NoProductFileMentionsThePrivateNotes()
    {
        var files = ProductFilePaths().ToList();
        Assert.True(files.Count > 100, $"only {files.Count} product files found under {Repository.Root}: the walk is broken");

        var offenders = new List<string>();
        foreach (var file in files)
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                var match = PrivateReference.Match(lines[i]);
                if (match.Success)
                {
                    offenders.Add($"{Relative(file)}:{i + 1}: '{match.Value}'");
                }
            }
        }

        Assert.True(offenders.Count == 0, "cite the primary source (a public URL or an Istio source path at a release) instead of:\n" + string.Join("\n", offenders));
    }

    [Theory]
    [MemberData(nameof(RulePages))]
    public void RulePageHasASourcesSectionWithAUrlOrSourcePath(string page)
    {
        var text = File.ReadAllText(Repository.PathOf("docs", "rules", page));
        var sources = Section(text, "Sources");
        Assert.True(sources is not null, $"docs/rules/{page} has no '## Sources' section");
        Assert.True(sources!.Trim().Length > 0, $"docs/rules/{page}: the Sources section is empty");
        Assert.True(SourceCitation.IsMatch(sources), $"docs/rules/{page}: the Sources section names no URL or source path:\n{sources}");
    }

    [Theory]
    [MemberData(nameof(RulePages))]
    public void RulePageSaysWhichIstioReleasesItAppliesTo(string page)
    {
        var text = File.ReadAllText(Repository.PathOf("docs", "rules", page));
        var releases = Section(text, "Releases");
        Assert.True(releases is not null, $"docs/rules/{page} has no '## Releases' section: say which Istio releases and data planes the rule's claim holds for, or why it does not depend on them");
        Assert.True(ReleaseStatement.IsMatch(releases!), $"docs/rules/{page}: the Releases section names no Istio release (such as 1.24) and does not say 'Independent of the Istio release':\n{releases}");
    }

    [Fact]
    public void AReleasesSectionWithoutARangeIsCaught()
    {
        Assert.Null(Section("# X\n\n## Sources\n\n- https://istio.io/\n", "Releases"));
        Assert.DoesNotMatch(ReleaseStatement, Section("## Releases\n\nAll of them.\n## Sources\n\nRFC 9110 1.1.\n", "Releases")!);
        Assert.DoesNotMatch(ReleaseStatement, "HTTP/1.1 and HTTP 1.0, IPv4 10.1.2.3, .NET 8.0.1, v1.24 only");
        Assert.Matches(ReleaseStatement, Section("## Releases\n\nEvery release from 1.6; 15004 only 1.11–1.24.\n", "Releases")!);
        Assert.Matches(ReleaseStatement, "Independent of the Istio release: a Kubernetes rule.");
    }

    [Theory]
    [InlineData("See `domain/istio-pitfalls.md` **P08**.")]
    [InlineData("(DESIGN.md §5)")]
    [InlineData("/work/shared/reference/peers.md")]
    [InlineData("a waypoint may bring the check back, see P07")]
    public void ThePrivateReferencePatternCatchesWhatItShould(string line) => Assert.Matches(PrivateReference, line);

    [Theory]
    [InlineData("RFC 9110 §7.6.1")]
    [InlineData("HTTP/2 (h2c) on port 8080, p95 latency")]
    [InlineData("istio/istio 1.28.0 `pilot/pkg/features/pilot.go`")]
    public void ThePrivateReferencePatternLeavesOrdinaryTextAlone(string line) => Assert.DoesNotMatch(PrivateReference, line);

    [Fact]
    public void ASourcesSectionWithoutACitationIsCaught()
    {
        Assert.DoesNotMatch(SourceCitation, Section("# X\n\n## Sources\n\n- the notes, P05.\n", "Sources")!);
        Assert.Null(Section("# X\n\n## How to fix\n\nDo it.\n", "Sources"));
        Assert.Matches(SourceCitation, Section("## Sources\n\n- istio/istio 1.24.0 `pkg/config/mesh/mesh.go`\n## Other\n", "Sources")!);
    }

    private static string? Section(string markdown, string heading)
    {
        var match = Regex.Match(markdown, $@"^## {Regex.Escape(heading)}[ \t]*\r?\n(?<body>.*?)(?=^## |\z)", RegexOptions.Multiline | RegexOptions.Singleline);
        return match.Success ? match.Groups["body"].Value : null;
    }

    private static IEnumerable<string> ProductFilePaths()
    {
        foreach (var file in ProductFiles)
        {
            yield return Repository.PathOf(file);
        }

        foreach (var root in ProductRoots)
        {
            foreach (var file in Directory.EnumerateFiles(Repository.PathOf(root), "*", SearchOption.AllDirectories))
            {
                var relative = Relative(file);
                if (relative.Split('/').Any(part => part is "bin" or "obj" or "node_modules" or ".vs")
                    || !TextExtensions.Contains(Path.GetExtension(file)))
                {
                    continue;
                }

                yield return file;
            }
        }
    }

    private static string Relative(string path) => Path.GetRelativePath(Repository.Root, path).Replace('\\', '/');
}
