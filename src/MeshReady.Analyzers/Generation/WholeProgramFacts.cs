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
        => Compute(compilation, userEntries, settings, features, reference: false, out _, cancellationToken);

    /// <param name="reference">
    /// Run the plain walk instead: every member of every type, the generated helpers' own types included, each body bound
    /// in a fresh semantic model. It is what the step did before it was made cheaper, kept as the reference the step is
    /// tested against (WholeProgramEquivalenceTests): both must write the same metadata.
    /// </param>
    /// <param name="bodiesBound">How many method bodies the walk bound.</param>
    internal static WholeProgramFacts Compute(
        Compilation compilation,
        ImmutableArray<string> userEntries,
        GeneratorSettings settings,
        CompilationFeatures features,
        bool reference,
        out int bodiesBound,
        CancellationToken cancellationToken)
    {
        bodiesBound = 0;
        var library = compilation.Options.OutputKind == OutputKind.DynamicallyLinkedLibrary;
        var executable = compilation.Options.OutputKind is OutputKind.ConsoleApplication or OutputKind.WindowsApplication;
        if (!library && !executable)
        {
            return None;
        }

        // The generator sees the compilation without its own output: add the helpers it writes, so that calls to
        // MeshProxy.WaitUntilReadyAsync/QuitAsync and AddMeshReadiness bind as they will in the build. Only where the code
        // can name them (MayNameHelpers): a compilation with trees added declares every source symbol again, and the binding
        // the step does there is shared with nothing else of the build (steady-state step on pitstop 109.6 → 88.7 ms per 10k
        // lines). Without a name, no binding can end at a helper, and no code can register AddMeshReadiness.
        var namesHelpers = reference || MayNameHelpers(compilation, cancellationToken);
        var helpers = namesHelpers ? HelperTrees(compilation, settings, features) : ImmutableArray<SyntaxTree>.Empty;
        var full = namesHelpers ? compilation.AddSyntaxTrees(helpers) : compilation;
        var model = new LifecycleModel(full, new KnownTypes(full), ownSemanticModels: !reference);
        var helperTrees = new HashSet<SyntaxTree>(helpers);
        WholeProgramFacts facts;
        if (reference)
        {
            facts = library
                ? new WholeProgramFacts(
                    LibrarySummaries(full, model, userEntries, helperTrees, cancellationToken), null, LibraryFactories(full, model, userEntries, cancellationToken))
                : new WholeProgramFacts(EquatableArray<string>.Empty, StartsUnguarded(full, model, userEntries, cancellationToken));
        }
        else
        {
            // Bind only what can reach I/O, a wait, a pause or a quit (IoReach): roots are found from syntax, not by
            // walking every member of every type, and calls into methods that cannot reach are not followed.
            var reach = IoReach.Compute(full, model.SemanticModelOf, userEntries, cancellationToken);
            model.Reach = reach;
            facts = library
                ? new WholeProgramFacts(
                    ReachingLibrarySummaries(full, model, reach, userEntries, helperTrees, cancellationToken),
                    null,
                    LibraryFactories(full, model, userEntries, cancellationToken, reach))
                : new WholeProgramFacts(EquatableArray<string>.Empty, ReachingStartsUnguarded(full, model, reach, userEntries, helperTrees, namesHelpers, cancellationToken));
        }

        bodiesBound = model.BodiesBound;
        return facts;
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

    // What code must spell to reach a generated helper: its namespace, its types (MeshProxy, MeshReadinessOptions,
    // MeshReadinessHostedService, Microsoft.CodeAnalysis.EmbeddedAttribute) or AddMeshReadiness. Their members are reached
    // through a type's name (MeshProxy.WaitUntilReadyAsync, using static MeshReady.MeshProxy) or a value of a helper type,
    // which only these names give; IsRegistration matches any method named AddMeshReadiness.
    private static readonly string[] HelperSpellings = { MeshProxyApi.Namespace, MeshProxyApi.ProxyType, "MeshReadiness", "Embedded" };

    private static readonly ConditionalWeakTable<SyntaxTree, object> HelperNamingTrees = new();

    private static readonly object Names = new();
    private static readonly object NamesNot = new();

    // The generator's own post-initialization output (MeshPortAttribute in namespace MeshReady), which the step's
    // compilation holds: it declares attributes and names no helper.
    private static readonly string OwnAttributes = ConstantTexts.Attributes.ToString();

    /// <summary>
    /// False only when no tree of the compilation can name a generated helper: none holds a helper's name in its text, a
    /// Unicode escape (<c>\u0050</c>) or a formatting character (the lexer drops those inside identifiers), either of which
    /// could spell one. The generator's own attribute file is not code that can. Read once per tree.
    /// </summary>
    internal static bool MayNameHelpers(Compilation compilation, CancellationToken cancellationToken)
    {
        foreach (var tree in compilation.SyntaxTrees)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (HelperNamingTrees.GetValue(tree, static t => MayNameHelpersIn(t.GetText().ToString()) ? Names : NamesNot) == Names)
            {
                return true;
            }
        }

        return false;
    }

    private static bool MayNameHelpersIn(string text) => MayNameHelpers(text) && !string.Equals(text, OwnAttributes, StringComparison.Ordinal);

    internal static bool MayNameHelpers(string text)
    {
        foreach (var name in HelperSpellings)
        {
            if (text.IndexOf(name, StringComparison.Ordinal) >= 0)
            {
                return true;
            }
        }

        if (text.IndexOf("\\u", StringComparison.Ordinal) >= 0 || text.IndexOf("\\U", StringComparison.Ordinal) >= 0)
        {
            return true;
        }

        foreach (var c in text)
        {
            if (c > '\u007f' && System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format)
            {
                return true;
            }
        }

        return false;
    }

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
                if (SummaryEntry(member, model, userEntries, cancellationToken) is { } entry)
                {
                    entries.Add(entry);
                }
            }
        }

        entries.Sort(StringComparer.Ordinal);
        return new EquatableArray<string>(entries.ToImmutableArray());
    }

    // The same entries from the methods whose name a reaching body declares (IoReach.IsReachingName): a method's summary
    // runs through it or through its implementations and overrides, which bear its name. Found from the method
    // declarations, so the types' members are not all built.
    private static EquatableArray<string> ReachingLibrarySummaries(
        Compilation compilation, LifecycleModel model, IoReach reach, ImmutableArray<string> userEntries, HashSet<SyntaxTree> helpers, CancellationToken cancellationToken)
    {
        if (reach.All)
        {
            return LibrarySummaries(compilation, model, userEntries, helpers, cancellationToken);
        }

        var entries = new List<string>();
        var seen = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
        foreach (var tree in compilation.SyntaxTrees)
        {
            if (helpers.Contains(tree))
            {
                continue;
            }

            foreach (var declaration in IoReach.MethodDeclarations(tree))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (declaration.ExplicitInterfaceSpecifier is not null || !reach.IsReachingName(declaration.Identifier.ValueText)
                    || model.SemanticModelOf(tree).GetDeclaredSymbol(declaration, cancellationToken) is not { } declared)
                {
                    continue;
                }

                // The members of a type list a partial method once, as its definition.
                var method = declared.PartialDefinitionPart ?? declared;
                if (!seen.Add(method)
                    || method.ContainingType is not { IsImplicitlyDeclared: false } type
                    || !IsVisibleOutside(type)
                    || type.DeclaringSyntaxReferences.All(reference => helpers.Contains(reference.SyntaxTree)))
                {
                    continue;
                }

                if (SummaryEntry(method, model, userEntries, cancellationToken) is { } entry)
                {
                    entries.Add(entry);
                }
            }
        }

        entries.Sort(StringComparer.Ordinal);
        return new EquatableArray<string>(entries.ToImmutableArray());
    }

    private static EquatableArray<string> LibraryFactories(
        Compilation compilation, LifecycleModel model, ImmutableArray<string> userEntries, CancellationToken cancellationToken, IoReach? reach = null)
    {
        // With the reach filter: registrations in bodies that cannot reach are not bound, and those that are bound share the
        // step's semantic models (a registration method with I/O was bound already for its call summary).
        var entries = StartupServices.LibraryFactories(
            compilation, model, userEntries, IsVisibleOutside, cancellationToken, reach is null || reach.All ? null : reach.InReachingBody);
        entries.Sort(StringComparer.Ordinal);
        return new EquatableArray<string>(entries.ToImmutableArray());
    }

    // The MeshReady.CallSummary value for a member another assembly can call, or null.
    private static string? SummaryEntry(ISymbol member, LifecycleModel model, ImmutableArray<string> userEntries, CancellationToken cancellationToken)
        => member is IMethodSymbol { MethodKind: MethodKind.Ordinary, IsImplicitlyDeclared: false } method
            && method.DeclaredAccessibility != Accessibility.Private
            && method.GetDocumentationCommentId() is { } id
                ? ExternalSummaries.Record(model, userEntries, method, id, cancellationToken)
                : null;

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
                if (MemberStartsUnguarded(member, model, userEntries, cancellationToken))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// The same answer from the bodies that can reach I/O (IoReach): the constructors, initializers and start-up methods of
    /// hosted services, start-up classes and filters, found from their declarations, then the entry point. The answer is
    /// whether any of them finds I/O, so the first that does ends the search, and the entry point comes last: binding a
    /// top-level program binds all its statements (most of a service's registrations, with their lambdas), the costliest
    /// root by far, and worker services find their start-up I/O in a hosted service's small StartAsync.
    /// </summary>
    /// <param name="helpers">
    /// The generated helpers' trees, whose types are skipped: their hosted service waits for the proxy before anything
    /// else and its constructor only stores its arguments, so they never find I/O, but binding them (nullable-enabled
    /// code, a dozen bodies) cost each executable with hosting several milliseconds.
    /// </param>
    /// <param name="namesHelpers">
    /// False when no code can name AddMeshReadiness (MayNameHelpers): the program then registers no readiness, known without
    /// binding the entry point and its callees to look for the call.
    /// </param>
    private static bool ReachingStartsUnguarded(
        Compilation compilation,
        LifecycleModel model,
        IoReach reach,
        ImmutableArray<string> userEntries,
        HashSet<SyntaxTree> helpers,
        bool namesHelpers,
        CancellationToken cancellationToken)
    {
        // The entry point is a method named Main or the top-level statements: only asked for when one of those may reach.
        var entryMayReach = reach.All;
        var members = new List<SyntaxNode>();
        foreach (var tree in compilation.SyntaxTrees)
        {
            if (helpers.Contains(tree))
            {
                continue;
            }

            foreach (var declaration in reach.ReachingDeclarations(tree))
            {
                entryMayReach |= declaration is CompilationUnitSyntax or MethodDeclarationSyntax { Identifier.ValueText: "Main" };
                if (MayStartUp(declaration))
                {
                    members.Add(declaration);
                }
            }
        }

        var readinessRegistered = namesHelpers ? null : (bool?)false;
        var seen = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (var declaration in members)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var member in DeclaredMembers(declaration, model, cancellationToken))
            {
                // As the type walk sees them: members of classes declared in source.
                if (seen.Add(member)
                    && member.ContainingType is { TypeKind: TypeKind.Class, IsImplicitlyDeclared: false }
                    && MemberStartsUnguarded(member, model, userEntries, readinessRegistered, cancellationToken))
                {
                    return true;
                }
            }
        }

        return entryMayReach
            && compilation.GetEntryPoint(cancellationToken) is { } entryPoint
            && reach.MayReach(entryPoint)
            && model.BodyOf(entryPoint, cancellationToken) is { } main
            && StartupCallAnalyzer.FindUnguardedIo(main, LifecycleMethod.EntryPoint, model, userEntries, cancellationToken) is not null;
    }

    // A declaration MemberStartsUnguarded can answer true for: a construction (constructor, field or property initializer,
    // primary constructor) or a method whose name LifecycleSymbols.Classify gives a start-up kind. Other methods are
    // left out before their symbols are asked for.
    private static bool MayStartUp(SyntaxNode declaration)
        => declaration is not MethodDeclarationSyntax method
            || (method.ExplicitInterfaceSpecifier is null && LifecycleSymbols.IsStartupMethodName(method.Identifier.ValueText));

    // The member symbols a declaration declares, as the type's members list them (a partial method as its definition; a
    // primary constructor through its type).
    private static IEnumerable<ISymbol> DeclaredMembers(SyntaxNode declaration, LifecycleModel model, CancellationToken cancellationToken)
    {
        var semanticModel = model.SemanticModelOf(declaration.SyntaxTree);
        switch (declaration)
        {
            case CompilationUnitSyntax:
                yield break;
            case TypeDeclarationSyntax type:
                if (semanticModel.GetDeclaredSymbol(type, cancellationToken) is INamedTypeSymbol named)
                {
                    foreach (var constructor in named.InstanceConstructors)
                    {
                        if (constructor.DeclaringSyntaxReferences.Any(reference => reference.GetSyntax(cancellationToken) == type))
                        {
                            yield return constructor;
                        }
                    }
                }

                yield break;
            default:
                if (semanticModel.GetDeclaredSymbol(declaration, cancellationToken) is { } symbol)
                {
                    yield return symbol is IMethodSymbol { PartialDefinitionPart: { } definition } ? definition : symbol;
                }

                yield break;
        }
    }

    // What the start-up walk asks of one member of a class.
    private static bool MemberStartsUnguarded(ISymbol member, LifecycleModel model, ImmutableArray<string> userEntries, CancellationToken cancellationToken)
        => MemberStartsUnguarded(member, model, userEntries, readinessRegistered: null, cancellationToken);

    /// <param name="readinessRegistered">Whether the program registers AddMeshReadiness when known without binding, else null.</param>
    private static bool MemberStartsUnguarded(
        ISymbol member, LifecycleModel model, ImmutableArray<string> userEntries, bool? readinessRegistered, CancellationToken cancellationToken)
    {
        if (StartupCallAnalyzer.IsHostedServiceConstruction(member, model.Symbols))
        {
            // The host builds hosted services before any starts: AddMeshReadiness does not cover these.
            return ConstructionBody(member, model, cancellationToken) is { } construction
                && StartupCallAnalyzer.FindUnguardedIo(construction, LifecycleMethod.HostedStart, model, userEntries, cancellationToken) is not null;
        }

        if (member is not IMethodSymbol method)
        {
            return false;
        }

        var kind = model.Symbols.Classify(method);
        return kind is LifecycleMethod.HostedStart or LifecycleMethod.BackgroundExecute or LifecycleMethod.StartupFilter or LifecycleMethod.StartupClass
            && !(readinessRegistered ?? model.Readiness.Registered)
            && model.BodyOf(method, cancellationToken) is { } body
            && StartupCallAnalyzer.FindUnguardedIo(body, kind, model, userEntries, cancellationToken) is not null;
    }

    private static IOperation? ConstructionBody(ISymbol member, LifecycleModel model, CancellationToken cancellationToken)
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

        return model.SemanticModelOf(initializer.SyntaxTree).GetOperation(initializer, cancellationToken);
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
