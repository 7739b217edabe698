using System.Threading.Tasks;
using MeshReady.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = MeshReady.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MeshReady.Analyzers.Addressing.PodIpDestinationAnalyzer>;

namespace MeshReady.Analyzers.Tests.Addressing;

public class PodIpDestinationAnalyzerTests
{
    // Minimal stand-ins for KubernetesClient's k8s.Models types, with the real namespace, names and property
    // types: the analyzer matches by metadata name, and restoring KubernetesClient (and its dependency graph)
    // from the served feed was not attempted under the deadline.
    private const string KubernetesModels = """

        namespace k8s.Models
        {
            using System.Collections.Generic;

            public class V1ObjectMeta { public string Name { get; set; } }
            public class V1Pod { public V1ObjectMeta Metadata { get; set; } public V1PodStatus Status { get; set; } }
            public class V1PodList { public IList<V1Pod> Items { get; set; } }
            public class V1PodStatus { public string Phase { get; set; } public string PodIP { get; set; } public IList<V1PodIP> PodIPs { get; set; } }
            public class V1PodIP { public string Ip { get; set; } }
            public class V1Endpoints { public IList<V1EndpointSubset> Subsets { get; set; } }
            public class V1EndpointSubset { public IList<V1EndpointAddress> Addresses { get; set; } }
            public class V1EndpointAddress { public string Ip { get; set; } }
            public class V1EndpointSlice { public IList<V1Endpoint> Endpoints { get; set; } }
            public class V1Endpoint { public IList<string> Addresses { get; set; } }
        }

        namespace k8s
        {
            using System.Threading.Tasks;
            using k8s.Models;

            public interface IKubernetes
            {
                Task<V1PodList> ListNamespacedPodAsync(string namespaceParameter, string labelSelector = null);
                Task<V1Pod> ReadNamespacedPodAsync(string name, string namespaceParameter);
                Task<V1Endpoints> ReadNamespacedEndpointsAsync(string name, string namespaceParameter);
                Task<V1EndpointSlice> ReadNamespacedEndpointSliceAsync(string name, string namespaceParameter);
            }
        }
        """;

    private static DiagnosticResult Info(int markup) => new DiagnosticResult("MESH021", DiagnosticSeverity.Info).WithLocation(markup);

    private static Task VerifyAsync(string source, params DiagnosticResult[] expected)
        => Verify.VerifyAsync(source + KubernetesModels, expected);

    // ---- Positive ----

    [Fact]
    public Task ControllerCallsEveryReplica()
        => VerifyAsync("""
            using System.Net.Http;
            using System.Threading.Tasks;
            using k8s;

            public sealed class CacheInvalidator(IKubernetes kubernetes, HttpClient http)
            {
                public async Task InvalidateAllAsync(string key)
                {
                    var pods = await kubernetes.ListNamespacedPodAsync("shop", "app=catalog");
                    foreach (var pod in pods.Items)
                    {
                        await http.PostAsync({|#0:$"http://{pod.Status.PodIP}:8080/cache/{key}"|}, null);
                    }
                }
            }
            """, Info(0));

    [Fact]
    public Task ShardingClientPicksAnEndpointsAddress()
        => VerifyAsync("""
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;
            using k8s;

            public sealed class ShardClient(IKubernetes kubernetes)
            {
                public async Task<HttpClient> ForShardAsync(int shard)
                {
                    var endpoints = await kubernetes.ReadNamespacedEndpointsAsync("ledger", "finance");
                    var addresses = endpoints.Subsets[0].Addresses;
                    var address = addresses[shard % addresses.Count].Ip;
                    var baseUrl = "http://" + address + ":9000/";
                    return new HttpClient { BaseAddress = new Uri({|#0:baseUrl|}) };
                }
            }
            """, Info(0));

    [Fact]
    public Task WarmUpHitsEachPodOfAnEndpointSlice()
        => VerifyAsync("""
            using System.Net.Http;
            using System.Threading.Tasks;
            using k8s;

            public sealed class WarmUp(IKubernetes kubernetes, IHttpClientFactory factory)
            {
                public async Task RunAsync()
                {
                    var slice = await kubernetes.ReadNamespacedEndpointSliceAsync("search-abc12", "search");
                    var http = factory.CreateClient();
                    foreach (var endpoint in slice.Endpoints)
                    {
                        foreach (var ip in endpoint.Addresses)
                        {
                            await http.GetAsync({|#0:$"http://{ip}:8080/warmup"|});
                        }
                    }
                }
            }
            """, Info(0));

    [Fact]
    public Task ActorClusterSeedListFromPods()
        => VerifyAsync("""
            using System.Collections.Generic;
            using System.Net;
            using System.Threading.Tasks;
            using k8s;

            public static class ClusterSeeds
            {
                public static async Task<List<IPEndPoint>> DiscoverAsync(IKubernetes kubernetes)
                {
                    var seeds = new List<IPEndPoint>();
                    var pods = await kubernetes.ListNamespacedPodAsync("actors", "app=silo");
                    foreach (var pod in pods.Items)
                    {
                        if (pod.Status.Phase == "Running")
                        {
                            seeds.Add(new IPEndPoint({|#0:IPAddress.Parse(pod.Status.PodIP)|}, 11111));
                        }
                    }

                    return seeds;
                }
            }
            """, Info(0));

