using System.Collections.Concurrent;
using System.Collections.Generic;
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

    // Resolved through the compilation's merged namespaces rather than Compilation.GetTypeByMetadataName: that call visits
    // every referenced assembly for each name (a real ASP.NET Core project has 300+), and for an absent type the
    // polyfill fallback (GetTypesByMetadataName) visited them all again. Most names a rule asks for are absent (no
    // Redis, no xunit, no Steeltoe in a given service), and their first namespace segment is usually absent too: the
    // merged global namespace answers that from one table the compiler has already built while binding. Measured on
    // real projects, the lookups were most of the compilation-start cost of the first rule to ask for each name.
    private INamedTypeSymbol? Resolve(string metadataName)
    {
        var candidates = Candidates(metadataName);
        if (candidates.Count == 0)
        {
            return null;
        }

        // As GetTypeByMetadataName: the compilation's own type wins, and so does a type defined only once.
        foreach (var candidate in candidates)
        {
            if (SymbolEqualityComparer.Default.Equals(candidate.ContainingAssembly, compilation.Assembly))
            {
                return candidate;
            }
        }

        if (candidates.Count == 1)
        {
            return candidates[0];
        }

        // Defined by several assemblies (a polyfill next to the framework): the core library's, else the first public one.
        var coreLibrary = compilation.GetSpecialType(SpecialType.System_Object).ContainingAssembly;
        INamedTypeSymbol? best = null;
        foreach (var candidate in candidates)
        {
            if (candidate.DeclaredAccessibility != Accessibility.Public)
            {
                continue;
            }

            if (SymbolEqualityComparer.Default.Equals(candidate.ContainingAssembly, coreLibrary))
            {
                return candidate;
            }

            best ??= candidate;
        }

        return best;
    }

    /// <summary>Every type with this metadata name (<c>Ns.Type`1+Nested</c>) in source and references, found through namespaces.</summary>
    private List<INamedTypeSymbol> Candidates(string metadataName)
    {
        var found = new List<INamedTypeSymbol>();
        var typePart = metadataName;
        var plus = metadataName.IndexOf('+');
        var dot = (plus < 0 ? metadataName : metadataName.Substring(0, plus)).LastIndexOf('.');
        INamespaceSymbol? ns = compilation.GlobalNamespace;
        if (dot >= 0)
        {
            foreach (var segment in metadataName.Substring(0, dot).Split('.'))
            {
                ns = Namespace(ns, segment);
                if (ns is null)
                {
                    return found;
                }
            }

            typePart = metadataName.Substring(dot + 1);
        }

        var names = typePart.Split('+');
        var (name, arity) = NameAndArity(names[0]);
        found.AddRange(ns.GetTypeMembers(name, arity));
        for (var i = 1; i < names.Length && found.Count > 0; i++)
        {
            (name, arity) = NameAndArity(names[i]);
            var outer = found.ToArray();
            found.Clear();
            foreach (var type in outer)
            {
                found.AddRange(type.GetTypeMembers(name, arity));
            }
        }

        return found;
    }

    private static INamespaceSymbol? Namespace(INamespaceSymbol parent, string name)
    {
        foreach (var member in parent.GetMembers(name))
        {
            if (member is INamespaceSymbol ns)
            {
                return ns;
            }
        }

        return null;
    }

    // "Dictionary`2" → ("Dictionary", 2); a name without a well-formed arity suffix is taken whole, with arity 0.
    private static (string Name, int Arity) NameAndArity(string metadataName)
    {
        var tick = metadataName.LastIndexOf('`');
        return tick > 0 && int.TryParse(metadataName.Substring(tick + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var arity)
            ? (metadataName.Substring(0, tick), arity)
            : (metadataName, 0);
    }
}
