using System;
using System.Collections.Generic;
using k8s.Models;

namespace MeshReady.Manifests.Model;

/// <summary>
/// A manifest object that runs pods (Deployment, StatefulSet, DaemonSet, Job, CronJob, Pod), seen through its
/// pod template: the part every pod check reads, with the YAML path to it for locations.
/// </summary>
internal sealed class PodWorkload
{
    private static readonly HashSet<string> IstioContainers = new(StringComparer.Ordinal) { "istio-proxy", "istio-init", "istio-validation" };

    private PodWorkload(ManifestObject source, V1ObjectMeta? podMetadata, V1PodSpec podSpec, object[] podSpecPath, bool runsToCompletion)
    {
        Source = source;
        PodMetadata = podMetadata;
        PodSpec = podSpec;
        PodSpecPath = podSpecPath;
        RunsToCompletion = runsToCompletion;
    }

    public ManifestObject Source { get; }

    /// <summary>Metadata of the pods (template metadata; the object's own for a bare Pod).</summary>
    public V1ObjectMeta? PodMetadata { get; }

    public V1PodSpec PodSpec { get; }

    /// <summary>True for Jobs, CronJobs and bare Pods that never restart: the pod must terminate to finish.</summary>
    public bool RunsToCompletion { get; }

    private object[] PodSpecPath { get; }

    public IDictionary<string, string> PodLabels => PodMetadata?.Labels ?? new Dictionary<string, string>();

    public IDictionary<string, string> PodAnnotations => PodMetadata?.Annotations ?? new Dictionary<string, string>();

    /// <summary>The application's containers with their index in <c>containers</c>: the proxy's own (from rendered, injected pods) are left out.</summary>
    public IEnumerable<(V1Container Container, int Index)> AppContainers
    {
        get
        {
            var containers = PodSpec.Containers ?? [];
            for (var i = 0; i < containers.Count; i++)
            {
                if (containers[i] is { } container && !IstioContainers.Contains(container.Name ?? string.Empty))
                {
                    yield return (container, i);
                }
            }
        }
    }

    public static PodWorkload? From(ManifestObject manifest) => manifest.Model switch
    {
        V1Deployment { Spec.Template.Spec: { } spec } d => new(manifest, d.Spec.Template.Metadata, spec, ["spec", "template", "spec"], false),
        V1StatefulSet { Spec.Template.Spec: { } spec } s => new(manifest, s.Spec.Template.Metadata, spec, ["spec", "template", "spec"], false),
        V1DaemonSet { Spec.Template.Spec: { } spec } ds => new(manifest, ds.Spec.Template.Metadata, spec, ["spec", "template", "spec"], false),
        V1Job { Spec.Template.Spec: { } spec } j => new(manifest, j.Spec.Template.Metadata, spec, ["spec", "template", "spec"], true),
        V1CronJob { Spec.JobTemplate.Spec.Template.Spec: { } spec } c => new(manifest, c.Spec.JobTemplate.Spec.Template.Metadata, spec, ["spec", "jobTemplate", "spec", "template", "spec"], true),
        V1Pod { Spec: { } spec } p => new(manifest, p.Metadata, spec, ["spec"], spec.RestartPolicy is "Never" or "OnFailure"),
        _ => null,
    };

    /// <summary>The location of a field under the pod spec (<c>"containers", 0, "ports"</c>).</summary>
    public SourceLocation Locate(params object[] pathUnderPodSpec)
    {
        var path = new object[PodSpecPath.Length + pathUnderPodSpec.Length];
        PodSpecPath.CopyTo(path, 0);
        pathUnderPodSpec.CopyTo(path, PodSpecPath.Length);
        return Source.Locate(path);
    }

    /// <summary>The location of a field under the pod template's metadata (<c>"annotations"</c>).</summary>
    public SourceLocation LocatePodMetadata(params object[] pathUnderMetadata)
    {
        var path = new object[PodSpecPath.Length + pathUnderMetadata.Length];
        Array.Copy(PodSpecPath, path, PodSpecPath.Length - 1);
        path[PodSpecPath.Length - 1] = "metadata";
        pathUnderMetadata.CopyTo(path, PodSpecPath.Length);
        return Source.Locate(path);
    }

    /// <summary>True when this Service's selector picks the workload's pods (same namespace when both name one).</summary>
    public bool IsSelectedBy(ManifestObject service)
    {
        if (service.Model is not V1Service { Spec.Selector: { Count: > 0 } selector })
        {
            return false;
        }

        if (service.Namespace.Length > 0 && Source.Namespace.Length > 0 && service.Namespace != Source.Namespace)
        {
            return false;
        }

        var labels = PodLabels;
        foreach (var pair in selector)
        {
            if (!labels.TryGetValue(pair.Key, out var value) || value != pair.Value)
            {
                return false;
            }
        }

        return true;
    }
}
