using System.Collections.Generic;
using MeshReady.Manifests.Model;

namespace MeshReady.Manifests;

/// <summary>
/// Every rule the manifest checker reports: MESH1nn checks on Kubernetes objects (against Istio's rules and
/// against the built assembly's port and lifecycle metadata) and MESH91n for files (or cluster lists) it cannot read.
/// </summary>
internal static class ManifestRules
{
    public static readonly ManifestRule UndeclaredServiceProtocol = new(
        "MESH101", "Service port declares no protocol (no Istio name prefix, no appProtocol)", Severity.Info);

    public static readonly ManifestRule ReservedPort = new(
        "MESH102", "Container or Service uses a port reserved by the Istio proxy", Severity.Warning);

    public static readonly ManifestRule TargetPortMismatch = new(
        "MESH103", "Service targetPort matches no container port", Severity.Warning);

    public static readonly ManifestRule PortWithTwoProtocols = new(
        "MESH104", "One port number declared with two protocols across Services", Severity.Warning);

    public static readonly ManifestRule HeadlessServicePorts = new(
        "MESH105", "Headless Service does not declare the ports its pods serve", Severity.Warning);

    public static readonly ManifestRule JobWithClassicSidecar = new(
        "MESH106", "Job pod gets a classic sidecar that nothing stops", Severity.Warning);

    public static readonly ManifestRule GracePeriodTooShort = new(
        "MESH107", "terminationGracePeriodSeconds shorter than the code's shutdown budget", Severity.Warning);

    public static readonly ManifestRule StartupWithoutHoldProxy = new(
        "MESH108", "Start-up calls race the sidecar: holdApplicationUntilProxyStarts is not set", Severity.Info);

    public static readonly ManifestRule ProxyUid = new(
        "MESH109", "Container runs as the Istio proxy's UID or GID (1337)", Severity.Warning);

    public static readonly ManifestRule ProbePortUndeclared = new(
        "MESH110", "Probe points at a port the container does not declare", Severity.Warning);

    public static readonly ManifestRule ContainerPortNameTooLong = new(
        "MESH111", "Container port name longer than 15 characters", Severity.Warning);

    public static readonly ManifestRule CodePortNotDeclared = new(
        "MESH112", "The code listens on a port the container does not declare", Severity.Warning);

    public static readonly ManifestRule DeclaredPortNotServed = new(
        "MESH113", "Container declares a port the code does not listen on", Severity.Info);

    public static readonly ManifestRule ServerFirstPermissiveMtls = new(
        "MESH114", "Server-first port under PERMISSIVE mTLS (no STRICT or DISABLE PeerAuthentication)", Severity.Info);

    public static readonly ManifestRule SidecarSignalMissing = new(
        "MESH115", "The code waits for or stops the proxy, but the pod does not give it the sidecar signal (MESHREADY_SIDECAR_STATUS)", Severity.Warning);

    public static readonly ManifestRule InitContainerUsesNetwork = new(
        "MESH116", "Init container uses the network before a classic sidecar starts", Severity.Info);

    public static readonly ManifestRule InvalidYaml = new(
        "MESH910", "Manifest is not valid YAML", Severity.Warning);

    public static readonly ManifestRule UnreadableFile = new(
        "MESH911", "Manifest file cannot be read", Severity.Warning);

    public static readonly ManifestRule SchemaMismatch = new(
        "MESH912", "Kubernetes object does not match its schema", Severity.Warning);

    public static readonly ManifestRule HelmTemplate = new(
        "MESH913", "Unrendered Helm template skipped", Severity.Info);

    public static readonly ManifestRule NoWorkloadRunsTheCode = new(
        "MESH914", "No workload in the manifests runs the built assembly", Severity.Warning);

    public static readonly ManifestRule ClusterListRefused = new(
        "MESH915", "Cluster objects could not be read (list refused or failed)", Severity.Warning);

    public static IReadOnlyList<ManifestRule> All { get; } =
    [
        UndeclaredServiceProtocol, ReservedPort, TargetPortMismatch, PortWithTwoProtocols, HeadlessServicePorts,
        JobWithClassicSidecar, GracePeriodTooShort, StartupWithoutHoldProxy, ProxyUid, ProbePortUndeclared,
        ContainerPortNameTooLong, CodePortNotDeclared, DeclaredPortNotServed, ServerFirstPermissiveMtls, SidecarSignalMissing,
        InitContainerUsesNetwork, InvalidYaml, UnreadableFile, SchemaMismatch, HelmTemplate, NoWorkloadRunsTheCode, ClusterListRefused,
    ];
}
