using System.Collections.Generic;
using System.Globalization;
using k8s.Models;
using MeshReady.Analyzers.Infrastructure;
using MeshReady.Analyzers.Mesh;
using MeshReady.Manifests.Model;

namespace MeshReady.Manifests.Checks;

/// <summary>MESH102: a container or Service uses a port the Istio proxy binds in the pod.</summary>
internal sealed class ReservedPortCheck : IManifestCheck
{
    public void Run(CheckContext context, List<Finding> findings)
    {
        var release = context.Options.IstioRelease;
        foreach (var workload in context.Workloads)
        {
            var plane = context.MeshOf(workload).DataPlane;
            if (plane == DataPlane.None || CheckContext.IsIstioComponent(workload.Source.Namespace, workload.PodLabels))
            {
                continue;
            }

            foreach (var (container, c) in workload.AppContainers)
            {
                var ports = container.Ports ?? [];
                for (var p = 0; p < ports.Count; p++)
                {
                    if (ports[p] is { } port && ReservedPorts.Find(port.ContainerPort, plane, release) is { } reserved)
                    {
                        findings.Add(ManifestRules.ReservedPort.At(workload.Locate("containers", c, "ports", p, "containerPort"),
                            $"Container '{container.Name}' in {workload.Source.DisplayName} declares port {Number(port.ContainerPort)}, which {Owner(plane)} uses in the same pod for {reserved.Use} ({reserved.Binding}): " +
                            "the app or the proxy fails to bind, or mesh traffic lands in the app. Move the app to another port (e.g. 8080)."));
                    }
                }
            }
        }

        foreach (var service in context.Services)
        {
            if (service.Model is not V1Service { Spec.Ports: { } ports } model || CheckContext.IsIstioComponent(service.Namespace, model.Spec.Selector))
            {
                continue;
            }

            var plane = context.DataPlaneOf(service);
            for (var i = 0; i < ports.Count; i++)
            {
                if (ports[i] is not { } port)
                {
                    continue;
                }

                var target = PortReferences.Number(port.TargetPort);
                var (field, reserved) = ReservedPorts.Find(target, plane, release) is { } t ? ("targetPort", t)
                    : ReservedPorts.Find(port.Port, plane, release) is { } p ? ("port", p) : (null, null);
                if (field is null || reserved is null)
                {
                    continue;
                }

                findings.Add(ManifestRules.ReservedPort.At(service.Locate("spec", "ports", i, field),
                    $"{service.DisplayName} uses port {Number(reserved.Port)} ({field}), which {Owner(plane)} uses in meshed pods for {reserved.Use} ({reserved.Binding}): " +
                    "traffic for it reaches the proxy instead of the app. Serve and expose the app on another port (e.g. 8080)."));
            }
        }
    }

    private static string Number(int port) => port.ToString(CultureInfo.InvariantCulture);

    private static string Owner(DataPlane plane) => plane == DataPlane.Ambient ? "ztunnel (ambient mode)" : "the Istio sidecar";
}
