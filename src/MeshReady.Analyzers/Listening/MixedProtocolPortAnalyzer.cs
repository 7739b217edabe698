using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using MeshReady.Analyzers.Infrastructure;
using MeshReady.Analyzers.Listening.Endpoints;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MeshReady.Analyzers.Listening;

/// <summary>
/// MESH003: an application that maps gRPC services serves HTTP/1.1 and HTTP/2 on a cleartext endpoint:
/// (a) an endpoint whose protocols are <c>Http1AndHttp2</c> without TLS (code, <c>ConfigureEndpointDefaults</c>,
/// appsettings <c>Protocols</c> or <c>EndpointDefaults</c>); (b) gRPC and REST endpoints mapped while no endpoint
/// anywhere is <c>Http2</c> or TLS (everything on Kestrel's cleartext default). Silent when any endpoint is
/// <c>Http2</c> only: gRPC has its own listener. Needs the whole compilation and
/// the appsettings files, so it reports at compilation end. Registers nothing without Grpc.AspNetCore.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class MixedProtocolPortAnalyzer : MeshAnalyzer
{
    private static readonly HashSet<string> RestMappings = new()
    {
        "MapGet", "MapPost", "MapPut", "MapDelete", "MapPatch", "MapMethods", "MapControllers", "MapControllerRoute",
        "MapDefaultControllerRoute", "MapRazorPages", "MapHealthChecks", "MapFallback", "MapHub",
    };

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.MixedProtocolPort);

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, MeshContext mesh)
    {
        var grpcExtensions = mesh.Types.Get("Microsoft.AspNetCore.Builder.GrpcEndpointRouteBuilderExtensions");
        var symbols = ListeningSymbols.Create(mesh.Types);
        if (grpcExtensions is null || !symbols.HasAny)
        {
            return;
        }

        var seen = new Collected();
        context.RegisterOperationAction(c => Collect(c, symbols, grpcExtensions, seen), OperationKind.Invocation);
        context.RegisterCompilationEndAction(c => Report(c, mesh, seen));
    }

    private static void Collect(OperationAnalysisContext context, ListeningSymbols symbols, INamedTypeSymbol grpcExtensions, Collected seen)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        var tree = invocation.Syntax.SyntaxTree;
        if (method.Name == "MapGrpcService" && SymbolEqualityComparer.Default.Equals(method.ContainingType, grpcExtensions))
        {
            seen.GrpcMappings.Add((invocation.Syntax.GetLocation(), tree));
            return;
        }

        if (method.Name is "UseGrpcWeb" or "EnableGrpcWeb")
        {
            seen.GrpcWeb = true;
            return;
        }

        if (RestMappings.Contains(method.Name) && method.ContainingNamespace?.ToDisplayString().StartsWith("Microsoft.AspNetCore", System.StringComparison.Ordinal) == true)
        {
            seen.RestMapped = true;
            return;
        }

        seen.Code.Add(invocation, symbols, context.CancellationToken);
    }

    private static void Report(CompilationAnalysisContext context, MeshContext mesh, Collected seen)
    {
        if (!seen.GrpcMappings.TryPeek(out var first) || !mesh.AppliesTo(first.Tree))
        {
            return;
        }

        var endpoints = new List<(ListeningEndpoint Endpoint, SyntaxTree? Tree)>();
        var defaultFiles = new List<EndpointFile>();
        foreach (var (endpoint, tree) in seen.Code.Endpoints)
        {
            endpoints.Add((endpoint, tree));
        }

        foreach (var file in mesh.AllEndpointFiles(context.CancellationToken))
        {
            if (file.Kind == EndpointFileKind.AppSettings && !file.DevelopmentOnly)
            {
                foreach (var endpoint in file.Endpoints)
                {
                    endpoints.Add((endpoint, null));
                }

                defaultFiles.Add(file);
            }
        }

        // gRPC on its own HTTP/2-only listener next to an Http1AndHttp2 one is the split this rule asks for.
        foreach (var (endpoint, _) in endpoints)
        {
            if (endpoint.Protocols == EndpointProtocols.Http2)
            {
                return;
            }
        }

        var reported = new HashSet<FileSpan>();
        var codeDefaultsTls = false;
        var defaultsHttp2 = false;
        foreach (var (defaults, location, _) in seen.Code.Defaults)
        {
            codeDefaultsTls |= defaults.Tls;
            defaultsHttp2 |= defaults.Protocols == EndpointProtocols.Http2;
            if (defaults.Protocols == EndpointProtocols.Http1AndHttp2 && !defaults.Tls)
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.MixedProtocolPort, defaults.ProtocolsSpan is { } span ? span.ToLocation(location.SourceTree) : location, "ConfigureEndpointDefaults sets Http1AndHttp2", "of every endpoint"));
                reported.Add(defaults.ProtocolsSpan ?? FileSpan.Of(location.SourceTree!, location.SourceSpan));
            }
        }

        foreach (var file in defaultFiles)
        {
            defaultsHttp2 |= file.DefaultProtocols == EndpointProtocols.Http2;
            if (file.DefaultProtocols == EndpointProtocols.Http1AndHttp2 && !codeDefaultsTls && file.DefaultProtocolsSpan is { } span && reported.Add(span))
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.MixedProtocolPort, span.ToLocation(), "Kestrel:EndpointDefaults:Protocols is Http1AndHttp2", "of every endpoint"));
            }
        }

        // (a) Explicit Http1AndHttp2 on a cleartext endpoint.
        foreach (var (endpoint, tree) in endpoints)
        {
            if (endpoint.Protocols == EndpointProtocols.Http1AndHttp2 && !endpoint.Tls && !codeDefaultsTls
                && endpoint.ProtocolsSpan is { } span && reported.Add(span))
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.MixedProtocolPort, span.ToLocation(tree), endpoint.Origin + " sets Http1AndHttp2", PortText(endpoint)));
            }
        }

        if (reported.Count > 0 || !seen.RestMapped || seen.GrpcWeb || codeDefaultsTls || defaultsHttp2)
        {
            return;
        }

        // (b) gRPC and REST mapped, and every endpoint is cleartext with Kestrel's default protocols.
        foreach (var (endpoint, _) in endpoints)
        {
            if (endpoint.Tls || endpoint.Protocols is not (EndpointProtocols.Default or EndpointProtocols.Http1AndHttp2))
            {
                return;
            }
        }

        var ports = endpoints.Count == 1 ? PortText(endpoints[0].Endpoint) : endpoints.Count == 0 ? "(the default endpoint)" : "on every endpoint";
        foreach (var (location, _) in seen.GrpcMappings)
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.MixedProtocolPort, location, "MapGrpcService next to REST endpoints with Kestrel's default protocols", ports));
        }
    }

    private static string PortText(ListeningEndpoint endpoint)
        => endpoint.Port?.ToString(CultureInfo.InvariantCulture) ?? "(computed at run time)";

    private sealed class Collected
    {
        public ConcurrentBag<(Location Location, SyntaxTree Tree)> GrpcMappings { get; } = new();

        public CodeEndpoints Code { get; } = new();

        public bool RestMapped { get; set; }

        public bool GrpcWeb { get; set; }
    }
}
