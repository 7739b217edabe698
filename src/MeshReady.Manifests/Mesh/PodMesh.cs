using System;
using System.Collections.Generic;
using MeshReady.Analyzers.Infrastructure;
using MeshReady.Analyzers.Mesh;
using MeshReady.Manifests.Model;

namespace MeshReady.Manifests.Mesh;

/// <summary>
/// How Istio meshes one workload's pods, decided the way Istio decides (read at 1.29.6; the selectors, the ignored
/// namespaces and the ambient rules are the same at 1.22.0, where ambient lived in cni/pkg/util/podutil.go
/// PodRedirectionEnabled): the sidecar injector's webhook selectors
/// (<c>manifests/charts/istio-control/istio-discovery/templates/mutatingwebhook.yaml</c>) and
/// <c>injectRequired</c> (<c>pkg/kube/inject/inject.go</c>: no injection with <c>hostNetwork</c>, in kube-system,
/// kube-public, kube-node-lease, local-path-storage, or with <c>sidecar.istio.io/inject: "false"</c>, the label
/// winning over the annotation); then ambient enrolment (<c>cni/pkg/util/enablement_selector.go</c>: pod label
/// <c>istio.io/dataplane-mode=ambient</c>, or the namespace's with no pod label <c>=none</c>, and never a pod with a
/// sidecar). Namespace labels count when the Namespace object was read (same files, or the cluster); otherwise the
/// configured data plane stands in for them. A pod meant for Linkerd (<c>linkerd.io/inject</c>) gets no Istio data
/// plane unless it opts into Istio by label.
/// </summary>
internal sealed class PodMesh
{
    private const string InjectKey = "sidecar.istio.io/inject";
    private const string RevisionLabel = IstioMeshConfig.RevisionLabel;
    private const string InjectionLabel = "istio-injection";
    private const string DataPlaneModeLabel = "istio.io/dataplane-mode";
    private const string LinkerdInject = "linkerd.io/inject";

    /// <summary>
    /// Set on a running pod by the Istio CNI node agent once ztunnel captures its traffic (<c>enabled</c>);
    /// <c>cni/pkg/util/podutil.go</c> <c>PodFullyEnrolled</c>, 1.28.0 (annotation registry: <c>ambient.istio.io/redirection</c>).
    /// </summary>
    private const string AmbientRedirection = "ambient.istio.io/redirection";

    /// <summary>The per-pod native-sidecar switch (annotation registry name; honoured from <see cref="IstioRelease.NativeSidecarAnnotation"/>).</summary>
    internal const string NativeSidecarKey = "sidecar.istio.io/nativeSidecar";

    /// <summary>Namespaces the injector never touches (pkg/kube/inject/initializer.go IgnoredNamespaces).</summary>
    internal static readonly HashSet<string> IgnoredNamespaces = new(StringComparer.Ordinal) { "kube-system", "kube-public", "kube-node-lease", "local-path-storage" };

    private PodMesh(DataPlane dataPlane, IDictionary<string, string> annotations, string reason)
    {
        DataPlane = dataPlane;
        Reason = reason;
        var config = annotations.TryGetValue(IstioProxy.ProxyConfigAnnotation, out var text) ? text : null;
        HoldsApplicationUntilProxyStarts = ProxyConfigFlag(config, "holdApplicationUntilProxyStarts");
        DrainDuration = ProxyConfigDuration(config, "terminationDrainDuration");
    }

    /// <summary>The data plane this pod ends up with.</summary>
    public DataPlane DataPlane { get; }

    /// <summary>Why: which label, annotation or setting decided it (for messages and tests).</summary>
    public string Reason { get; }

    /// <summary>True when the pod has a classic (non-native) istio-proxy sidecar.</summary>
    public bool HasClassicSidecar => DataPlane == DataPlane.Sidecar;

    public bool HasSidecar => DataPlane is DataPlane.Sidecar or DataPlane.NativeSidecar;

