using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using MeshReady.Analyzers.Tests.Catalogue;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using static MeshReady.Benchmarks.AnalyzerCostReport;

namespace MeshReady.Benchmarks.Real;

/// <summary>
/// Benchmark B on projects loaded as benchmark A's <c>real</c> loads them (the csc command line replayed): MeshReady's
/// generator alone in its own driver, timed in CPU time of the calling thread, in the situations that separate what the
/// generator itself costs from what it is merely charged for:
/// <list type="bullet">
/// <item>cold: a fresh compilation whose references and declarations nothing has bound yet (the generator pays for
/// whatever it touches first, as the first analyzer or generator in a build does);</item>
/// <item>warm: the same sources after the compiler has bound the references and declared the source symbols (work every
/// build does whoever asks first), i.e. the generator's own cost;</item>
/// <item>the real-build step (<c>meshready.whole_program = true</c>, which the package's build globalconfig sets) on the
/// warm compilation;</item>
/// <item>a re-run after an edit to a file that holds no listener, budget or port declaration.</item>
/// </list>
/// </summary>
internal static class RealGeneratorReport
{
    internal const string SwitchKey = "meshready.whole_program";

    public static bool Run(
        string folder, IReadOnlyList<string> msbuildProperties, int repeat, int edits, TextWriter output, bool breakdown = false, bool oursOnly = false, string? baselineDll = null, bool wholeProgram = false, int warmup = 0)
    {
        var generators = RuleCatalog.Generators.ToImmutableArray();
        var paths = RealProject.Discover(folder);
        var projects = paths.Select(p => RealProject.Load(p, msbuildProperties, output)).OfType<RealProject>().ToList();
        if (projects.Count == 0)
        {
            // Say so instead of failing later on an empty table (a bare ';' in --property makes MSBuild reject every project).
            output.WriteLine(Invariant($"No project under {Path.GetFullPath(folder)} could be loaded (MSBuild's messages are above; write ';' in a --property value as %3B). Nothing was measured."));
            return false;
        }

        var files = new Dictionary<string, MetadataReference>(StringComparer.Ordinal);
        var compilations = new Dictionary<string, Compilation>(StringComparer.OrdinalIgnoreCase);
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

        GeneratorDriver NewDriver(LoadedCompilation loaded, bool wholeProgram, bool track)
            => CSharpGeneratorDriver.Create(
                generators, loaded.AdditionalFiles, loaded.ParseOptions,
                wholeProgram ? new SwitchOn(loaded.OptionsProvider) : new SwitchOff(loaded.OptionsProvider),
                new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: track));

        static CSharpCompilation Warm(CSharpCompilation compilation)
        {
            // What the compiler binds for any build before or while generators run: the references and the declarations.
            _ = compilation.GetTypeByMetadataName("System.Object");
            _ = compilation.Assembly.GlobalNamespace.GetMembers().Count();
            return compilation;
        }

        if (wholeProgram)
        {
            return WholeProgramStep(projects, Resolve, compilations, repeat, output, oursOnly, baselineDll, warmup);
        }

        if (breakdown)
        {
            var loaded = new List<(RealProject, Func<LoadedCompilation>)>();
            foreach (var project in projects)
            {
                compilations[project.OutputFileName] = project.CreateCompilation(Resolve, out _).Compilation;
                loaded.Add((project, () => project.CreateCompilation(Resolve, out _)));
            }

            // JIT warm-up: one pass over every measurement before the timed ones.
            var baseline = baselineDll is null ? ImmutableArray<ISourceGenerator>.Empty : FirstRunBreakdown.Load(baselineDll);
            FirstRunBreakdown.Run(loaded.Take(1).ToList(), 1, TextWriter.Null, oursOnly, baseline);
            output.WriteLine(Invariant($"{projects.Count} projects loaded from {Path.GetFullPath(folder)}."));
            if (baselineDll is not null)
            {
                output.WriteLine("Baseline: " + Path.GetFullPath(baselineDll));
            }

            FirstRunBreakdown.Run(loaded, repeat, output, oursOnly, baseline);
            return true;
        }

        if (warmup > 0)
        {
            // Steady state (a long-lived compiler server or IDE): every measurement of every project W times, discarded.
            var clock = System.Diagnostics.Stopwatch.StartNew();
            for (var round = 0; round < warmup; round++)
            {
                foreach (var project in projects)
                {
                    var loaded = project.CreateCompilation(Resolve, out _);
                    compilations[project.OutputFileName] = loaded.Compilation;
                    NewDriver(loaded, false, false).RunGenerators(project.CreateCompilation(Resolve, out _).Compilation);
                    NewDriver(loaded, false, false).RunGenerators(Warm(project.CreateCompilation(Resolve, out _).Compilation));
                    NewDriver(loaded, true, false).RunGenerators(Warm(project.CreateCompilation(Resolve, out _).Compilation));
                    Edit(project, Resolve, track => NewDriver(loaded, false, track), Math.Min(edits, 3), out _);
                    Edit(project, Resolve, track => NewDriver(loaded, true, track), Math.Min(edits, 3), out _);
                }
            }

            output.WriteLine(Invariant($"Warm-up: {warmup} full round(s) over {projects.Count} projects, discarded ({clock.Elapsed.TotalSeconds:0} s wall)."));
        }

