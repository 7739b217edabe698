using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace MeshReady.Analyzers.Lifecycle;

/// <summary>
/// The <c>[assembly: AssemblyMetadata(key, value)]</c> values a referenced assembly built with MeshReady recorded under one
/// key (docs/assembly-metadata.md): call summaries (<see cref="ExternalSummaries"/>) and DI factories (<see cref="ExternalFactories"/>).
/// </summary>
internal static class RecordedMetadata
{
    public static IEnumerable<string> Values(IAssemblySymbol assembly, string key)
    {
        foreach (var attribute in assembly.GetAttributes())
        {
            if (attribute.AttributeClass is { Name: "AssemblyMetadataAttribute", ContainingNamespace.Name: "Reflection" }
                && attribute.ConstructorArguments.Length == 2
                && attribute.ConstructorArguments[0].Value is string recordedKey
                && recordedKey == key
                && attribute.ConstructorArguments[1].Value is string value)
            {
                yield return value;
            }
        }
    }
}
