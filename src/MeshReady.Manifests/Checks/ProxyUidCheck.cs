using System.Collections.Generic;
using MeshReady.Analyzers.Mesh;
using MeshReady.Manifests.Model;

namespace MeshReady.Manifests.Checks;

/// <summary>MESH109: a container runs as UID 1337, which the sidecar's iptables rules exempt from redirection (P03, IST0144).</summary>
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

            var podUid = workload.PodSpec.SecurityContext?.RunAsUser;
            var podReported = false;
            foreach (var (container, c) in workload.AppContainers)
            {
                var own = container.SecurityContext?.RunAsUser;
                if ((own ?? podUid) != IstioProxy.Uid)
                {
                    continue;
                }

                if (own is null && podReported)
                {
                    continue;
                }

                var location = own is null ? workload.Locate("securityContext", "runAsUser") : workload.Locate("containers", c, "securityContext", "runAsUser");
                podReported |= own is null;
                var who = own is null ? $"The pods of {workload.Source.DisplayName} run" : $"Container '{container.Name}' in {workload.Source.DisplayName} runs";
                findings.Add(ManifestRules.ProxyUid.At(location,
                    $"{who} as UID 1337, the Istio proxy's UID: the sidecar's iptables rules exempt that UID, so the app's outbound traffic bypasses the proxy " +
                    "(no mTLS, no policy, rejected by STRICT-mTLS peers; istioctl IST0144). Use another UID."));
            }
        }
    }
}
