using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using MeshReady.Analyzers.Lifecycle;
using MeshReady.Analyzers.Listening.Endpoints;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MeshReady.Analyzers.Infrastructure;

/// <summary>
/// What one MeshReady analyzer knows about one compilation, built in <see cref="MeshAnalyzer"/>'s compilation-start
/// callback and handed to the rule (as xunit.analyzers hands its rules an <c>XunitContext</c>): the compilation's
/// well-known types and lifecycle model, the MeshReady options of the project and of each file, and the endpoint
/// files among the AdditionalFiles. It lives exactly as long as the analysis of that compilation.
/// </summary>
/// <remarks>
/// Options are memoized per syntax tree and options provider, and never in a static keyed by the tree's
/// <see cref="AnalyzerConfigOptions"/> object: the compiler hands every file that no <c>.editorconfig</c> section matches
/// one shared empty options instance, in every compilation of the process, while the project-wide MSBuild properties
/// behind it differ per project (the compiler server and the IDE analyze many projects in one process). The provider
/// holds both, so (provider, tree) names one answer.
/// </remarks>
internal sealed class MeshContext
{
    private readonly DataPlanes mootUnder;
    private readonly AnalyzerConfigOptionsProvider provider;
    private readonly Lazy<MeshOptions> projectOptions;
    // Per options provider, shared by every MeshReady analyzer of the analysis (each has its own MeshContext): a tree's
    // options are a function of the provider alone (its sections for the tree and its global options), so one read per
    // tree serves all of them. Weak on both keys: a provider may outlive many edited trees in the IDE.
    private static readonly ConditionalWeakTable<AnalyzerConfigOptionsProvider, ConditionalWeakTable<SyntaxTree, MeshOptions>> SharedTreeOptions = new();

    private readonly ConditionalWeakTable<SyntaxTree, MeshOptions> treeOptions;
    private readonly ConcurrentDictionary<AdditionalText, EndpointFile?> endpointFiles = new();
    private readonly CompilationFacts facts;

    public MeshContext(Compilation compilation, AnalyzerOptions options, DataPlanes mootUnder)
    {
        Compilation = compilation;
        Options = options;
        this.mootUnder = mootUnder;
        provider = options.AnalyzerConfigOptionsProvider;
        treeOptions = SharedTreeOptions.GetValue(provider, static _ => new ConditionalWeakTable<SyntaxTree, MeshOptions>());
        facts = CompilationFacts.Of(compilation);
        projectOptions = new Lazy<MeshOptions>(
            () => MeshOptions.Read(provider.GlobalOptions, provider.GlobalOptions), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public Compilation Compilation { get; }

    public AnalyzerOptions Options { get; }

    /// <summary>The compilation's well-known types (shared by every analyzer on this compilation).</summary>
    public KnownTypes Types => facts.Types;

    /// <summary>The lifecycle rules' model of the compilation, built on first use (shared by the three lifecycle analyzers).</summary>
    public LifecycleModel Lifecycle => facts.Lifecycle;

    /// <summary>The project-wide options (global configs and MSBuild properties), read once.</summary>
    public MeshOptions ProjectOptions => projectOptions.Value;

    /// <summary>The options in force for <paramref name="tree"/>: its <c>.editorconfig</c> sections over the project's options, read once per tree.</summary>
    public MeshOptions OptionsFor(SyntaxTree tree)
        => treeOptions.TryGetValue(tree, out var read) ? read : Remember(tree, MeshOptions.Read(provider.GetOptions(tree), provider.GlobalOptions));

    // Two analyzers may read the same tree at once; both reads are equal, and the first one stored is kept.
    private MeshOptions Remember(SyntaxTree tree, MeshOptions read) => treeOptions.GetValue(tree, _ => read);

    /// <summary>True when the options for <paramref name="tree"/> leave this analyzer's rules something to say (see <c>MootUnder</c>).</summary>
    public bool AppliesTo(SyntaxTree tree) => !OptionsFor(tree).Silences(mootUnder);

    /// <summary>True when the project-wide options leave this analyzer's rules something to say (rules on AdditionalFiles).</summary>
    public bool AppliesToProject => !ProjectOptions.Silences(mootUnder);

    /// <summary>The endpoints an appsettings file or Dockerfile declares, read once per file; null for any other file.</summary>
    public EndpointFile? EndpointFileOf(AdditionalText file, CancellationToken cancellationToken)
    {
        if (endpointFiles.TryGetValue(file, out var read))
        {
            return read;
        }

        read = EndpointFiles.Read(file, cancellationToken);
        return endpointFiles.GetOrAdd(file, read);
    }

    /// <summary>Every appsettings file and Dockerfile among the AdditionalFiles, in their order.</summary>
    public ImmutableArray<EndpointFile> AllEndpointFiles(CancellationToken cancellationToken)
    {
        var builder = ImmutableArray.CreateBuilder<EndpointFile>();
        foreach (var file in Options.AdditionalFiles)
        {
            if (EndpointFileOf(file, cancellationToken) is { } read)
            {
                builder.Add(read);
            }
        }

        return builder.ToImmutable();
    }
}

/// <summary>
/// Facts that depend on the <see cref="Microsoft.CodeAnalysis.Compilation"/> object alone (no option, no additional file):
/// its well-known types and its lifecycle model, shared by every MeshReady analyzer and the generator on that compilation.
/// </summary>
/// <remarks>
/// Each analyzer gets its own compilation-start callback, so sharing across analyzers needs a table outside them. It is
/// keyed by the compilation: a <see cref="Microsoft.CodeAnalysis.Compilation"/> is immutable and belongs to one project
/// snapshot, so no project can be handed another's facts (which is what keying by an options object did), and the
/// weak table lets the facts go with the compilation. Anything that depends on options or AdditionalFiles lives in
/// <see cref="MeshContext"/> instead, because one compilation may be analyzed with different options.
/// </remarks>
internal sealed class CompilationFacts
{
    private static readonly ConditionalWeakTable<Compilation, CompilationFacts> Table = new();

    private readonly Lazy<LifecycleModel> lifecycle;

    private CompilationFacts(Compilation compilation)
    {
        Types = new KnownTypes(compilation);
        lifecycle = new Lazy<LifecycleModel>(() => new LifecycleModel(compilation, Types), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public KnownTypes Types { get; }

    public LifecycleModel Lifecycle => lifecycle.Value;

    public static CompilationFacts Of(Compilation compilation) => Table.GetValue(compilation, static c => new CompilationFacts(c));
}
