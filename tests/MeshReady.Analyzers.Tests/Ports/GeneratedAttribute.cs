using MeshReady.Analyzers.Generation;
using Microsoft.CodeAnalysis.Testing;

namespace MeshReady.Analyzers.Tests.Ports;

/// <summary>
/// Analyzer tests do not run the generator: this adds the <c>[MeshPort]</c> attribute source the generator's
/// post-initialization output adds to every real compilation.
/// </summary>
internal static class GeneratedAttribute
{
    public static void AddTo(SolutionState state)
    {
        state.Sources.Add(("/generated/" + GeneratedSources.AttributesHintName, GeneratedSources.Attributes()));
        state.Sources.Add(("/generated/" + GeneratedSources.EmbeddedHintName, GeneratedSources.EmbeddedAttribute()));
    }
}
