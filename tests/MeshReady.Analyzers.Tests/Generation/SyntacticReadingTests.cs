using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MeshReady.Analyzers.Generation;
using MeshReady.Analyzers.Lifecycle;
using MeshReady.Analyzers.Listening.Endpoints;
using MeshReady.Analyzers.Ports;
using Microsoft.CodeAnalysis;
using Xunit;
using static MeshReady.Analyzers.Tests.Generation.GeneratorHarness;

namespace MeshReady.Analyzers.Tests.Generation;

/// <summary>
/// The generator reads the common listener and shutdown-budget shapes from syntax, so an edit never binds them again.
/// These tests hold that reading to the semantic one: on every candidate where syntax gives an answer, it is the answer
/// binding gives; and the shapes syntax cannot settle (constants, Development-only code, TLS, other receivers) are left to binding.
/// </summary>
public class SyntacticReadingTests
{
    private const string Usings = """
        using System;
        using System.Net;
        using System.Net.Sockets;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Hosting;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Server.Kestrel.Core;
        using Microsoft.Extensions.Configuration;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;

        """;

    /// <summary>Shapes syntax settles: (statement, the ports binding finds, as port/protocol pairs).</summary>
    public static TheoryData<string, string> ReadFromSyntax => new()
    {
        { "builder.WebHost.ConfigureKestrel(k => k.ListenAnyIP(8080));", "8080/http" },
        { "builder.WebHost.ConfigureKestrel(k => k.ListenAnyIP(8081, o => o.Protocols = HttpProtocols.Http2));", "8081/http2" },
        { "builder.WebHost.ConfigureKestrel(k => k.ListenAnyIP(8082, o => { o.Protocols = HttpProtocols.Http1AndHttp2; }));", "8082/http" },
        { "builder.WebHost.ConfigureKestrel(k => k.ListenAnyIP(8083, o => o.Protocols = HttpProtocols.Http3));", "" },
        { "builder.WebHost.ConfigureKestrel(k => k.ListenLocalhost(9000));", "" },
        { "builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Any, 8084));", "8084/http" },
        { "builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.IPv6Any, 8085, o => o.Protocols = HttpProtocols.Http2));", "8085/http2" },
        { "builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 8086));", "" },
        { "builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Any, 15020));", "" },
        { "builder.WebHost.UseUrls(\"http://+:8087\", \"http://localhost:8088;https://0.0.0.0:8443\");", "8087/http,8443/https" },
        { "builder.WebHost.UseUrls();", "" },
        { "builder.WebHost.UseSetting(\"environment\", \"Production\");", "" },
        { "Environment.SetEnvironmentVariable(\"DOTNET_gcServer\", \"1\");", "" },
        { "var listener = new TcpListener(IPAddress.Any, 2525);", "2525/tcp" },
        { "var listener = TcpListener.Create(2526);", "2526/tcp" },
        { "var socket = new Socket(SocketType.Stream, ProtocolType.Tcp); socket.Listen(100);", "" },
        { "var settings = new Settings(); builder.Configuration.GetSection(\"S\").Bind(settings);", "" },
        { "var app2 = builder.Build(); app2.Run(async context => await context.Response.WriteAsync(\"hi\"));", "" },
    };

    /// <summary>Shapes left to binding: syntax alone could get them wrong.</summary>
    public static TheoryData<string> LeftToBinding => new()
    {
        "const int Port = 8080; builder.WebHost.ConfigureKestrel(k => k.ListenAnyIP(Port));",
        "builder.WebHost.ConfigureKestrel(k => k.ListenAnyIP(8080, o => o.UseHttps()));",
        "if (builder.Environment.IsDevelopment()) { builder.WebHost.UseUrls(\"http://+:5000\"); }",
        "builder.WebHost.UseUrls($\"http://+:{args.Length}\");",
        "builder.WebHost.UseSetting(\"urls\", \"http://+:8090\");",
        "var endPoint = new IPEndPoint(IPAddress.Any, 2527); var socket = new Socket(SocketType.Stream, ProtocolType.Tcp); socket.Bind(endPoint);",
        "builder.WebHost.ConfigureKestrel(k => k.Listen(new IPEndPoint(IPAddress.Any, 8091)));",
    };

