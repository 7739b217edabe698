using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;

namespace MeshReady.Analyzers.Infrastructure;

/// <summary>
/// Well-known types of one compilation, each looked up at most once and shared by every MeshReady
/// analyzer running on that compilation (through <see cref="CompilationFacts"/>). Area-specific symbol sets
/// (for example <c>HttpSymbols</c>) are built from it in <c>RegisterCompilationStartAction</c>.
/// </summary>
internal sealed class KnownTypes
{
    private readonly Compilation compilation;
    private readonly ConcurrentDictionary<string, INamedTypeSymbol?> types = new();

    internal KnownTypes(Compilation compilation) => this.compilation = compilation;

    /// <summary>The compilation's shared instance (analyzers get it from their <see cref="MeshContext"/>).</summary>
    public static KnownTypes For(Compilation compilation) => CompilationFacts.Of(compilation).Types;

    /// <summary>
    /// The type with this metadata name, or null when it is absent. When several assemblies define it
    /// (a polyfill next to the framework), the one from the core library or the first accessible one wins,
    /// where plain <c>GetTypeByMetadataName</c> would return null.
    /// </summary>
    public INamedTypeSymbol? Get(string metadataName) => types.GetOrAdd(metadataName, Resolve);

    private INamedTypeSymbol? Resolve(string metadataName)
    {
#pragma warning disable RS0030 // The one sanctioned call: everything else goes through this cache.
        var type = compilation.GetTypeByMetadataName(metadataName);
#pragma warning restore RS0030
        if (type is not null)
        {
            return type;
        }

        INamedTypeSymbol? best = null;
        foreach (var candidate in compilation.GetTypesByMetadataName(metadataName))
        {
            if (candidate.DeclaredAccessibility != Accessibility.Public
                && !SymbolEqualityComparer.Default.Equals(candidate.ContainingAssembly, compilation.Assembly))
            {
                continue;
            }

            if (SymbolEqualityComparer.Default.Equals(candidate.ContainingAssembly, compilation.GetSpecialType(SpecialType.System_Object).ContainingAssembly))
            {
                return candidate;
            }

            best ??= candidate;
        }

        return best;
    }
}
