namespace MeshReady.Manifests.Model;

/// <summary>A manifest rule's identity: the ID, a title for SARIF and the docs, and its default severity.</summary>
internal sealed record ManifestRule(string Id, string Title, Severity DefaultSeverity)
{
    /// <summary>Same base as the analyzers' help links, so every MESH ID opens <c>docs/rules/&lt;ID&gt;.md</c>.</summary>
    public const string HelpLinkBase = "https://github.com/meshready/MeshReady.Analyzers/blob/main/docs/rules/";

    public string HelpUri => HelpLinkBase + Id + ".md";

    public Finding At(SourceLocation location, string message) => new(Id, DefaultSeverity, location, message);

    public Finding At(SourceLocation location, Severity severity, string message) => new(Id, severity, location, message);
}