    /// <summary><c>holdApplicationUntilProxyStarts: true</c> in the pod's <c>proxy.istio.io/config</c>.</summary>
    public bool HoldsApplicationUntilProxyStarts { get; }

    /// <summary><c>terminationDrainDuration</c> from the pod's <c>proxy.istio.io/config</c>, when set and readable.</summary>
    public TimeSpan? DrainDuration { get; }

    /// <param name="workload">The pods.</param>
    /// <param name="configured">The data plane assumed where nothing read says (<c>--data-plane</c>).</param>
    /// <param name="namespaceLabels">The labels of the pods' Namespace when that object was read, else null.</param>
    /// <param name="release">The Istio release the cluster runs: which native-sidecar switches exist.</param>
    public static PodMesh For(PodWorkload workload, DataPlane configured, IDictionary<string, string>? namespaceLabels, IstioRelease release)
    {
        var (plane, reason) = Resolve(workload, configured, namespaceLabels, release);
        return new PodMesh(plane, workload.PodAnnotations, reason);
    }

    /// <summary>
    /// The data plane a Service's pods get when the files do not hold them: decided from the namespace alone, as if
    /// the pods carried no mesh labels; null when the namespace is unknown or leaves it to the pods.
    /// </summary>
    public static DataPlane? ForNamespace(string @namespace, IDictionary<string, string>? namespaceLabels)
    {
        if (IgnoredNamespaces.Contains(@namespace))
        {
            return DataPlane.None;
        }

        if (namespaceLabels is null)
        {
            return null;
        }

        if (namespaceLabels.TryGetValue(InjectionLabel, out var injection))
        {
            return injection == "enabled" ? DataPlane.Sidecar : DataPlane.None;
        }

        if (namespaceLabels.ContainsKey(RevisionLabel))
        {
            return DataPlane.Sidecar;
        }

        return namespaceLabels.TryGetValue(DataPlaneModeLabel, out var mode) && mode == "ambient" ? DataPlane.Ambient : null;
    }

    /// <summary>
    /// True when the pod template itself asks Istio for a data plane: <c>sidecar.istio.io/inject: "true"</c> (label or
    /// annotation), an <c>istio.io/rev</c> or <c>istio.io/dataplane-mode=ambient</c> label, or an injected istio-proxy.
    /// Used to tell a repository's Istio variant of a workload from its plain and Linkerd variants.
    /// </summary>
    public static bool AsksForIstio(PodWorkload workload)
    {
        var labels = workload.PodLabels;
        var annotations = workload.PodAnnotations;
        return labels.ContainsKey(RevisionLabel)
            || (labels.TryGetValue(DataPlaneModeLabel, out var mode) && mode.Trim() == "ambient")
            || (Value(labels, annotations, InjectKey) is { } inject && inject.Trim() == "true")
            || annotations.ContainsKey(IstioProxy.StatusAnnotation)
            || HasProxyContainer(workload);
    }

    /// <summary>True when a Namespace's labels enrol its pods in Istio (injection, a revision, or ambient).</summary>
    public static bool NamespaceAsksForIstio(IDictionary<string, string> labels)
        => (labels.TryGetValue(InjectionLabel, out var injection) && injection == "enabled")
            || labels.ContainsKey(RevisionLabel)
            || (labels.TryGetValue(DataPlaneModeLabel, out var mode) && mode == "ambient");

