using System.Collections.Generic;
using System.Linq;
using MeshReady.Manifests.Model;

namespace MeshReady.Manifests.Checks;

/// <summary>
/// MESH914: <c>--workload</c> names nothing in the manifests, or no container's image matches the built assembly,
/// so the code cross-checks (MESH106-108, MESH112-113) had nothing to compare and would otherwise pass silently.
/// A class library is never a workload: built in a project whose manifest step runs (a repository-wide
/// MeshReadyManifests), it is not reported.
/// </summary>
internal sealed class CodeWorkloadCheck : IManifestCheck
{
    public void Run(CheckContext context, List<Finding> findings)
    {
        var code = context.Options.Code;
        var mapping = context.Options.Workload;
        if (code is null || code.IsLibrary || context.CodeContainers.Count > 0)
        {
            return;
        }

        // Without a mapping, manifests that hold no workload at all (only Services, say) have nothing to match.
        if (mapping is null && context.Workloads.Count == 0)
        {
            return;
        }

        var anchor = context.Workloads.Count > 0 ? context.Workloads[0].Source : context.Services.Count > 0 ? context.Services[0] : null;
        if (anchor is null)
        {
            return;
        }

        var seen = context.Workloads.Count == 0
            ? "the checked files hold no Deployment, StatefulSet, DaemonSet, Job, CronJob or Pod"
            : "the checked workloads are " + string.Join(", ", context.Workloads.Select(Describe));
        var why = mapping is null
            ? $"no container's image is named after {code.AssemblyName} (e.g. '.../{Kebab(code.AssemblyName)}:1.0')"
            : $"--workload (MeshReadyManifestWorkload) '{mapping}' names no workload[/container] in them";
        findings.Add(ManifestRules.NoWorkloadRunsTheCode.At(anchor.Location,
            $"No workload runs {code.AssemblyName}: {why}; {seen}. The checks against the code (ports, shutdown budget, start-up calls, " +
            "Job sidecar) did not run. Set <MeshReadyManifestWorkload>name/container</MeshReadyManifestWorkload> (or --workload) to the workload that runs it."));
    }

    private static string Describe(PodWorkload workload)
        => workload.Source.DisplayName + " (" + string.Join(", ", workload.AppContainers.Select(c => $"'{c.Container.Name}' {c.Container.Image}")) + ")";

    /// <summary>OrdersApi -> orders-api, the image name the matcher would accept.</summary>
    private static string Kebab(string assemblyName)
    {
        var name = assemblyName[(assemblyName.LastIndexOf('.') + 1)..];
        var builder = new System.Text.StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                builder.Append('-');
            }

            builder.Append(char.ToLowerInvariant(name[i]));
        }

        return builder.ToString();
    }
}
