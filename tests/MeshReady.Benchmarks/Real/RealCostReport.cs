using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Threading;
using MeshReady.Analyzers.Tests.Catalogue;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using static MeshReady.Benchmarks.AnalyzerCostReport;

namespace MeshReady.Benchmarks.Real;

/// <summary>
/// Benchmark A on real code: every project under a folder, loaded as its .csproj says (<see cref="RealProject"/>),
/// with its own source generators and MeshReady's generator in one driver, then NetAnalyzers and MeshReady's analyzers
/// in one sequential analysis with telemetry. Reports per repository and in total, per 10k lines, and per analyzer.
/// </summary>
internal static class RealCostReport
{
    /// <summary>Total MeshReady cost (analyzers + generator) on real code, as a share of NetAnalyzers'.</summary>
    public const double TargetShareOfNetAnalyzers = 0.10;

    /// <param name="meshOnly">Leave NetAnalyzers out (to profile MeshReady alone); the ratio is then not reported.</param>
    /// <param name="baselineDlls">
    /// Other builds of MeshReady.Analyzers.dll (analyzers and generator) to measure against this one in the same
    /// process: each project is analysed with NetAnalyzers + each build in turn, on fresh compilations, the order rotating
    /// from run to run, so every build meets the same machine load. NetAnalyzers, the same in every set, is the control:
    /// its medians should agree.
    /// </param>
    /// <param name="wholeProgram">
    /// A command-line build: <c>meshready.whole_program = true</c> in the analyzer config (generator and analyzers), as the
    /// package's build targets set it, so the generator runs its whole-program step. MeshReady's generator then runs in its
    /// own driver right after the project's generators (the order of a build's driver), on the same compilation, and is
    /// charged the CPU time of the thread for its run; Roslyn's own timer (wall time) is printed beside it.
    /// </param>
    /// <param name="warmup">
    /// Full rounds (every project, every build) run and discarded before the measured ones, so the default JIT has tiered
    /// up the code the measured rounds run, as in a long-lived compiler server or IDE process. 0: only the first project is
    /// analysed once, untimed (JIT of the first calls), as before.
    /// </param>
    public static bool Run(string folder, IReadOnlyList<string> msbuildProperties, bool meshOnly, int repeat, TextWriter output, IReadOnlyList<string>? baselineDlls = null, bool wholeProgram = false, int warmup = 0)
    {
        var net = meshOnly ? ImmutableArray<DiagnosticAnalyzer>.Empty : AnalyzerSets.NetAnalyzers();
        var generatorCache = new Dictionary<string, ImmutableArray<ISourceGenerator>>(StringComparer.Ordinal);
        var sets = new List<MeshSet> { new("this build", AnalyzerSets.MeshReady(), RuleCatalog.Generators.ToImmutableArray()) };
        foreach (var dll in (baselineDlls ?? Array.Empty<string>()).Reverse())
        {
            var reference = new AnalyzerFileReference(Path.GetFullPath(dll), new DirectoryLoader());
            reference.AnalyzerLoadFailed += (_, e) => throw e.Exception ?? new InvalidOperationException(e.Message);
            sets.Insert(0, new MeshSet(Path.GetFullPath(dll), reference.GetAnalyzers(LanguageNames.CSharp), reference.GetGenerators(LanguageNames.CSharp)));
        }

        var paths = RealProject.Discover(folder);
        output.WriteLine(Invariant($"{paths.Count} .csproj files under {Path.GetFullPath(folder)}; loading each through MSBuild (restore, targets up to the compiler call)."));
        var projects = paths.Select(p => RealProject.Load(p, msbuildProperties, output)).OfType<RealProject>().ToList();
        if (projects.Count == 0)
        {
            // Say so instead of failing later on an empty table (a bare ';' in --property makes MSBuild reject every project).
            output.WriteLine(Invariant($"No project under {Path.GetFullPath(folder)} could be loaded (MSBuild's messages are above; write ';' in a --property value as %3B). Nothing was measured."));
            return false;
        }


        var results = sets.ToDictionary(s => s, _ => new List<ProjectResult>());
        var cpu = sets.ToDictionary(s => s, _ => (Generators: TimeSpan.Zero, Analysis: TimeSpan.Zero));
        var cpuRuns = sets.ToDictionary(s => s, _ => new List<(TimeSpan Generators, TimeSpan Analysis)>());
        var compilations = new Dictionary<string, Compilation>(StringComparer.OrdinalIgnoreCase);
        var files = new Dictionary<string, MetadataReference>(StringComparer.Ordinal);
        var byOutput = projects.GroupBy(p => p.OutputFileName, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);

        MetadataReference? Resolve(string path)
        {
            if (File.Exists(path))
            {
                if (!files.TryGetValue(path, out var reference))
                {
                    reference = MetadataReference.CreateFromFile(path);
                    files.Add(path, reference);
                }

                return reference;
            }

            return compilations.TryGetValue(Path.GetFileName(path), out var sibling) ? sibling.ToMetadataReference() : null;
        }

        // In the order a build passes them: the SDK's NetAnalyzers come before package analyzers on the csc command line.
        // Order matters for attribution: compilation-start actions run in this order, and the first one to touch the
        // compilation's declarations or reference symbols is charged for building them. The project's generators come
        // before MeshReady's, in one driver (IDE case) or, for a command-line build, in two drivers run one after the other
        // on the same compilation, so that MeshReady's generator can be charged the CPU time of its own run.
        Dictionary<MeshSet, Drivers> DriversFor(LoadedCompilation loaded, ImmutableArray<ISourceGenerator> generators)
        {
            var options = wholeProgram ? new RealGeneratorReport.SwitchOn(loaded.OptionsProvider) : loaded.OptionsProvider;
            GeneratorDriver Driver(ImmutableArray<ISourceGenerator> of) => CSharpGeneratorDriver.Create(
                of, loaded.AdditionalFiles, loaded.ParseOptions, options, new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None));
            return sets.ToDictionary(s => s, s => wholeProgram
                ? new Drivers(Driver(generators), Driver(s.Generators), net.AddRange(s.Analyzers), options)
                : new Drivers(Driver(generators.AddRange(s.Generators)), null, net.AddRange(s.Analyzers), options));
        }

