using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using MeshReady.Analyzers.Infrastructure;
using MeshReady.Manifests;
using MeshReady.Manifests.Checks;
using MeshReady.Manifests.Code;
using MeshReady.Manifests.Loading;

namespace MeshReady.Tool.Explain;

/// <summary><c>meshready explain &lt;text&gt;</c>: from a symptom to its likely causes, the rules that detect them, and this project's findings.</summary>
internal static class ExplainCommand
{
    private const string Name = "explain";

    private static readonly string[] Options = ["--format", "--sarif", "--assembly", "--manifests", "--project"];

    public const string Help = """
        Usage: meshready explain <text> [options]
               meshready explain --list [--format text|json|markdown]

        Explains what you see in production: prints what it means, the likely causes (most likely first), the MeshReady
        rules and manifest checks that detect each cause, and the fix. <text> is one of (quote it in the shell):
          an access-log line    Istio's default text format, with or without the leading [time], the pre-1.9 Istio format,
                                Envoy's default format, or Istio's JSON format (kubectl logs --timestamps prefixes are fine)
          response flags        UC, URX,UF, "503 UC"
          response-code details upstream_reset_before_response_started{connection_termination}, via_upstream,
                                filter_chain_not_found, "426 low_version"
          an error message      "Response protocol downgraded to HTTP/1.1", "Connection reset by peer", kubectl output
        Use - to read <text> from standard input.

        With a project, it also prints the project's findings that match the causes, with file and line:
          --sarif <files>         SARIF logs to read (comma-separated): the compiler's error log
                                  (<ErrorLog>build.sarif,version=2.1</ErrorLog>) and/or the manifest step's
                                  obj/<config>/<tfm>/meshready.sarif.
          --manifests <paths>     Kubernetes manifests (files or folders, comma-separated) to check now, as 'meshready check' does.
          --assembly <dll>        The built assembly, to cross-check the manifests with the code (with --manifests).
          --project <dir>         A built project folder: reads obj/**/meshready.sarif and *.sarif error logs there.
                                  Default: the current folder, when no --sarif or --manifests is given.

        Options:
          --format <format>       text (default) or json; with --list also markdown (the source of docs/symptoms.md).
          --list                  Print the symptom catalogue.
          -h, --help              Show this help.

        Exit codes: 0 an answer was printed (including "no known cause"); 2 the input is malformed (an access-log line
        with the wrong fields, an unknown response flag) or the command could not run (unknown option, unreadable file).
        """;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, TextReader? stdin = null)
    {
        // --list takes no value, which ParsedArguments (options with values) does not model; take it out first.
        var list = args.Contains("--list", StringComparer.Ordinal);
        var parsed = ParsedArguments.Parse(args.Where(a => a != "--list").ToList(), Options);
        if (parsed.HelpRequested)
        {
            stdout.WriteLine(Help);
            return ExitCodes.Success;
        }

        if (parsed.Errors.Count > 0)
        {
            return Cli.UsageError(stderr, Name, string.Join("; ", parsed.Errors));
        }

        var format = parsed.Option("--format")?.ToLowerInvariant() ?? "text";
        if (list)
        {
            return List(parsed, format, stdout, stderr);
        }

        if (format is not ("text" or "json"))
        {
            return Cli.UsageError(stderr, Name, $"--format must be text or json (markdown only with --list), not '{format}'");
        }

        if (parsed.Positional.Count == 0)
        {
            return Cli.UsageError(stderr, Name, "nothing to explain: give an access-log line, response flags or an error message (or --list)");
        }

        var text = parsed.Positional is ["-"] ? (stdin ?? Console.In).ReadToEnd() : string.Join(" ", parsed.Positional);
        Observation observation;
        try
        {
            observation = InputReader.Read(text);
        }
        catch (MalformedInputException ex)
        {
            return Cli.UsageError(stderr, Name, ex.Message);
        }

        if (!TryReadProject(parsed, stderr, out var findings, out var sarifRead, out var exit))
        {
            return exit;
        }

        var answer = new Explanation(observation, Explainer.Match(observation), findings, sarifRead);
        if (format == "json")
        {
            ExplainReport.WriteJson(stdout, answer);
        }
        else
        {
            ExplainReport.WriteText(stdout, answer);
        }

        return ExitCodes.Success;
    }

    private static int List(ParsedArguments parsed, string format, TextWriter stdout, TextWriter stderr)
    {
        if (parsed.Positional.Count > 0)
        {
            return Cli.UsageError(stderr, Name, $"--list takes no text, got '{parsed.Positional[0]}'");
        }

        switch (format)
        {
            case "text":
                ExplainReport.WriteCatalogText(stdout, SymptomCatalog.All);
                return ExitCodes.Success;
            case "json":
                ExplainReport.WriteCatalogJson(stdout, SymptomCatalog.All);
                return ExitCodes.Success;
            case "markdown":
                SymptomMarkdown.Write(stdout, SymptomCatalog.All);
                return ExitCodes.Success;
            default:
                return Cli.UsageError(stderr, Name, $"--format must be text, json or markdown, not '{format}'");
        }
    }

    /// <summary>Reads the project's findings; false (with the exit code) when an explicitly named input cannot be read.</summary>
    private static bool TryReadProject(ParsedArguments parsed, TextWriter stderr, out List<ProjectFinding>? findings, out List<string> sarifRead, out int exit)
    {
        exit = ExitCodes.Success;
        sarifRead = [];
        var explicitSarif = Split(parsed.Option("--sarif"));
        var manifests = Split(parsed.Option("--manifests"));
        var projectOption = parsed.Option("--project");
        var assembly = parsed.Option("--assembly");
        if (assembly is not null && manifests.Count == 0)
        {
            exit = Cli.UsageError(stderr, Name, "--assembly cross-checks manifests: give --manifests too (code findings come from the build's SARIF log, --sarif)");
            findings = null;
            return false;
        }

        var projectDirectory = Path.GetFullPath(projectOption ?? Directory.GetCurrentDirectory());
        if (projectOption is not null && !Directory.Exists(projectDirectory))
        {
            exit = Cli.UsageError(stderr, Name, $"project folder '{projectOption}' does not exist");
            findings = null;
            return false;
        }

        var collected = new List<ProjectFinding>();
        foreach (var path in explicitSarif)
        {
            try
            {
                collected.AddRange(ProjectFindings.ReadSarif(path, projectDirectory));
                sarifRead.Add(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                exit = Cli.UsageError(stderr, Name, $"cannot read SARIF log '{path}': {ex.Message}");
                findings = null;
                return false;
            }
        }

        // Discovery: an explicit --project, or the current folder when nothing else names the project.
        if (projectOption is not null || (explicitSarif.Count == 0 && manifests.Count == 0))
        {
            foreach (var path in ProjectFindings.Discover(projectDirectory))
            {
                try
                {
                    collected.AddRange(ProjectFindings.ReadSarif(path, projectDirectory));
                    sarifRead.Add(Path.GetRelativePath(projectDirectory, path));
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
                {
                    // A stray *.sarif that is not a SARIF log is no reason to withhold the answer.
                    stderr.WriteLine($"meshready explain: skipped '{path}': {ex.Message}");
                }
            }
        }

        if (manifests.Count > 0 && !TryCheckManifests(manifests, assembly, projectDirectory, stderr, collected, out exit))
        {
            findings = null;
            return false;
        }

        var anyProject = explicitSarif.Count > 0 || manifests.Count > 0 || sarifRead.Count > 0;
        findings = anyProject ? ProjectFindings.Distinct(collected) : null;
        return true;
    }

    private static bool TryCheckManifests(List<string> manifests, string? assembly, string projectDirectory, TextWriter stderr, List<ProjectFinding> collected, out int exit)
    {
        exit = ExitCodes.Success;
        CodeFacts? code = null;
        if (assembly is not null && !Cli.TryReadAssembly(assembly, stderr, Name, out code, out exit))
        {
            return false;
        }

        var files = ManifestDiscovery.Expand(manifests, out var missing);
        if (missing.Count > 0)
        {
            exit = Cli.UsageError(stderr, Name, string.Join("; ", missing.Select(m => $"'{m}' does not exist")));
            return false;
        }

        var options = new CheckOptions { Code = code, DataPlane = code?.DataPlane ?? DataPlane.Sidecar };
        foreach (var finding in ManifestChecker.CheckFiles(files, options).Findings)
        {
            var file = Path.GetFullPath(finding.Location.File);
            var relative = Path.GetRelativePath(projectDirectory, file);
            var display = relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? finding.Location.File : relative;
            collected.Add(new ProjectFinding(finding.RuleId, display, finding.Location.Line, finding.Location.Column, finding.Message, "manifest check"));
        }

        return true;
    }

    private static List<string> Split(string? value)
        => (value ?? string.Empty).Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
}
