using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace MeshReady.Tool.Explain;

/// <summary>
/// Renders the catalogue as <c>docs/symptoms.md</c> (<c>meshready explain --list --format markdown</c>). Links are
/// relative to <c>docs/</c>; each symptom has a stable anchor (its ID) that rule pages link to.
/// </summary>
internal static class SymptomMarkdown
{
    public static void Write(TextWriter output, IReadOnlyList<Symptom> catalog)
    {
        output.Write("""
            # Symptom catalogue

            <!-- Generated from src/MeshReady.Tool/Explain/SymptomCatalog.cs by `meshready explain --list --format markdown`. Do not edit by hand: a test fails when this page and the table differ. -->

            From what you see in production to the code and manifests that cause it. Each symptom lists its likely causes,
            most likely first, the MeshReady rules that detect each cause (code rules `MESH0nn` in the build, manifest
            checks `MESH1nn` in the `meshready` tool) and the fix.

            `meshready explain` reads the same table. Give it an access-log line (Istio's default text format or JSON), the
            response flags (`503 UC`, `URX,UF`), a response-code detail, or an error message; with the build's SARIF log or
            your manifests it also names the lines in your project:

            ```
            dotnet ~/.nuget/packages/meshready.analyzers/<version>/tools/meshready.dll explain '503 UC' --sarif obj/build.sarif
            ```

            | Symptom | Rules |
            |---|---|

            """.Replace("\r\n", "\n"));
        foreach (var symptom in catalog)
        {
            var rules = symptom.Causes.SelectMany(c => c.Rules).Distinct().ToList();
            output.Write($"| [{Cell(symptom.Title)}](#{symptom.Id}) | {(rules.Count > 0 ? string.Join(", ", rules) : "-")} |\n");
        }

        foreach (var symptom in catalog)
        {
            output.Write($"\n## <a id=\"{symptom.Id}\"></a>{symptom.Title}\n\n");
            output.Write($"Recognised by: {Recognised(symptom.Recognise)}.\n\n");
            output.Write($"{symptom.Meaning}\n\n");
            if (symptom.Causes.Count > 0)
            {
                output.Write("| # | Likely cause | Detected by | Fix |\n|---|---|---|---|\n");
                var rank = 1;
                foreach (var cause in symptom.Causes)
                {
                    var detectedBy = cause.Rules.Count > 0 ? string.Join(", ", cause.Rules.Select(r => $"[{r}](rules/{r}.md)")) : "no MeshReady rule";
                    output.Write($"| {rank++} | {Cell(cause.Text)} | {detectedBy} | {Cell(cause.Fix)} |\n");
                }

                output.Write("\n");
            }

            output.Write("Sources: " + string.Join(" ; ", symptom.Sources.Select(Source)) + "\n");
        }
    }

    private static string Recognised(Recognition r)
    {
        var parts = new List<string>();
        if (r.FlagList.Count > 0)
        {
            parts.Add("response flag " + string.Join(", ", r.FlagList.Select(f => $"`{f}`")));
        }

        if (r.StatusList.Count > 0)
        {
            parts.Add("status " + string.Join(", ", r.StatusList.Select(s => $"`{s}`")));
        }

        if (r.DetailList.Count > 0)
        {
            parts.Add("response-code detail " + string.Join(", ", r.DetailList.Select(d => $"`{d}`")));
        }

        if (r.PhraseList.Count > 0)
        {
            parts.Add("text matching " + string.Join(", ", r.PhraseList.Select(p => $"`{p}`")));
        }

        return string.Join("; ", parts);
    }

    private static string Source(string source) => source.StartsWith("https://", System.StringComparison.Ordinal) ? $"<{source}>" : source;

    private static string Cell(string text) => text.Replace("|", "\\|", System.StringComparison.Ordinal);
}
