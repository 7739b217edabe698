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

        var facts = resolved
            .SelectMany(static (all, _) => all.Facts)
            .WithTrackingName(TrackingNames.CodeFacts);

        // A step on CompilationProvider re-runs on every edit: this one only looks up each reference in a cache of what
        // its metadata defines; whether the project defines EmbeddedAttribute comes from syntax.
        var referenceFeatures = context.CompilationProvider
            .Select(static (compilation, _) => CompilationFeatures.FromReferences(compilation))
            .WithTrackingName(TrackingNames.ReferenceFeatures);

        var definesEmbedded = facts
            .Where(static fact => fact.DeclaresEmbeddedAttribute)
            .Collect()
            .Select(static (declared, _) => !declared.IsEmpty);

        var features = referenceFeatures
            .Combine(definesEmbedded)
            .Select(static (input, _) => input.Left.WithEmbeddedAttribute(input.Right))
            .WithTrackingName(TrackingNames.Features);

        var declarations = resolved
            .Select(static (all, _) => all.Declarations)
            .WithTrackingName(TrackingNames.AllDeclarations);

        var codePorts = facts
            .Where(static fact => fact.Listener is not null)
            .Select(static (fact, _) => fact.Listener!.Value)
            .Where(static found => found.Count > 0)
            .WithTrackingName(TrackingNames.CodePorts)
            .Collect();

        var filePorts = context.AdditionalTextsProvider
            .Select(static (file, cancellationToken) => InferredPorts.FromFile(file, cancellationToken))
            .Where(static found => found.Count > 0)
            .WithTrackingName(TrackingNames.FilePorts)
            .Collect();

        // MapGrpcService<T>() is grpc-dotnet's name alone: read from syntax, never bound.
        var grpcMapped = facts
            .Where(static fact => fact.MapsGrpc)
            .Collect()
            .Select(static (mapped, _) => mapped.Length > 0)
            .WithTrackingName(TrackingNames.GrpcMapped);

        var inferred = codePorts
            .Combine(filePorts)
            .Combine(grpcMapped)
            .Select(static (input, _) => InferredPorts.Merge(input.Left.Left, input.Left.Right, input.Right))
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
        var shutdownBudget = facts
            .Where(static fact => fact.Budget is { Value: > 0 })
            .Select(static (fact, _) => fact.Budget!.Value)
            .Collect()
            .Select(static (seconds, _) => seconds.IsEmpty ? 0 : seconds.Max())
            .WithTrackingName(TrackingNames.ShutdownBudget);

        var stopsSidecar = facts
            .Where(static fact => fact.StopsSidecar)
            .Collect()
            .Select(static (stops, _) => !stops.IsEmpty)
            .WithTrackingName(TrackingNames.StopsSidecar);

        var waitsForProxy = facts
            .Where(static fact => fact.WaitsForProxy)
            .Collect()
            .Select(static (waits, _) => !waits.IsEmpty)
            .WithTrackingName(TrackingNames.WaitsForProxy);

        var lifecycle = shutdownBudget
            .Combine(stopsSidecar)
            .Combine(waitsForProxy)
            .Select(static (input, _) => new LifecycleFacts(input.Left.Left, input.Left.Right, input.Right))
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
    public const string CodePorts = nameof(CodePorts);

    /// <summary>Every candidate node's <see cref="CodeFact"/>, with whether reading it needed binding.</summary>
    public const string CodeFacts = nameof(CodeFacts);

    /// <summary>
    /// All trees' facts in order (each tree's <see cref="Generation.TreeFacts"/> read once per version of the tree), with the
    /// candidates syntax does not settle bound.
    /// </summary>
    public const string ResolvedFacts = nameof(ResolvedFacts);
    public const string FilePorts = nameof(FilePorts);
    public const string GrpcMapped = nameof(GrpcMapped);
    public const string InferredPorts = nameof(InferredPorts);
    public const string Ports = nameof(Ports);
    public const string Helpers = nameof(Helpers);
    public const string ShutdownBudget = nameof(ShutdownBudget);
    public const string StopsSidecar = nameof(StopsSidecar);
    public const string WaitsForProxy = nameof(WaitsForProxy);
    public const string Lifecycle = nameof(Lifecycle);
}