    private static (DataPlane, string) Resolve(PodWorkload workload, DataPlane configured, IDictionary<string, string>? namespaceLabels, IstioRelease release)
    {
        if (configured == DataPlane.None)
        {
            return (DataPlane.None, "--data-plane none");
        }

        // Read from a cluster: what the running pod got, whatever its template, labels and namespace say now.
        if (workload.Source.LivePod is { } live)
        {
            return Running(live);
        }

        var labels = workload.PodLabels;
        var annotations = workload.PodAnnotations;
        var @namespace = workload.Source.Namespace;

        // Linkerd's variant of a workload: Istio is not its mesh unless a pod label asks for Istio explicitly.
        var istioByLabel = labels.ContainsKey(RevisionLabel) || labels.ContainsKey(DataPlaneModeLabel)
            || (labels.TryGetValue(InjectKey, out var labelInject) && labelInject.Trim() == "true");
        if (annotations.TryGetValue(LinkerdInject, out var linkerd) && linkerd.Trim() is "enabled" or "ingress" && !istioByLabel)
        {
            return (DataPlane.None, $"{LinkerdInject}: {linkerd.Trim()} (a Linkerd pod)");
        }

        var (sidecar, reason) = Injected(workload, configured, labels, annotations, @namespace, namespaceLabels);
        if (sidecar is true)
        {
            return (NativeOrClassic(workload, labels, annotations, configured, release), reason);
        }

        // Ambient enrolment: never a pod with a sidecar; the pod's label, else the namespace's unless the pod says none.
        var podMode = labels.TryGetValue(DataPlaneModeLabel, out var mode) ? mode.Trim() : null;
        if (podMode == "ambient")
        {
            return (DataPlane.Ambient, $"pod label {DataPlaneModeLabel}=ambient");
        }

        if (namespaceLabels is not null && namespaceLabels.TryGetValue(DataPlaneModeLabel, out var nsMode) && nsMode == "ambient" && podMode != "none")
        {
            return (DataPlane.Ambient, $"namespace label {DataPlaneModeLabel}=ambient");
        }

        if (sidecar is false)
        {
            return (DataPlane.None, reason);
        }

        // Nothing read decides: the configured data plane stands in for the unknown namespace.
        if (podMode == "none" && configured == DataPlane.Ambient)
        {
            return (DataPlane.None, $"pod label {DataPlaneModeLabel}=none");
        }

        return (configured is DataPlane.Sidecar or DataPlane.NativeSidecar ? NativeOrClassic(workload, labels, annotations, configured, release) : configured, reason);
    }

    /// <summary>True/false when what was read decides injection; null when it depends on a namespace not read.</summary>
    private static (bool? Injected, string Reason) Injected(
        PodWorkload workload, DataPlane configured, IDictionary<string, string> labels, IDictionary<string, string> annotations, string @namespace, IDictionary<string, string>? namespaceLabels)
    {
        if (workload.PodSpec.HostNetwork == true)
        {
            return (false, "hostNetwork: true (never injected)");
        }

        if (IgnoredNamespaces.Contains(@namespace))
        {
            return (false, $"namespace {@namespace} (never injected)");
        }

        // The label wins over the annotation; "false" in either (label, or annotation without label) disables injection.
        var objectSelector = labels.TryGetValue(InjectKey, out var label) ? label.Trim() : annotations.TryGetValue(InjectKey, out var annotation) ? annotation.Trim() : null;
        if (objectSelector == "false")
        {
            return (false, $"{InjectKey}: \"false\"");
        }

        // Already injected (rendered from a live pod).
        if (annotations.ContainsKey(IstioProxy.StatusAnnotation) || HasProxyContainer(workload))
        {
            return (true, "an injected istio-proxy container");
        }

        var podLabelTrue = label?.Trim() == "true";
        var podRevision = labels.ContainsKey(RevisionLabel);
        if (namespaceLabels is not null)
        {
            // The webhook's four selectors: namespace istio-injection=enabled; namespace istio.io/rev (no istio-injection);
            // or, in a namespace with neither, pod label istio.io/rev or sidecar.istio.io/inject=true.
            if (namespaceLabels.TryGetValue(InjectionLabel, out var injection))
            {
                return injection == "enabled"
                    ? (true, $"namespace label {InjectionLabel}=enabled")
                    : (false, $"namespace label {InjectionLabel}={injection}");
            }

            if (namespaceLabels.TryGetValue(RevisionLabel, out var revision))
            {
                return (true, $"namespace label {RevisionLabel}={revision}");
            }

            return podRevision || podLabelTrue
                ? (true, podRevision ? $"pod label {RevisionLabel}" : $"pod label {InjectKey}=true")
                : (false, "no injection label on the namespace or the pod");
        }

        if (podRevision || podLabelTrue || objectSelector == "true")
        {
            return (true, podRevision ? $"pod label {RevisionLabel}" : $"{InjectKey}: \"true\"");
        }

        return (null, "the configured data plane (the namespace's labels were not read)");
    }

