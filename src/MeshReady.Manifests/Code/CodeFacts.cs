using System;
using System.Collections.Generic;
using MeshReady.Analyzers.Infrastructure;

namespace MeshReady.Manifests.Code;

/// <summary>
/// What the built assembly says about the service (docs/assembly-metadata.md). A null or empty member means
/// "unknown", never "false": checks that need it stay silent.
/// </summary>
internal sealed record CodeFacts(
    string AssemblyName,
    IReadOnlyList<CodePort> Ports,
    Workload? Workload,
    DataPlane? DataPlane,
    TimeSpan? ShutdownTimeout,
    bool? StartupCallsUnguarded,
    bool? QuitsSidecar,
    bool? WaitsForProxy = null)
{
    /// <summary>
    /// True for a class library (no entry point in the PE file): a library never runs as a workload, so it is not
    /// matched to one (no MESH914), although the manifest step can run in its project.
    /// </summary>
    public bool IsLibrary { get; init; }

    /// <summary>True when the assembly recorded at least one port, so "not listening there" is meaningful.</summary>
    public bool KnowsPorts => Ports.Count > 0;
}