        output.WriteLine(Invariant($"{projects.Count} projects loaded from {Path.GetFullPath(folder)}; MeshReady's generator alone, CPU time of the thread, median of {repeat} (edits: {edits})."));
        output.WriteLine();
        output.WriteLine("| Project | Lines | Switch on the command line | Cold first run | Warm first run (switch off, IDE) | Warm first run (switch on, real build) | Whole-program step | Unrelated edit (switch off) | Unrelated edit (switch on) | Slowest steps, warm, switch off |");
        output.WriteLine("|---|---:|---|---:|---:|---:|---:|---:|---:|---|");
        var totals = new double[7];
        var totalLines = 0;
        var warmed = warmup > 0;
        foreach (var project in projects)
        {
            var loaded = project.CreateCompilation(Resolve, out _);
            compilations[project.OutputFileName] = loaded.Compilation;
            var lines = loaded.Compilation.SyntaxTrees.Sum(t => t.GetText().Lines.Count);
            totalLines += lines;
            var commandLineSwitch = loaded.OptionsProvider.GlobalOptions.TryGetValue(SwitchKey, out var value) ? value : "absent";
            if (!warmed)
            {
                NewDriver(loaded, true, true).RunGenerators(Warm(project.CreateCompilation(Resolve, out _).Compilation));
                NewDriver(loaded, false, true).RunGenerators(project.CreateCompilation(Resolve, out _).Compilation);
                warmed = true;
            }

            double Median(Func<double> measure) => Enumerable.Range(0, Math.Max(1, repeat)).Select(_ => measure()).OrderBy(x => x).ElementAt(Math.Max(1, repeat) / 2);
            double CpuOf(Action action)
            {
                var start = GeneratorCostReport.ThreadCpu();
                action();
                return (GeneratorCostReport.ThreadCpu() - start).TotalMilliseconds;
            }

            var cold = Median(() =>
            {
                var fresh = project.CreateCompilation(Resolve, out _).Compilation;
                return CpuOf(() => NewDriver(loaded, false, false).RunGenerators(fresh));
            });
            var warmOff = Median(() =>
            {
                var fresh = Warm(project.CreateCompilation(Resolve, out _).Compilation);
                return CpuOf(() => NewDriver(loaded, false, false).RunGenerators(fresh));
            });
            var step = 0.0;
            var warmOn = Median(() =>
            {
                var fresh = Warm(project.CreateCompilation(Resolve, out _).Compilation);
                var cpu = CpuOf(() => NewDriver(loaded, true, false).RunGenerators(fresh));
                step = StepMs(NewDriver(loaded, true, true).RunGenerators(Warm(project.CreateCompilation(Resolve, out _).Compilation)), "WholeProgram");
                return cpu;
            });

            var slowest = string.Empty;
            var editOff = Edit(project, Resolve, track => NewDriver(loaded, false, track), edits, out slowest);
            var editOn = Edit(project, Resolve, track => NewDriver(loaded, true, track), edits, out _);
            var row = new[] { cold, warmOff, warmOn, step, editOff, editOn };
            for (var i = 0; i < row.Length; i++)
            {
                totals[i] += double.IsNaN(row[i]) ? 0 : row[i];
            }

            output.WriteLine(Invariant($"| {project.Name} | {lines:#,0} | {commandLineSwitch} | {cold:0.0} ms | {warmOff:0.0} ms | {warmOn:0.0} ms | {step:0.0} ms | {editOff:0.000} ms | {editOn:0.00} ms | {slowest} |"));
        }