    [Fact]
    public Task HeadlessServiceLookupThenTcpConnect()
        => VerifyAsync("""
            using System.Net;
            using System.Net.Sockets;

            public static class Replicas
            {
                public static void PingAll()
                {
                    foreach (var address in Dns.GetHostAddresses("orders-headless"))
                    {
                        using var client = new TcpClient();
                        client.Connect({|#0:address|}, 9000);
                    }
                }
            }
            """, Info(0));

    [Fact]
    public Task AsyncLookupThenSocketConnectToAnEndPoint()
        => VerifyAsync("""
            using System.Net;
            using System.Net.Sockets;
            using System.Threading.Tasks;

            public static class CacheConnection
            {
                public static async Task<Socket> OpenAsync()
                {
                    var addresses = await Dns.GetHostAddressesAsync("redis-headless.data.svc.cluster.local");
                    var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    await socket.ConnectAsync({|#0:new IPEndPoint(addresses[0], 6379)|});
                    return socket;
                }
            }
            """, Info(0));

    [Fact]
    public Task HostEntryAddressGivenToTcpClient()
        => VerifyAsync("""
            using System.Net;
            using System.Net.Sockets;

            public static class Ledger
            {
                public static TcpClient Open()
                {
                    var entry = Dns.GetHostEntry("ledger.finance");
                    var first = entry.AddressList[0].ToString();
                    return new TcpClient({|#0:first|}, 7000);
                }
            }
            """, Info(0));

    [Fact]
    public Task DualStackPodIPsInAUri()
        => VerifyAsync("""
            using System;
            using k8s.Models;

            public static class PodUrls
            {
                public static Uri Metrics(V1Pod pod) => new Uri({|#0:$"http://[{pod.Status.PodIPs[1].Ip}]:9090/metrics"|});
            }
            """, Info(0));

    [Fact]
    public Task UrlsBuiltInALinqProjection()
        => VerifyAsync("""
            using System.Linq;
            using System.Net.Http;
            using System.Threading.Tasks;
            using k8s;

            public sealed class Broadcaster(IKubernetes kubernetes, HttpClient http)
            {
                public async Task ReloadAsync()
                {
                    var pods = await kubernetes.ListNamespacedPodAsync("shop", "app=pricing");
                    var urls = pods.Items.Select(p => $"http://{p.Status.PodIP}:8080/reload");
                    foreach (var url in urls)
                    {
                        await http.PostAsync({|#0:url|}, null);
                    }
                }
            }
            """, Info(0));

    [Fact]
    public Task TopLevelStatementsConnectToAPod()
        => VerifyAsync("""
            using System.Net.Sockets;
            using k8s;

            IKubernetes kubernetes = null!;
            var pod = await kubernetes.ReadNamespacedPodAsync("gossip-0", "mesh");
            using var client = new TcpClient();
            await client.ConnectAsync({|#0:pod.Status.PodIP|}, 7946);
            """, Info(0));

    // ---- Negative ----

    [Fact]
    public Task PodIPsOnlyLogged()
        => VerifyAsync("""
            using System;
            using System.Threading.Tasks;
            using k8s;

            public sealed class PodReporter(IKubernetes kubernetes)
            {
                public async Task ReportAsync()
                {
                    var pods = await kubernetes.ListNamespacedPodAsync("shop");
                    foreach (var pod in pods.Items)
                    {
                        Console.WriteLine($"{pod.Metadata.Name} at http://{pod.Status.PodIP}:8080 is {pod.Status.Phase}");
                    }
                }
            }
            """);

    [Fact]
    public Task PodIPsComparedThenTheServiceNameIsCalled()
        => VerifyAsync("""
            using System;
            using System.Linq;
            using System.Net.Http;
            using System.Threading.Tasks;
            using k8s;

            public sealed class LeaderCheck(IKubernetes kubernetes, HttpClient http)
            {
                public async Task<bool> IsLeaderAsync()
                {
                    var myIp = Environment.GetEnvironmentVariable("POD_IP");
                    var pods = await kubernetes.ListNamespacedPodAsync("shop", "app=scheduler");
                    var leader = pods.Items.OrderBy(p => p.Metadata.Name).First();
                    if (leader.Status.PodIP != myIp)
                    {
                        return false;
                    }

                    await http.PostAsync("http://scheduler.shop:8080/leader", null);
                    return true;
                }
            }
            """);

