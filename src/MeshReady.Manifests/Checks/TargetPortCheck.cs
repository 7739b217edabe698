using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using k8s.Models;
using MeshReady.Analyzers.Mesh;
using MeshReady.Manifests.Model;

namespace MeshReady.Manifests.Checks;

/// <summary>
/// MESH103: a Service's <c>targetPort</c> matches no container port of the pods it selects. A named target
/// that no container declares leaves the Service without endpoints; a number no container declares is
/// reported at Info, or at Warning when the code's ports show nothing listens there. A Dapr sidecar's API port (by number
/// or daprd's port name) in a pod with <c>dapr.io/enabled</c> is declared by the injected daprd but bound to loopback unless
/// the pod's <c>dapr.io/sidecar-listen-addresses</c> opens it (<see cref="DaprSidecar"/>): reported at Info with that
/// reason, or not at all when it is open.
/// </summary>
internal sealed class TargetPortCheck : IManifestCheck
{
    public void Run(CheckContext context, List<Finding> findings)
    {
        foreach (var service in context.Services)
        {
            if (service.Model is not V1Service { Spec.Ports: { } ports })
            {
                continue;
            }

            var selected = context.SelectedBy(service);
            if (selected.Count == 0)
            {
                continue;
            }

            for (var i = 0; i < ports.Count; i++)
            {
                if (ports[i] is not { } port)
                {
                    continue;
                }

                var target = PortReferences.TargetOf(port);
                if (selected.Any(w => PortReferences.Resolve(w, target).Any()))
                {
                    continue;
                }

                var workloads = string.Join(", ", selected.Select(w => w.Source.DisplayName).Distinct(StringComparer.Ordinal));
                var location = service.Locate("spec", "ports", i, port.TargetPort is null ? "port" : "targetPort");

                // daprd's API port in a pod with a Dapr sidecar: the injected daprd container declares it, and binds it to
                // loopback unless the pod's listen addresses open it (DaprSidecar), so the Service's traffic is refused.
                var daprPods = selected
                    .Select(w => (Workload: w, Api: DaprSidecar.ApiPortOf(w.PodAnnotations, PortReferences.Number(target), target.Value)))
                    .Where(d => d.Api is not null)
                    .ToList();
                if (daprPods.Count > 0)
                {
                    var closed = daprPods.Where(d => DaprSidecar.BindsOnlyLoopback(DaprSidecar.ListenAddressesOf(d.Workload.PodAnnotations))).ToList();
                    if (closed.Count > 0)
                    {
                        var (apiPort, apiName) = closed[0].Api!.Value;
                        var addresses = DaprSidecar.ListenAddressesOf(closed[0].Workload.PodAnnotations);
                        var pods = string.Join(", ", closed.Select(d => d.Workload.Source.DisplayName).Distinct(StringComparer.Ordinal));
                        findings.Add(ManifestRules.TargetPortMismatch.At(location, Severity.Info,
                            $"{service.DisplayName} port {PortReferences.Describe(port)} sends traffic to port {apiPort.ToString(CultureInfo.InvariantCulture)}, the Dapr sidecar's " +
                            $"{(apiName == DaprSidecar.HttpPortName ? "HTTP" : "gRPC")} API ('{apiName}' of the injected {DaprSidecar.ContainerName} container) in the pods of {pods} ({DaprSidecar.EnabledAnnotation}), " +
                            $"but {DaprSidecar.ContainerName} binds its API to {addresses} only ({DaprSidecar.ListenAddressesAnnotation}): traffic the Service sends to the pod's IP there is refused " +
                            $"(503 UF through the mesh). Remove the port from the Service (the app reaches its {DaprSidecar.ContainerName} on localhost), or, if callers outside the pod need this API, " +
                            $"add a non-loopback address (0.0.0.0) to {DaprSidecar.ListenAddressesAnnotation}."));
                    }

                    continue;
                }
                if (PortReferences.Number(target) is not { } number)
                {
                    findings.Add(ManifestRules.TargetPortMismatch.At(location,
                        $"{service.DisplayName} port {PortReferences.Describe(port)} targets the port named '{target.Value}', but no container of {workloads} declares a port with that name: " +
                        "the Service gets no endpoints for it and callers see connection refused (503 UH through the mesh). Use the container port's name or number."));
                    continue;
                }

                if (!selected.Any(PortReferences.DeclaresAnyPort))
                {
                    continue;
                }

                // Kubernetes forwards to undeclared container ports; when the code listens there, all is well.
                if (selected.Any(w => context.TryGetCode(w, out var code, out _, out _) && code.Ports.Any(p => p.Number == number)))
                {
                    continue;
                }

                var declared = string.Join(", ", selected.SelectMany(w => w.AppContainers).SelectMany(c => c.Container.Ports ?? []).Select(p => p.ContainerPort).Distinct());
                var codeSaysClosed = selected.Any(w => context.TryGetCode(w, out var code, out _, out _) && code.KnowsPorts && code.Ports.All(p => p.Number != number));
                var severity = codeSaysClosed ? Severity.Warning : Severity.Info;
                var evidence = codeSaysClosed ? $" and the code of {context.Options.Code!.AssemblyName} does not listen there either" : string.Empty;
                findings.Add(ManifestRules.TargetPortMismatch.At(location, severity,
                    $"{service.DisplayName} port {PortReferences.Describe(port)} sends traffic to port {number.ToString(CultureInfo.InvariantCulture)}, which no container of {workloads} declares (they declare {declared}){evidence}: " +
                    "if nothing listens there, callers get connection refused (503 UF through the mesh). Point targetPort at the container port, by name or number."));
            }
        }
    }
}
