using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using k8s.Models;
using MeshReady.Analyzers.Mesh;
using MeshReady.Manifests.Model;

namespace MeshReady.Manifests.Checks;

/// <summary>
/// MESH112 and MESH113: the ports the code listens on (assembly metadata) against the ports the matched container
/// and the Services selecting it declare, in both directions.
/// </summary>
internal sealed class CodePortsCheck : IManifestCheck
{
    public void Run(CheckContext context, List<Finding> findings)
    {
        foreach (var workload in context.Workloads)
        {
            if (!context.TryGetCode(workload, out var code, out var container, out var index) || !code.KnowsPorts)
            {
                continue;
            }

            var containerPorts = container.Ports ?? [];
            var servicePorts = ServiceTargets(context, workload, container);
            foreach (var codePort in code.Ports)
            {
                if (ReservedPorts.Find(codePort.Number, context.MeshOf(workload).DataPlane, context.Options.IstioRelease) is not null
                    || containerPorts.Any(p => p?.ContainerPort == codePort.Number)
                    || servicePorts.Contains(codePort.Number))
                {
                    continue;
                }

                var source = codePort.Declared ? "declared with [assembly: MeshPort]" : "found in the code's listeners";
                var name = string.IsNullOrEmpty(codePort.Name) ? string.Empty : $", name: {codePort.Name}";
                var appProtocol = string.IsNullOrEmpty(codePort.AppProtocol) ? string.Empty : $" with appProtocol: {codePort.AppProtocol}";
                findings.Add(ManifestRules.CodePortNotDeclared.At(
                    workload.Locate("containers", index, containerPorts.Count > 0 ? "ports" : "name"),
                    codePort.Declared ? Severity.Warning : Severity.Info,
                    $"{code.AssemblyName} listens on port {Number(codePort.Number)} ({codePort.Protocol}, {source}), but neither container '{container.Name}' of {workload.Source.DisplayName} " +
                    $"nor a Service selecting it declares that port: callers cannot reach it through a Service and Istio cannot apply its protocol. " +
                    $"Add containerPort: {Number(codePort.Number)}{name}, and a Service port{appProtocol}."));
            }

            for (var p = 0; p < containerPorts.Count; p++)
            {
                if (containerPorts[p] is not { } declared
                    || ReservedPorts.IsProxyStatusPort(declared.ContainerPort)
                    || code.Ports.Any(cp => cp.Number == declared.ContainerPort))
                {
                    continue;
                }

                var listens = string.Join(", ", code.Ports.Select(cp => Number(cp.Number)));
                findings.Add(ManifestRules.DeclaredPortNotServed.At(workload.Locate("containers", index, "ports", p),
                    $"Container '{container.Name}' of {workload.Source.DisplayName} declares port {Number(declared.ContainerPort)}, but {code.AssemblyName} does not listen on it " +
                    $"(it listens on {listens}): a Service or probe aimed at it gets connection refused (503 UF through the mesh). Remove the port or make the app listen there."));
            }
        }
    }

    private static HashSet<int> ServiceTargets(CheckContext context, PodWorkload workload, V1Container container)
    {
        var targets = new HashSet<int>();
        foreach (var service in context.Services)
        {
            if (service.Model is not V1Service { Spec.Ports: { } ports } || !workload.IsSelectedBy(service))
            {
                continue;
            }

            foreach (var port in ports)
            {
                if (port is null)
                {
                    continue;
                }

                var target = PortReferences.TargetOf(port);
                if (PortReferences.Number(target) is { } number)
                {
                    targets.Add(number);
                }
                else
                {
                    foreach (var resolved in PortReferences.Resolve(workload, target))
                    {
                        if (resolved.Container == container)
                        {
                            targets.Add(resolved.Port.ContainerPort);
                        }
                    }
                }
            }
        }

        return targets;
    }

    private static string Number(int port) => port.ToString(CultureInfo.InvariantCulture);
}
