using Microsoft.CodeAnalysis;

namespace MeshReady.Analyzers;

internal static partial class Descriptors
{
    public static readonly DiagnosticDescriptor LoopbackListener = Create(
        "MESH001",
        title: "Server listens only on loopback",
        messageFormat: "{0} binds {1} to loopback only: since Istio 1.10 the sidecar forwards inbound traffic to the pod IP, so callers in other pods get connection resets or '503 UF'; listen on all interfaces ({2})",
        Categories.Listening,
        DiagnosticSeverity.Warning,
        description: "Since Istio 1.10 (inbound passthrough) the sidecar delivers inbound traffic to the application on the pod IP, "
            + "as plain Kubernetes does. A server bound to localhost, 127.0.0.1 or ::1 is unreachable from other pods even though "
            + "its port is in the Service; it still looks healthy from inside its own pod.");

    public static readonly DiagnosticDescriptor ReservedPort = Create(
        "MESH002",
        title: "Istio-reserved port used by the application",
        messageFormat: "{0} port {1}, which {2} uses for {3} ({4}): {5}",
        Categories.Listening,
        DiagnosticSeverity.Warning,
        description: "The sidecar (or ztunnel, in ambient pods) shares the pod's network namespace and binds ports in 15000-15090 "
            + "(admin, outbound and inbound capture, HBONE, telemetry, health, DNS); which ones depends on the data plane and the "
            + "Istio release (meshready.data_plane, meshready.istio_version). An application that listens there fails to bind, "
            + "or steals the proxy's port; calls to another pod's pod-local sidecar ports are refused or loop through the capture rules.");

    public static readonly DiagnosticDescriptor MixedProtocolPort = Create(
        "MESH003",
        title: "gRPC and HTTP/1.1 share one cleartext port",
        messageFormat: "{0}: gRPC and HTTP/1.1 share cleartext port {1}, where Kestrel cannot negotiate HTTP/2 and serves HTTP/1.1 only, so gRPC calls fail ('Response protocol downgraded to HTTP/1.1'), and Istio gives a port one protocol; serve REST on an Http1 port and gRPC on a separate Http2 port",
        Categories.Listening,
        DiagnosticSeverity.Warning,
        description: "Kestrel's Http1AndHttp2 (also its default) negotiates HTTP/2 through TLS ALPN. Inside the mesh the application "
            + "port is plaintext, so such an endpoint speaks HTTP/1.1 only and gRPC clients fail on it. Istio also selects one "
            + "protocol per Service port. Give REST an Http1 endpoint and gRPC an Http2 endpoint, named http-... and grpc-....",
        customTags: WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor ServerTls = Create(
        "MESH005",
        title: "Service terminates TLS itself inside the mesh",
        messageFormat: "{0}: inside the mesh the sidecar then sees opaque TLS (no HTTP routing, retries or metrics for this port) and traffic is encrypted twice under mTLS; {1}",
        Categories.Listening,
        DiagnosticSeverity.Info,
        description: "With Istio the hop between the sidecar and the application is meant to be plaintext; the sidecars encrypt "
            + "pod-to-pod traffic with mTLS. A TLS endpoint in the application makes its port https/tls to Istio, which then "
            + "proxies it at L4. HTTPS redirection with a known HTTPS port sends in-mesh callers to a port they do not use. Info by "
            + "default: compliance-driven end-to-end TLS is a deliberate choice.",
        customTags: WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor ServerFirstProtocol = Create(
        "MESH004",
        title: "Server-first protocol on a port Istio sniffs",
        messageFormat: "The connection accepted here is written to before anything is read from it (a server-first protocol): the sidecar waits for the client's first bytes to detect the protocol and, under PERMISSIVE mTLS, whether they are TLS, so the connection hangs until the client times out; declare the Service port as TCP (name 'tcp-…' or appProtocol: tcp; Istio's TCP default for 25, 53, 3306 and 27017 goes by the Service port, not the port the code listens on) and set a STRICT or DISABLE PeerAuthentication for the port (under PERMISSIVE, clients without a sidecar still hang)",
        Categories.Listening,
        DiagnosticSeverity.Info,
        description: "The sidecar reads the client's first bytes twice over: to choose HTTP or TCP for a Service port without a declared "
            + "protocol, and, under PERMISSIVE mTLS (Istio's default), to tell mTLS from plaintext on every port, TCP ones included. "
            + "With a server-first protocol (SMTP or FTP banners, a MySQL greeting, any custom 'hello' on connect) a plaintext client "
            + "waits for the server and the proxy waits for the client; since Istio 1.8 there is no detection timeout, so the "
            + "connection hangs. Istio assumes TCP for Service ports 25, 53, 3306 and 27017, whatever port the pod listens on. "
            + "The fix is a TCP port declaration plus a STRICT or DISABLE PeerAuthentication for the port; Info by default, because both "
            + "live in manifests the code cannot see.");

    public static readonly DiagnosticDescriptor CleartextHttp2Scheme = Create(
        "MESH006",
        title: "Cleartext HTTP/2 endpoint rejects requests forwarded with :scheme https",
        messageFormat: "{0}: port {1} serves HTTP/2 without TLS, where Kestrel resets every request whose :scheme is 'https' (PROTOCOL_ERROR) unless AllowAlternateSchemes is true; since Istio 1.10 Envoy forwards the original :scheme, so calls that entered over HTTPS (a TLS-terminating gateway) fail with '503 UR' or gRPC Unavailable ('reset reason: remote reset'); set KestrelServerOptions.AllowAlternateSchemes = true",
        Categories.Listening,
        DiagnosticSeverity.Info,
        description: "Kestrel requires an HTTP/2 request's :scheme to match the connection: 'http' on a cleartext endpoint. Envoy "
            + "(Istio 1.10 and later) forwards the :scheme the request arrived with, so a request that reached an ingress "
            + "gateway over HTTPS reaches the application's cleartext HTTP/2 (h2c, gRPC) port with :scheme 'https' and is reset. "
            + "KestrelServerOptions.AllowAlternateSchemes (ASP.NET Core 6.0+) accepts it. Info by default: only traffic that "
            + "entered over TLS is affected, and whether the service is exposed that way is not in the code.",
        customTags: WellKnownDiagnosticTags.CompilationEnd);
}
