using System.Collections.Immutable;
using System.Threading;
using MeshReady.Analyzers.Infrastructure;
using static MeshReady.Analyzers.Infrastructure.SymbolMatch;
using MeshReady.Analyzers.Listening.Endpoints;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using MeshReady.Analyzers.Mesh;

namespace MeshReady.Analyzers.Addressing.Destinations;

/// <summary>
/// Turns one invocation, object creation or property assignment into the destinations it addresses:
/// absolute URLs given to <c>new Uri</c>, <c>HttpClient</c>/<c>HttpRequestMessage</c> request URIs and
/// <c>GrpcChannel.ForAddress</c>; hosts and addresses given to <c>TcpClient</c>/<c>Socket</c>/<c>UdpClient</c>
/// connects (directly or through <c>new IPEndPoint</c>/<c>DnsEndPoint</c>); and connection strings
/// (<c>connectionString</c> parameters, <c>ConnectionString</c> properties, Redis <c>Connect(configuration)</c>).
/// Only what the code writes as constants (or constant parts) becomes a destination.
/// </summary>
internal static class DestinationReader
{
    public static ImmutableArray<Destination> Read(IOperation operation, DestinationSymbols symbols, CancellationToken cancellationToken)
    {
        switch (operation)
        {
            case IObjectCreationOperation creation when creation.Constructor is { } constructor:
                if (Is(creation.Type, symbols.Uri))
                {
                    return creation.Arguments.Length > 0 && creation.Arguments[0].Parameter?.Name == "uriString"
                        ? Url(creation.Arguments[0].Value, "new Uri", cancellationToken)
                        : ImmutableArray<Destination>.Empty;
                }

                return ReadArguments(creation.Arguments, constructor, symbols, cancellationToken);
            case IInvocationOperation invocation:
                return ReadArguments(invocation.Arguments, invocation.TargetMethod, symbols, cancellationToken);
            case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property: { Name: "ConnectionString", Type.SpecialType: SpecialType.System_String } } } assignment:
                return ConnectionString(assignment.Value, "ConnectionString", cancellationToken);
            default:
                return ImmutableArray<Destination>.Empty;
        }
    }

    /// <summary>
    /// The expressions one call uses as addresses (URL, host, endpoint or connection string arguments), whether or
    /// not their value is known at compile time: for rules that ask where an address came from.
    /// </summary>
    public static ImmutableArray<IOperation> AddressValues(IOperation operation, DestinationSymbols symbols)
    {
        switch (operation)
        {
            case IObjectCreationOperation creation when Is(creation.Type, symbols.Uri):
                return creation.Arguments.Length > 0 && creation.Arguments[0].Parameter?.Name == "uriString"
                    ? ImmutableArray.Create(creation.Arguments[0].Value)
                    : ImmutableArray<IOperation>.Empty;
            case IObjectCreationOperation { Constructor: { } constructor } creation:
                return AddressArguments(creation.Arguments, constructor, symbols);
            case IInvocationOperation invocation:
                return AddressArguments(invocation.Arguments, invocation.TargetMethod, symbols);
            default:
                return ImmutableArray<IOperation>.Empty;
        }
    }

    private static ImmutableArray<IOperation> AddressArguments(ImmutableArray<IArgumentOperation> arguments, IMethodSymbol method, DestinationSymbols symbols)
    {
        var connects = Connects(method, symbols);
        ImmutableArray<IOperation>.Builder? builder = null;
        foreach (var argument in arguments)
        {
            if (argument.Parameter is { } parameter && argument.ArgumentKind != ArgumentKind.DefaultValue
                && RoleOf(parameter, method.ContainingType, connects, symbols) is not (ArgumentRole.None or ArgumentRole.Port))
            {
                (builder ??= ImmutableArray.CreateBuilder<IOperation>()).Add(argument.Value);
            }
        }

        return builder?.ToImmutable() ?? ImmutableArray<IOperation>.Empty;
    }

    private enum ArgumentRole
    {
        None,
        Url,
        ConnectionString,
        Host,
        Port,
        EndPoint,
    }

    private static bool Connects(IMethodSymbol method, DestinationSymbols symbols)
    {
        // The shape first: this runs for every call and creation of the compilation, in each destination rule.
        if (method.MethodKind != MethodKind.Constructor && !method.Name.StartsWith("Connect", System.StringComparison.Ordinal))
        {
            return false;
        }

        var type = method.ContainingType;
        return Is(type, symbols.TcpClient) || Is(type, symbols.UdpClient) || Is(type, symbols.Socket);
    }

    private static ArgumentRole RoleOf(IParameterSymbol parameter, INamedTypeSymbol type, bool connects, DestinationSymbols symbols)
    {
        var isString = parameter.Type.SpecialType == SpecialType.System_String;
        if (isString && ((parameter.Name == "requestUri" && IsHttpNamespace(type)) || (parameter.Name == "address" && Is(type, symbols.GrpcChannel))))
        {
            return ArgumentRole.Url;
        }

        if (isString && (parameter.Name == "connectionString"
            || (parameter.Name == "configuration" && (Is(type, symbols.RedisConnectionMultiplexer) || Is(type, symbols.RedisConfigurationOptions)))))
        {
            return ArgumentRole.ConnectionString;
        }

        if (!connects)
        {
            return ArgumentRole.None;
        }

        if ((isString || Is(parameter.Type, symbols.IPAddress)) && parameter.Name is "hostname" or "host" or "address")
        {
            return ArgumentRole.Host;
        }

        if (parameter.Name == "port")
        {
            return ArgumentRole.Port;
        }

        return parameter.Type.Name is "EndPoint" or "IPEndPoint" ? ArgumentRole.EndPoint : ArgumentRole.None;
    }

    private static ImmutableArray<Destination> ReadArguments(ImmutableArray<IArgumentOperation> arguments, IMethodSymbol method, DestinationSymbols symbols, CancellationToken cancellationToken)
    {
        // The API's name, for messages; built only for a match.
        string Origin() => method.MethodKind == MethodKind.Constructor ? "new " + method.ContainingType.Name : method.ContainingType.Name + "." + method.Name;

        var connects = Connects(method, symbols);
        // Runs on every invocation: allocate only once something matches.
        ImmutableArray<Destination>.Builder? builder = null;
        IOperation? host = null;
        IOperation? port = null;
        foreach (var argument in arguments)
        {
            if (argument.Parameter is not { } parameter || argument.ArgumentKind == ArgumentKind.DefaultValue)
            {
                continue;
            }

            switch (RoleOf(parameter, method.ContainingType, connects, symbols))
            {
                case ArgumentRole.Url:
                    Add(ref builder, Url(argument.Value, Origin(), cancellationToken));
                    break;
                case ArgumentRole.ConnectionString:
                    Add(ref builder, ConnectionString(argument.Value, Origin(), cancellationToken));
                    break;
                case ArgumentRole.Host:
                    host = argument.Value;
                    break;
                case ArgumentRole.Port:
                    port = argument.Value;
                    break;
                case ArgumentRole.EndPoint:
                    Add(ref builder, EndPoint(argument.Value, Origin(), symbols, cancellationToken));
                    break;
            }
        }

        if (host is not null)
        {
            Add(ref builder, HostAndPort(host, port, Origin(), symbols, cancellationToken));
        }

        return builder?.ToImmutable() ?? ImmutableArray<Destination>.Empty;
    }

    private static void Add(ref ImmutableArray<Destination>.Builder? builder, ImmutableArray<Destination> found)
    {
        if (!found.IsEmpty)
        {
            (builder ??= ImmutableArray.CreateBuilder<Destination>()).AddRange(found);
        }
    }

    private static ImmutableArray<Destination> Url(IOperation value, string origin, CancellationToken cancellationToken)
    {
        if (ListeningEndpointReader.UrlText(value, cancellationToken) is { } text
            && Mesh.HostText.TryParseUrl(text, out var scheme, out var host, out var port))
        {
            return ImmutableArray.Create(new Destination(origin, DestinationForm.Url, scheme, Known(host), DestinationAddress.Classify(host), port, value.Syntax));
        }

        return ImmutableArray<Destination>.Empty;
    }

    private static ImmutableArray<Destination> ConnectionString(IOperation value, string origin, CancellationToken cancellationToken)
    {
        if (ListeningEndpointReader.UrlText(value, cancellationToken) is { } text
            && Mesh.HostText.TryReadDestination(text, out var host, out var port))
        {
            return ImmutableArray.Create(new Destination(origin, DestinationForm.ConnectionString, null, Known(host), DestinationAddress.Classify(host), port, value.Syntax));
        }

        return ImmutableArray<Destination>.Empty;
    }

    private static ImmutableArray<Destination> HostAndPort(IOperation host, IOperation? port, string origin, DestinationSymbols symbols, CancellationToken cancellationToken)
    {
        var (text, syntax) = HostText(host, symbols, cancellationToken);
        if (text is null)
        {
            return ImmutableArray<Destination>.Empty;
        }

        var portValue = port is null ? null : ValueTracking.ConstantInt32(port, cancellationToken);
        return ImmutableArray.Create(new Destination(origin, DestinationForm.HostAndPort, null, text, DestinationAddress.Classify(text), portValue, syntax));
    }

    private static ImmutableArray<Destination> EndPoint(IOperation value, string origin, DestinationSymbols symbols, CancellationToken cancellationToken)
    {
        if (ValueTracking.Origin(value, cancellationToken) is IObjectCreationOperation { Arguments.Length: 2 } creation
            && (Is(creation.Type, symbols.IPEndPoint) || Is(creation.Type, symbols.DnsEndPoint)))
        {
            return HostAndPort(creation.Arguments[0].Value, creation.Arguments[1].Value, origin, symbols, cancellationToken);
        }

        return ImmutableArray<Destination>.Empty;
    }

    /// <summary>A host string, or an <c>IPAddress</c> from <c>IPAddress.Parse("…")</c> / <c>IPAddress.Loopback</c>.</summary>
    private static (string? Text, SyntaxNode Syntax) HostText(IOperation host, DestinationSymbols symbols, CancellationToken cancellationToken)
    {
        if (host.Type?.SpecialType == SpecialType.System_String)
        {
            return (ValueTracking.ConstantString(host, cancellationToken), host.Syntax);
        }

        switch (ValueTracking.Origin(host, cancellationToken))
        {
            case IInvocationOperation { TargetMethod.Name: "Parse", Arguments.Length: 1 } parse when Is(parse.TargetMethod.ContainingType, symbols.IPAddress):
                return (ValueTracking.ConstantString(parse.Arguments[0].Value, cancellationToken), parse.Arguments[0].Value.Syntax);
            case IFieldReferenceOperation { Field: { IsStatic: true } field } when Is(field.ContainingType, symbols.IPAddress):
                return (field.Name switch
                {
                    "Loopback" => "127.0.0.1",
                    "IPv6Loopback" => "::1",
                    "Any" => "0.0.0.0",
                    "IPv6Any" => "::",
                    _ => null,
                }, host.Syntax);
            default:
                return (null, host.Syntax);
        }
    }

    private static string? Known(string host) => host.IndexOf(ListenUrl.Unknown) >= 0 ? null : host;

    private static bool IsHttpNamespace(INamedTypeSymbol type)
        => type.ContainingNamespace?.ToDisplayString() is "System.Net.Http" or "System.Net.Http.Json";
}
