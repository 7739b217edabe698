using System;
using System.Threading;
using MeshReady.Analyzers.Lifecycle;
using MeshReady.Analyzers.Listening.Endpoints;
using MeshReady.Analyzers.Ports;
using Microsoft.CodeAnalysis;

namespace MeshReady.Analyzers.Generation;

/// <summary>
/// What one syntax node tells the generator: the ports a listener opens, the shutdown budget it sets, whether it maps
/// gRPC services, stops the sidecar, waits for the proxy or declares <c>EmbeddedAttribute</c>. One syntax provider reads them all: each
/// provider costs a walk of every new tree on the first run and a pass over every file's entry on each edit, so five
/// providers cost five times one.
/// </summary>
internal sealed class CodeFact : IEquatable<CodeFact>
{
    private CodeFact(
        CandidateReading<EquatableArray<InferredPort>>? listener,
        CandidateReading<int>? budget,
        bool mapsGrpc,
        bool stopsSidecar,
        bool waitsForProxy,
        bool declaresEmbeddedAttribute)
    {
        Listener = listener;
        Budget = budget;
        MapsGrpc = mapsGrpc;
        StopsSidecar = stopsSidecar;
        WaitsForProxy = waitsForProxy;
        DeclaresEmbeddedAttribute = declaresEmbeddedAttribute;
    }

    /// <summary>The ports, when the node is a listener candidate (<see cref="ListeningEndpointReader.IsCandidate"/>).</summary>
    public CandidateReading<EquatableArray<InferredPort>>? Listener { get; }

    /// <summary>The shutdown budget in whole seconds, when the node is a budget candidate (<see cref="ShutdownBudgets.IsCandidate"/>).</summary>
    public CandidateReading<int>? Budget { get; }

    public bool MapsGrpc { get; }

    public bool StopsSidecar { get; }

    /// <summary>The node calls <c>MeshProxy.WaitUntilReadyAsync</c> or <c>AddMeshReadiness</c> (<see cref="MeshProxyApi.WaitsForProxy"/>).</summary>
    public bool WaitsForProxy { get; }

    public bool DeclaresEmbeddedAttribute { get; }

    /// <summary>The syntax provider's predicate: names and shapes only, no allocation for the nodes it rejects.</summary>
    public static bool IsCandidate(SyntaxNode node)
        => ListeningEndpointReader.IsCandidate(node)
            || ShutdownBudgets.IsCandidate(node)
            || InferredPorts.IsMapGrpcServiceCandidate(node)
            || MeshProxyApi.StopsSidecar(node)
            || MeshProxyApi.WaitsForProxy(node)
            || CompilationFeatures.IsEmbeddedAttributeCandidate(node);

    /// <summary>
    /// Roslyn runs this for every candidate on every edit anywhere in the project, so what syntax settles is read from
    /// syntax (microseconds) and only the rest is bound (milliseconds each): see <see cref="SyntacticPorts"/> and
    /// <see cref="LifecycleFacts.TryBudgetSecondsFromSyntax"/>.
    /// </summary>
    public static CodeFact Read(GeneratorSyntaxContext context, CancellationToken cancellationToken)
    {
        var node = context.Node;
        CandidateReading<EquatableArray<InferredPort>>? listener = null;
        if (ListeningEndpointReader.IsCandidate(node))
        {
            listener = SyntacticPorts.TryRead(node, out var ports)
                ? CandidateReading.FromSyntax(ports)
                : CandidateReading.Bound(InferredPorts.FromCode(context.SemanticModel, node, cancellationToken));
        }

        CandidateReading<int>? budget = null;
        if (ShutdownBudgets.IsCandidate(node))
        {
            budget = LifecycleFacts.TryBudgetSecondsFromSyntax(node, out var seconds)
                ? CandidateReading.FromSyntax(seconds)
                : CandidateReading.Bound(LifecycleFacts.BudgetSeconds(context.SemanticModel, node, cancellationToken));
        }

        return new CodeFact(
            listener,
            budget,
            InferredPorts.IsMapGrpcServiceCandidate(node),
            MeshProxyApi.StopsSidecar(node),
            MeshProxyApi.WaitsForProxy(node),
            CompilationFeatures.IsEmbeddedAttributeCandidate(node) && CompilationFeatures.DeclaresEmbeddedAttribute(node));
    }

    /// <summary>Whether reading this node needed the semantic model.</summary>
    public bool IsBound => Listener?.IsBound == true || Budget?.IsBound == true;

    public bool Equals(CodeFact? other)
        => other is not null
            && Equals(Listener, other.Listener)
            && Equals(Budget, other.Budget)
            && MapsGrpc == other.MapsGrpc
            && StopsSidecar == other.StopsSidecar
            && WaitsForProxy == other.WaitsForProxy
            && DeclaresEmbeddedAttribute == other.DeclaresEmbeddedAttribute;

    public override bool Equals(object? obj) => Equals(obj as CodeFact);

    public override int GetHashCode()
        => ((Listener?.GetHashCode() ?? 0) * 31) + ((Budget?.GetHashCode() ?? 0) * 7) + (MapsGrpc ? 1 : 0) + (StopsSidecar ? 2 : 0) + (DeclaresEmbeddedAttribute ? 4 : 0) + (WaitsForProxy ? 8 : 0);
}
