using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace MeshReady.Analyzers.Tests.Generation;

/// <summary>
/// Stands in for istio-agent on loopback: <c>GET /healthz/ready</c> (and Envoy admin's <c>GET /ready</c>) answer
/// 503 for the first <c>notReadyAnswers</c> requests and 200 after that; <c>POST /quitquitquit</c> answers 200 "OK".
/// A plain TcpListener, one request per connection, so the test sees exactly what the helper sent. With
/// <c>startAfter</c> the port refuses connections until then, as Envoy's and pilot-agent's do while istio-proxy starts.
/// </summary>
internal sealed class FakeIstioAgent : IAsyncDisposable
{
    private readonly TcpListener listener;
    private readonly CancellationTokenSource stop = new();
    private readonly int notReadyAnswers;
    private readonly Task acceptLoop;
    private readonly int port;
    private int readinessRequests;

    public FakeIstioAgent(int notReadyAnswers, TimeSpan startAfter = default)
    {
        this.notReadyAnswers = notReadyAnswers;
        port = FreePort();
        listener = new TcpListener(IPAddress.Loopback, port);
        if (startAfter <= TimeSpan.Zero)
        {
            listener.Start();
            acceptLoop = Task.Run(AcceptAsync);
            return;
        }

        acceptLoop = Task.Run(async () =>
        {
            await Task.Delay(startAfter, stop.Token);
            listener.Start();
            await AcceptAsync();
        });
    }

    public string BaseUrl => "http://127.0.0.1:" + port.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public ConcurrentQueue<string> Requests { get; } = new();

    public int ReadinessRequests => Volatile.Read(ref readinessRequests);

    public int Count(string requestLine) => Requests.Count(r => r == requestLine);

    /// <summary>A loopback port with nothing listening: connecting to it is refused at once.</summary>
    public static string RefusingUrl(string path)
        => "http://127.0.0.1:" + FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture) + path;

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    public async ValueTask DisposeAsync()
    {
        stop.Cancel();
        listener.Stop();
        try
        {
            await acceptLoop;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            var client = await listener.AcceptTcpClientAsync(stop.Token);
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            var head = await ReadHeadAsync(stream);
            if (head is null)
            {
                return;
            }

            var requestLine = head.Split("\r\n")[0];
            var parts = requestLine.Split(' ');
            var method = parts[0];
            var path = parts.Length > 1 ? parts[1] : "/";
            Requests.Enqueue(method + " " + path);

            var (status, body) = (method, path) switch
            {
                ("GET", "/healthz/ready" or "/ready") => Interlocked.Increment(ref readinessRequests) > notReadyAnswers ? ("200 OK", string.Empty) : ("503 Service Unavailable", "not ready"),
                ("POST", "/quitquitquit") => ("200 OK", "OK"),
                (_, "/quitquitquit") => ("405 Method Not Allowed", string.Empty),
                _ => ("404 Not Found", string.Empty),
            };
            var response = Encoding.ASCII.GetBytes("HTTP/1.1 " + status + "\r\nContent-Length: " + body.Length + "\r\nConnection: close\r\n\r\n" + body);
            await stream.WriteAsync(response);
        }
    }

    /// <summary>Reads up to the blank line that ends the headers (requests here have no body worth reading).</summary>
    private static async Task<string?> ReadHeadAsync(NetworkStream stream)
    {
        var buffer = new byte[4096];
        var length = 0;
        while (length < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(length));
            if (read == 0)
            {
                return null;
            }

            length += read;
            var text = Encoding.ASCII.GetString(buffer, 0, length);
            if (text.Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                return text;
            }
        }

        return null;
    }
}
