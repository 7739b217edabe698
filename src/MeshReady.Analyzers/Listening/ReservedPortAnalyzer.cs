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

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, MeshContext mesh)
    {
        var listening = ListeningSymbols.Create(mesh.Types);
        var destinations = DestinationSymbols.Create(mesh.Types);
        context.RegisterOperationAction(c => AnalyzeCode(c, mesh, listening, destinations), OperationKind.Invocation, OperationKind.ObjectCreation);
        context.RegisterAdditionalFileAction(c => AnalyzeFile(c, mesh));
    }

    private static void AnalyzeCode(OperationAnalysisContext context, MeshContext mesh, ListeningSymbols listening, DestinationSymbols destinations)
    {
        var tree = context.Operation.Syntax.SyntaxTree;
        foreach (var endpoint in ListeningEndpointReader.Read(context.Operation, listening, context.CancellationToken))
        {
            if (endpoint.Port is >= 15000 and <= 15090 && mesh.AppliesTo(tree)
                && Reserved(endpoint.Port, mesh.OptionsFor(tree)) is { } reserved)
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.ReservedPort, endpoint.PortSpan.ToLocation(tree), ListeningMessage(endpoint, reserved, mesh.OptionsFor(tree).DataPlane)));
            }
        }

        foreach (var destination in DestinationReader.Read(context.Operation, destinations, context.CancellationToken))
        {
            if (destination.Port is { } port
                && ReservedPorts.IsPodLocal(port)
                && destination.HostKind is DestinationHostKind.IPAddress or DestinationHostKind.Name
                && mesh.AppliesTo(tree)
                && Reserved(port, mesh.OptionsFor(tree)) is { } reserved)
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.ReservedPort,
                    destination.Location,
                    "Calling '" + destination.Host + "' on",
                    port.ToString(CultureInfo.InvariantCulture),
                    Owner(mesh.OptionsFor(tree).DataPlane),
                    reserved.Use,
                    reserved.Binding,
                    "that port belongs to the other pod's sidecar and is bound to its loopback or used by its capture rules, so the call is refused or loops; call the service's own port (or 127.0.0.1 for this pod's sidecar)"));
            }
        }
    }

    private void AnalyzeFile(AdditionalFileAnalysisContext context, MeshContext mesh)
    {
        var options = mesh.ProjectOptions;
        if (mesh.EndpointFileOf(context.AdditionalFile, context.CancellationToken) is not { DevelopmentOnly: false } file
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
