using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using k8s.Models;
using MeshReady.Analyzers.Mesh;
using MeshReady.Manifests.Model;

namespace MeshReady.Manifests.Checks;

/// <summary>
/// MESH114: a Service port carrying a server-first protocol (SMTP, MySQL, ...) whose sidecar pods are under PERMISSIVE
/// mTLS for that port. PERMISSIVE makes the sidecar wait for the client's first bytes to tell mTLS from plaintext, on TCP
/// ports too (pilot/pkg/networking/core/filterchain_options.go, 1.28.0), so a plaintext client and a server that speaks
/// first wait for each other. The mode is composed as istiod composes it (pilot/pkg/security/authn/policy_applier.go
/// <c>ComposePeerAuthentication</c>, 1.28.0): PERMISSIVE by default, then the mesh-wide policy (root namespace, no
/// selector; <c>meshConfig.rootNamespace</c>, <see cref="CheckOptions.RootNamespace"/>), the namespace's, the workload's (selector), and its <c>portLevelMtls</c> entry for the container port.
/// </summary>
internal sealed class ServerFirstMtlsCheck : IManifestCheck
{
    public void Run(CheckContext context, List<Finding> findings)
    {
        foreach (var service in context.Services)
        {
            if (service.Model is not V1Service { Spec.Ports: { } ports })
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
                var declared = MeshProtocols.Declared(port.Name, port.AppProtocol, port.Port, release: context.Options.IstioRelease)?.IstioName;
                foreach (var workload in context.SelectedBy(service))
                {
                    if (!context.MeshOf(workload).HasSidecar)
                    {
                        continue;
                    }

                    foreach (var containerPort in TargetNumbers(workload, target))
                    {
                        var protocol = MeshProtocols.ServerFirstProtocolOnPort(port.Port)
                            ?? MeshProtocols.ServerFirstProtocolOnPort(containerPort)
                            ?? (declared == "mysql" ? "MySQL" : null);
                        if (protocol is null)
                        {
                            continue;
                        }

                        var (mode, from) = EffectiveMode(context.PeerAuthentications, workload, containerPort, context.Options.RootNamespace, context.Options.Scope);
                        if (mode != "PERMISSIVE")
                        {
                            continue;
                        }

                        findings.Add(ManifestRules.ServerFirstPermissiveMtls.At(service.Locate("spec", "ports", i, "port"),
                            $"{service.DisplayName} port {PortReferences.Describe(port)} carries {protocol}, a server-first protocol, to {workload.Source.DisplayName} " +
                            $"(container port {containerPort.ToString(CultureInfo.InvariantCulture)}), whose sidecar runs PERMISSIVE mTLS there ({from}): the sidecar waits for the client's first bytes " +
                            "to tell mTLS from plaintext, so a client without a sidecar and the server wait for each other and the connection hangs until the client times out, " +
                            "even with the port declared TCP. Add a PeerAuthentication with mode STRICT (mesh clients only) or DISABLE (plaintext clients) for this port " +
                            $"(portLevelMtls \"{containerPort.ToString(CultureInfo.InvariantCulture)}\" with a selector for the pods, or the namespace's mode)."));
                    }
                }
            }
        }
    }

    private static IEnumerable<int> TargetNumbers(PodWorkload workload, IntOrString target)
        => PortReferences.Number(target) is { } number
            ? [number]
            : PortReferences.Resolve(workload, target).Select(p => p.Port.ContainerPort).Distinct();

    /// <summary>The mode for one container port of the workload's pods, and which policy decided it.</summary>
    /// <param name="rootNamespace">meshConfig.rootNamespace (<see cref="CheckOptions.RootNamespace"/>).</param>
    /// <param name="scope">Where the policies were read, for the message (<see cref="CheckOptions.Scope"/>).</param>
    internal static (string Mode, string From) EffectiveMode(IReadOnlyList<ManifestObject> policies, PodWorkload workload, int containerPort, string rootNamespace, string scope)
    {
        var @namespace = workload.Source.Namespace;
        ManifestObject? mesh = null, space = null, selected = null;
        foreach (var policy in policies)
        {
            // The oldest wins within a scope; manifests carry no creation time, so the first in file order stands in.
            var spec = ((PeerAuthentication)policy.Model).Spec;
            var labels = spec?.Selector?.MatchLabels;
            if (labels is null || labels.Count == 0)
            {
                if (policy.Namespace == rootNamespace)
                {
                    mesh ??= policy;
                }
                else if (policy.Namespace == @namespace)
                {
                    space ??= policy;
                }
            }
            else if (policy.Namespace != rootNamespace && policy.Namespace == @namespace
                && labels.All(l => workload.PodLabels.TryGetValue(l.Key, out var value) && value == l.Value))
            {
                selected ??= policy;
            }
        }

        var mode = "PERMISSIVE";
        var applying = new[] { mesh, space, selected }.Where(p => p is not null).Select(p => "PeerAuthentication/" + p!.Name).ToList();
        var from = applying.Count == 0
            ? $"no PeerAuthentication in {scope} applies, and PERMISSIVE is Istio's default"
            : $"{string.Join(", ", applying)} set no mode for it, and PERMISSIVE is Istio's default";
        foreach (var policy in new[] { mesh, space, selected })
        {
            if (policy is not null && Mode(((PeerAuthentication)policy.Model).Spec?.Mtls) is { } set)
            {
                mode = set;
                from = $"PeerAuthentication/{policy.Name}" + (policy == mesh ? $" in the root namespace {rootNamespace}" : string.Empty);
            }
        }

        if (selected is not null
            && ((PeerAuthentication)selected.Model).Spec?.PortLevelMtls is { } perPort
            && perPort.TryGetValue(containerPort.ToString(CultureInfo.InvariantCulture), out var portMtls)
            && Mode(portMtls) is { } portMode)
        {
            mode = portMode;
            from = $"PeerAuthentication/{selected.Name} portLevelMtls";
        }

        return (mode, from);
    }

    /// <summary>The mode a policy sets, or null for UNSET/missing (inherit from the wider scope).</summary>
    private static string? Mode(PeerAuthenticationMtls? mtls)
        => mtls?.Mode?.ToUpperInvariant() is { } mode && mode is "STRICT" or "PERMISSIVE" or "DISABLE" ? mode : null;
}
