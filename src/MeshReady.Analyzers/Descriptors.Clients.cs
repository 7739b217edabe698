using Microsoft.CodeAnalysis;

namespace MeshReady.Analyzers;

internal static partial class Descriptors
{
    public static readonly DiagnosticDescriptor Http10Request = Create(
        "MESH010",
        title: "Outbound request uses HTTP/1.0",
        messageFormat: "{0} sets HTTP/1.0: the Istio sidecar rejects HTTP/1.0 and answers '426 Upgrade Required'; use HttpVersion.Version11 (or leave the default)",
        Categories.Clients,
        DiagnosticSeverity.Warning,
        description: "Envoy's HTTP/1 codec accepts HTTP/1.1 and HTTP/2 only unless the mesh sets PILOT_HTTP10. "
            + "A request sent as HTTP/1.0 through the sidecar fails with '426 Upgrade Required' from 'istio-envoy'.");

    public static readonly DiagnosticDescriptor HopByHopHeader = Create(
        "MESH011",
        title: "Hop-by-hop header set by hand on an outbound request",
        messageFormat: "'{0}' is a hop-by-hop header: the sidecar strips or rewrites it, so it never reaches the destination and connection reuse is decided by Envoy; remove it",
        Categories.Clients,
        DiagnosticSeverity.Warning,
        description: "Connection, Keep-Alive and Proxy-Connection describe the hop between the application and the sidecar, not "
            + "the call to the destination. Envoy removes them, pools its own upstream connections, and on HTTP/1.0 keep-alive "
            + "combinations the request is rejected outright. Setting them by hand has no effect on the mesh path.");

    public static readonly DiagnosticDescriptor HostHeaderOverride = Create(
        "MESH012",
        title: "Host header overridden on an outbound request",
        messageFormat: "The Host header is set to {0}: the sidecar routes HTTP by Host, so the request goes to the service named there, not to the URL's host (404 'NR', 502 'block_all', or the wrong service); address the destination by name instead",
        Categories.Clients,
        DiagnosticSeverity.Warning,
        description: "For HTTP traffic Istio picks the route from the Host (authority) header. Overriding it sends the request "
            + "to whatever the header names, even when the URL points at another host or an IP.");
}
