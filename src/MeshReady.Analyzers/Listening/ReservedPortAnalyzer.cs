using System.Collections.Immutable;
using System.Globalization;
using MeshReady.Analyzers.Addressing.Destinations;
using MeshReady.Analyzers.Infrastructure;
using MeshReady.Analyzers.Listening.Endpoints;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MeshReady.Analyzers.Listening;

/// <summary>
/// MESH002: the application listens on a port the sidecar reserves (code, appsettings, Dockerfile ENV and
/// EXPOSE), or calls another pod's pod-local sidecar port (admin 15000, capture 15001/15006, ...).
/// Calls to loopback (the pod's own sidecar, as the readiness and quit helpers do) and to the metrics and
/// health ports are not flagged.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ReservedPortAnalyzer : MeshAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.ReservedPort);

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, KnownTypes types)
    {
        var listening = ListeningSymbols.Create(types);
        var destinations = DestinationSymbols.Create(types);
        context.RegisterOperationAction(c => AnalyzeCode(c, listening, destinations), OperationKind.Invocation, OperationKind.ObjectCreation);
        context.RegisterAdditionalFileAction(AnalyzeFile);
    }

    private void AnalyzeCode(OperationAnalysisContext context, ListeningSymbols listening, DestinationSymbols destinations)
    {
        var tree = context.Operation.Syntax.SyntaxTree;
        foreach (var endpoint in ListeningEndpointReader.Read(context.Operation, listening, context.CancellationToken))
        {
            if (ReservedPorts.UseOf(endpoint.Port) is { } use && AppliesTo(context.Options, tree))
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.ReservedPort, endpoint.PortSpan.ToLocation(tree), ListeningMessage(endpoint, use)));
            }
        }

        foreach (var destination in DestinationReader.Read(context.Operation, destinations, context.CancellationToken))
        {
            if (destination.Port is { } port
                && ReservedPorts.IsPodLocal(port)
                && destination.HostKind is DestinationHostKind.IPAddress or DestinationHostKind.Name
                && AppliesTo(context.Options, tree))
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.ReservedPort,
                    destination.Span.ToLocation(tree),
                    "Calling '" + destination.Host + "' on",
                    port.ToString(CultureInfo.InvariantCulture),
                    ReservedPorts.UseOf(port),
                    "that port belongs to the other pod's sidecar and is bound to its loopback or used by its capture rules, so the call is refused or loops; call the service's own port (or 127.0.0.1 for this pod's sidecar)"));
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
            if (ReservedPorts.UseOf(endpoint.Port) is { } use)
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.ReservedPort, endpoint.PortSpan.ToLocation(), ListeningMessage(endpoint, use)));
            }
        }
    }

    private static object[] ListeningMessage(ListeningEndpoint endpoint, string use)
        => new object[]
        {
            endpoint.Origin + " listens on",
            endpoint.Port!.Value.ToString(CultureInfo.InvariantCulture),
            use,
            "the application or the sidecar fails to bind it, or mesh traffic reaches the wrong listener; choose a port outside 15000-15090, such as 8080",
        };
}
