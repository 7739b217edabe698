using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using MeshReady.Manifests.Checks;
using MeshReady.Manifests.Loading;
using MeshReady.Manifests.Model;
using Xunit;

namespace MeshReady.Manifests.Tests.Infrastructure;

/// <summary>
/// Runs the checks over YAML written inline in a test and compares the findings with the YAML's own
/// <c># expect: MESH101</c> markers (the line a finding points at), so tests never spell out line numbers.
/// </summary>
internal static partial class ManifestAssert
{
    public const string FileName = "manifest.yaml";

    public static IReadOnlyList<Finding> Check(string yaml, CheckOptions? options = null)
        => ManifestChecker.Check([ManifestLoader.LoadText(FileName, yaml)], options ?? new CheckOptions()).Findings;

    /// <summary>Asserts the findings are exactly the marked (line, rule) pairs, and returns them for further asserts.</summary>
    public static IReadOnlyList<Finding> ReportsExactlyMarked(string yaml, CheckOptions? options = null)
    {
        var findings = Check(yaml, options);
        var expected = Markers(yaml).OrderBy(s => s, System.StringComparer.Ordinal).ToArray();
        var actual = findings.Select(f => $"{f.Location.Line} {f.RuleId}").OrderBy(s => s, System.StringComparer.Ordinal).ToArray();
        Assert.True(
            expected.SequenceEqual(actual),
            $"expected: [{string.Join(", ", expected)}]\nactual: [{string.Join(", ", actual)}]\n{string.Join("\n", findings.Select(f => f.Message))}");
        Assert.All(findings, f => Assert.Equal(FileName, f.Location.File));
        return findings;
    }

    /// <summary>Asserts no finding at all for a manifest that is right.</summary>
    public static void ReportsNothing(string yaml, CheckOptions? options = null)
    {
        var findings = Check(yaml, options);
        Assert.True(findings.Count == 0, string.Join("\n", findings.Select(f => $"{f.Location.Line} {f.RuleId}: {f.Message}")));
    }

    private static IEnumerable<string> Markers(string yaml)
    {
        var lines = yaml.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var match = Marker().Match(lines[i]);
            if (match.Success)
            {
                foreach (Capture id in match.Groups["id"].Captures)
                {
                    yield return $"{i + 1} {id.Value}";
                }
            }
        }
    }

    [GeneratedRegex(@"#\s*expect:\s*(?:(?<id>MESH[0-9]{3})[,\s]*)+\s*$")]
    private static partial Regex Marker();
}
