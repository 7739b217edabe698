using MeshReady.Analyzers.Infrastructure;
using MeshReady.Analyzers.Mesh;
using Xunit;

namespace MeshReady.Analyzers.Tests.Mesh;

/// <summary>The shared mesh facts (src/MeshReady.Analyzers/Mesh), checked against the Istio source they cite.</summary>
public sealed class MeshFactsTests
{
    [Theory]
    [InlineData(15000, "sidecar", "1.30", true)]
    [InlineData(15004, "sidecar", "1.24", true)] // PROXY_XDS_DEBUG_VIA_AGENT_PORT, 1.11.0-1.24.x
    [InlineData(15004, "sidecar", "1.25", false)] // removed by istio#54484
    [InlineData(15004, "sidecar", "1.10", false)]
    [InlineData(15009, "sidecar", "1.30", false)] // not bound by current releases
    [InlineData(15080, "sidecar", "1.30", false)] // ztunnel's SOCKS5, ambient only
    [InlineData(15080, "ambient", "1.30", true)]
    [InlineData(15000, "ambient", "1.30", false)] // no Envoy in an ambient pod
    [InlineData(15053, "ambient", "1.30", true)]
    [InlineData(15021, "native_sidecar", "1.30", true)]
    [InlineData(8080, "sidecar", "1.30", false)]
    [InlineData(15001, "none", "1.30", false)]
    public void Reserved_ports_depend_on_data_plane_and_release(int port, string plane, string release, bool reserved)
    {
        Assert.True(IstioRelease.TryParse(release, out var r));
        var dataPlane = MeshOptions.DataPlaneNames[plane];
        Assert.Equal(reserved, ReservedPorts.Find(port, dataPlane, r) is not null);
    }

    [Fact]
    public void Messages_say_whether_a_port_is_always_bound()
    {
        Assert.Equal("always bound", ReservedPorts.Find(15001, DataPlane.Sidecar, IstioRelease.Newest)!.Binding);
        Assert.StartsWith("bound only when", ReservedPorts.Find(15053, DataPlane.Sidecar, IstioRelease.Newest)!.Binding);
        Assert.StartsWith("bound on a sidecar only when", ReservedPorts.Find(15008, DataPlane.Sidecar, IstioRelease.Newest)!.Binding);
    }

    [Theory]
    [InlineData("http-orders", null, 8080, "http")]
    [InlineData("HTTP2", null, 8080, "http2")]
    [InlineData("grpc-web", null, 8080, "grpc-web")]
    [InlineData("grpc-webui", null, 8080, "grpc-web")] // Istio compares the first 8 characters only
    [InlineData("grpc-api", null, 8080, "grpc")]
    [InlineData("web", null, 8080, null)]
    [InlineData("web", null, 3306, "tcp")] // well-known port, keyed on the Service port
    [InlineData("http-web", "kubernetes.io/h2c", 8080, "http2")]
    [InlineData("http-web", "kubernetes.io/wss", 8080, "https")]
    [InlineData("http-web", "custom", 8080, null)] // a set appProtocol replaces the name: no fallback
    [InlineData("web", "grpc", 8080, "grpc")]
    [InlineData("web", "hbone", 15008, null)] // Parse does not know hbone
    public void Declared_protocol_follows_ConvertProtocol(string name, string? appProtocol, int servicePort, string? expected)
        => Assert.Equal(expected, MeshProtocols.Declared(name, appProtocol, servicePort)?.IstioName);

    [Fact]
    public void Udp_ports_are_udp_whatever_their_name()
        => Assert.Equal("udp", MeshProtocols.Declared("http-dns", null, 53, udp: true)?.IstioName);

    [Theory]
    [InlineData("localhost", true)]
    [InlineData("api.localhost", true)]
    [InlineData("127.0.0.6", true)]
    [InlineData("[::1]", true)]
    [InlineData("0:0:0:0:0:0:0:1", true)]
    [InlineData("::6", false)] // the sidecar's IPv6 inbound source is not loopback
    [InlineData("10.0.0.1", false)]
    [InlineData("127.example.com", false)]
    public void Loopback_hosts(string host, bool loopback) => Assert.Equal(loopback, MeshHosts.IsLoopback(host));

    [Theory]
    [InlineData("orders", true)]
    [InlineData("orders.shop", true)]
    [InlineData("orders.shop.svc", true)]
    [InlineData("orders.shop.svc.cluster.local", true)]
    [InlineData("orders.shop.svc.corp.example", false)]
    [InlineData("kubernetes.default.svc", false)] // the API server: in the cluster, not a meshed workload
    [InlineData("kubernetes", false)]
    [InlineData("api.github.com", false)]
    [InlineData("example.com", false)]
    [InlineData("localhost", false)]
    [InlineData("10.1.2.3", false)]
    public void In_cluster_service_names(string host, bool inCluster)
        => Assert.Equal(inCluster, MeshHosts.IsInClusterService(host, "cluster.local"));

    [Theory]
    [InlineData("Server=localhost,1433;Database=orders", true)] // SQL Server's port separator is not a second host
    [InlineData("Host=localhost,127.0.0.1;Port=5432", true)]
    [InlineData("Host=localhost,db.shop;Port=5432", false)]
    [InlineData("localhost:6379,abortConnect=false", true)]
    [InlineData("mongodb://localhost:27017,db:27017", false)]
    [InlineData("http://127.0.0.1:3500", true)]
    [InlineData("Database=orders", false)]
    public void Connection_strings_name_only_loopback(string text, bool loopback)
        => Assert.Equal(loopback, HostText.NamesOnlyLoopback(text));

    [Theory]
    [InlineData("Server=tcp:orders-db.data,1433;Database=orders", "orders-db.data", 1433)]
    [InlineData("Host=db.shop;Port=5433;Username=app", "db.shop", 5433)]
    [InlineData("redis.shop:6380,password=x", "redis.shop", 6380)]
    [InlineData("amqp://user:pw@rabbit.shop/vhost", "rabbit.shop", null)]
    [InlineData("https://orders.shop/api", "orders.shop", 443)]
    public void First_destination_in_text(string text, string host, int? port)
    {
        Assert.True(HostText.TryReadDestination(text, out var h, out var p));
        Assert.Equal(host, h);
        Assert.Equal(port, p);
    }

    [Theory]
    [InlineData("1.24", 1, 24)]
    [InlineData("v1.27.3", 1, 27)]
    [InlineData(" 1.6 ", 1, 6)]
    public void Istio_release_parses(string text, int major, int minor)
    {
        Assert.True(IstioRelease.TryParse(text, out var release));
        Assert.Equal(new IstioRelease(major, minor), release);
    }

    [Theory]
    [InlineData("")]
    [InlineData("latest")]
    [InlineData("1")]
    [InlineData("1.5")]
    [InlineData("2.0")]
    [InlineData("1.24.x")]
    public void Istio_release_rejects(string text) => Assert.False(IstioRelease.TryParse(text, out _));
}