    [Theory]
    [MemberData(nameof(ReadFromSyntax))]
    public async Task ListenerShapesAreReadFromSyntaxAsBindingReadsThem(string statement, string expected)
    {
        var (model, candidates) = await CandidatesAsync(statement, ListeningEndpointReader.IsCandidate);
        Assert.NotEmpty(candidates);

        var found = candidates.SelectMany(node =>
        {
            Assert.True(SyntacticPorts.TryRead(node, out var fromSyntax), "not read from syntax: " + node);
            Assert.Equal(InferredPorts.FromCode(model, node, CancellationToken.None), fromSyntax);
            return fromSyntax;
        });

        Assert.Equal(expected, string.Join(",", found.Select(p => p.Port + "/" + p.Protocol.IstioName)));
    }

    [Theory]
    [MemberData(nameof(LeftToBinding))]
    public async Task ListenerShapesSyntaxCannotSettleAreBound(string statement)
    {
        var (_, candidates) = await CandidatesAsync(statement, ListeningEndpointReader.IsCandidate);

        Assert.Contains(candidates, node => !SyntacticPorts.TryRead(node, out _));
    }

    [Theory]
    [InlineData("builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(20));", 20)]
    [InlineData("builder.Services.Configure<HostOptions>(options => { options.ShutdownTimeout = TimeSpan.FromMinutes(1.5); });", 90)]
    [InlineData("builder.Services.Configure<Microsoft.Extensions.Hosting.HostOptions>(o => o.ShutdownTimeout = System.TimeSpan.FromSeconds(2.2));", 3)]
    [InlineData("builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = System.Threading.Timeout.InfiniteTimeSpan);", 0)]
    [InlineData("builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.Zero);", 0)]
    [InlineData("builder.WebHost.UseSetting(\"environment\", \"Production\");", 0)]
    public async Task BudgetShapesAreReadFromSyntaxAsBindingReadsThem(string statement, int expected)
    {
        var (model, candidates) = await CandidatesAsync(statement, ShutdownBudgets.IsCandidate);
        var node = Assert.Single(candidates);

        Assert.True(LifecycleFacts.TryBudgetSecondsFromSyntax(node, out var fromSyntax), "not read from syntax: " + node);
        Assert.Equal(LifecycleFacts.BudgetSeconds(model, node, CancellationToken.None), fromSyntax);
        Assert.Equal(expected, fromSyntax);
    }

    [Theory]
    [InlineData("var other = new Other(); other.ShutdownTimeout = TimeSpan.FromSeconds(90);")]
    [InlineData("builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromMilliseconds(500));")]
    [InlineData("builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(args.Length));")]
    [InlineData("builder.WebHost.UseShutdownTimeout(TimeSpan.FromSeconds(30));")]
    [InlineData("builder.WebHost.UseSetting(\"shutdownTimeoutSeconds\", \"60\");")]
    public async Task BudgetShapesSyntaxCannotSettleAreBound(string statement)
    {
        var (_, candidates) = await CandidatesAsync(statement, ShutdownBudgets.IsCandidate);

        Assert.False(LifecycleFacts.TryBudgetSecondsFromSyntax(Assert.Single(candidates), out _));
    }

    private static async Task<(SemanticModel Model, SyntaxNode[] Candidates)> CandidatesAsync(string statement, Func<SyntaxNode, bool> isCandidate)
    {
        var source = Usings + "var builder = WebApplication.CreateBuilder(args);\n" + statement + "\n"
            + "sealed class Settings { public int Value { get; set; } }\n"
            + "sealed class Other { public TimeSpan ShutdownTimeout { get; set; } }\n";
        var compilation = await CompileAsync(Targets.AspNetCore80, new[] { source });
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var tree = compilation.SyntaxTrees.Single();
        var candidates = tree.GetRoot().DescendantNodes().Where(isCandidate).ToArray();
        return (compilation.GetSemanticModel(tree), candidates);
    }
}
