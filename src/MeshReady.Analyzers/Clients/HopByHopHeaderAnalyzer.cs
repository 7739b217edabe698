using System;
using System.Collections.Immutable;
using System.Threading;
using MeshReady.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MeshReady.Analyzers.Clients;

/// <summary>
/// MESH011: hop-by-hop headers set by hand on outbound requests: <c>Connection: keep-alive|close</c>,
/// <c>Keep-Alive</c>, <c>Proxy-Connection</c> (through <c>Add</c>/<c>TryAddWithoutValidation</c>,
/// <c>Headers.Connection.Add</c>, <c>Headers.ConnectionClose = true</c>), and
/// <c>HttpWebRequest.KeepAlive = true</c> on a request that is also set to HTTP/1.0.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HopByHopHeaderAnalyzer : MeshAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.HopByHopHeader);

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, MeshContext mesh)
    {
        var http = HttpSymbols.Create(mesh.Types);
        if (!http.HasHttpClientStack)
        {
            return;
        }

        if (http.HttpRequestHeaders is not null)
        {
            context.RegisterOperationAction(c => AnalyzeInvocation(c, mesh, http), OperationKind.Invocation);
        }

        context.RegisterOperationAction(c => AnalyzeAssignment(c, mesh, http), OperationKind.SimpleAssignment);
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, MeshContext mesh, HttpSymbols http)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var header = HeaderAdded(invocation, http, context.CancellationToken);
        if (header is not null && mesh.AppliesTo(invocation.Syntax.SyntaxTree))
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.HopByHopHeader, invocation.Syntax.GetLocation(), header));
        }
    }

    private static string? HeaderAdded(IInvocationOperation invocation, HttpSymbols http, CancellationToken cancellationToken)
    {
        if (RequestHeaderWrite.From(invocation, http, cancellationToken) is { } write)
        {
            if (write.Is("Keep-Alive") || write.Is("Proxy-Connection"))
            {
                return write.Name.Trim();
            }

            if (write.Is("Connection")
                && write.Value is not null
                && ValueTracking.ConstantString(write.Value, cancellationToken) is { } value
                && IsKeepAliveOrClose(value))
            {
                return "Connection: " + value.Trim();
            }

            return null;
        }

        // request.Headers.Connection.Add("keep-alive"): the typed Connection collection of request headers.
        if (invocation.TargetMethod.Name == "Add"
            && invocation.Arguments.Length == 1
            && invocation.Instance is IPropertyReferenceOperation { Property.Name: "Connection" } connection
            && SymbolEqualityComparer.Default.Equals(connection.Property.ContainingType, http.HttpRequestHeaders)
            && ValueTracking.ConstantString(invocation.Arguments[0].Value, cancellationToken) is { } token
            && IsKeepAliveOrClose(token))
        {
            return "Connection: " + token.Trim();
        }

        return null;
    }

    private static void AnalyzeAssignment(OperationAnalysisContext context, MeshContext mesh, HttpSymbols http)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;

        // Cheap symbol checks first: following the value (which may walk the body) only for the two properties.
        if (assignment.Target is not IPropertyReferenceOperation target
            || !(IsProperty(target, "ConnectionClose", http.HttpRequestHeaders) || IsProperty(target, "KeepAlive", http.HttpWebRequest))
            || ValueTracking.Origin(assignment.Value, context.CancellationToken).ConstantValue is not { HasValue: true, Value: true })
        {
            return;
        }

        string? header = null;
        if (target.Property.Name == "ConnectionClose")
        {
            header = "Connection: close";
        }
        else if (target.Instance is ILocalReferenceOperation request
            && IsSetToHttp10(assignment, request.Local, http, context.CancellationToken))
        {
            header = "Connection: keep-alive";
        }

        if (header is not null && mesh.AppliesTo(assignment.Syntax.SyntaxTree))
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.HopByHopHeader, assignment.Syntax.GetLocation(), header));
        }
    }

    private static bool IsProperty(IPropertyReferenceOperation target, string name, INamedTypeSymbol? owner)
        => target.Property.Name == name && SymbolEqualityComparer.Default.Equals(target.Property.ContainingType, owner);

    /// <summary>True when the same body sets <paramref name="request"/>'s <c>ProtocolVersion</c> to 1.0.</summary>
    private static bool IsSetToHttp10(IOperation near, ILocalSymbol request, HttpSymbols http, CancellationToken cancellationToken)
    {
        var root = near;
        while (root.Parent is not null)
        {
            root = root.Parent;
        }

        foreach (var descendant in root.Descendants())
        {
            if (descendant is ISimpleAssignmentOperation
                {
                    Target: IPropertyReferenceOperation { Property.Name: "ProtocolVersion", Instance: ILocalReferenceOperation owner },
                } versionAssignment
                && SymbolEqualityComparer.Default.Equals(owner.Local, request)
                && HttpVersions.IsHttp10(versionAssignment.Value, http, cancellationToken, out _))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsKeepAliveOrClose(string value)
    {
        foreach (var part in value.Split(','))
        {
            var token = part.Trim();
            if (token.Equals("keep-alive", StringComparison.OrdinalIgnoreCase) || token.Equals("close", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
