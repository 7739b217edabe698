using System.Collections.Immutable;
using System.Threading;
using MeshReady.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MeshReady.Analyzers.Clients;

/// <summary>
/// MESH012: the <c>Host</c> header of an outbound request is overridden (<c>Headers.Host = …</c>,
/// <c>DefaultRequestHeaders.Host = …</c>, <c>Headers.Add("Host", …)</c>). Clearing it (<c>= null</c>) is fine, and so is
/// forwarding the incoming request's own <c>Host</c> (a reverse proxy's job: the value comes from <c>HttpRequest.Host</c>
/// or the incoming headers), or a Host the proxy's operator configured per destination (YARP <c>DestinationConfig.Host</c>).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HostHeaderAnalyzer : MeshAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.HostHeaderOverride);

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, MeshContext mesh)
    {
        var http = HttpSymbols.Create(mesh.Types);
        if (http.HttpRequestHeaders is null)
        {
            return;
        }

        context.RegisterOperationAction(c => AnalyzeAssignment(c, mesh, http), OperationKind.SimpleAssignment);
        context.RegisterOperationAction(c => AnalyzeInvocation(c, mesh, http), OperationKind.Invocation);
    }

    private static void AnalyzeAssignment(OperationAnalysisContext context, MeshContext mesh, HttpSymbols http)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is IPropertyReferenceOperation { Property.Name: "Host" } target
            && SymbolEqualityComparer.Default.Equals(target.Property.ContainingType, http.HttpRequestHeaders)
            && !IsNull(assignment.Value))
        {
            Report(context, mesh, assignment.Syntax, assignment.Value);
        }
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, MeshContext mesh, HttpSymbols http)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (RequestHeaderWrite.From(invocation, http, context.CancellationToken) is { } write
            && write.Is("Host")
            && write.Value is { } value
            && !IsNull(value))
        {
            Report(context, mesh, invocation.Syntax, value);
        }
    }

    private static void Report(OperationAnalysisContext context, MeshContext mesh, SyntaxNode node, IOperation value)
    {
        if (ForwardsIncomingHost(value, context.CancellationToken) || !mesh.AppliesTo(node.SyntaxTree))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(Descriptors.HostHeaderOverride, node.GetLocation(), Describe(value, context.CancellationToken)));
    }

    private static string Describe(IOperation value, CancellationToken cancellationToken)
        => ValueTracking.ConstantString(value, cancellationToken) is { } text ? "'" + text + "'" : "a value computed at run time";

    /// <summary>
    /// The value is read from the request being served (<c>context.Request.Host</c>, <c>Request.Headers.Host</c>,
    /// <c>Request.Headers["Host"]</c>): a proxy passing the original Host on, which is what a gateway must do.
    /// </summary>
    private static bool ForwardsIncomingHost(IOperation value, CancellationToken cancellationToken)
    {
        var pending = new System.Collections.Generic.Stack<IOperation>();
        pending.Push(ValueTracking.Origin(value, cancellationToken));
        for (var budget = 0; pending.Count > 0 && budget < 64; budget++)
        {
            foreach (var part in pending.Pop().DescendantsAndSelf())
            {
                if (part is ILocalReferenceOperation && ValueTracking.Origin(part, cancellationToken) is { } origin && origin != part)
                {
                    // var originalHost = context.Request.Host.Value is { Length: > 0 } h ? h : null; … originalHost ?? configured
                    pending.Push(origin);
                }
                else if (part is IPropertyReferenceOperation { Property: { ContainingType: { } type } property } read
                    && (IsIncomingHost(read, property, type, cancellationToken) || IsConfiguredDestinationHost(property, type)))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool IsIncomingHost(IPropertyReferenceOperation read, IPropertySymbol property, INamedTypeSymbol type, CancellationToken cancellationToken)
        => type.ContainingNamespace?.ToDisplayString() == "Microsoft.AspNetCore.Http"
            && ((property.Name == "Host" && type.Name is "HttpRequest" or "IHeaderDictionary")
                || (property.IsIndexer && type.Name == "IHeaderDictionary" && read.Arguments.Length == 1
                    && ValueTracking.ConstantString(read.Arguments[0].Value, cancellationToken) is { } name
                    && (string.Equals(name, "Host", System.StringComparison.OrdinalIgnoreCase)
                        || string.Equals(name, "X-Forwarded-Host", System.StringComparison.OrdinalIgnoreCase))));

    /// <summary>YARP's per-destination <c>Host</c> setting: the operator chose it in the proxy's configuration.</summary>
    private static bool IsConfiguredDestinationHost(IPropertySymbol property, INamedTypeSymbol type)
        => property.Name == "Host" && type.Name == "DestinationConfig" && type.ContainingNamespace?.ToDisplayString() == "Yarp.ReverseProxy.Configuration";

    /// <summary>Null clears the override; an invalid (half-typed) value is not a decision yet. Neither is reported.</summary>
    private static bool IsNull(IOperation value)
        => ValueTracking.SkipConversions(value) is { ConstantValue: { HasValue: true, Value: null } } or IInvalidOperation;
}
