using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = MeshReady.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MeshReady.Analyzers.Listening.ServerFirstProtocolAnalyzer>;

namespace MeshReady.Analyzers.Tests.Listening;

public class ServerFirstProtocolAnalyzerTests
{
    private static DiagnosticResult Info(int markup) => new DiagnosticResult("MESH004", DiagnosticSeverity.Info).WithLocation(markup);

    // ---- Positive: the server talks first ----

    [Fact]
    public Task SmtpStyleBannerOnAStreamWriter()
        => Verify.VerifyAsync("""
            using System.IO;
            using System.Net;
            using System.Net.Sockets;
            using System.Threading;
            using System.Threading.Tasks;

            public sealed class MailRelay
            {
                public async Task RunAsync(CancellationToken ct)
                {
                    var listener = new TcpListener(IPAddress.Any, 2525);
                    listener.Start();
                    while (!ct.IsCancellationRequested)
                    {
                        using var client = await {|#0:listener.AcceptTcpClientAsync(ct)|};
                        using var stream = client.GetStream();
                        using var writer = new StreamWriter(stream) { AutoFlush = true };
                        using var reader = new StreamReader(stream);
                        await writer.WriteLineAsync("220 relay.local ESMTP ready");
                        var hello = await reader.ReadLineAsync(ct);
                    }
                }
            }
            """, Info(0));

    [Fact]
    public Task GreetingBytesOnTheNetworkStream()
        => Verify.VerifyAsync("""
            using System.Net;
            using System.Net.Sockets;
            using System.Text;

            public static class GameServer
            {
                public static void Serve(TcpListener listener)
                {
                    var client = {|#0:listener.AcceptTcpClient()|};
                    var stream = client.GetStream();
                    stream.Write(Encoding.ASCII.GetBytes("WELCOME v2\n"));
                    var buffer = new byte[256];
                    stream.Read(buffer, 0, buffer.Length);
                }
            }
            """, Info(0));

    [Fact]
    public Task AcceptedSocketSendsFirst()
        => Verify.VerifyAsync("""
            using System.Net.Sockets;
            using System.Text;
            using System.Threading.Tasks;

            public static class TimeServer
            {
                public static async Task ServeAsync(Socket listening)
                {
                    using var connection = await {|#0:listening.AcceptAsync()|};
                    await connection.SendAsync(Encoding.ASCII.GetBytes("+OK time service\r\n"), SocketFlags.None);
                }
            }
            """, Info(0));

    [Fact]
    public Task WriteThroughGetStreamInline()
        => Verify.VerifyAsync("""
            using System.Net.Sockets;
            using System.Threading.Tasks;

            public static class Probe
            {
                public static async Task ServeAsync(TcpListener listener)
                {
                    var client = await {|#0:listener.AcceptTcpClientAsync()|};
                    await client.GetStream().WriteAsync(new byte[] { 0x0A, 0x00, 0x00, 0x00 });
                }
            }
            """, Info(0));

    [Fact]
    public Task HandlerLambdaInTheSameMethod()
        => Verify.VerifyAsync("""
            using System.IO;
            using System.Net;
            using System.Net.Sockets;
            using System.Threading.Tasks;

            public static class FtpLikeServer
            {
                public static async Task RunAsync()
                {
                    var listener = new TcpListener(IPAddress.Any, 2121);
                    listener.Start();
                    var client = await {|#0:listener.AcceptTcpClientAsync()|};
                    _ = Task.Run(async () =>
                    {
                        var writer = new StreamWriter(client.GetStream()) { AutoFlush = true };
                        await writer.WriteLineAsync("220 Service ready");
                    });
                }
            }
            """, Info(0));

    [Fact]
    public Task AcceptSocketThenSend()
        => Verify.VerifyAsync("""
            using System.Net.Sockets;

            public static class Legacy
            {
                public static void Serve(TcpListener listener, byte[] greeting)
                {
                    Socket socket = {|#0:listener.AcceptSocket()|};
                    socket.Send(greeting);
                    socket.Receive(new byte[64]);
                }
            }
            """, Info(0));

    [Fact]
    public Task MySqlStyleHandshakeOnANonDefaultPort()
        => Verify.VerifyAsync("""
            using System.Net;
            using System.Net.Sockets;
            using System.Threading.Tasks;

            public static class FakeMySql
            {
                public static async Task RunAsync(byte[] handshake)
                {
                    var listener = new TcpListener(IPAddress.Any, 3307);
                    listener.Start();
                    using var client = await {|#0:listener.AcceptTcpClientAsync()|};
                    var stream = client.GetStream();
                    await stream.WriteAsync(handshake);
                    await stream.FlushAsync();
                }
            }
            """, Info(0));

    [Fact]
    public Task AssignedToAnExistingLocal()
        => Verify.VerifyAsync("""
            using System.Net.Sockets;

            public static class Loop
            {
                public static void Serve(TcpListener listener)
                {
                    TcpClient client;
                    client = {|#0:listener.AcceptTcpClient()|};
                    client.Client.Send(new byte[] { 1 });
                }
            }
            """, Info(0));

    // ---- Negative: the client talks first, or nothing is known ----

    [Fact]
    public Task RequestResponseServerReadsFirst()
        => Verify.VerifyAsync("""
            using System.IO;
            using System.Net.Sockets;
            using System.Threading.Tasks;

            public static class EchoServer
            {
                public static async Task ServeAsync(TcpListener listener)
                {
                    using var client = await listener.AcceptTcpClientAsync();
                    using var stream = client.GetStream();
                    using var reader = new StreamReader(stream);
                    using var writer = new StreamWriter(stream) { AutoFlush = true };
                    var line = await reader.ReadLineAsync();
                    await writer.WriteLineAsync(line);
                }
            }
            """);

