using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using k8s.Models;
using MeshReady.Analyzers.Mesh;
using MeshReady.Manifests.Model;

namespace MeshReady.Manifests.Checks;

/// <summary>
/// MESH110: a probe points at a port the container does not declare. A name the container lacks cannot be
/// resolved, so the probe always fails; an undeclared number is reported at Info (Warning when the code's ports
/// show nothing listens there).
/// </summary>
internal sealed class ProbePortCheck : IManifestCheck
{
    public void Run(CheckContext context, List<Finding> findings)
    {
        foreach (var workload in context.Workloads)
        {
            context.TryGetCode(workload, out var code, out var codeContainer, out _);
            foreach (var (container, c) in workload.AppContainers)
            {
                Check(context, workload, container, c, "livenessProbe", container.LivenessProbe, codeContainer == container ? code : null, findings);
                Check(context, workload, container, c, "readinessProbe", container.ReadinessProbe, codeContainer == container ? code : null, findings);
                Check(context, workload, container, c, "startupProbe", container.StartupProbe, codeContainer == container ? code : null, findings);
            }
        }
    }

    private static void Check(CheckContext context, PodWorkload workload, V1Container container, int index, string probeName, V1Probe? probe, Code.CodeFacts? code, List<Finding> findings)
    {
        if (probe is null)
        {
            return;
        }

        var (handler, reference) = probe switch
        {
            { HttpGet.Port: { } port } => ("httpGet", port),
            { TcpSocket.Port: { } port } => ("tcpSocket", port),
            { Grpc: { } grpc } => ("grpc", (IntOrString)grpc.Port.ToString(CultureInfo.InvariantCulture)),
            _ => (null, null),
        };
        if (handler is null || reference is null)
        {
            return;
        }

        var declared = container.Ports ?? [];
        var location = workload.Locate("containers", index, probeName, handler, "port");
        if (PortReferences.Number(reference) is not { } number)
        {
            if (!declared.Any(p => p?.Name == reference.Value))
            {
                findings.Add(ManifestRules.ProbePortUndeclared.At(location,
                    $"The {probeName} of container '{container.Name}' in {workload.Source.DisplayName} uses the port name '{reference.Value}', which the container does not declare: " +
                    "the kubelet cannot resolve it, so the probe fails every time and the pod never becomes Ready (or is restarted). Use a declared port name or the number."));
            }

            return;
        }

        if (declared.Count == 0 || ReservedPorts.IsProxyStatusPort(number) || declared.Any(p => p?.ContainerPort == number))
        {
            return;
        }

        var codeSaysClosed = code is { KnowsPorts: true } && code.Ports.All(p => p.Number != number);
        var list = string.Join(", ", declared.Where(p => p is not null).Select(p => p.ContainerPort.ToString(CultureInfo.InvariantCulture)));
        var evidence = codeSaysClosed ? $", and the code of {code!.AssemblyName} does not listen on it" : string.Empty;
        findings.Add(ManifestRules.ProbePortUndeclared.At(location, codeSaysClosed ? Severity.Warning : Severity.Info,
            $"The {probeName} of container '{container.Name}' in {workload.Source.DisplayName} checks port {number.ToString(CultureInfo.InvariantCulture)}, which the container does not declare (it declares {list}){evidence}: " +
            "if nothing listens there the probe fails and the pod is restarted or never becomes Ready. Probe a declared port, or declare this one."));
    }
}
