using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using MeshReady.Analyzers.Generation;
using MeshReady.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace MeshReady.Analyzers.Lifecycle;

/// <summary>
/// What the host builds before it starts the first hosted service, besides the hosted services themselves: the host
/// resolves every <c>IHostedService</c> first, so the services their constructors take are built then too, and what
/// those take in turn. Through the DI registrations of this compilation (<c>AddSingleton&lt;I, Impl&gt;()</c>,
/// <c>AddSingleton&lt;I&gt;(sp =&gt; new Impl(…))</c>, <c>TryAdd*</c>, keyed forms, <c>ServiceDescriptor</c>s,
/// <c>AddHostedService(sp =&gt; …)</c>), this says which classes of this compilation are constructed then, and which
/// factory lambdas and method groups run then: their constructors and bodies are start-up code (MESH030).
/// <para>
/// A service nobody built at start-up depends on (a scoped service only controllers take, a singleton first resolved in a
/// request) is built later, on first resolve, and is not listed. Read once per compilation, on first use: registrations
/// are found by name in syntax first and bound only where a name matches.
/// </para>
/// </summary>
internal sealed class StartupServices
{
    /// <summary>How many service types the closure from the hosted services may visit (the budget).</summary>
    public const int MaxServices = 256;

    private static readonly HashSet<string> RegistrationNames = new(StringComparer.Ordinal)
    {
        "AddSingleton", "AddScoped", "AddTransient", "TryAddSingleton", "TryAddScoped", "TryAddTransient",
        "AddKeyedSingleton", "AddKeyedScoped", "AddKeyedTransient", "TryAddKeyedSingleton", "TryAddKeyedScoped", "TryAddKeyedTransient",
        "AddHostedService",

        // ServiceDescriptor's factory methods (services.Add(ServiceDescriptor.Singleton<I>(sp => …)), TryAdd, TryAddEnumerable).
        "Singleton", "Scoped", "Transient", "Describe", "KeyedSingleton", "KeyedScoped", "KeyedTransient", "DescribeKeyed",
    };

    private static readonly HashSet<string> ProviderRequests = new(StringComparer.Ordinal)
    {
        "GetService", "GetRequiredService", "GetServices", "GetKeyedService", "GetRequiredKeyedService", "GetKeyedServices",
    };

    public static readonly StartupServices None = new(
        new Dictionary<INamedTypeSymbol, string>(SymbolEqualityComparer.Default), new Dictionary<SyntaxNode, string>(),
        new Dictionary<SyntaxNode, List<(ExternalFactory, string)>>());

    // Class of this compilation (not a hosted service) → the hosted service it is built for.
    private readonly Dictionary<INamedTypeSymbol, string> constructed;

    // Registration syntax whose factory runs at start-up → the hosted service it is built for.
    private readonly Dictionary<SyntaxNode, string> factories;

    // Call of a referenced library's method that registers factories (recorded there) → those run at start-up, and for whom.
    private readonly Dictionary<SyntaxNode, List<(ExternalFactory Factory, string For)>> external;

    private StartupServices(
        Dictionary<INamedTypeSymbol, string> constructed, Dictionary<SyntaxNode, string> factories, Dictionary<SyntaxNode, List<(ExternalFactory, string)>> external)
    {
        this.constructed = constructed;
        this.factories = factories;
        this.external = external;
    }

    /// <summary>The factories a call into a referenced library registers that run at start-up, and the hosted service each is built for.</summary>
    public IReadOnlyList<(ExternalFactory Factory, string For)> ExternalFactoriesRunAt(SyntaxNode call)
        => external.Count > 0 && external.TryGetValue(call, out var found) ? found : Array.Empty<(ExternalFactory, string)>();

    /// <summary>The hosted service a class of this compilation is constructed for before start, or null.</summary>
    public string? BuiltFor(INamedTypeSymbol type) => constructed.Count > 0 && constructed.TryGetValue(type.OriginalDefinition, out var forWhom) ? forWhom : null;

    /// <summary>The hosted service a registration's factory runs for before start, or null.</summary>
    public string? FactoryRunsFor(SyntaxNode registration) => factories.Count > 0 && factories.TryGetValue(registration, out var forWhom) ? forWhom : null;

