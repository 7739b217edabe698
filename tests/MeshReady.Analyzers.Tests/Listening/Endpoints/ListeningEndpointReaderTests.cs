using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MeshReady.Analyzers.Listening.Endpoints;
using MeshReady.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace MeshReady.Analyzers.Tests.Listening.Endpoints;

/// <summary>
/// The reader as the generator calls it: syntax filtered by <see cref="ListeningEndpointReader.IsCandidate"/>,
/// then <c>SemanticModel.GetOperation</c>, then <see cref="ListeningEndpointReader.Read"/>.
/// </summary>
public class ListeningEndpointReaderTests
{
    private static async Task<List<ListeningEndpoint>> ReadAsync(string source)
    {
        var references = await TestReferences.ResolveAsync(TestReferences.AspNetCore80);
        var tree = CSharpSyntaxTree.ParseText(source, path: "/src/Program.cs");
        var compilation = CSharpCompilation.Create(
            "Service",
            new[] { tree },
            references,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

        var model = compilation.GetSemanticModel(tree);
        var symbols = ListeningSymbols.Create(compilation);
        var endpoints = new List<ListeningEndpoint>();
        foreach (var node in tree.GetRoot().DescendantNodes())
        {
            if (ListeningEndpointReader.IsCandidate(node) && model.GetOperation(node) is { } operation)
            {
                endpoints.AddRange(ListeningEndpointReader.Read(operation, symbols, CancellationToken.None));
            }
        }

        return endpoints;
    }

    [Fact]
    public async Task KestrelListenCallsWithOptionsLambdas()
    {
        const string source = """
            using System.Net;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;
            using Microsoft.AspNetCore.Server.Kestrel.Core;

            const int GrpcPort = 8081;
            var builder = WebApplication.CreateBuilder(args);
            builder.WebHost.ConfigureKestrel(options =>
            {
                options.ListenAnyIP(8080, o => o.Protocols = HttpProtocols.Http1);
                options.ListenAnyIP(GrpcPort, o => { o.Protocols = HttpProtocols.Http2; o.UseHttps(); });
                options.ListenLocalhost(9090);
                options.Listen(IPAddress.Loopback, 9091);
                options.Listen(IPAddress.IPv6Any, 9092, o => o.Protocols = HttpProtocols.Http1AndHttp2);
                options.Listen(new IPEndPoint(IPAddress.Parse("10.0.0.5"), 9093));
            });
            var app = builder.Build();
            app.Run();
            """;
        var endpoints = await ReadAsync(source);

        Assert.Equal(
            new[] { "http://+:8080", "https://+:8081", "http://localhost:9090", "http://IPAddress.Loopback:9091", "http://IPAddress.IPv6Any:9092", "http://10.0.0.5:9093" },
            endpoints.Select(e => e.Display));
        Assert.Equal(
            new[] { HostKind.AnyIP, HostKind.AnyIP, HostKind.Loopback, HostKind.Loopback, HostKind.AnyIP, HostKind.Specific },
            endpoints.Select(e => e.HostKind));
        Assert.Equal(
            new[] { EndpointProtocols.Http1, EndpointProtocols.Http2, EndpointProtocols.Default, EndpointProtocols.Default, EndpointProtocols.Http1AndHttp2, EndpointProtocols.Default },
            endpoints.Select(e => e.Protocols));
        Assert.True(endpoints[1].Tls);
        Assert.NotNull(endpoints[1].TlsSpan);
        Assert.All(endpoints, e => Assert.Equal(EndpointSource.Code, e.Source));
        Assert.Equal("/src/Program.cs", endpoints[0].PortSpan.Path);
        Assert.Equal(9, endpoints[0].PortSpan.StartLine);
        Assert.Equal("ListenLocalhost", Text(source, endpoints[2].AddressSpan));
    }

    [Fact]
    public async Task UrlsFromUseUrlsUrlsAddRunAndSettings()
    {
        const string source = """
            using System;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;

            var port = Environment.GetEnvironmentVariable("PORT") ?? "8080";
            var builder = WebApplication.CreateBuilder(args);
            builder.WebHost.UseUrls("http://localhost:5000", "https://+:5001");
            builder.WebHost.UseSetting("http_ports", "8080;8081");
            Environment.SetEnvironmentVariable("ASPNETCORE_URLS", "http://0.0.0.0:7000");
            var app = builder.Build();
            app.Urls.Add($"http://localhost:{port}");
            app.Urls.Add("http://[::1]:" + port);
            app.Run("http://*:6000");
            """;
        var endpoints = await ReadAsync(source);

        Assert.Equal(
            new[] { "http://localhost:5000", "https://+:5001", "http://+:8080", "http://+:8081", "http://0.0.0.0:7000", "http://localhost:?", "http://::1:?", "http://*:6000" },
            endpoints.Select(e => e.Display));
        Assert.Equal(
            new[] { "UseUrls", "UseUrls", "UseSetting", "UseSetting", "ASPNETCORE_URLS", "app.Urls.Add", "app.Urls.Add", "app.Run" },
            endpoints.Select(e => e.Origin));
        Assert.Equal("\"http://localhost:5000\"", Text(source, endpoints[0].AddressSpan));
    }

    [Fact]
    public async Task RawSocketServers()
    {
        var endpoints = await ReadAsync("""
            using System.Net;
            using System.Net.Sockets;

            var listener = new TcpListener(IPAddress.Loopback, 2525);
            var any = TcpListener.Create(2526);
            var endPoint = new IPEndPoint(IPAddress.Any, 2527);
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(endPoint);
            var http = new HttpListener();
            http.Prefixes.Add("http://+:8088/");
            """);

        Assert.Equal(
            new[] { "tcp://IPAddress.Loopback:2525", "tcp://:::2526", "tcp://IPAddress.Any:2527", "http://+:8088" },
            endpoints.Select(e => e.Display));
        Assert.Equal(EndpointProtocols.Tcp, endpoints[0].Protocols);
        Assert.Equal(EndpointProtocols.Http1, endpoints[3].Protocols);
    }

    [Fact]
    public async Task ValuesComputedAtRunTimeAreUnknownNotGuessed()
    {
        var endpoints = await ReadAsync("""
            using System.Net;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;

            var builder = WebApplication.CreateBuilder(args);
            var address = IPAddress.Parse(builder.Configuration["BindAddress"]!);
            var port = int.Parse(builder.Configuration["Port"]!);
            builder.WebHost.ConfigureKestrel(o => o.Listen(address, port));
            builder.WebHost.UseUrls(builder.Configuration["Urls"]!);
            var app = builder.Build();
            app.Run();
            """);

        var endpoint = Assert.Single(endpoints);
        Assert.Equal(HostKind.Unknown, endpoint.HostKind);
        Assert.Null(endpoint.Port);
    }

    [Fact]
    public async Task LookAlikesAreNotListeners()
    {
        var endpoints = await ReadAsync("""
            using System;
            using System.Collections.Generic;
            using System.Net.Http;
            using System.Net.Sockets;

            var urls = new List<string>();
            urls.Add("http://localhost:5000");
            var client = new HttpClient { BaseAddress = new Uri("http://localhost:5000") };
            using var tcp = new TcpClient();
            await tcp.ConnectAsync("localhost", 5000);
            Console.WriteLine("Now listening on: http://localhost:5000");
            """);

        Assert.Empty(endpoints);
    }

    [Fact]
    public void EndpointsCompareByValue()
    {
        var span = new MeshReady.Analyzers.Infrastructure.FileSpan("/src/Program.cs", 10, 5, 1, 2, 1, 7);
        ListeningEndpoint Make(int port) => new(EndpointSource.Code, "ListenAnyIP", HostKind.AnyIP, "+", port, "http", false, EndpointProtocols.Http1, span, span);

        Assert.Equal(Make(8080), Make(8080));
        Assert.Equal(Make(8080).GetHashCode(), Make(8080).GetHashCode());
        Assert.NotEqual(Make(8080), Make(8081));
        Assert.NotEqual(Make(8080), Make(8080).WithGrpcMapped(true));
        Assert.Equal(Make(8080).WithGrpcMapped(true), Make(8080).WithGrpcMapped(true));
    }

    private static string Text(string source, MeshReady.Analyzers.Infrastructure.FileSpan span) => source.Substring(span.Start, span.Length);
}
