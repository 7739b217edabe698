using System;
using System.Collections.Generic;
using k8s.Models;
using MeshReady.Analyzers.Infrastructure;
using MeshReady.Manifests.Code;
using MeshReady.Manifests.Mesh;
using MeshReady.Manifests.Model;

namespace MeshReady.Manifests.Checks;

/// <summary>
/// The loaded objects and what the checks derive from them once: workloads, Services, which Service selects
/// which pods, each pod's data plane, and which container runs the built assembly.
/// </summary>
internal sealed class CheckContext
{
    private readonly Dictionary<PodWorkload, PodMesh> meshes = [];
    private readonly Dictionary<ManifestObject, List<PodWorkload>> selections = [];
    private readonly Dictionary<string, IDictionary<string, string>> namespaceLabels = new(StringComparer.Ordinal);
    private List<(PodWorkload, V1Container)>? codeContainers;
    private (PodWorkload Workload, V1Container Container, int Index)? suffixMatch;
    private bool suffixMatchKnown;

    public CheckContext(IReadOnlyList<ManifestObject> objects, CheckOptions options)
    {
        Options = options;
        var workloads = new List<PodWorkload>();
        var services = new List<ManifestObject>();
        var peerAuthentications = new List<ManifestObject>();
        foreach (var item in objects)
        {
            if (item.Model is V1Namespace { Metadata.Name: { } name } ns)
            {
                namespaceLabels[name] = ns.Metadata.Labels ?? new Dictionary<string, string>();
            }
            else if (item.Model is PeerAuthentication)
            {
                peerAuthentications.Add(item);
            }
            else if (IsIstioManaged(item))
            {
                // Istio's own objects (waypoints, managed gateways, the control plane): istioctl skips them, so do we.
                continue;
            }
            else if (item.Model is V1Service)
            {
                services.Add(item);
            }
            else if (PodWorkload.From(item) is { } workload)
            {
                workloads.Add(workload);
            }
        }

        Workloads = workloads;
        Services = services;
        PeerAuthentications = peerAuthentications;
    }

    public CheckOptions Options { get; }

    public IReadOnlyList<PodWorkload> Workloads { get; }

    public IReadOnlyList<ManifestObject> Services { get; }

    /// <summary>The PeerAuthentication objects in the checked files, in file order.</summary>
    public IReadOnlyList<ManifestObject> PeerAuthentications { get; }

    public PodMesh MeshOf(PodWorkload workload)
    {
        if (!meshes.TryGetValue(workload, out var mesh))
        {
            mesh = PodMesh.For(workload, Options.DataPlane, NamespaceLabels(workload.Source.Namespace), Options.IstioRelease);
            meshes.Add(workload, mesh);
        }

        return mesh;
    }

    /// <summary>The labels of a Namespace read with the manifests (or from the cluster), or null when it was not read.</summary>
    public IDictionary<string, string>? NamespaceLabels(string @namespace)
        => namespaceLabels.TryGetValue(@namespace, out var labels) ? labels : null;

    /// <summary>The workloads in the checked files whose pods the Service selects.</summary>
    public IReadOnlyList<PodWorkload> SelectedBy(ManifestObject service)
    {
        if (!selections.TryGetValue(service, out var selected))
        {
            selected = [];
            foreach (var workload in Workloads)
            {
                if (workload.IsSelectedBy(service))
                {
                    selected.Add(workload);
                }
            }

            selections.Add(service, selected);
        }

        return selected;
    }

    /// <summary>
    /// The data plane a Service's traffic meets: its pods' when the files hold them, else the configured one.
    /// Several pods: the first meshed one (a Service mixing meshed and unmeshed pods is meshed for its callers).
    /// </summary>
    public DataPlane DataPlaneOf(ManifestObject service)
    {
        var selected = SelectedBy(service);
        if (selected.Count == 0)
        {
            return Options.DataPlane == DataPlane.None
                ? DataPlane.None
                : PodMesh.ForNamespace(service.Namespace, NamespaceLabels(service.Namespace)) ?? Options.DataPlane;
        }

        var result = DataPlane.None;
        foreach (var workload in selected)
        {
            var plane = MeshOf(workload).DataPlane;
            if (plane != DataPlane.None)
            {
                return plane;
            }
        }

        return result;
    }

