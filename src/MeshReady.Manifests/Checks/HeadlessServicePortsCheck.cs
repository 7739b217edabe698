using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using k8s.Models;
using MeshReady.Analyzers.Infrastructure;
using MeshReady.Analyzers.Mesh;
using MeshReady.Manifests.Model;

namespace MeshReady.Manifests.Checks;

/// <summary>
/// MESH105: Istio learns a headless Service's ports only from the Service; traffic to pod addresses on ports it
/// does not declare passes through without mTLS, routing or telemetry.
/// </summary>
internal sealed class HeadlessServicePortsCheck : IManifestCheck
{
    public void Run(CheckContext context, List<Finding> findings)
    {
        var headless = context.Services.Where(s => s.Model is V1Service { Spec.ClusterIP: "None" }).ToList();
        foreach (var service in headless)
        {
            var model = (V1Service)service.Model;

            // Istio's own namespaces are skipped as MESH101 skips them (istioctl's control-plane skip; see MESH101's page).
            if (context.DataPlaneOf(service) is not (DataPlane.Sidecar or DataPlane.NativeSidecar)
                || CheckContext.IsIstioComponent(service.Namespace, model.Spec.Selector))
            {
                continue;
            }

            var ports = model.Spec.Ports ?? [];
            if (ports.Count == 0)
            {
                findings.Add(ManifestRules.HeadlessServicePorts.At(service.Locate("spec", "clusterIP"),
                    $"Headless {service.DisplayName} declares no ports: Istio knows a headless Service's ports only from the Service, so calls to its pods " +
                    "(pod-0.name.namespace.svc) pass through the sidecar as plain TCP, without mTLS, routing or telemetry, and STRICT-mTLS peers may reject them. " +
                    "List every port the pods serve, with a protocol name or appProtocol."));
                continue;
            }

            foreach (var workload in context.SelectedBy(service))
            {
                // Istio builds the pod-address listeners from every headless Service that selects the pods, so a port
                // another one declares is covered; one not declared by any is reported once, on the first of them.
                var siblings = headless.Where(h => context.SelectedBy(h).Contains(workload)).ToList();
                if (!ReferenceEquals(siblings.FirstOrDefault(h => ((V1Service)h.Model).Spec.Ports is { Count: > 0 }), service))
                {
                    continue;
                }

                foreach (var (container, c) in workload.AppContainers)
                {
                    var containerPorts = container.Ports ?? [];
                    for (var p = 0; p < containerPorts.Count; p++)
                    {
                        if (containerPorts[p] is not { } containerPort
                            || ReservedPorts.IsProxyStatusPort(containerPort.ContainerPort)
                            || siblings.Any(h => ((V1Service)h.Model).Spec.Ports?.Any(sp => sp is not null && Targets(sp, containerPort)) == true))
                        {
                            continue;
                        }

                        var others = siblings.Count > 1 ? $" (nor does any other headless Service of its pods: {string.Join(", ", siblings.Where(h => !ReferenceEquals(h, service)).Select(h => h.DisplayName))})" : "";
                        findings.Add(ManifestRules.HeadlessServicePorts.At(service.Locate("spec", "ports"), Severity.Info,
                            $"Headless {service.DisplayName} does not declare port {containerPort.ContainerPort.ToString(CultureInfo.InvariantCulture)} of container '{container.Name}' in {workload.Source.DisplayName}{others}: " +
                            "pod-to-pod calls on it (peer traffic, pod-N.name addresses) pass through as plain TCP without mTLS or routing. Add it to the Service's ports."));
                    }
                }
            }
        }
    }

    private static bool Targets(V1ServicePort servicePort, V1ContainerPort containerPort)
    {
        var target = PortReferences.TargetOf(servicePort);
        return PortReferences.Number(target) is { } number ? number == containerPort.ContainerPort : target.Value == containerPort.Name;
    }
}
