using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using MeshReady.Analyzers.Mesh;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MeshReady.Analyzers.Infrastructure;

/// <summary>
/// The MeshReady options in force for one syntax tree: <c>.editorconfig</c> / global config keys
/// (<c>meshready.*</c>) first, then the MSBuild properties made visible to the compiler
/// (<c>build_property.MeshReady*</c>), then the documented defaults. Analyzers get them from their
/// <see cref="MeshContext"/>, which reads them once per compilation and tree; nothing caches them by options object.
/// Invalid values fall back to the default and are listed in <see cref="Errors"/> for MESH901.
/// </summary>
internal sealed class MeshOptions
{
    public static readonly TimeSpan DefaultIdleTimeout = TimeSpan.FromHours(1);
    public static readonly TimeSpan DefaultDrainDuration = TimeSpan.FromSeconds(5);
    public const string DefaultClusterDomain = "cluster.local";

    private MeshOptions(
        DataPlane dataPlane,
        Workload workload,
        TimeSpan idleTimeout,
        TimeSpan drainDuration,
        string clusterDomain,
        ImmutableArray<string> outboundIo,
        ImmutableArray<IPRange> allowedIPs,
        IstioRelease istioRelease,
        ImmutableArray<OptionError> errors)
    {
        IstioRelease = istioRelease;
        DataPlane = dataPlane;
        Workload = workload;
        IdleTimeout = idleTimeout;
        DrainDuration = drainDuration;
        ClusterDomain = clusterDomain;
        OutboundIo = outboundIo;
        AllowedIPs = allowedIPs;
        Errors = errors;
    }

    /// <summary>Options when nothing is configured.</summary>
    public static MeshOptions Default { get; } = new(
        DataPlane.Sidecar, Workload.Service, DefaultIdleTimeout, DefaultDrainDuration, DefaultClusterDomain, ImmutableArray<string>.Empty, ImmutableArray<IPRange>.Empty, IstioRelease.Newest, ImmutableArray<OptionError>.Empty);

    public DataPlane DataPlane { get; }

    public Workload Workload { get; }

    /// <summary>Envoy's HTTP/TCP idle timeout (<c>meshready.idle_timeout</c>, default 1 h).</summary>
    public TimeSpan IdleTimeout { get; }

    /// <summary>istio-proxy's <c>terminationDrainDuration</c> (<c>meshready.drain_duration</c>, default 5 s).</summary>
    public TimeSpan DrainDuration { get; }

    /// <summary>Kubernetes cluster domain (<c>meshready.cluster_domain</c>, default <c>cluster.local</c>).</summary>
    public string ClusterDomain { get; }

    /// <summary>
    /// Extra outbound-I/O members (<c>meshready.outbound_io</c>): <c>Namespace.Type</c> (every method) or
    /// <c>Namespace.Type.Method</c>, added to the lifecycle rules' built-in list.
    /// </summary>
    public ImmutableArray<string> OutboundIo { get; }

    /// <summary>Destinations MESH020 accepts as IP literals (<c>meshready.allowed_ips</c>, default none).</summary>
    public ImmutableArray<IPRange> AllowedIPs { get; }

    /// <summary>The Istio release the mesh runs (<c>meshready.istio_version</c>, default <see cref="IstioRelease.Newest"/>).</summary>
    public IstioRelease IstioRelease { get; }

    /// <summary>Values that could not be read; each fell back to its default.</summary>
    public ImmutableArray<OptionError> Errors { get; }

    /// <summary>Reads options from a tree's options with the project's global options behind them.</summary>
    public static MeshOptions Read(AnalyzerConfigOptions treeOptions, AnalyzerConfigOptions globalOptions)
    {
        var errors = ImmutableArray.CreateBuilder<OptionError>();
        var lookup = new OptionLookup(treeOptions, globalOptions);

        var dataPlane = lookup.Enum(MeshOptionKeys.DataPlane, DataPlane.Sidecar, DataPlaneNames, errors);
        var workload = lookup.Enum(MeshOptionKeys.Workload, Workload.Service, WorkloadNames, errors);
        var idle = lookup.Duration(MeshOptionKeys.IdleTimeout, DefaultIdleTimeout, errors);
        var drain = lookup.Duration(MeshOptionKeys.DrainDuration, DefaultDrainDuration, errors);
        var domain = lookup.ClusterDomain(MeshOptionKeys.ClusterDomain, DefaultClusterDomain, errors);
        var outboundIo = lookup.QualifiedNames(MeshOptionKeys.OutboundIo, errors);
        var allowedIPs = lookup.IPRanges(MeshOptionKeys.AllowedIPs, errors);
        var release = lookup.IstioRelease(MeshOptionKeys.IstioVersion, errors);

        return new MeshOptions(dataPlane, workload, idle, drain, domain, outboundIo, allowedIPs, release, errors.ToImmutable());
    }

    /// <summary>True when the configured data plane makes a rule moot (see each rule's docs page).</summary>
    public bool Silences(DataPlanes mootUnder)
        => DataPlane switch
        {
            DataPlane.None => true,
            DataPlane.Ambient => (mootUnder & DataPlanes.Ambient) != 0,
            DataPlane.NativeSidecar => (mootUnder & DataPlanes.NativeSidecar) != 0,
            _ => false,
        };

    internal static readonly IReadOnlyDictionary<string, DataPlane> DataPlaneNames = new Dictionary<string, DataPlane>(StringComparer.OrdinalIgnoreCase)
    {
        ["sidecar"] = DataPlane.Sidecar,
        ["native_sidecar"] = DataPlane.NativeSidecar,
        ["ambient"] = DataPlane.Ambient,
        ["none"] = DataPlane.None,
    };

    internal static readonly IReadOnlyDictionary<string, Workload> WorkloadNames = new Dictionary<string, Workload>(StringComparer.OrdinalIgnoreCase)
    {
        ["service"] = Workload.Service,
        ["job"] = Workload.Job,
    };
}

/// <summary>Data planes under which a rule has nothing to say (flags; <see cref="DataPlane.None"/> silences every rule).</summary>
[Flags]
internal enum DataPlanes
{
    NoneMoot = 0,
    NativeSidecar = 1,
    Ambient = 2,
}
