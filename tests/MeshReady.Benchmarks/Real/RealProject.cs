using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace MeshReady.Benchmarks.Real;

/// <summary>
/// One C# project of a real repository, loaded the way its .csproj says: MSBuild evaluates the project and runs its
/// targets up to the compiler call (restore, references, generated AssemblyInfo/GlobalUsings, gRPC code, Razor inputs)
/// with <c>SkipCompilerExecution</c>, and hands back the exact csc command line (<c>ProvideCommandLineArgs</c>), which
/// is then replayed in process: sources, references, parse and compilation options, <c>.editorconfig</c>/global
/// configs, additional files and the project's own source generators. Nothing is compiled by MSBuild, so the
/// repository needs no prior build: references to sibling projects are resolved to their in-memory compilations.
/// </summary>
internal sealed class RealProject
{
    private const string TargetsText = """
        <Project>
          <!-- Written by MeshReady.Benchmarks: records the compiler's command line for the in-process replay. -->
          <Target Name="MeshReadyBenchmarkRecordCommandLine" AfterTargets="CoreCompile" Condition="'$(MeshReadyBenchmarkCommandLine)' != ''">
            <WriteLinesToFile File="$(MeshReadyBenchmarkCommandLine)" Lines="@(CscCommandLineArgs)" Overwrite="true" />
          </Target>
        </Project>
        """;

    private RealProject(string projectPath, CSharpCommandLineArguments arguments)
    {
        ProjectPath = projectPath;
        Arguments = arguments;
    }

    public string ProjectPath { get; }

    public string Name => Path.GetFileNameWithoutExtension(ProjectPath);

    public CSharpCommandLineArguments Arguments { get; }

    public string OutputFileName => Arguments.OutputFileName ?? Name + ".dll";

    /// <summary>Every .csproj under <paramref name="folder"/>, outside bin/obj/node_modules, in path order.</summary>
    public static IReadOnlyList<string> Discover(string folder)
        => Directory.EnumerateFiles(folder, "*.csproj", SearchOption.AllDirectories)
            .Where(p => !p.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj" or "node_modules" or ".git"))
            .OrderBy(p => p, StringComparer.Ordinal)
            .ToList();

    /// <summary>
    /// Runs MSBuild on the project (restore included) and parses the recorded command line; null (with the reason on
    /// <paramref name="log"/>) when MSBuild fails. The command line is cached next to the project's obj/ output and
    /// reused while it is newer than the .csproj, so re-running the benchmark costs no MSBuild time.
    /// </summary>
    public static RealProject? Load(string projectPath, IReadOnlyList<string> msbuildProperties, TextWriter log)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(projectPath))!;
        var recorded = Path.Combine(directory, "obj", "meshready-benchmark.rsp");
        if (!File.Exists(recorded) || File.GetLastWriteTimeUtc(recorded) < File.GetLastWriteTimeUtc(projectPath))
        {
            var targets = Path.Combine(Path.GetTempPath(), "meshready-benchmark-record.targets");
            File.WriteAllText(targets, TargetsText);
            var arguments = new List<string>
            {
                "msbuild", projectPath, "-restore", "-t:Compile", "-nologo", "-v:q", "-nodeReuse:false",
                "-p:SkipCompilerExecution=true", "-p:ProvideCommandLineArgs=true", "-p:BuildProjectReferences=false",
                "-p:CustomAfterMicrosoftCommonTargets=" + targets, "-p:MeshReadyBenchmarkCommandLine=" + recorded,
            };

            // A multi-targeted project is measured for its first target framework.
            var frameworks = Regex.Match(File.ReadAllText(projectPath), "<TargetFrameworks>([^<;]+)");
            if (frameworks.Success)
            {
                arguments.Add("-p:TargetFramework=" + frameworks.Groups[1].Value.Trim());
            }

            arguments.AddRange(msbuildProperties.Select(p => "-p:" + p));
            var (exitCode, output) = RunDotnet(arguments, directory);
            if (exitCode != 0 || !File.Exists(recorded))
            {
                log.WriteLine($"  skipped {projectPath}: MSBuild exit {exitCode}: {FirstErrors(output)}");
                return null;
            }
        }

