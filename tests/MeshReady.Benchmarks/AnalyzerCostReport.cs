using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MeshReady.Benchmarks;

/// <summary>
/// Benchmark A: MeshReady's analyzers against NetAnalyzers' and against plain compilation, on one generated
/// corpus in one process. Two kinds of numbers: analyzer telemetry (the summed time of each analyzer's
/// callbacks, what <c>-p:ReportAnalyzer=true</c> prints) with both packages in one driver, and the wall time and
/// allocations of a whole compile with each package alone, minus a compile without analyzers.
/// </summary>
internal static class AnalyzerCostReport
{
    public const double TargetRatioToNetAnalyzers = 0.25;
    public const double TargetShareOfCompile = 0.03;
    public const double TargetLargestAnalyzerShare = 0.40;

    public static bool Run(int fileCount, int repeat, bool solo, TextWriter output)
    {
        var corpus = new CorpusCompilation(fileCount);
        var mesh = AnalyzerSets.MeshReady();
        var net = AnalyzerSets.NetAnalyzers();

        var errors = corpus.Create().GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        output.WriteLine(Invariant($"Corpus: {corpus.Files.Count} files, {corpus.Lines} lines, {errors.Count} compile errors."));
        output.WriteLine(Invariant($"{mesh.Length} MeshReady analyzers, {net.Length} NetAnalyzers {PackageFolder.NetAnalyzersVersion} analyzers; median of {repeat} runs."));
        foreach (var error in errors.Take(5))
        {
            output.WriteLine("  " + error);
        }

        // Warm up the JIT for every code path measured below, on a small corpus.
        Analyze(new CorpusCompilation(50).Create(), mesh.AddRange(net), concurrent: true, logTime: false);

        var compile = Measurement.Median(repeat, () => corpus.Create().GetDiagnostics());
        var withMesh = Measurement.Median(repeat, () => Analyze(corpus.Create(), mesh, concurrent: true, logTime: false));

        // NetAnalyzers is the expensive part: one driver runs both packages, with telemetry, once per repeat.
        // Telemetry is that of the last run.
        var telemetry = (Times: new Dictionary<DiagnosticAnalyzer, TimeSpan>(), Diagnostics: ImmutableArray<Diagnostic>.Empty);
        var withBoth = Measurement.Median(repeat, () => telemetry = Telemetry(corpus, mesh.AddRange(net)));
        var (times, diagnostics) = telemetry;
        var meshTotal = Sum(times, mesh);
        var netTotal = Sum(times, net);

        output.WriteLine();
        output.WriteLine("| Measurement | Time | Allocated |");
        output.WriteLine("|---|---:|---:|");
        output.WriteLine(Invariant($"| Compile without analyzers (`GetDiagnostics`, concurrent build) | {Ms(compile.Elapsed)} | {Mb(compile.AllocatedBytes)} |"));
        output.WriteLine(Invariant($"| Compile + MeshReady analyzers (concurrent analysis) | {Ms(withMesh.Elapsed)} | {Mb(withMesh.AllocatedBytes)} |"));
        output.WriteLine(Invariant($"| MeshReady overhead: difference of the two | {Ms(withMesh.Elapsed - compile.Elapsed)} | {Mb(withMesh.AllocatedBytes - compile.AllocatedBytes)} |"));
        output.WriteLine(Invariant($"| Compile + MeshReady + NetAnalyzers (sequential analysis, telemetry on) | {Ms(withBoth.Elapsed)} | {Mb(withBoth.AllocatedBytes)} |"));
        output.WriteLine(Invariant($"| MeshReady analyzer time (telemetry: sum of callbacks) | {Ms(meshTotal)} | |"));
        output.WriteLine(Invariant($"| NetAnalyzers analyzer time (telemetry: sum of callbacks) | {Ms(netTotal)} | |"));

        var ratioToNet = meshTotal.TotalMilliseconds / netTotal.TotalMilliseconds;
        var shareOfCompile = meshTotal.TotalMilliseconds / compile.Elapsed.TotalMilliseconds;
        var perAnalyzer = mesh.Select(a => (
                Name: a.GetType().Name,
                Time: times[a],
                Ids: string.Join(", ", a.SupportedDiagnostics.Select(d => d.Id).Distinct()),
                Count: diagnostics.Count(d => a.SupportedDiagnostics.Any(s => s.Id == d.Id))))
            .OrderByDescending(x => x.Time)
            .ToList();
        var largestShare = meshTotal > TimeSpan.Zero ? perAnalyzer[0].Time.TotalMilliseconds / meshTotal.TotalMilliseconds : 0;

        output.WriteLine();
        output.WriteLine("| Target | Measured | Result |");
        output.WriteLine("|---|---:|---|");
        output.WriteLine(Invariant($"| MeshReady ≤ {TargetRatioToNetAnalyzers:0.##}× NetAnalyzers (telemetry) | {ratioToNet:0.000}× | {Verdict(ratioToNet <= TargetRatioToNetAnalyzers)} |"));
        output.WriteLine(Invariant($"| MeshReady ≤ {TargetShareOfCompile:0%} of compile time (telemetry / compile wall time) | {shareOfCompile:0.00%} | {Verdict(shareOfCompile <= TargetShareOfCompile)} |"));
        output.WriteLine(Invariant($"| No analyzer above {TargetLargestAnalyzerShare:0%} of MeshReady's total | {perAnalyzer[0].Name}: {largestShare:0.0%} | {Verdict(largestShare <= TargetLargestAnalyzerShare)} |"));

        output.WriteLine();
        output.WriteLine("| MeshReady analyzer | Rules | Time (telemetry) | Share | Diagnostics |");
        output.WriteLine("|---|---|---:|---:|---:|");
        foreach (var (name, time, ids, count) in perAnalyzer)
        {
            output.WriteLine(Invariant($"| {name} | {ids} | {Ms(time)} | {Share(time, meshTotal)} | {count} |"));
        }

        if (solo)
        {
            // Each analyzer alone pays the shared one-time costs (KnownTypes, compilation start) itself: comparing
            // these with the shared run shows how much of an analyzer's share is attribution, not its own work.
            output.WriteLine();
            output.WriteLine("| MeshReady analyzer run alone | Time (telemetry) |");
            output.WriteLine("|---|---:|");
            foreach (var analyzer in mesh)
            {
                var alone = Telemetry(corpus, ImmutableArray.Create(analyzer)).Times[analyzer];
                output.WriteLine(Invariant($"| {analyzer.GetType().Name} | {Ms(alone)} |"));
            }
        }

        output.WriteLine();
        output.WriteLine("| Slowest NetAnalyzers analyzers (for scale) | Time (telemetry) |");
        output.WriteLine("|---|---:|");
        foreach (var analyzer in net.OrderByDescending(a => times[a]).Take(5))
        {
            output.WriteLine(Invariant($"| {analyzer.GetType().Name} | {Ms(times[analyzer])} |"));
        }

        return ratioToNet <= TargetRatioToNetAnalyzers && shareOfCompile <= TargetShareOfCompile && largestShare <= TargetLargestAnalyzerShare;
    }