    /// <summary>The data plane a running pod has: the injected istio-proxy (native or classic), else ambient redirection, else none.</summary>
    private static (DataPlane, string) Running(k8s.Models.V1Pod pod)
    {
        var name = "the running pod " + (pod.Metadata?.Name ?? "(unnamed)");
        foreach (var init in pod.Spec?.InitContainers ?? [])
        {
            if (init?.Name == IstioProxy.ContainerName && init.RestartPolicy == "Always")
            {
                return (DataPlane.NativeSidecar, $"{name} has {IstioProxy.ContainerName} as a native sidecar (an init container with restartPolicy: Always)");
            }
        }

        foreach (var container in pod.Spec?.Containers ?? [])
        {
            if (container?.Name == IstioProxy.ContainerName)
            {
                return (DataPlane.Sidecar, $"{name} has an {IstioProxy.ContainerName} container");
            }
        }

        return pod.Metadata?.Annotations is { } annotations && annotations.TryGetValue(AmbientRedirection, out var redirection) && redirection == "enabled"
            ? (DataPlane.Ambient, $"{name} is captured by ztunnel ({AmbientRedirection}: enabled)")
            : (DataPlane.None, $"{name} has no {IstioProxy.ContainerName} and no ambient redirection");
    }

    private static DataPlane NativeOrClassic(PodWorkload workload, IDictionary<string, string> labels, IDictionary<string, string> annotations, DataPlane configured, IstioRelease release)
    {
        // An already-injected pod (kubectl get pods -o yaml) shows which kind of sidecar it got; that wins over the switches.
        foreach (var init in workload.PodSpec.InitContainers ?? [])
        {
            if (init?.Name == IstioProxy.ContainerName && init.RestartPolicy == "Always")
            {
                return DataPlane.NativeSidecar;
            }
        }

        // A template may declare an istio-proxy container only to customise injection; the status annotation marks a real one.
        foreach (var container in annotations.ContainsKey(IstioProxy.StatusAnnotation) ? workload.PodSpec.Containers ?? [] : [])
        {
            if (container?.Name == IstioProxy.ContainerName)
            {
                return DataPlane.Sidecar;
            }
        }

        // The injector reads the per-pod switch from 1.24 (pkg/kube/inject/inject.go and the injection template at 1.24.0;
        // at 1.23.0 only istiod's ENABLE_NATIVE_SIDECARS decides).
        if (release >= IstioRelease.NativeSidecarAnnotation && Value(labels, annotations, NativeSidecarKey) is { } native)
        {
            return IsTrue(native) ? DataPlane.NativeSidecar : DataPlane.Sidecar;
        }

        // Before 1.19 istiod cannot inject a native sidecar, whatever the project assumes.
        return configured == DataPlane.NativeSidecar && release >= IstioRelease.NativeSidecars ? DataPlane.NativeSidecar : DataPlane.Sidecar;
    }

    private static bool HasProxyContainer(PodWorkload workload)
    {
        foreach (var container in workload.PodSpec.Containers ?? [])
        {
            if (container?.Name == IstioProxy.ContainerName)
            {
                return true;
            }
        }

        foreach (var init in workload.PodSpec.InitContainers ?? [])
        {
            if (init?.Name == IstioProxy.ContainerName)
            {
                return true;
            }
        }

        return false;
    }

    private static string? Value(IDictionary<string, string> labels, IDictionary<string, string> annotations, string key)
        => labels.TryGetValue(key, out var label) ? label.Trim() : annotations.TryGetValue(key, out var annotation) ? annotation.Trim() : null;

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
