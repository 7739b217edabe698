using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using MeshReady.Analyzers.Tests.Catalogue;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using static MeshReady.Benchmarks.AnalyzerCostReport;

namespace MeshReady.Benchmarks;

/// <summary>
/// Benchmark B: every MeshReady source generator (by reflection) on a generated project, or on every project of a folder
/// of real code: the first run, a re-run after an edit to an unrelated file (every step should be cached), and a re-run
/// after an edit that changes a port the service listens on. Each time is reported twice: the wall time of
/// <c>RunGenerators</c> (driver included) and the generators' own time as the driver measures it (what
/// <c>-p:ReportAnalyzer=true</c> reports for a generator).
/// </summary>
internal static class GeneratorCostReport
{
    public const double TargetUnrelatedEditMs = 1.0;

    public const double TargetFirstRunMsPer10kLines = 10.0;

    private const string PortLine = "kestrel.ListenAnyIP(8080);";

    private static readonly Regex LiteralListenPort = new(@"ListenAnyIP\((?<port>\d+)", RegexOptions.CultureInvariant);

    public static bool Run(int fileCount, int repeat, int edits, TextWriter output, bool floor = true)
    {
        var corpus = new CorpusCompilation(fileCount);
        var project = new Project("corpus", corpus.Trees.Zip(corpus.Files, (tree, file) => (tree, file.Text)).ToImmutableArray(), OutputKind.ConsoleApplication);
        return Report(new[] { project }, project, repeat, edits, output, floor,
            unrelatedFile: f => f.Tree.FilePath.StartsWith("/corpus/DomainModel/", StringComparison.Ordinal),
            portEdit: (text, k) => text.Contains(PortLine, StringComparison.Ordinal) ? text.Replace(PortLine, $"kestrel.ListenAnyIP({8081 + k});", StringComparison.Ordinal) : text);
    }

    /// <summary>
    /// Every <c>*.csproj</c> under <paramref name="folder"/> compiled as one project from the <c>*.cs</c> files next to and
    /// below it (not bin/obj, not another project's folder), against net8.0 + ASP.NET Core 8 only: package references are
    /// not restored, so some calls do not bind; the generator's syntactic steps see everything.
    /// </summary>
    public static bool RunFolder(string folder, int repeat, int edits, TextWriter output, bool floor = true)
    {
        var projects = FolderProjects(Path.GetFullPath(folder));
        if (projects.Count == 0)
        {
            output.WriteLine($"No *.csproj with C# files under {folder}.");
            return false;
        }

        var largest = projects.OrderByDescending(p => p.Lines).First();
        var withListener = projects.FirstOrDefault(p => p.Files.Any(f => LiteralListenPort.IsMatch(f.Text)));
        return Report(projects, largest, repeat, edits, output, floor,
            unrelatedFile: f => !Regex.IsMatch(f.Text, "Listen|UseUrls|ShutdownTimeout|MeshPort|UseSetting|Bind\\(|MapGrpcService|Urls"),
            portEdit: (text, k) => LiteralListenPort.Replace(text, m => $"ListenAnyIP({40000 + k}", 1),
            portProject: withListener);
    }

    private static bool Report(
        IReadOnlyList<Project> projects, Project editProject, int repeat, int edits, TextWriter output, bool floor,
        Func<(SyntaxTree Tree, string Text), bool> unrelatedFile, Func<string, int, string> portEdit, Project? portProject = null)
    {
        var generators = RuleCatalog.Generators.ToImmutableArray();
        if (generators.IsEmpty)
        {
            output.WriteLine("No source generator in this build of MeshReady.Analyzers: benchmark B has nothing to measure.");
            return true;
        }

        // Times are taken with step tracking off, as in a build or the IDE (tracking records every entry of every step);
        // a tracked driver runs the same edits untimed, for the step outputs reported.
        GeneratorDriver NewDriver(Project project, bool track = true)
            => CSharpGeneratorDriver.Create(
                generators, parseOptions: (CSharpParseOptions)project.Files[0].Tree.Options,
                driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: track));

        NewDriver(editProject).RunGenerators(editProject.Create()); // JIT warm-up

