using System;
using System.Globalization;
using MeshReady.Analyzers.Infrastructure;

namespace MeshReady.Analyzers.Listening.Endpoints;

/// <summary>
/// One address the service listens on, as the code or its configuration declares it. Plain values only
/// (no symbols, syntax or locations), so the source generator can cache it and the analyzers can share it.
/// </summary>
internal sealed class ListeningEndpoint : IEquatable<ListeningEndpoint>
{
    public ListeningEndpoint(
        EndpointSource source,
        string origin,
        HostKind hostKind,
        string? host,
        int? port,
        string scheme,
        bool tls,
        EndpointProtocols protocols,
        FileSpan addressSpan,
        FileSpan portSpan,
        FileSpan? protocolsSpan = null,
        FileSpan? tlsSpan = null,
        bool? grpcMapped = null)
    {
        Source = source;
        Origin = origin;
        HostKind = hostKind;
        Host = host;
        Port = port;
        Scheme = scheme;
        Tls = tls;
        Protocols = protocols;
        AddressSpan = addressSpan;
        PortSpan = portSpan;
        ProtocolsSpan = protocolsSpan;
        TlsSpan = tlsSpan;
        GrpcMapped = grpcMapped;
    }

    public EndpointSource Source { get; }

    /// <summary>What declared it, for messages: <c>ListenLocalhost</c>, <c>UseUrls</c>, <c>Kestrel:Endpoints:Api:Url</c>, <c>ENV ASPNETCORE_URLS</c>.</summary>
    public string Origin { get; }

    public HostKind HostKind { get; }

    /// <summary>The host as written (<c>localhost</c>, <c>+</c>, <c>10.0.0.5</c>, <c>IPAddress.Loopback</c>), or null when unknown.</summary>
    public string? Host { get; }

    /// <summary>The port, or null when it is computed at run time.</summary>
    public int? Port { get; }

    /// <summary><c>http</c>, <c>https</c> or <c>tcp</c> (raw socket servers).</summary>
    public string Scheme { get; }

    /// <summary>The service terminates TLS on this endpoint (<c>https://</c>, <c>UseHttps</c>).</summary>
    public bool Tls { get; }

    public EndpointProtocols Protocols { get; }

    /// <summary>Where the address is written (a URL string, <c>IPAddress.Loopback</c>, the <c>ListenLocalhost</c> name, a JSON value, a Dockerfile value).</summary>
    public FileSpan AddressSpan { get; }

    /// <summary>Where the port is written (the port argument, the URL, the JSON value, the Dockerfile value).</summary>
    public FileSpan PortSpan { get; }

    /// <summary>Where the protocols are set, when they are.</summary>
    public FileSpan? ProtocolsSpan { get; }

    /// <summary>Where TLS is switched on (<c>UseHttps</c> call or <c>https://</c> URL), when it is.</summary>
    public FileSpan? TlsSpan { get; }

    /// <summary>
    /// A Dockerfile <c>EXPOSE</c>: a port the image documents, not a Kestrel endpoint. Kestrel still listens where
    /// <c>ASPNETCORE_HTTP_PORTS</c> (the image's 8080) or the configuration says, with the endpoint defaults.
    /// </summary>
    public bool ExposeOnly => Source == EndpointSource.Dockerfile && Origin == DockerfileEndpointReader.ExposeOrigin;

    /// <summary>Whether the application maps gRPC services, when the caller knows (null: not computed).</summary>
    public bool? GrpcMapped { get; }

    public ListeningEndpoint WithGrpcMapped(bool mapped)
        => new(Source, Origin, HostKind, Host, Port, Scheme, Tls, Protocols, AddressSpan, PortSpan, ProtocolsSpan, TlsSpan, mapped);

    public ListeningEndpoint WithProtocols(EndpointProtocols protocols, FileSpan? span)
        => new(Source, Origin, HostKind, Host, Port, Scheme, Tls, protocols, AddressSpan, PortSpan, span, TlsSpan, GrpcMapped);

    /// <summary>The endpoint as a reader would write it: <c>http://localhost:5000 (UseUrls)</c>.</summary>
    public string Display
        => Scheme + "://" + (Host ?? "?") + ":" + (Port?.ToString(CultureInfo.InvariantCulture) ?? "?");

    public bool Equals(ListeningEndpoint? other)
        => other is not null
            && Source == other.Source
            && Origin == other.Origin
            && HostKind == other.HostKind
            && Host == other.Host
            && Port == other.Port
            && Scheme == other.Scheme
            && Tls == other.Tls
            && Protocols == other.Protocols
            && AddressSpan.Equals(other.AddressSpan)
            && PortSpan.Equals(other.PortSpan)
            && Nullable.Equals(ProtocolsSpan, other.ProtocolsSpan)
            && Nullable.Equals(TlsSpan, other.TlsSpan)
            && GrpcMapped == other.GrpcMapped;

    public override bool Equals(object? obj) => Equals(obj as ListeningEndpoint);

    public override int GetHashCode()
    {
        unchecked
        {
            var hash = (int)Source;
            hash = (hash * 397) ^ (int)HostKind;
            hash = (hash * 397) ^ (Port ?? -1);
            hash = (hash * 397) ^ (int)Protocols;
            hash = (hash * 397) ^ (Tls ? 1 : 0);
            hash = (hash * 397) ^ AddressSpan.GetHashCode();
            return hash;
        }
    }

    public override string ToString() => Display + " (" + Origin + ")";
}
