using System;
using System.Collections.Immutable;
using System.Globalization;
using System.Threading;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MeshReady.Benchmarks;

/// <summary>
/// Benchmark A as BenchmarkDotNet measures it (wall time, allocations per compile). In process, so nothing else
/// is built; corpus size from MESHREADY_CORPUS_FILES (default 2,000 files).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(InProcessConfig))]
public class AnalyzerBenchmarks
{
    private CorpusCompilation corpus = null!;
    private ImmutableArray<DiagnosticAnalyzer> meshReady;
    private ImmutableArray<DiagnosticAnalyzer> netAnalyzers;

    [GlobalSetup]
    public void Setup()
    {
        corpus = new CorpusCompilation(CorpusSize.Files(2000));
        meshReady = AnalyzerSets.MeshReady();
        netAnalyzers = AnalyzerSets.NetAnalyzers();
    }

    [Benchmark(Baseline = true)]
    public ImmutableArray<Diagnostic> Compile() => corpus.Create().GetDiagnostics();

    [Benchmark]
    public ImmutableArray<Diagnostic> CompileWithMeshReady() => Analyze(meshReady);

    [Benchmark]
    public ImmutableArray<Diagnostic> CompileWithNetAnalyzers() => Analyze(netAnalyzers);

    private ImmutableArray<Diagnostic> Analyze(ImmutableArray<DiagnosticAnalyzer> analyzers)
        => corpus.Create()
            .WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(
                new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), onAnalyzerException: null, concurrentAnalysis: true, logAnalyzerExecutionTime: false))
            .GetAllDiagnosticsAsync(CancellationToken.None).GetAwaiter().GetResult();
}

/// <summary>Short in-process runs: the compiles are seconds long and the machine is small.</summary>
public sealed class InProcessConfig : ManualConfig
{
    public InProcessConfig()
        => AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(1).WithIterationCount(3).WithLaunchCount(1));
}

internal static class CorpusSize
{
    public static int Files(int defaultValue)
        => int.TryParse(Environment.GetEnvironmentVariable("MESHREADY_CORPUS_FILES"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var files)
            ? files
            : defaultValue;
}
