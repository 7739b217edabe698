using Microsoft.CodeAnalysis;

namespace MeshReady.Analyzers.Infrastructure;

/// <summary>Symbol comparisons the readers share.</summary>
internal static class SymbolMatch
{
    /// <summary>True when <paramref name="type"/> (or its generic definition) is <paramref name="expected"/>; false when either is absent.</summary>
    public static bool Is(ITypeSymbol? type, INamedTypeSymbol? expected)
        => type is not null && expected is not null && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, expected);
}
