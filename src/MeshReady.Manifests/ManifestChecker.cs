using System.Collections.Generic;
using System.Linq;
using MeshReady.Manifests.Checks;
using MeshReady.Manifests.Loading;
using MeshReady.Manifests.Model;

namespace MeshReady.Manifests;

/// <summary>Loads manifest files and runs every check over all their objects together.</summary>
internal static class ManifestChecker
{
    private static readonly IManifestCheck[] Checks =
    [
        new UndeclaredServiceProtocolCheck(),
        new ReservedPortCheck(),
        new TargetPortCheck(),
        new PortWithTwoProtocolsCheck(),
        new HeadlessServicePortsCheck(),
        new ServerFirstMtlsCheck(),
        new InitContainerNetworkCheck(),
        new JobSidecarCheck(),
        new GracePeriodCheck(),
        new HoldProxyCheck(),
        new SidecarSignalCheck(),
        new ProxyUidCheck(),
        new ProbePortCheck(),
        new ContainerPortNameLengthCheck(),
        new CodePortsCheck(),
        new CodeWorkloadCheck(),
    ];

    /// <summary>How findings name standard input.</summary>
    public const string StandardInputName = "<stdin>";

    /// <summary>Checks the files (already discovered; <c>-</c> reads <paramref name="stdin"/>) and returns every finding, sorted by file and line.</summary>
    public static CheckResult CheckFiles(IEnumerable<string> files, CheckOptions options, System.IO.TextReader? stdin = null)
        => Check(files.Select(f => f == ManifestDiscovery.StandardInput && stdin is not null ? ManifestLoader.LoadText(StandardInputName, stdin.ReadToEnd()) : ManifestLoader.Load(f)).ToList(), options);

    /// <summary>Checks objects read from a cluster, with the same checks as files; findings name <c>kind/namespace/name</c>.</summary>
    public static CheckResult CheckCluster(ClusterSnapshot snapshot, CheckOptions options)
        => Check([new ManifestFile(snapshot.Context, snapshot.Objects, snapshot.Findings)], options) with { Cluster = snapshot.Context, Notes = snapshot.Notes };

    public static CheckResult Check(IReadOnlyList<ManifestFile> files, CheckOptions options)
    {
        var findings = new List<Finding>();
        var objects = new List<ManifestObject>();
        foreach (var file in files)
        {
            findings.AddRange(file.Findings);
            objects.AddRange(file.Objects);
        }

        var (kept, setAside) = Variants.ForIstio(objects);
        var context = new CheckContext(kept, options);
        foreach (var check in Checks)
        {
            check.Run(context, findings);
        }

        var optedOut = objects.Where(o => o.Model.Metadata?.Annotations?.ContainsKey(ManifestObject.IgnoreAnnotation) == true).ToList();
        var sorted = findings
            .Where(f => !options.Ignored.Contains(f.RuleId) && !optedOut.Any(o => o.Contains(f.Location) && o.Ignores(f.RuleId)))
            .Distinct()
            .OrderBy(f => f.Location.File, System.StringComparer.Ordinal)
            .ThenBy(f => f.Location.Line)
            .ThenBy(f => f.Location.Column)
            .ThenBy(f => f.Location.Field, System.StringComparer.Ordinal)
            .ThenBy(f => f.RuleId, System.StringComparer.Ordinal)
            .ToList();
        var codeRunsIn = context.CodeContainers.Select(c => $"{c.Workload.Source.DisplayName} (container '{c.Container.Name}')").ToList();
        return new CheckResult(files.Count, kept.Count, sorted)
        {
            CodeAssembly = options.Code?.AssemblyName,
            CodeIsLibrary = options.Code?.IsLibrary == true,
            CodeRunsIn = codeRunsIn,
            VariantsSetAside = setAside.Select(o => $"{o.DisplayName} in {o.File}").ToList(),
        };
    }
}

/// <summary>What a run saw and found.</summary>
internal sealed record CheckResult(int FileCount, int ObjectCount, IReadOnlyList<Finding> Findings)
{
    /// <summary>The kubeconfig context the objects were read from (<c>--cluster</c>), or null for files.</summary>
    public string? Cluster { get; init; }

    /// <summary>What the run could not look at and why, short of a finding (a kind the cluster does not serve).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>The built assembly's name, when the run had one.</summary>
    public string? CodeAssembly { get; init; }

    /// <summary>The built assembly is a class library (<see cref="Code.CodeFacts.IsLibrary"/>).</summary>
    public bool CodeIsLibrary { get; init; }

    /// <summary>The workloads (with container) found to run the built assembly: what the code cross-checks compared.</summary>
    public IReadOnlyList<string> CodeRunsIn { get; init; } = [];

    /// <summary>Non-Istio variants of objects that also have an Istio variant in another file, not checked (<see cref="Variants"/>).</summary>
    public IReadOnlyList<string> VariantsSetAside { get; init; } = [];

    /// <summary>One line saying which workload the code was matched to, or null without an assembly.</summary>
    public string? CodeSummary => CodeAssembly is null
        ? null
        : CodeIsLibrary && CodeRunsIn.Count == 0
            ? $"{CodeAssembly} is a class library (no entry point), so no workload is expected to run it"
        : CodeRunsIn.Count == 0
            ? $"{CodeAssembly} runs in no checked workload (MESH914)"
            : $"{CodeAssembly} runs in {string.Join(", ", CodeRunsIn)}";
}
