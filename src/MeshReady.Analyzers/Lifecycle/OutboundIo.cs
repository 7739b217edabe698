using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using MeshReady.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using MeshReady.Analyzers.Mesh;

namespace MeshReady.Analyzers.Lifecycle;

/// <summary>
/// Calls that open a network connection to another workload: HTTP, gRPC, databases, caches, brokers, raw
/// sockets, remote configuration. Built from a fixed catalogue (types absent from the compilation are
/// skipped) plus the user's <c>meshready.outbound_io</c> entries. Calls whose destination is a constant
/// loopback address are not mesh traffic and are never reported.
/// </summary>
internal sealed class OutboundIo
{
    private const string Every = "*";

    // Metadata name → methods ("*" = every method, "Name*" = prefix). Derived types and overrides match too.
    private static readonly (string Type, string[] Methods)[] Catalogue =
    {
        ("System.Net.Http.HttpClient", new[] { "Send", "SendAsync", "GetAsync", "GetStringAsync", "GetByteArrayAsync", "GetStreamAsync", "PostAsync", "PutAsync", "PatchAsync", "DeleteAsync" }),
        ("System.Net.Http.HttpMessageInvoker", new[] { "Send", "SendAsync" }),
        ("System.Net.Http.Json.HttpClientJsonExtensions", new[] { "GetFromJsonAsync", "PostAsJsonAsync", "PutAsJsonAsync", "PatchAsJsonAsync", "DeleteFromJsonAsync", "GetFromJsonAsAsyncEnumerable" }),
        ("System.Net.WebClient", new[] { "Download*", "Upload*", "OpenRead*", "OpenWrite*" }),
        ("System.Net.WebRequest", new[] { "GetResponse", "GetResponseAsync", "GetRequestStream", "GetRequestStreamAsync" }),
        ("System.Net.Sockets.TcpClient", new[] { "Connect", "ConnectAsync" }),
        ("System.Net.Sockets.Socket", new[] { "Connect", "ConnectAsync" }),
        ("System.Data.Common.DbConnection", new[] { "Open", "OpenAsync" }),
        ("System.Data.Common.DbCommand", new[] { "ExecuteNonQuery*", "ExecuteReader*", "ExecuteScalar*" }),
        ("Dapper.SqlMapper", new[] { "Query*", "Execute*" }),
        ("Npgsql.NpgsqlDataSource", new[] { "OpenConnection", "OpenConnectionAsync" }),
        ("Microsoft.EntityFrameworkCore.Infrastructure.DatabaseFacade", new[] { "EnsureCreated", "EnsureCreatedAsync", "EnsureDeleted", "EnsureDeletedAsync", "CanConnect", "CanConnectAsync" }),
        ("Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions", new[] { "Migrate", "MigrateAsync", "ExecuteSql*", "OpenConnection", "OpenConnectionAsync", "GetAppliedMigrations*", "GetPendingMigrations*" }),
        ("Microsoft.EntityFrameworkCore.Migrations.IMigrator", new[] { "Migrate", "MigrateAsync" }),
        ("Microsoft.EntityFrameworkCore.DbContext", new[] { "SaveChanges", "SaveChangesAsync" }),
        ("Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions", new[] { "*Async" }),
        ("StackExchange.Redis.ConnectionMultiplexer", new[] { "Connect", "ConnectAsync", "SentinelConnect", "SentinelConnectAsync" }),
        ("RabbitMQ.Client.ConnectionFactory", new[] { "CreateConnection", "CreateConnectionAsync" }),
        ("RabbitMQ.Client.IConnectionFactory", new[] { "CreateConnection", "CreateConnectionAsync" }),
        ("MongoDB.Driver.IMongoDatabase", new[] { "RunCommand*", "CreateCollection*", "ListCollection*", "DropCollection*" }),
        ("MongoDB.Driver.IMongoCollection`1", new[] { "Insert*", "Replace*", "Update*", "Delete*", "CountDocuments*", "BulkWrite*", "FindOneAnd*" }),
        ("MongoDB.Driver.IMongoIndexManager`1", new[] { "Create*", "Drop*" }),
        ("Microsoft.Extensions.Configuration.AzureKeyVaultConfigurationExtensions", new[] { "AddAzureKeyVault" }),
        ("Microsoft.Extensions.Configuration.AzureAppConfigurationExtensions", new[] { "AddAzureAppConfiguration" }),
        ("Steeltoe.Extensions.Configuration.ConfigServer.ConfigServerConfigurationBuilderExtensions", new[] { "AddConfigServer" }),
        ("Steeltoe.Configuration.ConfigServer.ConfigServerConfigurationBuilderExtensions", new[] { "AddConfigServer" }),
    };

