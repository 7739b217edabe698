using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using MeshReady.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using MeshReady.Analyzers.Mesh;

namespace MeshReady.Analyzers.Lifecycle;

/// <summary>
/// Calls that open a network connection to another workload: HTTP, gRPC, databases, caches, brokers, raw
/// sockets, remote configuration: the calls <see cref="OutboundIoCatalogue"/> lists, generated gRPC clients, and the
/// user's <c>meshready.outbound_io</c> entries. Calls whose destination is a constant
/// loopback address are not mesh traffic and are never reported.
/// </summary>
internal sealed class OutboundIo
{
    // EF Core providers whose database is a local file or memory: EF calls then leave the pod for nothing.
    private static readonly string[] LocalEfProviders = { "Microsoft.EntityFrameworkCore.Sqlite", "Microsoft.EntityFrameworkCore.InMemory" };
    private static readonly string[] NetworkEfProviders =
    {
        "Microsoft.EntityFrameworkCore.SqlServer", "Npgsql.EntityFrameworkCore.PostgreSQL", "Pomelo.EntityFrameworkCore.MySql",
        "MySql.EntityFrameworkCore", "Oracle.EntityFrameworkCore", "Microsoft.EntityFrameworkCore.Cosmos", "MongoDB.EntityFrameworkCore",
    };

    private static readonly char[] HostEnd = { ':', '/', '?' };

    // Catalogue entries that apply to a type (declared on it, a base type or an interface), found once per type.
    private readonly ConcurrentDictionary<INamedTypeSymbol, ImmutableArray<Applicable>> entriesOfType = new(SymbolEqualityComparer.Default);
    private readonly KnownTypes types;
    private readonly Compilation compilation;
    private readonly Lazy<bool> efIsLocal;
    private Dictionary<ITypeSymbol, bool>? grpcClientRegistrations;
    private Dictionary<ITypeSymbol, bool>? typedHttpClients;

    // Per generated gRPC client declared here: the partial part Grpc.Tools wrote, or null (see IsRpcStub).
    private readonly ConcurrentDictionary<INamedTypeSymbol, SyntaxReference?> rpcParts = new(SymbolEqualityComparer.Default);

    // The types and references are looked at when a call first needs them, not when the model is made (at compilation
    // start, for every deployed project): see LifecycleSymbols.
    private OutboundIo(KnownTypes types, Compilation compilation)
    {
        this.types = types;
        this.compilation = compilation;
        efIsLocal = new Lazy<bool>(() => EfProviderIsLocal(compilation), LazyThreadSafetyMode.PublicationOnly);
    }

    private INamedTypeSymbol? GrpcClientBase => types.Get("Grpc.Core.ClientBase");

    private INamedTypeSymbol? GrpcClientBaseOfT => types.Get("Grpc.Core.ClientBase`1");

    private INamedTypeSymbol? UriType => types.Get("System.Uri");

    private INamedTypeSymbol? HttpClientType => types.Get("System.Net.Http.HttpClient");

    private bool AspireRabbitMq => types.Get("Microsoft.Extensions.Hosting.AspireRabbitMQExtensions") is not null;

    public static OutboundIo Create(KnownTypes types, Compilation compilation) => new(types, compilation);

    /// <summary>
    /// <c>Type.Method</c> when <paramref name="invocation"/> opens a connection to a (possibly) meshed
    /// destination, otherwise null.
    /// </summary>
    public string? Describe(IInvocationOperation invocation, ImmutableArray<string> userEntries, CancellationToken cancellationToken)
    {
        var method = invocation.TargetMethod;
        var (owner, entry) = Match(method, userEntries);
        if (owner is null
            || (entry?.Condition == OutboundIoCondition.EfQuery && !IsEfQuery(invocation, cancellationToken))
            || (entry?.Condition == OutboundIoCondition.SetUpOverOpenConnection && AspireRabbitMq)
            || IsLocal(invocation, owner, entry, cancellationToken))
        {
            return null;
        }

        var subject = entry?.Condition == OutboundIoCondition.EfQuery ? "IQueryable" : SubjectOf(method, invocation.Instance, owner);

        // builder.Services.AddMarten(…).ApplyAllDatabaseChangesOnStartup(): the chain goes on to what the host start runs.
        if (entry?.Then is { } then)
        {
            return subject + "." + method.Name + "' → '" + then;
        }

        // A hand-written call to the Dapr sidecar's API: the chain goes on to what daprd does with it (one more link).
        return DaprBuildingBlock(invocation, entry, cancellationToken) is { } dapr
            ? subject + "." + method.Name + "' → 'daprd " + dapr
            : subject + "." + method.Name;
    }

