using System.Collections.Generic;
using MeshReady.Analyzers.Ports;
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
        // Only an assembly built with MeshReady records values, and the generator adds MeshReady.MeshPortAttribute to every
        // one: a look in the type-name table first, so the attributes of the framework and of ordinary packages (hundreds
        // per project) are never decoded.
        if (!assembly.TypeNames.Contains(PortDeclaration.AttributeName))
        {
            yield break;
        }

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