    /// <summary>
    /// Every (workload, container) that runs the built assembly, matched by <c>--workload</c> or by image; empty
    /// without <c>--assembly</c>. The report names them, and MESH914 says when there is none.
    /// </summary>
    public IReadOnlyList<(PodWorkload Workload, V1Container Container)> CodeContainers
    {
        get
        {
            if (codeContainers is null)
            {
                codeContainers = [];
                foreach (var workload in Workloads)
                {
                    if (TryGetCode(workload, out _, out var container, out _))
                    {
                        codeContainers.Add((workload, container));
                    }
                }
            }

            return codeContainers;
        }
    }

    /// <summary>The container running the built assembly in this workload, with the code's facts.</summary>
    public bool TryGetCode(PodWorkload workload, out CodeFacts code, out V1Container container, out int index)
    {
        code = Options.Code!;
        container = null!;
        index = -1;
        if (Options.Code is null)
        {
            return false;
        }

        if (CodeMatcher.TryMatch(workload, Options.Code.AssemblyName, Options.Workload, out container, out index))
        {
            return true;
        }

        if (SuffixMatch() is { } only && ReferenceEquals(only.Workload, workload))
        {
            (container, index) = (only.Container, only.Index);
            return true;
        }

        return false;
    }

    // Where no image is named after the assembly and no --workload is given, the one container whose image name ends
    // in it after a separator (docker compose's 'examplevotingapp_worker' or 'shop-orders-api'); none when several do.
    private (PodWorkload Workload, V1Container Container, int Index)? SuffixMatch()
    {
        if (suffixMatchKnown)
        {
            return suffixMatch;
        }

        suffixMatchKnown = true;
        if (Options.Code is not { } code || Options.Workload is not null)
        {
            return null;
        }

        (PodWorkload, V1Container, int)? found = null;
        foreach (var workload in Workloads)
        {
            if (CodeMatcher.TryMatch(workload, code.AssemblyName, null, out _, out _))
            {
                return null;
            }

            foreach (var (candidate, i) in workload.AppContainers)
            {
                if (CodeMatcher.ImageEndsWith(candidate.Image, code.AssemblyName))
                {
                    if (found is not null)
                    {
                        return null;
                    }

                    found = (workload, candidate, i);
                }
            }
        }

        return suffixMatch = found;
    }

    /// <summary>
    /// Objects Istio creates and manages, skipped by istioctl analyze (Istio 1.29.6): Services and Deployments
    /// labelled <c>gateway.istio.io/managed</c> by one of Istio's gateway controllers (waypoints, east-west and
    /// ingress gateways; pkg/config/analysis/analyzers/service/portname.go and deployment/services.go), objects
    /// labelled <c>istio</c> or <c>release: istio</c> (util.IsIstioControlPlane), and Gateway API deployments
    /// (<c>gateway.networking.k8s.io/gateway-name</c>), which the gateway controller renders.
    /// </summary>
    public static bool IsIstioManaged(ManifestObject item)
    {
        var labels = item.Model.Metadata?.Labels;
        if (labels is null)
        {
            return false;
        }

        return (labels.TryGetValue("gateway.istio.io/managed", out var managed) && managed is "istio.io-gateway-controller" or "istio.io-mesh-controller" or "istio.io-eastwest-controller")
            || labels.ContainsKey("gateway.networking.k8s.io/gateway-name")
            || labels.ContainsKey("istio")
            || (labels.TryGetValue("release", out var release) && release == "istio");
    }

    /// <summary>True for Istio's own gateways and control plane, which legitimately use the proxy's ports.</summary>
    public static bool IsIstioComponent(string @namespace, IDictionary<string, string>? labels)
    {
        if (@namespace.StartsWith("istio-", StringComparison.Ordinal))
        {
            return true;
        }

        return labels is not null
            && (labels.ContainsKey("istio") || labels.ContainsKey("istio.io/gateway-name") || labels.ContainsKey("gateway.istio.io/managed"));
    }
}
