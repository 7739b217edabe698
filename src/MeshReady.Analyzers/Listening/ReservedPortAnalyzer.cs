using System.Collections.Immutable;
using System.Globalization;
using MeshReady.Analyzers.Addressing.Destinations;
using MeshReady.Analyzers.Infrastructure;
using MeshReady.Analyzers.Listening.Endpoints;
using MeshReady.Analyzers.Mesh;
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
            if (endpoint.Port is >= 15000 and <= 15090 && AppliesTo(context.Options, tree)
                && Reserved(endpoint.Port, MeshOptions.For(context.Options, tree)) is { } reserved)
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.ReservedPort, endpoint.PortSpan.ToLocation(tree), ListeningMessage(endpoint, reserved, MeshOptions.For(context.Options, tree).DataPlane)));
            }
        }

        foreach (var destination in DestinationReader.Read(context.Operation, destinations, context.CancellationToken))
        {
            if (destination.Port is { } port
                && ReservedPorts.IsPodLocal(port)
                && destination.HostKind is DestinationHostKind.IPAddress or DestinationHostKind.Name
                && AppliesTo(context.Options, tree)
                && Reserved(port, MeshOptions.For(context.Options, tree)) is { } reserved)
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.ReservedPort,
                    destination.Span.ToLocation(tree),
                    "Calling '" + destination.Host + "' on",
                    port.ToString(CultureInfo.InvariantCulture),
                    Owner(MeshOptions.For(context.Options, tree).DataPlane),
                    reserved.Use,
                    reserved.Binding,
                    "that port belongs to the other pod's sidecar and is bound to its loopback or used by its capture rules, so the call is refused or loops; call the service's own port (or 127.0.0.1 for this pod's sidecar)"));
            }
        }
    }

    private void AnalyzeFile(AdditionalFileAnalysisContext context)
    {
        var options = MeshOptions.ForProject(context.Options);
        if (EndpointFiles.Read(context.AdditionalFile, context.CancellationToken) is not { DevelopmentOnly: false } file
            || options.Silences(MootUnder))
        {
            return;
        }

        foreach (var endpoint in file.Endpoints)
        {
            if (Reserved(endpoint.Port, options) is { } reserved)
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.ReservedPort, endpoint.PortSpan.ToLocation(), ListeningMessage(endpoint, reserved, options.DataPlane)));
            }
        }
    }

    private static ReservedPort? Reserved(int? port, MeshOptions options) => ReservedPorts.Find(port, options.DataPlane, options.IstioRelease);

    private static string Owner(DataPlane plane) => plane == DataPlane.Ambient ? "ztunnel (ambient mode)" : "the Istio sidecar";

    private static object[] ListeningMessage(ListeningEndpoint endpoint, ReservedPort reserved, DataPlane plane)
        => new object[]
        {
            endpoint.Origin + " listens on",
            endpoint.Port!.Value.ToString(CultureInfo.InvariantCulture),
            Owner(plane),
            reserved.Use,
            reserved.Binding,
            "the application or the proxy fails to bind it, or mesh traffic reaches the wrong listener; choose a port outside 15000-15090, such as 8080",
        };
}
