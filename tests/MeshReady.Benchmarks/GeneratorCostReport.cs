using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using MeshReady.Analyzers.Tests.Catalogue;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using static MeshReady.Benchmarks.AnalyzerCostReport;

namespace MeshReady.Benchmarks;

/// <summary>
/// Benchmark B: every MeshReady source generator (by reflection) on a generated project: the first run, a re-run
/// after an edit to an unrelated file (every step should be cached), and a re-run after an edit that changes a
/// port the service listens on.
/// </summary>
internal static class GeneratorCostReport
{
    public const double TargetUnrelatedEditMs = 1.0;

    private const string PortLine = "kestrel.ListenAnyIP(8080);";

    public static bool Run(int fileCount, int repeat, int edits, TextWriter output)
    {
        var generators = RuleCatalog.Generators.ToImmutableArray();
        if (generators.IsEmpty)
        {
            output.WriteLine("No source generator in this build of MeshReady.Analyzers: benchmark B has nothing to measure.");
            return true;
        }

        var corpus = new CorpusCompilation(fileCount);
        var driverOptions = new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true);
        GeneratorDriver NewDriver() => CSharpGeneratorDriver.Create(generators, parseOptions: CorpusCompilation.ParseOptions, driverOptions: driverOptions);

        NewDriver().RunGenerators(corpus.Create()); // JIT warm-up
        var first = Measurement.Median(repeat, () => NewDriver().RunGenerators(corpus.Create()));

        var compilation = corpus.Create();
        var driver = NewDriver().RunGenerators(compilation);

        var unrelated = Edit(ref driver, ref compilation, corpus, "DomainModel/", edits, (text, k) => text + $"\n// edit {k}\n");
        var unrelatedReasons = StepReasons(driver);
        var unrelatedSlowest = SlowestSteps(driver);
        var port = Edit(ref driver, ref compilation, corpus, "HostingSetup/", edits,
            (text, k) => text.Contains(PortLine, StringComparison.Ordinal) ? text.Replace(PortLine, $"kestrel.ListenAnyIP({8081 + k});", StringComparison.Ordinal) : text);
        var portReasons = StepReasons(driver);

        output.WriteLine(Invariant($"Project: {corpus.Files.Count} files, {corpus.Lines} lines; generators: {string.Join(", ", generators.Select(g => g.GetGeneratorType().Name))}."));
        output.WriteLine();
        output.WriteLine("| Run | Median time | Step outputs after the last edit |");
        output.WriteLine("|---|---:|---|");
        output.WriteLine(Invariant($"| First run (new driver, fresh compilation; allocated {Mb(first.AllocatedBytes)}) | {Ms(first.Elapsed)} | |"));
        output.WriteLine(Invariant($"| Re-run after an edit to an unrelated file ({edits} edits) | {unrelated.TotalMilliseconds:0.000} ms | {unrelatedReasons} |"));
        output.WriteLine(Invariant($"| Re-run after an edit that changes a listening port ({edits} edits) | {port.TotalMilliseconds:0.000} ms | {portReasons} |"));
        output.WriteLine();
        var met = unrelated.TotalMilliseconds <= TargetUnrelatedEditMs;
        output.WriteLine(Invariant($"Target: re-run after an unrelated edit ≤ {TargetUnrelatedEditMs} ms: {(met ? "met" : "**missed**")}."));
        output.WriteLine();
        output.WriteLine("Slowest tracked steps in the last re-run after an unrelated edit: " + unrelatedSlowest + ".");
        return met;
    }

    /// <summary>Median time of <paramref name="edits"/> driver runs, each after one more edit of the first matching file.</summary>
    private static TimeSpan Edit(
        ref GeneratorDriver driver, ref CSharpCompilation compilation, CorpusCompilation corpus, string folder, int edits, Func<string, int, string> edit)
    {
        var index = corpus.Files.Select((f, i) => (f, i)).First(x => x.f.Path.StartsWith(folder, StringComparison.Ordinal)
            && edit(x.f.Text, 0) != x.f.Text).i;
        var original = corpus.Files[index].Text;
        var tree = compilation.SyntaxTrees.Single(t => t.FilePath.EndsWith(corpus.Files[index].Path, StringComparison.Ordinal));
        var times = new List<TimeSpan>();
        for (var k = 1; k <= edits; k++)
        {
            var edited = tree.WithChangedText(SourceText.From(edit(original, k)));
            compilation = compilation.ReplaceSyntaxTree(tree, edited);
            tree = edited;
            var stopwatch = Stopwatch.StartNew();
            driver = driver.RunGenerators(compilation);
            times.Add(stopwatch.Elapsed);
        }

        times.Sort();
        return times[times.Count / 2];
    }

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
}
