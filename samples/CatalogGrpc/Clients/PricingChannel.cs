using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Client.Configuration;

namespace CatalogGrpc.Clients;

/// <summary>
/// The channel to the pricing service. It was tuned before the mesh, when gRPC connections pinned one pod:
/// a headless Service and client-side round robin.
/// </summary>
public static class PricingChannel
{
    public static GrpcChannel Create() => GrpcChannel.ForAddress(
        "dns:///pricing-headless.pricing:5000", // expect: MESH022
        new GrpcChannelOptions
        {
            Credentials = ChannelCredentials.Insecure,
            ServiceConfig = new ServiceConfig
            {
                LoadBalancingConfigs = { new RoundRobinConfig() }, // expect: MESH022
            },
        });

    /// <summary>The mesh-friendly form, next to it: the Service name over plain HTTP. Not flagged.</summary>
    public static GrpcChannel CreateForMesh() => GrpcChannel.ForAddress("http://pricing.pricing:5000");
}
