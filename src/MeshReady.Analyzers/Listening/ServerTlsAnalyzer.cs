using System.Collections.Immutable;
using MeshReady.Analyzers.Infrastructure;
using MeshReady.Analyzers.Listening.Endpoints;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MeshReady.Analyzers.Listening;

/// <summary>
/// MESH005: the service terminates TLS itself: TLS endpoints (<c>UseHttps</c> in listen options, <c>https://</c>
/// URLs, <c>HTTPS_PORTS</c>) in code, appsettings and the Dockerfile, plus <c>UseHttpsRedirection</c> and
/// <c>UseHsts</c>. Silent in test projects and Development-only code.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ServerTlsAnalyzer : MeshAnalyzer
{
    private const string ServeHttp = "serve plain HTTP to the sidecar and let the mesh's mTLS protect the traffic";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.ServerTls);

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, KnownTypes types)
    {
        if (ProjectKind.IsTestOrBenchmark(types, context.Options))
        {
            return;
        }

        var symbols = ListeningSymbols.Create(types);
        var redirection = types.Get("Microsoft.AspNetCore.Builder.HttpsPolicyBuilderExtensions");
        var hsts = types.Get("Microsoft.AspNetCore.Builder.HstsBuilderExtensions");
        if (symbols.HasAny || redirection is not null)
        {
            context.RegisterOperationAction(c => AnalyzeCode(c, symbols, redirection, hsts), OperationKind.Invocation);
        }

        context.RegisterAdditionalFileAction(AnalyzeFile);
    }

    private void AnalyzeCode(OperationAnalysisContext context, ListeningSymbols symbols, INamedTypeSymbol? redirection, INamedTypeSymbol? hsts)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var tree = invocation.Syntax.SyntaxTree;
        var type = invocation.TargetMethod.ContainingType;
        if ((invocation.TargetMethod.Name == "UseHttpsRedirection" && SymbolEqualityComparer.Default.Equals(type, redirection))
            || (invocation.TargetMethod.Name == "UseHsts" && SymbolEqualityComparer.Default.Equals(type, hsts)))
        {
            if (!DevelopmentOnlyCode.Contains(invocation) && AppliesTo(context.Options, tree))
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.ServerTls,
                    invocation.Syntax.GetLocation(),
                    invocation.TargetMethod.Name + " sends in-mesh callers to HTTPS",
                    "callers inside the mesh use plain http:// and get redirects they cannot follow; remove it, or run it only at the edge (ingress gateway)"));
            }

            return;
        }

        foreach (var endpoint in ListeningEndpointReader.Read(invocation, symbols, context.CancellationToken))
        {
            if (endpoint.Tls && endpoint.TlsSpan is { } span && !DevelopmentOnlyCode.Contains(invocation) && AppliesTo(context.Options, tree))
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.ServerTls, span.ToLocation(tree), endpoint.Origin + " serves HTTPS", ServeHttp));
            }
        }
    }

    private void AnalyzeFile(AdditionalFileAnalysisContext context)
    {
        if (EndpointFiles.Read(context.AdditionalFile, context.CancellationToken) is not { DevelopmentOnly: false } file
            || MeshOptions.ForProject(context.Options).Silences(MootUnder))
        {
            return;
        }

        foreach (var endpoint in file.Endpoints)
        {
            if (endpoint.Tls && endpoint.TlsSpan is { } span)
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.ServerTls, span.ToLocation(), endpoint.Origin + " serves HTTPS", ServeHttp));
            }
        }
    }
}
