using MeshReady.Analyzers.Mesh;
using System.Collections.Generic;
using System.Globalization;
using k8s.Models;
using MeshReady.Manifests.Model;

namespace MeshReady.Manifests.Checks;

/// <summary>
/// MESH104: Services that select the same pods declare one container port with two different protocols
/// (istioctl IST0116). The sidecar builds one inbound listener per port, so one protocol loses.
/// </summary>
internal sealed class PortWithTwoProtocolsCheck : IManifestCheck
{
    public void Run(CheckContext context, List<Finding> findings)
    {
        var reported = new HashSet<SourceLocation>();
        foreach (var workload in context.Workloads)
        {
            // container port number -> first declaration seen (Service, port index, protocol)
            var first = new Dictionary<int, (ManifestObject Service, int Index, string Protocol)>();
            foreach (var service in context.Services)
            {
                if (service.Model is not V1Service { Spec.Ports: { } ports } || !workload.IsSelectedBy(service))
                {
                    continue;
                }

                for (var i = 0; i < ports.Count; i++)
                {
                    if (ports[i] is not { } port || MeshProtocols.Declared(port.Name, port.AppProtocol, port.Port, port.Protocol == "UDP", context.Options.IstioRelease)?.IstioName is not { } protocol)
                    {
                        continue;
                    }

                    var target = PortReferences.TargetOf(port);
                    var number = PortReferences.Number(target);
                    if (number is null)
                    {
                        foreach (var resolved in PortReferences.Resolve(workload, target))
                        {
                            number = resolved.Port.ContainerPort;
                            break;
                        }
                    }

                    if (number is not { } containerPort)
                    {
                        continue;
                    }

                    if (!first.TryGetValue(containerPort, out var earlier))
                    {
                        first.Add(containerPort, (service, i, protocol));
                        continue;
                    }

                    var location = service.Locate("spec", "ports", i);
                    if (MeshProtocols.Codec(earlier.Protocol) != MeshProtocols.Codec(protocol) && reported.Add(location))
                    {
                        var where = earlier.Service.Locate("spec", "ports", earlier.Index);
                        findings.Add(ManifestRules.PortWithTwoProtocols.At(location,
                            $"Port {containerPort.ToString(CultureInfo.InvariantCulture)} of {workload.Source.DisplayName} is declared as {protocol} here and as {earlier.Protocol} by {earlier.Service.DisplayName} ({where.File}:{where.Line.ToString(CultureInfo.InvariantCulture)}): " +
                            "the sidecar builds one inbound listener per port and uses one protocol, so the other Service's clients fail (istioctl IST0116). Serve each protocol on its own port."));
                    }
                }
            }
        }
    }
}
