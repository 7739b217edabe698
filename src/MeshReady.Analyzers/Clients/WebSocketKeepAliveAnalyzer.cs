using System.Collections.Immutable;
using MeshReady.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MeshReady.Analyzers.Clients;

/// <summary>
/// MESH016: WebSocket keep-alive (<c>ClientWebSocketOptions.KeepAliveInterval</c>, ASP.NET Core
/// <c>WebSocketOptions.KeepAliveInterval</c>) set to zero (off), infinite, or not shorter than the mesh's
/// idle timeout.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class WebSocketKeepAliveAnalyzer : MeshAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.StreamKeepAliveDisabled);

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, MeshContext mesh)
    {
        var client = mesh.Types.Get("System.Net.WebSockets.ClientWebSocketOptions");
        var server = mesh.Types.Get("Microsoft.AspNetCore.Builder.WebSocketOptions");
        if (client is not null || server is not null)
        {
            context.RegisterOperationAction(c => Analyze(c, mesh, client, server), OperationKind.SimpleAssignment);
        }
    }

    private static void Analyze(OperationAnalysisContext context, MeshContext mesh, INamedTypeSymbol? client, INamedTypeSymbol? server)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if ((TimeSpanValues.Written(assignment, "KeepAliveInterval", client, context.CancellationToken)
                ?? TimeSpanValues.Written(assignment, "KeepAliveInterval", server, context.CancellationToken)) is not { } interval)
        {
            return;
        }

        var owner = ((IPropertyReferenceOperation)assignment.Target).Property.ContainingType;

        var tree = assignment.Syntax.SyntaxTree;
        var meshIdle = mesh.OptionsFor(tree).IdleTimeout;
        string? what = interval == System.TimeSpan.Zero ? "zero (keep-alive off)"
            : TimeSpanValues.IsInfinite(interval) ? "infinite (keep-alive off)"
            : interval >= meshIdle ? Duration.Format(interval)
            : null;
        if (what is not null && mesh.AppliesTo(tree))
        {
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.StreamKeepAliveDisabled, assignment.Value.Syntax.GetLocation(), owner.Name + ".KeepAliveInterval", what, Duration.Format(meshIdle)));
        }
    }
}
