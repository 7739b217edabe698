using System.Threading.Tasks;
using MeshReady.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = MeshReady.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MeshReady.Analyzers.Addressing.InMeshTlsAnalyzer>;

namespace MeshReady.Analyzers.Tests.Addressing;

public class InMeshTlsAnalyzerTests
{
    private static readonly ReferenceAssemblies GrpcClient = TestReferences.WithPackages(("Grpc.Net.Client", "2.65.0"), ("Microsoft.Extensions.Logging.Abstractions", "8.0.0"));

    // ---- Positive ----

    [Fact]
    public Task HttpsBaseAddressForAServiceInTheNamespace()
        => Verify.VerifyAsync("""
            using System;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddHttpClient("inventory", c => c.BaseAddress = new Uri({|MESH013:"https://inventory"|}));
            builder.Build().Run();
            """);

    [Fact]
    public Task HttpsToNameDotNamespaceAndSvcNames()
        => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;

            public class PricingClient
            {
                private readonly HttpClient _http = new();

                public Task<string> QuoteAsync() => _http.GetStringAsync({|MESH013:"https://pricing.catalog/quotes"|});

                public Task<string> RatesAsync() => _http.GetStringAsync({|MESH013:"https://rates.finance.svc:8443/today"|});

                public Task<string> TaxAsync() => _http.GetStringAsync({|MESH013:"https://tax.finance.svc.cluster.local/v1/rates"|});
            }
            """);

    [Fact]
    public Task GrpcChannelOverHttps()
        => Verify.VerifyAsync("""
            using Grpc.Net.Client;

            public static class Channels
            {
                public static GrpcChannel Catalog() => GrpcChannel.ForAddress({|MESH013:"https://catalog-grpc:5001"|});
            }
            """, editorConfig: null, references: GrpcClient);

    [Fact]
    public Task InterpolatedHostStillKnown()
        => Verify.VerifyAsync("""
            using System;

            public static class Urls
            {
                public static Uri Order(Guid id) => new Uri({|MESH013:$"https://orders.shop.svc.cluster.local/orders/{id}"|});
            }
            """);

    [Fact]
    public Task RequestMessageWithHttpsServiceName()
        => Verify.VerifyAsync("""
            using System.Net.Http;

