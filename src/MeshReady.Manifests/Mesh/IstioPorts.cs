using System.Collections.Generic;
using MeshReady.Analyzers.Infrastructure;

namespace MeshReady.Manifests.Mesh;

/// <summary>Ports the Istio data plane binds inside the application's pod (P02).</summary>
internal static class IstioPorts
{
    // Sidecar: Envoy admin, outbound, iptables probe, debug, inbound, HBONE, legacy H2C HBONE, agent/telemetry,
    // health, DNS proxy, Envoy Prometheus (istio.io application requirements; 15009 from older releases).
    private static readonly HashSet<int> Sidecar = [15000, 15001, 15002, 15004, 15006, 15008, 15009, 15020, 15021, 15053, 15090];

    // Ambient: ztunnel opens inbound, outbound and HBONE listeners in every ambient pod, plus SOCKS5 on loopback.
    private static readonly HashSet<int> Ambient = [15001, 15006, 15008, 15080];

    /// <summary>The agent's status and health ports: probes and quit calls aimed at them are meant for the proxy.</summary>
    public static bool IsProxyStatusPort(int port) => port is 15020 or 15021;

    public static bool IsReserved(int port, DataPlane dataPlane) => dataPlane switch
    {
        DataPlane.Sidecar or DataPlane.NativeSidecar => Sidecar.Contains(port),
        DataPlane.Ambient => Ambient.Contains(port),
        _ => false,
    };
}
