using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using MeshReady.Analyzers.Tests.Infrastructure;

namespace MeshReady.Package.Tests;

/// <summary>Reads the MESH results of a compiler SARIF 2.1 error log (<c>-p:ErrorLog=…,version=2.1</c>).</summary>
internal static class SarifLog
{
    public static IReadOnlyList<SampleExpectation> MeshResults(string sarifPath, string projectDirectory)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(sarifPath));
        var results = new List<SampleExpectation>();
        foreach (var run in document.RootElement.GetProperty("runs").EnumerateArray())
        {
            if (!run.TryGetProperty("results", out var runResults))
            {
                continue;
            }

            foreach (var result in runResults.EnumerateArray())
            {
                var id = result.GetProperty("ruleId").GetString() ?? "";
                if (!id.StartsWith("MESH", StringComparison.Ordinal))
                {
                    continue;
                }

                if (!result.TryGetProperty("locations", out var locations) || locations.GetArrayLength() == 0)
                {
                    results.Add(new SampleExpectation(id, "(no location)", 0));
                    continue;
                }

                var physical = locations[0].GetProperty("physicalLocation");
                var uri = new Uri(physical.GetProperty("artifactLocation").GetProperty("uri").GetString()!);
                var path = Path.GetRelativePath(projectDirectory, uri.LocalPath).Replace('\\', '/');
                var line = physical.GetProperty("region").GetProperty("startLine").GetInt32();
                results.Add(new SampleExpectation(id, path, line));
            }
        }

        return results;
    }
}