        var firstWall = TimeSpan.Zero;
        var firstOwn = TimeSpan.Zero;
        var firstCpu = TimeSpan.Zero;
        long allocated = 0;
        foreach (var project in projects)
        {
            var own = new List<TimeSpan>();
            var cpu = new List<TimeSpan>();
            // Parsed before the measurement: the compiler parses the sources whether or not a generator runs.
            var fresh = new Queue<CSharpCompilation>(Enumerable.Range(0, Math.Max(1, repeat)).Select(_ => project.Create(freshTrees: true)));
            var measured = Measurement.Median(repeat, () =>
            {
                var compilation = fresh.Dequeue();
                var start = ThreadCpu();
                var ran = NewDriver(project, track: false).RunGenerators(compilation);
                cpu.Add(ThreadCpu() - start);
                own.Add(GeneratorTime(ran));
            });
            own.Sort();
            cpu.Sort();
            firstWall += measured.Elapsed;
            firstOwn += own[own.Count / 2];
            firstCpu += cpu[cpu.Count / 2];
            allocated += measured.AllocatedBytes;
        }

        var lines = projects.Sum(p => p.Lines);
        var perTenK = firstOwn.TotalMilliseconds * 10_000 / Math.Max(1, lines);

        var compilation = editProject.Create();
        var driver = NewDriver(editProject).RunGenerators(compilation);
        var unrelatedIndex = IndexOf(editProject.Files, unrelatedFile);
        var unrelated = unrelatedIndex < 0 ? default : Edit(ref driver, NewDriver(editProject, track: false), ref compilation, editProject, unrelatedIndex, edits, (text, k) => text + $"\n// edit {k}\n");
        var unrelatedReasons = StepReasons(driver);
        var unrelatedSlowest = SlowestSteps(driver);

        (TimeSpan Wall, TimeSpan Own, TimeSpan Cpu) port = default;
        var portReasons = "no listener with a literal port in the code";
        portProject ??= editProject;
        var portIndex = IndexOf(portProject.Files, f => portEdit(f.Text, 0) != f.Text);
        if (portIndex >= 0)
        {
            var portCompilation = portProject.Create();
            var portDriver = portProject == editProject ? driver : NewDriver(portProject).RunGenerators(portCompilation);
            if (portProject == editProject)
            {
                portCompilation = compilation;
            }

            port = Edit(ref portDriver, NewDriver(portProject, track: false), ref portCompilation, portProject, portIndex, edits, portEdit);
            portReasons = StepReasons(portDriver);
        }

        // The JIT decides much of a sub-millisecond run: with tiering (the default) the timed runs execute partly unoptimised
        // code (the NuGet Roslyn loaded here is not ReadyToRun-compiled, the SDK's compiler is), so say which was used.
        var tiering = Environment.GetEnvironmentVariable("DOTNET_TieredCompilation") ?? Environment.GetEnvironmentVariable("COMPlus_TieredCompilation");
        output.WriteLine(tiering == "0" ? "JIT: tiered compilation off (DOTNET_TieredCompilation=0): optimised code from the first call." : "JIT: tiered compilation on (the default): early runs execute unoptimised tier-0 code.");
        output.WriteLine(Invariant($"Projects: {projects.Count} ({projects.Sum(p => p.Files.Length)} files, {lines} lines); edits in {editProject.Name} ({editProject.Files.Length} files, {editProject.Lines} lines); generators: {string.Join(", ", generators.Select(g => g.GetGeneratorType().Name))}."));
        output.WriteLine();
        output.WriteLine("| Run | Wall time (median) | Generator time (median) | CPU time of the run (median) | Step outputs after the last edit |");
        output.WriteLine("|---|---:|---:|---:|---|");
        output.WriteLine(Invariant($"| First run (new driver, fresh compilation; allocated {Mb(allocated)}), all projects | {Ms(firstWall)} | {Ms(firstOwn)} ({perTenK:0.0} ms per 10k lines) | {Ms(firstCpu)} ({firstCpu.TotalMilliseconds * 10_000 / Math.Max(1, lines):0.0} ms per 10k lines) | |"));
        output.WriteLine(unrelatedIndex < 0
            ? "| Re-run after an edit to an unrelated file | — | — | — | no file without listener-like names |"
            : Invariant($"| Re-run after an edit to an unrelated file ({edits} edits) | {unrelated.Wall.TotalMilliseconds:0.000} ms | {unrelated.Own.TotalMilliseconds:0.000} ms | {unrelated.Cpu.TotalMilliseconds:0.000} ms | {unrelatedReasons} |"));
        output.WriteLine(portIndex < 0
            ? $"| Re-run after an edit that changes a listening port | — | — | — | {portReasons} |"
            : Invariant($"| Re-run after an edit that changes a listening port ({edits} edits) | {port.Wall.TotalMilliseconds:0.000} ms | {port.Own.TotalMilliseconds:0.000} ms | {port.Cpu.TotalMilliseconds:0.000} ms | {portReasons} |"));
        output.WriteLine();
        // The verdicts use CPU time where it is measured: on a shared machine wall time mostly measures the other processes.
        var basis = firstCpu > TimeSpan.Zero ? "CPU time" : "generator time";
        var editMs = (firstCpu > TimeSpan.Zero ? unrelated.Cpu : unrelated.Own).TotalMilliseconds;
        var firstPerTenK = firstCpu > TimeSpan.Zero ? firstCpu.TotalMilliseconds * 10_000 / Math.Max(1, lines) : perTenK;
        var editMet = unrelatedIndex >= 0 && editMs <= TargetUnrelatedEditMs;
        var firstMet = firstPerTenK <= TargetFirstRunMsPer10kLines;
        output.WriteLine(Invariant($"Target: re-run after an unrelated edit ≤ {TargetUnrelatedEditMs} ms ({basis}): {editMs:0.000} ms, {(editMet ? "met" : "**missed**")}."));
        output.WriteLine(Invariant($"Target: first run ≤ {TargetFirstRunMsPer10kLines} ms per 10k lines ({basis}): {firstPerTenK:0.0} ms, {(firstMet ? "met" : "**missed**")}."));
        output.WriteLine();
        output.WriteLine("Slowest tracked steps in the last re-run after an unrelated edit: " + unrelatedSlowest + ".");
        if (unrelatedIndex >= 0 && floor)
        {
            output.WriteLine();
            Floor(generators, editProject, unrelatedIndex, repeat, edits, output);
        }

