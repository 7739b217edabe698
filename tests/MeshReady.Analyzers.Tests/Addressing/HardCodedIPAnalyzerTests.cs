using System.Threading;
using System.Threading.Tasks;
using MeshReady.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = MeshReady.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MeshReady.Analyzers.Addressing.HardCodedIPAnalyzer>;

namespace MeshReady.Analyzers.Tests.Addressing;

public class HardCodedIPAnalyzerTests
{
    private static readonly ReferenceAssemblies GrpcClient = TestReferences.WithPackages(("Grpc.Net.Client", "2.65.0"), ("Microsoft.Extensions.Logging.Abstractions", "8.0.0"));

    private static DiagnosticResult Info(int markup) => new DiagnosticResult("MESH020", DiagnosticSeverity.Info).WithLocation(markup);

    // ---- Positive ----

    [Fact]
    public Task PodIPInAnHttpClientBaseAddress()
        => Verify.VerifyAsync("""
            using System;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddHttpClient("recommendations", c => c.BaseAddress = new Uri({|#0:"http://10.244.1.17:8080"|}));
            builder.Build().Run();
            """, Info(0));

    [Fact]
    public Task IPInRequestUrisAndGrpcChannels()
        => Verify.VerifyAsync("""
            using System.Net.Http;
            using System.Threading.Tasks;
            using Grpc.Net.Client;

            public class Clients
            {
                private readonly HttpClient _http = new();

                public Task<string> PingAsync() => _http.GetStringAsync({|#0:"http://172.20.3.4/ping"|});

                public GrpcChannel Catalog() => GrpcChannel.ForAddress({|#1:"http://10.0.12.9:5001"|});

                public Task<HttpResponseMessage> V6Async() => _http.GetAsync({|#2:"http://[fd00::12]:8080/"|});
            }
            """, null, GrpcClient, Info(0), Info(1), Info(2));

    [Fact]
    public Task TcpClientConnectWithHostAndPort()
        => Verify.VerifyAsync("""
            using System.Net.Sockets;
            using System.Threading.Tasks;

            public static class LegacyPrinter
            {
                public static async Task SendAsync(byte[] job)
                {
                    using var client = new TcpClient();
                    await client.ConnectAsync({|#0:"10.1.2.3"|}, 9100);
                    await client.GetStream().WriteAsync(job);
                }
            }
            """, Info(0));

    [Fact]
    public Task IPEndPointFromParsedAddress()
        => Verify.VerifyAsync("""
            using System.Net;
            using System.Net.Sockets;

            public static class Telemetry
            {
                public static void Send(byte[] payload)
                {
                    var collector = new IPEndPoint(IPAddress.Parse({|#0:"10.96.0.40"|}), 4317);
                    using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    socket.Connect(collector);
                    socket.Send(payload);
                }
            }
            """, Info(0));

    [Fact]
    public Task TcpClientConstructorWithIPAddress()
        => Verify.VerifyAsync("""
            using System.Net.Sockets;

            public static class Cache
            {
                public static TcpClient Open() => new TcpClient({|#0:"192.168.49.2"|}, 11211);
            }
            """, Info(0));

    [Fact]
    public Task SqlServerConnectionString()
        => Verify.VerifyAsync("""
            public class DataSource
            {
                public string? ConnectionString { get; set; }
            }

            public static class Db
            {
                public static DataSource Create() => new DataSource { ConnectionString = {|#0:"Server=10.1.2.3,1433;Database=orders;User Id=app;Password=x"|} };
            }
            """, Info(0));

    [Fact]
    public Task PostgresAndRedisStyleConnectionStrings()
        => Verify.VerifyAsync("""
            public static class Stores
            {
                public static void UseNpgsql(string connectionString) { }

                public static void Configure()
                {
                    UseNpgsql({|#0:"Host=10.20.30.40;Port=5432;Database=orders"|});
                    UseNpgsql({|#1:"Data Source=172.16.5.5;Initial Catalog=shop"|});
                    UseNpgsql({|#2:"mongodb://10.0.0.7:27017/catalog"|});
                }
            }
            """, Info(0), Info(1), Info(2));

