using System.Threading.Tasks;
using MeshReady.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = MeshReady.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MeshReady.Analyzers.Addressing.GrpcClientLoadBalancingAnalyzer>;

namespace MeshReady.Analyzers.Tests.Addressing;

public class GrpcClientLoadBalancingAnalyzerTests
{
    // Grpc.Net.Client's own dependency must be listed: the test feed lacks the lowest version it asks for.
    private static readonly ReferenceAssemblies GrpcClient = TestReferences.WithPackages(("Grpc.Net.Client", "2.65.0"), ("Microsoft.Extensions.Logging.Abstractions", "8.0.0"));

    private static DiagnosticResult Info(int markup) => new DiagnosticResult("MESH022", DiagnosticSeverity.Info).WithLocation(markup);

    private static Task VerifyAsync(string source, params DiagnosticResult[] expected)
        => Verify.VerifyAsync(source, null, GrpcClient, expected);

    // ---- Positive ----

    [Fact]
    public Task DnsAddressWithRoundRobin()
        => VerifyAsync("""
            using Grpc.Net.Client;
            using Grpc.Net.Client.Configuration;
            using Grpc.Core;

            public static class Channels
            {
                public static GrpcChannel Catalog() => GrpcChannel.ForAddress({|#0:"dns:///catalog-headless:5000"|}, new GrpcChannelOptions
                {
                    Credentials = ChannelCredentials.Insecure,
                    ServiceConfig = new ServiceConfig { LoadBalancingConfigs = { {|#1:new RoundRobinConfig()|} } },
                });
            }
            """, Info(0), Info(1));

    [Fact]
    public Task DnsAddressAlone()
        => VerifyAsync("""
            using Grpc.Net.Client;

            public static class Channels
            {
                public static GrpcChannel Orders() => GrpcChannel.ForAddress({|#0:"dns:///orders.shop.svc.cluster.local:5001"|});
            }
            """, Info(0));

    [Fact]
    public Task DnsAddressThroughAConstant()
        => VerifyAsync("""
            using Grpc.Net.Client;

            public static class Channels
            {
                private const string Address = "dns:///inventory-grpc:8081";

                public static GrpcChannel Inventory() => GrpcChannel.ForAddress({|#0:Address|});
            }
            """, Info(0));

    [Fact]
    public Task DnsUriForAGrpcClientFactory()
        => VerifyAsync("""
            using System;

            public static class Addresses
            {
                public static Uri Pricing { get; } = new Uri({|#0:"dns:///pricing:5000"|});
            }
            """, Info(0));

    [Fact]
    public Task NamedLoadBalancingPolicy()
        => VerifyAsync("""
            using Grpc.Net.Client.Configuration;

            public static class Policies
            {
                public static ServiceConfig Balanced() => new() { LoadBalancingConfigs = { {|#0:new LoadBalancingConfig("round_robin")|} } };
            }
            """, Info(0));

    [Fact]
    public Task StaticResolverOverPodAddresses()
        => VerifyAsync("""
            using System.Net;
            using Grpc.Net.Client.Balancer;

            public static class Resolvers
            {
                public static ResolverFactory Pods() => {|#0:new StaticResolverFactory(_ => new[]
                {
                    new BalancerAddress("10.1.0.4", 5000),
                    new BalancerAddress("10.1.0.5", 5000),
                })|};
            }
            """, Info(0));

    [Fact]
    public Task StaticScheme()
        => VerifyAsync("""
            using Grpc.Net.Client;

            public static class Channels
            {
                public static GrpcChannel Pods() => GrpcChannel.ForAddress({|#0:"static:///catalog"|});
            }
            """, Info(0));

    [Fact]
    public Task RoundRobinInAServiceConfigLocal()
        => VerifyAsync("""
            using Grpc.Net.Client;
            using Grpc.Net.Client.Configuration;

            public static class Channels
            {
                public static GrpcChannel Catalog()
                {
                    var config = new ServiceConfig();
                    config.LoadBalancingConfigs.Add({|#0:new RoundRobinConfig()|});
                    return GrpcChannel.ForAddress("http://catalog:5000", new GrpcChannelOptions { ServiceConfig = config });
                }
            }
            """, Info(0));

    // ---- Negative ----