        return editMet && firstMet;
    }

    /// <summary>
    /// The floor: Roslyn's driver cost for stand-in generators that do (almost) nothing with the same shapes of input
    /// (<see cref="FloorGenerators"/>), next to MeshReady's, each in its own untracked driver on its own copy of the project:
    /// the first run on a fresh compilation, then the same unrelated edits as above. The drivers take turns, the order
    /// rotating per run, so the machine's load is spread evenly.
    /// </summary>
    private static void Floor(ImmutableArray<ISourceGenerator> ours, Project project, int index, int repeat, int edits, TextWriter output)
    {
        var rows = FloorGenerators.All
            .Select(f => (Name: f.Name, Generators: ImmutableArray.Create(f.Generator)))
            .Append((Name: "MeshReady's generator(s)", Generators: ours))
            .ToArray();
        var parseOptions = (CSharpParseOptions)project.Files[0].Tree.Options;
        GeneratorDriver Fresh(ImmutableArray<ISourceGenerator> generators)
            => CSharpGeneratorDriver.Create(generators, parseOptions: parseOptions,
                driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: false));

        var first = rows.Select(_ => new List<TimeSpan>()).ToArray();
        for (var run = 0; run < repeat; run++)
        {
            for (var turn = 0; turn < rows.Length; turn++)
            {
                var i = (turn + run) % rows.Length;
                var fresh = project.Create(freshTrees: true);
                var driver = Fresh(rows[i].Generators);
                var start = ThreadCpu();
                driver.RunGenerators(fresh);
                first[i].Add(ThreadCpu() - start);
            }
        }

        // Each driver edits its own copy of the project (its own compilations and trees), so none finds work that another
        // driver already did on a shared compilation (a compilation computes some state lazily, for whoever asks first).
        var path = project.Files[index].Tree.FilePath;
        var original = project.Files[index].Text;
        var lineages = rows.Select(r =>
        {
            var compilation = project.Create(freshTrees: true);
            return (Driver: Fresh(r.Generators).RunGenerators(compilation), Compilation: compilation, Tree: compilation.SyntaxTrees.Single(t => t.FilePath == path));
        }).ToArray();
        var rerun = rows.Select(_ => new List<TimeSpan>()).ToArray();
        for (var k = 1; k <= edits; k++)
        {
            for (var turn = 0; turn < rows.Length; turn++)
            {
                var i = (turn + k) % rows.Length;
                var (driver, compilation, tree) = lineages[i];
                var edited = tree.WithChangedText(SourceText.From(original + $"\n// edit {k}\n"));
                compilation = compilation.ReplaceSyntaxTree(tree, edited);
                var start = ThreadCpu();
                driver = driver.RunGenerators(compilation);
                rerun[i].Add(ThreadCpu() - start);
                lineages[i] = (driver, compilation, edited);
            }
        }

        static TimeSpan Median(List<TimeSpan> times)
        {
            times.Sort();
            return times[times.Count / 2];
        }

        output.WriteLine(Invariant($"Floor: Roslyn's own cost per run for stand-in generators that do (almost) nothing, each alone in its driver on its own copy of the project, taking turns with MeshReady's on the same edits (CPU time of the thread, medians of {repeat} first runs and {edits} unrelated edits in {project.Name}):"));
        output.WriteLine();
        output.WriteLine("| Generator | First run | Re-run after an unrelated edit |");
        output.WriteLine("|---|---:|---:|");
        for (var i = 0; i < rows.Length; i++)
        {
            output.WriteLine(Invariant($"| {rows[i].Name} | {Median(first[i]).TotalMilliseconds:0.000} ms | {Median(rerun[i]).TotalMilliseconds:0.000} ms |"));
        }
    }

    /// <summary>Median wall and generator time of <paramref name="edits"/> driver runs, each after one more edit of one file.</summary>
    private static (TimeSpan Wall, TimeSpan Own, TimeSpan Cpu) Edit(
        ref GeneratorDriver driver, GeneratorDriver untracked, ref CSharpCompilation compilation, Project project, int index, int edits, Func<string, int, string> edit)
    {
        var original = project.Files[index].Text;
        var tree = compilation.SyntaxTrees.Single(t => t.FilePath == project.Files[index].Tree.FilePath);
        untracked = untracked.RunGenerators(compilation);
        var wall = new List<TimeSpan>();
        var own = new List<TimeSpan>();
        var cpu = new List<TimeSpan>();
        var compilations = new List<CSharpCompilation>();
        for (var k = 1; k <= edits; k++)
        {
            var edited = tree.WithChangedText(SourceText.From(edit(original, k)));
            compilation = compilation.ReplaceSyntaxTree(tree, edited);
            tree = edited;
            compilations.Add(compilation);
            var start = ThreadCpu();
            var stopwatch = Stopwatch.StartNew();
            untracked = untracked.RunGenerators(compilation);
            wall.Add(stopwatch.Elapsed);
            cpu.Add(ThreadCpu() - start);
            own.Add(GeneratorTime(untracked));
        }

        // The tracked driver follows the same edits afterwards: its step records would otherwise bring garbage collections
        // into the timed runs.
        foreach (var each in compilations)
        {
            driver = driver.RunGenerators(each);
        }

        wall.Sort();
        own.Sort();
        cpu.Sort();
        return (wall[wall.Count / 2], own[own.Count / 2], cpu[cpu.Count / 2]);
    }

    private static int IndexOf<T>(ImmutableArray<T> items, Func<T, bool> match)
    {
        for (var i = 0; i < items.Length; i++)
        {
            if (match(items[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// CPU time of the calling thread (Linux <c>CLOCK_THREAD_CPUTIME_ID</c>), where the driver runs the generator: unlike
    /// wall time, it does not grow when other processes take the machine's cores. Zero elsewhere.
    /// </summary>
    internal static TimeSpan ThreadCpu()
    {
        if (!OperatingSystem.IsLinux())
        {
            return TimeSpan.Zero;
        }

        return clock_gettime(3, out var now) == 0 ? TimeSpan.FromTicks((now.Seconds * TimeSpan.TicksPerSecond) + (now.Nanoseconds / 100)) : TimeSpan.Zero;
    }

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
    private static extern int clock_gettime(int clock, out TimeSpec time);

    [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    private static TimeSpan GeneratorTime(GeneratorDriver driver)
        => driver.GetTimingInfo().GeneratorTimes.Aggregate(TimeSpan.Zero, (sum, g) => sum + g.ElapsedTime);

    private static List<Project> FolderProjects(string folder)
    {
        var skip = new[] { $"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", $"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}" };
        var projectDirs = Directory.EnumerateFiles(folder, "*.csproj", SearchOption.AllDirectories)
            .Where(p => !skip.Any(s => p.Contains(s, StringComparison.Ordinal)))
            .Select(p => Path.GetDirectoryName(p)!)
            .Distinct()
            .OrderBy(p => p, StringComparer.Ordinal)
            .ToList();
        var projects = new List<Project>();
        foreach (var dir in projectDirs)
        {
            var nested = projectDirs.Where(d => d != dir && d.StartsWith(dir + Path.DirectorySeparatorChar, StringComparison.Ordinal)).ToList();
            var files = Directory.EnumerateFiles(dir, "*.cs", SearchOption.AllDirectories)
                .Where(f => !skip.Any(s => f.Contains(s, StringComparison.Ordinal)) && !nested.Any(n => f.StartsWith(n + Path.DirectorySeparatorChar, StringComparison.Ordinal)))
                .OrderBy(f => f, StringComparer.Ordinal)
                .Select(f =>
                {
                    var text = File.ReadAllText(f);
                    return (CSharpSyntaxTree.ParseText(text, RealParseOptions, f), text);
                })
                .ToImmutableArray();
            if (files.Length == 0)
            {
                continue;
            }

            var console = files.Any(f => f.Item1.GetCompilationUnitRoot().Members.OfType<GlobalStatementSyntax>().Any());
            projects.Add(new Project(Path.GetRelativePath(folder, dir), files, console ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary));
        }

        return projects;
    }

    private static readonly CSharpParseOptions RealParseOptions = new(LanguageVersion.Preview);

    /// <summary>The tracked steps that took longest in the last run, with their time and output reasons.</summary>
    private static string SlowestSteps(GeneratorDriver driver)
        => string.Join("; ", driver.GetRunResult().Results
            .SelectMany(r => r.TrackedSteps)
            .Select(pair => (Name: pair.Key, Time: pair.Value.Aggregate(TimeSpan.Zero, (sum, step) => sum + step.ElapsedTime), Runs: pair.Value.Length,
                Reasons: string.Join("/", pair.Value.SelectMany(step => step.Outputs.Select(o => o.Reason)).Distinct())))
            .OrderByDescending(x => x.Time)
            .Take(4)
            .Select(x => Invariant($"{x.Name} {x.Time.TotalMilliseconds:0.0} ms over {x.Runs} inputs ({x.Reasons})")));

    /// <summary>How the tracked steps' outputs were produced on the last run, e.g. "Cached 12, Unchanged 3".</summary>
    private static string StepReasons(GeneratorDriver driver)
    {
        var reasons = driver.GetRunResult().Results
            .SelectMany(r => r.TrackedSteps.Values.SelectMany(steps => steps))
            .SelectMany(step => step.Outputs.Select(o => o.Reason))
            .GroupBy(r => r)
            .OrderBy(g => g.Key)
            .Select(g => $"{g.Key} {g.Count()}");
        var text = string.Join(", ", reasons);
        return text.Length == 0 ? "no tracked steps" : text;
    }

    /// <summary>One compilation's sources: the trees parsed once, compiled afresh for each measurement.</summary>
    private sealed class Project
    {
        public Project(string name, ImmutableArray<(SyntaxTree Tree, string Text)> files, OutputKind kind)
        {
            Name = name;
            Files = files;
            Kind = kind;
            Lines = files.Sum(f => f.Text.Count(c => c == '\n') + 1);
        }

        public string Name { get; }

        public ImmutableArray<(SyntaxTree Tree, string Text)> Files { get; }

        public OutputKind Kind { get; }

        public int Lines { get; }

        /// <summary>
        /// With <paramref name="freshTrees"/>, the sources parsed again: a first run must not find trees that an earlier run
        /// already walked (their red nodes built, their facts remembered), as a new build would not.
        /// </summary>
        public CSharpCompilation Create(bool freshTrees = false)
            => CSharpCompilation.Create(
                "Corpus",
                freshTrees ? Files.Select(f => CSharpSyntaxTree.ParseText(f.Text, (CSharpParseOptions)f.Tree.Options, f.Tree.FilePath)) : Files.Select(f => f.Tree),
                ReferenceSet.AspNetCore80,
                new CSharpCompilationOptions(Kind, nullableContextOptions: NullableContextOptions.Enable));
    }
}
