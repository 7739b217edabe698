using System;
using MeshReady.Analyzers.Listening;
using MeshReady.Analyzers.Listening.Endpoints;
using MeshReady.Analyzers.Mesh;

namespace MeshReady.Analyzers.Ports;

/// <summary>
/// A port found in the code or its configuration (the listening-endpoint model), reduced to what the port
/// metadata needs: number and protocol. No spans, so an unrelated edit leaves the generator's pipeline cached.
/// </summary>
internal sealed class InferredPort : IEquatable<InferredPort>
{
    public InferredPort(int port, int protocolValue)
    {
        Port = port;
        ProtocolValue = protocolValue;
    }

    public int Port { get; }

    public int ProtocolValue { get; }

    public MeshProtocol Protocol => MeshProtocols.All[ProtocolValue];

    /// <summary>
    /// The port a listener exposes to other pods, or null when it exposes none the metadata should name: a
    /// loopback bind (MESH001), an Istio-reserved port (MESH002), a port or protocol computed at run time.
    /// Kestrel without TLS serves HTTP/1.1 unless the endpoint is HTTP/2 only (grpc/grpc-dotnet#919); HTTP/2-only endpoints are
    /// gRPC when the application maps gRPC services.
    /// </summary>
    public static InferredPort? From(ListeningEndpoint endpoint, bool grpcMapped)
        => From(endpoint.Port, endpoint.HostKind, endpoint.Tls, endpoint.Protocols, grpcMapped || endpoint.GrpcMapped == true);

    /// <summary>The same reduction for a listener read from syntax alone (<see cref="SyntacticPorts"/>).</summary>
    public static InferredPort? From(int? endpointPort, HostKind hostKind, bool tls, EndpointProtocols protocols, bool grpcMapped)
    {
        if (endpointPort is not { } port || port < 1 || port > 65535
            || hostKind == HostKind.Loopback
            || ReservedPorts.IsReservedAnywhere(port))
        {
            return null;
        }

        string? protocol = protocols switch
        {
            _ when tls => "Https",
            EndpointProtocols.Tcp => "Tcp",
            EndpointProtocols.Http2 => grpcMapped ? "Grpc" : "Http2",
            EndpointProtocols.Http1 or EndpointProtocols.Default or EndpointProtocols.Http1AndHttp2 => "Http",
            _ => null,
        };
        if (protocol is null)
        {
            return null;
        }

        for (var i = 0; i < MeshProtocols.All.Length; i++)
        {
            if (MeshProtocols.All[i].Member == protocol)
            {
                return new InferredPort(port, i);
            }
        }

        return null;
    }

    /// <summary>An HTTP/2-only port of an application that maps gRPC services is a gRPC port.</summary>
    public InferredPort WithGrpcMapped() => Protocol.Member == "Http2" ? new InferredPort(Port, 2) : this;

    public bool Equals(InferredPort? other) => other is not null && Port == other.Port && ProtocolValue == other.ProtocolValue;

    public override bool Equals(object? obj) => Equals(obj as InferredPort);

    public override int GetHashCode() => (Port * 31) + ProtocolValue;
}
