using System.Collections.Generic;
using MeshReady.Manifests.Model;

namespace MeshReady.Manifests.Checks;

/// <summary>
/// MESH108: the code calls out at start-up before waiting for the proxy, and the pod starts the app alongside a
/// classic sidecar without <c>holdApplicationUntilProxyStarts</c>. Info: the mesh-wide setting may be on.
/// </summary>
internal sealed class HoldProxyCheck : IManifestCheck
{
    public void Run(CheckContext context, List<Finding> findings)
    {
        foreach (var workload in context.Workloads)
        {
            var mesh = context.MeshOf(workload);
            if (!mesh.HasClassicSidecar
                || mesh.HoldsApplicationUntilProxyStarts
                || !context.TryGetCode(workload, out var code, out _, out _)
                || code.StartupCallsUnguarded != true)
            {
                continue;
            }

            findings.Add(ManifestRules.StartupWithoutHoldProxy.At(workload.LocatePodMetadata("annotations"),
                $"{code.AssemblyName} makes outbound calls at start-up before waiting for the proxy, and {workload.Source.DisplayName} starts it alongside a classic sidecar " +
                "without holdApplicationUntilProxyStarts: the first calls fail with connection refused and the pod can crash-loop. Add the pod annotation " +
                "proxy.istio.io/config: \"holdApplicationUntilProxyStarts: true\", enable native sidecars, or await MeshProxy.WaitUntilReadyAsync() before the first call."));
        }
    }
}
