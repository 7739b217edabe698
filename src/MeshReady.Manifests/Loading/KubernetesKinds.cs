using System;
using k8s;
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
    /// <summary>Deserialises a document into the model for its kind, or returns null for a kind we skip.</summary>
    public static Func<string, IKubernetesObject<V1ObjectMeta>>? DeserializerFor(string apiVersion, string kind)
    {
        switch (apiVersion)
        {
            case "v1":
                return kind switch
                {
                    "Pod" => text => KubernetesYaml.Deserialize<V1Pod>(text),
                    "Service" => text => KubernetesYaml.Deserialize<V1Service>(text),
                    "Namespace" => text => KubernetesYaml.Deserialize<V1Namespace>(text),
                    _ => null,
                };
            case "apps/v1":
                return kind switch
                {
                    "Deployment" => text => KubernetesYaml.Deserialize<V1Deployment>(text),
                    "StatefulSet" => text => KubernetesYaml.Deserialize<V1StatefulSet>(text),
                    "DaemonSet" => text => KubernetesYaml.Deserialize<V1DaemonSet>(text),
                    _ => null,
                };
            case "batch/v1":
                return kind switch
                {
                    "Job" => text => KubernetesYaml.Deserialize<V1Job>(text),
                    "CronJob" => text => KubernetesYaml.Deserialize<V1CronJob>(text),
                    _ => null,
                };
            case "security.istio.io/v1":
            case "security.istio.io/v1beta1":
                // The mTLS mode decides whether server-first ports work (MESH114); other Istio kinds are skipped.
                return kind == "PeerAuthentication" ? text => KubernetesYaml.Deserialize<PeerAuthentication>(text) : null;
            default:
                return null;
        }
    }
}
