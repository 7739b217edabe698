namespace MeshReady.Manifests.Model;

/// <summary>
/// A place in a manifest file: 1-based line and column, as editors and MSBuild show them. For an object read from a
/// cluster there is no file: <see cref="File"/> then names the object (<c>Deployment/shop/orders</c>), <see cref="Field"/>
/// the field inside it (<c>spec.template.spec.containers[0].ports[0]</c>), and line and column are 0.
/// </summary>
internal readonly record struct SourceLocation(string File, int Line, int Column)
{
    /// <summary>The field's path inside a cluster object; null for a place in a file.</summary>
    public string? Field { get; init; }

    /// <summary>True when the location names a cluster object (<c>kind/namespace/name</c>) rather than a file and line.</summary>
    public bool IsLogical => Field is not null;

    /// <summary>A field of an object read from a cluster; an empty <paramref name="field"/> means the whole object.</summary>
    public static SourceLocation Logical(string objectName, string field) => new(objectName, 0, 0) { Field = field };

    public override string ToString() => IsLogical
        ? (Field!.Length == 0 ? File : $"{File} ({Field})")
        : $"{File}({Line},{Column})";
}
