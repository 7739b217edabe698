using System;
using System.Collections.Generic;
using System.Linq;
using MeshReady.Analyzers.Mesh;
using MeshReady.Manifests.Mesh;
using MeshReady.Manifests.Model;

namespace MeshReady.Manifests.Checks;

/// <summary>
/// MESH106: a Job/CronJob pod with a classic sidecar completes only when istio-proxy exits too; without native
/// sidecars and without the quit call (in the code or the container command) it stays Running forever.
/// </summary>
internal sealed class JobSidecarCheck : IManifestCheck
{
    public void Run(CheckContext context, List<Finding> findings)
    {
        foreach (var workload in context.Workloads)
        {
            if (!workload.RunsToCompletion || !context.MeshOf(workload).HasClassicSidecar || QuitsInCommand(workload))
            {
                continue;
            }

            bool? quits = context.TryGetCode(workload, out var code, out _, out _) ? code.QuitsSidecar : null;
            if (quits == true)
            {
                continue;
            }

            var severity = quits == false ? Severity.Warning : Severity.Info;
            var codeNote = quits == false
                ? $"The code of {code.AssemblyName} never calls MeshProxy.QuitAsync()"
                : "Nothing in the pod stops the sidecar (the code was not checked: pass --assembly to know)";
            findings.Add(ManifestRules.JobWithClassicSidecar.At(workload.Source.Location, severity,
                $"{workload.Source.DisplayName} runs to completion in a pod with a classic istio-proxy sidecar. {codeNote}, so when the program exits the pod stays Running (1/2 ready) " +
                $"and the Job never completes. Call `await MeshProxy.QuitAsync()` (POST http://127.0.0.1:{IstioProxy.StatusPort}{IstioProxy.QuitPath}) before the program exits" +
                NativeAdvice(context.Options.IstioRelease)));
        }
    }

    /// <summary>How to get a native sidecar at the configured release: the per-pod switch exists from 1.24, native sidecars from 1.19.</summary>
    private static string NativeAdvice(IstioRelease release)
    {
        const string Why = "Kubernetes stops them after the app, and QuitAsync then skips the quit when the container has MESHREADY_SIDECAR_STATUS from the downward API: see meshready ports";
        return release >= IstioRelease.NativeSidecarAnnotation
            ? $", or enable native sidecars (pod annotation {PodMesh.NativeSidecarKey}: \"true\"; {Why})."
            : release >= IstioRelease.NativeSidecars
                ? $", or enable native sidecars (Istio {release} has no per-pod switch: istiod's ENABLE_NATIVE_SIDECARS=true for the whole mesh, on Kubernetes with SidecarContainers; {Why})."
                : $" (Istio {release} cannot inject native sidecars; they arrive in {IstioRelease.NativeSidecars}).";
    }

    private static bool QuitsInCommand(PodWorkload workload)
    {
        foreach (var (container, _) in workload.AppContainers)
        {
            var words = ((IEnumerable<string>?)container.Command ?? []).Concat((IEnumerable<string>?)container.Args ?? []);
            if (words.Any(word => word?.Contains("quitquitquit", StringComparison.OrdinalIgnoreCase) == true))
            {
                return true;
            }
        }

        return false;
    }
}
