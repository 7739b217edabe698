using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using MeshReady.Analyzers.Infrastructure;
using MeshReady.Analyzers.Lifecycle;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MeshReady.Analyzers.Generation;

/// <summary>
/// The lifecycle facts that need the whole-program model (MESH030's call following), written as assembly metadata
/// (docs/assembly-metadata.md): a library's <c>MeshReady.CallSummary</c> entries (what calling each of its methods does,
/// read by the lifecycle rules of projects that reference it) and an application's <c>MeshReady.StartupCallsUnguarded</c>
/// (read by the manifest check MESH108).
/// <para>
/// This binds every method body of the project, so it runs only in real builds: the package's build targets add a
/// global config that sets <see cref="SwitchKey"/> to every build except design-time (IDE) builds, and the IDE takes its
/// compiler options from design-time builds. Without the key the step returns at once and nothing is written. The
/// output is an implementation output too (no user code can see assembly metadata), which hosts may skip.
/// </para>
/// </summary>
internal sealed class WholeProgramFacts : IEquatable<WholeProgramFacts>
{
    /// <summary>Set to <c>true</c> by build/config/MeshReady.build.globalconfig in real builds only.</summary>
    public const string SwitchKey = "meshready.whole_program";

    public const string HintName = "MeshReady.WholeProgram.g.cs";

    public const string TrackingName = "WholeProgram";

    private static readonly WholeProgramFacts None = new(EquatableArray<string>.Empty, null);

    private WholeProgramFacts(EquatableArray<string> summaries, bool? startupCallsUnguarded, EquatableArray<string> factories = default)
    {
        Summaries = summaries;
        StartupCallsUnguarded = startupCallsUnguarded;
        Factories = factories.Count > 0 ? factories : EquatableArray<string>.Empty;
    }

    /// <summary><c>MeshReady.ServiceFactory</c> values, in a stable order (a library's DI factories that do I/O).</summary>
    public EquatableArray<string> Factories { get; }

    /// <summary><c>MeshReady.CallSummary</c> values, in a stable order (a library's).</summary>
    public EquatableArray<string> Summaries { get; }

    /// <summary>Null where not computed (a library, or the step switched off).</summary>
    public bool? StartupCallsUnguarded { get; }

    public static void Register(
        IncrementalGeneratorInitializationContext context, IncrementalValueProvider<GeneratorSettings> settings, IncrementalValueProvider<CompilationFeatures> features)
    {
        var options = context.AnalyzerConfigOptionsProvider
            .Select(static (provider, _) => Switch.Read(provider.GlobalOptions));
        var facts = context.CompilationProvider
            .Combine(options)
            .Combine(settings)
            .Combine(features)
            .Select(static (input, cancellationToken) => input.Left.Left.Right.On
                ? Compute(input.Left.Left.Left, input.Left.Left.Right.OutboundIo, input.Left.Right, input.Right, cancellationToken)
                : None)
            .WithTrackingName(TrackingName);
        context.RegisterImplementationSourceOutput(facts, static (output, model) =>
        {
            if (model.Summaries.Count > 0 || model.Factories.Count > 0 || model.StartupCallsUnguarded is not null)
            {
                output.AddSource(HintName, model.Text());
            }
        });
    }

    internal static WholeProgramFacts Compute(
        Compilation compilation, ImmutableArray<string> userEntries, GeneratorSettings settings, CompilationFeatures features, CancellationToken cancellationToken)
    {
        var library = compilation.Options.OutputKind == OutputKind.DynamicallyLinkedLibrary;
        var executable = compilation.Options.OutputKind is OutputKind.ConsoleApplication or OutputKind.WindowsApplication;
        if (!library && !executable)
        {
            return None;
        }

        // The generator sees the compilation without its own output: add the helpers it writes, so that calls to
        // MeshProxy.WaitUntilReadyAsync/QuitAsync and AddMeshReadiness bind as they will in the build.
        var helpers = HelperTrees(compilation, settings, features);
        var full = compilation.AddSyntaxTrees(helpers);
        var model = new LifecycleModel(full, new KnownTypes(full));
        return library
            ? new WholeProgramFacts(
                LibrarySummaries(full, model, userEntries, new HashSet<SyntaxTree>(helpers), cancellationToken), null, LibraryFactories(full, model, userEntries, cancellationToken))
            : new WholeProgramFacts(EquatableArray<string>.Empty, StartsUnguarded(full, model, userEntries, cancellationToken));
    }