    [Fact]
    public Task ConstantsAndInterpolationsAreFollowed()
        => Verify.VerifyAsync("""
            using System;

            public static class Endpoints
            {
                private const string Host = "10.100.0.8";

                public static Uri Stock(int port) => new Uri({|#0:$"http://{Host}:{port}/stock"|});
            }
            """, Info(0));

    // ---- Negative ----

    [Fact]
    public Task ServiceNamesAreTheFix()
        => Verify.VerifyAsync("""
            using System;
            using System.Net.Sockets;

            public static class Clients
            {
                public static Uri Orders => new("http://orders.shop.svc.cluster.local:8080");

                public static TcpClient Printer() => new TcpClient("printer-gateway", 9100);
            }
            """);

    [Fact]
    public Task LoopbackAndBindAddressesAreNotDestinations()
        => Verify.VerifyAsync("""
            using System;
            using System.Net;
            using System.Net.Sockets;

            public static class Local
            {
                public static Uri Sidecar => new("http://127.0.0.1:15021/healthz/ready");

                public static Uri Any => new("http://0.0.0.0:8080");

                public static TcpListener Listener() => new TcpListener(IPAddress.Parse("10.0.0.5"), 8080);
            }
            """);

    [Fact]
    public Task DottedNumbersThatAreNotAddresses()
        => Verify.VerifyAsync("""
            using System;
            using Microsoft.Extensions.Logging;

            public static class Facts
            {
                public const string Oid = "1.3.6.1.5.5.7.3.1";

                public static readonly Version Minimum = Version.Parse("10.2.3.4");

                public static void Log(ILogger logger) => logger.LogInformation("Connected to 10.1.2.3 in {Ms} ms", 12);
            }
            """);

    [Fact]
    public Task AllowListsAndKnownProxiesAreNotDestinations()
        => Verify.VerifyAsync("""
            using System.Net;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.HttpOverrides;
            using Microsoft.Extensions.DependencyInjection;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.Configure<ForwardedHeadersOptions>(o => o.KnownProxies.Add(IPAddress.Parse("10.0.0.100")));
            var blocked = IPAddress.Parse("10.66.6.6");
            builder.Build().Run();
            """);

    [Fact]
    public Task CloudMetadataAndDocumentationRanges()
        => Verify.VerifyAsync("""
            using System;

            public static class Cloud
            {
                public static Uri Metadata => new("http://169.254.169.254/latest/meta-data/");

                public static Uri Example => new("http://192.0.2.10/api");

                public static Uri Example2 => new("http://203.0.113.5:8080/");
            }
            """);

    [Fact]
    public Task AllowedIPsOption()
        => Verify.VerifyAsync("""
            using System;

            public static class OnPrem
            {
                public static Uri Mainframe => new("http://10.20.0.5:8080");

                public static Uri Warehouse => new("http://192.168.10.40/");
            }
            """, editorConfig: "meshready.allowed_ips = 10.20.0.5, 192.168.0.0/16", references: null);

    [Fact]
    public async Task TestProjectsAreSilent()
    {
        var test = Verify.Create();
        test.TestCode = """
            using System;

            public static class Fixtures
            {
                public static Uri FakeServer => new("http://10.1.1.1:8080");
            }
            """;
        test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\nbuild_property.IsTestProject = true\n"));
        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public Task InvalidAllowListEntriesAreIgnoredNotFatal()
        => Verify.VerifyAsync("""
            using System;

            public static class OnPrem
            {
                public static Uri Mainframe => new({|#0:"http://10.30.0.5:8080"|});
            }
            """, "meshready.allowed_ips = not-an-ip, 10.40.0.0/99", null, Info(0));

    [Fact]
    public Task HalfTypedCodeDoesNotCrash()
        => Verify.VerifyAsync("""
            using System;
            using System.Net.Sockets;

            public static class Broken
            {
                public static Uri A => new("http://10.1.2.3" + {|CS1525:)|};

                public static TcpClient B() => new TcpClient({|CS0103:host|}, 80);
            }
            """);
}