    /// <summary>True for a name a registration may have: the cheap test before binding.</summary>
    public static bool MayRegister(IOperation operation)
        => operation switch
        {
            IInvocationOperation invocation => RegistrationNames.Contains(invocation.TargetMethod.Name),
            IObjectCreationOperation creation => creation.Type?.Name == "ServiceDescriptor",
            _ => false,
        };

    /// <summary>A DI registration (invocation or <c>new ServiceDescriptor(…)</c>) of Microsoft.Extensions.DependencyInjection, read; else null.</summary>
    public static ServiceRegistration? Read(IOperation operation)
    {
        IMethodSymbol method;
        ImmutableArray<IArgumentOperation> arguments;
        switch (operation)
        {
            case IInvocationOperation invocation:
                method = invocation.TargetMethod;
                arguments = invocation.Arguments;
                break;
            case IObjectCreationOperation { Constructor: { } constructor } creation:
                method = constructor;
                arguments = creation.Arguments;
                break;
            default:
                return null;
        }

        if (!IsDependencyInjection(method.ContainingType?.ContainingNamespace))
        {
            return null;
        }

        ITypeSymbol? service = null;
        ITypeSymbol? implementation = null;
        IOperation? factory = null;
        var instance = false;
        foreach (var argument in arguments)
        {
            switch (argument.Parameter?.Name)
            {
                case "serviceType" when ValueTracking.SkipConversions(argument.Value) is ITypeOfOperation typeOf:
                    service = typeOf.TypeOperand;
                    break;
                case "implementationType" when ValueTracking.SkipConversions(argument.Value) is ITypeOfOperation typeOf:
                    implementation = typeOf.TypeOperand;
                    break;
                case "implementationFactory" or "factory":
                    factory = FactoryOf(argument.Value);
                    if (factory is null)
                    {
                        return null;
                    }

                    break;
                case "implementationInstance" or "instance":
                    // Built by the code that registers it, which is start-up code already, not by the host.
                    instance = true;
                    break;
            }
        }

        var typeArguments = method.TypeArguments;
        var hosted = method.Name == "AddHostedService";
        if (typeArguments.Length > 0)
        {
            service = hosted ? null : typeArguments[0];
            if (factory is null && (hosted || typeArguments.Length == 2))
            {
                implementation = typeArguments[typeArguments.Length - 1];
            }
        }

        if (!hosted && service is null)
        {
            return null;
        }

        if (instance)
        {
            return hosted || service is null ? null : new ServiceRegistration(service, null, null, hosted: false, method.Name) { Instance = true };
        }

        if (factory is null && implementation is null)
        {
            // AddSingleton<Cache>(), AddSingleton(typeof(Cache)): the service is its own implementation.
            implementation = service;
        }

        var name = method.MethodKind == MethodKind.Constructor ? "new ServiceDescriptor"
            : method.ContainingType!.Name == "ServiceDescriptor" ? "ServiceDescriptor." + method.Name
            : method.Name;
        var subject = hosted ? typeArguments.Length > 0 ? typeArguments[0] : null : service;
        return new ServiceRegistration(
            service, implementation as INamedTypeSymbol, factory, hosted, subject is null ? name : name + "<" + subject.Name + ">");
    }

    private static IOperation? FactoryOf(IOperation value)
    {
        value = ValueTracking.SkipConversions(value);
        if (value is IDelegateCreationOperation creation)
        {
            value = creation.Target;
        }

        return value is IAnonymousFunctionOperation or IMethodReferenceOperation ? value : null;
    }

    private static bool IsDependencyInjection(INamespaceSymbol? ns)
        => ns is { Name: "DependencyInjection", ContainingNamespace: { Name: "Extensions", ContainingNamespace: { Name: "Microsoft", ContainingNamespace.IsGlobalNamespace: true } } }
            || (ns is { Name: "Extensions" } && IsDependencyInjection(ns.ContainingNamespace));

    /// <summary>
    /// The hosted services of this compilation, in a stable order (the roots of what is built before start); null when the host
    /// builds nothing before start on this project's behalf: no hosted service declared here and none registered by name
    /// (AddHostedService, IHostedService, AddMeshReadiness). Then no class here is built at start-up and no factory here runs
    /// then, so MESH030 need not look at constructors or factories at all (most Web APIs). Symbols and text only, no binding.
    /// </summary>
    public static List<INamedTypeSymbol>? HostedRoots(Compilation compilation, INamedTypeSymbol? hostedService, CancellationToken cancellationToken)
    {
        if (hostedService is null)
        {
            return null;
        }

        var hostedTypes = new List<INamedTypeSymbol>();
        CollectHostedServices(compilation.Assembly.GlobalNamespace, hostedService, hostedTypes, cancellationToken);

        // MeshReady's own generated hosted service counts only when AddMeshReadiness registers it.
        return DeclaresHostedService(hostedTypes) || MentionsHostedService(compilation, cancellationToken) ? hostedTypes : null;
    }

