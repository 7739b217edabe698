using System;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using MeshReady.Analyzers.Generation;
using MeshReady.Analyzers.Listening.Endpoints;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MeshReady.Analyzers.Ports;

/// <summary>
/// The generator's cheap path to the ports of a listener candidate (<see cref="ListeningEndpointReader.IsCandidate"/>):
/// the common shapes whose meaning syntax alone settles (<c>kestrel.ListenAnyIP(8080, o => o.Protocols = HttpProtocols.Http2)</c>,
/// <c>UseUrls("http://+:8080")</c>, <c>new TcpListener(IPAddress.Any, 2525)</c>, <c>UseSetting("environment", …)</c>, a
/// <c>configuration.Bind(options)</c> in a file that makes no <c>IPEndPoint</c>). Everything else (constants, locals,
/// interpolations, code under an environment check, <c>UseHttps</c>) is left to the semantic reader.
/// Why it matters: Roslyn re-runs a syntax provider's transform for every matched node on every edit anywhere in the
/// project, and binding there costs milliseconds per node; reading syntax costs microseconds. Each shape read here
/// gives what <see cref="InferredPorts.FromCode"/> gives for it (SyntacticPortsTests holds the two readers together).
/// </summary>
internal static class SyntacticPorts
{
    /// <summary>True when syntax alone decides this candidate's ports; the semantic reader handles the others.</summary>
    public static bool CanRead(SyntaxNode node) => TryRead(node, out _);

