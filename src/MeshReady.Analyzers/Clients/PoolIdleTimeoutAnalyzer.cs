using System;
using System.Collections.Immutable;
using MeshReady.Analyzers.Addressing.Destinations;
using MeshReady.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MeshReady.Analyzers.Clients;

/// <summary>
/// MESH014: <c>SocketsHttpHandler.PooledConnectionIdleTimeout</c> (or legacy
/// <c>ServicePointManager.MaxServicePointIdleTime</c>) set to a constant that is infinite or not shorter than
/// the mesh's idle timeout (<c>meshready.idle_timeout</c>, default 1 h). Silent when every address the same method (or
/// top-level program) sends to is loopback: a local sidecar of another runtime (Dapr on <c>localhost:3500</c>) has no
/// Envoy on the path.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class PoolIdleTimeoutAnalyzer : MeshAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.PoolIdleTimeoutAtOrAboveMeshIdle);

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, MeshContext mesh)
    {
        var handler = mesh.Types.Get("System.Net.Http.SocketsHttpHandler");
        var servicePointManager = mesh.Types.Get("System.Net.ServicePointManager");
        if (handler is null && servicePointManager is null)
        {
            return;
        }

        var destinations = DestinationSymbols.Create(mesh.Types);
        context.RegisterOperationAction(c => Analyze(c, mesh, handler, servicePointManager, destinations), OperationKind.SimpleAssignment);
    }

    private static void Analyze(OperationAnalysisContext context, MeshContext mesh, INamedTypeSymbol? handler, INamedTypeSymbol? servicePointManager, DestinationSymbols destinations)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is not IPropertyReferenceOperation { Property: var property })
        {
            return;
        }

        var idle = TimeSpanValues.Written(assignment, "PooledConnectionIdleTimeout", handler, context.CancellationToken);
        if (property.Name == "MaxServicePointIdleTime" && SymbolEqualityComparer.Default.Equals(property.ContainingType, servicePointManager)
            && ValueTracking.ConstantInt32(assignment.Value, context.CancellationToken) is { } ms)
        {
            idle = ms < 0 ? System.Threading.Timeout.InfiniteTimeSpan : TimeSpan.FromMilliseconds(ms);
        }

        if (idle is not { } value || value == TimeSpan.Zero)
        {
            return;
        }

        var tree = assignment.Syntax.SyntaxTree;
        var meshIdle = mesh.OptionsFor(tree).IdleTimeout;
        if ((TimeSpanValues.IsInfinite(value) || value >= meshIdle) && mesh.AppliesTo(tree)
            && !OnlyLoopbackDestinations(assignment, destinations, context.CancellationToken))
        {
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.PoolIdleTimeoutAtOrAboveMeshIdle,
                assignment.Value.Syntax.GetLocation(),
                property.ContainingType.Name + "." + property.Name,
                TimeSpanValues.IsInfinite(value) ? "ever (infinite)" : Duration.Format(value),
                Duration.Format(meshIdle)));
        }
    }

    /// <summary>The method (or top-level program) holding the handler sends only to loopback addresses, at least one.</summary>
    private static bool OnlyLoopbackDestinations(IOperation operation, DestinationSymbols symbols, System.Threading.CancellationToken cancellationToken)
    {
        var root = operation;
        while (root.Parent is not null)
        {
            root = root.Parent;
        }

        var loopback = false;
        foreach (var candidate in root.Descendants())
        {
            if (candidate is not (IInvocationOperation or IObjectCreationOperation))
            {
                continue;
            }

            foreach (var destination in DestinationReader.Read(candidate, symbols, cancellationToken))
            {
                if (destination.HostKind != DestinationHostKind.Loopback)
                {
                    return false;
                }

                loopback = true;
            }
        }

        return loopback;
    }
}
