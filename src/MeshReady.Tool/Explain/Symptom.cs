using System.Collections.Generic;

namespace MeshReady.Tool.Explain;

/// <summary>
/// One thing a user sees in production, how to recognise it, what it means, and its likely causes, most likely first.
/// </summary>
/// <param name="Id">Stable anchor: used in <c>docs/symptoms.md</c>, in JSON output and in links from rule pages.</param>
/// <param name="Title">Short heading, for example "503 UC: the upstream closed the connection".</param>
/// <param name="Recognise">What in the input identifies the symptom.</param>
/// <param name="Meaning">What it means, in one or two sentences.</param>
/// <param name="Causes">Likely causes, most likely first.</param>
/// <param name="Sources">Primary sources (Envoy/Istio docs and source, public issues) for the meaning and the causes.</param>
internal sealed record Symptom(
    string Id,
    string Title,
    Recognition Recognise,
    string Meaning,
    IReadOnlyList<Cause> Causes,
    IReadOnlyList<string> Sources);

/// <summary>
/// What identifies a symptom. Any one of these is enough; a response-code detail or a flag is a stronger signal than a
/// phrase, and a status alone only for symptoms where the status says it all (426).
/// </summary>
/// <param name="Flags">Envoy response flags (<see cref="EnvoyResponseFlags"/>).</param>
/// <param name="Details">Envoy response-code details: <c>name</c>, or <c>name{reason}</c> to require one reason inside the braces.</param>
/// <param name="Statuses">HTTP statuses that identify the symptom on their own.</param>
/// <param name="Phrases">Case-insensitive regular expressions over free text (error messages, kubectl output).</param>
internal sealed record Recognition(
    IReadOnlyList<string>? Flags = null,
    IReadOnlyList<string>? Details = null,
    IReadOnlyList<int>? Statuses = null,
    IReadOnlyList<string>? Phrases = null)
{
    public IReadOnlyList<string> FlagList => Flags ?? [];

    public IReadOnlyList<string> DetailList => Details ?? [];

    public IReadOnlyList<int> StatusList => Statuses ?? [];

    public IReadOnlyList<string> PhraseList => Phrases ?? [];
}

/// <summary>One likely cause: what happens, the MeshReady rules (code MESH0nn, manifests MESH1nn) that detect it, and the fix.</summary>
/// <param name="Text">What happens.</param>
/// <param name="Rules">Rule IDs that detect this cause; empty when no MeshReady rule can see it (then <paramref name="Fix"/> says where to look).</param>
/// <param name="Fix">What to do.</param>
internal sealed record Cause(string Text, IReadOnlyList<string> Rules, string Fix);
