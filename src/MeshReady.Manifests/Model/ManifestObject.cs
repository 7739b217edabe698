using System.Linq;
using k8s;
using k8s.Models;
using YamlDotNet.RepresentationModel;

namespace MeshReady.Manifests.Model;

/// <summary>
/// One Kubernetes object read from a manifest: the KubernetesClient model the checks read, plus the YAML
/// node tree it came from, so every finding can point at the exact line of the field it is about.
/// </summary>
internal sealed class ManifestObject
{
    private readonly YamlMappingNode root;
    private readonly int lineOffset;

    private readonly int firstLine;
    private readonly int lastLine;

    /// <param name="lineOffset">0-based line of the file where the parsed document starts (node lines are relative to it).</param>
    /// <param name="firstLine">1-based first line of this object in the file (an item of a <c>kind: List</c> starts inside its document).</param>
    /// <param name="lastLine">1-based last line of this object in the file.</param>
    internal ManifestObject(string file, string kind, IKubernetesObject<V1ObjectMeta> model, YamlMappingNode root, int lineOffset, int firstLine, int lastLine)
    {
        this.firstLine = firstLine;
        this.lastLine = lastLine;
        File = file;
        Kind = kind;
        Model = model;
        this.root = root;
        this.lineOffset = lineOffset;
    }

    public string File { get; }

    public string Kind { get; }

    /// <summary>The typed object (<c>V1Deployment</c>, <c>V1Service</c>, …).</summary>
    public IKubernetesObject<V1ObjectMeta> Model { get; }

    public string Name => Model.Metadata?.Name ?? "(unnamed)";

    /// <summary>The namespace, or empty when the manifest leaves it to <c>kubectl -n</c>.</summary>
    public string Namespace => Model.Metadata?.NamespaceProperty ?? string.Empty;

    /// <summary><c>Kind/name</c>, the way kubectl names objects.</summary>
    public string DisplayName => Kind + "/" + Name;

    /// <summary>The annotation that silences rules for one object: <c>meshready.io/ignore: "MESH101,MESH113"</c>.</summary>
    public const string IgnoreAnnotation = "meshready.io/ignore";

    /// <summary>True when the object's <see cref="IgnoreAnnotation"/> lists the rule.</summary>
    public bool Ignores(string ruleId)
        => Model.Metadata?.Annotations is { } annotations
            && annotations.TryGetValue(IgnoreAnnotation, out var list)
            && list.Split([',', ';', ' '], System.StringSplitOptions.RemoveEmptyEntries).Contains(ruleId, System.StringComparer.OrdinalIgnoreCase);

    /// <summary>True when a finding's location lies inside this object's document.</summary>
    public bool Contains(SourceLocation location)
        => location.File == File && location.Line >= firstLine && location.Line <= lastLine;

    /// <summary>The line that names the object (<c>metadata.name</c>), for findings about the whole object.</summary>
    public SourceLocation Location => Locate("metadata", "name");

    /// <summary>
    /// The location of a field, given as a path of mapping keys (<see cref="string"/>) and sequence indexes
    /// (<see cref="int"/>). Falls back to the deepest part of the path that exists, so a finding about a
    /// missing field points at its parent.
    /// </summary>
    public SourceLocation Locate(params object[] path)
    {
        YamlNode current = root;
        YamlNode marker = root;
        foreach (var segment in path)
        {
            YamlNode? next = null;
            YamlNode? nextMarker = null;
            if (segment is string key && current is YamlMappingNode mapping)
            {
                foreach (var entry in mapping.Children)
                {
                    if (entry.Key is YamlScalarNode scalar && scalar.Value == key)
                    {
                        next = entry.Value;
                        nextMarker = entry.Key;
                        break;
                    }
                }
            }
            else if (segment is int index && current is YamlSequenceNode sequence && index >= 0 && index < sequence.Children.Count)
            {
                next = sequence.Children[index];
                nextMarker = next;
            }

            if (next is null || nextMarker is null)
            {
                break;
            }

            current = next;
            marker = nextMarker;
        }

        return new SourceLocation(File, (int)marker.Start.Line + lineOffset, (int)marker.Start.Column);
    }
}