    /// <summary>Callback time per analyzer, all analyzers in one driver (what <c>ReportAnalyzer</c> reports for a build).</summary>
    private static (Dictionary<DiagnosticAnalyzer, TimeSpan> Times, ImmutableArray<Diagnostic> Diagnostics) Telemetry(
        CorpusCompilation corpus, ImmutableArray<DiagnosticAnalyzer> analyzers)
    {
        // Sequential callbacks: on a shared 2-core machine concurrency would add pre-emption to every callback.
        var withAnalyzers = corpus.Create().WithAnalyzers(analyzers, Options(concurrent: false, logTime: true));
        var diagnostics = withAnalyzers.GetAnalyzerDiagnosticsAsync(CancellationToken.None).GetAwaiter().GetResult();
        var times = analyzers.ToDictionary(
            a => a,
            a => withAnalyzers.GetAnalyzerTelemetryInfoAsync(a, CancellationToken.None).GetAwaiter().GetResult().ExecutionTime);
        return (times, diagnostics);
    }

    /// <summary>A whole compile with analyzers: compiler and analyzer diagnostics, as a build produces them.</summary>
    private static ImmutableArray<Diagnostic> Analyze(Compilation compilation, ImmutableArray<DiagnosticAnalyzer> analyzers, bool concurrent, bool logTime)
        => compilation.WithAnalyzers(analyzers, Options(concurrent, logTime)).GetAllDiagnosticsAsync(CancellationToken.None).GetAwaiter().GetResult();

    private static CompilationWithAnalyzersOptions Options(bool concurrent, bool logTime)
        => new(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            onAnalyzerException: (exception, analyzer, _) => throw new InvalidOperationException($"{analyzer} threw", exception),
            concurrentAnalysis: concurrent,
            logAnalyzerExecutionTime: logTime);

    private static TimeSpan Sum(Dictionary<DiagnosticAnalyzer, TimeSpan> times, ImmutableArray<DiagnosticAnalyzer> analyzers)
        => analyzers.Aggregate(TimeSpan.Zero, (sum, a) => sum + times[a]);

    internal static string Ms(TimeSpan time) => Invariant($"{time.TotalMilliseconds:#,0.0} ms");

    internal static string Mb(long bytes) => Invariant($"{bytes / 1024.0 / 1024.0:#,0.0} MB");

    private static string Share(TimeSpan part, TimeSpan total) => total > TimeSpan.Zero ? Invariant($"{part / total:0.0%}") : "–";

    private static string Verdict(bool met) => met ? "met" : "**missed**";

    internal static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
