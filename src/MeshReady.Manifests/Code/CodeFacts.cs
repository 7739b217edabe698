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
    /// <summary>True when the assembly recorded at least one port, so "not listening there" is meaningful.</summary>
    public bool KnowsPorts => Ports.Count > 0;
}