    // Istio's TCP default for 25/53/3306/27017 goes by the Service port (which the code cannot see), and PERMISSIVE mTLS
    // sniffs for TLS on TCP ports too: listening on 25 exempts nothing.
    [Theory]
    [InlineData(25)]
    [InlineData(3306)]
    public Task WellKnownPortsAreStillReportedBecauseTheExemptionIsTheServicePorts(int port)
        => Verify.VerifyAsync($$"""
            using System.Net;
            using System.Net.Sockets;
            using System.Text;

            public static class Greeter
            {
                public static void Serve()
                {
                    var listener = new TcpListener(IPAddress.Any, {{port}});
                    listener.Start();
                    var client = {|#0:listener.AcceptTcpClient()|};
                    client.GetStream().Write(Encoding.ASCII.GetBytes("220 ready\r\n"));
                }
            }
            """, Info(0));

    [Fact]
    public Task MessageNamesTheHangTheServicePortAndTheMtlsMode()
        => Verify.VerifyAsync("""
            using System.Net;
            using System.Net.Sockets;
            using System.Text;

            public static class Banner
            {
                public static void Serve(TcpListener listener)
                {
                    var client = {|#0:listener.AcceptTcpClient()|};
                    client.GetStream().Write(Encoding.ASCII.GetBytes("HELLO\n"));
                }
            }
            """,
            Info(0).WithMessage(
                "The connection accepted here is written to before anything is read from it (a server-first protocol): "
                + "the sidecar waits for the client's first bytes to detect the protocol and, under PERMISSIVE mTLS, whether they are TLS, "
                + "so the connection hangs until the client times out; "
                + "declare the Service port as TCP (name 'tcp-…' or appProtocol: tcp; Istio's TCP default for 25, 53, 3306 and 27017 goes by the Service port, not the port the code listens on) "
                + "and set a STRICT or DISABLE PeerAuthentication for the port (under PERMISSIVE, clients without a sidecar still hang)"));

    [Fact]
    public Task ClientsWriteFirstAndThatIsNormal()
        => Verify.VerifyAsync("""
            using System.Net.Sockets;
            using System.Text;
            using System.Threading.Tasks;

            public static class RedisPing
            {
                public static async Task PingAsync()
                {
                    using var client = new TcpClient();
                    await client.ConnectAsync("redis", 6379);
                    var stream = client.GetStream();
                    await stream.WriteAsync(Encoding.ASCII.GetBytes("PING\r\n"));
                }
            }
            """);

    [Fact]
    public Task HandedToAnotherMethodIsNotFollowed()
        => Verify.VerifyAsync("""
            using System.Net.Sockets;
            using System.Threading.Tasks;

            public static class Server
            {
                public static async Task RunAsync(TcpListener listener)
                {
                    var client = await listener.AcceptTcpClientAsync();
                    _ = HandleAsync(client);
                }

                private static Task HandleAsync(TcpClient client) => Task.CompletedTask;
            }
            """);

    [Fact]
    public Task TlsServerAuthenticatesFirst()
        => Verify.VerifyAsync("""
            using System.Net.Security;
            using System.Net.Sockets;
            using System.Security.Cryptography.X509Certificates;
            using System.Threading.Tasks;

            public static class TlsServer
            {
                public static async Task ServeAsync(TcpListener listener, X509Certificate2 certificate)
                {
                    using var client = await listener.AcceptTcpClientAsync();
                    using var tls = new SslStream(client.GetStream());
                    await tls.AuthenticateAsServerAsync(certificate);
                    await tls.WriteAsync(new byte[] { 1 });
                }
            }
            """);

    [Fact]
    public Task WritesToOtherStreamsDoNotCount()
        => Verify.VerifyAsync("""
            using System;
            using System.Net.Sockets;
            using System.Threading.Tasks;

            public static class Logged
            {
                public static async Task ServeAsync(TcpListener listener)
                {
                    using var client = await listener.AcceptTcpClientAsync();
                    Console.WriteLine("accepted");
                    var buffer = new byte[16];
                    await client.GetStream().ReadAsync(buffer);
                }
            }
            """);

    [Fact]
    public Task AcceptResultNotStoredInALocal()
        => Verify.VerifyAsync("""
            using System.Net.Sockets;
            using System.Threading.Tasks;

            public static class Pool
            {
                public static async Task<TcpClient> NextAsync(TcpListener listener) => await listener.AcceptTcpClientAsync();
            }
            """);

    [Fact]
    public Task AmbientDataPlaneIsSilent()
        => Verify.VerifyAsync("""
            using System.Net.Sockets;

            public static class Banner
            {
                public static void Serve(TcpListener listener)
                {
                    var client = listener.AcceptTcpClient();
                    client.GetStream().Write(new byte[] { 1 });
                }
            }
            """, editorConfig: "meshready.data_plane = ambient", references: null);

    [Fact]
    public Task HalfTypedCodeDoesNotCrash()
        => Verify.VerifyAsync("""
            using System.Net.Sockets;

            public static class Broken
            {
                public static void Serve(TcpListener listener)
                {
                    var client = listener.AcceptTcpClient();
                    client.GetStream().{|CS1061:Wrte|}(new byte[] { 1 });
                    var other = listener.{|CS1061:AcceptClient|}();
                }
            }
            """);
}
