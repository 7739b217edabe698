using System;
using System.Collections.Generic;
using System.IO;
using k8s;
using k8s.Models;
using MeshReady.Analyzers.Mesh;
using MeshReady.Manifests.Checks;
using MeshReady.Manifests.Code;
using MeshReady.Manifests.Mesh;

namespace MeshReady.Tool;

/// <summary><c>meshready ports --assembly &lt;dll&gt;</c>: the port YAML the code's ports call for, built as Kubernetes models.</summary>
internal static class PortsCommand
{
    private const string Name = "ports";

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var parsed = ParsedArguments.Parse(args, ["--assembly", "--istio-version"]);
        if (parsed.HelpRequested)
        {
            stdout.WriteLine(HelpText.Ports);
            return ExitCodes.Success;
        }

        if (parsed.Errors.Count > 0 || parsed.Positional.Count > 0)
        {
            var errors = new List<string>(parsed.Errors);
            if (parsed.Positional.Count > 0)
            {
                errors.Add($"unexpected argument '{parsed.Positional[0]}'");
            }

            return Cli.UsageError(stderr, Name, string.Join("; ", errors));
        }

        if (parsed.Option("--assembly") is not { } assembly)
        {
            return Cli.UsageError(stderr, Name, "--assembly <dll> is required");
        }

        var release = IstioRelease.Newest;
        if (parsed.Option("--istio-version") is { } releaseText && !IstioRelease.TryParse(releaseText, out release))
        {
            return Cli.UsageError(stderr, Name, $"--istio-version must be an Istio release from {IstioRelease.Oldest} on, such as 1.24 or 1.27.3, not '{releaseText}'");
        }

        if (!Cli.TryReadAssembly(assembly, stderr, Name, out var code, out var readError))
        {
            return readError;
        }

        if (!code.KnowsPorts)
        {
            stderr.WriteLine($"meshready ports: '{assembly}' records no ports (no MeshReady.Port metadata). Is the MeshReady generator enabled, and does the code listen on a known port?");
            return ExitCodes.Findings;
        }

        var servicePorts = new List<V1ServicePort>();
        var containerPorts = new List<V1ContainerPort>();
        foreach (var port in code.Ports)
        {
            var name = PortName(port);
            servicePorts.Add(new V1ServicePort
            {
                Name = name,
                Port = port.Number,
                TargetPort = name,
                AppProtocol = AppProtocol(port, release),
            });
            containerPorts.Add(new V1ContainerPort { Name = name, ContainerPort = port.Number });
        }

        // Two YAML documents: the serialiser ends without a newline, so each is closed explicitly and the second
        // starts with "---" (otherwise the comment runs into the last value and the output is not YAML).
        stdout.WriteLine($"# Service spec ports for {code.AssemblyName}");
        stdout.WriteLine(KubernetesYaml.Serialize(new V1ServiceSpec { Ports = servicePorts }).TrimEnd('\n', '\r'));
        stdout.WriteLine("---");
        stdout.WriteLine($"# Container ports for {code.AssemblyName}, and the pod's sidecar.istio.io/status annotation (downward API):");
        stdout.WriteLine("# with it MeshProxy.WaitUntilReadyAsync/QuitAsync tell a classic, a native and no sidecar apart at once.");
        stdout.WriteLine(KubernetesYaml.Serialize(new V1Container { Ports = containerPorts, Env = [SidecarStatusEnv] }).TrimEnd('\n', '\r'));
        return ExitCodes.Success;
    }

    /// <summary>The downward-API variable the generated MeshProxy reads (docs/generated-api.md).</summary>
    internal static V1EnvVar SidecarStatusEnv => new()
    {
        Name = IstioProxy.SidecarStatusVariable,
        ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = SidecarSignalCheck.StatusFieldPath } },
    };

    /// <summary>
    /// The generator's <c>appProtocol</c>, except that releases before 1.19 read no <c>kubernetes.io/</c> value (the port
    /// would be sniffed): the Istio protocol name then (<c>http2</c> for <c>kubernetes.io/h2c</c>).
    /// </summary>
    private static string? AppProtocol(CodePort port, IstioRelease release)
    {
        if (string.IsNullOrEmpty(port.AppProtocol))
        {
            return null;
        }

        return release < IstioRelease.KubernetesAppProtocols && MeshProtocols.Declared(null, port.AppProtocol)?.IstioName is { } name
            && port.AppProtocol.StartsWith("kubernetes.io/", StringComparison.Ordinal)
            ? name
            : port.AppProtocol;
    }

    /// <summary>The generator's Istio name, or one built from the protocol (container port names max 15 chars).</summary>
    private static string PortName(CodePort port)
    {
        if (!string.IsNullOrEmpty(port.Name) && port.Name.Length <= 15)
        {
            return port.Name;
        }

        var protocol = MeshProtocols.FromPortName(port.Protocol)?.IstioName ?? "tcp";
        var name = $"{protocol}-{port.Number}";
        return name.Length <= 15 ? name : protocol;
    }
}
