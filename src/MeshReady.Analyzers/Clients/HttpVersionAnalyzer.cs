using System.Collections.Immutable;
using MeshReady.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MeshReady.Analyzers.Clients;

/// <summary>
/// MESH010: an outbound request is configured as HTTP/1.0 (<c>HttpRequestMessage.Version</c>,
/// <c>HttpClient.DefaultRequestVersion</c>, <c>HttpWebRequest.ProtocolVersion</c>). Only writes count:
/// comparisons and server code that reads a request's version are never flagged.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HttpVersionAnalyzer : MeshAnalyzer
{
    /// <summary>Set on diagnostics whose value can be replaced in place by <c>HttpVersion.Version11</c>.</summary>
    public const string ReplaceableProperty = "Replaceable";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.Http10Request);

    // Ambient without a waypoint carries HTTP as L4 bytes: Envoy's HTTP/1 codec is not in the path.
    internal override DataPlanes MootUnder => DataPlanes.Ambient;

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, MeshContext mesh)
    {
        var http = HttpSymbols.Create(mesh.Types);
        if (!http.HasHttpClientStack || http.Version is null)
        {
            return;
        }

        context.RegisterOperationAction(c => AnalyzeAssignment(c, mesh, http), OperationKind.SimpleAssignment);
    }

    private static void AnalyzeAssignment(OperationAnalysisContext context, MeshContext mesh, HttpSymbols http)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is not IPropertyReferenceOperation { Property: var property }
            || !IsVersionSetting(property, http))
        {
            return;
        }

        if (!HttpVersions.IsHttp10(assignment.Value, http, context.CancellationToken, out var direct)
            || !mesh.AppliesTo(assignment.Syntax.SyntaxTree))
        {
            return;
        }

        var properties = direct
            ? ImmutableDictionary<string, string?>.Empty.Add(ReplaceableProperty, "true")
            : ImmutableDictionary<string, string?>.Empty;
        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.Http10Request,
            assignment.Value.Syntax.GetLocation(),
            properties,
            property.ContainingType.Name + "." + property.Name));
    }

    private static bool IsVersionSetting(IPropertySymbol property, HttpSymbols http)
    {
        var owner = property.ContainingType?.OriginalDefinition;
        return property.Name switch
        {
            "Version" => SymbolEqualityComparer.Default.Equals(owner, http.HttpRequestMessage),
            "DefaultRequestVersion" => SymbolEqualityComparer.Default.Equals(owner, http.HttpClient),
            "ProtocolVersion" => SymbolEqualityComparer.Default.Equals(owner, http.HttpWebRequest),
            _ => false,
        };
    }
}
