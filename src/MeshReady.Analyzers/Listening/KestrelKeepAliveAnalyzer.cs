using System.Collections.Immutable;
using MeshReady.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MeshReady.Analyzers.Listening;

/// <summary>
/// MESH015 (Info): Kestrel's <c>Limits.KeepAliveTimeout</c> set to a constant shorter than the mesh's upstream
/// idle timeout. The default (130 s, unset) is not reported: it would fire on every ASP.NET Core service.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class KestrelKeepAliveAnalyzer : MeshAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.KestrelKeepAliveBelowMeshIdle);

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, MeshContext mesh)
    {
        var limits = mesh.Types.Get("Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerLimits");
        if (limits is not null)
        {
            context.RegisterOperationAction(c => Analyze(c, mesh, limits), OperationKind.SimpleAssignment);
        }
    }

    private static void Analyze(OperationAnalysisContext context, MeshContext mesh, INamedTypeSymbol limits)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (TimeSpanValues.Written(assignment, "KeepAliveTimeout", limits, context.CancellationToken) is not { } keepAlive
            || TimeSpanValues.IsInfinite(keepAlive))
        {
            return;
        }

        var tree = assignment.Syntax.SyntaxTree;
        var meshIdle = mesh.OptionsFor(tree).IdleTimeout;
        if (keepAlive < meshIdle && mesh.AppliesTo(tree))
        {
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.KestrelKeepAliveBelowMeshIdle, assignment.Value.Syntax.GetLocation(), Duration.Format(keepAlive), Duration.Format(meshIdle)));
        }
    }
}
