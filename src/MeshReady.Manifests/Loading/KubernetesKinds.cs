using System;
using k8s.Models;
using MeshReady.Manifests.Model;

namespace MeshReady.Manifests.Loading;

/// <summary>
/// The kinds the checks understand (Namespaces for their injection labels, PeerAuthentications for the mTLS mode), by
/// <c>apiVersion</c> and <c>kind</c>. Everything else (HPAs, ConfigMaps, other Istio resources, CRDs) is skipped without a
/// finding: it is not ours to judge.
/// </summary>
internal static class KubernetesKinds
{
    /// <summary>The KubernetesClient model for a kind, or null for a kind we skip.</summary>
    public static Type? ModelFor(string apiVersion, string kind) => apiVersion switch
    {
        "v1" => kind switch
        {
            "Pod" => typeof(V1Pod),
            "Service" => typeof(V1Service),
            "Namespace" => typeof(V1Namespace),
            _ => null,
        },
        "apps/v1" => kind switch
        {
            "Deployment" => typeof(V1Deployment),
            "StatefulSet" => typeof(V1StatefulSet),
            "DaemonSet" => typeof(V1DaemonSet),
            _ => null,
        },
        "batch/v1" => kind switch
        {
            "Job" => typeof(V1Job),
            "CronJob" => typeof(V1CronJob),
            _ => null,
        },

        // Beta versions of the workload kinds carry the same pod template (core/v1 PodTemplateSpec) and are read as their
        // successors. The API server no longer serves them (Deployment, StatefulSet, DaemonSet: Kubernetes 1.16; CronJob
        // batch/v1beta1: 1.25; https://kubernetes.io/docs/reference/using-api/deprecation-guide/), but manifests written for
        // older clusters still carry them, and the pods they describe are what a team moves into the mesh.
        "extensions/v1beta1" => kind switch
        {
            "Deployment" => typeof(V1Deployment),
            "DaemonSet" => typeof(V1DaemonSet),
            _ => null,
        },
        "apps/v1beta1" => kind switch
        {
            "Deployment" => typeof(V1Deployment),
            "StatefulSet" => typeof(V1StatefulSet),
            _ => null,
        },
        "apps/v1beta2" => kind switch
        {
            "Deployment" => typeof(V1Deployment),
            "StatefulSet" => typeof(V1StatefulSet),
            "DaemonSet" => typeof(V1DaemonSet),
            _ => null,
        },
        "batch/v1beta1" => kind == "CronJob" ? typeof(V1CronJob) : null,

        // The mTLS mode decides whether server-first ports work (MESH114); other Istio kinds are skipped.
        "security.istio.io/v1" or "security.istio.io/v1beta1" => kind == "PeerAuthentication" ? typeof(PeerAuthentication) : null,
        _ => null,
    };
}
