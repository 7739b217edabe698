using Microsoft.CodeAnalysis;

namespace MeshReady.Analyzers;

internal static partial class Descriptors
{
    public static readonly DiagnosticDescriptor LoopbackCallerTrusted = Create(
        "MESH023",
        title: "Loopback caller treated as trusted",
        messageFormat: "{0} trusts callers whose address is loopback: behind an Istio sidecar every inbound request arrives from the proxy over loopback (127.0.0.6 since Istio 1.10, 127.0.0.1 before), so every caller in the mesh can pass this check; authorize by identity (AuthorizationPolicy, the mTLS peer principal) instead",
        Categories.Addressing,
        DiagnosticSeverity.Warning,
        description: "A sidecar in the default REDIRECT mode terminates the caller's connection and opens its own to the application. "
            + "Since Istio 1.10 every inbound cluster binds the source 127.0.0.6 (a loopback address) on IPv4 and ::6 (not a loopback "
            + "address) on IPv6; before 1.10 declared ports were forwarded from 127.0.0.1. HttpContext.Connection.RemoteIpAddress is then "
            + "loopback for every IPv4 request, so 'is the caller local?' checks grant local trust to the whole mesh. TPROXY interception "
            + "and ambient mode keep the caller's address.");

    public static readonly DiagnosticDescriptor InMeshTls = Create(
        "MESH013",
        title: "Application TLS towards an in-cluster service",
        messageFormat: "{0} towards in-cluster host '{1}': the sidecars already encrypt pod-to-pod traffic with mTLS, and TLS from the application hides the HTTP from Envoy (no retries, routing or HTTP metrics, one pod gets a whole connection's load); call it over http:// and let the mesh do TLS",
        Categories.Addressing,
        DiagnosticSeverity.Warning,
        description: "Inside the mesh the intended pattern is plaintext between the application and its sidecar, with mTLS between "
            + "sidecars. An https:// call to a Service name arrives at Envoy as opaque TLS, so Envoy proxies it at L4: HTTP routing, "
            + "retries, timeouts and telemetry are lost and the bytes are encrypted twice. Switching certificate validation off "
            + "to make that work hides the problem. External hosts are never flagged.");

    public static readonly DiagnosticDescriptor HardCodedIP = Create(
        "MESH020",
        title: "Hard-coded IP address used as a destination",
        messageFormat: "{0} calls IP address {1}: the sidecar routes by Service name, so a call to a pod or node IP bypasses Istio's routing, retries and telemetry (passthrough, refused by STRICT mTLS peers) and breaks when the pod moves; call the Service's DNS name instead",
        Categories.Addressing,
        DiagnosticSeverity.Info,
        description: "Istio matches outbound traffic by Service IP and port or by Host header. A literal pod or node IP goes to the "
            + "passthrough cluster: no mTLS, no routing rules, no retries, no telemetry, and REGISTRY_ONLY meshes drop it. Info by "
            + "default because an IP outside the cluster (an on-premises database) can be legitimate; list such addresses in "
            + "meshready.allowed_ips.");

    public static readonly DiagnosticDescriptor PodIPDestination = Create(
        "MESH021",
        title: "Pod IP from the Kubernetes API or DNS used as a destination",
        messageFormat: "{0} calls a pod address taken from {1}: traffic to a pod IP matches no Service route, so the sidecar sends it as passthrough (no mTLS, routing, retries or telemetry, and STRICT mTLS peers may reset it); call the Service name, or declare the ports on the headless Service",
        Categories.Addressing,
        DiagnosticSeverity.Info,
        description: "Istio routes outbound traffic by Service. Addresses read from V1Pod.Status.PodIP, Endpoints or EndpointSlices, "
            + "or resolved from a headless Service name, are pod IPs: connections to them leave through the passthrough cluster "
            + "(or, for headless Services, match only ports the Service declares), losing mTLS, routing rules, retries and "
            + "telemetry. Info by default: a DNS lookup of a ClusterIP Service returns the Service IP, which the mesh does route, "
            + "and the analyzer cannot tell which kind of Service a name is.");

    public static readonly DiagnosticDescriptor GrpcClientLoadBalancing = Create(
        "MESH022",
        title: "gRPC client-side load balancing bypasses the mesh",
        messageFormat: "{0} balances gRPC calls in the client: it resolves pod addresses and dials them directly, so the calls skip the mesh's per-request balancing, routing and retries (passthrough to pod IPs); call the Service name over http:// and let the sidecar balance each request",
        Categories.Addressing,
        DiagnosticSeverity.Info,
        description: "On HTTP/2 and gRPC ports the sidecar balances individual requests across the Service's pods. grpc-dotnet's "
            + "client-side balancing (dns:/// or static resolvers, round_robin) resolves a headless Service to pod IPs and opens "
            + "connections to them itself: that traffic matches no Service route, so it loses Istio's routing, retries and "
            + "telemetry. Info by default: without a sidecar (ambient without a waypoint) client-side balancing can be the right tool.");
}