    // EF Core providers whose database is a local file or memory: EF calls then leave the pod for nothing.
    private static readonly string[] LocalEfProviders = { "Microsoft.EntityFrameworkCore.Sqlite", "Microsoft.EntityFrameworkCore.InMemory" };
    private static readonly string[] NetworkEfProviders =
    {
        "Microsoft.EntityFrameworkCore.SqlServer", "Npgsql.EntityFrameworkCore.PostgreSQL", "Pomelo.EntityFrameworkCore.MySql",
        "MySql.EntityFrameworkCore", "Oracle.EntityFrameworkCore", "Microsoft.EntityFrameworkCore.Cosmos", "MongoDB.EntityFrameworkCore",
    };

    private static readonly char[] HostEnd = { ':', '/', '?' };

    private readonly Dictionary<INamedTypeSymbol, string[]> byType;
    private readonly INamedTypeSymbol? grpcClientBase;
    private readonly INamedTypeSymbol? grpcClientBaseOfT;
    private readonly INamedTypeSymbol? uri;
    private readonly INamedTypeSymbol? httpClient;
    private readonly bool efIsLocal;

    private OutboundIo(KnownTypes types, Compilation compilation)
    {
        byType = new Dictionary<INamedTypeSymbol, string[]>(SymbolEqualityComparer.Default);
        foreach (var (type, methods) in Catalogue)
        {
            if (types.Get(type) is { } symbol)
            {
                byType[symbol] = methods;
            }
        }

        grpcClientBase = types.Get("Grpc.Core.ClientBase");
        grpcClientBaseOfT = types.Get("Grpc.Core.ClientBase`1");
        uri = types.Get("System.Uri");
        httpClient = types.Get("System.Net.Http.HttpClient");
        efIsLocal = EfProviderIsLocal(compilation);
    }

    public static OutboundIo Create(KnownTypes types, Compilation compilation) => new(types, compilation);

    /// <summary>
    /// <c>Type.Method</c> when <paramref name="invocation"/> opens a connection to a (possibly) meshed
    /// destination, otherwise null.
    /// </summary>
    public string? Describe(IInvocationOperation invocation, ImmutableArray<string> userEntries, CancellationToken cancellationToken)
    {
        var method = invocation.TargetMethod;
        var owner = Match(method, userEntries);
        if (owner is null || IsLocal(invocation, owner, cancellationToken))
        {
            return null;
        }

        // Extension methods read as what they extend: 'DatabaseFacade.MigrateAsync', not the static holder class.
        var subject = method.IsExtensionMethod && method.Parameters.Length > 0 ? method.Parameters[0].Type.Name : owner.Name;
        return subject + "." + method.Name;
    }

    /// <summary><c>new TcpClient("inventory", 9000)</c> connects in its constructor.</summary>
    public string? Describe(IObjectCreationOperation creation, CancellationToken cancellationToken)
    {
        if (creation.Constructor is not { ContainingType: { Name: "TcpClient" } type } || creation.Arguments.Length != 2
            || !byType.ContainsKey(type.OriginalDefinition) || HasLoopbackArgument(creation.Arguments, cancellationToken))
        {
            return null;
        }

        return "new TcpClient(host, port)";
    }

