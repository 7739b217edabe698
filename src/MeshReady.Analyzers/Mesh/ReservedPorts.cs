using MeshReady.Analyzers.Infrastructure;

namespace MeshReady.Analyzers.Mesh;

/// <summary>
/// The ports Istio's data plane binds inside the application's pod, per data plane and release. Sources:
/// https://istio.io/latest/docs/ops/deployment/application-requirements/#ports-used-by-istio;
/// istio/istio pilot/pkg/model/listener.go (15008), pilot/pkg/model/context.go <c>EnableHBONEListen</c> (1.28.0),
/// tools/istio-iptables/pkg/constants/constants.go and pkg/validation/validator.go (15002, 15053), pilot/cmd/pilot-agent/options/options.go
/// <c>PROXY_XDS_DEBUG_VIA_AGENT_PORT</c> (15004, 1.11.0-1.24.x; removed in 1.25.0 by istio#54484);
/// istio/ztunnel src/config.rs (15001, 15006, 15008, 15053, 15080 in ambient pods).
/// </summary>
internal static class ReservedPorts
{
    /// <summary>Every port any data plane or release binds; <see cref="Find"/> narrows it down.</summary>
    private static readonly ReservedPort[] All =
    {
        new(15000, "the Envoy admin interface", Planes.Sidecar, null),
        new(15001, "outbound traffic capture", Planes.Both, null),
        new(15002, "the iptables failure-detection probe", Planes.Sidecar, "only while the istio-validation init container checks redirection (Istio CNI)"),
        new(15004, "pilot-agent's debug interface", Planes.Sidecar, null, IstioRelease.AgentDebugPort, IstioRelease.AgentDebugPortRemoved),
        new(15006, "inbound traffic capture", Planes.Both, null),
        new(15008, "the HBONE mTLS tunnel", Planes.Both, "on a sidecar only when it listens for HBONE (ambient interoperation, ENABLE_HBONE)"),
        new(IstioProxy.StatusPort, "pilot-agent's status endpoints and merged Prometheus metrics", Planes.Sidecar, null),
        new(IstioProxy.HealthPort, "the proxy's health check", Planes.Sidecar, null),
        new(15053, "the DNS proxy", Planes.Both, "only when DNS capture is on (ISTIO_META_DNS_CAPTURE; ztunnel's DNS proxy in ambient pods)"),
        new(15080, "ztunnel's SOCKS5 listener", Planes.Ambient, "only with ztunnel's UNSTABLE_ENABLE_SOCKS5"),
        new(15090, "Envoy's Prometheus telemetry", Planes.Sidecar, null),
    };

    /// <summary>pilot-agent's status port: <c>/healthz/ready</c>, <c>/quitquitquit</c>, merged metrics. Opens before Envoy.</summary>
    public const int AgentStatus = IstioProxy.StatusPort;

    /// <summary>Envoy's health listener (<c>/healthz/ready</c>); refuses connections until istiod has sent configuration.</summary>
    public const int EnvoyHealth = IstioProxy.HealthPort;

    /// <summary>
    /// The port's use when the data plane binds it in the pod at this release (always or sometimes); null when the
    /// application may use it. A data plane of <see cref="DataPlane.None"/> reserves nothing.
    /// </summary>
    public static ReservedPort? Find(int? port, DataPlane dataPlane, IstioRelease release)
    {
        if (port is not { } number || number < 15000 || number > 15090)
        {
            return null;
        }

        var plane = dataPlane switch
        {
            DataPlane.Sidecar or DataPlane.NativeSidecar => Planes.Sidecar,
            DataPlane.Ambient => Planes.Ambient,
            _ => Planes.None,
        };
        foreach (var reserved in All)
        {
            if (reserved.Port == number && (reserved.Planes & plane) != 0 && reserved.BoundAt(release))
            {
                return reserved;
            }
        }

        return null;
    }

    /// <summary>True when some data plane binds the port at some release: never a port to generate metadata for.</summary>
    public static bool IsReservedAnywhere(int port)
    {
        foreach (var reserved in All)
        {
            if (reserved.Port == port)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The agent's status and health ports: probes, scrapes and quit calls aimed at them are meant for the proxy.</summary>
    public static bool IsProxyStatusPort(int port) => port is AgentStatus or EnvoyHealth;

    /// <summary>
    /// Ports that make no sense as a destination on another pod: bound to the pod's loopback (admin, probe, debug,
    /// DNS) or capture/tunnel ports. 15020, 15021 and 15090 are left out: scraping metrics or health from them is legitimate.
    /// </summary>
    public static bool IsPodLocal(int port) => port is 15000 or 15001 or 15002 or 15004 or 15006 or 15008 or 15053;
}

/// <summary>Which data planes bind a reserved port.</summary>
[System.Flags]
internal enum Planes
{
    None = 0,
    Sidecar = 1,
    Ambient = 2,
    Both = Sidecar | Ambient,
}

/// <summary>One entry of <see cref="ReservedPorts"/>.</summary>
internal sealed class ReservedPort
{
    public ReservedPort(int port, string use, Planes planes, string? condition, IstioRelease? since = null, IstioRelease? until = null)
    {
        Port = port;
        Use = use;
        Planes = planes;
        Condition = condition;
        Since = since;
        Until = until;
    }

    public int Port { get; }

    /// <summary>What the data plane uses the port for, as a noun phrase.</summary>
    public string Use { get; }

    public Planes Planes { get; }

    /// <summary>When the port is bound only sometimes: the condition; null when it is always bound.</summary>
    public string? Condition { get; }

    /// <summary>First release that binds it, if not every release.</summary>
    public IstioRelease? Since { get; }

    /// <summary>First release that no longer binds it.</summary>
    public IstioRelease? Until { get; }

    public bool AlwaysBound => Condition is null;

    /// <summary>"always bound" or "bound only when …": the phrase messages use.</summary>
    public string Binding => Condition is null ? "always bound" : "bound " + Condition;

    public bool BoundAt(IstioRelease release)
        => (Since is not { } since || release >= since) && (Until is not { } until || release < until);
}
