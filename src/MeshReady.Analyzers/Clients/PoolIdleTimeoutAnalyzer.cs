using System;
using System.Collections.Immutable;
using MeshReady.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MeshReady.Analyzers.Clients;

/// <summary>
/// MESH014: <c>SocketsHttpHandler.PooledConnectionIdleTimeout</c> (or legacy
/// <c>ServicePointManager.MaxServicePointIdleTime</c>) set to a constant that is infinite or not shorter than
/// the mesh's idle timeout (<c>meshready.idle_timeout</c>, default 1 h).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class PoolIdleTimeoutAnalyzer : MeshAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.PoolIdleTimeoutAtOrAboveMeshIdle);

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, KnownTypes types)
    {
        var handler = types.Get("System.Net.Http.SocketsHttpHandler");
        var servicePointManager = types.Get("System.Net.ServicePointManager");
        if (handler is null && servicePointManager is null)
        {
            return;
        }

        context.RegisterOperationAction(c => Analyze(c, handler, servicePointManager), OperationKind.SimpleAssignment);
    }

    private void Analyze(OperationAnalysisContext context, INamedTypeSymbol? handler, INamedTypeSymbol? servicePointManager)
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
        var meshIdle = MeshOptions.For(context.Options, tree).IdleTimeout;
        if ((TimeSpanValues.IsInfinite(value) || value >= meshIdle) && AppliesTo(context.Options, tree))
        {
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.PoolIdleTimeoutAtOrAboveMeshIdle,
                assignment.Value.Syntax.GetLocation(),
                property.ContainingType.Name + "." + property.Name,
                TimeSpanValues.IsInfinite(value) ? "ever (infinite)" : Duration.Format(value),
                Duration.Format(meshIdle)));
        }
    }
}