    // http.PostAsync("http://localhost:3500/v1.0/invoke/orders/method/new", …): an HTTP call whose URL names a Dapr building
    // block that leaves the pod (DaprHttpApi), whatever the loopback host or base address says.
    private static string? DaprBuildingBlock(IInvocationOperation invocation, OutboundIoEntry? entry, CancellationToken cancellationToken)
    {
        if (entry?.Library != ".NET HttpClient")
        {
            return null;
        }

        foreach (var argument in invocation.Arguments)
        {
            if (argument.Value.Type is { SpecialType: SpecialType.System_String } or { Name: "Uri" or "HttpRequestMessage" }
                && DaprHttpApi.BuildingBlockOf(argument.Value, cancellationToken) is { } block)
            {
                return block;
            }
        }

        return null;
    }

    /// <summary>
    /// <c>Type.Method</c> for a library method handed as a method group to a runner that calls it now
    /// (<c>strategy.ExecuteAsync(db.Database.MigrateAsync)</c>) when it is outbound I/O, otherwise null. There are no
    /// arguments to read, so only the receiver's loopback base address and the local EF providers are checked.
    /// </summary>
    public string? Describe(IMethodReferenceOperation reference, ImmutableArray<string> userEntries, CancellationToken cancellationToken)
    {
        var method = reference.Method.ReducedFrom ?? reference.Method;
        var (owner, entry) = Match(method, userEntries);
        if (owner is null
            || entry?.Condition == OutboundIoCondition.EfQuery
            || (entry?.Condition == OutboundIoCondition.SetUpOverOpenConnection && AspireRabbitMq)
            || IsLocalLibrary(reference.Instance?.Type ?? method.ContainingType, owner, entry)
            || (reference.Instance is { } instance && HasLoopbackBaseAddress(instance, cancellationToken)))
        {
            return null;
        }

        return SubjectOf(method, reference.Instance, owner) + "." + method.Name;
    }

    // What a chain calls the client: an extension method by what it extends ('DatabaseFacade.MigrateAsync', not the static
    // holder class), a library client by the type it is called on ('NpgsqlConnection.OpenAsync', not the DbConnection base), a type of this project by the catalogue's owner.
    private string SubjectOf(IMethodSymbol method, IOperation? instance, INamedTypeSymbol owner)
        => method.IsExtensionMethod && method.Parameters.Length > 0 ? method.Parameters[0].Type.Name
            : instance?.Type is INamedTypeSymbol receiver && !SymbolEqualityComparer.Default.Equals(receiver.ContainingAssembly, compilation.Assembly) ? receiver.Name
            : owner.Name;

    /// <summary><c>new TcpClient("inventory", 9000)</c> connects in its constructor.</summary>
    public string? Describe(IObjectCreationOperation creation, CancellationToken cancellationToken)
    {
        if (creation.Constructor is not { ContainingType: { Name: "TcpClient" } type } || creation.Arguments.Length != 2
            || !IsInCatalogue(type) || HasLoopbackArgument(creation.Arguments, cancellationToken))
        {
            return null;
        }

        return "new TcpClient(host, port)";
    }

    private (INamedTypeSymbol? Owner, OutboundIoEntry? Entry) Match(IMethodSymbol method, ImmutableArray<string> userEntries)
    {
        if (method.ContainingType is not { } containing)
        {
            return default;
        }

        // By name first: most calls are not in the catalogue, and a string check costs nothing next to symbol work.
        if (OutboundIoCatalogue.MayMatch(method.Name))
        {
            foreach (var applicable in EntriesOf(containing))
            {
                if (applicable.Entry.MatchesName(method.Name))
                {
                    return (applicable.Type, applicable.Entry);
                }
            }
        }

        if (IsGrpcClient(containing, method))
        {
            return (containing, null);
        }

        if (!userEntries.IsDefaultOrEmpty)
        {
            var typeName = containing.OriginalDefinition.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat.WithGenericsOptions(SymbolDisplayGenericsOptions.None));
            foreach (var entry in userEntries)
            {
                if (entry == typeName || (entry.Length == typeName.Length + 1 + method.Name.Length
                    && entry.StartsWith(typeName, StringComparison.Ordinal) && entry[typeName.Length] == '.'
                    && entry.EndsWith(method.Name, StringComparison.Ordinal)))
                {
                    return (containing, null);
                }
            }
        }

