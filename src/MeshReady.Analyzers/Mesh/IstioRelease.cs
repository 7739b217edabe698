using System;
using System.Globalization;

namespace MeshReady.Analyzers.Mesh;

/// <summary>
/// An Istio minor release (<c>meshready.istio_version</c> / <c>MeshReadyIstioVersion</c>). Advice that changed across
/// releases compares against these; the releases named here are the ones whose source the facts were checked at.
/// </summary>
internal readonly struct IstioRelease : IEquatable<IstioRelease>, IComparable<IstioRelease>
{
    public IstioRelease(int major, int minor)
    {
        Major = major;
        Minor = minor;
    }

    /// <summary>1.10: inbound clusters bind 127.0.0.6 (<c>::6</c>) and forward to the pod IP's port, not to localhost.</summary>
    public static IstioRelease InboundPassthrough => new(1, 10);

    /// <summary>1.11 to 1.24: pilot-agent serves istiod's debug API on 15004 (<c>PROXY_XDS_DEBUG_VIA_AGENT</c>, default on).</summary>
    public static IstioRelease AgentDebugPort => new(1, 11);

    /// <summary>1.19: Kubernetes' standard <c>appProtocol</c> values (<c>kubernetes.io/h2c</c>, <c>/ws</c>, <c>/wss</c>) are read (pkg/config/kube/conversion.go; absent at 1.18.0).</summary>
    public static IstioRelease KubernetesAppProtocols => new(1, 19);

    /// <summary>1.19: istiod can inject native (Kubernetes SidecarContainers) sidecars, opt-in with <c>ENABLE_NATIVE_SIDECARS=true</c>.</summary>
    public static IstioRelease NativeSidecars => new(1, 19);

    /// <summary>1.24: the injector reads the pod annotation <c>sidecar.istio.io/nativeSidecar</c> (pkg/kube/inject/inject.go; absent at 1.23.0).</summary>
    public static IstioRelease NativeSidecarAnnotation => new(1, 24);

    /// <summary>1.24: inbound connection failures are retried (<c>ENABLE_INBOUND_RETRY_POLICY</c>), and 503 left the default outbound retryOn.</summary>
    public static IstioRelease InboundRetries => new(1, 24);

    /// <summary>1.25: the agent's 15004 debug listener is gone (istio#54484).</summary>
    public static IstioRelease AgentDebugPortRemoved => new(1, 25);

    /// <summary>1.27: <c>ENABLE_NATIVE_SIDECARS=auto</c> injects native sidecars where every kubelet is 1.33 or newer.</summary>
    public static IstioRelease NativeSidecarDefault => new(1, 27);

    /// <summary>The newest release whose source the rules were checked against: the default.</summary>
    public static IstioRelease Newest => new(1, 30);

    /// <summary>The oldest release the option accepts; older ones are long out of support and not modelled.</summary>
    public static IstioRelease Oldest => new(1, 6);

    public int Major { get; }

    public int Minor { get; }

    /// <summary>Reads <c>1.24</c>, <c>1.24.3</c> or <c>v1.24</c>; false for anything else or a release outside <see cref="Oldest"/>..1.x.</summary>
    public static bool TryParse(string? text, out IstioRelease release)
    {
        release = Newest;
        var value = text?.Trim() ?? string.Empty;
        if (value.StartsWith("v", StringComparison.OrdinalIgnoreCase))
        {
            value = value.Substring(1);
        }

        var parts = value.Split('.');
        if (parts.Length is < 2 or > 3
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minor)
            || (parts.Length == 3 && !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out _)))
        {
            return false;
        }

        var parsed = new IstioRelease(major, minor);
        if (major != 1 || parsed < Oldest)
        {
            return false;
        }

        release = parsed;
        return true;
    }

    public bool IsAtLeast(IstioRelease other) => CompareTo(other) >= 0;

    public int CompareTo(IstioRelease other) => Major != other.Major ? Major.CompareTo(other.Major) : Minor.CompareTo(other.Minor);

    public bool Equals(IstioRelease other) => Major == other.Major && Minor == other.Minor;

    public override bool Equals(object? obj) => obj is IstioRelease other && Equals(other);

    public override int GetHashCode() => (Major * 1000) + Minor;

    public override string ToString() => Major.ToString(CultureInfo.InvariantCulture) + "." + Minor.ToString(CultureInfo.InvariantCulture);

    public static bool operator ==(IstioRelease left, IstioRelease right) => left.Equals(right);

    public static bool operator !=(IstioRelease left, IstioRelease right) => !left.Equals(right);

    public static bool operator <(IstioRelease left, IstioRelease right) => left.CompareTo(right) < 0;

    public static bool operator >(IstioRelease left, IstioRelease right) => left.CompareTo(right) > 0;

    public static bool operator <=(IstioRelease left, IstioRelease right) => left.CompareTo(right) <= 0;

    public static bool operator >=(IstioRelease left, IstioRelease right) => left.CompareTo(right) >= 0;
}