    private static ImmutableArray<SyntaxTree> HelperTrees(Compilation compilation, GeneratorSettings settings, CompilationFeatures features)
    {
        var parse = compilation.SyntaxTrees.FirstOrDefault()?.Options as CSharpParseOptions ?? CSharpParseOptions.Default;
        var embedded = !features.DefinesEmbeddedAttribute;
        var proxy = settings.GenerateHelpers && features.HasHttpStack;
        var hosting = proxy && features.HasHosting;
        var key = (embedded ? 1 : 0) | (proxy ? 2 : 0) | (hosting ? 4 : 0);

        // The helpers' text is constant: parsed once per parse options (each project's build keeps its own), not per run.
        // A syntax tree is immutable and may belong to any number of compilations.
        var parsed = ParsedHelpers.GetValue(parse, static _ => new Dictionary<int, ImmutableArray<SyntaxTree>>());
        lock (parsed)
        {
            if (!parsed.TryGetValue(key, out var trees))
            {
                var texts = new List<string>();
                if (embedded)
                {
                    texts.Add(GeneratedSources.EmbeddedAttribute());
                }

                if (proxy)
                {
                    texts.Add(MeshProxySource.Text(GeneratedSources.GeneratedCodeAttribute));
                    if (hosting)
                    {
                        texts.Add(HostingSource.Text(GeneratedSources.GeneratedCodeAttribute));
                    }
                }

                trees = texts.Select(text => CSharpSyntaxTree.ParseText(text, parse)).ToImmutableArray();
                parsed.Add(key, trees);
            }

            return trees;
        }
    }

    private static readonly ConditionalWeakTable<ParseOptions, Dictionary<int, ImmutableArray<SyntaxTree>>> ParsedHelpers = new();

    // Every method another assembly can call (public, internal for InternalsVisibleTo, protected for derived types).
    private static EquatableArray<string> LibrarySummaries(
        Compilation compilation, LifecycleModel model, ImmutableArray<string> userEntries, HashSet<SyntaxTree> helpers, CancellationToken cancellationToken)
    {
        var entries = new List<string>();
        foreach (var type in SourceTypes(compilation, cancellationToken))
        {
            if (!IsVisibleOutside(type) || type.DeclaringSyntaxReferences.All(reference => helpers.Contains(reference.SyntaxTree)))
            {
                continue;
            }

            foreach (var member in type.GetMembers())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (member is not IMethodSymbol { MethodKind: MethodKind.Ordinary, IsImplicitlyDeclared: false } method
                    || method.DeclaredAccessibility == Accessibility.Private
                    || method.GetDocumentationCommentId() is not { } id)
                {
                    continue;
                }

                if (ExternalSummaries.Record(model, userEntries, method, id, cancellationToken) is { } entry)
                {
                    entries.Add(entry);
                }
            }
        }

