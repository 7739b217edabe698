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
        messageFormat: "{0} port {1}, which the Istio sidecar uses for {2}: {3}",
        Categories.Listening,
        DiagnosticSeverity.Warning,
        description: "The sidecar shares the pod's network namespace and binds 15000-15090 (admin, outbound and inbound capture, "
            + "HBONE, telemetry, health, DNS). An application that listens there fails to bind, or steals the sidecar's port; "
            + "calls to another pod's pod-local sidecar ports are refused or loop through the capture rules.");
}
