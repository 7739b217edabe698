using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace MeshReady.Analyzers.Generation;

/// <summary>
/// The generated files whose text depends on nothing but this assembly (the <c>[MeshPort]</c> attribute file, the
/// embedded attribute, MeshProxy, the hosting integration), made once per process as <see cref="SourceText"/>: one
/// analyzer instance serves every project of a compiler server or IDE, so each project's first run reuses them instead
/// of building the strings and their <see cref="SourceText"/> again, and the compiler computes each one's checksum (for
/// the PDB) and line table once instead of once per project. UTF-8 and the default checksum algorithm, as
/// <c>AddSource(string, string)</c> makes them, so the output is the same.
/// </summary>
internal static class ConstantTexts
{
    public static SourceText Attributes { get; } = From(GeneratedSources.Attributes());

    public static SourceText EmbeddedAttribute { get; } = From(GeneratedSources.EmbeddedAttribute());

    public static SourceText MeshProxy { get; } = From(MeshProxySource.Text(GeneratedSources.GeneratedCodeAttribute));

    public static SourceText Hosting { get; } = From(HostingSource.Text(GeneratedSources.GeneratedCodeAttribute));

    private static SourceText From(string text) => SourceText.From(text, Encoding.UTF8);
}
