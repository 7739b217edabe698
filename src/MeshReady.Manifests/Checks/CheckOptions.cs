using System;
using System.Collections.Generic;
using MeshReady.Analyzers.Infrastructure;
using MeshReady.Analyzers.Mesh;
using MeshReady.Manifests.Code;

namespace MeshReady.Manifests.Checks;

/// <summary>What the checks know beyond the manifests: the configured data plane, the proxy's drain, and the code.</summary>
internal sealed record CheckOptions
{
    public static readonly TimeSpan DefaultDrainDuration = TimeSpan.FromSeconds(5);

    /// <summary>The data plane assumed where a pod's labels and annotations do not say (<c>meshready.data_plane</c>).</summary>
    public DataPlane DataPlane { get; init; } = DataPlane.Sidecar;

    /// <summary>The Istio release the cluster runs (<c>meshready.istio_version</c>); decides which ports the proxy binds.</summary>
    public IstioRelease IstioRelease { get; init; } = IstioRelease.Newest;

    /// <summary>istio-proxy's <c>terminationDrainDuration</c> where a pod does not set it.</summary>
    public TimeSpan DrainDuration { get; init; } = DefaultDrainDuration;

    /// <summary>The built assembly's metadata, when <c>--assembly</c> was given.</summary>
    public CodeFacts? Code { get; init; }

    /// <summary>
    /// Which workload runs the code: <c>name</c> or <c>name/container</c>. When null, the workload is matched
    /// by container image (the image's repository name equals the assembly name, ignoring case and punctuation).
    /// </summary>
    public string? Workload { get; init; }

    /// <summary>
    /// Istio's <c>meshConfig.rootNamespace</c>, where mesh-wide policies live: <c>--root-namespace</c>, in cluster mode the
    /// <c>istio</c> ConfigMap's value, else Istio's default.
    /// </summary>
    public string RootNamespace { get; init; } = IstioMeshConfig.DefaultRootNamespace;

    /// <summary>Where the checked objects came from, for messages: "the checked files", or the cluster.</summary>
    public string Scope { get; init; } = "the checked files";

    /// <summary>Rule IDs not to report at all (<c>--ignore</c>, or the project's <c>NoWarn</c> in the build).</summary>
    public IReadOnlySet<string> Ignored { get; init; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
}