    /// <param name="hostedTypes">What <see cref="HostedRoots"/> gave (not changed here).</param>
    public static StartupServices Build(Compilation compilation, INamedTypeSymbol? hostedService, List<INamedTypeSymbol>? hostedTypes, CancellationToken cancellationToken)
    {
        if (hostedService is null || hostedTypes is null)
        {
            // The host builds nothing before start on this project's behalf, so its registrations are not bound.
            return None;
        }

        var byService = new Dictionary<ITypeSymbol, List<(ServiceRegistration Registration, SyntaxNode Syntax)>>(SymbolEqualityComparer.Default);
        var hostedFactories = new List<(ServiceRegistration Registration, SyntaxNode Syntax)>();
        var libraryNames = hostedTypes.Count > 0 ? LibraryRegistrationNames(compilation) : null;
        foreach (var (operation, node) in Scan(compilation, libraryNames, cancellationToken))
        {
            if (Read(operation) is { } registration)
            {
                if (registration.Hosted || IsHostedServiceType(registration.Service, hostedService))
                {
                    if (registration.Factory is not null)
                    {
                        hostedFactories.Add((registration, node));
                    }
                }
                else
                {
                    Add(byService, registration.Service!, registration, node);
                }
            }
            else if (operation is IInvocationOperation call && libraryNames is not null)
            {
                // services.UseRabbitMQMessagePublisher(config): a library's method that registers factories, as it recorded.
                foreach (var factory in ExternalFactories.Of(call.TargetMethod, compilation.Assembly))
                {
                    if (DocumentationCommentId.GetFirstSymbolForDeclarationId(factory.ServiceId, compilation) is ITypeSymbol service)
                    {
                        Add(byService, service, new ServiceRegistration(service, null, null, hosted: false, factory.Registration) { External = factory }, node);
                    }
                }
            }
        }

        var constructed = new Dictionary<INamedTypeSymbol, string>(SymbolEqualityComparer.Default);
        var factories = new Dictionary<SyntaxNode, string>();
        var external = new Dictionary<SyntaxNode, List<(ExternalFactory, string)>>();
        var visited = new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default);
        var queue = new Queue<(ITypeSymbol Service, string For)>();
        foreach (var hosted in hostedTypes)
        {
            EnqueueConstructorParameters(hosted, hosted.Name, queue);
        }

        foreach (var (registration, syntax) in hostedFactories)
        {
            var forWhom = registration.Implementation?.Name ?? registration.Name;
            factories[syntax] = forWhom;
            EnqueueRequests(registration.Factory!, forWhom, queue);
        }

        while (queue.Count > 0 && visited.Count < MaxServices)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (service, forWhom) = queue.Dequeue();
            if (service is INamedTypeSymbol { IsGenericType: true, Name: "IEnumerable", ContainingNamespace.Name: "Generic" } sequence)
            {
                service = sequence.TypeArguments[0];
            }

            if (!visited.Add(service))
            {
                continue;
            }