        entries.Sort(StringComparer.Ordinal);
        return new EquatableArray<string>(entries.ToImmutableArray());
    }

    private static EquatableArray<string> LibraryFactories(Compilation compilation, LifecycleModel model, ImmutableArray<string> userEntries, CancellationToken cancellationToken)
    {
        var entries = StartupServices.LibraryFactories(compilation, model, userEntries, IsVisibleOutside, cancellationToken);
        entries.Sort(StringComparer.Ordinal);
        return new EquatableArray<string>(entries.ToImmutableArray());
    }

    /// <summary>True when MESH030 finds an unguarded outbound call on a start-up path (whether or not it is suppressed).</summary>
    private static bool StartsUnguarded(Compilation compilation, LifecycleModel model, ImmutableArray<string> userEntries, CancellationToken cancellationToken)
    {
        if (compilation.GetEntryPoint(cancellationToken) is { } entryPoint
            && model.BodyOf(entryPoint, cancellationToken) is { } main
            && StartupCallAnalyzer.FindUnguardedIo(main, LifecycleMethod.EntryPoint, model, userEntries, cancellationToken) is not null)
        {
            return true;
        }

        foreach (var type in SourceTypes(compilation, cancellationToken))
        {
            if (type.TypeKind != TypeKind.Class)
            {
                continue;
            }

            foreach (var member in type.GetMembers())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (StartupCallAnalyzer.IsHostedServiceConstruction(member, model.Symbols))
                {
                    // The host builds hosted services before any starts: AddMeshReadiness does not cover these.
                    if (ConstructionBody(compilation, member, model, cancellationToken) is { } construction
                        && StartupCallAnalyzer.FindUnguardedIo(construction, LifecycleMethod.HostedStart, model, userEntries, cancellationToken) is not null)
                    {
                        return true;
                    }

                    continue;
                }

                if (member is not IMethodSymbol method)
                {
                    continue;
                }

                var kind = model.Symbols.Classify(method);
                if (kind is LifecycleMethod.HostedStart or LifecycleMethod.BackgroundExecute or LifecycleMethod.StartupFilter or LifecycleMethod.StartupClass
                    && !model.Readiness.Registered
                    && model.BodyOf(method, cancellationToken) is { } body
                    && StartupCallAnalyzer.FindUnguardedIo(body, kind, model, userEntries, cancellationToken) is not null)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static IOperation? ConstructionBody(Compilation compilation, ISymbol member, LifecycleModel model, CancellationToken cancellationToken)
    {
        if (member is IMethodSymbol constructor)
        {
            return model.BodyOf(constructor, cancellationToken);
        }

        if (member.DeclaringSyntaxReferences.Length != 1)
        {
            return null;
        }

        var syntax = member.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken);
        SyntaxNode? initializer = syntax switch
        {
            VariableDeclaratorSyntax { Initializer: { } value } => value,
            PropertyDeclarationSyntax { Initializer: { } value } => value,
            _ => null,
        };

        if (initializer is null)
        {
            return null;
        }

#pragma warning disable RS1030 // Only initializers of hosted services, in real builds only.
        return compilation.GetSemanticModel(initializer.SyntaxTree).GetOperation(initializer, cancellationToken);
#pragma warning restore RS1030
    }

    private static IEnumerable<INamedTypeSymbol> SourceTypes(Compilation compilation, CancellationToken cancellationToken)
    {
        var pending = new Stack<INamespaceOrTypeSymbol>();
        pending.Push(compilation.Assembly.GlobalNamespace);
        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var current = pending.Pop();
            foreach (var member in current.GetMembers())
            {
                if (member is INamespaceOrTypeSymbol inner)
                {
                    pending.Push(inner);
                }
            }

            if (current is INamedTypeSymbol type && !type.IsImplicitlyDeclared)
            {
                yield return type;
            }
        }
    }

    private static bool IsVisibleOutside(INamedTypeSymbol type)
    {
        for (INamedTypeSymbol? current = type; current is not null; current = current.ContainingType)
        {
            if (current.DeclaredAccessibility is Accessibility.Private or Accessibility.ProtectedAndInternal)
            {
                return false;
            }
        }

        return true;
    }

    private string Text()
    {
        var writer = new SourceWriter().Line("// <auto-generated/>").Line();
        if (StartupCallsUnguarded is { } unguarded)
        {
            writer.Line(Metadata("MeshReady.StartupCallsUnguarded", unguarded ? "true" : "false"));
        }

        foreach (var summary in Summaries)
        {
            writer.Line(Metadata(ExternalSummaries.Key, summary));
        }

        foreach (var factory in Factories)
        {
            writer.Line(Metadata(ExternalFactories.Key, factory));
        }

        return writer.ToString();
    }

    private static string Metadata(string key, string value)
        => "[assembly: global::System.Reflection.AssemblyMetadata(\"" + key + "\", \"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\")]";

    public bool Equals(WholeProgramFacts? other)
        => other is not null && StartupCallsUnguarded == other.StartupCallsUnguarded && Summaries.Equals(other.Summaries) && Factories.Equals(other.Factories);

    public override bool Equals(object? obj) => Equals(obj as WholeProgramFacts);

    public override int GetHashCode() => (Summaries.Count, StartupCallsUnguarded).GetHashCode();

    /// <summary>Whether the step runs (real builds only) and the user's outbound-I/O list. Value-equatable.</summary>
    private sealed class Switch : IEquatable<Switch>
    {
        private Switch(bool on, ImmutableArray<string> outboundIo)
        {
            On = on;
            OutboundIo = outboundIo;
        }

        public bool On { get; }

        public ImmutableArray<string> OutboundIo { get; }

        public static Switch Read(AnalyzerConfigOptions global)
        {
            var on = global.TryGetValue(SwitchKey, out var value) && string.Equals(value.Trim(), "true", StringComparison.OrdinalIgnoreCase);
            var entries = on ? MeshOptions.Read(global, global).OutboundIo : ImmutableArray<string>.Empty;
            return new Switch(on, entries.IsDefault ? ImmutableArray<string>.Empty : entries);
        }

        public bool Equals(Switch? other)
            => other is not null && On == other.On && OutboundIo.SequenceEqual(other.OutboundIo, StringComparer.Ordinal);

        public override bool Equals(object? obj) => Equals(obj as Switch);

        public override int GetHashCode() => On ? 1 : 0;
    }
}
