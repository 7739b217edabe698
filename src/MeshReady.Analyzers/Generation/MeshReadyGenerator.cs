using System.Linq;
using MeshReady.Analyzers.Lifecycle;
using MeshReady.Analyzers.Listening.Endpoints;
using MeshReady.Analyzers.Ports;
using Microsoft.CodeAnalysis;

namespace MeshReady.Analyzers.Generation;

/// <summary>
/// Writes into every consuming project: <c>MeshReady.MeshProxy</c> (proxy readiness wait, sidecar quit), the
/// hosting integration <c>services.AddMeshReadiness()</c> when Microsoft.Extensions.Hosting is referenced,
/// the <c>[assembly: MeshPort]</c> attribute, <c>MeshReady.MeshPorts</c> and the <c>MeshReady.*</c> assembly
/// metadata (docs/generated-api.md, docs/assembly-metadata.md). Reports nothing: MeshPortAnalyzer checks the
/// declarations, from the same <see cref="PortTable"/>.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class MeshReadyGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        context.RegisterPostInitializationOutput(static post => post.AddSource(GeneratedSources.AttributesHintName, ConstantTexts.Attributes));

        var settings = context.AnalyzerConfigOptionsProvider
            .Select(static (provider, _) => GeneratorSettings.Read(provider))
            .WithTrackingName(TrackingNames.Settings);

        // Every fact the generator reads from code comes from one pass per tree, which skips by its text the trees that hold
        // no candidate and runs again only for a tree that changed (see TreeFacts for why not a syntax provider). It is one
        // step, not one entry per tree: Roslyn's node table for 500 per-tree entries costs about 0.5 ms on every run, even
        // when every entry is Cached, so each tree's result is kept with the tree instead (TreeFacts.Of). Candidates syntax
        // does not settle are bound here, against the current compilation, on every run (as any binding must be: a constant
        // they read may live in another file); the others are only copied.
        // The same pass reads [assembly: MeshPort] (TreeFacts.Declarations: what ForAttributeWithMetadataName would find,
        // without that provider's own per-tree nodes, which cost every run about 0.15-0.3 ms and a first run 4-10 ms on a
        // 500-file project).
        var resolved = context.CompilationProvider
            .Select(static (compilation, cancellationToken) => TreeFacts.Resolve(compilation, cancellationToken))
            .WithTrackingName(TrackingNames.ResolvedFacts);

        // What the outputs need from the facts, in one step (see CodeSummary for why not a chain per kind of fact).
        var code = resolved
            .Select(static (all, _) => CodeSummary.Of(all.Facts))
            .WithTrackingName(TrackingNames.CodeSummary);

        // A step on CompilationProvider re-runs on every edit: this one only looks up each reference in a cache of what
        // its metadata defines; whether the project defines EmbeddedAttribute comes from syntax.
        var referenceFeatures = context.CompilationProvider
            .Select(static (compilation, _) => CompilationFeatures.FromReferences(compilation))
            .WithTrackingName(TrackingNames.ReferenceFeatures);

        var features = referenceFeatures
            .Combine(code)
            .Select(static (input, _) => input.Left.WithEmbeddedAttribute(input.Right.DefinesEmbeddedAttribute))
            .WithTrackingName(TrackingNames.Features);

        var declarations = resolved
            .Select(static (all, _) => all.Declarations)
            .WithTrackingName(TrackingNames.AllDeclarations);

        var filePorts = context.AdditionalTextsProvider
            .Select(static (file, cancellationToken) => InferredPorts.FromFile(file, cancellationToken))
            .Where(static found => found.Count > 0)
            .WithTrackingName(TrackingNames.FilePorts)
            .Collect();

        // MapGrpcService<T>() is grpc-dotnet's name alone: read from syntax, never bound.
        var inferred = code
            .Combine(filePorts)
            .Select(static (input, _) => InferredPorts.Merge(input.Left.CodePorts.Items, input.Right, input.Left.MapsGrpc))
            .WithTrackingName(TrackingNames.InferredPorts);

        var ports = declarations
            .Combine(inferred)
            .Combine(settings)
            .Select(static (input, _) => new PortsModel(
                new EquatableArray<ResolvedPort>(PortTable.Build(input.Left.Left.Items, input.Left.Right.Items).Ports),
                input.Right))
            .WithTrackingName(TrackingNames.Ports);

        context.RegisterSourceOutput(ports, static (output, model) => output.AddSource(GeneratedSources.PortsHintName, GeneratedSources.Ports(model)));

        // Lifecycle facts for the manifest checks MESH106/MESH107/MESH115 (docs/assembly-metadata.md): a budget is read from
        // syntax where syntax settles it, and only the other name-matched nodes are bound; stopping the sidecar and waiting for
        // the proxy are read from syntax alone.
        var lifecycle = code
            .Select(static (summary, _) => summary.Lifecycle)
            .WithTrackingName(TrackingNames.Lifecycle);
        context.RegisterSourceOutput(lifecycle, static (output, facts) => output.AddSource(GeneratedSources.LifecycleHintName, GeneratedSources.Lifecycle(facts)));

        var helpers = settings.Combine(features).WithTrackingName(TrackingNames.Helpers);
        context.RegisterSourceOutput(helpers, static (output, input) => EmitHelpers(output, input.Left, input.Right));

        // Call summaries and MESH108's start-up fact need the whole-program model: real builds only (see WholeProgramFacts).
        WholeProgramFacts.Register(context, settings, features);
    }

    private static void EmitHelpers(SourceProductionContext output, GeneratorSettings settings, CompilationFeatures features)
    {
        if (!features.DefinesEmbeddedAttribute)
        {
            output.AddSource(GeneratedSources.EmbeddedHintName, ConstantTexts.EmbeddedAttribute);
        }

        if (!settings.GenerateHelpers || !features.HasHttpStack)
        {
            return;
        }

        output.AddSource(MeshProxySource.HintName, ConstantTexts.MeshProxy);
        if (features.HasHosting)
        {
            output.AddSource(HostingSource.HintName, ConstantTexts.Hosting);
        }
    }

}

/// <summary>Names of the tracked pipeline steps (incremental tests assert on them).</summary>
internal static class TrackingNames
{
    public const string Settings = nameof(Settings);
    public const string ReferenceFeatures = nameof(ReferenceFeatures);
    public const string Features = nameof(Features);
    public const string AllDeclarations = nameof(AllDeclarations);

    /// <summary>
    /// All trees' facts in order (each tree's <see cref="Generation.TreeFacts"/> read once per version of the tree), with the
    /// candidates syntax does not settle bound.
    /// </summary>
    public const string ResolvedFacts = nameof(ResolvedFacts);

    /// <summary>What the outputs need from the facts (<see cref="Generation.CodeSummary"/>).</summary>
    public const string CodeSummary = nameof(CodeSummary);
    public const string FilePorts = nameof(FilePorts);
    public const string InferredPorts = nameof(InferredPorts);
    public const string Ports = nameof(Ports);
    public const string Helpers = nameof(Helpers);
    public const string Lifecycle = nameof(Lifecycle);
}
