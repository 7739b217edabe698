using System;
using System.Collections.Generic;
using System.Globalization;
using k8s.Models;
using MeshReady.Analyzers.Infrastructure;
using MeshReady.Manifests.Model;

namespace MeshReady.Manifests.Checks;

/// <summary>
/// MESH107: the pod's <c>terminationGracePeriodSeconds</c> (default 30) is shorter than what the code needs to
/// stop: the preStop sleep, then <c>HostOptions.ShutdownTimeout</c>. The kubelet's SIGKILL then cuts the shutdown.
/// A native sidecar adds nothing: its injected preStop starts Envoy's drain when deletion starts, and it exits as soon as
/// the app containers are gone (injection-template.yaml, 1.28.0).
/// </summary>
internal sealed class GracePeriodCheck : IManifestCheck
{
    private const long KubernetesDefaultGraceSeconds = 30;

    public void Run(CheckContext context, List<Finding> findings)
    {
        foreach (var workload in context.Workloads)
        {
            if (!context.TryGetCode(workload, out var code, out var container, out _) || code.ShutdownTimeout is not { } shutdown)
            {
                continue;
            }

            var preStop = PreStopSleep(container);
            var required = preStop + shutdown;
            var grace = workload.PodSpec.TerminationGracePeriodSeconds ?? KubernetesDefaultGraceSeconds;
            if (TimeSpan.FromSeconds(grace) >= required)
            {
                continue;
            }

            var parts = $"HostOptions.ShutdownTimeout {Duration.Format(shutdown)}";
            if (preStop > TimeSpan.Zero)
            {
                parts = $"a {Duration.Format(preStop)} preStop sleep + " + parts;
            }

            var given = workload.PodSpec.TerminationGracePeriodSeconds is null ? "the default 30s" : $"{grace.ToString(CultureInfo.InvariantCulture)}s";
            findings.Add(ManifestRules.GracePeriodTooShort.At(workload.Locate("terminationGracePeriodSeconds"),
                $"{workload.Source.DisplayName} gives its pods {given} to stop (terminationGracePeriodSeconds), but stopping {code.AssemblyName} takes up to {Duration.Format(required)} ({parts}): " +
                $"the kubelet kills the app with SIGKILL mid-shutdown, cutting in-flight requests and final flushes. Set terminationGracePeriodSeconds to at least {Math.Ceiling(required.TotalSeconds).ToString(CultureInfo.InvariantCulture)}, or shorten the shutdown."));
        }
    }

    /// <summary>The container's preStop delay: a <c>sleep</c> action or an <c>exec</c> of <c>sleep N</c>.</summary>
    private static TimeSpan PreStopSleep(V1Container container)
    {
        var preStop = container.Lifecycle?.PreStop;
        if (preStop?.Sleep is { } sleep)
        {
            return TimeSpan.FromSeconds(sleep.Seconds);
        }

        var command = preStop?.Exec?.Command;
        if (command is null)
        {
            return TimeSpan.Zero;
        }

        var words = string.Join(' ', command).Split([' ', ';', '&'], StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i + 1 < words.Length; i++)
        {
            if ((words[i] == "sleep" || words[i].EndsWith("/sleep", StringComparison.Ordinal))
                && double.TryParse(words[i + 1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds))
            {
                return TimeSpan.FromSeconds(seconds);
            }
        }

        return TimeSpan.Zero;
    }
}
