namespace MeshReady.Analyzers.Mesh;

/// <summary>
/// Facts about the injected istio-proxy that the analyzers, the generator and the manifest checker share.
/// Sources: istio/istio manifests/charts/istio-control/istio-discovery/files/injection-template.yaml and
/// tools/istio-iptables/pkg/constants/constants.go (UID/GID 1337, 1.6.0-1.30.3), tools/istio-iptables/pkg/capture/run.go
/// (<c>--uid-owner</c>/<c>--gid-owner</c> exemptions), pilot/pkg/networking/core/listener_address.go (1.10.0-1.30.3:
/// <c>InboundPassthroughBindIpv4/6</c>), pilot/cmd/pilot-agent/status/server.go (<c>/healthz/ready</c>, <c>/quitquitquit</c>).
/// </summary>
internal static class IstioProxy
{
    /// <summary>The proxy's UID: iptables exempts its traffic from capture (<c>--uid-owner</c>).</summary>
    public const long Uid = 1337;

    /// <summary>The proxy's GID: iptables exempts this group's traffic from capture too (<c>--gid-owner</c>).</summary>
    public const long Gid = 1337;

    /// <summary>Since 1.10 the sidecar connects to the app from this source address on IPv4 (TPROXY mode keeps the client's).</summary>
    public const string InboundSourceIPv4 = "127.0.0.6";

    /// <summary>The IPv6 inbound source: <c>::6</c>, which is not a loopback address.</summary>
    public const string InboundSourceIPv6 = "::6";

    /// <summary>pilot-agent's status port: <c>/healthz/ready</c>, <c>/quitquitquit</c>, merged metrics. Opens before Envoy.</summary>
    public const int StatusPort = 15020;

    /// <summary>Envoy's health port (<c>/healthz/ready</c>, answered by the agent); refuses connections until istiod has sent configuration.</summary>
    public const int HealthPort = 15021;

    /// <summary>Readiness path on pilot-agent's status port (<see cref="StatusPort"/>) and Envoy's health port (<see cref="HealthPort"/>).</summary>
    public const string ReadyPath = "/healthz/ready";

    /// <summary>pilot-agent's quit endpoint (POST) on its status port.</summary>
    public const string QuitPath = "/quitquitquit";

    /// <summary>Set by the injector on the pod: JSON naming the injected containers (<c>istio-proxy</c> under <c>initContainers</c> for a native sidecar).</summary>
    public const string StatusAnnotation = "sidecar.istio.io/status";

    /// <summary>
    /// The environment variable the generated <c>MeshProxy</c> reads <see cref="StatusAnnotation"/> from (the pod exposes it
    /// through the downward API); MeshReady's name, not Istio's. Empty: no sidecar was injected.
    /// </summary>
    public const string SidecarStatusVariable = "MESHREADY_SIDECAR_STATUS";

    /// <summary>Per-pod proxy configuration (<c>holdApplicationUntilProxyStarts</c>, <c>terminationDrainDuration</c>).</summary>
    public const string ProxyConfigAnnotation = "proxy.istio.io/config";

    /// <summary>The injected container's name.</summary>
    public const string ContainerName = "istio-proxy";
}
