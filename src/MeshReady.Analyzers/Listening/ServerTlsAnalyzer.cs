using System.Collections.Concurrent;
using System.Collections.Immutable;
using MeshReady.Analyzers.Infrastructure;
using MeshReady.Analyzers.Listening.Endpoints;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MeshReady.Analyzers.Listening;

/// <summary>
/// MESH005: the service terminates TLS itself: TLS endpoints (<c>UseHttps</c> in listen options, <c>https://</c>
/// URLs, <c>HTTPS_PORTS</c>) in code, appsettings and the Dockerfile, plus <c>UseHttpsRedirection</c> when it has an
/// HTTPS port to redirect to. <c>UseHsts</c> is not reported: it only adds a header to HTTPS responses, so on the
/// plaintext in-mesh hop it does nothing. Silent in Development-only code and on loopback listeners, which the sidecar never
/// reaches (MESH001).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ServerTlsAnalyzer : MeshAnalyzer
{
    private const string ServeHttp = "serve plain HTTP to the sidecar and let the mesh's mTLS protect the traffic";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.ServerTls);

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, MeshContext mesh)
    {
        var symbols = ListeningSymbols.Create(mesh.Types);
        var redirection = mesh.Types.Get("Microsoft.AspNetCore.Builder.HttpsPolicyBuilderExtensions");
        var redirectionOptions = mesh.Types.Get("Microsoft.AspNetCore.HttpsPolicy.HttpsRedirectionOptions");
        var seen = new Redirections();
        if (symbols.HasAny || redirection is not null)
        {
            context.RegisterOperationAction(c => AnalyzeCode(c, mesh, symbols, redirection, seen), OperationKind.Invocation);
        }

        if (redirection is not null)
        {
            context.RegisterOperationAction(c => NoteHttpsPort(c, redirectionOptions, seen), OperationKind.SimpleAssignment);
            context.RegisterCompilationEndAction(c => ReportRedirections(c, mesh, seen));
        }

        context.RegisterAdditionalFileAction(c => AnalyzeFile(c, mesh));
    }

    private static void AnalyzeCode(OperationAnalysisContext context, MeshContext mesh, ListeningSymbols symbols, INamedTypeSymbol? redirection, Redirections seen)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var tree = invocation.Syntax.SyntaxTree;
        if (invocation.TargetMethod.Name == "UseHttpsRedirection" && SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType, redirection))
        {
            if (!DevelopmentOnlyCode.Contains(invocation) && mesh.AppliesTo(tree))
            {
                seen.Calls.Add(invocation.Syntax.GetLocation());
            }

            return;
        }

        if (invocation.TargetMethod.Name == "UseSetting" && invocation.Arguments.Length == 2
            && ValueTracking.ConstantString(invocation.Arguments[0].Value, context.CancellationToken) is { } key
            && (string.Equals(key, "https_port", System.StringComparison.OrdinalIgnoreCase) || string.Equals(key, "ANCM_HTTPS_PORT", System.StringComparison.OrdinalIgnoreCase)))
        {
            seen.HttpsPortKnown = true;
            return;
        }

        foreach (var endpoint in ListeningEndpointReader.Read(invocation, symbols, context.CancellationToken))
        {
            if (endpoint.Tls && endpoint.TlsSpan is { } span && !DevelopmentOnlyCode.Contains(invocation) && mesh.AppliesTo(tree))
            {
                seen.HttpsPortKnown = true;
                if (endpoint.HostKind == HostKind.Loopback)
                {
                    // The sidecar never delivers to a loopback listener (MESH001 says so); there is no TLS for it to see.
                    continue;
                }

                context.ReportDiagnostic(Diagnostic.Create(Descriptors.ServerTls, span.ToLocation(tree), endpoint.Origin + " serves HTTPS", ServeHttp));
            }
        }
    }

    /// <summary><c>HttpsRedirectionOptions.HttpsPort = …</c> (in <c>AddHttpsRedirection</c>) gives the middleware its port.</summary>
    private static void NoteHttpsPort(OperationAnalysisContext context, INamedTypeSymbol? options, Redirections seen)
    {
        if (((ISimpleAssignmentOperation)context.Operation).Target is IPropertyReferenceOperation { Property: { Name: "HttpsPort" } property }
            && SymbolEqualityComparer.Default.Equals(property.ContainingType, options)
            && !DevelopmentOnlyCode.Contains(context.Operation))
        {
            seen.HttpsPortKnown = true;
        }
    }

    /// <summary>
    /// <c>UseHttpsRedirection</c> redirects only when it finds an HTTPS port (its options, <c>https_port</c>/<c>HTTPS_PORT</c>
    /// configuration, or an https server address); without one it logs a warning and passes requests through.
    /// </summary>
    private static void ReportRedirections(CompilationAnalysisContext context, MeshContext mesh, Redirections seen)
    {
        if (seen.Calls.IsEmpty)
        {
            return;
        }

        var known = seen.HttpsPortKnown;
        foreach (var file in mesh.AllEndpointFiles(context.CancellationToken))
        {
            if (file.DevelopmentOnly)
            {
                continue;
            }

            known |= file.DeclaresHttpsPort;
            foreach (var endpoint in file.Endpoints)
            {
                known |= endpoint.Tls;
            }
        }

        if (!known)
        {
            return;
        }

        foreach (var location in seen.Calls)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.ServerTls,
                location,
                "UseHttpsRedirection sends in-mesh callers to HTTPS",
                "callers inside the mesh use plain http:// and get redirects they cannot follow; remove it, or run it only at the edge (ingress gateway)"));
        }
    }

    private static void AnalyzeFile(AdditionalFileAnalysisContext context, MeshContext mesh)
    {
        if (mesh.EndpointFileOf(context.AdditionalFile, context.CancellationToken) is not { DevelopmentOnly: false } file
            || !mesh.AppliesToProject)
        {
            return;
        }

        foreach (var endpoint in file.Endpoints)
        {
            if (endpoint.Tls && endpoint.TlsSpan is { } span && endpoint.HostKind != HostKind.Loopback)
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.ServerTls, span.ToLocation(), endpoint.Origin + " serves HTTPS", ServeHttp));
            }
        }
    }

    private sealed class Redirections
    {
        public ConcurrentBag<Location> Calls { get; } = new();

        public bool HttpsPortKnown { get; set; }
    }
}
