namespace MeshReady.Analyzers.Infrastructure;

/// <summary>How the workload is meshed (<c>meshready.data_plane</c>). Decides which rules are moot.</summary>
internal enum DataPlane
{
    /// <summary>Classic injected istio-proxy sidecar (the default).</summary>
    Sidecar,

    /// <summary>Sidecar run as a Kubernetes native sidecar (init container with restartPolicy: Always).</summary>
    NativeSidecar,

    /// <summary>Ambient mode: ztunnel per node, optional waypoints; no container in the pod.</summary>
    Ambient,

    /// <summary>Not meshed: every mesh rule stays silent.</summary>
    None,
}

/// <summary>What kind of program the project is (<c>meshready.workload</c> / <c>MeshReadyWorkload</c>).</summary>
internal enum Workload
{
    /// <summary>A long-running service (the default).</summary>
    Service,

    /// <summary>A run-to-completion program (Kubernetes Job or CronJob).</summary>
    Job,
}
