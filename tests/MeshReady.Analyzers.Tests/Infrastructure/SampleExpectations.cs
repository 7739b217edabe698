using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace MeshReady.Analyzers.Tests.Infrastructure;

/// <summary>
/// The diagnostics the samples promise: a <c>// expect: MESH010</c> (or <c># expect: …</c>) comment on the line
/// where a diagnostic starts, or a <c>relative/path:line MESHnnn</c> line in <c>expected-diagnostics.txt</c>
/// (for files without comments, such as JSON). The package test compares these with the real build.
/// </summary>
public static partial class SampleExpectations
{
    public static IEnumerable<SampleExpectation> All()
        => Directory.EnumerateDirectories(Repository.PathOf("samples")).SelectMany(For);

    public static IEnumerable<SampleExpectation> For(string sampleDirectory)
    {
        foreach (var file in Directory.EnumerateFiles(sampleDirectory, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(sampleDirectory, file).Replace('\\', '/');
            if (relative.StartsWith("bin/", StringComparison.Ordinal) || relative.StartsWith("obj/", StringComparison.Ordinal))
            {
                continue;
            }

            if (Path.GetFileName(file) == "expected-diagnostics.txt")
            {
                foreach (var line in File.ReadLines(file))
                {
                    var match = ListedLine().Match(line);
                    if (match.Success)
                    {
                        yield return new SampleExpectation(match.Groups["id"].Value, match.Groups["path"].Value, int.Parse(match.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture));
                    }
                }

                continue;
            }

            var number = 0;
            foreach (var line in File.ReadLines(file))
            {
                number++;
                var marker = Marker().Match(line);
                if (!marker.Success)
                {
                    continue;
                }

                foreach (Capture id in marker.Groups["id"].Captures)
                {
                    yield return new SampleExpectation(id.Value, relative, number);
                }
            }
        }
    }

    [GeneratedRegex(@"(?://|#)\s*expect:\s*(?:(?<id>MESH[0-9]{3})[,\s]*)+\s*$")]
    private static partial Regex Marker();

    [GeneratedRegex(@"^(?<path>[^\s:]+):(?<line>[0-9]+)\s+(?<id>MESH[0-9]{3})\s*$")]
    private static partial Regex ListedLine();
}

/// <summary>One expected diagnostic: rule, sample-relative path (forward slashes), 1-based line.</summary>
public sealed record SampleExpectation(string Id, string Path, int Line)
{
    public override string ToString() => $"{Path}:{Line} {Id}";
}