        double PerTenK(double ms) => ms * 10_000 / Math.Max(1, totalLines);
        output.WriteLine(Invariant($"| **all** | {totalLines:#,0} | | {totals[0]:0.0} ms ({PerTenK(totals[0]):0.0} per 10k) | {totals[1]:0.0} ms ({PerTenK(totals[1]):0.0} per 10k) | {totals[2]:0.0} ms ({PerTenK(totals[2]):0.0} per 10k) | {totals[3]:0.0} ms ({PerTenK(totals[3]):0.0} per 10k) | | | |"));
        return true;
    }

    /// <summary>Median CPU time of a re-run after appending a comment to the project's largest file without mesh-relevant names.</summary>
    private static double Edit(RealProject project, Func<string, MetadataReference?> resolve, Func<bool, GeneratorDriver> newDriver, int edits, out string slowest)
    {
        slowest = string.Empty;
        CSharpCompilation compilation = project.CreateCompilation(resolve, out _).Compilation;
        var tree = compilation.SyntaxTrees
            .Where(t => !System.Text.RegularExpressions.Regex.IsMatch(t.GetText().ToString(), "Listen|UseUrls|ShutdownTimeout|MeshPort|UseSetting|Bind\\(|MapGrpcService|Urls|MeshProxy|AddMeshReadiness|quitquitquit"))
            .OrderByDescending(t => t.Length)
            .FirstOrDefault();
        if (tree is null)
        {
            return double.NaN;
        }

        // Timed with step tracking off (as builds and the IDE run); a tracked driver follows the same edits, untimed.
        var driver = newDriver(false).RunGenerators(compilation);
        var tracked = newDriver(true).RunGenerators(compilation);
        var original = tree.GetText().ToString();
        var times = new List<double>();
        for (var k = 1; k <= edits; k++)
        {
            var edited = tree.WithChangedText(SourceText.From(original + $"\n// edit {k}\n"));
            compilation = compilation.ReplaceSyntaxTree(tree, edited);
            tree = edited;
            var start = GeneratorCostReport.ThreadCpu();
            driver = driver.RunGenerators(compilation);
            times.Add((GeneratorCostReport.ThreadCpu() - start).TotalMilliseconds);
            tracked = tracked.RunGenerators(compilation);
        }

        slowest = string.Join("; ", tracked.GetRunResult().Results.SelectMany(r => r.TrackedSteps)
            .Select(pair => (pair.Key, Ms: pair.Value.Sum(s => s.ElapsedTime.TotalMilliseconds)))
            .OrderByDescending(x => x.Ms).Take(3).Select(x => Invariant($"{x.Key} {x.Ms:0.00}")));
        times.Sort();
        return times[times.Count / 2];
    }

    /// <summary>
    /// <c>real-generator --whole-program</c>: the whole-program step alone, as the CPU time of the thread of a warm first run
    /// with the switch on minus the same with it off (medians of R runs, each on a fresh warm compilation), per project;
    /// with <c>--baseline</c> another build's generator takes turns with this one (the four runs of a round in an order that
    /// rotates per round), so the machine's load falls on both alike. <c>--ours-only</c> runs only this build's switch-on
    /// runs (for a profiler).
    /// </summary>
    private static bool WholeProgramStep(
        List<RealProject> projects, Func<string, MetadataReference?> resolve, Dictionary<string, Compilation> compilations, int repeat, TextWriter output, bool oursOnly, string? baselineDll, int warmup)
    {
        var ours = RuleCatalog.Generators.ToImmutableArray();
        var sets = new List<(string Name, ImmutableArray<ISourceGenerator> Generators)> { ("this build", ours) };
        if (baselineDll is not null && !oursOnly)
        {
            sets.Add(("baseline", FirstRunBreakdown.Load(baselineDll)));
            output.WriteLine("Baseline: " + Path.GetFullPath(baselineDll));
        }

        var kinds = new List<(int Set, bool On)>();
        for (var set = 0; set < sets.Count; set++)
        {
            kinds.Add((set, true));
            if (!oursOnly)
            {
                kinds.Add((set, false));
            }
        }

        GeneratorDriver DriverFor(LoadedCompilation loaded, ImmutableArray<ISourceGenerator> generators, bool on)
            => CSharpGeneratorDriver.Create(
                generators, loaded.AdditionalFiles, loaded.ParseOptions,
                on ? new SwitchOn(loaded.OptionsProvider) : new SwitchOff(loaded.OptionsProvider),
                new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: false));

        if (warmup > 0)
        {
            // Steady state: every kind of run on every project W times, discarded.
            var clock = System.Diagnostics.Stopwatch.StartNew();
            for (var w = 0; w < warmup; w++)
            {
                foreach (var project in projects)
                {
                    var loaded = project.CreateCompilation(resolve, out _);
                    compilations[project.OutputFileName] = loaded.Compilation;
                    foreach (var (set, on) in kinds)
                    {
                        DriverFor(loaded, sets[set].Generators, on).RunGenerators(WarmCompilation(project.CreateCompilation(resolve, out _).Compilation));
                    }
                }
            }

            output.WriteLine(Invariant($"Warm-up: {warmup} full round(s) over {projects.Count} projects, discarded ({clock.Elapsed.TotalSeconds:0} s wall)."));
        }

        output.WriteLine(Invariant($"{projects.Count} projects; warm first run, CPU time of the thread, median of {repeat}; step = switch on - switch off."));
        output.WriteLine();
        output.WriteLine("| Project | Lines | " + string.Join(" | ", sets.Select(s => s.Name + ": on | " + s.Name + ": off | " + s.Name + ": step")) + " |");
        output.WriteLine("|---|---:|" + string.Concat(Enumerable.Repeat("---:|---:|---:|", sets.Count)));
        var totals = new double[sets.Count * 3];
        var totalLines = 0;
        var round = 0;
        foreach (var project in projects)
        {
            var loaded = project.CreateCompilation(resolve, out _);
            compilations[project.OutputFileName] = loaded.Compilation;
            var lines = loaded.Compilation.SyntaxTrees.Sum(t => t.GetText().Lines.Count);
            totalLines += lines;
            GeneratorDriver Driver(ImmutableArray<ISourceGenerator> generators, bool on) => DriverFor(loaded, generators, on);

            if (round == 0 && warmup == 0)
            {
                // JIT warm-up, untimed.
                foreach (var (set, on) in kinds)
                {
                    Driver(sets[set].Generators, on).RunGenerators(WarmCompilation(project.CreateCompilation(resolve, out _).Compilation));
                }
            }

            var times = kinds.Select(_ => new List<double>()).ToList();
            for (var r = 0; r < Math.Max(1, repeat); r++, round++)
            {
                for (var k = 0; k < kinds.Count; k++)
                {
                    var index = (k + round) % kinds.Count;
                    var (set, on) = kinds[index];
                    var fresh = WarmCompilation(project.CreateCompilation(resolve, out _).Compilation);
                    var driver = Driver(sets[set].Generators, on);
                    var start = GeneratorCostReport.ThreadCpu();
                    driver.RunGenerators(fresh);
                    times[index].Add((GeneratorCostReport.ThreadCpu() - start).TotalMilliseconds);
                }
            }

            var cells = new List<string>();
            for (var set = 0; set < sets.Count; set++)
            {
                var on = MedianOf(times[kinds.IndexOf((set, true))]);
                var off = oursOnly ? double.NaN : MedianOf(times[kinds.IndexOf((set, false))]);
                var step = on - off;
                totals[set * 3] += on;
                totals[set * 3 + 1] += oursOnly ? 0 : off;
                totals[set * 3 + 2] += oursOnly ? 0 : step;
                cells.Add(Invariant($"{on:0.0} ms | {off:0.0} ms | {step:0.0} ms"));
            }

            output.WriteLine(Invariant($"| {project.Name} | {lines:#,0} | {string.Join(" | ", cells)} |"));
            output.Flush();
        }

        double PerTenK(double ms) => ms * 10_000 / Math.Max(1, totalLines);
        output.WriteLine(Invariant($"| **all** | {totalLines:#,0} | {string.Join(" | ", totals.Select(t => Invariant($"{t:0.0} ms ({PerTenK(t):0.0} per 10k)")))} |"));
        return true;
    }

    private static double MedianOf(List<double> values)
    {
        var sorted = values.OrderBy(x => x).ToList();
        return sorted[sorted.Count / 2];
    }

    private static CSharpCompilation WarmCompilation(CSharpCompilation compilation)
    {
        // As Run's Warm: the references and the declarations bound, as any build has them before or while generators run.
        _ = compilation.GetTypeByMetadataName("System.Object");
        _ = compilation.Assembly.GlobalNamespace.GetMembers().Count();
        return compilation;
    }

    private static double StepMs(GeneratorDriver driver, string name)
        => driver.GetRunResult().Results.Sum(r => r.TrackedSteps.TryGetValue(name, out var steps) ? steps.Sum(s => s.ElapsedTime.TotalMilliseconds) : 0);

    /// <summary>The project's options with the whole-program switch forced on (as the package's build globalconfig sets it).</summary>
    internal sealed class SwitchOn(AnalyzerConfigOptionsProvider inner) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new With(inner.GlobalOptions, "true");

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => inner.GetOptions(tree);

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => inner.GetOptions(textFile);
    }

    /// <summary>The project's options with the switch forced off (an IDE design-time build).</summary>
    internal sealed class SwitchOff(AnalyzerConfigOptionsProvider inner) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new With(inner.GlobalOptions, null);

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => inner.GetOptions(tree);

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => inner.GetOptions(textFile);
    }

    internal sealed class With(AnalyzerConfigOptions inner, string? switchValue) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value)
        {
            if (key == SwitchKey)
            {
                value = switchValue;
                return value is not null;
            }

            return inner.TryGetValue(key, out value);
        }
    }
}
