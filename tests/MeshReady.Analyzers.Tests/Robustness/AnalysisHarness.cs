using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MeshReady.Analyzers.Tests.Catalogue;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MeshReady.Analyzers.Tests.Robustness;

/// <summary>
/// Runs everything the package ships over one compilation the way a build and the IDE do, and collects what
/// must never happen: an analyzer exception (AD0001 or the <c>onAnalyzerException</c> callback), a generator
/// failure (CS8784/CS8785 or a run-result exception), an exception escaping a code fix provider's
/// <see cref="CodeFixProvider.RegisterCodeFixesAsync"/>, or a run that does not finish in time.
/// </summary>
public sealed class AnalysisHarness
{
    private static readonly string[] CrashIds = { "AD0001", "CS8784", "CS8785" };

    private int codeFixRegistrations;

    /// <summary>A harness over everything MeshReady ships.</summary>
    public AnalysisHarness()
        : this(RuleCatalog.Analyzers.ToImmutableArray(), RuleCatalog.Generators.ToImmutableArray(), RuleCatalog.CodeFixes.ToImmutableArray())
    {
    }

    public AnalysisHarness(
        ImmutableArray<DiagnosticAnalyzer> analyzers, ImmutableArray<ISourceGenerator> generators, ImmutableArray<CodeFixProvider> codeFixProviders)
    {
        Analyzers = analyzers;
        Generators = generators;
        CodeFixProviders = codeFixProviders;
    }

    public ImmutableArray<DiagnosticAnalyzer> Analyzers { get; }

    public ImmutableArray<ISourceGenerator> Generators { get; }

    public ImmutableArray<CodeFixProvider> CodeFixProviders { get; }

    /// <summary>How many times a provider's <c>RegisterCodeFixesAsync</c> was called (proves the fixes were exercised).</summary>
    public int CodeFixRegistrations => Volatile.Read(ref codeFixRegistrations);

    /// <summary>Runs generators, analyzers and code fix registration; returns the crashes (empty when all is well).</summary>
    public async Task<HarnessResult> RunAsync(CSharpCompilation compilation, AnalyzerOptions options, TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        var crashes = new ConcurrentQueue<string>();
        try
        {
            var withGenerated = RunGenerators(compilation, options, crashes, cancellation.Token);
            var diagnostics = await AnalyzeAsync(withGenerated, options, concurrent: false, crashes, cancellation.Token).ConfigureAwait(false);
            await RegisterCodeFixesAsync(withGenerated, diagnostics, crashes, cancellation.Token).ConfigureAwait(false);
            return new HarnessResult(diagnostics, crashes.ToImmutableArray());
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            crashes.Enqueue($"did not finish within {timeout.TotalSeconds:0} s (an analyzer, generator or fix provider may loop)");
            return new HarnessResult(ImmutableArray<Diagnostic>.Empty, crashes.ToImmutableArray());
        }
    }

    /// <summary>The MeshReady diagnostics for <paramref name="compilation"/>, with analyzer exceptions added to <paramref name="crashes"/>.</summary>
    public async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(
        Compilation compilation, AnalyzerOptions options, bool concurrent, ConcurrentQueue<string> crashes, CancellationToken cancellationToken)
    {
        var withAnalyzers = compilation.WithAnalyzers(Analyzers, new CompilationWithAnalyzersOptions(
            options,
            onAnalyzerException: (exception, analyzer, _) => crashes.Enqueue($"{analyzer.GetType().Name} threw {exception}"),
            concurrentAnalysis: concurrent,
            logAnalyzerExecutionTime: false));
        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(cancellationToken).ConfigureAwait(false);
        foreach (var crash in diagnostics.Where(d => CrashIds.Contains(d.Id)))
        {
            crashes.Enqueue($"{crash.Id}: {crash.GetMessage()}");
        }

        return diagnostics.RemoveAll(d => CrashIds.Contains(d.Id));
    }

    private Compilation RunGenerators(CSharpCompilation compilation, AnalyzerOptions options, ConcurrentQueue<string> crashes, CancellationToken cancellationToken)
    {
        if (Generators.IsEmpty)
        {
            return compilation;
        }

        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            Generators,
            options.AdditionalFiles,
            (CSharpParseOptions)compilation.SyntaxTrees.First().Options,
            options.AnalyzerConfigOptionsProvider);
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var updated, out var generatorDiagnostics, cancellationToken);
        foreach (var crash in generatorDiagnostics.Where(d => CrashIds.Contains(d.Id)))
        {
            crashes.Enqueue($"{crash.Id}: {crash.GetMessage()}");
        }

        foreach (var result in driver.GetRunResult().Results.Where(r => r.Exception is not null))
        {
            crashes.Enqueue($"{result.Generator.GetGeneratorType().Name} threw {result.Exception}");
        }

        return updated;
    }

    private async Task RegisterCodeFixesAsync(
        Compilation compilation, ImmutableArray<Diagnostic> diagnostics, ConcurrentQueue<string> crashes, CancellationToken cancellationToken)
    {
        Dictionary<SyntaxTree, Document>? documents = null;
        foreach (var diagnostic in diagnostics.Where(d => d.Location.IsInSource))
        {
            foreach (var provider in CodeFixProviders.Where(p => p.FixableDiagnosticIds.Contains(diagnostic.Id)))
            {
                documents ??= CreateDocuments(compilation);
                var document = documents[diagnostic.Location.SourceTree!];
                var actions = new List<CodeAction>();
                var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), cancellationToken);
                Interlocked.Increment(ref codeFixRegistrations);
                try
                {
                    await provider.RegisterCodeFixesAsync(context).ConfigureAwait(false);
                    _ = provider.GetFixAllProvider();
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    crashes.Enqueue($"{provider.GetType().Name}.RegisterCodeFixesAsync threw on {diagnostic.Id} at {diagnostic.Location.GetLineSpan()}: {exception}");
                }
            }
        }
    }

    /// <summary>The compilation's trees as workspace documents (same text, so diagnostic spans carry over).</summary>
    private static Dictionary<SyntaxTree, Document> CreateDocuments(Compilation compilation)
    {
        var workspace = new AdhocWorkspace();
        var project = workspace.AddProject(ProjectInfo.Create(
            ProjectId.CreateNewId(),
            VersionStamp.Default,
            "MeshReadyRobustness",
            "MeshReadyRobustness",
            LanguageNames.CSharp,
            compilationOptions: compilation.Options,
            parseOptions: compilation.SyntaxTrees.First().Options,
            metadataReferences: compilation.References));
        var documents = new Dictionary<SyntaxTree, Document>();
        foreach (var tree in compilation.SyntaxTrees)
        {
            var document = project.AddDocument(tree.FilePath, tree.GetText(), filePath: tree.FilePath);
            project = document.Project;
            documents[tree] = document;
        }

        // Documents taken from the final project all belong to one solution snapshot.
        return documents.ToDictionary(pair => pair.Key, pair => project.GetDocument(pair.Value.Id)!);
    }
}

/// <summary>What one harness run saw: the diagnostics, and the crashes that must never happen.</summary>
public sealed record HarnessResult(ImmutableArray<Diagnostic> Diagnostics, ImmutableArray<string> Crashes)
{
    /// <summary>Diagnostics as sorted text (ID, file, span, message), to compare two runs whatever order they reported in.</summary>
    public static List<string> Render(IEnumerable<Diagnostic> diagnostics)
        => diagnostics
            .Select(d => $"{d.Id} {d.Location.SourceTree?.FilePath} {d.Location.SourceSpan} {d.GetMessage()}")
            .OrderBy(s => s, StringComparer.Ordinal)
            .ToList();
}
