using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace MeshReady.Tool.Explain;

/// <summary>A MeshReady finding in the user's project: a code diagnostic from the build's SARIF log, or a manifest finding.</summary>
internal sealed record ProjectFinding(string RuleId, string File, int Line, int Column, string Message, string Origin)
{
    public string Where => Line > 0 ? $"{File}({Line})" : File;
}

/// <summary>
/// Reads MeshReady findings from SARIF logs: the compiler's error log (<c>&lt;ErrorLog&gt;</c>, SARIF 1.0 by default or
/// 2.1 with <c>,version=2.1</c>) and the manifest step's <c>obj/…/meshready.sarif</c> (SARIF 2.1). Only MESH results are kept.
/// </summary>
internal static class ProjectFindings
{
    /// <summary>Reads one SARIF file; throws <see cref="InvalidDataException"/> when it is not a SARIF log.</summary>
    public static List<ProjectFinding> ReadSarif(string path, string? relativeTo)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"not JSON: {ex.Message}", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("runs", out var runs) || runs.ValueKind != JsonValueKind.Array)
            {
                throw new InvalidDataException("not a SARIF log (no \"runs\" array)");
            }

            var findings = new List<ProjectFinding>();
            foreach (var run in runs.EnumerateArray())
            {
                if (!run.TryGetProperty("results", out var results) || results.ValueKind != JsonValueKind.Array)
                {
                    continue;
                }

                foreach (var result in results.EnumerateArray())
                {
                    if (Read(result, path, relativeTo) is { } finding)
                    {
                        findings.Add(finding);
                    }
                }
            }

            return findings;
        }
    }

    private static ProjectFinding? Read(JsonElement result, string origin, string? relativeTo)
    {
        if (result.ValueKind != JsonValueKind.Object || String(result, "ruleId") is not { } ruleId ||
            !ruleId.StartsWith("MESH", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        // SARIF 2.1: message.text; SARIF 1.0 (Roslyn's default error log): message is a string.
        var message = result.TryGetProperty("message", out var m)
            ? m.ValueKind == JsonValueKind.String ? m.GetString() : String(m, "text")
            : null;

        string? uri = null;
        var line = 0;
        var column = 0;
        if (result.TryGetProperty("locations", out var locations) && locations.ValueKind == JsonValueKind.Array && locations.GetArrayLength() > 0)
        {
            var location = locations[0];

            // 2.1: physicalLocation.{artifactLocation.uri, region}; 1.0: resultFile.{uri, region}.
            var physical = Object(location, "physicalLocation") ?? Object(location, "resultFile");
            if (physical is { } p)
            {
                uri = Object(p, "artifactLocation") is { } artifact ? String(artifact, "uri") : String(p, "uri");
                if (Object(p, "region") is { } region)
                {
                    line = Int(region, "startLine");
                    column = Int(region, "startColumn");
                }
            }
        }

        return new ProjectFinding(ruleId.ToUpperInvariant(), Display(uri, relativeTo), line, column, message ?? string.Empty, origin);
    }

    private static JsonElement? Object(JsonElement element, string name)
        => element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object ? value : null;

    private static string? String(JsonElement element, string name)
        => element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int Int(JsonElement element, string name)
        => element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) ? n : 0;

    /// <summary>A file URI as a path, relative to the project folder when it is inside it.</summary>
    private static string Display(string? uri, string? relativeTo)
    {
        if (string.IsNullOrEmpty(uri))
        {
            return "(no location)";
        }

        var path = Uri.TryCreate(uri, UriKind.Absolute, out var absolute) && absolute.IsFile ? absolute.LocalPath : Uri.UnescapeDataString(uri);
        if (relativeTo is not null && Path.IsPathRooted(path))
        {
            var relative = Path.GetRelativePath(relativeTo, path);
            if (!relative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relative))
            {
                return relative;
            }
        }

        return path;
    }

    /// <summary>
    /// The SARIF logs a build leaves in a project folder: the manifest step's <c>obj/**/meshready.sarif</c>, and
    /// compiler error logs (<c>*.sarif</c>) in the folder itself or under <c>obj/</c>.
    /// </summary>
    public static List<string> Discover(string projectDirectory)
    {
        var found = new List<string>();
        if (!Directory.Exists(projectDirectory))
        {
            return found;
        }

        found.AddRange(Directory.EnumerateFiles(projectDirectory, "*.sarif", SearchOption.TopDirectoryOnly));
        var obj = Path.Combine(projectDirectory, "obj");
        if (Directory.Exists(obj))
        {
            found.AddRange(Directory.EnumerateFiles(obj, "*.sarif", SearchOption.AllDirectories));
        }

        return found.Select(Path.GetFullPath).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>One finding per rule and place, however many logs (Debug and Release, say) repeat it.</summary>
    public static List<ProjectFinding> Distinct(IEnumerable<ProjectFinding> findings)
        => findings.GroupBy(f => (f.RuleId, f.File, f.Line, f.Message)).Select(g => g.First()).ToList();
}
