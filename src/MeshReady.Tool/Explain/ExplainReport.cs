using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace MeshReady.Tool.Explain;

/// <summary>An answer: what was read, the matching symptoms, and (when a project was given) its matching findings.</summary>
internal sealed record Explanation(
    Observation Input,
    IReadOnlyList<SymptomMatch> Symptoms,
    IReadOnlyList<ProjectFinding>? Findings,
    IReadOnlyList<string> SarifRead)
{
    public const string SymptomsPage = "https://github.com/meshready/MeshReady.Analyzers/blob/main/docs/symptoms.md";

    public IEnumerable<ProjectFinding> FindingsFor(Cause cause)
        => (Findings ?? []).Where(f => cause.Rules.Contains(f.RuleId, StringComparer.Ordinal));

    /// <summary>The first finding of the first cause (in rank order) of the strongest symptom that has one.</summary>
    public (ProjectFinding Finding, Cause Cause, Symptom Symptom)? MostLikely
        => Symptoms.SelectMany(s => s.Symptom.Causes.SelectMany(c => FindingsFor(c).Select(f => (f, c, s.Symptom)))).Cast<(ProjectFinding, Cause, Symptom)?>().FirstOrDefault();

    /// <summary>How to name what the user saw: "503 UC", "URX,UF"; null when the input has no status or flags.</summary>
    public string? WhatYouSaw
    {
        get
        {
            var parts = new List<string>();
            if (Input.Status is { } status)
            {
                parts.Add(status.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            if (Input.Flags.Count > 0)
            {
                parts.Add(string.Join(",", Input.Flags));
            }

            return parts.Count > 0 ? string.Join(" ", parts) : null;
        }
    }
}

/// <summary>Writes an <see cref="Explanation"/> as text or JSON, and the catalogue as text, JSON or Markdown.</summary>
internal static class ExplainReport
{
    public static void WriteText(TextWriter output, Explanation answer)
    {
        var input = answer.Input;
        output.WriteLine($"Input: {Describe(input)}");
        foreach (var field in input.Fields.Where(f => KeyFields.Contains(f.Key) && f.Value is not ("-" or "")))
        {
            output.WriteLine($"  {field.Key}: {field.Value}{FlagNames(field)}");
        }

        foreach (var note in input.Notes)
        {
            output.WriteLine($"  note: {note}");
        }

        output.WriteLine();
        if (answer.Symptoms.Count == 0)
        {
            output.WriteLine("No known cause: nothing in this input matches MeshReady's symptom catalogue.");
            output.WriteLine(input.Kind == InputKind.FreeText
                ? "Paste the proxy's access-log line (kubectl logs <pod> -c istio-proxy), the response flags (503 UC), or the exact error message."
                : "The status alone does not say whether the proxy or the application answered; the response flags and details do.");
            output.WriteLine($"Every known symptom: meshready explain --list, or {Explanation.SymptomsPage}");
            return;
        }

        if (answer.MostLikely is { } likely)
        {
            var lead = answer.WhatYouSaw is { } saw ? $"Your {saw} is most likely" : "Most likely cause in this project:";
            output.WriteLine($"{lead} {likely.Finding.Where}: {likely.Finding.Message} ({likely.Finding.RuleId})");
            output.WriteLine();
        }
        else if (answer.Findings is { } none)
        {
            output.WriteLine(none.Count == 0 && answer.SarifRead.Count == 0
                ? "No project findings were read (give --sarif, or --manifests, or run in a built project folder)."
                : "None of this project's MeshReady findings matches these causes.");
            output.WriteLine();
        }

        foreach (var match in answer.Symptoms)
        {
            var symptom = match.Symptom;
            output.WriteLine($"{symptom.Title}  [{Explanation.SymptomsPage}#{symptom.Id}]");
            output.WriteLine($"  matched on: {string.Join("; ", match.MatchedOn)}");
            output.WriteLine($"  {symptom.Meaning}");
            if (symptom.Causes.Count > 0)
            {
                output.WriteLine("  Likely causes, most likely first:");
            }

            var rank = 1;
            foreach (var cause in symptom.Causes)
            {
                output.WriteLine($"  {rank++}. {cause.Text}");
                output.WriteLine(cause.Rules.Count > 0
                    ? $"     Detected by: {string.Join(", ", cause.Rules)}"
                    : "     Detected by: no MeshReady rule");
                output.WriteLine($"     Fix: {cause.Fix}");
                foreach (var finding in answer.FindingsFor(cause))
                {
                    output.WriteLine($"     In this project: {finding.Where}: {finding.RuleId}: {finding.Message}");
                }
            }

            output.WriteLine();
        }

        if (answer.SarifRead.Count > 0)
        {
            output.WriteLine($"Findings read from: {string.Join(", ", answer.SarifRead)}");
        }
    }

    private static readonly HashSet<string> KeyFields = new(StringComparer.Ordinal)
    {
        "response_code", "response_flags", "response_code_details", "connection_termination_details",
        "upstream_transport_failure_reason", "method", "path", "protocol", "authority", "upstream_host", "upstream_cluster",
    };

    private static string FlagNames(KeyValuePair<string, string> field)
        => field.Key == "response_flags"
            ? " (" + string.Join(", ", field.Value.Split(',').Select(f => EnvoyResponseFlags.Find(f) is { } flag ? $"{flag.Short} = {flag.Long}: {flag.Meaning}" : $"{f} = unknown")) + ")"
            : string.Empty;

    private static string Describe(Observation input) => input.Kind switch
    {
        InputKind.AccessLogText or InputKind.AccessLogJson => $"access-log line ({input.Format})",
        InputKind.Fields => "status, response flags and/or response-code details",
        _ => "free text",
    };

    public static void WriteJson(TextWriter output, Explanation answer)
    {
        Write(output, json =>
        {
            json.WriteStartObject();
            json.WriteStartObject("input");
            json.WriteString("kind", answer.Input.Kind switch
            {
                InputKind.AccessLogText => "accessLogText",
                InputKind.AccessLogJson => "accessLogJson",
                InputKind.Fields => "fields",
                _ => "freeText",
            });
            if (answer.Input.Format is { } format)
            {
                json.WriteString("format", format);
            }

            json.WriteStartObject("fields");
            foreach (var field in answer.Input.Fields.GroupBy(f => f.Key))
            {
                json.WriteString(field.Key, string.Join(" ", field.Select(f => f.Value)));
            }

            json.WriteEndObject();
            json.WriteStartArray("notes");
            foreach (var note in answer.Input.Notes)
            {
                json.WriteStringValue(note);
            }

            json.WriteEndArray();
            json.WriteEndObject();

            json.WriteBoolean("knownCause", answer.Symptoms.Count > 0);
            if (answer.MostLikely is { } likely)
            {
                json.WritePropertyName("mostLikely");
                WriteFinding(json, likely.Finding);
            }

            json.WriteStartArray("symptoms");
            foreach (var match in answer.Symptoms)
            {
                json.WriteStartObject();
                WriteSymptomBody(json, match.Symptom, answer);
                json.WriteStartArray("matchedOn");
                foreach (var on in match.MatchedOn)
                {
                    json.WriteStringValue(on);
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("sarifRead");
            foreach (var path in answer.SarifRead)
            {
                json.WriteStringValue(path);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        });
    }

    private static void WriteSymptomBody(Utf8JsonWriter json, Symptom symptom, Explanation? answer)
    {
        json.WriteString("id", symptom.Id);
        json.WriteString("title", symptom.Title);
        json.WriteString("meaning", symptom.Meaning);
        json.WriteString("docs", $"{Explanation.SymptomsPage}#{symptom.Id}");
        json.WriteStartArray("causes");
        var rank = 1;
        foreach (var cause in symptom.Causes)
        {
            json.WriteStartObject();
            json.WriteNumber("rank", rank++);
            json.WriteString("cause", cause.Text);
            json.WriteStartArray("rules");
            foreach (var rule in cause.Rules)
            {
                json.WriteStringValue(rule);
            }

            json.WriteEndArray();
            json.WriteString("fix", cause.Fix);
            if (answer?.Findings is not null)
            {
                json.WriteStartArray("findings");
                foreach (var finding in answer.FindingsFor(cause))
                {
                    WriteFinding(json, finding);
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("sources");
        foreach (var source in symptom.Sources)
        {
            json.WriteStringValue(source);
        }

        json.WriteEndArray();
    }

    private static void WriteFinding(Utf8JsonWriter json, ProjectFinding finding)
    {
        json.WriteStartObject();
        json.WriteString("ruleId", finding.RuleId);
        json.WriteString("file", finding.File);
        json.WriteNumber("line", finding.Line);
        json.WriteNumber("column", finding.Column);
        json.WriteString("message", finding.Message);
        json.WriteString("origin", finding.Origin);
        json.WriteEndObject();
    }

    public static void WriteCatalogJson(TextWriter output, IReadOnlyList<Symptom> catalog)
    {
        Write(output, json =>
        {
            json.WriteStartArray();
            foreach (var symptom in catalog)
            {
                json.WriteStartObject();
                WriteSymptomBody(json, symptom, null);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        });
    }

    public static void WriteCatalogText(TextWriter output, IReadOnlyList<Symptom> catalog)
    {
        foreach (var symptom in catalog)
        {
            output.WriteLine($"{symptom.Id}: {symptom.Title}");
            output.WriteLine($"  recognised by: {Recognition(symptom.Recognise)}");
            var rank = 1;
            foreach (var cause in symptom.Causes)
            {
                output.WriteLine($"  {rank++}. {(cause.Rules.Count > 0 ? string.Join(", ", cause.Rules) : "no rule")}: {cause.Text}");
            }

            output.WriteLine();
        }
    }

    internal static string Recognition(Recognition r)
    {
        var parts = new List<string>();
        if (r.FlagList.Count > 0)
        {
            parts.Add("flags " + string.Join(", ", r.FlagList));
        }

        if (r.StatusList.Count > 0)
        {
            parts.Add("status " + string.Join(", ", r.StatusList));
        }

        if (r.DetailList.Count > 0)
        {
            parts.Add("details " + string.Join(", ", r.DetailList));
        }

        if (r.PhraseList.Count > 0)
        {
            parts.Add("text /" + string.Join("/, /", r.PhraseList) + "/");
        }

        return string.Join("; ", parts);
    }

    private static void Write(TextWriter output, Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            body(json);
        }

        output.WriteLine(Encoding.UTF8.GetString(stream.ToArray()));
    }
}