            public static class Requests
            {
                public static HttpRequestMessage Ship() => new HttpRequestMessage(HttpMethod.Post, {|MESH013:"https://shipping/api/shipments"|});
            }
            """);

    [Fact]
    public Task AcceptAnyCertificateForAnInClusterClient()
        => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services
                .AddHttpClient("billing", c => c.BaseAddress = new Uri({|MESH013:"https://billing.payments:8443"|}))
                .ConfigurePrimaryHttpMessageHandler(() => new HttpClientHandler
                {
                    ServerCertificateCustomValidationCallback = {|MESH013:HttpClientHandler.DangerousAcceptAnyServerCertificateValidator|},
                });
            builder.Build().Run();
            """);

    [Fact]
    public Task CallbackReturningTrueForAnInClusterClient()
        => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;

            public static class Clients
            {
                public static HttpClient Ledger()
                {
                    var handler = new SocketsHttpHandler();
                    handler.SslOptions.RemoteCertificateValidationCallback = {|MESH013:(_, _, _, _) => true|};
                    return new HttpClient(handler) { BaseAddress = new Uri({|MESH013:"https://ledger"|}) };
                }
            }
            """);

    [Fact]
    public Task CustomClusterDomain()
        => Verify.VerifyAsync("""
            using System;

            public static class Urls
            {
                public static readonly Uri Search = new Uri({|MESH013:"https://search.catalog.svc.prod.example/"|});
            }
            """, editorConfig: "meshready.cluster_domain = prod.example", references: null);

    [Fact]
    public Task JsonExtensionsAndWebSockets()
        => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;
            using System.Net.Http.Json;
            using System.Net.WebSockets;
            using System.Threading.Tasks;

            public class Notifications
            {
                private readonly HttpClient _http = new();

                public Task<HttpResponseMessage> SendAsync(object message) => _http.PostAsJsonAsync({|MESH013:"https://notifier/messages"|}, message);

                public Task ConnectAsync(ClientWebSocket socket) => socket.ConnectAsync(new Uri({|MESH013:"wss://chat.realtime/ws"|}), default);
            }
            """);

    // ---- Negative ----

    [Fact]
    public Task PlainHttpToServicesIsTheFix()
        => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;

            public static class Clients
            {
                public static HttpClient Inventory() => new() { BaseAddress = new Uri("http://inventory") };

                public static HttpClient Billing() => new() { BaseAddress = new Uri("http://billing.payments.svc.cluster.local:8080") };
            }
            """);

    [Fact]
    public Task ExternalHostsNeedTls()
        => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;

            public class Payments
            {
                private readonly HttpClient _http = new() { BaseAddress = new Uri("https://api.stripe.com") };

                public Task<string> GitHubAsync() => _http.GetStringAsync("https://api.github.com/zen");

                public Task<string> OAuthAsync() => _http.GetStringAsync("https://login.microsoftonline.com/common/discovery");

                public Task<string> ShortExternalAsync() => _http.GetStringAsync("https://example.io/health");
            }
            """);

    [Fact]
    public Task KubernetesApiServerIsNotAMeshedWorkload()
        => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;

            public static class KubeApi
            {
                public static HttpClient Create()
                {
                    var handler = new HttpClientHandler
                    {
                        ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator,
                    };
                    return new HttpClient(handler) { BaseAddress = new Uri("https://kubernetes.default.svc") };
                }
            }
            """);

    [Fact]
    public Task AcceptAnyCertificateForAnExternalHostIsAnotherProblem()
        => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;

            public static class Legacy
            {
                public static HttpClient Partner()
                {
                    var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true };
                    return new HttpClient(handler) { BaseAddress = new Uri("https://partner.example.com") };
                }
            }
            """);

    [Fact]
    public Task RealValidationCallbacksAreFine()
        => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;
            using System.Net.Security;

            public static class Pinned
            {
                public static HttpClient Vault()
                {
                    var handler = new HttpClientHandler
                    {
                        ServerCertificateCustomValidationCallback = (_, cert, _, errors) => errors == SslPolicyErrors.None && cert!.Thumbprint == "ABC",
                    };
                    return new HttpClient(handler) { BaseAddress = new Uri("http://vault") };
                }
            }
            """);

    [Fact]
    public Task LocalhostAndIPAddressesAreOtherRules()
        => Verify.VerifyAsync("""
            using System;

            public static class Urls
            {
                public static readonly Uri Local = new("https://localhost:5001");
                public static readonly Uri Ip = new("https://10.0.0.12:8443");
                public static readonly Uri Local2 = new("https://orders.local/");
                public static readonly Uri Internal = new("https://wiki.internal/");
            }
            """);

    [Fact]
    public Task UrlsFromConfigurationAreUnknown()
        => Verify.VerifyAsync("""
            using System;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddHttpClient("orders", c => c.BaseAddress = new Uri(builder.Configuration["Orders:Url"]!));
            builder.Services.AddHttpClient("stock", c => c.BaseAddress = new Uri($"{builder.Configuration["Scheme"]}://stock"));
            builder.Build().Run();
            """);

    [Fact]
    public Task StringsThatAreNotDestinations()
        => Verify.VerifyAsync("""
            using Microsoft.Extensions.Logging;

            public class Docs
            {
                public const string Link = "https://orders/docs";

                public static void Log(ILogger logger) => logger.LogInformation("See https://inventory/swagger");
            }
            """);

    [Fact]
    public Task DataPlaneNoneIsSilent()
        => Verify.VerifyAsync("""
            using System;

            public static class Urls
            {
                public static readonly Uri Orders = new("https://orders");
            }
            """, editorConfig: "meshready.data_plane = none", references: null);

    [Fact]
    public Task HalfTypedCodeDoesNotCrash()
        => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;

            public static class Broken
            {
                public static Uri Orders() => new Uri("https://orders" + {|CS1525:)|};

                public static HttpClientHandler Handler() => new() { ServerCertificateCustomValidationCallback = {|CS0103:Unknown|} };
            }
            """);
}