    /// <summary>The ports of a candidate, when syntax alone decides them.</summary>
    public static bool TryRead(SyntaxNode node, out EquatableArray<InferredPort> ports)
    {
        ports = EquatableArray<InferredPort>.Empty;
        if (MayBeDevelopmentOnly(node))
        {
            return false;
        }

        switch (node)
        {
            case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } invocation:
                return TryReadInvocation(invocation, access, ref ports);
            case ObjectCreationExpressionSyntax { ArgumentList: { } arguments }:
                // new TcpListener(IPAddress.Any, 2525) / new TcpListener(2525)
                return TryReadTcpListener(arguments.Arguments, ref ports);
            default:
                return false;
        }
    }

    private static bool TryReadInvocation(InvocationExpressionSyntax invocation, MemberAccessExpressionSyntax access, ref EquatableArray<InferredPort> ports)
    {
        var arguments = invocation.ArgumentList.Arguments;
        if (HasNamedOrRefArgument(arguments))
        {
            return false;
        }

        switch (access.Name.Identifier.ValueText)
        {
            case "ListenLocalhost":
                // Loopback is never a service port, whatever the port and settings (MESH001 reports it).
                return true;

            case "ListenAnyIP" when arguments.Count is 1 or 2 && IntLiteral(arguments[0].Expression) is { } port:
                return TryReadKestrel(port, HostKind.AnyIP, arguments.Count == 2 ? arguments[1].Expression : null, ref ports);

            case "Listen" when arguments.Count is 2 or 3 && Address(arguments[0].Expression) is { } kind && IntLiteral(arguments[1].Expression) is { } port:
                return TryReadKestrel(port, kind, arguments.Count == 3 ? arguments[2].Expression : null, ref ports);

            case "Listen" when arguments.Count == 0 || (arguments.Count == 1 && IntLiteral(arguments[0].Expression) is not null):
                // Socket.Listen() / Socket.Listen(backlog): Kestrel has no Listen without an address or with a bare int.
                return true;

            case "UseUrls":
                return TryReadUrls(arguments, ref ports);

            case "UseSetting" when arguments.Count == 2 && StringLiteral(arguments[0].Expression) is { } key:
                // Only the urls/http_ports/https_ports settings open endpoints.
                return !IsEndpointSetting(key);

            case "SetEnvironmentVariable" when arguments.Count >= 2 && StringLiteral(arguments[0].Expression) is { } name:
                return !IsEndpointSetting(StripEnvironmentPrefix(name));

            case "Run" or "RunAsync" when arguments.Count == 1 && arguments[0].Expression is AnonymousFunctionExpressionSyntax:
                // app.Run(context => …) is terminal middleware, not WebApplication.Run(url).
                return true;

            case "Bind" when arguments.Count == 1:
                // Socket.Bind needs an IPEndPoint made in the same body; configuration.Bind(options) in a file without one opens nothing.
                return arguments[0].Expression is AnonymousFunctionExpressionSyntax || !MentionsIPEndPoint(invocation.SyntaxTree);

            case "Create" when arguments.Count == 1 && IntLiteral(arguments[0].Expression) is { } port:
                // TcpListener.Create(port) binds every address (IsCandidate checked the receiver).
                ports = Single(InferredPort.From(port, HostKind.AnyIP, tls: false, EndpointProtocols.Tcp, grpcMapped: false));
                return true;

            default:
                return false;
        }
    }

    /// <summary>Kestrel's <c>Listen</c>/<c>ListenAnyIP</c> with a literal port and no, or a plainly written, options lambda.</summary>
    private static bool TryReadKestrel(int port, HostKind kind, ExpressionSyntax? configure, ref EquatableArray<InferredPort> ports)
    {
        var protocols = EndpointProtocols.Default;
        switch (configure)
        {
            case null:
                break;
            case SimpleLambdaExpressionSyntax or ParenthesizedLambdaExpressionSyntax { ParameterList.Parameters.Count: 1 }:
                if (!TryReadListenOptions((LambdaExpressionSyntax)configure, ref protocols))
                {
                    return false;
                }

                break;
            case IdentifierNameSyntax or MemberAccessExpressionSyntax:
                // A method group or a delegate from elsewhere: the semantic reader cannot see its settings either.
                protocols = EndpointProtocols.Unknown;
                break;
            default:
                return false;
        }

        ports = Single(InferredPort.From(port, kind, tls: false, protocols, grpcMapped: false));
        return true;
    }

    /// <summary><c>o => o.Protocols = HttpProtocols.Http2</c>; false for anything the semantic reader might read differently.</summary>
    private static bool TryReadListenOptions(LambdaExpressionSyntax lambda, ref EndpointProtocols protocols)
    {
        foreach (var descendant in lambda.Body.DescendantNodesAndSelf())
        {
            switch (descendant)
            {
                case AnonymousFunctionExpressionSyntax:
                    return false;
                case InvocationExpressionSyntax { Expression: var callee } when Infrastructure.SyntaxNames.Last(callee) == "UseHttps":
                    return false;
                case AssignmentExpressionSyntax { Left: var left, Right: var right } assignment when Infrastructure.SyntaxNames.Last(left) == "Protocols":
                    if (!assignment.IsKind(SyntaxKind.SimpleAssignmentExpression)
                        || right is not MemberAccessExpressionSyntax { Expression: var enumType, Name.Identifier.ValueText: var member }
                        || Infrastructure.SyntaxNames.Last(enumType) != "HttpProtocols"
                        || HttpProtocolsValue(member) is not { } value)
                    {
                        return false;
                    }

                    protocols = ListeningEndpointReader.ProtocolsOf(new Optional<object?>(value));
                    break;
            }
        }

        return true;
    }

    /// <summary>Kestrel's <c>HttpProtocols</c> members (Microsoft.AspNetCore.Server.Kestrel.Core.HttpProtocols).</summary>
    private static int? HttpProtocolsValue(string member) => member switch
    {
        "None" => 0,
        "Http1" => 1,
        "Http2" => 2,
        "Http1AndHttp2" => 3,
        "Http3" => 4,
        "Http1AndHttp2AndHttp3" => 7,
        _ => null,
    };

    private static bool TryReadUrls(SeparatedSyntaxList<ArgumentSyntax> arguments, ref EquatableArray<InferredPort> ports)
    {
        var builder = ImmutableArray.CreateBuilder<InferredPort>();
        foreach (var argument in arguments)
        {
            if (StringLiteral(argument.Expression) is not { } text)
            {
                return false;
            }

            foreach (var (url, error) in ListenUrl.ParseList(text))
            {
                if (error is null && InferredPort.From(url.Port, url.HostKind, url.Tls, EndpointProtocols.Default, grpcMapped: false) is { } port)
                {
                    builder.Add(port);
                }
            }
        }

        ports = new EquatableArray<InferredPort>(builder.ToImmutable());
        return true;
    }

    private static bool TryReadTcpListener(SeparatedSyntaxList<ArgumentSyntax> arguments, ref EquatableArray<InferredPort> ports)
    {
        if (HasNamedOrRefArgument(arguments))
        {
            return false;
        }

        if (arguments.Count == 2 && Address(arguments[0].Expression) is { } kind && IntLiteral(arguments[1].Expression) is { } port)
        {
            ports = Single(InferredPort.From(port, kind, tls: false, EndpointProtocols.Tcp, grpcMapped: false));
            return true;
        }

        if (arguments.Count == 1 && IntLiteral(arguments[0].Expression) is { } anyPort)
        {
            // The obsolete TcpListener(int port) binds IPAddress.Any.
            ports = Single(InferredPort.From(anyPort, HostKind.AnyIP, tls: false, EndpointProtocols.Tcp, grpcMapped: false));
            return true;
        }

        return false;
    }

    /// <summary><c>IPAddress.Any</c>, <c>System.Net.IPAddress.Loopback</c> and the IPv6 pair; null for anything else.</summary>
    private static HostKind? Address(ExpressionSyntax expression)
        => expression is MemberAccessExpressionSyntax { Expression: var type, Name.Identifier.ValueText: var field }
            && Infrastructure.SyntaxNames.Last(type) == "IPAddress"
                ? field switch
                {
                    "Loopback" or "IPv6Loopback" => HostKind.Loopback,
                    "Any" or "IPv6Any" => HostKind.AnyIP,
                    _ => null,
                }
                : null;

    private static int? IntLiteral(ExpressionSyntax expression)
        => expression is LiteralExpressionSyntax { Token.Value: int value } literal && literal.IsKind(SyntaxKind.NumericLiteralExpression) ? value : null;

    private static string? StringLiteral(ExpressionSyntax expression)
        => expression is LiteralExpressionSyntax literal && literal.IsKind(SyntaxKind.StringLiteralExpression) ? literal.Token.ValueText : null;

    private static bool IsEndpointSetting(string? key)
        => key is not null
            && (string.Equals(key, "urls", StringComparison.OrdinalIgnoreCase)
                || string.Equals(key, "http_ports", StringComparison.OrdinalIgnoreCase)
                || string.Equals(key, "https_ports", StringComparison.OrdinalIgnoreCase));

    private static string? StripEnvironmentPrefix(string name)
        => name.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase) ? name.Substring("ASPNETCORE_".Length)
            : name.StartsWith("DOTNET_", StringComparison.OrdinalIgnoreCase) ? name.Substring("DOTNET_".Length)
            : null;

    private static bool HasNamedOrRefArgument(SeparatedSyntaxList<ArgumentSyntax> arguments)
    {
        foreach (var argument in arguments)
        {
            if (argument.NameColon is not null || !argument.RefKindKeyword.IsKind(SyntaxKind.None))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Under an <c>if</c> or <c>?:</c> whose condition names an environment check: the semantic reader decides whether
    /// only Development runs it (<see cref="Infrastructure.DevelopmentOnlyCode"/>).
    /// </summary>
    private static bool MayBeDevelopmentOnly(SyntaxNode node)
    {
        for (var current = node.Parent; current is not null; current = current.Parent)
        {
            var condition = current switch
            {
                IfStatementSyntax statement => statement.Condition,
                ConditionalExpressionSyntax conditional => conditional.Condition,
                _ => null,
            };
            if (condition is not null)
            {
                var text = condition.ToString();
                if (text.Contains("IsDevelopment") || text.Contains("IsEnvironment"))
                {
                    return true;
                }
            }

            if (current is MemberDeclarationSyntax or CompilationUnitSyntax)
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>Whether the file's text names <c>IPEndPoint</c>, remembered per tree (a tree never changes; an edit makes a new one).</summary>
    private static bool MentionsIPEndPoint(SyntaxTree tree)
        => IPEndPointMentions.GetValue(tree, static t => new StrongBox<bool>(t.GetText().ToString().Contains("IPEndPoint"))).Value;

    private static readonly ConditionalWeakTable<SyntaxTree, StrongBox<bool>> IPEndPointMentions = new();

    private static EquatableArray<InferredPort> Single(InferredPort? port)
        => port is null ? EquatableArray<InferredPort>.Empty : new EquatableArray<InferredPort>(ImmutableArray.Create(port));
}
