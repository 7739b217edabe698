using System.Collections.Generic;
using System.Globalization;
using k8s.Models;
using MeshReady.Manifests.Model;

namespace MeshReady.Manifests.Checks;

/// <summary>Resolving port references the way Kubernetes does: by number, or by a container port's name.</summary>
internal static class PortReferences
{
    /// <summary>The number a <c>targetPort</c>/probe port names literally, or null for a named port.</summary>
    public static int? Number(IntOrString? reference)
        => reference?.Value is { } text && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : null;

    /// <summary>The Service port's target: its <c>targetPort</c>, or its <c>port</c> when none is given.</summary>
    public static IntOrString TargetOf(V1ServicePort port)
        => port.TargetPort?.Value is { Length: > 0 } ? port.TargetPort : (IntOrString)port.Port.ToString(CultureInfo.InvariantCulture);

    /// <summary>The app container ports of the workload that a reference resolves to.</summary>
    public static IEnumerable<(V1Container Container, int ContainerIndex, V1ContainerPort Port)> Resolve(PodWorkload workload, IntOrString reference)
    {
        var number = Number(reference);
        foreach (var (container, index) in workload.AppContainers)
        {
            foreach (var port in container.Ports ?? [])
            {
                if (port is not null && (number is { } n ? port.ContainerPort == n : port.Name == reference.Value))
                {
                    yield return (container, index, port);
                }
            }
        }
    }

    public static bool DeclaresAnyPort(PodWorkload workload)
    {
        foreach (var (container, _) in workload.AppContainers)
        {
            if (container.Ports is { Count: > 0 })
            {
                return true;
            }
        }

        return false;
    }

    public static string Describe(V1ServicePort port)
        => string.IsNullOrEmpty(port.Name) ? port.Port.ToString(CultureInfo.InvariantCulture) : $"{port.Port.ToString(CultureInfo.InvariantCulture)} ('{port.Name}')";
}