        // Source paths may hold commas (".NETCoreApp,Version=v10.0.AssemblyAttributes.cs"): quoted, they stay one path.
        var lines = File.ReadAllLines(recorded)
            .Where(l => l.Length > 0)
            .Select(l => l[0] is '/' or '-' or '"' ? l : "\"" + l + "\"")
            .ToList();
        var parsed = CSharpCommandLineParser.Default.Parse(lines, directory, sdkDirectory: null);
        return new RealProject(projectPath, parsed);
    }

    /// <summary>The analyzer DLLs on the command line that hold source generators, except MeshReady's and NetAnalyzers'.</summary>
    public IEnumerable<string> GeneratorPaths()
        => Arguments.AnalyzerReferences
            .Select(r => Path.GetFullPath(r.FilePath, Arguments.BaseDirectory!))
            .Where(p => !Path.GetFileName(p).Contains("NetAnalyzers", StringComparison.OrdinalIgnoreCase)
                && !Path.GetFileName(p).StartsWith("MeshReady", StringComparison.OrdinalIgnoreCase));

    /// <summary>The project as the compiler sees it before generators run.</summary>
    public LoadedCompilation CreateCompilation(Func<string, MetadataReference?> resolveReference, out int missingReferences)
    {
        var options = ProjectOptions.Create(Arguments);
        var trees = Arguments.SourceFiles
            .Select(source => CSharpSyntaxTree.ParseText(
                SourceText.From(File.ReadAllText(source.Path), Encoding.UTF8),
                Arguments.ParseOptions,
                source.Path))
            .ToImmutableArray();

        var references = new List<MetadataReference>();
        missingReferences = 0;
        foreach (var reference in Arguments.MetadataReferences)
        {
            var path = Path.GetFullPath(reference.Reference, Arguments.BaseDirectory!);
            if (resolveReference(path) is { } resolved)
            {
                references.Add(reference.Properties.Aliases.IsDefaultOrEmpty && !reference.Properties.EmbedInteropTypes
                    ? resolved
                    : resolved.WithProperties(reference.Properties));
            }
            else
            {
                missingReferences++;
            }
        }

        var compilationOptions = Arguments.CompilationOptions
            .WithSyntaxTreeOptionsProvider(options.TreeOptions(trees))
            .WithConcurrentBuild(false);
        var compilation = CSharpCompilation.Create(
            Path.GetFileNameWithoutExtension(OutputFileName), trees, references, compilationOptions);
        var additional = Arguments.AdditionalFiles
            .Select(f => (AdditionalText)new FileText(f.Path))
            .ToImmutableArray();
        return new LoadedCompilation(compilation, additional, options.Provider(trees), Arguments.ParseOptions);
    }

    private static string FirstErrors(string output)
        => string.Join(" | ", output.Split('\n').Where(l => l.Contains("error", StringComparison.OrdinalIgnoreCase)).Select(l => l.Trim()).Distinct().Take(3));

    private static (int ExitCode, string Output) RunDotnet(IEnumerable<string> arguments, string directory)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + error.Result);
    }

    private sealed class FileText : AdditionalText
    {
        private readonly Lazy<SourceText?> text;

        public FileText(string path)
        {
            Path = path;
            text = new Lazy<SourceText?>(() => File.Exists(path) ? SourceText.From(File.ReadAllText(path), Encoding.UTF8) : null);
        }

        public override string Path { get; }

        public override SourceText? GetText(CancellationToken cancellationToken = default) => text.Value;
    }
}

/// <summary>A project's compilation with what analyzers and generators are handed next to it.</summary>
internal sealed record LoadedCompilation(
    CSharpCompilation Compilation,
    ImmutableArray<AdditionalText> AdditionalFiles,
    AnalyzerConfigOptionsProvider OptionsProvider,
    CSharpParseOptions ParseOptions);

