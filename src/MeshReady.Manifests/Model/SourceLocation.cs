namespace MeshReady.Manifests.Model;

/// <summary>A place in a manifest file: 1-based line and column, as editors and MSBuild show them.</summary>
internal readonly record struct SourceLocation(string File, int Line, int Column)
{
    public override string ToString() => $"{File}({Line},{Column})";
}
