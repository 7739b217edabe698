using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using static MeshReady.Benchmarks.AnalyzerCostReport;

namespace MeshReady.Benchmarks;

/// <summary>
/// Benchmark A, IDE-shaped: what one keystroke costs. A one-character edit in one document of an N-file project
/// makes a new compilation; the IDE then analyses that document alone (syntax diagnostics for its tree, semantic
/// diagnostics for its semantic model) with a <see cref="CompilationWithAnalyzers"/> made for the new compilation, so
/// every compilation-start action runs again. Each package is measured on its own copy of the edited compilation
/// (neither inherits the other's binding), after the compiler's own diagnostics for the document, which the IDE
/// computes anyway and which are reported apart.
/// </summary>
internal static class IdeCostReport
{
    public static bool Run(int fileCount, int edits, TextWriter output)
    {
        var corpus = new CorpusCompilation(fileCount);
        var sets = new (string Name, ImmutableArray<DiagnosticAnalyzer> Analyzers)[]
        {
            ("MeshReady", AnalyzerSets.MeshReady()),
            ("NetAnalyzers", AnalyzerSets.NetAnalyzers()),
        };

        var baseline = corpus.Create();
        baseline.GetDiagnostics(); // a project the IDE has already seen: declarations bound, references read
        var documents = corpus.Trees.Where((_, i) => i % Math.Max(1, corpus.Trees.Length / edits) == 0).Take(edits).ToList();

        // JIT warm-up on one edit, not counted.
        foreach (var (_, analyzers) in sets)
        {
            MeasureOne(baseline, documents[0], analyzers, 0);
        }

        var compiler = new List<TimeSpan>();
        var results = sets.ToDictionary(s => s.Name, _ => new List<(TimeSpan Wall, TimeSpan Telemetry, Dictionary<string, TimeSpan> PerAnalyzer)>());
        for (var k = 0; k < documents.Count; k++)
        {
            foreach (var (name, analyzers) in k % 2 == 0 ? sets : sets.Reverse())
            {
                var (compile, wall, telemetry, perAnalyzer) = MeasureOne(baseline, documents[k], analyzers, k + 1);
                compiler.Add(compile);
                results[name].Add((wall, telemetry, perAnalyzer));
            }
        }

        var lines = documents.Sum(d => d.GetText().Lines.Count) / documents.Count;
        output.WriteLine(Invariant($"Project: {corpus.Files.Count} files, {corpus.Lines} lines; {documents.Count} one-character edits, each in another document (about {lines} lines each); medians."));
        output.WriteLine();
        output.WriteLine("| Analysis of the edited document | Wall time (median) | Analyzer callbacks (telemetry, median) |");
        output.WriteLine("|---|---:|---:|");
        output.WriteLine(Invariant($"| Compiler diagnostics of the document (no analyzers; before either package) | {Ms(Median(compiler))} | |"));
        foreach (var (name, _) in sets)
        {
            output.WriteLine(Invariant($"| {name}: syntax + semantic diagnostics of the document | {Ms(Median(results[name].Select(r => r.Wall)))} | {Ms(Median(results[name].Select(r => r.Telemetry)))} |"));
        }

        var mesh = results["MeshReady"];
        var net = results["NetAnalyzers"];
        var ratio = Median(mesh.Select(r => r.Wall)).TotalMilliseconds / Median(net.Select(r => r.Wall)).TotalMilliseconds;
        output.WriteLine();
        output.WriteLine(Invariant($"MeshReady / NetAnalyzers per keystroke (wall): {ratio:0.000}×."));
        output.WriteLine();
        output.WriteLine("| Costliest MeshReady analyzers per keystroke | Telemetry (median) |");
        output.WriteLine("|---|---:|");
        foreach (var analyzer in mesh[0].PerAnalyzer.Keys.OrderByDescending(a => Median(mesh.Select(r => r.PerAnalyzer[a]))).Take(6))
        {
            output.WriteLine(Invariant($"| {analyzer.Substring(analyzer.LastIndexOf('.') + 1)} | {Median(mesh.Select(r => r.PerAnalyzer[analyzer])).TotalMilliseconds:0.00} ms |"));
        }

        return true;
    }

    private static (TimeSpan Compiler, TimeSpan Wall, TimeSpan Telemetry, Dictionary<string, TimeSpan> PerAnalyzer) MeasureOne(
        Compilation baseline, SyntaxTree document, ImmutableArray<DiagnosticAnalyzer> analyzers, int edit)
    {
        // One character typed in the middle of the document: a space at the start of its middle line.
        var text = document.GetText();
        var line = text.Lines[text.Lines.Count / 2];
        var edited = document.WithChangedText(text.WithChanges(new TextChange(new TextSpan(line.Start, 0), edit % 2 == 0 ? " " : "\t")));
        var compilation = baseline.ReplaceSyntaxTree(document, edited);

        var stopwatch = Stopwatch.StartNew();
#pragma warning disable RS1030 // The benchmark is the IDE here, not an analyzer.
        var model = compilation.GetSemanticModel(edited);
#pragma warning restore RS1030
        model.GetDiagnostics();
        var compiler = stopwatch.Elapsed;

        var withAnalyzers = compilation.WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            onAnalyzerException: (exception, analyzer, _) => throw new InvalidOperationException($"{analyzer} threw", exception),
            concurrentAnalysis: false,
            logAnalyzerExecutionTime: true));
        stopwatch.Restart();
        withAnalyzers.GetAnalyzerSyntaxDiagnosticsAsync(edited, CancellationToken.None).GetAwaiter().GetResult();
        withAnalyzers.GetAnalyzerSemanticDiagnosticsAsync(model, filterSpan: null, CancellationToken.None).GetAwaiter().GetResult();
        var wall = stopwatch.Elapsed;

        var perAnalyzer = analyzers.ToDictionary(
            a => a.GetType().FullName ?? a.GetType().Name,
            a => withAnalyzers.GetAnalyzerTelemetryInfoAsync(a, CancellationToken.None).GetAwaiter().GetResult().ExecutionTime);
        return (compiler, wall, perAnalyzer.Values.Aggregate(TimeSpan.Zero, (s, t) => s + t), perAnalyzer);
    }

    private static TimeSpan Median(IEnumerable<TimeSpan> values)
    {
        var sorted = values.OrderBy(v => v).ToList();
        return sorted.Count == 0 ? TimeSpan.Zero : sorted[sorted.Count / 2];
    }
}
