using Microsoft.CodeAnalysis;

namespace MeshReady.Analyzers;

internal static partial class Descriptors
{
    public static readonly DiagnosticDescriptor PortNameConvention = Create(
        "MESH040",
        title: "Declared port name breaks Istio's '<protocol>[-<suffix>]' convention",
        messageFormat: "Port name '{0}' breaks Istio's '<protocol>[-<suffix>]' convention: {1}; without a valid name Istio sniffs the protocol (no L7 routing or metrics, server-first protocols hang, gRPC fails with 'protocol downgraded to HTTP/1.1'); rename it to '{2}' (the generated metadata already uses that name)",
        Categories.Ports,
        DiagnosticSeverity.Warning,
        description: "Istio selects a port's protocol from its appProtocol or from the port name's prefix (http, http2, grpc, grpc-web, "
            + "https, tcp, tls, mongo, mysql, redis, udp). A name that announces another protocol, or none, makes Istio proxy the port "
            + "the wrong way; Kubernetes rejects container port names longer than 15 characters or with characters other than "
            + "lower-case letters, digits and single hyphens.");

    public static readonly DiagnosticDescriptor UndeclaredPort = Create(
        "MESH041",
        title: "Service listens on a port its port metadata does not declare",
        messageFormat: "{0} listens on port {1}, which no [assembly: MeshPort] declares: its Istio name and protocol are only inferred ({2}), and a wrong guess means protocol sniffing or 'protocol downgraded to HTTP/1.1'; declare it with [assembly: MeshPort({1}, MeshProtocol.{3})]",
        Categories.Ports,
        DiagnosticSeverity.Info,
        description: "The generated port metadata (MeshPorts, the MeshReady.Port assembly metadata the manifest check reads) includes ports "
            + "found in the code, but their protocol is inferred from the Kestrel settings. Declaring the port states the protocol and "
            + "name the Kubernetes Service must use.");

    public static readonly DiagnosticDescriptor PortProtocolConflict = Create(
        "MESH042",
        title: "One port declared with two protocols",
        messageFormat: "Port {0} is already declared as {1} and is declared again as {2}: Istio cannot serve one port with two protocols (IST0116), so one of them fails (gRPC 'protocol downgraded to HTTP/1.1' or HTTP 503s); give each protocol its own port",
        Categories.Ports,
        DiagnosticSeverity.Warning,
        description: "Istio picks one protocol per port. A cleartext Kestrel port cannot serve HTTP/1.1 and HTTP/2 (gRPC) at once either: "
            + "without TLS there is no ALPN and Kestrel serves HTTP/1.1. Split the protocols over two ports.");

    public static readonly DiagnosticDescriptor InvalidMeshPort = Create(
        "MESH043",
        title: "Invalid [MeshPort] declaration",
        messageFormat: "This [MeshPort] is ignored: {0}",
        Categories.Ports,
        DiagnosticSeverity.Warning,
        description: "A [MeshPort] declaration that cannot describe a real port (port 0 or above 65535, an undefined protocol, an empty "
            + "name, or a port or name declared twice) is left out of MeshPorts and of the assembly metadata.");
}
