using System;
using Microsoft.CodeAnalysis;

namespace MeshReady.Analyzers.Addressing.Destinations;

/// <summary>What kind of host a call is addressed to.</summary>
internal enum DestinationHostKind
{
    /// <summary>Computed at run time.</summary>
    Unknown,

    /// <summary><c>localhost</c>, <c>127.0.0.0/8</c>, <c>::1</c>: this pod, never through the sidecar.</summary>
    Loopback,

    /// <summary><c>0.0.0.0</c>, <c>::</c>: a bind address, not a destination.</summary>
    Unspecified,

    /// <summary>A literal IP address.</summary>
    IPAddress,

    /// <summary>A DNS name (<c>orders</c>, <c>orders.shop.svc</c>, <c>api.example.com</c>).</summary>
    Name,
}

/// <summary>How the destination is written.</summary>
internal enum DestinationForm
{
    /// <summary>An absolute URL: <c>new Uri</c>, <c>HttpClient</c> request URIs, <c>GrpcChannel.ForAddress</c>.</summary>
    Url,

    /// <summary>A host (or <c>IPAddress</c>/<c>IPEndPoint</c>) and a port given to a socket client.</summary>
    HostAndPort,

    /// <summary>A connection string (<c>Server=</c>, <c>Host=</c>, <c>Data Source=</c>, Redis <c>host:port</c>, <c>mongodb://</c>).</summary>
    ConnectionString,
}

/// <summary>One place the code sends traffic to, as plain values.</summary>
internal sealed class Destination : IEquatable<Destination>
{
    public Destination(string origin, DestinationForm form, string? scheme, string? host, DestinationHostKind hostKind, int? port, SyntaxNode syntax)
    {
        Origin = origin;
        Form = form;
        Scheme = scheme;
        Host = host;
        HostKind = hostKind;
        Port = port;
        Syntax = syntax;
    }

    /// <summary>The API, for messages: <c>new Uri</c>, <c>HttpClient.GetAsync</c>, <c>GrpcChannel.ForAddress</c>, <c>TcpClient.ConnectAsync</c>.</summary>
    public string Origin { get; }

    public DestinationForm Form { get; }

    /// <summary>The URL scheme in lower case, or null for host/port and most connection strings.</summary>
    public string? Scheme { get; }

    public string? Host { get; }

    public DestinationHostKind HostKind { get; }

    public int? Port { get; }

    /// <summary>The expression that holds the address (the URL string, the host argument, the connection string).</summary>
    public SyntaxNode Syntax { get; }

    /// <summary>
    /// Where to report: made only for a finding. Rules read every call's destinations, and a line/column span for each
    /// (what the destination held before) computed the line table of every file with a URL or connection string in it.
    /// </summary>
    public Location Location => Syntax.GetLocation();

    public bool Equals(Destination? other)
        => other is not null && Origin == other.Origin && Form == other.Form && Scheme == other.Scheme && Host == other.Host
            && HostKind == other.HostKind && Port == other.Port && Syntax.SyntaxTree == other.Syntax.SyntaxTree && Syntax.Span == other.Syntax.Span;

    public override bool Equals(object? obj) => Equals(obj as Destination);

    public override int GetHashCode() => (Host?.GetHashCode() ?? 0) ^ (Port ?? 0) ^ Syntax.Span.GetHashCode();
}
