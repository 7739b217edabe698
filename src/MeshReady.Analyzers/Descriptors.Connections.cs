using Microsoft.CodeAnalysis;

namespace MeshReady.Analyzers;

internal static partial class Descriptors
{
    public static readonly DiagnosticDescriptor PoolIdleTimeoutAtOrAboveMeshIdle = Create(
        "MESH014",
        title: "Client pool keeps idle connections as long as the mesh's idle timeout or longer",
        messageFormat: "{0} keeps idle pooled connections for {1}, not shorter than the sidecar's idle timeout ({2}): Envoy closes the connection first and the next request on it fails with 'connection reset' (HttpRequestException/IOException); keep it well below {2} (the .NET default is 60 s)",
        Categories.Clients,
        DiagnosticSeverity.Warning,
        description: "The application's connections end at its own sidecar, whose idle timeout is 1 h unless the mesh changed it "
            + "(ISTIO_META_IDLE_TIMEOUT, 'meshready.idle_timeout'). A client pool that keeps idle connections at least that long "
            + "races Envoy's close and reuses a connection that is being torn down.");

    public static readonly DiagnosticDescriptor KestrelKeepAliveBelowMeshIdle = Create(
        "MESH015",
        title: "Kestrel keep-alive timeout shorter than the mesh's upstream idle timeout",
        messageFormat: "Kestrel's KeepAliveTimeout is {0}, shorter than the sidecar's upstream idle timeout ({1}): the sidecar can send a request on a connection Kestrel is closing and the caller gets '503 UC' (upstream connect error or disconnect/reset before headers); raise it above {1}, or set a DestinationRule/Sidecar connectionPool.http.idleTimeout below {0} (Istio 1.24 and later retry requests reset before they reached the app, which hides most of these)",
        Categories.Listening,
        DiagnosticSeverity.Info,
        description: "The receiving sidecar pools connections to the application and keeps them for 1 h. When Kestrel closes an idle "
            + "connection first, a request the sidecar sends at that moment is reset (503 'UC'). The race is rare and bursty; "
            + "whether it matters depends on the mesh version and DestinationRules, so this rule is informational. Kestrel's "
            + "default (130 s) is reported only for meshes older than Istio 1.24 (meshready.istio_version), which do not retry "
            + "inbound requests reset before they reached the application.",
        customTags: WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor StreamKeepAliveDisabled = Create(
        "MESH016",
        title: "WebSocket keep-alive disabled or longer than the mesh's idle timeout",
        messageFormat: "{0} is {1}: an idle WebSocket sends nothing for longer than the mesh's idle timeout ({2}), so a TCP-proxied port, a gateway or a NAT closes it silently and the peer learns only on its next send; use an interval well below {2}, such as 30 s",
        Categories.Clients,
        DiagnosticSeverity.Warning,
        description: "Envoy's TCP idle timeout (1 h) cuts connections that carry no bytes; gateways and NATs on the way are often "
            + "shorter. WebSocket keep-alive pings keep the connection visibly alive; turning them off lets quiet streams die.");

    public static readonly DiagnosticDescriptor RetriesStackedOnMeshRetries = Create(
        "MESH017",
        title: "Client retries stacked on the mesh's retries",
        messageFormat: "{0} retries calls to the in-mesh host '{1}', which the Istio sidecar already retries (2 retries, so 3 attempts, by default): attempts multiply (the standard resilience handler's 3 retries are 4 attempts, × 3 = up to 12 per call and hop) and a non-idempotent request can run several times; retry in one layer only (or set VirtualService retries.attempts: 0 for this host)",
        Categories.Clients,
        DiagnosticSeverity.Info,
        description: "Istio retries outbound HTTP requests on connection failures, refused streams and gRPC UNAVAILABLE by default. "
            + "Application retries on top multiply the attempts per logical call at every hop.",
        isEnabledByDefault: false);
}
