using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading;
using MeshReady.Analyzers.Lifecycle;
using MeshReady.Analyzers.Mesh;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using MeshReady.Analyzers.Ports;

namespace MeshReady.Analyzers.Generation;

/// <summary>
/// What one syntax tree tells the generator, read once per version of the tree: the facts syntax settles, in document
/// order, and a placeholder (kind and span) for each candidate that needs binding.
/// <para>
/// Why not a syntax provider: Roslyn walks every node of every tree for a syntax provider's predicate, which builds the
/// red tree of every method body in the project (most of the generator's first run), and it runs the transform of every
/// matched node again on every edit. Here a tree's text is scanned first for the names a candidate must contain
/// (<see cref="MayHoldCandidates"/>, a pass over characters without a syntax node), so only the few trees that can hold a
/// listener, a shutdown budget, a gRPC mapping, a sidecar quit or a proxy wait are walked; and a tree's facts are read
/// again only when the tree changes.
/// </para>
/// </summary>
internal sealed class TreeFacts : IEquatable<TreeFacts>
{
    public static readonly TreeFacts None = new(EquatableArray<Candidate>.Empty, EquatableArray<string>.Empty, EquatableArray<string>.Empty, EquatableArray<string>.Empty);

    private TreeFacts(EquatableArray<Candidate> candidates, EquatableArray<string> assemblyAttributes, EquatableArray<string> localAliases, EquatableArray<string> globalAliases)
    {
        Candidates = candidates;
        AssemblyAttributes = assemblyAttributes;
        LocalAliases = localAliases;
        GlobalAliases = globalAliases;
    }

    /// <summary>Every candidate node of the tree, in document order.</summary>
    public EquatableArray<Candidate> Candidates { get; }

    /// <summary>The unqualified names of the attributes in the file's <c>[assembly: …]</c>/<c>[module: …]</c> lists.</summary>
    public EquatableArray<string> AssemblyAttributes { get; }

    /// <summary>The names of the file's own <c>using X = …;</c> aliases (the ones an assembly attribute sees).</summary>
    public EquatableArray<string> LocalAliases { get; }

    /// <summary>The names of the file's <c>global using X = …;</c> aliases, which every file sees.</summary>
    public EquatableArray<string> GlobalAliases { get; }

    public bool NeedsBinding
    {
        get
        {
            foreach (var candidate in Candidates)
            {
                if (candidate.Fact is null)
                {
                    return true;
                }
            }

            return false;
        }
    }

    public static TreeFacts Read(SyntaxTree tree, CancellationToken cancellationToken)
    {
        var root = tree.GetRoot(cancellationToken);
        var (attributes, local, global) = root is CompilationUnitSyntax unit
            ? ReadTopLevel(unit)
            : (EquatableArray<string>.Empty, EquatableArray<string>.Empty, EquatableArray<string>.Empty);
        if (!MayHoldCandidates(tree.GetText(cancellationToken)))
        {
            return attributes.Count == 0 && global.Count == 0 ? None : new TreeFacts(EquatableArray<Candidate>.Empty, attributes, local, global);
        }

        List<Candidate>? found = null;
        foreach (var node in root.DescendantNodesAndSelf())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (CodeFact.IsCandidate(node))
            {
                (found ??= new List<Candidate>()).Add(CodeFact.TryReadSyntax(node, out var fact)
                    ? new Candidate(fact, node.RawKind, default)
                    : new Candidate(null, node.RawKind, node.Span));
            }
        }