            // A class of this compilation taken directly: the container must construct it (however it is registered).
            if (service is INamedTypeSymbol { TypeKind: TypeKind.Class, IsAbstract: false } type
                && SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, compilation.Assembly)
                && !LifecycleSymbols.Implements(type, hostedService)
                && !IsBuiltElsewhere(byService, type))
            {
                constructed[type.OriginalDefinition] = forWhom;
                EnqueueConstructorParameters(type, forWhom, queue);
            }

            if (!byService.TryGetValue(service, out var registrations))
            {
                continue;
            }

            foreach (var (registration, syntax) in registrations)
            {
                if (registration.External is { } recorded)
                {
                    if (!external.TryGetValue(syntax, out var list))
                    {
                        external[syntax] = list = new List<(ExternalFactory, string)>();
                    }

                    list.Add((recorded, forWhom));
                }
                else if (registration.Factory is not null)
                {
                    factories[syntax] = forWhom;
                    EnqueueRequests(registration.Factory, forWhom, queue);
                }
                else if (registration.Implementation is { } implementation && !SymbolEqualityComparer.Default.Equals(implementation, service))
                {
                    queue.Enqueue((implementation, forWhom));
                }
            }
        }

        return constructed.Count == 0 && factories.Count == 0 && external.Count == 0 ? None : new StartupServices(constructed, factories, external);
    }

    private static void Add(
        Dictionary<ITypeSymbol, List<(ServiceRegistration Registration, SyntaxNode Syntax)>> byService, ITypeSymbol service, ServiceRegistration registration, SyntaxNode node)
    {
        if (!byService.TryGetValue(service, out var list))
        {
            byService[service] = list = new List<(ServiceRegistration, SyntaxNode)>();
        }

        list.Add((registration, node));
    }

    // The registrations of this compilation, found by name in syntax and bound only where a name matches; with
    // libraryNames, also calls of referenced libraries' methods that recorded factories.
    /// <param name="candidate">When given, only candidates it accepts are bound.</param>
    /// <param name="semanticModelOf">When given, the semantic model to bind with (the whole-program step's, which keeps what it bound).</param>
    private static IEnumerable<(IOperation Operation, SyntaxNode Syntax)> Scan(
        Compilation compilation,
        HashSet<string>? libraryNames,
        CancellationToken cancellationToken,
        Func<SyntaxNode, bool>? candidate = null,
        Func<SyntaxTree, SemanticModel>? semanticModelOf = null)
    {
        foreach (var tree in compilation.SyntaxTrees)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var text = tree.GetText(cancellationToken).ToString();
            if (!MayRegister(text) && !MentionsAny(text, libraryNames))
            {
                continue;
            }

            SemanticModel? model = null;
            foreach (var node in tree.GetRoot(cancellationToken).DescendantNodes())
            {
                var isCandidate = node switch
                {
                    InvocationExpressionSyntax invocation => SyntaxNames.Last(invocation.Expression) is { } name
                        && (RegistrationNames.Contains(name) || (libraryNames is not null && libraryNames.Contains(name))),
                    ObjectCreationExpressionSyntax creation => SyntaxNames.Last(creation.Type) == "ServiceDescriptor",
                    _ => false,
                };
                if (!isCandidate || (candidate is not null && !candidate(node)))
                {
                    continue;
                }

#pragma warning disable RS1030 // Once per compilation, only for trees that name a registration.
                model ??= semanticModelOf?.Invoke(tree) ?? compilation.GetSemanticModel(tree);
#pragma warning restore RS1030
                if (model.GetOperation(node, cancellationToken) is { } operation)
                {
                    yield return (operation, node);
                }
            }
        }
    }

    private static bool MentionsAny(string text, HashSet<string>? names)
    {
        if (names is null)
        {
            return false;
        }

        foreach (var name in names)
        {
            if (text.IndexOf(name, StringComparison.Ordinal) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    // Names of the referenced libraries' methods that recorded factories; null when none did (most builds).
    private static HashSet<string>? LibraryRegistrationNames(Compilation compilation)
    {
        HashSet<string>? names = null;
        foreach (var assembly in compilation.SourceModule.ReferencedAssemblySymbols)
        {
            // The framework's assemblies are not built with MeshReady; their attributes are not decoded.
            var name = assembly.Identity.Name;
            if (name.StartsWith("System", StringComparison.Ordinal) || name.StartsWith("Microsoft.", StringComparison.Ordinal)
                || name is "netstandard" or "mscorlib")
            {
                continue;
            }

            foreach (var method in ExternalFactories.MethodNames(assembly))
            {
                (names ??= new HashSet<string>(StringComparer.Ordinal)).Add(method);
            }
        }

        return names;
    }

    /// <summary>
    /// A library's <c>MeshReady.ServiceFactory</c> entries (<see cref="ExternalFactories"/>): for each method other code can
    /// call that registers a service with a factory whose run does outbound I/O, the service, the registration and the chain.
    /// </summary>
    /// <param name="mayReach">
    /// False for a registration whose body cannot reach I/O (IoReach.InReachingBody): a factory lambda is part of that body, and a
    /// method-group factory that reaches makes the body that names it reach. Such registrations are not bound. Null: all are.
    /// </param>
    public static List<string> LibraryFactories(
        Compilation compilation,
        LifecycleModel model,
        ImmutableArray<string> userEntries,
        Func<INamedTypeSymbol, bool> visible,
        CancellationToken cancellationToken,
        Func<SyntaxNode, bool>? mayReach = null)
    {
        var entries = new List<string>();
        foreach (var (operation, node) in Scan(compilation, null, cancellationToken, mayReach, mayReach is null ? null : model.SemanticModelOf))
        {
            if (Read(operation) is not { Factory: { } factory, Hosted: false, Service: { } service } registration
                || service.GetDocumentationCommentId() is not { } serviceId
                || RegisteringMethod(operation) is not { } method
                || method.DeclaredAccessibility == Accessibility.Private || !visible(method.ContainingType)
                || method.GetDocumentationCommentId() is not { } methodId)
            {
                continue;
            }

            (IOperation Site, IoFinding Io)? found = factory switch
            {
                IAnonymousFunctionOperation lambda => StartupCallAnalyzer.FindUnguardedIo(lambda.Body, LifecycleMethod.HostedStart, model, userEntries, cancellationToken),
                IMethodReferenceOperation { Method: var target } when model.BodyOf(target, cancellationToken) is not null
                    && model.StartupIoOf(target, userEntries, cancellationToken) is { } io => (factory, io),
                _ => null,
            };
            if (found is { } finding)
            {
                entries.Add(ExternalFactories.Format(methodId, serviceId, registration.Name, finding.Io.What, finding.Io.DetachedBy));
            }
        }

        return entries;
    }

    // The ordinary method whose body holds the registration (not the lambda or local function it may sit in).
    private static IMethodSymbol? RegisteringMethod(IOperation operation)
    {
        var root = operation;
        while (root.Parent is { } parent)
        {
            root = parent;
        }

        return root.SemanticModel?.GetEnclosingSymbol(operation.Syntax.SpanStart) is { } symbol ? OrdinaryContaining(symbol) : null;
    }

    private static IMethodSymbol? OrdinaryContaining(ISymbol symbol)
    {
        for (ISymbol? current = symbol; current is not null; current = current.ContainingSymbol)
        {
            if (current is IMethodSymbol { MethodKind: MethodKind.Ordinary } method)
            {
                return method;
            }

            if (current is INamedTypeSymbol)
            {
                return null;
            }
        }

        return null;
    }

    // Registered with a factory (its body is followed instead) or an instance (built by the registering code itself).
    private static bool IsBuiltElsewhere(Dictionary<ITypeSymbol, List<(ServiceRegistration Registration, SyntaxNode Syntax)>> byService, ITypeSymbol type)
    {
        if (byService.TryGetValue(type, out var registrations))
        {
            foreach (var (registration, _) in registrations)
            {
                if (registration.Factory is not null || registration.Instance || registration.External is not null)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool IsHostedServiceType(ITypeSymbol? service, INamedTypeSymbol hostedService)
        => SymbolEqualityComparer.Default.Equals(service, hostedService);

    private static void EnqueueConstructorParameters(INamedTypeSymbol type, string forWhom, Queue<(ITypeSymbol, string)> queue)
    {
        foreach (var constructor in type.InstanceConstructors)
        {
            foreach (var parameter in constructor.Parameters)
            {
                queue.Enqueue((parameter.Type, forWhom));
            }
        }
    }

    // sp => new Publisher(sp.GetRequiredService<IConnectionFactory>()): what the factory resolves is built then too.
    private static void EnqueueRequests(IOperation factory, string forWhom, Queue<(ITypeSymbol, string)> queue)
    {
        if (factory is not IAnonymousFunctionOperation lambda)
        {
            return;
        }

        foreach (var operation in lambda.Body.Descendants())
        {
            if (operation is IInvocationOperation invocation && ProviderRequests.Contains(invocation.TargetMethod.Name))
            {
                if (invocation.TargetMethod.TypeArguments.Length == 1)
                {
                    queue.Enqueue((invocation.TargetMethod.TypeArguments[0], forWhom));
                    continue;
                }

                foreach (var argument in invocation.Arguments)
                {
                    if (ValueTracking.SkipConversions(argument.Value) is ITypeOfOperation typeOf)
                    {
                        queue.Enqueue((typeOf.TypeOperand, forWhom));
                    }
                }
            }
        }
    }

    private static void CollectHostedServices(INamespaceSymbol root, INamedTypeSymbol hostedService, List<INamedTypeSymbol> found, CancellationToken cancellationToken)
    {
        var pending = new Stack<INamespaceOrTypeSymbol>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (pending.Pop())
            {
                case INamespaceSymbol ns:
                    foreach (var member in ns.GetMembers())
                    {
                        pending.Push(member);
                    }

                    break;
                case INamedTypeSymbol type:
                    foreach (var nested in type.GetTypeMembers())
                    {
                        pending.Push(nested);
                    }

                    if (type is { TypeKind: TypeKind.Class, IsAbstract: false } && LifecycleSymbols.Implements(type, hostedService))
                    {
                        found.Add(type);
                    }

                    break;
            }
        }

        // By display name, each computed once (a comparison that formats both names cost more than the walk).
        var names = new Dictionary<INamedTypeSymbol, string>(SymbolEqualityComparer.Default);
        foreach (var type in found)
        {
            names[type] = type.ToDisplayString();
        }

        found.Sort((left, right) => string.CompareOrdinal(names[left], names[right]));
    }

    // A hosted service declared by this project's own code (not only in the hosting integration MeshReady generates).
    private static bool DeclaresHostedService(List<INamedTypeSymbol> hostedTypes)
    {
        foreach (var type in hostedTypes)
        {
            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                if (!IsGeneratedHosting(reference.SyntaxTree))
                {
                    return true;
                }
            }
        }

        return false;
    }

    // The hosting integration MeshReady's generator adds (its text object is made once per process, see ConstantTexts).
    private static bool IsGeneratedHosting(SyntaxTree tree)
        => tree.TryGetText(out var text) && ReferenceEquals(text, ConstantTexts.Hosting);

    // Every registration name above, or ServiceDescriptor; a tree without one (and without a Unicode escape, which can
    // spell an identifier) registers nothing, and its nodes are not walked.
    private static bool MentionsHostedService(Compilation compilation, CancellationToken cancellationToken)
    {
        foreach (var tree in compilation.SyntaxTrees)
        {
            if (IsGeneratedHosting(tree))
            {
                continue;
            }

            var text = tree.GetText(cancellationToken).ToString();
            if (text.IndexOf("HostedService", StringComparison.Ordinal) >= 0 || text.IndexOf("AddMeshReadiness", StringComparison.Ordinal) >= 0
                || text.IndexOf("\\u", StringComparison.Ordinal) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    private static bool MayRegister(string text)
        => text.IndexOf("AddSingleton", StringComparison.Ordinal) >= 0
            || text.IndexOf("AddScoped", StringComparison.Ordinal) >= 0
            || text.IndexOf("AddTransient", StringComparison.Ordinal) >= 0
            || text.IndexOf("AddKeyed", StringComparison.Ordinal) >= 0
            || text.IndexOf("AddHostedService", StringComparison.Ordinal) >= 0
            || text.IndexOf("ServiceDescriptor", StringComparison.Ordinal) >= 0
            || text.IndexOf("\\u", StringComparison.Ordinal) >= 0;
}

/// <summary>One DI registration: the service type, the class the container constructs, or the factory it runs.</summary>
internal sealed class ServiceRegistration
{
    public ServiceRegistration(ITypeSymbol? service, INamedTypeSymbol? implementation, IOperation? factory, bool hosted, string name)
    {
        Service = service;
        Implementation = implementation;
        Factory = factory;
        Hosted = hosted;
        Name = name;
    }

    /// <summary>The service type; null for <c>AddHostedService</c>.</summary>
    public ITypeSymbol? Service { get; }

    /// <summary>The class the container constructs (null for a factory, or a type it cannot name).</summary>
    public INamedTypeSymbol? Implementation { get; }

    /// <summary>The factory lambda (<see cref="IAnonymousFunctionOperation"/>) or method group (<see cref="IMethodReferenceOperation"/>).</summary>
    public IOperation? Factory { get; }

    /// <summary><c>AddHostedService</c>: the host builds it before start whoever depends on it.</summary>
    public bool Hosted { get; }

    /// <summary>How the message names it: <c>AddSingleton&lt;IMessagePublisher&gt;</c>.</summary>
    public string Name { get; }

    /// <summary>An instance registration (<c>AddSingleton(publisher)</c>): the registering code built it.</summary>
    public bool Instance { get; set; }

    /// <summary>A factory a referenced library's method registers, as recorded there (the call is the registration here).</summary>
    public ExternalFactory? External { get; set; }
}
