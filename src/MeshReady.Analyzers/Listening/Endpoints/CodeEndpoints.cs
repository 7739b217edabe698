using System.Collections.Concurrent;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MeshReady.Analyzers.Listening.Endpoints;

/// <summary>
/// The HTTP endpoints and endpoint defaults the code declares, gathered across a compilation by the rules that judge
/// them together at compilation end (MESH003, MESH006). Safe to fill from concurrent operation callbacks.
/// </summary>
internal sealed class CodeEndpoints
{
    /// <summary>Endpoints that speak HTTP (raw TCP listeners are left out), with the tree that declares them.</summary>
    public ConcurrentBag<(ListeningEndpoint Endpoint, SyntaxTree Tree)> Endpoints { get; } = new();

    /// <summary><c>ConfigureEndpointDefaults</c> calls: what they set, and where.</summary>
    public ConcurrentBag<(ListenOptionsSettings Settings, Location Location, SyntaxTree Tree)> Defaults { get; } = new();

    /// <summary>Adds what <paramref name="invocation"/> declares, if anything.</summary>
    public void Add(IInvocationOperation invocation, ListeningSymbols symbols, CancellationToken cancellationToken)
    {
        var tree = invocation.Syntax.SyntaxTree;
        if (ListeningEndpointReader.ReadEndpointDefaults(invocation, symbols, cancellationToken) is { } defaults)
        {
            Defaults.Add((defaults, invocation.Syntax.GetLocation(), tree));
            return;
        }

        foreach (var endpoint in ListeningEndpointReader.Read(invocation, symbols, cancellationToken))
        {
            if (endpoint.Protocols != EndpointProtocols.Tcp)
            {
                Endpoints.Add((endpoint, tree));
            }
        }
    }
}
