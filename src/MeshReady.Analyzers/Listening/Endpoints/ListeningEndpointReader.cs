using System;
using System.Collections.Immutable;
using System.Text;
using System.Threading;
using MeshReady.Analyzers.Infrastructure;
using static MeshReady.Analyzers.Infrastructure.SymbolMatch;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using MeshReady.Analyzers.Mesh;

namespace MeshReady.Analyzers.Listening.Endpoints;

/// <summary>
/// Turns one invocation or object creation into the endpoints it opens: <c>UseUrls</c>, <c>UseSetting("urls")</c>,
/// <c>app.Urls.Add</c>, <c>app.Run(url)</c>, Kestrel <c>Listen</c>/<c>ListenAnyIP</c>/<c>ListenLocalhost</c> (with
/// their options lambda: <c>Protocols</c>, <c>UseHttps</c>), <c>new TcpListener</c>, <c>TcpListener.Create</c>,
/// <c>Socket.Bind</c>, <c>HttpListener.Prefixes.Add</c> and <c>Environment.SetEnvironmentVariable("ASPNETCORE_URLS")</c>.
/// Analyzers call it from an operation action; the generator from a transform via <c>SemanticModel.GetOperation</c>.
/// </summary>
internal static class ListeningEndpointReader
{
    /// <summary>
    /// A cheap syntactic filter for generator predicates: could this node open a listener? It must stay narrow:
    /// the generator re-runs its semantic transform for every node that passes, on every edit anywhere in the
    /// project, so common names (<c>Add</c>, <c>Run</c>, <c>Create</c>, <c>new()</c>) are only let through in the
    /// shapes <see cref="Read"/> can accept.
    /// </summary>
    public static bool IsCandidate(SyntaxNode node)
        => node switch
        {
            InvocationExpressionSyntax invocation => IsCandidateInvocation(invocation),
            ObjectCreationExpressionSyntax creation => EndsWithTcpListener(creation.Type),
            ImplicitObjectCreationExpressionSyntax implicitCreation => DeclaredType(implicitCreation) is { } type && EndsWithTcpListener(type),
            _ => false,
        };

    private static bool IsCandidateInvocation(InvocationExpressionSyntax invocation)
    {
        var arguments = invocation.ArgumentList.Arguments.Count;
        switch (MethodName(invocation))
        {
            case "UseUrls" or "UseSetting" or "Listen" or "ListenAnyIP" or "ListenLocalhost" or "SetEnvironmentVariable":
                return true;
            case "Run" or "RunAsync":
                return arguments == 1; // app.Run(url); a bare app.Run() opens nothing new.
            case "Bind":
                return arguments == 1;
            case "Add":
                // app.Urls.Add(url) / listener.Prefixes.Add(prefix)
                return arguments == 1
                    && invocation.Expression is MemberAccessExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Urls" or "Prefixes" } };
            case "Create":
                // TcpListener.Create(port)
                return arguments == 1
                    && invocation.Expression is MemberAccessExpressionSyntax { Expression: var receiver } && EndsWithTcpListener(receiver);
            default:
                return false;
        }
    }

    /// <summary>
    /// <c>TcpListener</c>, <c>System.Net.Sockets.TcpListener</c>: the last name, read without building the node's text (the
    /// predicate sees every object creation in the project).
    /// </summary>
    private static bool EndsWithTcpListener(SyntaxNode type)
        => type switch
        {
            QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText == "TcpListener",
            AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText == "TcpListener",
            ExpressionSyntax expression => SyntaxNames.Last(expression) == "TcpListener",
            _ => false,
        };

