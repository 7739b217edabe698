using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace MeshReady.Tool.Explain;

/// <summary>A catalogue symptom that matched the input, with what matched.</summary>
internal sealed record SymptomMatch(Symptom Symptom, int Score, IReadOnlyList<string> MatchedOn);

/// <summary>Matches an <see cref="Observation"/> against <see cref="SymptomCatalog"/>.</summary>
internal static class Explainer
{
    private static readonly Dictionary<string, Regex[]> Phrases = SymptomCatalog.All.ToDictionary(
        s => s.Id,
        s => s.Recognise.PhraseList.Select(p => new Regex(p, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1))).ToArray());

    /// <summary>Matching symptoms, strongest first; ties keep the catalogue's order.</summary>
    public static IReadOnlyList<SymptomMatch> Match(Observation observation, IReadOnlyList<Symptom>? catalog = null)
    {
        var matches = new List<SymptomMatch>();
        foreach (var symptom in catalog ?? SymptomCatalog.All)
        {
            var on = new List<string>();
            var score = 0;
            foreach (var flag in observation.Flags.Where(f => symptom.Recognise.FlagList.Contains(f, StringComparer.Ordinal)))
            {
                on.Add($"response flag {flag}");
                score += 3;
            }

            foreach (var detail in observation.Details)
            {
                if (symptom.Recognise.DetailList.FirstOrDefault(pattern => DetailMatches(pattern, detail)) is { } pattern)
                {
                    on.Add($"response-code detail {detail}");
                    score += 4;
                }
            }

            if (observation.Status is { } status && symptom.Recognise.StatusList.Contains(status))
            {
                on.Add($"status {status}");
                score += 2;
            }

            var regexes = Phrases.TryGetValue(symptom.Id, out var compiled) ? compiled : [];
            if (regexes.FirstOrDefault(r => r.IsMatch(observation.Text)) is { } phrase)
            {
                on.Add($"text \"{phrase.Match(observation.Text).Value}\"");
                score += 2;
            }

            if (score > 0)
            {
                matches.Add(new SymptomMatch(symptom, score, on));
            }
        }

        // Stable sort: equal scores keep the catalogue's order (UF before URX for "URX,UF").
        return matches.OrderByDescending(m => m.Score).ToList();
    }

    /// <summary>
    /// <c>name</c> matches the detail <c>name</c> or <c>name{…}</c>; <c>name{reason}</c> needs <c>reason</c> among the
    /// comma-separated reasons in the braces (<c>upstream_reset_before_response_started{connection_failure,delayed_connect_error:_111}</c>).
    /// </summary>
    internal static bool DetailMatches(string pattern, string detail)
    {
        var (patternName, patternReasons) = SplitDetail(pattern);
        var (name, reasons) = SplitDetail(detail);
        return string.Equals(patternName, name, StringComparison.OrdinalIgnoreCase) &&
               patternReasons.All(r => reasons.Contains(r, StringComparer.OrdinalIgnoreCase));
    }

    private static (string Name, string[] Reasons) SplitDetail(string detail)
    {
        var brace = detail.IndexOf('{', StringComparison.Ordinal);
        if (brace < 0)
        {
            return (detail, []);
        }

        var inner = detail[(brace + 1)..].TrimEnd('}');
        return (detail[..brace], inner.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }
}