        return default;
    }

    private bool IsInCatalogue(INamedTypeSymbol type) => !EntriesOf(type.OriginalDefinition).IsEmpty;

    // The type itself and its base types first (most derived first), then its interfaces, as overload resolution sees them.
    private ImmutableArray<Applicable> EntriesOf(INamedTypeSymbol type)
    {
        type = type.OriginalDefinition;
        if (entriesOfType.TryGetValue(type, out var known))
        {
            return known;
        }

        var found = ImmutableArray.CreateBuilder<Applicable>();
        for (var current = type; current is not null; current = current.BaseType)
        {
            AddEntries(current.OriginalDefinition, found);
        }

        foreach (var contract in type.AllInterfaces)
        {
            AddEntries(contract.OriginalDefinition, found);
        }

        return entriesOfType.GetOrAdd(type, found.Count == 0 ? ImmutableArray<Applicable>.Empty : found.ToImmutable());
    }

    private static void AddEntries(INamedTypeSymbol type, ImmutableArray<Applicable>.Builder found)
    {
        // The catalogue lists no global-namespace types, and nested types one level deep only ("Namespace.Outer+Nested").
        // Its type names are checked before the namespace is spelled out: every base type and interface of every receiver on
        // a lifecycle path comes here once per compilation, and ToDisplayString for each was about 40% of the start-up
        // rule's own time on pitstop (dotnet-trace).
        if (!OutboundIoCatalogue.MayDeclare(type.MetadataName))
        {
            return;
        }

        var outer = type.ContainingType;
        if (outer?.ContainingType is not null || (outer ?? type).ContainingNamespace is not { IsGlobalNamespace: false } ns)
        {
            return;
        }

        var name = outer is null ? ns.ToDisplayString() + "." + type.MetadataName : ns.ToDisplayString() + "." + outer.MetadataName + "+" + type.MetadataName;
        foreach (var entry in OutboundIoCatalogue.ForType(name))
        {
            found.Add(new Applicable(entry, type));
        }
    }

    // Generated gRPC clients derive from ClientBase<T>; every call they declare is an RPC. Building one is not: its
    // constructors' ': base(channel)' calls ClientBase<T>'s constructor, which only stores the call invoker.
    private bool IsGrpcClient(INamedTypeSymbol type, IMethodSymbol method)
        => type.BaseType is { Name: "ClientBase" }
            && method.MethodKind != MethodKind.Constructor
            && method.Name is not ("WithHost" or "NewInstance")
            && (LifecycleSymbols.DerivesFrom(type, GrpcClientBase) || LifecycleSymbols.DerivesFrom(type, GrpcClientBaseOfT))
            && IsRpcStub(type, method);

    // A client generated into this project may have a partial part the user wrote (a helper that builds a request, or one that
    // calls an RPC): only the generated stubs are RPCs. Grpc.Tools writes the stubs in the part that overrides NewInstance
    // (every generated client does); a method declared in another part is the user's and is followed like any method here.
    // A client from a referenced assembly, or one with no such part in sight, is all stubs.
    private bool IsRpcStub(INamedTypeSymbol type, IMethodSymbol method)
    {
        if (method.DeclaringSyntaxReferences.IsEmpty)
        {
            return true;
        }

        var generated = rpcParts.GetOrAdd(type.OriginalDefinition, GeneratedPartOf);
        if (generated is null)
        {
            return true;
        }

        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            if (reference.SyntaxTree == generated.SyntaxTree && generated.Span.Contains(reference.Span))
            {
                return true;
            }
        }

        return false;
    }

    // The span of the type declaration that declares NewInstance, or null.
    private static SyntaxReference? GeneratedPartOf(INamedTypeSymbol client)
    {
        foreach (var member in client.GetMembers("NewInstance"))
        {
            if (member.DeclaringSyntaxReferences.Length == 1 && member.DeclaringSyntaxReferences[0].GetSyntax().Parent is TypeDeclarationSyntax part)
            {
                return part.GetReference();
            }
        }

        return null;
    }

    // db.Orders.Where(o => o.Open).ToList(): the operator's source, through other LINQ and EF operators and
    // single-assignment locals, starts at a DbSet<T> (a property or DbContext.Set<T>()); an in-memory list does not.
    private static bool IsEfQuery(IInvocationOperation invocation, CancellationToken cancellationToken)
    {
        var source = invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : null;
        for (var depth = 0; source is not null && depth < 16; depth++)
        {
            source = ValueTracking.Origin(source, cancellationToken);
            if (IsDbSet(source.Type))
            {
                return true;
            }

            source = source is IInvocationOperation { TargetMethod: { IsExtensionMethod: true, ContainingType.Name: "Queryable" or "EntityFrameworkQueryableExtensions" or "RelationalQueryableExtensions" }, Arguments.Length: > 0 } inner
                ? inner.Arguments[0].Value
                : null;
        }

        return false;
    }

    private static bool IsDbSet(ITypeSymbol? type)
    {
        for (var current = type as INamedTypeSymbol; current is not null; current = current.BaseType)
        {
            if (current is { Name: "DbSet", Arity: 1, ContainingNamespace: { Name: "EntityFrameworkCore", ContainingNamespace.Name: "Microsoft" } })
            {
                return true;
            }
        }

        return false;
    }

    private bool IsLocal(IInvocationOperation invocation, INamedTypeSymbol owner, OutboundIoEntry? entry, CancellationToken cancellationToken)
    {
        if (IsLocalLibrary(invocation.Instance?.Type ?? invocation.TargetMethod.ContainingType, owner, entry))
        {
            return true;
        }

        if (DaprBuildingBlock(invocation, entry, cancellationToken) is not null)
        {
            return false;
        }

        return HasLoopbackArgument(invocation.Arguments, cancellationToken)
            || (Receiver(invocation) is { } receiver && HasLoopbackBaseAddress(receiver, cancellationToken));
    }

    // EF Core over the SQLite or in-memory providers only; SQLite connections (a file, not a server).
    private bool IsLocalLibrary(ITypeSymbol? concreteType, INamedTypeSymbol owner, OutboundIoEntry? entry)
    {
        if (efIsLocal.Value && (entry?.Library == "EF Core" || (owner.ContainingNamespace?.ToDisplayString() ?? string.Empty).StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal)))
        {
            return true;
        }

        var concrete = concreteType?.ContainingNamespace?.ToDisplayString() ?? string.Empty;
        return concrete.StartsWith("Microsoft.Data.Sqlite", StringComparison.Ordinal) || concrete.StartsWith("System.Data.SQLite", StringComparison.Ordinal);
    }

    /// <summary>The client a call acts on: the instance, or the first argument of an extension method (<c>GetFromJsonAsync</c>).</summary>
    public static IOperation? Receiver(IInvocationOperation invocation)
        => invocation.Instance ?? (invocation.TargetMethod.IsExtensionMethod && invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : null);

    /// <summary>An argument is a loopback address (constant, or a URL whose constant start names a loopback host).</summary>
    public bool HasLoopbackArgument(ImmutableArray<IArgumentOperation> arguments, CancellationToken cancellationToken)
    {
        foreach (var argument in arguments)
        {
            if (IsLoopbackDestination(argument.Value, cancellationToken))
            {
                return true;
            }
        }

        return false;
    }

    // var http = new HttpClient { BaseAddress = new Uri("http://127.0.0.1:3500") }: the Dapr sidecar, not Envoy.
    // new Greeter.GreeterClient(GrpcChannel.ForAddress("https://localhost:5001")), and a generated gRPC client the container
    // hands out whose every AddGrpcClient<T> registration sets a loopback Address (grpc-dotnet's Worker and Tester examples).
    public bool HasLoopbackBaseAddress(IOperation instance, CancellationToken cancellationToken)
    {
        var origin = ValueTracking.Origin(instance, cancellationToken);
        if (origin is IObjectCreationOperation { Arguments.Length: > 0 } grpcCreation && IsGrpcClientType(grpcCreation.Type))
        {
            return IsLoopbackChannel(grpcCreation.Arguments[0].Value, cancellationToken);
        }

        if (origin is not IObjectCreationOperation && instance.Type is INamedTypeSymbol client && IsGrpcClientType(client))
        {
            return GrpcClientRegistrations(cancellationToken).TryGetValue(client.OriginalDefinition, out var loopback) && loopback;
        }

        // The HttpClient IHttpClientFactory hands a typed client (AddHttpClient<CatalogClient>(c => c.BaseAddress = …)): its
        // constructor's parameter, or a field or property of that class it was put in.
        if (origin is not IObjectCreationOperation && TypedClientOf(origin) is { } typed)
        {
            return TypedHttpClients(cancellationToken).TryGetValue(typed.OriginalDefinition, out var loopback) && loopback;
        }

        // await using var connection = new SqlConnection(AppDbContext.ConnectionString) with a constant "Server=127.0.0.1;…":
        // an ADO.NET connection to a database in the pod (CAP's samples seed their local database so), not through the sidecar.
        if (origin is IObjectCreationOperation { Arguments.Length: > 0 } connection && IsDbConnection(connection.Type))
        {
            return IsLoopbackDestination(connection.Arguments[0].Value, cancellationToken);
        }

        if (origin is not IObjectCreationOperation { Initializer: { } initializer } creation
            || !SymbolEqualityComparer.Default.Equals(creation.Type, HttpClientType))
        {
            return false;
        }

        foreach (var init in initializer.Initializers)
        {
            if (init is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "BaseAddress" } } assignment)
            {
                return IsLoopbackDestination(assignment.Value, cancellationToken);
            }
        }

        return false;
    }

    // The class whose HttpClient this is, when it is the one a typed client is built with: a parameter of the class's
    // constructor (a primary constructor's too), or an instance field or property of the class of type HttpClient.
    private INamedTypeSymbol? TypedClientOf(IOperation origin)
    {
        if (!SymbolEqualityComparer.Default.Equals(origin.Type, HttpClientType))
        {
            return null;
        }

        return origin switch
        {
            IParameterReferenceOperation { Parameter.ContainingSymbol: IMethodSymbol { MethodKind: MethodKind.Constructor, ContainingType: { } type } } => type,
            IFieldReferenceOperation { Field: { IsStatic: false, ContainingType: { } type } } => type,
            IPropertyReferenceOperation { Property: { IsStatic: false, ContainingType: { } type } } => type,
            _ => null,
        };
    }

    /// <summary>
    /// The classes this project registers as typed HTTP clients (<c>AddHttpClient&lt;TClient&gt;</c>, <c>AddHttpClient&lt;TClient,
    /// TImplementation&gt;</c>: the implementation), each with whether every registration sets <c>BaseAddress</c> to a loopback
    /// address (a constant, a URL whose constant start names a loopback host, or a configuration value whose default is one). Built
    /// once, on the first start-up or shutdown call through such a client; only trees that name <c>AddHttpClient</c> are bound.
    /// </summary>
    private Dictionary<ITypeSymbol, bool> TypedHttpClients(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref typedHttpClients) is { } known)
        {
            return known;
        }

        var found = LoopbackRegistrations("AddHttpClient", registration =>
            registration.TargetMethod is { TypeArguments.Length: > 0 } method && method.ContainingType?.Name == "HttpClientFactoryServiceCollectionExtensions"
                ? (method.TypeArguments[method.TypeArguments.Length - 1].OriginalDefinition, SetsLoopbackAddress(registration, IsBaseAddress, cancellationToken))
                : null, cancellationToken);
        return Interlocked.CompareExchange(ref typedHttpClients, found, null) ?? found;
    }

    /// <summary>
    /// The clients registered by calls named <paramref name="registrationName"/> (<c>AddHttpClient</c>, <c>AddGrpcClient</c>), each
    /// with whether every registration of it is loopback (<paramref name="read"/> says what one registration registers and whether
    /// it is). Only trees whose text names the registration are bound, once per compilation.
    /// </summary>
    private Dictionary<ITypeSymbol, bool> LoopbackRegistrations(
        string registrationName, Func<IInvocationOperation, (ITypeSymbol Client, bool Loopback)?> read, CancellationToken cancellationToken)
    {
        var found = new Dictionary<ITypeSymbol, bool>(SymbolEqualityComparer.Default);
        foreach (var tree in compilation.SyntaxTrees)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (tree.GetText(cancellationToken).ToString().IndexOf(registrationName, StringComparison.Ordinal) < 0)
            {
                continue;
            }

            SemanticModel? model = null;
            foreach (var node in tree.GetRoot(cancellationToken).DescendantNodes())
            {
                if (node is not InvocationExpressionSyntax call || SyntaxNames.Last(call.Expression) != registrationName)
                {
                    continue;
                }

#pragma warning disable RS1030 // Once per compilation, only for trees that name the registration.
                model ??= compilation.GetSemanticModel(tree);
#pragma warning restore RS1030
                if (model.GetOperation(call, cancellationToken) is IInvocationOperation registration && read(registration) is { } registered)
                {
                    found[registered.Client] = found.TryGetValue(registered.Client, out var earlier) ? earlier && registered.Loopback : registered.Loopback;
                }
            }
        }

        return found;
    }

    /// <summary>
    /// Whether every address a client registration's configuration lambdas set is loopback, and at least one is set: the
    /// registration's own lambdas set <paramref name="isAddress"/> (<see cref="IsBaseAddress"/> for
    /// <c>AddHttpClient&lt;T&gt;(c =&gt; c.BaseAddress = …)</c>, <see cref="IsGrpcAddress"/> for
    /// <c>AddGrpcClient&lt;T&gt;(o =&gt; o.Address = …)</c>), and <c>.ConfigureHttpClient(c =&gt; c.BaseAddress = …)</c> chained on
    /// it sets <c>HttpClient.BaseAddress</c>, which Grpc.Net.ClientFactory (2.64.0 on) also takes as a gRPC client's address when
    /// <c>Address</c> is not set (<c>GrpcCallInvokerFactory</c>). An address is loopback when it is a constant, a URL whose constant
    /// start names a loopback host, or a configuration value whose default is one.
    /// </summary>
    private bool SetsLoopbackAddress(IInvocationOperation registration, Func<IPropertySymbol, bool> isAddress, CancellationToken cancellationToken)
    {
        var any = false;
        var lambdas = new List<(IAnonymousFunctionOperation Lambda, Func<IPropertySymbol, bool> IsAddress)>();
        AddLambdas(registration, isAddress, lambdas);
        // The builder the registration returns is the receiver (the first argument) of an extension method chained on it.
        for (var parent = registration.Parent is IArgumentOperation argument ? argument.Parent : registration.Parent;
             parent is IInvocationOperation { TargetMethod.Name: "ConfigureHttpClient" } configure;
             parent = parent.Parent is IArgumentOperation next ? next.Parent : parent.Parent)
        {
            AddLambdas(configure, IsBaseAddress, lambdas);
        }

        foreach (var (lambda, sets) in lambdas)
        {
            foreach (var operation in lambda.Body.DescendantsAndSelf())
            {
                if (operation is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation target } assignment && sets(target.Property))
                {
                    if (!IsLoopbackDestination(assignment.Value, cancellationToken) && !HasLoopbackDefault(assignment.Value, cancellationToken))
                    {
                        return false;
                    }

                    any = true;
                }
            }
        }

        return any;
    }

    private bool IsBaseAddress(IPropertySymbol property)
        => property.Name == "BaseAddress" && SymbolEqualityComparer.Default.Equals(property.ContainingType, HttpClientType);

    private static bool IsGrpcAddress(IPropertySymbol property)
        => property is { Name: "Address", ContainingType.Name: "GrpcClientFactoryOptions" };

    private static void AddLambdas(
        IInvocationOperation call, Func<IPropertySymbol, bool> isAddress, List<(IAnonymousFunctionOperation, Func<IPropertySymbol, bool>)> lambdas)
    {
        foreach (var argument in call.Arguments)
        {
            if (ValueTracking.SkipConversions(argument.Value) is IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda })
            {
                lambdas.Add((lambda, isAddress));
            }
        }
    }

    // new Uri(configuration["Catalog:Url"] ?? "http://localhost:5080"), configuration.GetValue("Catalog:Url", "http://localhost:5080"):
    // a configuration value whose default is a loopback address.
    private bool HasLoopbackDefault(IOperation value, CancellationToken cancellationToken)
    {
        var origin = ValueTracking.Origin(value, cancellationToken);
        if (origin is IObjectCreationOperation { Arguments.Length: > 0 } creation && SymbolEqualityComparer.Default.Equals(creation.Type, UriType))
        {
            origin = ValueTracking.Origin(creation.Arguments[0].Value, cancellationToken);
        }

        return origin switch
        {
            ICoalesceOperation coalesce => IsLoopbackDestination(coalesce.WhenNull, cancellationToken),
            IInvocationOperation { TargetMethod: { Name: "GetValue", ContainingType.Name: "ConfigurationBinder" }, Arguments.Length: 3 } getValue
                => IsLoopbackDestination(getValue.Arguments[2].Value, cancellationToken),
            _ => false,
        };
    }

    private INamedTypeSymbol? DbConnectionType => types.Get("System.Data.Common.DbConnection");

    private bool IsDbConnection(ITypeSymbol? type)
    {
        for (var current = type as INamedTypeSymbol; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current, DbConnectionType))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A call of a generated gRPC client (Grpc.Tools writes it into the project, so it could be followed) whose receiver is
    /// on a loopback address: it stays in the pod, whatever the generated overload it forwards to does with <c>this</c>.
    /// </summary>
    public bool IsLoopbackGrpcCall(IInvocationOperation invocation, CancellationToken cancellationToken)
        => invocation.Instance is { } receiver and not IInstanceReferenceOperation
            && IsGrpcClientType(invocation.TargetMethod.ContainingType)
            && HasLoopbackBaseAddress(receiver, cancellationToken);

    private bool IsGrpcClientType(ITypeSymbol? type)
        => type is INamedTypeSymbol { BaseType.Name: "ClientBase" } named
            && (LifecycleSymbols.DerivesFrom(named, GrpcClientBase) || LifecycleSymbols.DerivesFrom(named, GrpcClientBaseOfT));

    // GrpcChannel.ForAddress("https://localhost:5001", …), directly or through a local.
    private bool IsLoopbackChannel(IOperation channel, CancellationToken cancellationToken)
        => ValueTracking.Origin(channel, cancellationToken) is IInvocationOperation { TargetMethod: { Name: "ForAddress", ContainingType.Name: "GrpcChannel" }, Arguments.Length: > 0 } forAddress
            && IsLoopbackDestination(forAddress.Arguments[0].Value, cancellationToken);

    /// <summary>
    /// The generated gRPC clients this project registers with <c>AddGrpcClient&lt;TClient&gt;</c>, each with whether every
    /// registration sets a loopback address (<see cref="SetsLoopbackAddress"/>: <c>Address</c>, or <c>BaseAddress</c> in a chained
    /// <c>ConfigureHttpClient</c>). Built once, on the first start-up or shutdown call of
    /// a client the container hands out; only trees that name <c>AddGrpcClient</c> are bound.
    /// </summary>
    private Dictionary<ITypeSymbol, bool> GrpcClientRegistrations(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref grpcClientRegistrations) is { } known)
        {
            return known;
        }

        var found = LoopbackRegistrations("AddGrpcClient", registration =>
            registration.TargetMethod is { TypeArguments.Length: > 0 } method
                ? (method.TypeArguments[0].OriginalDefinition, SetsLoopbackAddress(registration, IsGrpcAddress, cancellationToken))
                : null, cancellationToken);
        return Interlocked.CompareExchange(ref grpcClientRegistrations, found, null) ?? found;
    }

    /// <summary>
    /// A loopback address, written as a constant or as a URL whose constant start already names the host
    /// (<c>"http://localhost:" + port</c>, <c>$"http://127.0.0.1:{port}/health"</c>), directly or in <c>new Uri(…)</c>.
    /// </summary>
    private bool IsLoopbackDestination(IOperation value, CancellationToken cancellationToken)
    {
        // The Dapr sidecar's API on localhost, for a building block daprd forwards off the pod: not pod-local (DaprHttpApi).
        if (value.Type is { SpecialType: SpecialType.System_String } or { Name: "Uri" or "HttpRequestMessage" }
            && DaprHttpApi.BuildingBlockOf(value, cancellationToken) is not null)
        {
            return false;
        }

        var origin = ValueTracking.Origin(value, cancellationToken);
        if (origin is IObjectCreationOperation { Arguments.Length: > 0 } creation && SymbolEqualityComparer.Default.Equals(creation.Type, UriType))
        {
            origin = ValueTracking.Origin(creation.Arguments[0].Value, cancellationToken);
        }
        else if (origin is IObjectCreationOperation { Type.Name: "HttpRequestMessage" } request)
        {
            // new HttpRequestMessage(method, "http://localhost:…") or { RequestUri = new Uri(…) }
            return (request.Arguments.Length == 2 && IsLoopbackDestination(request.Arguments[1].Value, cancellationToken))
                || (request.Initializer is { } initializer && RequestUriIsLoopback(initializer, cancellationToken));
        }

        if (ValueTracking.ConstantString(origin, cancellationToken) is { } text)
        {
            return HostText.NamesOnlyLoopback(text);
        }

        return ConstantPrefix(origin, cancellationToken) is { } prefix && UrlHostOfPrefix(prefix) is { } host && MeshHosts.IsLoopback(host);
    }

    private bool RequestUriIsLoopback(IObjectOrCollectionInitializerOperation initializer, CancellationToken cancellationToken)
    {
        foreach (var init in initializer.Initializers)
        {
            if (init is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "RequestUri" } } assignment)
            {
                return IsLoopbackDestination(assignment.Value, cancellationToken);
            }
        }

        return false;
    }

    /// <summary>The constant text a concatenation or interpolated string starts with.</summary>
    private static string? ConstantPrefix(IOperation value, CancellationToken cancellationToken)
    {
        for (var depth = 0; depth < 8; depth++)
        {
            switch (ValueTracking.Origin(value, cancellationToken))
            {
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add, LeftOperand: var left } when left.Type?.SpecialType == SpecialType.System_String:
                    if (ValueTracking.ConstantString(left, cancellationToken) is { } text)
                    {
                        return text;
                    }

                    value = left;
                    continue;
                case IInterpolatedStringOperation { Parts: var parts }:
                    return ConstantStart(parts, cancellationToken);
                default:
                    return null;
            }
        }

        return null;
    }

    // $"{BaseAddress}/token?name={user}" with a constant BaseAddress: the text and constant holes before the first other hole.
    private static string? ConstantStart(ImmutableArray<IInterpolatedStringContentOperation> parts, CancellationToken cancellationToken)
    {
        var text = new System.Text.StringBuilder();
        foreach (var part in parts)
        {
            var piece = part switch
            {
                IInterpolatedStringTextOperation { Text.ConstantValue.Value: string literal } => literal,
                IInterpolationOperation { Alignment: null, FormatString: null } hole => ValueTracking.ConstantString(hole.Expression, cancellationToken),
                _ => null,
            };

            if (piece is null)
            {
                break;
            }

            text.Append(piece);
        }

        return text.Length > 0 ? text.ToString() : null;
    }

    /// <summary>The host of a URL prefix when the prefix already ends it (a ':' or '/' follows), else null.</summary>
    private static string? UrlHostOfPrefix(string prefix)
    {
        var scheme = prefix.IndexOf("://", StringComparison.Ordinal);
        if (scheme <= 0)
        {
            return null;
        }

        var start = scheme + 3;
        if (start < prefix.Length && prefix[start] == '[')
        {
            var close = prefix.IndexOf(']', start);
            return close > start ? prefix.Substring(start, close - start + 1) : null;
        }

        var end = prefix.IndexOfAny(HostEnd, start);
        return end > start ? prefix.Substring(start, end - start) : null;
    }

    private readonly struct Applicable
    {
        public Applicable(OutboundIoEntry entry, INamedTypeSymbol type)
        {
            Entry = entry;
            Type = type;
        }

        public OutboundIoEntry Entry { get; }

        public INamedTypeSymbol Type { get; }
    }

    private static bool EfProviderIsLocal(Compilation compilation)
    {
        var local = false;
        foreach (var assembly in compilation.ReferencedAssemblyNames)
        {
            foreach (var name in NetworkEfProviders)
            {
                if (assembly.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
                {
                    return false;
                }
            }

            foreach (var name in LocalEfProviders)
            {
                if (assembly.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
                {
                    local = true;
                }
            }
        }

        return local;
    }
}
