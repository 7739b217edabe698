using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using MeshReady.Manifests.Model;

namespace MeshReady.Manifests.Reporting;

/// <summary>Writes a check's findings in one of the <see cref="ReportFormat"/>s.</summary>
internal static class ReportWriter
{
    public const string ToolName = "meshready";

    public static void Write(TextWriter output, ReportFormat format, CheckResult result, string toolVersion)
    {
        switch (format)
        {
            case ReportFormat.Text:
                WriteText(output, result);
                break;
            case ReportFormat.MSBuild:
                WriteMSBuild(output, result);
                break;
            case ReportFormat.Sarif:
                WriteSarif(output, result, toolVersion);
                break;
            case ReportFormat.Json:
                WriteJson(output, result);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(format), format, null);
        }
    }

    private static string Level(Severity severity) => severity switch
    {
        Severity.Error => "error",
        Severity.Warning => "warning",
        _ => "info",
    };

    private static void WriteText(TextWriter output, CheckResult result)
    {
        foreach (var finding in result.Findings)
        {
            var where = finding.Location.IsLogical
                ? finding.Location.ToString()
                : $"{finding.Location.File}:{Number(finding.Location.Line)}:{Number(finding.Location.Column)}";
            output.WriteLine($"{where}: {Level(finding.Severity)} {finding.RuleId}: {finding.Message}");
        }

        foreach (var note in result.Notes)
        {
            output.WriteLine("note: " + note);
        }

        if (result.CodeSummary is { } summary)
        {
            output.WriteLine(summary + ".");
        }

        if (result.VariantsSetAside.Count > 0)
        {
            output.WriteLine(
                $"{Number(result.VariantsSetAside.Count)} object(s) not checked: they have an Istio variant (same kind, namespace and name) in another file: " +
                string.Join(", ", result.VariantsSetAside) + ".");
        }

        var warnings = result.Findings.Count(f => f.Severity >= Severity.Warning);
        var source = result.Cluster is { } cluster ? $"Cluster context '{cluster}'" : $"{Number(result.FileCount)} file(s)";
        output.WriteLine(
            $"{source}, {Number(result.ObjectCount)} Kubernetes object(s) checked: " +
            $"{Number(warnings)} warning(s), {Number(result.Findings.Count - warnings)} info finding(s).");
    }

    private static void WriteMSBuild(TextWriter output, CheckResult result)
    {
        // MSBuild's Exec recognises "origin(line,col): warning CODE: text"; "info" lines stay plain messages.
        foreach (var finding in result.Findings)
        {
            var origin = finding.Location.IsLogical
                ? finding.Location.ToString()
                : $"{finding.Location.File}({Number(finding.Location.Line)},{Number(finding.Location.Column)})";
            output.WriteLine($"{origin}: {Level(finding.Severity)} {finding.RuleId}: {finding.Message}");
        }

        // A plain line (no "warning" marker), logged by the build at low importance: which workload the code was matched to.
        if (result.CodeSummary is { } summary)
        {
            output.WriteLine($"meshready: {summary}.");
        }
    }

    private static void WriteJson(TextWriter output, CheckResult result)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartArray();
            foreach (var finding in result.Findings)
            {
                json.WriteStartObject();
                json.WriteString("ruleId", finding.RuleId);
                json.WriteString("severity", Level(finding.Severity));
                if (finding.Location.IsLogical)
                {
                    // A cluster object has no file: kind/namespace/name and the field's path instead.
                    json.WriteString("object", finding.Location.File);
                    json.WriteString("field", finding.Location.Field);
                }
                else
                {
                    json.WriteString("file", finding.Location.File);
                    json.WriteNumber("line", finding.Location.Line);
                    json.WriteNumber("column", finding.Location.Column);
                }

                json.WriteString("message", finding.Message);
                json.WriteString("helpUri", Rule(finding.RuleId)?.HelpUri);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        output.WriteLine(Encoding.UTF8.GetString(stream.ToArray()));
    }

    private static void WriteSarif(TextWriter output, CheckResult result, string toolVersion)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
            json.WriteString("version", "2.1.0");
            json.WriteStartArray("runs");
            json.WriteStartObject();

            json.WriteStartObject("tool");
            json.WriteStartObject("driver");
            json.WriteString("name", ToolName);
            json.WriteString("version", toolVersion);
            json.WriteString("informationUri", "https://github.com/meshready/MeshReady.Analyzers");
            json.WriteStartArray("rules");
            foreach (var rule in ManifestRules.All)
            {
                json.WriteStartObject();
                json.WriteString("id", rule.Id);
                json.WriteStartObject("shortDescription");
                json.WriteString("text", rule.Title);
                json.WriteEndObject();
                json.WriteString("helpUri", rule.HelpUri);
                json.WriteStartObject("defaultConfiguration");
                json.WriteString("level", SarifLevel(rule.DefaultSeverity));
                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();

            json.WriteStartArray("results");
            var ruleIndex = ManifestRules.All.Select((r, i) => (r.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
            foreach (var finding in result.Findings)
            {
                json.WriteStartObject();
                json.WriteString("ruleId", finding.RuleId);
                if (ruleIndex.TryGetValue(finding.RuleId, out var index))
                {
                    json.WriteNumber("ruleIndex", index);
                }

                json.WriteString("level", SarifLevel(finding.Severity));
                json.WriteStartObject("message");
                json.WriteString("text", finding.Message);
                json.WriteEndObject();
                json.WriteStartArray("locations");
                json.WriteStartObject();
                if (finding.Location.IsLogical)
                {
                    WriteLogicalLocation(json, finding.Location);
                }
                else
                {
                    json.WriteStartObject("physicalLocation");
                    json.WriteStartObject("artifactLocation");
                    json.WriteString("uri", ToUri(finding.Location.File));
                    json.WriteEndObject();
                    json.WriteStartObject("region");
                    json.WriteNumber("startLine", finding.Location.Line);
                    json.WriteNumber("startColumn", finding.Location.Column);
                    json.WriteEndObject();
                    json.WriteEndObject();
                }

                json.WriteEndObject();
                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            if (result.Notes.Count > 0)
            {
                // What the run skipped short of a finding (SARIF 2.1.0: invocation.toolExecutionNotifications, level "note").
                json.WriteStartArray("invocations");
                json.WriteStartObject();
                json.WriteBoolean("executionSuccessful", true);
                json.WriteStartArray("toolExecutionNotifications");
                foreach (var note in result.Notes)
                {
                    json.WriteStartObject();
                    json.WriteString("level", "note");
                    json.WriteStartObject("message");
                    json.WriteString("text", note);
                    json.WriteEndObject();
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
                json.WriteEndArray();
            }

            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }

        output.WriteLine(Encoding.UTF8.GetString(stream.ToArray()));
    }

    /// <summary>
    /// A cluster object has no file: SARIF 2.1.0 location.logicalLocations name it, kind "resource", fully qualified as
    /// kind/namespace/name (or the API path of a list that could not be read); the field's path is the location's message.
    /// </summary>
    private static void WriteLogicalLocation(Utf8JsonWriter json, SourceLocation location)
    {
        json.WriteStartArray("logicalLocations");
        json.WriteStartObject();
        json.WriteString("name", location.File[(location.File.LastIndexOf('/') + 1)..]);
        json.WriteString("fullyQualifiedName", location.File);
        json.WriteString("kind", "resource");
        json.WriteEndObject();
        json.WriteEndArray();
        if (location.Field is { Length: > 0 } field)
        {
            json.WriteStartObject("message");
            json.WriteString("text", field);
            json.WriteEndObject();
        }
    }

    private static string SarifLevel(Severity severity) => severity switch
    {
        Severity.Error => "error",
        Severity.Warning => "warning",
        _ => "note",
    };

    /// <summary>Relative paths stay relative (SARIF resolves them against the run's base); absolute ones become file URIs.</summary>
    private static string ToUri(string path)
        => Path.IsPathRooted(path)
            ? new Uri(Path.GetFullPath(path)).AbsoluteUri
            : string.Join('/', path.Replace('\\', '/').Split('/').Select(Uri.EscapeDataString));

    private static ManifestRule? Rule(string id) => ManifestRules.All.FirstOrDefault(r => r.Id == id);

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
