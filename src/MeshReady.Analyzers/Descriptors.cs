using Microsoft.CodeAnalysis;

namespace MeshReady.Analyzers;

/// <summary>
/// Every diagnostic the package reports. The descriptors themselves live in the partial files
/// <c>Descriptors.*.cs</c>, one per area, so that the catalogue stays one class with one factory.
/// </summary>
internal static partial class Descriptors
{
    /// <summary>Where <c>docs/rules/&lt;ID&gt;.md</c> is published; the IDE's clickable rule ID opens it.</summary>
    public const string HelpLinkBase = "https://github.com/meshready/MeshReady.Analyzers/blob/main/docs/rules/";

    private static DiagnosticDescriptor Create(
        string id,
        string title,
        string messageFormat,
        string category,
        DiagnosticSeverity severity,
        string description,
        bool isEnabledByDefault = true,
        params string[] customTags)
        => new(
            id,
            title,
            messageFormat,
            category,
            severity,
            isEnabledByDefault,
            description,
            helpLinkUri: HelpLinkBase + id + ".md",
            customTags);
}

/// <summary>Stable categories: users bulk-configure them with <c>dotnet_analyzer_diagnostic.category-…</c>.</summary>
internal static class Categories
{
    public const string Listening = "MeshReady.Listening";
    public const string Clients = "MeshReady.Clients";
    public const string Addressing = "MeshReady.Addressing";
    public const string Lifecycle = "MeshReady.Lifecycle";
    public const string Ports = "MeshReady.Ports";
    public const string Manifests = "MeshReady.Manifests";
    public const string Configuration = "MeshReady.Configuration";
}
