namespace MeshReady.Analyzers.Infrastructure;

/// <summary>
/// Every MeshReady option: its <c>.editorconfig</c> key and the MSBuild property that can set it project-wide.
/// README.md's "Configuration" section documents each one; keep them in step.
/// </summary>
internal static class MeshOptionKeys
{
    public static readonly OptionKey DataPlane = new("meshready.data_plane", "MeshReadyDataPlane", "sidecar, native_sidecar, ambient or none");
    public static readonly OptionKey Workload = new("meshready.workload", "MeshReadyWorkload", "service or job");
    public static readonly OptionKey IdleTimeout = new("meshready.idle_timeout", "MeshReadyIdleTimeout", "a duration such as 1h, 90s or 00:30:00");
    public static readonly OptionKey DrainDuration = new("meshready.drain_duration", "MeshReadyDrainDuration", "a duration such as 5s or 00:00:05");
    public static readonly OptionKey ClusterDomain = new("meshready.cluster_domain", "MeshReadyClusterDomain", "a DNS domain such as cluster.local");
    public static readonly OptionKey OutboundIo = new("meshready.outbound_io", "MeshReadyOutboundIo", "a comma-separated list of Namespace.Type or Namespace.Type.Method names");
    public static readonly OptionKey IstioVersion = new("meshready.istio_version", "MeshReadyIstioVersion", "an Istio release from 1.6 on, such as 1.24 or 1.27.3");
    public static readonly OptionKey AllowedIPs = new("meshready.allowed_ips", "MeshReadyAllowedIPs", "IP addresses or CIDR ranges separated by commas, such as 10.20.0.5, 192.168.0.0/16");
}

/// <summary>One option: the editorconfig key, the MSBuild property, and what values it accepts (for messages).</summary>
internal sealed class OptionKey
{
    public OptionKey(string editorConfigKey, string msBuildProperty, string accepted)
    {
        EditorConfigKey = editorConfigKey;
        MSBuildProperty = msBuildProperty;
        Accepted = accepted;
    }

    public string EditorConfigKey { get; }

    public string MSBuildProperty { get; }

    /// <summary>Human description of the valid values, used in MESH901's message.</summary>
    public string Accepted { get; }
}
