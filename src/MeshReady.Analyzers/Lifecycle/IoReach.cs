using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MeshReady.Analyzers.Lifecycle;

/// <summary>
/// Which bodies of a compilation can reach outbound I/O, a proxy wait, a pause or a sidecar quit, read from syntax alone,
/// so that the generator's whole-program step binds only those (and what they call). Binding is what that step costs; most
/// bodies of a project reach none of these.
/// <para>
/// A body can only reach them through a name it spells: every step of a <see cref="CallSummaries"/> walk comes from a call,
/// a property read, an object creation or an await, each written with the name of what it calls, except for a few
/// calls C# makes implicitly, which are given names here (<c>this[]</c> for an indexer, <c>Add</c> for a collection
/// initializer, the query methods for a query expression, <c>new()/2</c> for a target-typed <c>new</c> with two arguments,
/// the one shape of <c>new TcpClient(host, port)</c>). The names that can do so on their own (the seeds) are the names of
/// the catalogue's methods whose type the compilation can see, the methods of gRPC clients, the user's
/// <c>meshready.outbound_io</c> entries, the methods referenced assemblies recorded summaries for, and the proxy wait,
/// quit and pause calls. A body that spells a seed reaches; so does one that spells the name of a method, property or
/// indexer declared by a body that reaches (an override, an implementation, an explicit implementation and the member it
/// implements share that name); repeated until nothing changes. Names are compared as C# reads them (escapes decoded).
/// </para>
/// <para>
/// Whatever is not sure to be known by name makes everything reach: a user entry naming a C# keyword type.
/// WholeProgramEquivalenceTests compare the step with and without this filter.
/// </para>
/// </summary>
internal sealed class IoReach
{
    /// <summary>Indexers have no name to call them by: element access stands for any of them.</summary>
    internal const string IndexerKey = "this[]";

    /// <summary><c>TcpClient client = new("inventory", 9000);</c> connects, and names no type.</summary>
    private const string TargetTypedPairKey = "new()/2";

    private const string CollectionAddKey = "Add";

    /// <summary><c>new(…)</c> names no type: it stands for any constructor.</summary>
    private const string NewKey = "new()";

    private static readonly string[] NoKeys = Array.Empty<string>();

    private static readonly string[] QueryMethods =
    {
        "Select", "SelectMany", "Where", "Join", "GroupJoin", "GroupBy", "OrderBy", "OrderByDescending", "ThenBy", "ThenByDescending", "Cast",
    };

    private static readonly string[] AlwaysSeeds =
    {
        MeshProxyApi.WaitMethod, MeshProxyApi.QuitMethod, "Delay", "Yield", "WaitForNextTickAsync", "TcpClient", TargetTypedPairKey,
    };

    // A tree's bodies depend on its syntax alone: computed once per tree object (the generated helpers' trees are shared by
    // every project of a build).
    private static readonly ConditionalWeakTable<SyntaxTree, TreeBodies> Trees = new();

    private readonly HashSet<Body>? reaching;
    private readonly HashSet<string>? keys;
    private readonly Compilation compilation;

    private IoReach(Compilation compilation, HashSet<Body>? reaching, HashSet<string>? keys)
    {
        this.compilation = compilation;
        this.reaching = reaching;
        this.keys = keys;
    }

    /// <summary>True when every body is taken to reach (nothing can be skipped).</summary>
    public bool All => reaching is null;

    /// <param name="semanticModelOf">Used only for gRPC client types declared in the project (their partial parts).</param>
    public static IoReach Compute(
        Compilation compilation, Func<SyntaxTree, SemanticModel> semanticModelOf, ImmutableArray<string> userEntries, CancellationToken cancellationToken)
    {
        var index = new Dictionary<string, List<Body>>(StringComparer.Ordinal);
        var aliases = new List<(string Alias, string Target)>();
        var trees = new List<TreeBodies>();
        foreach (var tree in compilation.SyntaxTrees)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var bodies = Trees.GetValue(tree, static t => TreeBodies.Read(t));
            trees.Add(bodies);
            aliases.AddRange(bodies.Aliases);
            foreach (var body in bodies.All)
            {
                foreach (var name in body.Refs)
                {
                    if (!index.TryGetValue(name, out var list))
                    {
                        index[name] = list = new List<Body>();
                    }

                    list.Add(body);
                }
            }
        }

