using System;
using System.Threading;
using MeshReady.Analyzers.Lifecycle;
using MeshReady.Analyzers.Listening.Endpoints;
using MeshReady.Analyzers.Ports;
using Microsoft.CodeAnalysis;

namespace MeshReady.Analyzers.Generation;

/// <summary>
/// What one syntax node tells the generator: the ports a listener opens, the shutdown budget it sets, whether it maps
/// gRPC services, stops the sidecar, waits for the proxy or declares <c>EmbeddedAttribute</c>. One pass per tree reads
/// them all (<see cref="TreeFacts"/>).
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

    /// <summary>
    /// Which nodes carry a fact: names and shapes only, no allocation for the nodes it rejects. Every name it matches must
    /// be in <see cref="TreeFacts.Names"/>, which decides which trees are walked at all.
    /// </summary>
    public static bool IsCandidate(SyntaxNode node)
        => ListeningEndpointReader.IsCandidate(node)
            || ShutdownBudgets.IsCandidate(node)
            || InferredPorts.IsMapGrpcServiceCandidate(node)
            || MeshProxyApi.StopsSidecar(node)
            || MeshProxyApi.WaitsForProxy(node)
            || CompilationFeatures.IsEmbeddedAttributeCandidate(node);

    /// <summary>
    /// The fact from syntax alone, when syntax settles every part of it (microseconds); false when a part needs binding
    /// (milliseconds): see <see cref="SyntacticPorts"/> and <see cref="LifecycleFacts.TryBudgetSecondsFromSyntax"/>.
    /// </summary>
    public static bool TryReadSyntax(SyntaxNode node, out CodeFact fact)
    {
        fact = null!;
        CandidateReading<EquatableArray<InferredPort>>? listener = null;
        if (ListeningEndpointReader.IsCandidate(node))
        {
            if (!SyntacticPorts.TryRead(node, out var ports))
            {
                return false;
            }

            listener = CandidateReading.FromSyntax(ports);
        }

        CandidateReading<int>? budget = null;
        if (ShutdownBudgets.IsCandidate(node))
        {
            if (!LifecycleFacts.TryBudgetSecondsFromSyntax(node, out var seconds))
            {
                return false;
            }

            budget = CandidateReading.FromSyntax(seconds);
        }

        fact = Create(node, listener, budget);
        return true;
    }

    /// <summary>The fact of a candidate syntax does not settle: what syntax settles is still read from syntax, the rest is bound.</summary>
    public static CodeFact Read(SyntaxNode node, SemanticModel model, CancellationToken cancellationToken)
    {
        CandidateReading<EquatableArray<InferredPort>>? listener = null;
        if (ListeningEndpointReader.IsCandidate(node))
        {
            listener = SyntacticPorts.TryRead(node, out var ports)
                ? CandidateReading.FromSyntax(ports)
                : CandidateReading.Bound(InferredPorts.FromCode(model, node, cancellationToken));
        }

        CandidateReading<int>? budget = null;
        if (ShutdownBudgets.IsCandidate(node))
        {
            budget = LifecycleFacts.TryBudgetSecondsFromSyntax(node, out var seconds)
                ? CandidateReading.FromSyntax(seconds)
                : CandidateReading.Bound(LifecycleFacts.BudgetSeconds(model, node, cancellationToken));
        }

        return Create(node, listener, budget);
    }

    private static CodeFact Create(SyntaxNode node, CandidateReading<EquatableArray<InferredPort>>? listener, CandidateReading<int>? budget)
        => new(
            listener,
            budget,
            InferredPorts.IsMapGrpcServiceCandidate(node),
            MeshProxyApi.StopsSidecar(node),
            MeshProxyApi.WaitsForProxy(node),
            CompilationFeatures.IsEmbeddedAttributeCandidate(node) && CompilationFeatures.DeclaresEmbeddedAttribute(node));

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
