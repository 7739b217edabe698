using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using MeshReady.Analyzers.Infrastructure;
using MeshReady.Analyzers.Mesh;
using MeshReady.Manifests;
using MeshReady.Manifests.Checks;
using MeshReady.Manifests.Code;
using MeshReady.Manifests.Loading;
using MeshReady.Manifests.Mesh;
using MeshReady.Manifests.Model;
using MeshReady.Manifests.Reporting;

namespace MeshReady.Tool;

/// <summary><c>meshready check &lt;paths…&gt;</c>.</summary>
internal static class CheckCommand
{
    private const string Name = "check";

    private static readonly string[] Options = ["--assembly", "--workload", "--format", "--output", "--sarif", "--ignore", "--data-plane", "--drain-duration", "--istio-version", "--fail-on", "--context", "--kubeconfig", "--namespace", "--root-namespace"];

    private static readonly string[] Flags = ["--cluster", "--all-namespaces"];

    /// <summary>kubectl's short forms, so a kubectl command line's scope can be reused as it is.</summary>
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal) { ["-n"] = "--namespace", ["-A"] = "--all-namespaces" };

    /// <summary>Options that only mean something with <c>--cluster</c>.</summary>
    private static readonly string[] ClusterOnly = ["--context", "--kubeconfig", "--namespace", "--all-namespaces"];

    public static int Run(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr) => Run(args, stdin, stdout, stderr, null);

    /// <param name="onResult">Receives the findings (the in-process MSBuild task logs them as build warnings).</param>
    public static int Run(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr, Action<CheckResult>? onResult)
    {
        var parsed = ParsedArguments.Parse(args, Options, Flags, Aliases);
        if (parsed.HelpRequested)
        {
            stdout.WriteLine(HelpText.Check);
            return ExitCodes.Success;
        }

        if (parsed.Errors.Count > 0)
        {
            return Cli.UsageError(stderr, Name, string.Join("; ", parsed.Errors));
        }

        var cluster = parsed.Flag("--cluster");
        if (cluster && parsed.Positional.Count > 0)
        {
            return Cli.UsageError(stderr, Name, $"--cluster reads the objects from the cluster: give no manifest paths ('{parsed.Positional[0]}')");
        }

        if (!cluster && ClusterOnly.FirstOrDefault(o => parsed.Flag(o) || parsed.Option(o) is not null) is { } clusterOption)
        {
            return Cli.UsageError(stderr, Name, $"{clusterOption} needs --cluster");
        }

        if (parsed.Flag("--all-namespaces") && parsed.Option("--namespace") is not null)
        {
            return Cli.UsageError(stderr, Name, "give --namespace or --all-namespaces, not both");
        }

        if (!cluster && parsed.Positional.Count == 0)
        {
            return Cli.UsageError(stderr, Name, "no manifest paths given (files, folders of *.yaml/*.yml/*.json, or - for standard input)");
        }

        if (!TryParseFormat(parsed.Option("--format"), out var format))
        {
            return Cli.UsageError(stderr, Name, $"--format must be text, msbuild, sarif or json, not '{parsed.Option("--format")}'");
        }

        if (!TryParseThreshold(parsed.Option("--fail-on"), out var threshold))
        {
            return Cli.UsageError(stderr, Name, $"--fail-on must be error, warning, info or never, not '{parsed.Option("--fail-on")}'");
        }

        var dataPlane = DataPlane.Sidecar;
        if (parsed.Option("--data-plane") is { } planeText && !DataPlanes.TryParse(planeText, out dataPlane))
        {
            return Cli.UsageError(stderr, Name, $"--data-plane must be {DataPlanes.Names}, not '{planeText}'");
        }

        var drain = CheckOptions.DefaultDrainDuration;
        if (parsed.Option("--drain-duration") is { } drainText && !Duration.TryParse(drainText, out drain))
        {
            return Cli.UsageError(stderr, Name, $"--drain-duration must be a duration such as 5s or 1m30s, not '{drainText}'");
        }

        var release = IstioRelease.Newest;
        if (parsed.Option("--istio-version") is { } releaseText && !IstioRelease.TryParse(releaseText, out release))
        {
            return Cli.UsageError(stderr, Name, $"--istio-version must be an Istio release from {IstioRelease.Oldest} on, such as 1.24 or 1.27.3, not '{releaseText}'");
        }

        CodeFacts? code = null;
        if (parsed.Option("--assembly") is { } assembly && !Cli.TryReadAssembly(assembly, stderr, Name, out code, out var readError))
        {
            return readError;
        }

        if (code is null && parsed.Option("--workload") is { } workload)
        {
            return Cli.UsageError(stderr, Name, $"--workload '{workload}' needs --assembly <dll>: it says which workload runs that assembly");
        }

        // Without --data-plane, the project's own setting (recorded by the generator) is the best guess.
        if (parsed.Option("--data-plane") is null && code?.DataPlane is { } recorded)
        {
            dataPlane = recorded;
        }

        var files = ManifestDiscovery.Expand(parsed.Positional, out var missing);
        if (missing.Count > 0)
        {
            return Cli.UsageError(stderr, Name, string.Join("; ", missing.Select(m => $"'{m}' does not exist")));
        }

        var ignored = new HashSet<string>(
            (parsed.Option("--ignore") ?? string.Empty).Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            StringComparer.OrdinalIgnoreCase);
        var options = new CheckOptions { DataPlane = dataPlane, IstioRelease = release, DrainDuration = drain, Code = code, Workload = parsed.Option("--workload"), Ignored = ignored };
        if (parsed.Option("--root-namespace") is { } root)
        {
            options = options with { RootNamespace = root };
        }

        CheckResult result;
        if (cluster)
        {
            if (!TryReadCluster(parsed, stderr, out var snapshot))
            {
                return ExitCodes.UsageError;
            }

            result = ManifestChecker.CheckCluster(snapshot, options with { RootNamespace = snapshot.RootNamespace, Scope = $"what was read from the cluster (context '{snapshot.Context}')" });
        }
        else
        {
            result = ManifestChecker.CheckFiles(files, options, stdin);
        }

        onResult?.Invoke(result);

        // Text and SARIF carry the notes; the other formats are for machines that would not expect them, so they go to stderr.
        if (format is not (ReportFormat.Text or ReportFormat.Sarif) || parsed.Option("--output") is not null)
        {
            foreach (var note in result.Notes)
            {
                stderr.WriteLine($"meshready {Name}: note: {note}");
            }
        }

        if (parsed.Option("--output") is { } outputPath)
        {
            if (!TryWrite(outputPath, format, result, stderr))
            {
                return ExitCodes.UsageError;
            }
        }
        else
        {
            ReportWriter.Write(stdout, format, result, Cli.Version);
        }

        if (parsed.Option("--sarif") is { } sarifPath && !TryWrite(sarifPath, ReportFormat.Sarif, result, stderr))
        {
            return ExitCodes.UsageError;
        }

        return threshold is { } t && result.Findings.Any(f => f.Severity >= t) ? ExitCodes.Findings : ExitCodes.Success;
    }

    private static bool TryReadCluster(ParsedArguments parsed, TextWriter stderr, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ClusterSnapshot? snapshot)
    {
        snapshot = null;
        try
        {
            var (client, context, contextNamespace) = ClusterReader.Connect(parsed.Option("--kubeconfig"), parsed.Option("--context"));
            using (client as IDisposable)
            {
                // Like kubectl: --namespace, else the context's namespace, else "default".
                var scope = new ClusterScope(parsed.Option("--namespace") ?? contextNamespace, parsed.Flag("--all-namespaces"));
                snapshot = ClusterReader.ReadAsync(client, context, scope, parsed.Option("--root-namespace")).GetAwaiter().GetResult();
            }

            return true;
        }
        catch (ClusterAccessException ex)
        {
            stderr.WriteLine($"meshready {Name}: error: {ex.Message}");
            return false;
        }
    }

    private static bool TryWrite(string path, ReportFormat format, CheckResult result, TextWriter stderr)
    {
        try
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(path));
            if (directory is not null)
            {
                Directory.CreateDirectory(directory);
            }

            using var writer = new StreamWriter(path);
            ReportWriter.Write(writer, format, result, Cli.Version);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            Cli.UsageError(stderr, Name, $"cannot write '{path}': {ex.Message}");
            return false;
        }
    }

    private static bool TryParseFormat(string? text, out ReportFormat format)
    {
        (var ok, format) = text?.ToLowerInvariant() switch
        {
            null or "text" => (true, ReportFormat.Text),
            "msbuild" => (true, ReportFormat.MSBuild),
            "sarif" => (true, ReportFormat.Sarif),
            "json" => (true, ReportFormat.Json),
            _ => (false, ReportFormat.Text),
        };
        return ok;
    }

    private static bool TryParseThreshold(string? text, out Severity? threshold)
    {
        (var ok, threshold) = text?.ToLowerInvariant() switch
        {
            null or "warning" => (true, Severity.Warning),
            "error" => (true, Severity.Error),
            "info" => (true, Severity.Info),
            "never" => (true, (Severity?)null),
            _ => (false, null),
        };
        return ok;
    }
}