    [Fact]
    public Task OwnPodIPUsedForBindAndListen()
        => VerifyAsync("""
            using System;
            using System.Net;
            using System.Net.Sockets;
            using System.Threading.Tasks;
            using k8s;

            public sealed class GossipListener(IKubernetes kubernetes)
            {
                public async Task<Socket> StartAsync()
                {
                    var listener = new TcpListener(IPAddress.Parse(Environment.GetEnvironmentVariable("POD_IP")), 9000);
                    listener.Start();
                    var me = await kubernetes.ReadNamespacedPodAsync(Environment.MachineName, "mesh");
                    var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                    socket.Bind(new IPEndPoint(IPAddress.Parse(me.Status.PodIP), 7946));
                    return socket;
                }
            }
            """);

    [Fact]
    public Task KubernetesApiServerAddress()
        => VerifyAsync("""
            using System;
            using System.Net.Http;

            public static class ApiServer
            {
                public static HttpClient Create() => new HttpClient
                {
                    BaseAddress = new Uri($"https://{Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST")}:{Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_PORT")}"),
                };
            }
            """);

    [Fact]
    public Task ExternalHostLookups()
        => VerifyAsync("""
            using System;
            using System.Net;
            using System.Net.Sockets;

            public static class Diagnostics
            {
                public static void Log()
                {
                    foreach (var address in Dns.GetHostAddresses("api.stripe.com"))
                    {
                        Console.WriteLine($"stripe resolves to {address}");
                    }
                }

                public static TcpClient Smtp() => new TcpClient(Dns.GetHostAddresses("smtp.example.com")[0].ToString(), 25);
            }
            """);

    [Fact]
    public Task ComputedHostNamesAreNotGuessed()
        => VerifyAsync("""
            using System.Net;
            using System.Net.Sockets;

            public static class Peers
            {
                public static void Connect(string host)
                {
                    var addresses = Dns.GetHostAddresses(host);
                    using var client = new TcpClient();
                    client.Connect(addresses[0], 9000);
                }
            }
            """);

    [Fact]
    public Task ListsPodsButCallsTheService()
        => VerifyAsync("""
            using System.Net.Http;
            using System.Threading.Tasks;
            using k8s;

            public sealed class Rollout(IKubernetes kubernetes, HttpClient http)
            {
                public async Task<int> ReadyAsync(string service, string ns)
                {
                    var pods = await kubernetes.ListNamespacedPodAsync(ns, "app=" + service);
                    var ready = 0;
                    foreach (var pod in pods.Items)
                    {
                        if (pod.Status.Phase == "Running" && pod.Status.PodIP is not null)
                        {
                            ready++;
                        }
                    }

                    await http.GetAsync($"http://{service}.{ns}:8080/healthz");
                    return ready;
                }
            }
            """);

    [Fact]
    public Task SeedListFromConfigurationAndOwnHostEntry()
        => VerifyAsync("""
            using System;
            using System.Collections.Generic;
            using System.Net;

            public static class Seeds
            {
                public static List<IPEndPoint> Read(string seed)
                {
                    var own = Dns.GetHostEntry(Environment.MachineName).AddressList[0];
                    return new List<IPEndPoint>
                    {
                        new IPEndPoint(IPAddress.Parse(seed), 4053),
                        new IPEndPoint(own, 4053),
                    };
                }
            }
            """);

    [Fact]
    public Task PodIPsCollectedAsScrapeTargetsNotDialled()
        => VerifyAsync("""
            using System.Collections.Generic;
            using k8s.Models;

            public static class Targets
            {
                public static List<string> Of(V1PodList pods)
                {
                    var targets = new List<string>();
                    foreach (var pod in pods.Items)
                    {
                        targets.Add(pod.Status.PodIP + ":9090");
                    }

                    return targets;
                }
            }
            """);

    [Fact]
    public async Task TestProjectsAreSilent()
    {
        var test = Verify.Create();
        test.TestCode = """
            using System;
            using k8s.Models;

            public static class PodUrls
            {
                public static Uri Of(V1Pod pod) => new Uri($"http://{pod.Status.PodIP}:8080");
            }
            """ + KubernetesModels;
        test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\nbuild_property.IsTestProject = true\n"));
        await test.RunAsync();
    }

    // ---- Broken code ----

    [Fact]
    public Task HalfTypedCodeDoesNotCrash()
        => VerifyAsync("""
            using System;
            using System.Net;
            using System.Net.Sockets;
            using k8s.Models;

            public static class Broken
            {
                public static Uri A(V1Pod pod) => new Uri($"http://{pod.Status.{|CS1001:|}}:8080");

                public static TcpClient B() => new TcpClient(Dns.GetHostAddresses({|CS0103:orders|})[0].ToString(), 80);

                public static void C(V1Pod pod) => new TcpClient().Connect(pod.Status.{|CS1061:PodIp|}, 80);
            }
            """);

    [Fact]
    public Task MissingKubernetesTypesDoNotCrash()
        => Verify.VerifyAsync("""
            using System;

            public static class Broken
            {
                public static Uri A({|CS0246:V1Pod|} pod) => new Uri($"http://{pod.Status.PodIP}:8080");
            }
            """);
}