        if (wholeProgram)
        {
            output.WriteLine("Command-line build: meshready.whole_program = true for the generator and the analyzers, as the package's build targets set it. MeshReady's generator (whole-program step included) is charged the CPU time of the thread for its run, in its own driver after the project's generators.");
        }

        if (warmup > 0)
        {
            // Steady state: every project with every build, W times over, nothing kept but the sibling compilations.
            var clock = System.Diagnostics.Stopwatch.StartNew();
            for (var round = 0; round < warmup; round++)
            {
                foreach (var project in Order(projects, byOutput))
                {
                    var generators = project.GeneratorPaths().SelectMany(p => GeneratorsIn(p, generatorCache)).ToImmutableArray();
                    foreach (var set in sets)
                    {
                        var loaded = project.CreateCompilation(Resolve, out _);
                        var ran = Analyze(DriversFor(loaded, generators)[set], loaded);
                        if (set == sets[sets.Count - 1])
                        {
                            compilations[project.OutputFileName] = ran.Compilation;
                        }
                    }
                }
            }

            output.WriteLine(Invariant($"Warm-up: {warmup} full round(s) over {projects.Count} projects and {sets.Count} build(s), discarded ({clock.Elapsed.TotalSeconds:0} s wall)."));
        }

        var warmed = warmup > 0;
        foreach (var project in Order(projects, byOutput))
        {
            var loaded = project.CreateCompilation(Resolve, out var missing);
            var generators = project.GeneratorPaths().SelectMany(p => GeneratorsIn(p, generatorCache)).ToImmutableArray();
            var drivers = DriversFor(loaded, generators);
            var loadedUsed = false;
            if (!warmed)
            {
                // Warm-up: JIT of both analyzer packages and the driver, on the first project, not counted.
                foreach (var set in sets)
                {
                    Analyze(drivers[set], loaded);
                }

                warmed = true;
                loadedUsed = true;
            }

            // Each run on a fresh compilation (nothing bound is shared between runs); medians per analyzer and per package,
            // so that a run pre-empted by other work on the machine does not set the number. With a baseline, the two
            // builds take turns, so a burst of load lands on both.
            var runs = sets.ToDictionary(s => s, _ => new List<RunResult>());
            for (var run = 0; run < Math.Max(1, repeat); run++)
            {
                // The first set of a run may build reference symbols the others reuse: the order rotates every run.
                foreach (var set in sets.Skip(run % sets.Count).Concat(sets.Take(run % sets.Count)))
                {
                    // The warm-up's compilation has been bound already: a measured run gets a fresh one.
                    runs[set].Add(Analyze(drivers[set], run == 0 && sets.Count == 1 && !loadedUsed ? loaded : project.CreateCompilation(Resolve, out _)));
                    cpuRuns[set].Add(lastCpu);
                }
            }

            foreach (var set in sets)
            {
                var (generatorCpu, analysisCpu) = cpu[set];
                cpu[set] = (generatorCpu + Median(cpuRuns[set].Select(c => c.Generators)), analysisCpu + Median(cpuRuns[set].Select(c => c.Analysis)));
                cpuRuns[set].Clear();
            }

            foreach (var set in sets)
            {
                var setRuns = runs[set];
                var all = drivers[set].All;
                var (compilation, _, _, diagnostics, _) = setRuns[0];
                if (set == sets[sets.Count - 1])
                {
                    compilations[project.OutputFileName] = compilation;
                }

                var analyzerTimes = all.ToDictionary(a => a, a => Median(setRuns.Select(r => r.AnalyzerTimes[a])));
                bool IsMesh(Type generator) => set.Generators.Any(g => g.GetGeneratorType() == generator);
                var meshGeneratorTimer = Median(setRuns.Select(r => Sum(r.GeneratorTimes.Where(t => IsMesh(t.Generator)).Select(t => t.Time))));
                var meshGeneratorTime = wholeProgram ? Median(setRuns.Select(r => r.MeshGeneratorCpu)) : meshGeneratorTimer;
                var otherGeneratorTime = Median(setRuns.Select(r => Sum(r.GeneratorTimes.Where(t => !IsMesh(t.Generator)).Select(t => t.Time))));
                var netTime = Sum(net.Select(a => analyzerTimes[a]));
                var result = new ProjectResult(
                    project,
                    Repository(project.ProjectPath, folder),
                    loaded.Compilation.SyntaxTrees.Sum(t => t.GetText().Lines.Count),
                    loaded.Compilation.SyntaxTrees.Count(),
                    diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error && d.Id.StartsWith("CS", StringComparison.Ordinal)),
                    missing,
                    generators.Length,
                    meshGeneratorTime,
                    meshGeneratorTimer,
                    otherGeneratorTime,
                    set.Analyzers.ToDictionary(a => a, a => analyzerTimes[a]),
                    netTime,
                    net.ToDictionary(a => a, a => analyzerTimes[a]),
                    diagnostics.Where(d => d.Id.StartsWith("MESH", StringComparison.Ordinal)).GroupBy(d => d.Id).ToDictionary(g => g.Key, g => g.Count()));
                results[set].Add(result);
                output.WriteLine(Invariant($"  {result.Repository}/{project.Name}{(sets.Count > 1 ? " [" + set.Name + "]" : string.Empty)}: {result.Lines} lines, {result.Errors} errors, {missing} missing refs, NetAnalyzers {Ms(result.NetTime)}, MeshReady {Ms(result.MeshAnalyzerTime + meshGeneratorTime)}"));
            }
        }

        var met = true;
        foreach (var set in sets)
        {
            if (sets.Count > 1)
            {
                output.WriteLine();
                output.WriteLine("## " + set.Name);
            }

            met &= Print(results[set], set.Analyzers, net, output, wholeProgram);
        }

        if (sets.Count > 1)
        {
            Compare(sets, results, cpu, output);
        }

        return met;
    }

    /// <summary>Per analyzer (by type name), every build side by side, from runs that took turns in one process.</summary>
    private static void Compare(List<MeshSet> sets, Dictionary<MeshSet, List<ProjectResult>> results, Dictionary<MeshSet, (TimeSpan Generators, TimeSpan Analysis)> cpu, TextWriter output)
    {
        TimeSpan TimeOf(MeshSet set, string name)
            => Sum(results[set].SelectMany(r => r.MeshTimes.Where(kv => kv.Key.GetType().Name == name).Select(kv => kv.Value)));

        output.WriteLine();
        output.WriteLine("## Builds side by side (same process, runs taking turns)");
        output.WriteLine();
        for (var i = 0; i < sets.Count; i++)
        {
            output.WriteLine(Invariant($"{(char)('A' + i)}: {sets[i].Name}"));
        }

        output.WriteLine();
        output.WriteLine("| | " + string.Join(" | ", sets.Select((_, i) => ((char)('A' + i)).ToString())) + " | last / first |");
        output.WriteLine("|---|" + string.Concat(sets.Select(_ => "---:|")) + "---:|");
        void Row(string label, Func<MeshSet, TimeSpan> time)
        {
            var times = sets.Select(time).ToList();
            var ratio = times[0] > TimeSpan.Zero ? (times[times.Count - 1].TotalMilliseconds / times[0].TotalMilliseconds).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) + "×" : "–";
            output.WriteLine($"| {label} | {string.Join(" | ", times.Select(Ms))} | {ratio} |");
        }

        // Process CPU time is not inflated by other processes' work the way callback wall time (telemetry) is on a shared
        // machine: with --mesh-only it is MeshReady's analysis (and the compiler work it makes happen, the same for every set).
        Row("Process CPU time: generators (all of the project's, MeshReady's included)", s => cpu[s].Generators);
        Row("Process CPU time: analysis (every analyzer in the run, and the compiler work they cause)", s => cpu[s].Analysis);
        Row("NetAnalyzers (control: the same package in every set)", s => Sum(results[s].Select(r => r.NetTime)));
        Row("MeshReady analyzers", s => Sum(results[s].Select(r => r.MeshAnalyzerTime)));
        Row("MeshReady generator", s => Sum(results[s].Select(r => r.MeshGeneratorTime)));
        var names = sets.SelectMany(s => s.Analyzers.Select(a => a.GetType().Name)).Distinct()
            .OrderByDescending(n => sets.Sum(s => TimeOf(s, n).TotalMilliseconds));
        foreach (var name in names)
        {
            Row(name, s => TimeOf(s, name));
        }
    }

    // Process CPU time of the last Analyze call: (generators, analysis). The benchmark is single-threaded around it.
    private static (TimeSpan Generators, TimeSpan Analysis) lastCpu;

    private static RunResult Analyze(Drivers drivers, LoadedCompilation loaded)
    {
        var analyzers = drivers.All;
        var process = System.Diagnostics.Process.GetCurrentProcess();
        var cpuStart = process.TotalProcessorTime;
        var meshCpu = TimeSpan.Zero;
        Compilation compilation;
        List<(Type, TimeSpan)> generatorTimes;
        if (drivers.Mesh is null)
        {
            var driver = drivers.Driver.RunGeneratorsAndUpdateCompilation(loaded.Compilation, out compilation, out _);
            generatorTimes = driver.GetTimingInfo().GeneratorTimes.Select(t => (t.Generator.GetGeneratorType(), t.ElapsedTime)).ToList();
        }
        else
        {
            // What one driver with both would do: each generator sees the compilation without the others' output, then all
            // generated trees are added, the project's first. The generator runs on this thread, so the thread's CPU time
            // is its own (the JIT's background tier-up and other processes' load are not in it).
            var projectDriver = drivers.Driver.RunGenerators(loaded.Compilation);
            var threadStart = GeneratorCostReport.ThreadCpu();
            var meshDriver = drivers.Mesh.RunGenerators(loaded.Compilation);
            meshCpu = GeneratorCostReport.ThreadCpu() - threadStart;
            compilation = loaded.Compilation.AddSyntaxTrees(
                projectDriver.GetRunResult().GeneratedTrees.Concat(meshDriver.GetRunResult().GeneratedTrees));
            generatorTimes = projectDriver.GetTimingInfo().GeneratorTimes.Concat(meshDriver.GetTimingInfo().GeneratorTimes)
                .Select(t => (t.Generator.GetGeneratorType(), t.ElapsedTime)).ToList();
        }

        process.Refresh();
        var cpuGenerated = process.TotalProcessorTime;

        // Sequential callbacks with telemetry, as -p:ReportAnalyzer=true reports them for a build.
        var withAnalyzers = compilation.WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(loaded.AdditionalFiles, drivers.Options),
            onAnalyzerException: null,
            concurrentAnalysis: false,
            logAnalyzerExecutionTime: true));
        var analyzerDiagnostics = withAnalyzers.GetAnalyzerDiagnosticsAsync(CancellationToken.None).GetAwaiter().GetResult();
        process.Refresh();
        lastCpu = (cpuGenerated - cpuStart, process.TotalProcessorTime - cpuGenerated);
        var diagnostics = analyzerDiagnostics.AddRange(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var times = analyzers.ToDictionary(
            a => a,
            a => withAnalyzers.GetAnalyzerTelemetryInfoAsync(a, CancellationToken.None).GetAwaiter().GetResult().ExecutionTime);
        return new RunResult(compilation, generatorTimes, times, diagnostics, meshCpu);
    }

    private static bool Print(List<ProjectResult> results, ImmutableArray<DiagnosticAnalyzer> mesh, ImmutableArray<DiagnosticAnalyzer> net, TextWriter output, bool wholeProgram)
    {
        // --mesh-only: NetAnalyzers did not run, so there is no share of them to state and no target to judge.
        var withNet = !net.IsEmpty;
        output.WriteLine();
        output.WriteLine("| Repository (commit) | Projects | Lines | Compile errors | NetAnalyzers | MeshReady analyzers | MeshReady generator" + (wholeProgram ? " (CPU, whole-program step included)" : string.Empty) + " | MeshReady total | Share of NetAnalyzers | Other generators |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var repository in results.GroupBy(r => r.Repository).Append(results.GroupBy(_ => "**all**").Single()))
        {
            var lines = repository.Sum(r => r.Lines);
            var netTime = Sum(repository.Select(r => r.NetTime));
            var meshAnalyzers = Sum(repository.Select(r => r.MeshAnalyzerTime));
            var generator = Sum(repository.Select(r => r.MeshGeneratorTime));
            var others = Sum(repository.Select(r => r.OtherGeneratorTime));
            var commit = repository.Key == "**all**" ? string.Empty : " (" + Commit(repository.First().Project.ProjectPath) + ")";
            var shareText = withNet ? Invariant($"{(meshAnalyzers + generator) / netTime:0.0%}") : "–";
            output.WriteLine(Invariant($"| {repository.Key}{commit} | {repository.Count()} | {lines:#,0} | {repository.Sum(r => r.Errors)} | {(withNet ? Ms(netTime) : "not run")} | {Ms(meshAnalyzers)} | {Ms(generator)} | {Ms(meshAnalyzers + generator)} | {shareText} | {Ms(others)} |"));
        }

        var totalLines = results.Sum(r => r.Lines);
        var netTotal = Sum(results.Select(r => r.NetTime));
        var meshTotal = Sum(results.Select(r => r.MeshAnalyzerTime)) + Sum(results.Select(r => r.MeshGeneratorTime));
        var share = meshTotal / netTotal;
        output.WriteLine();
        output.WriteLine(Invariant($"Per 10k lines: {(withNet ? Invariant($"NetAnalyzers {netTotal.TotalMilliseconds * 10000 / totalLines:0.0} ms, ") : string.Empty)}MeshReady {meshTotal.TotalMilliseconds * 10000 / totalLines:0.0} ms (analyzers {Sum(results.Select(r => r.MeshAnalyzerTime)).TotalMilliseconds * 10000 / totalLines:0.0} ms, generator {Sum(results.Select(r => r.MeshGeneratorTime)).TotalMilliseconds * 10000 / totalLines:0.0} ms)."));
        if (wholeProgram)
        {
            // The same runs by Roslyn's timer (wall time of the generator's run): on a loaded machine it also holds time
            // the thread waited for a core, as the analyzers' telemetry does.
            var timer = Sum(results.Select(r => r.MeshGeneratorTimerTime));
            var meshAnalyzerTotal = Sum(results.Select(r => r.MeshAnalyzerTime));
            output.WriteLine(Invariant($"MeshReady generator by Roslyn's timer (wall time, the same runs): {Ms(timer)}, {timer.TotalMilliseconds * 10000 / totalLines:0.0} ms per 10k lines{(withNet ? Invariant($"; MeshReady total with it {(meshAnalyzerTotal + timer) / netTotal:0.0%} of NetAnalyzers") : string.Empty)}."));
        }

        output.WriteLine(Invariant($"Missing references (not restored or not built): {results.Sum(r => r.MissingReferences)}; projects with compile errors: {results.Count(r => r.Errors > 0)}."));

        output.WriteLine();
        output.WriteLine("| MeshReady analyzer | Time (telemetry, all projects) | Per project | Diagnostics |");
        output.WriteLine("|---|---:|---:|---:|");
        foreach (var analyzer in mesh.OrderByDescending(a => Sum(results.Select(r => r.MeshTimes[a]))))
        {
            var time = Sum(results.Select(r => r.MeshTimes[analyzer]));
            var ids = analyzer.SupportedDiagnostics.Select(d => d.Id).Distinct().ToList();
            var count = results.Sum(r => r.MeshDiagnostics.Where(kv => ids.Contains(kv.Key)).Sum(kv => kv.Value));
            output.WriteLine(Invariant($"| {analyzer.GetType().Name} | {Ms(time)} | {time.TotalMilliseconds / Math.Max(1, results.Count):0.00} ms | {count} |"));
        }

        if (!withNet)
        {
            output.WriteLine();
            output.WriteLine("NetAnalyzers were left out (--mesh-only): no share of them and no target result.");
            return true;
        }

        var active = net.Where(a => results.Any(r => r.NetTimes[a] > TimeSpan.Zero)).ToList();
        var ordinary = active.Count == 0 ? 0 : active.Select(a => Sum(results.Select(r => r.NetTimes[a])).TotalMilliseconds).OrderBy(t => t).ElementAt(active.Count / 2);
        output.WriteLine();
        output.WriteLine(Invariant($"NetAnalyzers: {active.Count} of {net.Length} analyzers ran; median analyzer {ordinary:0.0} ms over all projects. Slowest:"));
        foreach (var analyzer in net.OrderByDescending(a => Sum(results.Select(r => r.NetTimes[a]))).Take(5))
        {
            output.WriteLine(Invariant($"  {analyzer.GetType().Name}: {Ms(Sum(results.Select(r => r.NetTimes[analyzer])))}"));
        }

        output.WriteLine();
        output.WriteLine("| Target | Measured | Result |");
        output.WriteLine("|---|---:|---|");
        output.WriteLine(Invariant($"| MeshReady analyzers + generator ≤ {TargetShareOfNetAnalyzers:0%} of NetAnalyzers on real code{(wholeProgram ? ", command-line build (whole-program switch on)" : string.Empty)} | {share:0.0%} | {(share <= TargetShareOfNetAnalyzers ? "met" : "**missed**")} |"));
        return share <= TargetShareOfNetAnalyzers;
    }

    /// <summary>Projects after the projects they reference (by output file name), so sibling references resolve in memory.</summary>
    private static IEnumerable<RealProject> Order(IReadOnlyList<RealProject> projects, Dictionary<string, RealProject> byOutput)
    {
        var done = new HashSet<RealProject>();
        var ordered = new List<RealProject>();
        void Visit(RealProject project, HashSet<RealProject> path)
        {
            if (done.Contains(project) || !path.Add(project))
            {
                return;
            }

            foreach (var reference in project.Arguments.MetadataReferences)
            {
                var path2 = Path.GetFullPath(reference.Reference, project.Arguments.BaseDirectory!);
                if (!File.Exists(path2) && byOutput.TryGetValue(Path.GetFileName(path2), out var sibling))
                {
                    Visit(sibling, path);
                }
            }

            done.Add(project);
            ordered.Add(project);
        }

        foreach (var project in projects)
        {
            Visit(project, new HashSet<RealProject>());
        }

        return ordered;
    }

    private static IEnumerable<ISourceGenerator> GeneratorsIn(string path, Dictionary<string, ImmutableArray<ISourceGenerator>> cache)
    {
        if (!cache.TryGetValue(path, out var generators))
        {
            generators = File.Exists(path)
                ? new AnalyzerFileReference(path, new DirectoryLoader()).GetGenerators(LanguageNames.CSharp)
                : ImmutableArray<ISourceGenerator>.Empty;
            cache.Add(path, generators);
        }

        return generators;
    }

    /// <summary>The repository a project belongs to: the folder of the nearest enclosing .git.</summary>
    private static string Repository(string projectPath, string root)
    {
        for (var directory = Path.GetDirectoryName(Path.GetFullPath(projectPath)); directory is not null; directory = Path.GetDirectoryName(directory))
        {
            if (Directory.Exists(Path.Combine(directory, ".git")) || File.Exists(Path.Combine(directory, ".git")))
            {
                return Path.GetFileName(directory);
            }
        }

        return Path.GetFileName(Path.GetFullPath(root));
    }

    private static string Commit(string projectPath)
    {
        try
        {
            var start = new System.Diagnostics.ProcessStartInfo("git", "rev-parse --short HEAD")
            {
                WorkingDirectory = Path.GetDirectoryName(Path.GetFullPath(projectPath))!,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = System.Diagnostics.Process.Start(start)!;
            var text = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            return process.ExitCode == 0 ? text : "?";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "?";
        }
    }

    private static TimeSpan Sum(IEnumerable<TimeSpan> times) => times.Aggregate(TimeSpan.Zero, (s, t) => s + t);

    private static TimeSpan Median(IEnumerable<TimeSpan> times)
    {
        var sorted = times.OrderBy(t => t).ToList();
        return sorted[sorted.Count / 2];
    }

    /// <summary>Each generator DLL in a context of its folder: two versions of one generator (two packages) load side by side.</summary>
    internal sealed class DirectoryLoader : IAnalyzerAssemblyLoader
    {
        private readonly Dictionary<string, AssemblyLoadContext> contexts = new(StringComparer.Ordinal);

        public void AddDependencyLocation(string fullPath)
        {
        }

        public Assembly LoadFromPath(string fullPath)
        {
            var directory = Path.GetDirectoryName(fullPath)!;
            if (!contexts.TryGetValue(directory, out var context))
            {
                context = new FolderContext(directory);
                contexts.Add(directory, context);
            }

            return context.LoadFromAssemblyPath(fullPath);
        }

        private sealed class FolderContext : AssemblyLoadContext
        {
            private readonly string directory;

            public FolderContext(string directory)
                : base("generators " + directory) => this.directory = directory;

            protected override Assembly? Load(AssemblyName assemblyName)
            {
                // Roslyn and the BCL come from the host; a generator's own helpers from its folder.
                if (assemblyName.Name is { } name && (name.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal) || name.StartsWith("System.", StringComparison.Ordinal)))
                {
                    return null;
                }

                var candidate = Path.Combine(directory, assemblyName.Name + ".dll");
                return File.Exists(candidate) ? LoadFromAssemblyPath(candidate) : null;
            }
        }
    }

    /// <summary>
    /// The generator drivers and analyzers of one build for one project: <see cref="Driver"/> runs the project's generators
    /// (and MeshReady's, when <see cref="Mesh"/> is null); <see cref="Mesh"/> runs MeshReady's alone, after it.
    /// </summary>
    private sealed record Drivers(GeneratorDriver Driver, GeneratorDriver? Mesh, ImmutableArray<DiagnosticAnalyzer> All, AnalyzerConfigOptionsProvider Options);

    /// <summary>One analysis: <see cref="MeshGeneratorCpu"/> is the thread's CPU time of MeshReady's own driver (zero without one).</summary>
    private sealed record RunResult(
        Compilation Compilation,
        List<(Type Generator, TimeSpan Time)> GeneratorTimes,
        Dictionary<DiagnosticAnalyzer, TimeSpan> AnalyzerTimes,
        ImmutableArray<Diagnostic> Diagnostics,
        TimeSpan MeshGeneratorCpu);

    /// <summary>One build of MeshReady: its analyzers and its generator(s).</summary>
    private sealed record MeshSet(string Name, ImmutableArray<DiagnosticAnalyzer> Analyzers, ImmutableArray<ISourceGenerator> Generators);

    private sealed record ProjectResult(
        RealProject Project,
        string Repository,
        int Lines,
        int Files,
        int Errors,
        int MissingReferences,
        int Generators,
        TimeSpan MeshGeneratorTime,
        TimeSpan MeshGeneratorTimerTime,
        TimeSpan OtherGeneratorTime,
        Dictionary<DiagnosticAnalyzer, TimeSpan> MeshTimes,
        TimeSpan NetTime,
        Dictionary<DiagnosticAnalyzer, TimeSpan> NetTimes,
        Dictionary<string, int> MeshDiagnostics)
    {
        public TimeSpan MeshAnalyzerTime => MeshTimes.Values.Aggregate(TimeSpan.Zero, (s, t) => s + t);
    }
}
