using System.Collections.Immutable;
using System.Threading;
using MeshReady.Analyzers.Infrastructure;
using MeshReady.Analyzers.Listening.Endpoints;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

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

                return ReadArguments(creation.Arguments, constructor, "new " + constructor.ContainingType.Name, symbols, cancellationToken);
            case IInvocationOperation invocation:
                return ReadArguments(invocation.Arguments, invocation.TargetMethod, invocation.TargetMethod.ContainingType.Name + "." + invocation.TargetMethod.Name, symbols, cancellationToken);
            case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property: { Name: "ConnectionString", Type.SpecialType: SpecialType.System_String } } } assignment:
                return ConnectionString(assignment.Value, "ConnectionString", cancellationToken);
            default:
                return ImmutableArray<Destination>.Empty;
        }
    }

    private static ImmutableArray<Destination> ReadArguments(ImmutableArray<IArgumentOperation> arguments, IMethodSymbol method, string origin, DestinationSymbols symbols, CancellationToken cancellationToken)
    {
        var type = method.ContainingType;
        var socketClient = Is(type, symbols.TcpClient) || Is(type, symbols.UdpClient) || Is(type, symbols.Socket);
        var connects = socketClient && (method.MethodKind == MethodKind.Constructor || method.Name.StartsWith("Connect", System.StringComparison.Ordinal));
        var builder = ImmutableArray.CreateBuilder<Destination>();
        IOperation? host = null;
        IOperation? port = null;
        foreach (var argument in arguments)
        {
            if (argument.Parameter is not { } parameter || argument.ArgumentKind == ArgumentKind.DefaultValue)
            {
                continue;
            }

            var isString = parameter.Type.SpecialType == SpecialType.System_String;
            if (isString && parameter.Name == "requestUri" && IsHttpNamespace(type))
            {
                builder.AddRange(Url(argument.Value, origin, cancellationToken));
            }
            else if (isString && parameter.Name == "address" && Is(type, symbols.GrpcChannel))
            {
                builder.AddRange(Url(argument.Value, origin, cancellationToken));
            }
            else if (isString && (parameter.Name == "connectionString"
                || (parameter.Name == "configuration" && (Is(type, symbols.RedisConnectionMultiplexer) || Is(type, symbols.RedisConfigurationOptions)))))
            {
                builder.AddRange(ConnectionString(argument.Value, origin, cancellationToken));
            }
            else if (connects && (isString || Is(parameter.Type, symbols.IPAddress)) && parameter.Name is "hostname" or "host" or "address")
            {
                host = argument.Value;
            }
            else if (connects && parameter.Name == "port")
            {
                port = argument.Value;
            }
            else if (connects && parameter.Type.Name is "EndPoint" or "IPEndPoint")
            {
                builder.AddRange(EndPoint(argument.Value, origin, symbols, cancellationToken));
            }
        }

        if (host is not null)
        {
            builder.AddRange(HostAndPort(host, port, origin, symbols, cancellationToken));
        }

        return builder.ToImmutable();
    }

    private static ImmutableArray<Destination> Url(IOperation value, string origin, CancellationToken cancellationToken)
    {
        if (ListeningEndpointReader.UrlText(value, cancellationToken) is { } text
            && DestinationAddress.TryParseUrl(text, out var scheme, out var host, out var port))
        {
            return ImmutableArray.Create(new Destination(origin, DestinationForm.Url, scheme, Known(host), DestinationAddress.Classify(host), port, FileSpan.Of(value.Syntax)));
        }

        return ImmutableArray<Destination>.Empty;
    }

    private static ImmutableArray<Destination> ConnectionString(IOperation value, string origin, CancellationToken cancellationToken)
    {
        if (ListeningEndpointReader.UrlText(value, cancellationToken) is { } text
            && ConnectionStringHost.TryRead(text, out var host, out var port))
        {
            return ImmutableArray.Create(new Destination(origin, DestinationForm.ConnectionString, null, Known(host), DestinationAddress.Classify(host), port, FileSpan.Of(value.Syntax)));
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
        return ImmutableArray.Create(new Destination(origin, DestinationForm.HostAndPort, null, text, DestinationAddress.Classify(text), portValue, FileSpan.Of(syntax)));
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

    private static bool Is(ITypeSymbol? type, INamedTypeSymbol? expected)
        => type is not null && expected is not null && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, expected);
}
