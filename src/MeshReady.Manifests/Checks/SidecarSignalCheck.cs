using System;
using System.Collections.Generic;
using k8s.Models;
using MeshReady.Analyzers.Infrastructure;
using MeshReady.Analyzers.Mesh;
using MeshReady.Manifests.Model;

namespace MeshReady.Manifests.Checks;

/// <summary>
/// MESH115: the code waits for the proxy through the generated helpers (<c>MeshProxy.WaitUntilReadyAsync</c>,
/// <c>AddMeshReadiness</c>), but the container that runs it does not get the pod's <c>sidecar.istio.io/status</c>
/// annotation as <c>MESHREADY_SIDECAR_STATUS</c>. In a pod, the helper concludes "no sidecar" only from that signal
/// (docs/generated-api.md): without it a pod with no sidecar waits the helper's whole timeout at every start, and a pod
/// with one cannot tell a native sidecar from a classic one. Code that only quits the sidecar (<c>MeshProxy.QuitAsync</c>)
/// needs the signal where the sidecar is native, or it quits a sidecar that Kubernetes then restarts.
/// </summary>
internal sealed class SidecarSignalCheck : IManifestCheck
{
    /// <summary>The variable that, set in the container, makes the helper give up on refused connections (accepted risk).</summary>
    private const string AbsentAfterVariable = "MESHREADY_PROXY_ABSENT_AFTER";

    public void Run(CheckContext context, List<Finding> findings)
    {
        if (context.Options.DataPlane == DataPlane.None)
        {
            return;
        }

        foreach (var workload in context.Workloads)
        {
            if (!context.TryGetCode(workload, out var code, out var container, out var c) || (code.WaitsForProxy != true && code.QuitsSidecar != true))
            {
                continue;
            }

            // Code that only quits needs the signal where the sidecar is native: elsewhere QuitAsync does the right thing without it.
            var plane = context.MeshOf(workload);
            var quitsOnly = code.WaitsForProxy != true;
            if (quitsOnly && plane.DataPlane != DataPlane.NativeSidecar)
            {
                continue;
            }

            var env = container.Env ?? [];
            var signal = -1;
            var absentAfter = false;
            for (var i = 0; i < env.Count; i++)
            {
                if (env[i]?.Name == IstioProxy.SidecarStatusVariable)
                {
                    signal = i;
                }
                else if (env[i]?.Name == AbsentAfterVariable)
                {
                    absentAfter = true;
                }
            }

            var who = quitsOnly
                ? $"{code.AssemblyName} stops the Istio sidecar (MeshProxy.QuitAsync or a POST to {IstioProxy.QuitPath})"
                : $"{code.AssemblyName} waits for the Istio proxy (MeshProxy.WaitUntilReadyAsync or AddMeshReadiness)";
            if (signal >= 0)
            {
                // A literal value is a deliberate answer; only a fieldRef to something else is a mistake.
                if (env[signal].ValueFrom?.FieldRef?.FieldPath is { } path && !IsStatusAnnotation(path))
                {
                    findings.Add(ManifestRules.SidecarSignalMissing.At(workload.Locate("containers", c, "env", signal, "valueFrom", "fieldRef", "fieldPath"), Severity.Warning,
                        $"{who}, and container '{container.Name}' in {workload.Source.DisplayName} sets {IstioProxy.SidecarStatusVariable} from '{path}', not from the pod's " +
                        $"{IstioProxy.StatusAnnotation} annotation: the helper reads it as that annotation (empty means no sidecar). Use fieldPath: {StatusFieldPath}."));
                }

                continue;
            }

            if (absentAfter)
            {
                continue;
            }

            var at = container.Env is { Count: > 0 } ? workload.Locate("containers", c, "env") : workload.Locate("containers", c, "name");
            var fix = $"Add to the container: env: - name: {IstioProxy.SidecarStatusVariable}, valueFrom: fieldRef: fieldPath: {StatusFieldPath} (meshready ports prints the lines).";
            if (quitsOnly)
            {
                findings.Add(ManifestRules.SidecarSignalMissing.At(at, Severity.Info,
                    $"{who}, and its pods get a native sidecar ({plane.Reason}), but container '{container.Name}' in {workload.Source.DisplayName} does not get the pod's " +
                    $"{IstioProxy.StatusAnnotation} annotation as {IstioProxy.SidecarStatusVariable}, so QuitAsync cannot tell the sidecar is native and posts " +
                    $"{IstioProxy.QuitPath} (a hand-written POST to it always does): Kubernetes restarts a native sidecar that exits (restartPolicy: Always) while the " +
                    $"program is still running, and stops it after the program anyway. {fix} A hand-written quit must be left out where the sidecar is native."));
                continue;
            }

            if (!plane.HasSidecar)
            {
                var why = plane.DataPlane == DataPlane.Ambient ? "an ambient pod has no sidecar" : $"its pods get no sidecar ({plane.Reason})";
                findings.Add(ManifestRules.SidecarSignalMissing.At(at, Severity.Warning,
                    $"{who}, but {why}, and container '{container.Name}' in {workload.Source.DisplayName} does not get the pod's {IstioProxy.StatusAnnotation} annotation as " +
                    $"{IstioProxy.SidecarStatusVariable}. In a pod, refused connections do not prove there is no sidecar, so every start waits the helper's whole timeout " +
                    $"(60 s unless the code passes another) before the app goes on. {fix}"));
                continue;
            }

            var kind = plane.DataPlane == DataPlane.NativeSidecar ? "a native" : "a classic";
            findings.Add(ManifestRules.SidecarSignalMissing.At(at, Severity.Info,
                $"{who}, and container '{container.Name}' in {workload.Source.DisplayName} does not get the pod's {IstioProxy.StatusAnnotation} annotation as " +
                $"{IstioProxy.SidecarStatusVariable}. With {kind} sidecar the wait still works, but the helper cannot tell a native sidecar from a classic one " +
                "(AddMeshReadiness then cuts ShutdownDrain to the proxy's drain, and QuitAsync would quit a native sidecar, which Kubernetes restarts), and a pod " +
                $"that loses its sidecar (injection off, ambient) waits the whole timeout at every start. {fix}"));
        }
    }

    /// <summary>The downward-API path of the injector's status annotation.</summary>
    internal static string StatusFieldPath => $"metadata.annotations['{IstioProxy.StatusAnnotation}']";

    private static bool IsStatusAnnotation(string path)
        => string.Equals(path.Replace(" ", string.Empty, StringComparison.Ordinal), StatusFieldPath, StringComparison.Ordinal)
        || string.Equals(path.Replace(" ", string.Empty, StringComparison.Ordinal), $"metadata.annotations[\"{IstioProxy.StatusAnnotation}\"]", StringComparison.Ordinal);
}
