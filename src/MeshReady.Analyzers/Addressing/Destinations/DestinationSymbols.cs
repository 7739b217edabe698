using MeshReady.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;

namespace MeshReady.Analyzers.Addressing.Destinations;

/// <summary>The client APIs that take a destination, resolved once per compilation.</summary>
internal sealed class DestinationSymbols
{
    private DestinationSymbols(KnownTypes types)
    {
        Uri = types.Get("System.Uri");
        GrpcChannel = types.Get("Grpc.Net.Client.GrpcChannel");
        TcpClient = types.Get("System.Net.Sockets.TcpClient");
        UdpClient = types.Get("System.Net.Sockets.UdpClient");
        Socket = types.Get("System.Net.Sockets.Socket");
        IPAddress = types.Get("System.Net.IPAddress");
        IPEndPoint = types.Get("System.Net.IPEndPoint");
        DnsEndPoint = types.Get("System.Net.DnsEndPoint");
        RedisConnectionMultiplexer = types.Get("StackExchange.Redis.ConnectionMultiplexer");
        RedisConfigurationOptions = types.Get("StackExchange.Redis.ConfigurationOptions");
    }

    public INamedTypeSymbol? Uri { get; }

    public INamedTypeSymbol? GrpcChannel { get; }

    public INamedTypeSymbol? TcpClient { get; }

    public INamedTypeSymbol? UdpClient { get; }

    public INamedTypeSymbol? Socket { get; }

    public INamedTypeSymbol? IPAddress { get; }

    public INamedTypeSymbol? IPEndPoint { get; }

    public INamedTypeSymbol? DnsEndPoint { get; }

    public INamedTypeSymbol? RedisConnectionMultiplexer { get; }

    public INamedTypeSymbol? RedisConfigurationOptions { get; }

    public static DestinationSymbols Create(KnownTypes types) => new(types);
}
