using System;
using System.Collections.Generic;
using System.Linq;
using k8s.Models;
using MeshReady.Manifests.Mesh;
using MeshReady.Manifests.Model;

namespace MeshReady.Manifests.Checks;

/// <summary>
/// Repositories often keep one object in several files, one per mesh: <c>orders.yaml</c>, <c>orders-istio.yaml</c>,
/// <c>orders-linkerd.yaml</c>, each with the same kind, namespace and name (EdwinVW/pitstop's <c>src/k8s</c> does so for
/// its Namespace and five services). Only one of them is deployed at a time, so checking them together mixes
/// deployments: the last Namespace read decided injection for every pod, and the Istio variant went unchecked.
/// Where the variants of an object disagree and some ask Istio for a data plane (<see cref="PodMesh.AsksForIstio"/>,
/// <see cref="PodMesh.NamespaceAsksForIstio"/>), only those are checked; an object with no mesh settings of its own
/// (a Service) keeps the variant that shares a file with a chosen Istio variant. Variants within one file, and
/// variants of which none or all ask for Istio, are all kept.
/// </summary>
internal static class Variants
{
    /// <summary>The objects to check for Istio, and the non-Istio variants set aside.</summary>
    public static (IReadOnlyList<ManifestObject> Kept, IReadOnlyList<ManifestObject> SetAside) ForIstio(IReadOnlyList<ManifestObject> objects)
    {
        var groups = objects
            .GroupBy(o => (o.Kind, o.Namespace, o.Name))
            .Where(g => g.Select(o => o.File).Distinct(StringComparer.Ordinal).Count() > 1)
            .ToList();
        if (groups.Count == 0)
        {
            return (objects, []);
        }

        var setAside = new HashSet<ManifestObject>();
        var istioFiles = new HashSet<string>(StringComparer.Ordinal);
        var undecided = new List<IGrouping<(string, string, string), ManifestObject>>();
        foreach (var group in groups)
        {
            var asking = group.Where(AsksForIstio).ToList();
            if (asking.Count == 0 || asking.Count == group.Count())
            {
                undecided.Add(group);
                continue;
            }

            istioFiles.UnionWith(asking.Select(o => o.File));
            setAside.UnionWith(group.Except(asking));
        }

        foreach (var group in undecided)
        {
            var inIstioFiles = group.Where(o => istioFiles.Contains(o.File)).ToList();
            if (inIstioFiles.Count > 0 && inIstioFiles.Count < group.Count())
            {
                setAside.UnionWith(group.Except(inIstioFiles));
            }
        }

        return (objects.Where(o => !setAside.Contains(o)).ToList(), objects.Where(setAside.Contains).ToList());
    }

    private static bool AsksForIstio(ManifestObject item)
        => item.Model is V1Namespace ns
            ? PodMesh.NamespaceAsksForIstio(ns.Metadata?.Labels ?? new Dictionary<string, string>())
            : PodWorkload.From(item) is { } workload && PodMesh.AsksForIstio(workload);
}
