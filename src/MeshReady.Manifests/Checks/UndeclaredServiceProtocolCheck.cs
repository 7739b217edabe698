using MeshReady.Analyzers.Mesh;
using System.Collections.Generic;
using System.Globalization;
using k8s.Models;
using MeshReady.Analyzers.Infrastructure;
using MeshReady.Manifests.Model;

namespace MeshReady.Manifests.Checks;

/// <summary>
/// MESH101: a Service port with neither an Istio protocol prefix nor a known <c>appProtocol</c> is sniffed
/// (IST0118). Info on its own; Warning when the container port's name or the code says the port carries a
/// protocol sniffing gets wrong (gRPC/HTTP/2, TLS, server-first TCP).
/// </summary>
internal sealed class UndeclaredServiceProtocolCheck : IManifestCheck
{
    public void Run(CheckContext context, List<Finding> findings)
    {
        var release = context.Options.IstioRelease;
        foreach (var service in context.Services)
        {
            if (service.Model is not V1Service { Spec.Ports: { } ports } model
                || model.Spec.Type == "ExternalName"
                || CheckContext.IsIstioComponent(service.Namespace, model.Spec.Selector)
                || context.DataPlaneOf(service) is not (DataPlane.Sidecar or DataPlane.NativeSidecar))
            {
                continue;
            }

            for (var i = 0; i < ports.Count; i++)
            {
                var port = ports[i];
                if (port is null
                    || port.Protocol is "UDP" or "SCTP"
                    || MeshProtocols.Declared(port.Name, port.AppProtocol, port.Port, release: release) is not null
                    || port.AppProtocol == MeshProtocols.HboneAppProtocol)
                {
                    continue;
                }

                var location = service.Locate("spec", "ports", i);
                var (protocol, evidence) = Evidence(context, service, port);
                var suffix = string.IsNullOrEmpty(port.Name) ? service.Name : port.Name;
                if (protocol is null)
                {
                    findings.Add(ManifestRules.UndeclaredServiceProtocol.At(location,
                        $"{service.DisplayName} port {PortReferences.Describe(port)} declares no protocol (no Istio name prefix such as http-, grpc- or tcp-, and no appProtocol), " +
                        $"so Istio sniffs its traffic (istioctl IST0118): fine for plain HTTP, but server-first protocols hang and gRPC can be downgraded. " +
                        $"Set appProtocol (http, {MeshProtocols.AppProtocolFor("http2", release)}, grpc, tcp) or name the port '<protocol>-{suffix}'."));
                    continue;
                }

                findings.Add(ManifestRules.UndeclaredServiceProtocol.At(location, Severity.Warning,
                    $"{service.DisplayName} port {PortReferences.Describe(port)} declares no protocol, but {evidence} says it carries {protocol}; " +
                    $"Istio sniffs undeclared ports and gets {protocol} wrong: {Symptom(protocol)}. " +
                    $"Set appProtocol: {MeshProtocols.AppProtocolFor(protocol, release)} (or name the port '{protocol}-{suffix}')."));
            }
        }
    }

    private static (string? Protocol, string Evidence) Evidence(CheckContext context, ManifestObject service, V1ServicePort port)
    {
        var target = PortReferences.TargetOf(port);
        foreach (var workload in context.SelectedBy(service))
        {
            foreach (var (container, _, containerPort) in PortReferences.Resolve(workload, target))
            {
                if (MeshProtocols.FromPortName(containerPort.Name)?.IstioName is { } named && MeshProtocols.SniffingBreaks(named))
                {
                    return (named, $"the port name '{containerPort.Name}' of container '{container.Name}' in {workload.Source.DisplayName}");
                }

                if (context.TryGetCode(workload, out var code, out var codeContainer, out _) && codeContainer == container)
                {
                    foreach (var codePort in code.Ports)
                    {
                        if (codePort.Number == containerPort.ContainerPort && MeshProtocols.SniffingBreaks(codePort.Protocol))
                        {
                            return (codePort.Protocol, $"the code of {code.AssemblyName} (port {codePort.Number.ToString(CultureInfo.InvariantCulture)})");
                        }
                    }
                }
            }
        }

        return (null, string.Empty);
    }

    private static string Symptom(string protocol) => protocol switch
    {
        "grpc" or "grpc-web" or "http2" => "calls can fail with 'Response protocol downgraded to HTTP/1.1' or 503s",
        "tls" or "https" => "TLS passes as opaque TCP, without SNI routing, and a TLS-speaking server-first peer hangs",
        _ => "a server-first protocol (the server speaks first, as MySQL or SMTP do) hangs forever, because the proxy waits for the client's first bytes",
    };
}
