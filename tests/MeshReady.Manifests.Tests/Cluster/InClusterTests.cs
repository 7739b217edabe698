using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Tasks;
using MeshReady.Manifests.Loading;
using Xunit;

namespace MeshReady.Manifests.Tests.Cluster;

/// <summary>
/// <c>meshready check --cluster</c> run inside a pod: no kubeconfig anywhere, so the pod's service account is used, as
/// client-go's InClusterConfig uses it. The API server is the replaying server behind a TLS front whose self-signed
/// certificate is the mounted <c>ca.crt</c>, so the client really verifies the server against that CA.
/// </summary>
public sealed class InClusterTests : IDisposable
{
    private readonly ReplayApiServer server = new();

    public void Dispose() => server.Dispose();

    [Fact]
    public async Task TheServiceAccountIsUsedWhenNoKubeconfigExists()
    {
        server.On("/api/v1/namespaces/shop", ApiResponses.ShopNamespace);
        server.On("/apis/apps/v1/namespaces/shop/deployments", ApiResponses.ShopDeploymentsPage1);
        server.On("/apis/apps/v1/namespaces/shop/deployments", ApiResponses.ShopDeploymentsPage2, continueToken: ApiResponses.ContinueToken);
        var folder = Path.Combine(Path.GetTempPath(), "meshready-cluster-tests", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        using var certificate = SelfSigned();
        File.WriteAllText(Path.Combine(folder, "ca.crt"), certificate.ExportCertificatePem());
        File.WriteAllText(Path.Combine(folder, "token"), "sa-token");
        File.WriteAllText(Path.Combine(folder, "namespace"), "shop");
        using var front = new TlsFront(certificate, server.BaseUri.Port);

        var environment = new ClusterEnvironment(null, Path.Combine(folder, "no-kubeconfig"), new ServiceAccount(folder, "127.0.0.1", front.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var (client, context, ns) = ClusterReader.Connect(null, null, environment);
        using (client as IDisposable)
        {
            Assert.Equal("(in-cluster service account)", context);
            Assert.Equal("shop", ns);
            var snapshot = await ClusterReader.ReadAsync(client, context, new ClusterScope(ns, AllNamespaces: false), rootNamespace: "istio-system");
            Assert.True(snapshot.Objects.Any(o => o.File == "Deployment/shop/orders-api"),
                string.Join("\n", snapshot.Objects.Select(o => o.File).Concat(snapshot.Findings.Select(f => f.Message)).Concat(snapshot.Notes).Concat(server.Requests.Select(r => r.ToString()))));
        }

        Assert.All(server.Requests, r => Assert.Equal("Bearer sa-token", r.Authorization));
        Assert.True(front.Connections > 0);

        // A service account without the API server's address (KUBERNETES_SERVICE_HOST/PORT unset) is no in-cluster config.
        var outside = new ClusterEnvironment(null, Path.Combine(folder, "no-kubeconfig"), new ServiceAccount(folder, null, null));
        var error = Assert.Throws<ClusterAccessException>(() => ClusterReader.Connect(null, null, outside));
        Assert.StartsWith("no kubeconfig found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AKubeconfigWinsOverTheServiceAccount()
    {
        var kubeconfig = server.WriteKubeconfig(contextNamespace: "shop");
        var folder = Path.GetDirectoryName(kubeconfig)!;
        File.WriteAllText(Path.Combine(folder, "token"), "sa-token");

        var (client, context, _) = ClusterReader.Connect(null, null, new ClusterEnvironment(kubeconfig, Path.Combine(folder, "none"), new ServiceAccount(folder, "127.0.0.1", "443")));
        using (client as IDisposable)
        {
            Assert.Equal("replay-jane", context);
        }
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=kubernetes", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("kubernetes.default.svc");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>Terminates TLS on a free loopback port and relays the bytes to the plain-HTTP replay server.</summary>
    private sealed class TlsFront : IDisposable
    {
        private readonly TcpListener listener = new(IPAddress.Loopback, 0);
        private readonly X509Certificate2 certificate;
        private readonly int target;
        private int connections;

        public TlsFront(X509Certificate2 certificate, int target)
        {
            this.certificate = certificate;
            this.target = target;
            listener.Start();
            _ = Task.Run(AcceptAsync);
        }

        public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

        public int Connections => connections;

        public void Dispose() => listener.Stop();

        private async Task AcceptAsync()
        {
            while (true)
            {
                TcpClient client;
                try
                {
                    client = await listener.AcceptTcpClientAsync();
                }
                catch (Exception ex) when (ex is SocketException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }

                _ = Task.Run(() => RelayAsync(client));
            }
        }

        private async Task RelayAsync(TcpClient client)
        {
            using (client)
            using (var tls = new SslStream(client.GetStream()))
            using (var upstream = new TcpClient())
            {
                try
                {
                    await tls.AuthenticateAsServerAsync(certificate);
                    System.Threading.Interlocked.Increment(ref connections);
                    await upstream.ConnectAsync(IPAddress.Loopback, target);
                    var plain = upstream.GetStream();
                    await Task.WhenAny(tls.CopyToAsync(plain), plain.CopyToAsync(tls));
                }
                catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or System.Security.Authentication.AuthenticationException)
                {
                    // A client that gave up, or the test ending: nothing to relay.
                }
            }
        }
    }
}
