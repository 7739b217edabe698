using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using MeshReady.Analyzers.Tests.Catalogue;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using static MeshReady.Benchmarks.AnalyzerCostReport;

namespace MeshReady.Benchmarks;

/// <summary>
/// Benchmark B′: the generator's whole-program step (call summaries, MeshReady.StartupCallsUnguarded). Its cost in a real
/// build (switch on: the corpus as an application and as a class library), next to the compiler's own binding of the
/// same code, and its cost in the IDE (switch off, as in design-time builds): the first run and a re-run after an edit.
/// </summary>
internal static class WholeProgramCostReport
{
    private const string SwitchKey = "meshready.whole_program";

    public static bool Run(int fileCount, int repeat, int edits, TextWriter output)
    {
        var generators = RuleCatalog.Generators.ToImmutableArray();
        var corpus = new CorpusCompilation(fileCount);
        var driverOptions = new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true);
        GeneratorDriver NewDriver(bool on) => CSharpGeneratorDriver.Create(
            generators, parseOptions: CorpusCompilation.ParseOptions, driverOptions: driverOptions,
            optionsProvider: new Options(on ? new Dictionary<string, string> { [SwitchKey] = "true" } : new Dictionary<string, string>()));
        CSharpCompilation Library() => corpus.Create().WithOptions(corpus.Create().Options.WithOutputKind(OutputKind.DynamicallyLinkedLibrary));

        NewDriver(true).RunGenerators(corpus.Create()); // JIT warm-up
        NewDriver(true).RunGenerators(Library());
        var compile = Measurement.Median(repeat, () => corpus.Create().GetDiagnostics());
        var off = Measurement.Median(repeat, () => NewDriver(false).RunGenerators(corpus.Create()));
        var onApp = Measurement.Median(repeat, () => NewDriver(true).RunGenerators(corpus.Create()));
        var onLibrary = Measurement.Median(repeat, () => NewDriver(true).RunGenerators(Library()));

        var appRun = NewDriver(true).RunGenerators(corpus.Create()).GetRunResult().Results.Single();
        var libraryRun = NewDriver(true).RunGenerators(Library()).GetRunResult().Results.Single();
        var appStep = StepTime(appRun);
        var libraryStep = StepTime(libraryRun);
        var summaries = CountLines(libraryRun, "MeshReady.CallSummary");
        var unguarded = appRun.GeneratedSources.FirstOrDefault(s => s.HintName == "MeshReady.WholeProgram.g.cs").SourceText?.ToString().Contains("StartupCallsUnguarded\", \"true\"", StringComparison.Ordinal);

        // The IDE: switch off, re-run after an edit to one file.
        var compilation = corpus.Create();
        var driver = NewDriver(false).RunGenerators(compilation);
        var tree = compilation.SyntaxTrees.First(t => t.FilePath.Contains("/DomainModel/", StringComparison.Ordinal));
        var stepTimes = new List<TimeSpan>();
        var times = new List<TimeSpan>();
        for (var k = 1; k <= edits; k++)
        {
            var edited = tree.WithChangedText(SourceText.From(tree.GetText() + $"\n// edit {k}\n"));
            compilation = compilation.ReplaceSyntaxTree(tree, edited);
            tree = edited;
            var stopwatch = Stopwatch.StartNew();
            driver = driver.RunGenerators(compilation);
            times.Add(stopwatch.Elapsed);
            stepTimes.Add(StepTime(driver.GetRunResult().Results.Single()));
        }

        times.Sort();
        stepTimes.Sort();

        output.WriteLine(Invariant($"Project: {corpus.Files.Count} files, {corpus.Lines} lines."));
        output.WriteLine();
        output.WriteLine("| Run | Median time | Whole-program step |");
        output.WriteLine("|---|---:|---:|");
        output.WriteLine(Invariant($"| Compiler binding the corpus (GetDiagnostics, for scale) | {Ms(compile.Elapsed)} | |"));
        output.WriteLine(Invariant($"| Generator, first run, IDE/design-time (switch off) | {Ms(off.Elapsed)} | |"));
        output.WriteLine(Invariant($"| Generator, first run, real build of an application (StartupCallsUnguarded = {unguarded}) | {Ms(onApp.Elapsed)} | {Ms(appStep)} |"));
        output.WriteLine(Invariant($"| Generator, first run, real build of a class library ({summaries} call summaries; allocated {Mb(onLibrary.AllocatedBytes)}) | {Ms(onLibrary.Elapsed)} | {Ms(libraryStep)} |"));
        output.WriteLine(Invariant($"| IDE re-run after an edit (switch off, {edits} edits) | {times[times.Count / 2].TotalMilliseconds:0.000} ms | {stepTimes[stepTimes.Count / 2].TotalMilliseconds:0.000} ms |"));
        return true;
    }

    private static TimeSpan StepTime(GeneratorRunResult result)
        => result.TrackedSteps.TryGetValue("WholeProgram", out var steps) ? steps.Aggregate(TimeSpan.Zero, (sum, step) => sum + step.ElapsedTime) : TimeSpan.Zero;

    private static int CountLines(GeneratorRunResult result, string key)
        => result.GeneratedSources.Where(s => s.HintName == "MeshReady.WholeProgram.g.cs")
            .Sum(s => s.SourceText.Lines.Count(line => line.ToString().Contains("\"" + key + "\"", StringComparison.Ordinal)));

    private sealed class Options(Dictionary<string, string> values) : AnalyzerConfigOptionsProvider
    {
        private readonly Values global = new(values);

        public override AnalyzerConfigOptions GlobalOptions => global;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Values.Empty;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Values.Empty;

        private sealed class Values(Dictionary<string, string> values) : AnalyzerConfigOptions
        {
            public static readonly Values Empty = new(new Dictionary<string, string>());

            public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
        }
    }
}
