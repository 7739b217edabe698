using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace MeshReady.Tool.Explain;

/// <summary>
/// Reads what the user pasted. The shape is decided by the first character, never by trying every reading:
/// <c>{</c> is a JSON access-log line, <c>[</c> or <c>"METHOD </c> a text access-log line (read field by field against
/// <see cref="AccessLogFormats"/>), a run of status/flag/detail tokens is bare fields, and anything else free text.
/// Input that claims a shape and does not have it throws <see cref="MalformedInputException"/>.
/// </summary>
internal static class InputReader
{
    // `kubectl logs --timestamps` puts an RFC 3339 timestamp before each line.
    private static readonly Regex KubectlTimestamp = new(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})\s+(?=[\[{""])", RegexOptions.CultureInvariant);

    private static readonly Regex StatusToken = new(@"^\d{3}$", RegexOptions.CultureInvariant);
    private static readonly Regex FlagsToken = new(@"^[A-Z]{1,5}(,[A-Z]{1,5})*$", RegexOptions.CultureInvariant);
    private static readonly Regex DetailsToken = new(@"^[a-z][a-z0-9_.]*_[a-z0-9_.]*(\{[^{}\s]*\})?$|^[a-z][a-z0-9.]*\{[^{}\s]*\}$", RegexOptions.CultureInvariant);
    /// <summary>The access-log fields that say why a request ended, in Istio's JSON names.</summary>
    private static readonly string[] DetailFields = ["response_code_details", "connection_termination_details", "upstream_transport_failure_reason"];

    private static readonly Regex RequestLine = new(@"^""[A-Z]+ ", RegexOptions.CultureInvariant);

    // "503 UC", "404 NR": how people quote a status with its flags in prose and issue titles.
    private static readonly Regex StatusWithFlags = new(@"\b([1-5]\d{2})\s+([A-Z]{2,5}(?:,[A-Z]{2,5})*)\b", RegexOptions.CultureInvariant);
    private static readonly Regex DetailsInText = new(@"\b[a-z]+(?:_[a-z0-9]+)+(?:\{[^{}\s]*\})?", RegexOptions.CultureInvariant);

    public static Observation Read(string input)
    {
        var text = input.Trim();
        if (text.Length == 0)
        {
            throw new MalformedInputException("nothing to explain (the input is empty)");
        }

        var unstamped = KubectlTimestamp.Replace(text, string.Empty, 1);
        if (unstamped.StartsWith('{'))
        {
            return ReadJson(unstamped);
        }

        if (unstamped.StartsWith('[') || RequestLine.IsMatch(unstamped))
        {
            return ReadText(unstamped);
        }

        var tokens = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (tokens.All(t => StatusToken.IsMatch(t) || FlagsToken.IsMatch(t) || DetailsToken.IsMatch(t) || t == "-") &&
            tokens.Any(LooksLikeAField))
        {
            return ReadFields(text, tokens);
        }

        return ReadFreeText(text);
    }

    /// <summary>
    /// A lone upper-case word ("ERROR") is prose, not a flag string: bare fields need a status, a details token, a
    /// comma-separated flag list or one of Envoy's flags.
    /// </summary>
    private static bool LooksLikeAField(string token)
        => StatusToken.IsMatch(token) || DetailsToken.IsMatch(token) ||
           (FlagsToken.IsMatch(token) && (token.Contains(',', StringComparison.Ordinal) || EnvoyResponseFlags.Find(token) is not null));

    private static Observation ReadJson(string text)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException ex)
        {
            throw new MalformedInputException($"the input starts with '{{' but is not valid JSON: {ex.Message}");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new MalformedInputException("a JSON access-log line must be an object");
            }

            var fields = new List<KeyValuePair<string, string>>();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                var value = property.Value.ValueKind switch
                {
                    JsonValueKind.String => property.Value.GetString() ?? string.Empty,
                    JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => property.Value.GetRawText(),
                    JsonValueKind.Null => "-",
                    _ => property.Value.GetRawText(),
                };
                fields.Add(new(property.Name, value));
            }

            if (!fields.Any(f => f.Key is "response_code" or "response_flags" or "response_code_details"))
            {
                throw new MalformedInputException(
                    "the JSON object has none of Istio's access-log fields response_code, response_flags, response_code_details");
            }

            return FromLogFields(InputKind.AccessLogJson, "Istio JSON format", fields, text);
        }
    }

    private static Observation ReadText(string text)
    {
        if (text.Contains('\n', StringComparison.Ordinal))
        {
            throw new MalformedInputException("give one access-log line at a time (the input has several lines)");
        }

        var tokens = Tokenize(text);
        foreach (var withTime in new[] { true, false })
        {
            foreach (var format in AccessLogFormats.All)
            {
                // kubectl users often paste a line without its leading [START_TIME]; every other field must be there.
                var fields = withTime ? format.Fields : format.Fields.Skip(1).ToList();
                if (fields.Count == tokens.Count && fields.Zip(tokens).All(p => p.First.Shape == p.Second.Shape))
                {
                    var named = fields.Zip(tokens, (f, t) => new KeyValuePair<string, string>(f.Name, t.Value)).ToList();
                    ExpandRequest(named);
                    var name = withTime ? format.Name : format.Name + ", without the start time";
                    return FromLogFields(InputKind.AccessLogText, name, named, text);
                }
            }
        }

        var expected = string.Join(" or ", AccessLogFormats.All.Select(f => $"{f.Fields.Count} ({f.Name})"));
        throw new MalformedInputException(
            $"the input looks like an access-log line but has {tokens.Count} fields ({Describe(tokens)}); expected {expected}. " +
            "Paste the whole line as kubectl logs prints it, or give just the status and flags (503 UC).");
    }

    private static string Describe(List<(FieldShape Shape, string Value)> tokens)
        => string.Join(" ", tokens.Take(6).Select(t => t.Shape switch
        {
            FieldShape.Bracketed => "[…]",
            FieldShape.Quoted => "\"…\"",
            _ => t.Value.Length > 24 ? t.Value[..24] + "…" : t.Value,
        })) + (tokens.Count > 6 ? " …" : string.Empty);

    /// <summary>Splits a text access-log line into <c>[…]</c>, <c>"…"</c> (backslash escapes honoured) and bare tokens.</summary>
    private static List<(FieldShape Shape, string Value)> Tokenize(string line)
    {
        var tokens = new List<(FieldShape, string)>();
        var i = 0;
        while (i < line.Length)
        {
            if (char.IsWhiteSpace(line[i]))
            {
                i++;
                continue;
            }

            if (line[i] == '[')
            {
                var end = line.IndexOf(']', i + 1);
                if (end < 0)
                {
                    throw new MalformedInputException($"unclosed '[' at column {i + 1}");
                }

                tokens.Add((FieldShape.Bracketed, line[(i + 1)..end]));
                i = end + 1;
            }
            else if (line[i] == '"')
            {
                var value = new StringBuilder();
                var j = i + 1;
                for (; j < line.Length && line[j] != '"'; j++)
                {
                    if (line[j] == '\\' && j + 1 < line.Length)
                    {
                        j++;
                    }

                    value.Append(line[j]);
                }

                if (j >= line.Length)
                {
                    throw new MalformedInputException($"unclosed '\"' at column {i + 1}");
                }

                tokens.Add((FieldShape.Quoted, value.ToString()));
                i = j + 1;
            }
            else
            {
                var j = i;
                while (j < line.Length && !char.IsWhiteSpace(line[j]))
                {
                    j++;
                }

                tokens.Add((FieldShape.Bare, line[i..j]));
                i = j;
            }
        }

        return tokens;
    }

    /// <summary>The quoted request field holds method, path and protocol, as Istio's JSON format has them separately.</summary>
    private static void ExpandRequest(List<KeyValuePair<string, string>> fields)
    {
        var index = fields.FindIndex(f => f.Key == "request");
        if (index < 0)
        {
            return;
        }

        var parts = fields[index].Value.Split(' ');
        fields.RemoveAt(index);
        if (parts.Length == 3)
        {
            fields.InsertRange(index, [new("method", parts[0]), new("path", parts[1]), new("protocol", parts[2])]);
        }
        else
        {
            throw new MalformedInputException($"the request field \"{string.Join(' ', parts)}\" is not \"METHOD PATH PROTOCOL\"");
        }
    }

    private static Observation FromLogFields(InputKind kind, string format, List<KeyValuePair<string, string>> fields, string text)
    {
        string? Field(string name) => fields.FirstOrDefault(f => f.Key == name).Value is { } v && v != "-" && v.Length > 0 ? v : null;

        var notes = new List<string>();
        int? status = null;
        if (Field("response_code") is { } code)
        {
            if (!int.TryParse(code, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed is not (0 or (>= 100 and <= 599)))
            {
                throw new MalformedInputException($"response_code '{code}' is not an HTTP status");
            }

            // Envoy logs 0 when no response was sent (the downstream went away first).
            status = parsed == 0 ? null : parsed;
            if (parsed == 0)
            {
                notes.Add("response_code 0: no response was sent (the caller disconnected or the stream was reset first).");
            }
        }

        var flags = new List<string>();
        if (Field("response_flags") is { } flagText)
        {
            foreach (var flag in flagText.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (EnvoyResponseFlags.Find(flag) is null)
                {
                    notes.Add($"response flag '{flag}' is not one of Envoy's built-in flags (a custom flag, or another format).");
                }

                flags.Add(flag);
            }
        }

        var details = DetailFields.Select(Field).OfType<string>().ToList();
        return new Observation(kind, format, status, flags, details, fields, string.Join(" ", details), notes);
    }

    private static Observation ReadFields(string text, string[] tokens)
    {
        int? status = null;
        var flags = new List<string>();
        var details = new List<string>();
        foreach (var token in tokens.Where(t => t != "-"))
        {
            if (StatusToken.IsMatch(token))
            {
                var value = int.Parse(token, CultureInfo.InvariantCulture);
                if (value is < 100 or > 599 || status is not null)
                {
                    throw new MalformedInputException(status is null ? $"'{token}' is not an HTTP status (100-599)" : "more than one HTTP status given");
                }

                status = value;
            }
            else if (FlagsToken.IsMatch(token))
            {
                var unknown = token.Split(',').Where(f => EnvoyResponseFlags.Find(f) is null).ToList();
                if (unknown.Count > 0)
                {
                    throw new MalformedInputException(
                        $"unknown response flag{(unknown.Count > 1 ? "s" : string.Empty)} {string.Join(", ", unknown.Select(u => $"'{u}'"))}; " +
                        $"Envoy's flags are {string.Join(" ", EnvoyResponseFlags.All.Select(f => f.Short))}");
                }

                flags.AddRange(token.Split(','));
            }
            else
            {
                details.Add(token);
            }
        }

        var fields = new List<KeyValuePair<string, string>>();
        if (status is { } s)
        {
            fields.Add(new("response_code", s.ToString(CultureInfo.InvariantCulture)));
        }

        if (flags.Count > 0)
        {
            fields.Add(new("response_flags", string.Join(",", flags)));
        }

        fields.AddRange(details.Select(d => new KeyValuePair<string, string>("response_code_details", d)));
        return new Observation(InputKind.Fields, null, status, flags, details, fields, string.Join(" ", details), []);
    }

    private static Observation ReadFreeText(string text)
    {
        int? status = null;
        var flags = new List<string>();
        foreach (Match match in StatusWithFlags.Matches(text))
        {
            var candidates = match.Groups[2].Value.Split(',');
            if (candidates.All(c => EnvoyResponseFlags.Find(c) is not null))
            {
                status ??= int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
                flags.AddRange(candidates.Where(c => !flags.Contains(c)));
            }
        }

        var details = DetailsInText.Matches(text).Select(m => m.Value).Distinct(StringComparer.Ordinal).ToList();
        var fields = new List<KeyValuePair<string, string>>();
        if (status is { } s)
        {
            fields.Add(new("response_code", s.ToString(CultureInfo.InvariantCulture)));
            fields.Add(new("response_flags", string.Join(",", flags)));
        }

        return new Observation(InputKind.FreeText, null, status, flags, details, fields, text, []);
    }
}
