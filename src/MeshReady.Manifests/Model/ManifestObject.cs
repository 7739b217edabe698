using System.Globalization;
using System.Linq;
using System.Text;
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

    /// <summary>True for an object read from a cluster: locations name the object and a field, not a file and line.</summary>
    private readonly bool logical;

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

    /// <summary>
    /// An object read from a cluster's API. <paramref name="root"/> is the object serialised to YAML, so that fields are
    /// found as in a file; findings name <c>kind/namespace/name</c> and the field instead of a line.
    /// </summary>
    internal static ManifestObject FromCluster(string kind, IKubernetesObject<V1ObjectMeta> model, YamlMappingNode root)
    {
        var ns = model.Metadata?.NamespaceProperty;
        var name = model.Metadata?.Name ?? "(unnamed)";
        var logicalName = string.IsNullOrEmpty(ns) ? $"{kind}/{name}" : $"{kind}/{ns}/{name}";
        return new ManifestObject(logicalName, kind, model, root, 0, 0, 0, logical: true);
    }

    private ManifestObject(string file, string kind, IKubernetesObject<V1ObjectMeta> model, YamlMappingNode root, int lineOffset, int firstLine, int lastLine, bool logical)
        : this(file, kind, model, root, lineOffset, firstLine, lastLine)
    {
        this.logical = logical;
    }

    /// <summary>The file the object was read from; for a cluster object, its <c>kind/namespace/name</c>.</summary>
    public string File { get; }

    /// <summary>True when the object was read from a cluster rather than a file.</summary>
    public bool IsFromCluster => logical;

    /// <summary>
    /// For a workload read from a cluster, one of its running pods (a bare Pod is its own): what was really injected
    /// (istio-proxy as a container or a native-sidecar init container, or ambient redirection) decides its data plane.
    /// </summary>
    public V1Pod? LivePod { get; set; }

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
        => location.File == File && (logical ? location.IsLogical : location.Line >= firstLine && location.Line <= lastLine);

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
        var field = logical ? new StringBuilder() : null;
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
            if (field is not null)
            {
                _ = segment is int i
                    ? field.Append('[').Append(i.ToString(CultureInfo.InvariantCulture)).Append(']')
                    : field.Append(field.Length == 0 ? string.Empty : ".").Append((string)segment);
            }
        }

        return field is not null
            ? SourceLocation.Logical(File, field.ToString())
            : new SourceLocation(File, (int)marker.Start.Line + lineOffset, (int)marker.Start.Column);
    }
}
