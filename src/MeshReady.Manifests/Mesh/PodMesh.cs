using System;
using System.Collections.Generic;
using MeshReady.Analyzers.Infrastructure;
using MeshReady.Analyzers.Mesh;
using MeshReady.Manifests.Model;

namespace MeshReady.Manifests.Mesh;

/// <summary>
/// How Istio meshes one workload's pods, read from their labels and annotations (<c>sidecar.istio.io/inject</c>,
/// <c>istio.io/rev</c>, <c>istio.io/dataplane-mode</c>, <c>sidecar.istio.io/nativeSidecar</c>,
/// <c>proxy.istio.io/config</c>); where the pod does not say, the configured data plane is assumed.
/// </summary>
internal sealed class PodMesh
{
    private PodMesh(DataPlane dataPlane, IDictionary<string, string> annotations)
    {
        DataPlane = dataPlane;
        var config = annotations.TryGetValue(IstioProxy.ProxyConfigAnnotation, out var text) ? text : null;
        HoldsApplicationUntilProxyStarts = ProxyConfigFlag(config, "holdApplicationUntilProxyStarts");
        DrainDuration = ProxyConfigDuration(config, "terminationDrainDuration");
    }

    /// <summary>The data plane this pod ends up with.</summary>
    public DataPlane DataPlane { get; }

    /// <summary>True when the pod has a classic (non-native) istio-proxy sidecar.</summary>
    public bool HasClassicSidecar => DataPlane == DataPlane.Sidecar;

    public bool HasSidecar => DataPlane is DataPlane.Sidecar or DataPlane.NativeSidecar;

    /// <summary><c>holdApplicationUntilProxyStarts: true</c> in the pod's <c>proxy.istio.io/config</c>.</summary>
    public bool HoldsApplicationUntilProxyStarts { get; }

    /// <summary><c>terminationDrainDuration</c> from the pod's <c>proxy.istio.io/config</c>, when set and readable.</summary>
    public TimeSpan? DrainDuration { get; }

    public static PodMesh For(PodWorkload workload, DataPlane configured)
    {
        var labels = workload.PodLabels;
        var annotations = workload.PodAnnotations;
        return new PodMesh(Resolve(labels, annotations, workload, configured), annotations);
    }

    private static DataPlane Resolve(IDictionary<string, string> labels, IDictionary<string, string> annotations, PodWorkload workload, DataPlane configured)
    {
        if (configured == DataPlane.None)
        {
            return DataPlane.None;
        }

        if (Value(labels, annotations, "sidecar.istio.io/inject") is { } inject && IsFalse(inject))
        {
            return Value(labels, annotations, "istio.io/dataplane-mode") is "ambient" ? DataPlane.Ambient : DataPlane.None;
        }

        if (Value(labels, annotations, "istio.io/dataplane-mode") is { } mode)
        {
            if (mode == "ambient")
            {
                return DataPlane.Ambient;
            }

            if (mode == "none")
            {
                return DataPlane.None;
            }
        }

        var injected = configured is DataPlane.Sidecar or DataPlane.NativeSidecar
            || (Value(labels, annotations, "sidecar.istio.io/inject") is { } on && IsTrue(on))
            || labels.ContainsKey("istio.io/rev");
        if (!injected)
        {
            return configured;
        }

        if (Value(labels, annotations, "sidecar.istio.io/nativeSidecar") is { } native)
        {
            return IsTrue(native) ? DataPlane.NativeSidecar : DataPlane.Sidecar;
        }

        // A rendered, already-injected pod shows which kind of sidecar it got.
        foreach (var init in workload.PodSpec.InitContainers ?? [])
        {
            if (init?.Name == IstioProxy.ContainerName && init.RestartPolicy == "Always")
            {
                return DataPlane.NativeSidecar;
            }
        }

        return configured == DataPlane.NativeSidecar ? DataPlane.NativeSidecar : DataPlane.Sidecar;
    }

    private static string? Value(IDictionary<string, string> labels, IDictionary<string, string> annotations, string key)
        => labels.TryGetValue(key, out var label) ? label.Trim() : annotations.TryGetValue(key, out var annotation) ? annotation.Trim() : null;

    private static bool IsFalse(string value) => value.Equals("false", StringComparison.OrdinalIgnoreCase);

    private static bool IsTrue(string value) => value.Equals("true", StringComparison.OrdinalIgnoreCase);

    // proxy.istio.io/config holds a small YAML (or JSON) ProxyConfig; a key lookup per line is enough for flat keys.
    private static bool ProxyConfigFlag(string? config, string key)
        => ProxyConfigValue(config, key) is { } value && IsTrue(value);

    private static TimeSpan? ProxyConfigDuration(string? config, string key)
        => ProxyConfigValue(config, key) is { } value && Duration.TryParse(value, out var duration) ? duration : null;

    private static string? ProxyConfigValue(string? config, string key)
    {
        if (config is null)
        {
            return null;
        }

        foreach (var raw in config.Split(['\n', ',', '{', '}'], StringSplitOptions.RemoveEmptyEntries))
        {
            var line = raw.Trim();
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            var name = line[..colon].Trim().Trim('"', '\'');
            if (name == key)
            {
                return line[(colon + 1)..].Trim().Trim('"', '\'');
            }
        }

        return null;
    }
}
