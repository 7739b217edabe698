using System.Collections.Generic;
using System.Globalization;
using MeshReady.Analyzers.Mesh;
using MeshReady.Manifests.Model;

namespace MeshReady.Manifests.Checks;

/// <summary>MESH111: container port names are IANA service names, at most 15 characters; the API server rejects longer ones.</summary>
internal sealed class ContainerPortNameLengthCheck : IManifestCheck
{
    private const int MaxLength = 15;

    public void Run(CheckContext context, List<Finding> findings)
    {
        foreach (var workload in context.Workloads)
        {
            foreach (var (container, c) in workload.AppContainers)
            {
                var ports = container.Ports ?? [];
                for (var p = 0; p < ports.Count; p++)
                {
                    if (ports[p]?.Name is not { Length: > MaxLength } name)
                    {
                        continue;
                    }

                    var protocol = MeshProtocols.FromPortName(name)?.IstioName;
                    var hint = protocol is null ? "" : $", keeping the Istio protocol prefix '{protocol}-'";
                    findings.Add(ManifestRules.ContainerPortNameTooLong.At(workload.Locate("containers", c, "ports", p, "name"),
                        $"Container port name '{name}' in {workload.Source.DisplayName} has {name.Length.ToString(CultureInfo.InvariantCulture)} characters; Kubernetes allows at most 15 " +
                        $"(an IANA service name), so the API server rejects the {workload.Source.Kind}. Shorten it{hint}, and update Services and probes that refer to it by name."));
                }
            }
        }
    }
}
