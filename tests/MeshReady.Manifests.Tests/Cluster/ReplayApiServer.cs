using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;

namespace MeshReady.Manifests.Tests.Cluster;

/// <summary>
/// A stand-in Kubernetes API server on 127.0.0.1 (plain HTTP, a free port) that replays recorded responses: List objects
/// and Status objects in the shapes of the Kubernetes API reference. Each route is an exact path plus the value of the
/// <c>continue</c> query parameter (empty for a first page); anything else gets the 404 Status the API server returns
/// for a resource it does not serve. Every request is recorded, so tests can assert what the client asked for.
/// </summary>
internal sealed class ReplayApiServer : IDisposable
{
    /// <summary>The API server's answer for a path it does not serve (an API group whose CRDs are not installed).</summary>
    public const string NotFoundStatus = """
        {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"the server could not find the requested resource","reason":"NotFound","details":{},"code":404}
        """;

    private readonly HttpListener listener = new();
    private readonly Dictionary<(string Path, string Continue), (int Status, string Body)> routes = [];
    private readonly Task serving;

    public ReplayApiServer()
    {
        // HttpListener cannot bind port 0: take a free port from the OS first.
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        BaseUri = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
        listener.Prefixes.Add(BaseUri.ToString());
        listener.Start();
        serving = Task.Run(ServeAsync);
    }

    public Uri BaseUri { get; }

    /// <summary>Every request as it arrived: method, path, query parameters and the Authorization header.</summary>
    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>Answers <paramref name="path"/> (a first page, or the page after <paramref name="continueToken"/>).</summary>
    public ReplayApiServer On(string path, string body, int status = 200, string continueToken = "")
    {
        routes[(path, continueToken)] = (status, body);
        return this;
    }

    /// <summary>The Status object a 403 carries, worded as the API server's authorizer words it.</summary>
    public static string Forbidden(string user, string resource, string group, string? ns)
    {
        var qualified = group.Length == 0 ? resource : resource + "." + group;
        var scope = ns is null ? "at the cluster scope" : $"in the namespace \\\"{ns}\\\"";
        return $$"""
            {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"{{qualified}} is forbidden: User \"{{user}}\" cannot list resource \"{{resource}}\" in API group \"{{group}}\" {{scope}}","reason":"Forbidden","details":{"group":"{{group}}","kind":"{{resource}}"},"code":403}
            """;
    }

    /// <summary>A kubeconfig (plain http, a bearer token) whose current context points at this server.</summary>
    public string WriteKubeconfig(string? contextNamespace = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "meshready-cluster-tests", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "kubeconfig");
        var ns = contextNamespace is null ? string.Empty : $"\n    namespace: {contextNamespace}";
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: replay
              cluster:
                server: {BaseUri.ToString().TrimEnd('/')}
            contexts:
            - name: replay-jane
              context:
                cluster: replay
                user: jane{ns}
            current-context: replay-jane
            users:
            - name: jane
              user:
                token: replay-token
            """);
        return path;
    }

    public void Dispose()
    {
        if (!listener.IsListening)
        {
            return;
        }

        listener.Stop();
        listener.Close();
        try
        {
            serving.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException ex) when (ex.InnerExceptions.All(e => e is HttpListenerException or ObjectDisposedException or InvalidOperationException))
        {
            // The accept loop ends with an exception when the listener closes.
        }
    }

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            var request = context.Request;
            var query = request.QueryString;
            var recorded = new RecordedRequest(
                request.HttpMethod,
                request.Url!.AbsolutePath,
                query.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => query[k] ?? string.Empty, StringComparer.Ordinal),
                request.Headers["Authorization"]);
            Requests.Enqueue(recorded);
            var (status, body) = routes.TryGetValue((recorded.Path, recorded.Query.GetValueOrDefault("continue", string.Empty)), out var route)
                ? route
                : (404, NotFoundStatus);
            var bytes = Encoding.UTF8.GetBytes(body);
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes).ConfigureAwait(false);
            context.Response.Close();
        }
    }

    internal sealed record RecordedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Query, string? Authorization)
    {
        public override string ToString()
            => Path + (Query.Count == 0 ? string.Empty : "?" + string.Join("&", Query.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}")));
    }
}