    private INamedTypeSymbol? Match(IMethodSymbol method, ImmutableArray<string> userEntries)
    {
        for (var type = method.ContainingType; type is not null; type = type.BaseType)
        {
            if (byType.TryGetValue(type.OriginalDefinition, out var methods) && MatchesAny(method.Name, methods))
            {
                return type;
            }

            if (IsGrpcClient(type, method))
            {
                return type;
            }
        }

        foreach (var contract in method.ContainingType?.AllInterfaces ?? ImmutableArray<INamedTypeSymbol>.Empty)
        {
            if (byType.TryGetValue(contract.OriginalDefinition, out var methods) && MatchesAny(method.Name, methods))
            {
                return contract;
            }
        }

        if (!userEntries.IsDefaultOrEmpty && method.ContainingType is { } containing)
        {
            var typeName = containing.OriginalDefinition.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat.WithGenericsOptions(SymbolDisplayGenericsOptions.None));
            foreach (var entry in userEntries)
            {
                if (entry == typeName || (entry.Length == typeName.Length + 1 + method.Name.Length
                    && entry.StartsWith(typeName, StringComparison.Ordinal) && entry[typeName.Length] == '.'
                    && entry.EndsWith(method.Name, StringComparison.Ordinal)))
                {
                    return containing;
                }
            }
        }

        return null;
    }

    // Generated gRPC clients derive from ClientBase<T>; every call they declare is an RPC.
    private bool IsGrpcClient(INamedTypeSymbol type, IMethodSymbol method)
        => (grpcClientBase is not null || grpcClientBaseOfT is not null)
            && SymbolEqualityComparer.Default.Equals(method.ContainingType, type)
            && method.Name is not ("WithHost" or "NewInstance")
            && (LifecycleSymbols.DerivesFrom(type, grpcClientBase) || LifecycleSymbols.DerivesFrom(type, grpcClientBaseOfT));

    private static bool MatchesAny(string name, string[] patterns)
    {
        foreach (var pattern in patterns)
        {
            if (pattern == Every || pattern == name)
            {
                return true;
            }

            if (pattern.EndsWith(Every, StringComparison.Ordinal) && name.StartsWith(pattern.Substring(0, pattern.Length - 1), StringComparison.Ordinal))
            {
                return true;
            }

            if (pattern.StartsWith(Every, StringComparison.Ordinal) && name.EndsWith(pattern.Substring(1), StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private bool IsLocal(IInvocationOperation invocation, INamedTypeSymbol owner, CancellationToken cancellationToken)
    {
        var ns = owner.ContainingNamespace?.ToDisplayString() ?? string.Empty;
        if (efIsLocal && ns.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal))
        {
            return true;
        }

        // SQLite is a file, not a server.
        var concrete = (invocation.Instance?.Type ?? invocation.TargetMethod.ContainingType)?.ContainingNamespace?.ToDisplayString() ?? string.Empty;
        if (concrete.StartsWith("Microsoft.Data.Sqlite", StringComparison.Ordinal) || concrete.StartsWith("System.Data.SQLite", StringComparison.Ordinal))
        {
            return true;
        }

        return HasLoopbackArgument(invocation.Arguments, cancellationToken)
            || (Receiver(invocation) is { } receiver && HasLoopbackBaseAddress(receiver, cancellationToken));
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
    public bool HasLoopbackBaseAddress(IOperation instance, CancellationToken cancellationToken)
    {
        if (ValueTracking.Origin(instance, cancellationToken) is not IObjectCreationOperation { Initializer: { } initializer } creation
            || !SymbolEqualityComparer.Default.Equals(creation.Type, httpClient))
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

    /// <summary>
    /// A loopback address, written as a constant or as a URL whose constant start already names the host
    /// (<c>"http://localhost:" + port</c>, <c>$"http://127.0.0.1:{port}/health"</c>), directly or in <c>new Uri(…)</c>.
    /// </summary>
    private bool IsLoopbackDestination(IOperation value, CancellationToken cancellationToken)
    {
        var origin = ValueTracking.Origin(value, cancellationToken);
        if (origin is IObjectCreationOperation { Arguments.Length: > 0 } creation && SymbolEqualityComparer.Default.Equals(creation.Type, uri))
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
