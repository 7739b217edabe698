using System.Collections.Generic;

namespace MeshReady.Tool.Explain;

/// <summary>What kind of input <c>meshready explain</c> was given.</summary>
internal enum InputKind
{
    /// <summary>An access-log line in a known text format.</summary>
    AccessLogText,

    /// <summary>An access-log line in JSON (Istio's <c>accessLogEncoding: JSON</c>).</summary>
    AccessLogJson,

    /// <summary>Bare fields: a status, response flags and/or response-code details (<c>503 UC</c>, <c>URX,UF</c>).</summary>
    Fields,

    /// <summary>Anything else: an error message, kubectl output.</summary>
    FreeText,
}

/// <summary>What was read from the input: the fields that identify symptoms, and the text phrases are matched against.</summary>
internal sealed record Observation(
    InputKind Kind,
    string? Format,
    int? Status,
    IReadOnlyList<string> Flags,
    IReadOnlyList<string> Details,
    IReadOnlyList<KeyValuePair<string, string>> Fields,
    string Text,
    IReadOnlyList<string> Notes);

/// <summary>Input that claims a shape (an access-log line, a flag string) and does not have it.</summary>
internal sealed class MalformedInputException(string message) : System.Exception(message);