/// <summary>
/// The project's <c>.editorconfig</c> and global config files, applied as the compiler applies them: per-file
/// severities (<see cref="SyntaxTreeOptionsProvider"/>) and analyzer options (<see cref="AnalyzerConfigOptionsProvider"/>,
/// with the MSBuild properties of the generated global config as <c>build_property.*</c>).
/// </summary>
internal sealed class ProjectOptions
{
    private readonly AnalyzerConfigSet set;

    private ProjectOptions(AnalyzerConfigSet set) => this.set = set;

    public static ProjectOptions Create(CSharpCommandLineArguments arguments)
    {
        var configs = arguments.AnalyzerConfigPaths
            .Where(File.Exists)
            .Select(path => AnalyzerConfig.Parse(SourceText.From(File.ReadAllText(path)), path))
            .ToList();
        return new ProjectOptions(AnalyzerConfigSet.Create(configs));
    }

    public SyntaxTreeOptionsProvider TreeOptions(ImmutableArray<SyntaxTree> trees)
        => new TreeSeverities(trees.ToDictionary(t => t, t => set.GetOptionsForSourcePath(t.FilePath)), set.GlobalConfigOptions);

    public AnalyzerConfigOptionsProvider Provider(ImmutableArray<SyntaxTree> trees)
    {
        // As the compiler does before analysis starts: each source file's options are computed up front, so analyzer
        // telemetry is not charged with matching .editorconfig sections (the first analyzer to ask a tree's options was).
        var provider = new OptionsProvider(set, new Options(set.GlobalConfigOptions.AnalyzerOptions));
        foreach (var tree in trees)
        {
            provider.GetOptions(tree);
        }

        return provider;
    }

    private sealed class TreeSeverities : SyntaxTreeOptionsProvider
    {
        private readonly Dictionary<SyntaxTree, AnalyzerConfigOptionsResult> perTree;
        private readonly AnalyzerConfigOptionsResult global;

        public TreeSeverities(Dictionary<SyntaxTree, AnalyzerConfigOptionsResult> perTree, AnalyzerConfigOptionsResult global)
        {
            this.perTree = perTree;
            this.global = global;
        }

        public override GeneratedKind IsGenerated(SyntaxTree tree, CancellationToken cancellationToken)
            => perTree.TryGetValue(tree, out var options) && options.AnalyzerOptions.TryGetValue("generated_code", out var value)
                ? (bool.TryParse(value, out var generated) && generated ? GeneratedKind.MarkedGenerated : GeneratedKind.NotGenerated)
                : GeneratedKind.Unknown;

        public override bool TryGetDiagnosticValue(SyntaxTree tree, string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity)
        {
            severity = ReportDiagnostic.Default;
            return perTree.TryGetValue(tree, out var options) && options.TreeOptions.TryGetValue(diagnosticId, out severity);
        }

        public override bool TryGetGlobalDiagnosticValue(string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity)
            => global.TreeOptions.TryGetValue(diagnosticId, out severity);
    }

    private sealed class OptionsProvider : AnalyzerConfigOptionsProvider
    {
        private readonly AnalyzerConfigSet set;
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, AnalyzerConfigOptions> byPath = new(StringComparer.Ordinal);

        public OptionsProvider(AnalyzerConfigSet set, AnalyzerConfigOptions global)
        {
            this.set = set;
            GlobalOptions = global;
        }

        public override AnalyzerConfigOptions GlobalOptions { get; }

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => For(tree.FilePath);

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => For(textFile.Path);

        private AnalyzerConfigOptions For(string path)
            => byPath.GetOrAdd(path, p => new Options(set.GetOptionsForSourcePath(p).AnalyzerOptions));
    }

    private sealed class Options : AnalyzerConfigOptions
    {
        private readonly ImmutableDictionary<string, string> values;

        public Options(ImmutableDictionary<string, string> values) => this.values = values.WithComparers(KeyComparer);

        public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value)
            => values.TryGetValue(key, out value);

        public override IEnumerable<string> Keys => values.Keys;
    }
}
