using System.Collections.Generic;
using MeshReady.Analyzers.Mesh;
using MeshReady.Manifests.Model;

namespace MeshReady.Manifests.Checks;

/// <summary>MESH109: a container runs as UID or GID 1337, which the sidecar's iptables rules exempt from redirection (IST0144 covers the UID only).</summary>
internal sealed class ProxyUidCheck : IManifestCheck
{
    public void Run(CheckContext context, List<Finding> findings)
    {
        foreach (var workload in context.Workloads)
        {
            if (!context.MeshOf(workload).HasSidecar)
            {
                continue;
            }

            // iptables exempts the proxy's UID (--uid-owner) and GID (--gid-owner) alike: tools/istio-iptables/pkg/capture/run.go.
            Report(workload, findings, "runAsUser", "UID", IstioProxy.Uid, workload.PodSpec.SecurityContext?.RunAsUser, c => c.SecurityContext?.RunAsUser);
            Report(workload, findings, "runAsGroup", "GID", IstioProxy.Gid, workload.PodSpec.SecurityContext?.RunAsGroup, c => c.SecurityContext?.RunAsGroup);
        }
    }

    private static void Report(PodWorkload workload, List<Finding> findings, string field, string kind, long proxyId, long? podValue, System.Func<k8s.Models.V1Container, long?> containerValue)
    {
        var podReported = false;
        foreach (var (container, c) in workload.AppContainers)
        {
            var own = containerValue(container);
            if ((own ?? podValue) != proxyId)
            {
                continue;
            }

            if (own is null && podReported)
            {
                continue;
            }

            var location = own is null ? workload.Locate("securityContext", field) : workload.Locate("containers", c, "securityContext", field);
            podReported |= own is null;
            var who = own is null ? $"The pods of {workload.Source.DisplayName} run" : $"Container '{container.Name}' in {workload.Source.DisplayName} runs";
            findings.Add(ManifestRules.ProxyUid.At(location,
                $"{who} as {kind} 1337, the Istio proxy's {kind}: the sidecar's iptables rules exempt that {kind}, so the app's outbound traffic bypasses the proxy " +
                $"(no mTLS, no policy, rejected by STRICT-mTLS peers{(kind == "UID" ? "; istioctl IST0144" : string.Empty)}). Use another {kind}."));
        }
    }
}