    /// <summary>The declared type a target-typed <c>new(…)</c> takes its type from, when it is written next to it.</summary>
    private static TypeSyntax? DeclaredType(ImplicitObjectCreationExpressionSyntax creation)
        => creation.Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax declaration } }
            ? declaration.Type
            : creation.Parent is EqualsValueClauseSyntax { Parent: PropertyDeclarationSyntax property } ? property.Type : null;

    public static ImmutableArray<ListeningEndpoint> Read(IOperation operation, ListeningSymbols symbols, CancellationToken cancellationToken)
        => operation switch
        {
            IInvocationOperation invocation => ReadInvocation(invocation, symbols, cancellationToken),
            IObjectCreationOperation creation => ReadCreation(creation, symbols, cancellationToken),
            _ => ImmutableArray<ListeningEndpoint>.Empty,
        };

    /// <summary>
    /// <c>ConfigureEndpointDefaults(o => o.Protocols = …)</c>: the protocols and TLS every Kestrel endpoint
    /// without its own settings gets; null when <paramref name="invocation"/> is not that call.
    /// </summary>
    public static ListenOptionsSettings? ReadEndpointDefaults(IInvocationOperation invocation, ListeningSymbols symbols, CancellationToken cancellationToken)
    {
        if (invocation.TargetMethod.Name != "ConfigureEndpointDefaults"
            || !Is(invocation.TargetMethod.ContainingType, symbols.KestrelServerOptions)
            || invocation.Arguments.Length != 1)
        {
            return null;
        }

        return ReadListenOptions(invocation.Arguments[0].Value, symbols, cancellationToken);
    }

    private static ImmutableArray<ListeningEndpoint> ReadInvocation(IInvocationOperation invocation, ListeningSymbols symbols, CancellationToken cancellationToken)
    {
        var method = invocation.TargetMethod;
        var type = method.ContainingType;
        switch (method.Name)
        {
            case "Listen" or "ListenAnyIP" or "ListenLocalhost" when Is(type, symbols.KestrelServerOptions):
                return ReadKestrelListen(invocation, symbols, cancellationToken);

            case "UseUrls" when Is(type, symbols.HostingAbstractionsWebHostBuilderExtensions):
                return ReadUrlArguments(invocation, "UseUrls", cancellationToken);

            case "UseSetting" when IsWebHostBuilder(type, symbols) && invocation.Arguments.Length == 2:
                return ReadSetting(ConstantKey(invocation.Arguments[0].Value, cancellationToken), invocation.Arguments[1].Value, "UseSetting", cancellationToken);

            case "Add" when invocation.Instance is IPropertyReferenceOperation { Property.Name: "Urls" } urls
                && Is(urls.Property.ContainingType, symbols.WebApplication) && invocation.Arguments.Length == 1:
                return ReadUrl(invocation.Arguments[0].Value, "app.Urls.Add", EndpointProtocols.Default, cancellationToken);

            case "Add" when Is(type, symbols.HttpListenerPrefixCollection) && invocation.Arguments.Length == 1:
                return ReadUrl(invocation.Arguments[0].Value, "HttpListener.Prefixes.Add", EndpointProtocols.Http1, cancellationToken);

            case "Run" or "RunAsync" when Is(type, symbols.WebApplication):
                return ReadUrlArguments(invocation, "app." + method.Name, cancellationToken);

            case "Bind" when Is(type, symbols.Socket) && invocation.Arguments.Length == 1:
                return ReadSocketEndPoint(invocation.Arguments[0].Value, "Socket.Bind", symbols, cancellationToken);

            case "Create" when Is(type, symbols.TcpListener) && invocation.Arguments.Length == 1:
                return ImmutableArray.Create(TcpEndpoint("TcpListener.Create", HostKind.AnyIP, "::", invocation.Syntax, invocation.Arguments[0].Value, cancellationToken));

            case "SetEnvironmentVariable" when Is(type, symbols.Environment) && invocation.Arguments.Length >= 2:
                var name = ConstantKey(invocation.Arguments[0].Value, cancellationToken);
                var key = name is null ? null
                    : name.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase) ? name.Substring("ASPNETCORE_".Length)
                    : name.StartsWith("DOTNET_", StringComparison.OrdinalIgnoreCase) ? name.Substring("DOTNET_".Length)
                    : null;
                return ReadSetting(key, invocation.Arguments[1].Value, name!, cancellationToken);

            default:
                return ImmutableArray<ListeningEndpoint>.Empty;
        }
    }

    private static ImmutableArray<ListeningEndpoint> ReadCreation(IObjectCreationOperation creation, ListeningSymbols symbols, CancellationToken cancellationToken)
    {
        if (!Is(creation.Type as INamedTypeSymbol, symbols.TcpListener) || creation.Constructor is null)
        {
            return ImmutableArray<ListeningEndpoint>.Empty;
        }

        var arguments = creation.Arguments;
        switch (arguments.Length)
        {
            case 2:
                var address = ReadAddress(arguments[0].Value, symbols, cancellationToken);
                return ImmutableArray.Create(TcpEndpoint("new TcpListener", address.Kind, address.Host, arguments[0].Value.Syntax, arguments[1].Value, cancellationToken));
            case 1 when arguments[0].Value.Type is { SpecialType: SpecialType.System_Int32 }:
                // The obsolete TcpListener(int port) binds IPAddress.Any.
                return ImmutableArray.Create(TcpEndpoint("new TcpListener", HostKind.AnyIP, "0.0.0.0", creation.Syntax, arguments[0].Value, cancellationToken));
            case 1:
                return ReadSocketEndPoint(arguments[0].Value, "new TcpListener", symbols, cancellationToken);
            default:
                return ImmutableArray<ListeningEndpoint>.Empty;
        }
    }

    private static ImmutableArray<ListeningEndpoint> ReadKestrelListen(IInvocationOperation invocation, ListeningSymbols symbols, CancellationToken cancellationToken)
    {
        var name = invocation.TargetMethod.Name;
        var addressSpan = invocation.Syntax is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access }
            ? FileSpan.Of(access.Name)
            : FileSpan.Of(invocation.Syntax);
        var (kind, host) = name switch
        {
            "ListenLocalhost" => (HostKind.Loopback, "localhost"),
            "ListenAnyIP" => (HostKind.AnyIP, "+"),
            _ => (HostKind.Unknown, (string?)null),
        };

        IOperation? port = null;
        var settings = ListenOptionsSettings.None;
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter is not { } parameter || argument.ArgumentKind == ArgumentKind.DefaultValue)
            {
                continue;
            }

            if (parameter.Name == "port")
            {
                port = argument.Value;
            }
            else if (parameter.Name == "configure")
            {
                settings = ReadListenOptions(argument.Value, symbols, cancellationToken);
            }
            else if (Is(parameter.Type as INamedTypeSymbol, symbols.IPAddress))
            {
                (kind, host) = ReadAddress(argument.Value, symbols, cancellationToken);
                addressSpan = FileSpan.Of(argument.Value.Syntax);
            }
            else if (parameter.Type.Name is "IPEndPoint" or "EndPoint")
            {
                var endPoint = ReadEndPoint(argument.Value, symbols, cancellationToken);
                (kind, host) = endPoint.Address;
                port = endPoint.Port;
                addressSpan = FileSpan.Of(endPoint.AddressSyntax ?? argument.Value.Syntax);
            }
        }

        return ImmutableArray.Create(new ListeningEndpoint(
            EndpointSource.Code,
            name,
            kind,
            host,
            port is null ? null : ValueTracking.ConstantInt32(port, cancellationToken),
            settings.Tls ? "https" : "http",
            settings.Tls,
            settings.Protocols,
            addressSpan,
            port is null ? addressSpan : FileSpan.Of(port.Syntax),
            settings.ProtocolsSpan,
            settings.TlsSpan));
    }

    /// <summary>Reads an <c>Action&lt;ListenOptions&gt;</c> lambda: <c>Protocols = HttpProtocols.X</c> and <c>UseHttps(…)</c>.</summary>
    private static ListenOptionsSettings ReadListenOptions(IOperation value, ListeningSymbols symbols, CancellationToken cancellationToken)
    {
        var origin = ValueTracking.SkipConversions(value);
        if (origin is IDelegateCreationOperation delegateCreation)
        {
            origin = delegateCreation.Target;
        }

        if (origin is not IAnonymousFunctionOperation lambda)
        {
            // A method group or a delegate from elsewhere: its settings are not visible here.
            return new ListenOptionsSettings(EndpointProtocols.Unknown, null, false, null);
        }

        var protocols = EndpointProtocols.Default;
        FileSpan? protocolsSpan = null;
        var tls = false;
        FileSpan? tlsSpan = null;
        foreach (var descendant in lambda.Body.Descendants())
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (descendant)
            {
                case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "Protocols" } target } assignment
                    when Is(target.Property.ContainingType, symbols.ListenOptions):
                    protocols = ProtocolsOf(ValueTracking.Origin(assignment.Value, cancellationToken).ConstantValue);
                    protocolsSpan = FileSpan.Of(assignment.Syntax);
                    break;
                case IInvocationOperation { TargetMethod.Name: "UseHttps" } useHttps
                    when Is(useHttps.TargetMethod.ContainingType, symbols.ListenOptionsHttpsExtensions):
                    tls = true;
                    tlsSpan = FileSpan.Of(useHttps.Syntax);
                    break;
            }
        }

        return new ListenOptionsSettings(protocols, protocolsSpan, tls, tlsSpan);
    }

    /// <summary>Kestrel's <c>HttpProtocols</c> flags: Http1 = 1, Http2 = 2, Http3 = 4.</summary>
    public static EndpointProtocols ProtocolsOf(Optional<object?> constant)
    {
        if (!constant.HasValue || constant.Value is null)
        {
            return EndpointProtocols.Unknown;
        }

        var flags = Convert.ToInt32(constant.Value, System.Globalization.CultureInfo.InvariantCulture) & 3;
        return flags switch
        {
            1 => EndpointProtocols.Http1,
            2 => EndpointProtocols.Http2,
            3 => EndpointProtocols.Http1AndHttp2,
            _ => EndpointProtocols.Unknown,
        };
    }

    private static ImmutableArray<ListeningEndpoint> ReadUrlArguments(IInvocationOperation invocation, string origin, CancellationToken cancellationToken)
    {
        var builder = ImmutableArray.CreateBuilder<ListeningEndpoint>();
        foreach (var argument in invocation.Arguments)
        {
            if (argument.ArgumentKind == ArgumentKind.DefaultValue || argument.Parameter?.Type is not { } type)
            {
                continue;
            }

            if (type.SpecialType == SpecialType.System_String)
            {
                builder.AddRange(ReadUrl(argument.Value, origin, EndpointProtocols.Default, cancellationToken));
            }
            else if (ValueTracking.Origin(argument.Value, cancellationToken) is IArrayCreationOperation { Initializer: { } initializer })
            {
                foreach (var element in initializer.ElementValues)
                {
                    builder.AddRange(ReadUrl(element, origin, EndpointProtocols.Default, cancellationToken));
                }
            }
        }

        return builder.ToImmutable();
    }

    private static ImmutableArray<ListeningEndpoint> ReadSetting(string? key, IOperation value, string origin, CancellationToken cancellationToken)
    {
        if (key is null)
        {
            return ImmutableArray<ListeningEndpoint>.Empty;
        }

        if (string.Equals(key, "urls", StringComparison.OrdinalIgnoreCase))
        {
            return ReadUrl(value, origin, EndpointProtocols.Default, cancellationToken);
        }

        var tls = string.Equals(key, "https_ports", StringComparison.OrdinalIgnoreCase);
        if (!tls && !string.Equals(key, "http_ports", StringComparison.OrdinalIgnoreCase)
            || UrlText(value, cancellationToken) is not { } text)
        {
            return ImmutableArray<ListeningEndpoint>.Empty;
        }

        var span = FileSpan.Of(value.Syntax);
        var builder = ImmutableArray.CreateBuilder<ListeningEndpoint>();
        foreach (var part in text.Split(';'))
        {
            var trimmed = part.Trim();
            if (trimmed.Length == 0)
            {
                continue;
            }

            int? port = ListenUrl.TryParsePort(trimmed, out var p) ? p : null;
            builder.Add(new ListeningEndpoint(EndpointSource.Code, origin, HostKind.AnyIP, "+", port, tls ? "https" : "http", tls, EndpointProtocols.Default, span, span, tlsSpan: tls ? span : null));
        }

        return builder.ToImmutable();
    }

    private static ImmutableArray<ListeningEndpoint> ReadUrl(IOperation value, string origin, EndpointProtocols protocols, CancellationToken cancellationToken)
    {
        if (UrlText(value, cancellationToken) is not { } text)
        {
            return ImmutableArray<ListeningEndpoint>.Empty;
        }

        var span = FileSpan.Of(value.Syntax);
        var builder = ImmutableArray.CreateBuilder<ListeningEndpoint>();
        foreach (var (url, error) in ListenUrl.ParseList(text))
        {
            if (error is null)
            {
                builder.Add(new ListeningEndpoint(EndpointSource.Code, origin, url.HostKind, url.Host, url.Port, url.Scheme, url.Tls, protocols, span, span, tlsSpan: url.Tls ? span : null));
            }
        }

        return builder.ToImmutable();
    }

    private static ImmutableArray<ListeningEndpoint> ReadSocketEndPoint(IOperation value, string origin, ListeningSymbols symbols, CancellationToken cancellationToken)
    {
        var endPoint = ReadEndPoint(value, symbols, cancellationToken);
        if (endPoint.Address.Kind == HostKind.Unknown && endPoint.Port is null)
        {
            return ImmutableArray<ListeningEndpoint>.Empty;
        }

        var addressSyntax = endPoint.AddressSyntax ?? value.Syntax;
        return ImmutableArray.Create(TcpEndpoint(origin, endPoint.Address.Kind, endPoint.Address.Host, addressSyntax, endPoint.Port, cancellationToken, value.Syntax));
    }

    private static ListeningEndpoint TcpEndpoint(string origin, HostKind kind, string? host, SyntaxNode addressSyntax, IOperation? port, CancellationToken cancellationToken, SyntaxNode? fallbackPortSyntax = null)
    {
        var addressSpan = FileSpan.Of(addressSyntax);
        var portSpan = port is not null ? FileSpan.Of(port.Syntax) : fallbackPortSyntax is not null ? FileSpan.Of(fallbackPortSyntax) : addressSpan;
        var portValue = port is null ? null : ValueTracking.ConstantInt32(port, cancellationToken);
        return new ListeningEndpoint(EndpointSource.Code, origin, kind, host, portValue, "tcp", false, EndpointProtocols.Tcp, addressSpan, portSpan);
    }

    /// <summary><c>IPAddress.Loopback</c>, <c>IPAddress.Any</c>, <c>IPAddress.Parse("…")</c> and locals holding them.</summary>
    private static (HostKind Kind, string? Host) ReadAddress(IOperation value, ListeningSymbols symbols, CancellationToken cancellationToken)
    {
        var origin = ValueTracking.Origin(value, cancellationToken);
        switch (origin)
        {
            case IFieldReferenceOperation { Field: { IsStatic: true } field } when Is(field.ContainingType, symbols.IPAddress):
                return field.Name switch
                {
                    "Loopback" or "IPv6Loopback" => (HostKind.Loopback, "IPAddress." + field.Name),
                    "Any" or "IPv6Any" => (HostKind.AnyIP, "IPAddress." + field.Name),
                    _ => (HostKind.Unknown, null),
                };
            case IInvocationOperation { TargetMethod.Name: "Parse", Arguments.Length: 1 } parse when Is(parse.TargetMethod.ContainingType, symbols.IPAddress):
                if (ValueTracking.ConstantString(parse.Arguments[0].Value, cancellationToken) is { } text)
                {
                    var kind = ListenUrl.Classify(text.Trim('[', ']'));
                    return (kind == HostKind.AnyIP && !MeshHosts.IsIPAddress(text) ? HostKind.Unknown : kind, text);
                }

                return (HostKind.Unknown, null);
            default:
                return (HostKind.Unknown, null);
        }
    }

    /// <summary><c>new IPEndPoint(address, port)</c>, directly or through a local.</summary>
    private static ((HostKind Kind, string? Host) Address, IOperation? Port, SyntaxNode? AddressSyntax) ReadEndPoint(IOperation value, ListeningSymbols symbols, CancellationToken cancellationToken)
    {
        if (ValueTracking.Origin(value, cancellationToken) is IObjectCreationOperation creation
            && Is(creation.Type as INamedTypeSymbol, symbols.IPEndPoint)
            && creation.Arguments.Length == 2)
        {
            var addressArgument = creation.Arguments[0].Value;
            var address = Is(addressArgument.Type as INamedTypeSymbol, symbols.IPAddress)
                ? ReadAddress(addressArgument, symbols, cancellationToken)
                : (HostKind.Unknown, (string?)null);
            return (address, creation.Arguments[1].Value, addressArgument.Syntax);
        }

        return ((HostKind.Unknown, null), null, null);
    }

    /// <summary>
    /// The text of a URL expression: constants, interpolations and concatenations, with
    /// <see cref="ListenUrl.Unknown"/> where a part is computed at run time; null when nothing is known.
    /// </summary>
    public static string? UrlText(IOperation value, CancellationToken cancellationToken)
    {
        if (ValueTracking.ConstantString(value, cancellationToken) is { } constant)
        {
            return constant;
        }

        var builder = new StringBuilder();
        return Append(ValueTracking.Origin(value, cancellationToken), builder, 0, cancellationToken) && builder.ToString().Replace(ListenUrl.Unknown.ToString(), string.Empty).Length > 0
            ? builder.ToString()
            : null;
    }

    private static bool Append(IOperation value, StringBuilder builder, int depth, CancellationToken cancellationToken)
    {
        if (depth > 16)
        {
            return false;
        }

        var origin = ValueTracking.Origin(value, cancellationToken);
        if (origin.ConstantValue is { HasValue: true } constant)
        {
            builder.Append(Convert.ToString(constant.Value, System.Globalization.CultureInfo.InvariantCulture));
            return true;
        }

        switch (origin)
        {
            case IInterpolatedStringOperation interpolated:
                foreach (var part in interpolated.Parts)
                {
                    if (part is IInterpolatedStringTextOperation text)
                    {
                        builder.Append(text.Text.ConstantValue.Value as string);
                    }
                    else if (part is IInterpolationOperation hole)
                    {
                        if (!Append(hole.Expression, builder, depth + 1, cancellationToken))
                        {
                            builder.Append(ListenUrl.Unknown);
                        }
                    }
                }

                return true;
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } concatenation when concatenation.Type?.SpecialType == SpecialType.System_String:
                if (!Append(concatenation.LeftOperand, builder, depth + 1, cancellationToken))
                {
                    builder.Append(ListenUrl.Unknown);
                }

                if (!Append(concatenation.RightOperand, builder, depth + 1, cancellationToken))
                {
                    builder.Append(ListenUrl.Unknown);
                }

                return true;
            default:
                return false;
        }
    }

    private static string? ConstantKey(IOperation value, CancellationToken cancellationToken)
        => ValueTracking.ConstantString(value, cancellationToken);

    private static ImmutableArray<ListeningEndpoint> Single(ListeningEndpoint endpoint) => ImmutableArray.Create(endpoint);

    private static bool IsWebHostBuilder(INamedTypeSymbol? type, ListeningSymbols symbols)
    {
        if (type is null || symbols.IWebHostBuilder is null)
        {
            return false;
        }

        if (Is(type, symbols.IWebHostBuilder))
        {
            return true;
        }

        foreach (var implemented in type.AllInterfaces)
        {
            if (Is(implemented, symbols.IWebHostBuilder))
            {
                return true;
            }
        }

        return false;
    }

    private static string? MethodName(InvocationExpressionSyntax invocation)
        => invocation.Expression switch
        {
            MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
            IdentifierNameSyntax name => name.Identifier.ValueText,
            GenericNameSyntax generic => generic.Identifier.ValueText,
            _ => null,
        };
}

/// <summary>What an <c>Action&lt;ListenOptions&gt;</c> lambda sets.</summary>
internal readonly struct ListenOptionsSettings
{
    public static readonly ListenOptionsSettings None = new(EndpointProtocols.Default, null, false, null);

    public ListenOptionsSettings(EndpointProtocols protocols, FileSpan? protocolsSpan, bool tls, FileSpan? tlsSpan)
    {
        Protocols = protocols;
        ProtocolsSpan = protocolsSpan;
        Tls = tls;
        TlsSpan = tlsSpan;
    }

    public EndpointProtocols Protocols { get; }

    public FileSpan? ProtocolsSpan { get; }

    public bool Tls { get; }

    public FileSpan? TlsSpan { get; }
}
