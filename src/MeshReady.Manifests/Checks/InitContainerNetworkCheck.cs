using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using MeshReady.Analyzers.Mesh;
using MeshReady.Manifests.Model;

namespace MeshReady.Manifests.Checks;

/// <summary>
/// MESH116: an application init container that uses the network in a pod with a classic sidecar. istio-proxy is a
/// regular container there, so it starts only after every init container has finished (istio/istio
/// <c>pkg/kube/inject/webhook.go</c> <c>reorderPod</c>, 1.10.0-1.30.0). With the Istio CNI node agent the pod's
/// traffic is redirected before any init container runs, so the connections go to a proxy that is not there; with
/// istio-init (injected last) they leave unredirected, outside the mesh, and a STRICT-mTLS destination refuses them
/// (https://istio.io/latest/docs/setup/additional-setup/cni/#compatibility-with-application-init-containers). Native
/// sidecars start before application init containers and ambient's node proxy is already running: neither is reported.
/// Info: which of the two applies depends on how Istio was installed, which the manifests do not say.
/// </summary>
internal sealed class InitContainerNetworkCheck : IManifestCheck
{
    // Commands that open connections: HTTP clients, port probes, DNS lookups, database and broker clients.
    private static readonly Regex NetworkCommand = new(
        @"(?<![\w./-])(wget|curl|nc|ncat|telnet|nslookup|dig|ping|pg_isready|psql|mysql|mysqladmin|sqlcmd|redis-cli|mongosh|grpcurl|grpc_health_probe|kubectl)(?![\w.-])|\bhttps?://",
        RegexOptions.CultureInvariant);

    // Istio's documented ways out: the init container runs as the proxy's UID, or its destinations skip redirection.
    private static readonly string[] ExcludeAnnotations = ["traffic.sidecar.istio.io/excludeOutboundIPRanges", "traffic.sidecar.istio.io/excludeOutboundPorts"];

    public void Run(CheckContext context, List<Finding> findings)
    {
        foreach (var workload in context.Workloads)
        {
            if (!context.MeshOf(workload).HasClassicSidecar || ExcludeAnnotations.Any(workload.PodAnnotations.ContainsKey))
            {
                continue;
            }

            var inits = workload.PodSpec.InitContainers ?? [];
            for (var i = 0; i < inits.Count; i++)
            {
                var init = inits[i];
                if (init is null
                    || init.Name?.StartsWith("istio-", System.StringComparison.Ordinal) == true
                    || init.RestartPolicy == "Always" // a sidecar of the app's own: it runs alongside, not before
                    || (init.SecurityContext?.RunAsUser ?? workload.PodSpec.SecurityContext?.RunAsUser) == IstioProxy.Uid)
                {
                    continue;
                }

                var text = string.Join(" ", (init.Command ?? []).Concat(init.Args ?? []));
                if (NetworkCommand.Match(text) is not { Success: true } match)
                {
                    continue;
                }

                var field = init.Command is { Count: > 0 } ? "command" : "args";
                findings.Add(ManifestRules.InitContainerUsesNetwork.At(workload.Locate("initContainers", i, field),
                    $"{workload.Source.DisplayName} init container '{init.Name}' uses the network ('{match.Value.Trim()}') before its classic istio-proxy sidecar starts " +
                    "(a regular container, started after every init container). Where Istio is installed with the CNI node agent, its traffic is already redirected to " +
                    "a proxy that is not running, so its connections fail and the pod stays in Init (Init:CrashLoopBackOff); with istio-init they leave outside the mesh, " +
                    "and a STRICT-mTLS destination refuses them. Run it as UID 1337 (securityContext.runAsUser), exclude its destinations with " +
                    "traffic.sidecar.istio.io/excludeOutboundIPRanges or excludeOutboundPorts, or use native sidecars (sidecar.istio.io/nativeSidecar: \"true\")."));
            }
        }
    }
}