        return found is null && attributes.Count == 0 && global.Count == 0
            ? None
            : new TreeFacts(found is null ? EquatableArray<Candidate>.Empty : new EquatableArray<Candidate>(found.ToImmutableArray()), attributes, local, global);
    }

    /// <summary>
    /// What <c>[assembly: MeshPort]</c> needs from a file, read from its top level only (no walk of the bodies): the names of
    /// its assembly and module attributes, and the names of its using aliases. An alias can let any name stand for
    /// <c>MeshPortAttribute</c>, and a global one does so in every file.
    /// </summary>
    private static (EquatableArray<string> Attributes, EquatableArray<string> Local, EquatableArray<string> Global) ReadTopLevel(CompilationUnitSyntax unit)
    {
        ImmutableArray<string>.Builder? attributes = null;
        foreach (var list in unit.AttributeLists)
        {
            foreach (var attribute in list.Attributes)
            {
                (attributes ??= ImmutableArray.CreateBuilder<string>()).Add(UnqualifiedName(attribute.Name));
            }
        }

        if (attributes is null && unit.Usings.Count == 0)
        {
            return (EquatableArray<string>.Empty, EquatableArray<string>.Empty, EquatableArray<string>.Empty);
        }

        ImmutableArray<string>.Builder? local = null;
        ImmutableArray<string>.Builder? global = null;
        foreach (var directive in unit.Usings)
        {
            if (directive.Alias is { } alias)
            {
                var names = directive.GlobalKeyword.IsKind(SyntaxKind.GlobalKeyword) ? (global ??= ImmutableArray.CreateBuilder<string>()) : (local ??= ImmutableArray.CreateBuilder<string>());
                names.Add(alias.Name.Identifier.ValueText);
            }
        }

        return (Equatable(attributes), attributes is null ? EquatableArray<string>.Empty : Equatable(local), Equatable(global));

        static EquatableArray<string> Equatable(ImmutableArray<string>.Builder? names)
            => names is null ? EquatableArray<string>.Empty : new EquatableArray<string>(names.ToImmutable());
    }

    private static string UnqualifiedName(NameSyntax name) => name switch
    {
        QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
        AliasQualifiedNameSyntax aliased => aliased.Name.Identifier.ValueText,
        SimpleNameSyntax simple => simple.Identifier.ValueText,
        _ => string.Empty,
    };

    /// <summary>
    /// The facts of <paramref name="tree"/>, read on the first request for this tree object and then kept with it (a syntax
    /// tree never changes, and the table holds it weakly): an edit makes a new tree, which is read once; the others are
    /// looked up. What a tree yields depends on its syntax alone, so one table serves every project and driver.
    /// </summary>
    public static TreeFacts Of(SyntaxTree tree, CancellationToken cancellationToken)
    {
        // The attribute file this generator adds before its pipeline runs is in every compilation the pipeline sees. Its text
        // is the one object ConstantTexts made and holds no candidate, assembly attribute or alias (ConstantTextsTests), so it
        // is not parsed here: parsing it was about a fifth of a small project's first run, for facts known in advance. The
        // compiler parses the same tree object later, as it did before.
        if (tree.TryGetText(out var text) && ReferenceEquals(text, ConstantTexts.Attributes))
        {
            return None;
        }

        if (ReadTrees.TryGetValue(tree, out var known))
        {
            return known;
        }

        var read = Read(tree, cancellationToken);
        return ReadTrees.GetValue(tree, _ => read);
    }

    /// <summary>Whether <paramref name="tree"/> has been read (tests: an unrelated edit must read only the edited tree).</summary>
    internal static bool TryGetRead(SyntaxTree tree, out TreeFacts facts) => ReadTrees.TryGetValue(tree, out facts!);

    private static readonly ConditionalWeakTable<SyntaxTree, TreeFacts> ReadTrees = new();

    /// <summary>
    /// Every tree's facts in the compilation's tree order, the candidates that need it bound against
    /// <paramref name="compilation"/>, and the <c>[assembly: MeshPort]</c> declarations. Runs on every edit; reads only trees
    /// not read before, binds only what syntax left open (and the assembly's attributes, only when a file's assembly
    /// attribute can name <c>MeshPortAttribute</c>).
    /// </summary>
    public static ResolvedFacts Resolve(Compilation compilation, CancellationToken cancellationToken)
    {
        var facts = ImmutableArray.CreateBuilder<CodeFact>();
        List<(SyntaxTree Tree, TreeFacts Read)>? withAttributes = null;
        List<string>? globalAliases = null;
        foreach (var tree in compilation.SyntaxTrees)
        {
            var read = Of(tree, cancellationToken);
            if (read.AssemblyAttributes.Count > 0)
            {
                (withAttributes ??= new()).Add((tree, read));
            }

            if (read.GlobalAliases.Count > 0)
            {
                (globalAliases ??= new()).AddRange(read.GlobalAliases);
            }

            if (read.Candidates.Count == 0)
            {
                continue;
            }

            SemanticModel? model = null;
            SyntaxNode? root = null;
            foreach (var candidate in read.Candidates)
            {
                if (candidate.Fact is { } fact)
                {
                    facts.Add(fact);
                    continue;
                }

                root ??= tree.GetRoot(cancellationToken);
                if (Find(root, candidate) is { } node)
                {
#pragma warning disable RS1030 // Only the candidates syntax cannot settle, in the trees that hold them.
                    model ??= compilation.GetSemanticModel(tree);
#pragma warning restore RS1030
                    facts.Add(CodeFact.Read(node, model, cancellationToken));
                }
            }
        }

        return new ResolvedFacts(new EquatableArray<CodeFact>(facts.ToImmutable()), Declarations(compilation, withAttributes, globalAliases, cancellationToken));
    }

    /// <summary>
    /// The <c>[assembly: MeshPort]</c> declarations, as <c>ForAttributeWithMetadataName</c> finds them: files in the
    /// compilation's order, in each the assembly's then the modules' attributes of class <c>MeshReady.MeshPortAttribute</c>
    /// written in that file. The binding (all of the assembly's attributes) happens only when some file's assembly
    /// attribute is named <c>MeshPort</c>/<c>MeshPortAttribute</c> or by an alias name in scope there (with or without the
    /// <c>Attribute</c> suffix): a wider test than ForAttributeWithMetadataName's, which also follows where the alias points,
    /// so it never skips a file that one would read; the class check after binding is the same.
    /// </summary>
    private static EquatableArray<PortDeclaration> Declarations(
        Compilation compilation, List<(SyntaxTree Tree, TreeFacts Read)>? files, List<string>? globalAliases, CancellationToken cancellationToken)
    {
        if (files is null)
        {
            return EquatableArray<PortDeclaration>.Empty;
        }

        List<SyntaxTree>? candidates = null;
        foreach (var (tree, read) in files)
        {
            if (MayNameMeshPort(read, globalAliases))
            {
                (candidates ??= new()).Add(tree);
            }
        }

        if (candidates is null)
        {
            return EquatableArray<PortDeclaration>.Empty;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var assembly = compilation.Assembly;
        var declarations = ImmutableArray.CreateBuilder<PortDeclaration>();
        foreach (var tree in candidates)
        {
            Add(assembly.GetAttributes(), tree, declarations);
            foreach (var module in assembly.Modules)
            {
                Add(module.GetAttributes(), tree, declarations);
            }
        }

        return new EquatableArray<PortDeclaration>(declarations.ToImmutable());

        static void Add(ImmutableArray<AttributeData> attributes, SyntaxTree tree, ImmutableArray<PortDeclaration>.Builder declarations)
        {
            foreach (var attribute in attributes)
            {
                if (attribute.ApplicationSyntaxReference?.SyntaxTree == tree && IsMeshPortAttribute(attribute.AttributeClass)
                    && PortDeclaration.From(attribute) is { } declaration)
                {
                    declarations.Add(declaration);
                }
            }
        }
    }

    private const string MeshPortAttributeName = "MeshPortAttribute";
    private const string AttributeSuffix = "Attribute";

    internal static bool MayNameMeshPort(TreeFacts read, List<string>? globalAliases)
    {
        foreach (var name in read.AssemblyAttributes)
        {
            if (name == MeshPortAttributeName || name + AttributeSuffix == MeshPortAttributeName
                || IsAlias(name, read.LocalAliases) || (globalAliases is not null && IsAlias(name, globalAliases)))
            {
                return true;
            }
        }

        return false;

        static bool IsAlias(string name, IEnumerable<string> aliases)
        {
            foreach (var alias in aliases)
            {
                if (alias == name || alias == name + AttributeSuffix)
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary><c>MeshReady.MeshPortAttribute</c>, top-level and not generic: the metadata name ForAttributeWithMetadataName matched.</summary>
    private static bool IsMeshPortAttribute(INamedTypeSymbol? type)
        => type is { Name: MeshPortAttributeName, Arity: 0, ContainingType: null, ContainingNamespace: { Name: "MeshReady", ContainingNamespace.IsGlobalNamespace: true } };

    private static SyntaxNode? Find(SyntaxNode root, Candidate candidate)
    {
        for (SyntaxNode? node = root.FindNode(candidate.Span, getInnermostNodeForTie: true); node is not null && node.Span == candidate.Span; node = node.Parent)
        {
            if (node.RawKind == candidate.Kind && CodeFact.IsCandidate(node))
            {
                return node;
            }
        }

        return null;
    }

    /// <summary>
    /// False only when the text cannot hold a candidate of <see cref="CodeFact.IsCandidate"/>: every candidate contains one
    /// of <see cref="Names"/> as a whole identifier, or pilot-agent's quit path in a string. Text with a Unicode or hex
    /// escape or a formatting character (which can spell an identifier or a string differently) is always walked.
    /// </summary>
    public static bool MayHoldCandidates(SourceText text)
    {
        var source = text.ToString();
        if (source.IndexOf(QuitPathName, StringComparison.Ordinal) >= 0)
        {
            return true;
        }

        var length = source.Length;
        for (var i = 0; i < length; i++)
        {
            var c = source[i];
            if (c == '\\')
            {
                if (i + 1 < length && source[i + 1] is 'u' or 'U' or 'x')
                {
                    return true;
                }

                continue;
            }

            if (c < 0x80 ? !AsciiIdentifierPart[c] : char.IsWhiteSpace(c))
            {
                continue;
            }

            var start = i;
            var nonAscii = c > 0x7F;
            while (i + 1 < length)
            {
                var next = source[i + 1];
                if (next < 0x80)
                {
                    if (!AsciiIdentifierPart[next])
                    {
                        break;
                    }
                }
                else if (char.IsWhiteSpace(next))
                {
                    break;
                }
                else
                {
                    nonAscii = true;
                }

                i++;
            }

            if (nonAscii && HasFormattingCharacter(source, start, i + 1))
            {
                return true;
            }

            if (IsName(source, start, i + 1 - start))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The identifiers <see cref="CodeFact.IsCandidate"/> matches on (the listener, budget, gRPC, quit, wait and
    /// EmbeddedAttribute predicates). A predicate that matches a new name must add it here: <c>TreeFactsTests</c> checks
    /// every candidate in the test inputs and samples against this list.
    /// </summary>
    internal static readonly ImmutableArray<string> Names = ImmutableArray.Create(
        // ListeningEndpointReader.IsCandidate
        "UseUrls", "UseSetting", "Listen", "ListenAnyIP", "ListenLocalhost", "SetEnvironmentVariable", "Run", "RunAsync", "Bind", "Urls", "Prefixes", "TcpListener",
        // ShutdownBudgets.IsCandidate
        "ShutdownTimeout", "UseShutdownTimeout",
        // InferredPorts.IsMapGrpcServiceCandidate
        "MapGrpcService",
        // MeshProxyApi.StopsSidecar / WaitsForProxy
        MeshProxyApi.QuitMethod, MeshProxyApi.QuitOnStopOption, MeshProxyApi.WaitMethod, MeshProxyApi.RegistrationMethod,
        // CompilationFeatures.IsEmbeddedAttributeCandidate
        "EmbeddedAttribute");

    private static readonly string QuitPathName = IstioProxy.QuitPath.TrimStart('/');

    // The filter runs over every character of every file on a first run (about half of reading a project's trees), so its
    // per-character and per-identifier tests are table lookups: an identifier is compared only with the names of its length.
    private static readonly string[]?[] NamesByLength = ByLength(Names);

    private static readonly bool[] AsciiIdentifierPart = AsciiIdentifierParts();

    private static bool IsName(string source, int start, int length)
    {
        if (length >= NamesByLength.Length || NamesByLength[length] is not { } names)
        {
            return false;
        }

        foreach (var name in names)
        {
            if (name[0] == source[start] && string.CompareOrdinal(source, start, name, 0, length) == 0)
            {
                return true;
            }
        }

        return false;
    }

    private static string[]?[] ByLength(ImmutableArray<string> names)
    {
        var max = 0;
        foreach (var name in names)
        {
            max = Math.Max(max, name.Length);
        }

        var byLength = new List<string>?[max + 1];
        foreach (var name in names)
        {
            (byLength[name.Length] ??= new List<string>()).Add(name);
        }

        var result = new string[]?[max + 1];
        for (var i = 0; i < byLength.Length; i++)
        {
            result[i] = byLength[i]?.ToArray();
        }

        return result;
    }

    /// <summary>ASCII letters, digits and '_'; any other character above 0x7F that is not white space counts too (see the loop).</summary>
    private static bool[] AsciiIdentifierParts()
    {
        var parts = new bool[0x80];
        for (var c = 0; c < parts.Length; c++)
        {
            parts[c] = c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_';
        }

        return parts;
    }

    private static bool HasFormattingCharacter(string source, int start, int end)
    {
        for (var i = start; i < end; i++)
        {
            if (source[i] > 0x7F && CharUnicodeInfo.GetUnicodeCategory(source[i]) == UnicodeCategory.Format)
            {
                return true;
            }
        }

        return false;
    }

    public bool Equals(TreeFacts? other)
        => other is not null && Candidates.Equals(other.Candidates) && AssemblyAttributes.Equals(other.AssemblyAttributes)
            && LocalAliases.Equals(other.LocalAliases) && GlobalAliases.Equals(other.GlobalAliases);

    public override bool Equals(object? obj) => Equals(obj as TreeFacts);

    public override int GetHashCode() => (Candidates.GetHashCode() * 31) + AssemblyAttributes.GetHashCode();

    /// <summary>A candidate node: its fact when syntax settled it, otherwise its kind and span to find it again for binding.</summary>
    internal readonly struct Candidate : IEquatable<Candidate>
    {
        public Candidate(CodeFact? fact, int kind, TextSpan span)
        {
            Fact = fact;
            Kind = kind;
            Start = span.Start;
            Length = span.Length;
        }

        public CodeFact? Fact { get; }

        public int Kind { get; }

        public int Start { get; }

        public int Length { get; }

        public TextSpan Span => new(Start, Length);

        public bool Equals(Candidate other)
            => Equals(Fact, other.Fact) && Kind == other.Kind && Start == other.Start && Length == other.Length;

        public override bool Equals(object? obj) => obj is Candidate other && Equals(other);

        public override int GetHashCode() => ((Fact?.GetHashCode() ?? 0) * 31) + (Kind * 7) + Start;
    }
}

/// <summary>What the generator reads from code on each run: the facts of every candidate, and the declared ports.</summary>
internal sealed class ResolvedFacts : IEquatable<ResolvedFacts>
{
    public ResolvedFacts(EquatableArray<CodeFact> facts, EquatableArray<PortDeclaration> declarations)
    {
        Facts = facts;
        Declarations = declarations;
    }

    public EquatableArray<CodeFact> Facts { get; }

    /// <summary>Every readable <c>[assembly: MeshPort]</c>, in the order the files and attributes come.</summary>
    public EquatableArray<PortDeclaration> Declarations { get; }

    public bool Equals(ResolvedFacts? other) => other is not null && Facts.Equals(other.Facts) && Declarations.Equals(other.Declarations);

    public override bool Equals(object? obj) => Equals(obj as ResolvedFacts);

    public override int GetHashCode() => (Facts.GetHashCode() * 31) + Declarations.GetHashCode();
}
