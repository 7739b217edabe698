using System.Collections.Generic;

namespace MeshReady.Analyzers.Listening;

/// <summary>The ports the Istio sidecar (and ztunnel, in ambient pods) binds inside the pod (P02).</summary>
internal static class ReservedPorts
{
    private static readonly Dictionary<int, string> Uses = new()
    {
        [15000] = "the Envoy admin interface",
        [15001] = "outbound traffic capture",
        [15002] = "the iptables failure-detection probe",
        [15004] = "the debug interface",
        [15006] = "inbound traffic capture",
        [15008] = "the HBONE mTLS tunnel",
        [15009] = "the HBONE plaintext tunnel (older releases)",
        [15020] = "merged Prometheus metrics and the agent's status endpoints",
        [15021] = "health checks",
        [15053] = "the DNS proxy",
        [15080] = "ztunnel's SOCKS5 listener in ambient pods",
        [15090] = "Envoy's Prometheus telemetry",
    };

    /// <summary>What the sidecar uses <paramref name="port"/> for, or null when it is free for the application.</summary>
    public static string? UseOf(int? port) => port is { } p && Uses.TryGetValue(p, out var use) ? use : null;

    /// <summary>
    /// Ports that make no sense as a destination on another pod: bound to the pod's loopback (admin, probe,
    /// debug, DNS) or capture/tunnel ports. 15020, 15021 and 15090 are left out: scraping metrics or health
    /// from them is legitimate.
    /// </summary>
    public static bool IsPodLocal(int port) => port is 15000 or 15001 or 15002 or 15004 or 15006 or 15008 or 15053;
}
