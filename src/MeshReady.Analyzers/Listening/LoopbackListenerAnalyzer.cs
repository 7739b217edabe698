using System.Collections.Immutable;
using MeshReady.Analyzers.Infrastructure;
using MeshReady.Analyzers.Listening.Endpoints;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MeshReady.Analyzers.Listening;

/// <summary>
/// MESH001: a listener bound to loopback only (<c>ListenLocalhost</c>, <c>IPAddress.Loopback</c>,
/// <c>http://localhost:…</c>, <c>127.0.0.1</c>, <c>[::1]</c>), in code, appsettings or the Dockerfile.
/// Silent in test and benchmark projects, in Development-only branches and in <c>appsettings.Development.json</c>;
/// raw socket and <c>HttpListener</c> servers count only in hosted programs (a console tool's OAuth
/// callback listener on localhost is not a meshed service).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LoopbackListenerAnalyzer : MeshAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.LoopbackListener);

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, MeshContext mesh)
    {
        var symbols = ListeningSymbols.Create(mesh.Types);
        var hosted = ProjectKind.IsHosted(mesh.Types);
        if (symbols.HasAny)
        {
            context.RegisterOperationAction(c => AnalyzeCode(c, mesh, symbols, hosted), OperationKind.Invocation, OperationKind.ObjectCreation);
        }

        context.RegisterAdditionalFileAction(c => AnalyzeFile(c, mesh));
    }

    private static void AnalyzeCode(OperationAnalysisContext context, MeshContext mesh, ListeningSymbols symbols, bool hosted)
    {
        var endpoints = ListeningEndpointReader.Read(context.Operation, symbols, context.CancellationToken);
        foreach (var endpoint in endpoints)
        {
            if (endpoint.HostKind != HostKind.Loopback
                || (!hosted && (endpoint.Protocols == EndpointProtocols.Tcp || endpoint.Origin == "HttpListener.Prefixes.Add"))
                || DevelopmentOnlyCode.Contains(context.Operation)
                || !mesh.AppliesTo(context.Operation.Syntax.SyntaxTree))
            {
                continue;
            }

            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.LoopbackListener,
                endpoint.AddressSpan.ToLocation(context.Operation.Syntax.SyntaxTree),
                endpoint.Origin,
                Describe(endpoint),
                Remedy(endpoint)));
        }
    }

    private static void AnalyzeFile(AdditionalFileAnalysisContext context, MeshContext mesh)
    {
        if (mesh.EndpointFileOf(context.AdditionalFile, context.CancellationToken) is not { DevelopmentOnly: false } file)
        {
            return;
        }

        foreach (var endpoint in file.Endpoints)
        {
            if (endpoint.HostKind == HostKind.Loopback && mesh.AppliesToProject)
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.LoopbackListener,
                    endpoint.AddressSpan.ToLocation(),
                    endpoint.Origin,
                    Describe(endpoint),
                    Remedy(endpoint)));
            }
        }
    }

    private static string Describe(ListeningEndpoint endpoint)
        => endpoint.Port is { } port ? "port " + port.ToString(System.Globalization.CultureInfo.InvariantCulture) : "its port";

    private static string Remedy(ListeningEndpoint endpoint)
    {
        var port = endpoint.Port?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "port";
        return endpoint.Origin switch
        {
            "ListenLocalhost" => "ListenAnyIP(" + port + ")",
            "Listen" or "new TcpListener" or "Socket.Bind" => "IPAddress.Any or IPAddress.IPv6Any",
            _ => endpoint.Scheme + "://+:" + port,
        };
    }
}