        // using Alias = Some.Type; a body that spells the alias spells the type's names (new Alias(…), Alias.Call()).
        foreach (var (alias, target) in aliases)
        {
            if (index.TryGetValue(alias, out var spelling))
            {
                foreach (var name in target.Split('.'))
                {
                    if (name.Length > 0 && name != alias)
                    {
                        if (!index.TryGetValue(name, out var list))
                        {
                            index[name] = list = new List<Body>();
                        }

                        list.AddRange(spelling);
                    }
                }
            }
        }

        var seeds = Seeds.Read(compilation, trees, aliases, semanticModelOf, userEntries, cancellationToken);
        if (seeds is null)
        {
            return new IoReach(compilation, null, null);
        }

        var reaching = new HashSet<Body>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Queue<string>();
        void Mark(List<Body> bodies)
        {
            foreach (var body in bodies)
            {
                if (reaching.Add(body))
                {
                    foreach (var key in body.Keys)
                    {
                        if (keys.Add(key))
                        {
                            pending.Enqueue(key);
                        }
                    }
                }
            }
        }

        foreach (var pair in index)
        {
            if (seeds.Matches(pair.Key))
            {
                Mark(pair.Value);
            }
        }

        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (index.TryGetValue(pending.Dequeue(), out var bodies))
            {
                Mark(bodies);
            }
        }

        return new IoReach(compilation, reaching, keys);
    }

    /// <summary>
    /// False only when no body that reaches declares a method, property or indexer of this name: a method of that name then
    /// calls nothing that reaches, through any implementation.
    /// </summary>
    public bool IsReachingName(string name) => keys is null || keys.Contains(name);

    /// <summary>The declarations of a tree whose bodies may reach (all of them when <see cref="All"/>).</summary>
    public IEnumerable<SyntaxNode> ReachingDeclarations(SyntaxTree tree)
    {
        foreach (var body in Trees.GetValue(tree, static t => TreeBodies.Read(t)).All)
        {
            if (reaching is null || reaching.Contains(body))
            {
                yield return body.Node;
            }
        }
    }

    /// <summary>Every method declaration of a tree, with a body or not (interface, abstract, partial definitions).</summary>
    public static IEnumerable<MethodDeclarationSyntax> MethodDeclarations(SyntaxTree tree)
    {
        foreach (var body in Trees.GetValue(tree, static t => TreeBodies.Read(t)).All)
        {
            if (body.Node is MethodDeclarationSyntax method)
            {
                yield return method;
            }
        }
    }

    /// <summary>False only when the method is declared here in a body that cannot reach: its summary is then empty.</summary>
    public bool MayReach(IMethodSymbol method)
    {
        if (reaching is null)
        {
            return true;
        }

        // A partial method's defining part has no body; the implementing part's body is the one that reaches (as BodyOf reads it).
        var definition = method.OriginalDefinition;
        definition = definition.PartialImplementationPart ?? definition;
        if (definition.DeclaringSyntaxReferences.Length != 1)
        {
            return true;
        }

        var reference = definition.DeclaringSyntaxReferences[0];
        if (!compilation.ContainsSyntaxTree(reference.SyntaxTree))
        {
            return true;
        }

        var bodies = Trees.GetValue(reference.SyntaxTree, static t => TreeBodies.Read(t));
        for (var node = reference.GetSyntax(); node is not null; node = node.Parent)
        {
            if (bodies.ByNode.TryGetValue(node, out var body))
            {
                return reaching.Contains(body);
            }

            // A declaration that is not one of the bodies (a type for its implicit constructor, an event accessor's
            // member): not known, so it may reach. Top-level local functions sit in global statements, under the unit.
            if (node is MemberDeclarationSyntax and not GlobalStatementSyntax)
            {
                return true;
            }
        }

        return true;
    }

    /// <summary>
    /// False only when the node sits in a body that cannot reach (a declaration of this compilation's trees, read as
    /// <see cref="MayReach"/> reads a method's): nothing written there, lambdas included, can reach I/O.
    /// </summary>
    public bool InReachingBody(SyntaxNode node)
    {
        if (reaching is null || !compilation.ContainsSyntaxTree(node.SyntaxTree))
        {
            return true;
        }

        var bodies = Trees.GetValue(node.SyntaxTree, static t => TreeBodies.Read(t));
        for (SyntaxNode? current = node; current is not null; current = current.Parent)
        {
            if (bodies.ByNode.TryGetValue(current, out var body))
            {
                return reaching.Contains(body);
            }

            if (current is MemberDeclarationSyntax and not GlobalStatementSyntax)
            {
                return true;
            }
        }

        return true;
    }

    /// <summary>A declaration with code: what it spells, and the name it can be called by (null when none).</summary>
    internal sealed class Body
    {
        public Body(SyntaxNode node, string[] keys, string[] refs)
        {
            Node = node;
            Keys = keys;
            Refs = refs;
        }

        public SyntaxNode Node { get; }

        /// <summary>The names it is called by: a method's, a property's, <c>this[]</c>, a constructor's type and <c>new()</c>.</summary>
        public string[] Keys { get; }

        public string[] Refs { get; }
    }

    private sealed class TreeBodies
    {
        private TreeBodies(List<Body> all, List<(string, string)> aliases, List<TypeDeclarationSyntax> clients)
        {
            All = all;
            Aliases = aliases;
            ClientCandidates = clients;
            ByNode = new Dictionary<SyntaxNode, Body>(all.Count);
            foreach (var body in all)
            {
                ByNode[body.Node] = body;
            }
        }

        public List<Body> All { get; }

        public Dictionary<SyntaxNode, Body> ByNode { get; }

        /// <summary><c>using Alias = Target;</c>: the alias and the text of the target's names.</summary>
        public List<(string Alias, string Target)> Aliases { get; }

        /// <summary>Classes whose first base type is spelled <c>ClientBase</c> or with an alias (a gRPC client, maybe).</summary>
        public List<TypeDeclarationSyntax> ClientCandidates { get; }

        public static TreeBodies Read(SyntaxTree tree)
        {
            var all = new List<Body>();
            var aliases = new List<(string, string)>();
            var clients = new List<TypeDeclarationSyntax>();
            var root = tree.GetRoot();
            if (root is CompilationUnitSyntax unit && unit.Members.Any(member => member is GlobalStatementSyntax))
            {
                all.Add(new Body(unit, NoKeys, Refs(unit.Members.OfType<GlobalStatementSyntax>())));
            }

            foreach (var node in root.DescendantNodes(static n => n is not (BaseMethodDeclarationSyntax or BasePropertyDeclarationSyntax or GlobalStatementSyntax)))
            {
                switch (node)
                {
                    case UsingDirectiveSyntax { Alias: { } alias, Name: { } target }:
                        aliases.Add((alias.Name.Identifier.ValueText, string.Join(".", target.DescendantTokens().Where(token => token.IsKind(SyntaxKind.IdentifierToken)).Select(token => token.ValueText))));
                        break;
                    case MethodDeclarationSyntax method:
                        all.Add(new Body(method, new[] { method.Identifier.ValueText }, Refs(method.Body, method.ExpressionBody)));
                        break;
                    case ConstructorDeclarationSyntax constructor:
                        // new T(…) and new(…) run it; a derived type's constructor runs it, written (: base(…)) or not, and
                        // so does : this(…): the refs name the base type and, for this(…), the type itself.
                        var refs = Refs(constructor.Initializer, constructor.Body, constructor.ExpressionBody);
                        if (constructor.Parent is TypeDeclarationSyntax owner)
                        {
                            refs = refs.Concat(ConstructorCalls(owner, constructor.Initializer)).Distinct(StringComparer.Ordinal).ToArray();
                        }

                        all.Add(new Body(constructor, new[] { constructor.Identifier.ValueText, NewKey }, refs));
                        break;
                    case PropertyDeclarationSyntax property:
                        all.Add(new Body(property, new[] { property.Identifier.ValueText }, Refs(property.AccessorList, property.ExpressionBody, property.Initializer)));
                        break;
                    case IndexerDeclarationSyntax indexer:
                        all.Add(new Body(indexer, new[] { IndexerKey }, Refs(indexer.AccessorList, indexer.ExpressionBody)));
                        break;
                    case VariableDeclaratorSyntax { Initializer: { } initializer, Parent.Parent: FieldDeclarationSyntax } field:
                        all.Add(new Body(field, NoKeys, Refs(initializer)));
                        break;
                    case TypeDeclarationSyntax type:
                        // A primary constructor's code is its base type's arguments (and the base constructor they call).
                        if (type.ParameterList is not null)
                        {
                            all.Add(new Body(type, new[] { type.Identifier.ValueText, NewKey }, Refs(type.BaseList)));
                        }

                        if (type is ClassDeclarationSyntax { BaseList.Types: { Count: > 0 } types })
                        {
                            clients.Add(type);
                        }

                        break;
                }
            }

            return new TreeBodies(all, aliases, clients);
        }

        // The constructors a constructor runs before its body: its own type's (: this(…)) or its base type's (written or not).
        private static IEnumerable<string> ConstructorCalls(TypeDeclarationSyntax owner, ConstructorInitializerSyntax? initializer)
        {
            if (initializer is not null && initializer.IsKind(SyntaxKind.ThisConstructorInitializer))
            {
                yield return owner.Identifier.ValueText;
            }
            else if (owner.BaseList is { Types.Count: > 0 } bases)
            {
                yield return Seeds.LastName(bases.Types[0].Type);
            }
        }

        private static string[] Refs(params SyntaxNode?[] nodes) => Refs((IEnumerable<SyntaxNode?>)nodes);

        // One set per thread, cleared for each body: a body keeps its names as an array, so the set need not be its own.
        // A set grown by a very large body is let go rather than kept (Clear costs its capacity).
        [ThreadStatic]
        private static HashSet<string>? scratch;

        private static string[] Refs(IEnumerable<SyntaxNode?> nodes)
        {
            var names = scratch ?? new HashSet<string>(StringComparer.Ordinal);
            scratch = null;
            try
            {
                return Refs(nodes, names);
            }
            finally
            {
                if (names.Count <= 1024)
                {
                    names.Clear();
                    scratch = names;
                }
            }
        }

        private static string[] Refs(IEnumerable<SyntaxNode?> nodes, HashSet<string> names)
        {
            foreach (var node in nodes)
            {
                if (node is null)
                {
                    continue;
                }

                foreach (var item in node.DescendantNodesAndTokens())
                {
                    if (item.IsToken)
                    {
                        if (item.IsKind(SyntaxKind.IdentifierToken))
                        {
                            names.Add(item.AsToken().ValueText);
                        }

                        continue;
                    }

                    switch (item.AsNode())
                    {
                        case ElementAccessExpressionSyntax or ElementBindingExpressionSyntax:
                            names.Add(IndexerKey);
                            break;
                        case ImplicitObjectCreationExpressionSyntax creation:
                            names.Add(NewKey);
                            if (creation.ArgumentList.Arguments.Count == 2)
                            {
                                names.Add(TargetTypedPairKey);
                            }

                            break;
                        case QueryExpressionSyntax:
                            names.UnionWith(QueryMethods);
                            break;
                        case InitializerExpressionSyntax initializer when initializer.IsKind(SyntaxKind.CollectionInitializerExpression)
                            || initializer.IsKind(SyntaxKind.ComplexElementInitializerExpression):
                            names.Add(CollectionAddKey);
                            break;
                    }
                }
            }

            return names.Count == 0 ? Array.Empty<string>() : names.ToArray();
        }
    }

    /// <summary>The names that reach on their own; null when they cannot all be known (everything then reaches).</summary>
    private sealed class Seeds
    {
        private readonly HashSet<string> names = new(StringComparer.Ordinal);
        private readonly List<OutboundIoEntry> patterns = new();

        public bool Matches(string name)
        {
            if (names.Contains(name)
                || (name.StartsWith("Execute", StringComparison.Ordinal) && name.EndsWith("Async", StringComparison.Ordinal)))
            {
                return true;
            }

            if (patterns.Count > 0 && OutboundIoCatalogue.MayMatch(name))
            {
                foreach (var entry in patterns)
                {
                    if (entry.MatchesName(name))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        public static Seeds? Read(
            Compilation compilation,
            List<TreeBodies> trees,
            List<(string Alias, string Target)> aliases,
            Func<SyntaxTree, SemanticModel> semanticModelOf,
            ImmutableArray<string> userEntries,
            CancellationToken cancellationToken)
        {
            var seeds = new Seeds();
            seeds.names.UnionWith(AlwaysSeeds);

            // using Tcp = System.Net.Sockets.TcpClient; … new Tcp(host, port)
            foreach (var (alias, target) in aliases)
            {
                if (target.IndexOf("TcpClient", StringComparison.Ordinal) >= 0)
                {
                    seeds.names.Add(alias);
                }
            }

            var assemblies = new List<CatalogueTypes> { CatalogueTypes.Read(compilation.Assembly) };
            foreach (var assembly in compilation.SourceModule.ReferencedAssemblySymbols)
            {
                cancellationToken.ThrowIfCancellationRequested();
                assemblies.Add(CatalogueTypes.Of(assembly));
            }

            seeds.AddCatalogue(compilation, assemblies);
            seeds.AddGrpcClients(compilation, assemblies, trees, aliases, semanticModelOf, cancellationToken);
            if (!seeds.AddUserEntries(compilation, userEntries))
            {
                return null;
            }

            seeds.AddReferencedSummaries(compilation, cancellationToken);
            return seeds;
        }

        // An entry applies only to a method declared on its type or on one derived from it, so only when the compilation can
        // see that type. A static or sealed type has no derived types: its own matching member names are the seeds. Any
        // other type's derived types may declare more matching names: the entry's patterns are then the seeds.
        // Each assembly's part is CatalogueTypes.Of(assembly); an entry's types are those of every assembly together.
        private void AddCatalogue(Compilation compilation, List<CatalogueTypes> assemblies)
        {
            var efQueries = assemblies.Any(assembly => assembly.DefinesDbSet);
            var entries = OutboundIoCatalogue.Entries;
            for (var i = 0; i < entries.Length; i++)
            {
                var entry = entries[i];
                if (entry.Condition == OutboundIoCondition.EfQuery && !efQueries)
                {
                    continue;
                }

                var found = false;
                var open = false;
                foreach (var assembly in assemblies)
                {
                    if (assembly.Entries.TryGetValue(i, out var part))
                    {
                        found = true;
                        open |= part.Open;
                    }
                }

                if (!found)
                {
                    continue;
                }

                if (open)
                {
                    patterns.Add(entry);
                    continue;
                }

                foreach (var assembly in assemblies)
                {
                    if (assembly.Entries.TryGetValue(i, out var part))
                    {
                        names.UnionWith(part.Names);
                    }
                }
            }
        }

        // Every method of a type whose direct base is Grpc.Core's ClientBase is an RPC (OutboundIo.IsGrpcClient).
        private void AddGrpcClients(
            Compilation compilation,
            List<CatalogueTypes> assemblies,
            List<TreeBodies> trees,
            List<(string Alias, string Target)> aliases,
            Func<SyntaxTree, SemanticModel> semanticModelOf,
            CancellationToken cancellationToken)
        {
            if (!assemblies.Any(assembly => assembly.DefinesClientBase))
            {
                return;
            }

            var spellings = new HashSet<string>(StringComparer.Ordinal) { "ClientBase" };
            foreach (var (alias, target) in aliases)
            {
                if (target.IndexOf("ClientBase", StringComparison.Ordinal) >= 0)
                {
                    spellings.Add(alias);
                }
            }

            // Declared here: all partial parts' members, through the type symbol.
            foreach (var tree in trees)
            {
                foreach (var candidate in tree.ClientCandidates)
                {
                    if (candidate.BaseList!.Types[0].Type is var baseType && spellings.Contains(LastName(baseType))
                        && semanticModelOf(candidate.SyntaxTree).GetDeclaredSymbol(candidate, cancellationToken) is INamedTypeSymbol type)
                    {
                        AddMembers(type);
                    }
                }
            }

            // Declared in a referenced assembly (a shared contracts project): that assembly references the one of ClientBase.
            var defining = new HashSet<string>(assemblies.Where(assembly => assembly.DefinesClientBase).Select(assembly => assembly.Assembly.Name), StringComparer.OrdinalIgnoreCase)
            {
                "Grpc.Core",
                "Grpc.Core.Api",
            };
            foreach (var assembly in compilation.SourceModule.ReferencedAssemblySymbols)
            {
                if (defining.Contains(assembly.Name)
                    || assembly.Modules.Any(module => module.ReferencedAssemblies.Any(identity => defining.Contains(identity.Name))))
                {
                    names.UnionWith(ClientMembers.GetValue(assembly, static a => ReadClientMembers(a)));
                }
            }
        }

        // The names a referenced assembly's gRPC clients add (their members and type names): they depend on the assembly
        // alone, so they are read once per assembly symbol.
        private static readonly ConditionalWeakTable<IAssemblySymbol, HashSet<string>> ClientMembers = new();

        private static HashSet<string> ReadClientMembers(IAssemblySymbol assembly)
        {
            var seeds = new Seeds();
            seeds.AddClientMembers(assembly.GlobalNamespace, CancellationToken.None);
            return seeds.names;
        }

        private void AddClientMembers(INamespaceOrTypeSymbol container, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var member in container.GetMembers())
            {
                if (member is INamedTypeSymbol type && type.BaseType is { Name: "ClientBase" })
                {
                    AddMembers(type);
                }

                if (member is INamespaceOrTypeSymbol inner)
                {
                    AddClientMembers(inner, cancellationToken);
                }
            }
        }

        // A user entry is a type (every method declared on it) or Type.Method (OutboundIo.Match): the last part is a method
        // name, and the whole may name a type, whose declared members are then seeds. Types are found as the entry spells
        // them (namespaces, then nested types of any arity, as the display format without type arguments writes them).
        private bool AddUserEntries(Compilation compilation, ImmutableArray<string> userEntries)
        {
            if (userEntries.IsDefaultOrEmpty)
            {
                return true;
            }

            foreach (var entry in userEntries)
            {
                var parts = entry.Split('.');
                if (parts.Length == 1 && SyntaxFacts.GetKeywordKind(entry) != SyntaxKind.None)
                {
                    // string, object, …: special types display as keywords.
                    return false;
                }

                names.Add(Unescape(parts[parts.Length - 1]));
                for (var split = 0; split < parts.Length; split++)
                {
                    INamespaceSymbol? ns = compilation.GlobalNamespace;
                    for (var i = 0; i < split && ns is not null; i++)
                    {
                        ns = ns.GetNamespaceMembers().FirstOrDefault(inner => inner.Name == Unescape(parts[i]));
                    }

                    if (ns is null)
                    {
                        continue;
                    }

                    IEnumerable<INamedTypeSymbol> types = ns.GetTypeMembers(Unescape(parts[split]));
                    for (var i = split + 1; i < parts.Length; i++)
                    {
                        var name = Unescape(parts[i]);
                        types = types.SelectMany(type => type.GetTypeMembers(name)).ToList();
                    }

                    foreach (var type in types)
                    {
                        AddMembers(type);
                    }
                }
            }

            return true;
        }

        // Methods of referenced assemblies built with MeshReady, as their summaries name them (M:Namespace.Type.Method(…)).
        private void AddReferencedSummaries(Compilation compilation, CancellationToken cancellationToken)
        {
            foreach (var assembly in compilation.SourceModule.ReferencedAssemblySymbols)
            {
                cancellationToken.ThrowIfCancellationRequested();
                foreach (var id in ExternalSummaries.RecordedIds(assembly))
                {
                    var end = id.IndexOf('(');
                    var name = end < 0 ? id : id.Substring(0, end);
                    var generic = name.IndexOf("``", StringComparison.Ordinal);
                    name = generic < 0 ? name : name.Substring(0, generic);
                    names.Add(name.Substring(name.LastIndexOf('.') + 1));
                }
            }
        }

        // Every method of the type, its constructors included: a derived type's constructor calls one (: base(…), written
        // or not), and the call spells the type's name.
        private void AddMembers(INamedTypeSymbol type)
        {
            names.UnionWith(type.MemberNames);
            names.Add(type.Name);
        }

        private static string Unescape(string part) => part.StartsWith("@", StringComparison.Ordinal) ? part.Substring(1) : part;

        public static string LastName(TypeSyntax type) => type switch
        {
            QualifiedNameSyntax qualified => LastName(qualified.Right),
            AliasQualifiedNameSyntax aliased => LastName(aliased.Name),
            SimpleNameSyntax simple => simple.Identifier.ValueText,
            _ => string.Empty,
        };
    }

    /// <summary>
    /// What one assembly declares of the catalogue's types (<see cref="OutboundIoCatalogue"/>), of EF Core's <c>DbSet&lt;T&gt;</c>
    /// and of Grpc.Core's <c>ClientBase</c>. The compilation sees a type of a metadata name when one of its assemblies (its own
    /// or a referenced one) declares it, so these parts together say what the merged namespaces would.
    /// <para>
    /// A referenced assembly's part is read once per assembly symbol (<see cref="Of"/>): Roslyn gives a reference the same
    /// symbol in every compilation that binds it the same way (the compilations of an IDE's edits; a compiler server's builds
    /// of projects with the same references, whose metadata it caches), and the assembly's type-name table answers for most
    /// of the ~90 types without opening a namespace. Looking them up through each compilation's merged namespaces instead
    /// built the merged namespaces' member tables for every run (~12 ms per pitstop project, under load).
    /// </para>
    /// </summary>
    private sealed class CatalogueTypes
    {
        private const string DbSetName = "Microsoft.EntityFrameworkCore.DbSet`1";

        private static readonly ConditionalWeakTable<IAssemblySymbol, CatalogueTypes> Table = new();

        private CatalogueTypes(IAssemblySymbol assembly)
        {
            Assembly = assembly;
        }

        public IAssemblySymbol Assembly { get; }

        /// <summary>Per catalogue entry (its index) whose type this assembly declares: whether one of those types can be derived
        /// from or is an interface, and the names of their members that the entry matches.</summary>
        public Dictionary<int, (bool Open, List<string> Names)> Entries { get; } = new();

        public bool DefinesDbSet { get; private set; }

        public bool DefinesClientBase { get; private set; }

        public static CatalogueTypes Of(IAssemblySymbol assembly) => Table.GetValue(assembly, static a => Read(a));

        /// <summary>Not cached: for the compilation's own assembly, a new symbol in every compilation.</summary>
        public static CatalogueTypes Read(IAssemblySymbol assembly)
        {
            var part = new CatalogueTypes(assembly);
            var typeNames = assembly.TypeNames;
            if (typeNames.Count == 0)
            {
                return part;
            }

            part.DefinesDbSet = Declared(assembly, typeNames, DbSetName).Count > 0;
            part.DefinesClientBase = Declared(assembly, typeNames, "Grpc.Core.ClientBase").Count > 0 || Declared(assembly, typeNames, "Grpc.Core.ClientBase`1").Count > 0;
            var entries = OutboundIoCatalogue.Entries;
            for (var i = 0; i < entries.Length; i++)
            {
                var types = Declared(assembly, typeNames, entries[i].Type);
                if (types.Count == 0)
                {
                    continue;
                }

                var names = new List<string>();
                var open = false;
                foreach (var type in types)
                {
                    open |= !(type.IsStatic || type.IsSealed) || type.TypeKind == TypeKind.Interface;
                    foreach (var name in type.MemberNames)
                    {
                        if (entries[i].MatchesName(name))
                        {
                            names.Add(name);
                        }
                    }
                }

                part.Entries[i] = (open, names);
            }

            return part;
        }

        // The types of this metadata name (Namespace.Type`2) declared in this assembly, found as the merged namespaces find
        // them (the namespaces on the way, then the type of that name and arity), and only looked for when the assembly's
        // type-name table holds the name (simple names, without the arity; the form with it is accepted too).
        private static List<INamedTypeSymbol> Declared(IAssemblySymbol assembly, ICollection<string> typeNames, string metadataName)
        {
            var found = new List<INamedTypeSymbol>();
            var dot = metadataName.LastIndexOf('.');
            var simple = metadataName.Substring(dot + 1);
            var tick = simple.IndexOf('`');
            var name = tick < 0 ? simple : simple.Substring(0, tick);
            if (!typeNames.Contains(name) && !typeNames.Contains(simple))
            {
                return found;
            }

            INamespaceSymbol? ns = assembly.GlobalNamespace;
            if (dot > 0)
            {
                foreach (var part in metadataName.Substring(0, dot).Split('.'))
                {
                    ns = ns.GetNamespaceMembers().FirstOrDefault(inner => inner.Name == part);
                    if (ns is null)
                    {
                        return found;
                    }
                }
            }

            var arity = tick < 0 ? 0 : int.Parse(simple.Substring(tick + 1), System.Globalization.CultureInfo.InvariantCulture);
            found.AddRange(ns.GetTypeMembers(name, arity));
            return found;
        }
    }
}
