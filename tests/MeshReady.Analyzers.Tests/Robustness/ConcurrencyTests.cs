using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MeshReady.Analyzers.Tests.Catalogue;
using MeshReady.Benchmarks.Corpus;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace MeshReady.Analyzers.Tests.Robustness;

/// <summary>
/// Analyzers run concurrently in every build and in the IDE: each one must say so, and running them over many
/// documents at once must report exactly what a sequential run reports.
/// </summary>
public class ConcurrencyTests
{
    /// <summary>A generated service: 10 modules (83 files, 8,000 lines) of realistic code.</summary>
    private const int CorpusFiles = 83;

    /// <summary>More mesh-hostile lines than real code has, so every rule has something to report concurrently.</summary>
    private const double HostileShare = 0.3;

    public static TheoryData<string> AnalyzerNames()
    {
        var data = new TheoryData<string>();
        foreach (var analyzer in RuleCatalog.Analyzers.ToImmutableArray())
        {
            data.Add(analyzer.GetType().Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AnalyzerNames))]
    public void Analyzer_enables_concurrent_execution_and_configures_generated_code(string analyzerName)
    {
        var analyzer = RuleCatalog.Analyzers.ToImmutableArray().Single(a => a.GetType().Name == analyzerName);
        var context = new RecordingAnalysisContext();

        analyzer.Initialize(context);

        Assert.True(context.ConcurrentExecutionEnabled, $"{analyzerName}.Initialize does not call EnableConcurrentExecution()");
        Assert.True(context.GeneratedCodeAnalysisConfigured, $"{analyzerName}.Initialize does not call ConfigureGeneratedCodeAnalysis(...)");
    }

    [Fact]
    public async Task Many_documents_analyzed_concurrently_give_the_sequential_diagnostics()
    {
        var harness = new AnalysisHarness();
        var trees = ServiceCorpus.Generate(CorpusFiles, seed: 7, HostileShare).Select(f => TestCompilations.Parse(f.Text, "/src/" + f.Path));
        var compilation = await TestCompilations.CreateAsync(trees);

        // An invalid option adds a compilation-end diagnostic (MESH901) to the per-document ones.
        var options = TestAnalyzerConfig.Create(editorConfig: null, "build_property.MeshReadyIdleTimeout = soon").ToAnalyzerOptions();
        var crashes = new ConcurrentQueue<string>();

        var sequential = await harness.AnalyzeAsync(compilation, options, concurrent: false, crashes, CancellationToken.None);
        var concurrent = await harness.AnalyzeAsync(compilation, options, concurrent: true, crashes, CancellationToken.None);
        var perDocument = await AnalyzeDocumentsInParallelAsync(compilation, harness.Analyzers, options);

        Assert.Empty(crashes);
        Assert.Contains(sequential, d => d.Id == "MESH901");
        Assert.True(sequential.Count(d => d.Location.IsInSource) >= 3, "too few diagnostics to compare: " + string.Join("; ", HarnessResult.Render(sequential)));
        Assert.Equal(HarnessResult.Render(sequential), HarnessResult.Render(concurrent));
        Assert.Equal(HarnessResult.Render(sequential), HarnessResult.Render(perDocument));
    }

    /// <summary>What the IDE does: one analyzer host, every document's diagnostics requested at the same time.</summary>
    private static async Task<List<Diagnostic>> AnalyzeDocumentsInParallelAsync(
        Compilation compilation, ImmutableArray<DiagnosticAnalyzer> analyzers, AnalyzerOptions options)
    {
        var withAnalyzers = compilation.WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(
            options, onAnalyzerException: null, concurrentAnalysis: true, logAnalyzerExecutionTime: false));
        var diagnostics = new ConcurrentBag<Diagnostic>();
        var parallelism = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(4, Environment.ProcessorCount * 2) };
        await Parallel.ForEachAsync(compilation.SyntaxTrees, parallelism, async (tree, ct) =>
        {
            var model = compilation.GetSemanticModel(tree);
            foreach (var diagnostic in await withAnalyzers.GetAnalyzerSyntaxDiagnosticsAsync(tree, ct))
            {
                diagnostics.Add(diagnostic);
            }

            foreach (var diagnostic in await withAnalyzers.GetAnalyzerSemanticDiagnosticsAsync(model, filterSpan: null, ct))
            {
                diagnostics.Add(diagnostic);
            }
        });

        // Compilation-end diagnostics, once every document has been analyzed.
        var result = await withAnalyzers.GetAnalysisResultAsync(CancellationToken.None);
        foreach (var diagnostic in result.CompilationDiagnostics.Values.SelectMany(d => d))
        {
            diagnostics.Add(diagnostic);
        }

        return diagnostics.ToList();
    }

}
