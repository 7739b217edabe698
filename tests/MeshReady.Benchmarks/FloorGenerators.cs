using System.Linq;
using MeshReady.Analyzers.Generation;
using MeshReady.Analyzers.Ports;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MeshReady.Benchmarks;

/// <summary>
/// Stand-in generators that do (almost) nothing, with the same shapes of input as MeshReady's generator: what Roslyn's
/// driver costs per run before any generator work, so benchmark B can say how much of a re-run is ours. None of them is
/// shipped or registered anywhere; the benchmark runs them next to the real generator on the same edits.
/// </summary>
internal static class FloorGenerators
{
    public static (string Name, ISourceGenerator Generator)[] All { get; } =
    {
        ("registers nothing", new Empty().AsSourceGenerator()),
        ("post-init source only (the attribute file)", new PostInitOnly().AsSourceGenerator()),
        ("CompilationProvider.Select (reads ExternalReferences), one output", new CompilationOnly().AsSourceGenerator()),
        ("one entry per syntax tree (SelectMany of the trees, trivial Select, Collect)", new PerTree().AsSourceGenerator()),
        ("ForAttributeWithMetadataName([MeshPort]) only", new ForAttributeOnly().AsSourceGenerator()),
        ("the helper sources only (MeshProxy, hosting integration), added once: what parsing them costs", new HelpersOnly().AsSourceGenerator()),
    };

    private sealed class HelpersOnly : IIncrementalGenerator
    {
        public void Initialize(IncrementalGeneratorInitializationContext context)
            => context.RegisterPostInitializationOutput(static post =>
            {
                post.AddSource("Floor." + MeshProxySource.HintName, MeshProxySource.Text(GeneratedSources.GeneratedCodeAttribute));
                post.AddSource("Floor." + HostingSource.HintName, HostingSource.Text(GeneratedSources.GeneratedCodeAttribute));
            });
    }

    private sealed class Empty : IIncrementalGenerator
    {
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
        }
    }

    private sealed class PostInitOnly : IIncrementalGenerator
    {
        public void Initialize(IncrementalGeneratorInitializationContext context)
            => context.RegisterPostInitializationOutput(static post => post.AddSource("Floor.Attributes.g.cs", GeneratedSources.Attributes()));
    }

    private sealed class CompilationOnly : IIncrementalGenerator
    {
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            var count = context.CompilationProvider.Select(static (compilation, _) => compilation.ExternalReferences.Length);
            context.RegisterSourceOutput(count, static (_, _) => { });
        }
    }

    private sealed class PerTree : IIncrementalGenerator
    {
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            var lengths = context.CompilationProvider
                .SelectMany(static (compilation, _) => compilation.SyntaxTrees)
                .Select(static (tree, _) => tree.Length)
                .Collect();
            context.RegisterSourceOutput(lengths, static (_, _) => { });
        }
    }

    private sealed class ForAttributeOnly : IIncrementalGenerator
    {
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            var declared = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    PortDeclaration.AttributeMetadataName,
                    static (node, _) => node is CompilationUnitSyntax,
                    static (attributeContext, _) => attributeContext.Attributes.Length)
                .Collect();
            context.RegisterSourceOutput(declared, static (_, _) => { });
        }
    }
}