    [Fact]
    public Task TheGrpcClientLibraryItselfIsNotItsUser()
        => Verify.VerifyAsync("""
            namespace Grpc.Net.Client
            {
                public sealed class GrpcChannel { }
            }

            namespace Grpc.Net.Client.Configuration
            {
                public class LoadBalancingConfig { public LoadBalancingConfig(string name) { } }

                public sealed class RoundRobinConfig : LoadBalancingConfig { public RoundRobinConfig() : base("round_robin") { } }

                internal static class ServiceConfigReader
                {
                    // The library turns a service config's "round_robin" entry into its type.
                    public static LoadBalancingConfig Read(string name) => name == "round_robin" ? new RoundRobinConfig() : new LoadBalancingConfig(name);
                }
            }
            """, null, TestReferences.Net80);

    [Fact]
    public Task ServiceNameOverHttpIsTheMeshPattern()
        => VerifyAsync("""
            using Grpc.Net.Client;

            public static class Channels
            {
                public static GrpcChannel Catalog() => GrpcChannel.ForAddress("http://catalog:5000");

                public static GrpcChannel Orders() => GrpcChannel.ForAddress("http://orders.shop.svc.cluster.local:5001");
            }
            """);

    [Fact]
    public Task PickFirstIsNotBalancing()
        => VerifyAsync("""
            using Grpc.Net.Client.Configuration;

            public static class Policies
            {
                public static ServiceConfig Default() => new() { LoadBalancingConfigs = { new PickFirstConfig(), new LoadBalancingConfig("pick_first") } };
            }
            """);

    [Fact]
    public Task RetryPoliciesInServiceConfigAreAnotherRule()
        => VerifyAsync("""
            using System;
            using Grpc.Core;
            using Grpc.Net.Client.Configuration;

            public static class Policies
            {
                public static ServiceConfig Retries() => new()
                {
                    MethodConfigs =
                    {
                        new MethodConfig
                        {
                            Names = { MethodName.Default },
                            RetryPolicy = new RetryPolicy { MaxAttempts = 3, InitialBackoff = TimeSpan.FromSeconds(1), MaxBackoff = TimeSpan.FromSeconds(5), BackoffMultiplier = 1.5, RetryableStatusCodes = { StatusCode.Unavailable } },
                        },
                    },
                };
            }
            """);

    [Fact]
    public Task DnsWordsInOtherStrings()
        => VerifyAsync("""
            using System;

            public static class Docs
            {
                public const string Hint = "dns:///name enables client-side balancing";

                public static Uri Wiki { get; } = new Uri("https://wiki.example.com/dns");
            }
            """);

    [Fact]
    public Task AddressesFromConfigurationAreUnknown()
        => VerifyAsync("""
            using System;
            using Grpc.Net.Client;

            public static class Channels
            {
                public static GrpcChannel FromEnvironment() => GrpcChannel.ForAddress(Environment.GetEnvironmentVariable("CATALOG_URL")!);
            }
            """);

    [Fact]
    public Task AmbientDataPlaneIsSilent()
        => Verify.VerifyAsync("""
            using Grpc.Net.Client;

            public static class Channels
            {
                public static GrpcChannel Catalog() => GrpcChannel.ForAddress("dns:///catalog-headless:5000");
            }
            """, "meshready.data_plane = ambient", GrpcClient);

    [Fact]
    public Task WithoutGrpcNothingIsRegistered()
        => Verify.VerifyAsync("""
            using System;

            public static class Addresses
            {
                public static Uri Pricing { get; } = new Uri("dns:///pricing:5000");
            }
            """);

    [Fact]
    public Task UriWithoutAResolverScheme()
        => VerifyAsync("""
            using System;

            public static class Addresses
            {
                public static Uri Pricing { get; } = new Uri("http://pricing:5000");

                public static Uri Relative { get; } = new Uri("/dns", UriKind.Relative);
            }
            """);

    [Fact]
    public Task HalfTypedCodeDoesNotCrash()
        => VerifyAsync("""
            using Grpc.Net.Client;
            using Grpc.Net.Client.Configuration;

            public static class Channels
            {
                public static GrpcChannel A() => GrpcChannel.ForAddress({|CS0103:address|});

                public static object B() => new LoadBalancingConfig({|CS1503:42|});
            }
            """);
}
