using System.Threading.Tasks;
using MeshReady.CodeFixes.Clients;
using Xunit;
using Verify = MeshReady.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MeshReady.Analyzers.Clients.HopByHopHeaderAnalyzer>;
using VerifyFix = MeshReady.Analyzers.Tests.Infrastructure.CodeFixVerifier<MeshReady.Analyzers.Clients.HopByHopHeaderAnalyzer, MeshReady.CodeFixes.Clients.RemoveHopByHopHeaderCodeFix>;

namespace MeshReady.Analyzers.Tests.Clients;

public class HopByHopHeaderAnalyzerTests
{
    // ---- Positive cases ----

    [Fact]
    public Task ConnectionKeepAliveAddedToRequest()
        => Verify.VerifyAsync("""
            using System.Net.Http;
            using System.Threading.Tasks;

            public sealed class PaymentsClient(HttpClient http)
            {
                public async Task<HttpResponseMessage> AuthorizeAsync(HttpContent body)
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, "http://payments/authorize") { Content = body };
                    {|MESH011:request.Headers.Add("Connection", "keep-alive")|};
                    return await http.SendAsync(request);
                }
            }
            """);

    [Fact]
    public Task KeepAliveOnDefaultRequestHeadersInRegistration()
        => Verify.VerifyAsync("""
            using System;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddHttpClient("catalog", client =>
            {
                client.BaseAddress = new Uri("http://catalog");
                {|MESH011:client.DefaultRequestHeaders.Add("Keep-Alive", "timeout=600, max=1000")|};
            });
            builder.Build().Run();
            """);

    [Fact]
    public Task ConnectionCloseThroughTryAddWithoutValidation()
        => Verify.VerifyAsync("""
            using System.Net.Http;

            public static class BatchUpload
            {
                public static HttpRequestMessage Create(string url)
                {
                    var request = new HttpRequestMessage(HttpMethod.Put, url);
                    {|MESH011:request.Headers.TryAddWithoutValidation("connection", "Close")|};
                    return request;
                }
            }
            """);

    [Fact]
    public Task ProxyConnectionHeader()
        => Verify.VerifyAsync("""
            using System.Net.Http;

            public static class LegacyProxy
            {
                private const string ProxyConnection = "Proxy-Connection";

                public static void Prepare(HttpClient client) => {|MESH011:client.DefaultRequestHeaders.Add(ProxyConnection, "keep-alive")|};
            }
            """);

    [Fact]
    public Task TypedConnectionCollection()
        => Verify.VerifyAsync("""
            using System.Net.Http;

            public static class Warmup
            {
                public static void Prepare(HttpRequestMessage request)
                {
                    {|MESH011:request.Headers.Connection.Add("keep-alive")|};
                }
            }
            """);

    [Fact]
    public Task ConnectionCloseProperty()
        => Verify.VerifyAsync("""
            using System.Net.Http;

            public static class OneShot
            {
                public static void Prepare(HttpClient client)
                {
                    {|MESH011:client.DefaultRequestHeaders.ConnectionClose = true|};
                }
            }
            """);

    [Fact]
    public Task AspNetCoreHeaderNamesConstant()
        => Verify.VerifyAsync("""
            using System.Net.Http;
            using Microsoft.Net.Http.Headers;

            public static class Forwarder
            {
                public static void Prepare(HttpRequestMessage outbound)
                {
                    {|MESH011:outbound.Headers.TryAddWithoutValidation(HeaderNames.KeepAlive, "timeout=5")|};
                }
            }
            """);

    [Fact]
    public Task HttpWebRequestKeepAliveWithHttp10()
        => Verify.VerifyAsync("""
            using System.Net;

            #pragma warning disable SYSLIB0014
            public static class SoapGateway
            {
                public static WebResponse Call(string url)
                {
                    var request = (HttpWebRequest)WebRequest.Create(url);
                    request.ProtocolVersion = HttpVersion.Version10;
                    {|MESH011:request.KeepAlive = true|};
                    return request.GetResponse();
                }
            }
            """);

    // ---- Negative cases ----

    [Fact]
    public Task EndToEndHeadersAreNotFlagged()
        => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;
            using System.Net.Http.Headers;

            public static class Headers
            {
                public static void Prepare(HttpRequestMessage request, HttpClient client, string token)
                {
                    request.Headers.Add("Accept", "application/json");
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                    request.Headers.TryAddWithoutValidation("X-Correlation-Id", Guid.NewGuid().ToString());
                    client.DefaultRequestHeaders.UserAgent.ParseAdd("orders-api/1.0");
                }
            }
            """);

    [Fact]
    public Task ConnectionUpgradeIsNotFlagged()
        => Verify.VerifyAsync("""
            using System.Net.Http;

            public static class Upgrade
            {
                public static void Prepare(HttpRequestMessage request)
                {
                    request.Headers.Add("Connection", "Upgrade");
                    request.Headers.Add("Upgrade", "websocket");
                }
            }
            """);

    [Fact]
    public Task ResponseHeadersOnTheServerAreNotFlagged()
        => Verify.VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;

            var app = WebApplication.Create(args);
            app.MapGet("/legacy", (HttpContext context) =>
            {
                context.Response.Headers["Connection"] = "close";
                context.Response.Headers.Append("Keep-Alive", "timeout=5");
                return Results.Ok();
            });
            app.Run();
            """);

    [Fact]
    public Task HttpResponseMessageHeadersAreNotFlagged()
        => Verify.VerifyAsync("""
            using System.Net;
            using System.Net.Http;

            public static class Stub
            {
                public static HttpResponseMessage Closed()
                {
                    var response = new HttpResponseMessage(HttpStatusCode.OK);
                    response.Headers.Add("Connection", "close");
                    response.Headers.ConnectionClose = true;
                    return response;
                }
            }
            """);

    [Fact]
    public Task ConnectionCloseFalseAndReadsAreNotFlagged()
        => Verify.VerifyAsync("""
            using System.Net.Http;

            public static class Reuse
            {
                public static bool Prepare(HttpRequestMessage request)
                {
                    request.Headers.ConnectionClose = false;
                    return request.Headers.Connection.Contains("keep-alive") || request.Headers.ConnectionClose == true;
                }
            }
            """);

    [Fact]
    public Task HttpWebRequestKeepAliveOnHttp11IsNotFlagged()
        => Verify.VerifyAsync("""
            using System.Net;

            #pragma warning disable SYSLIB0014
            public static class SoapGateway
            {
                public static WebResponse Call(string url)
                {
                    var request = (HttpWebRequest)WebRequest.Create(url);
                    request.KeepAlive = true;
                    request.KeepAlive = false;
                    return request.GetResponse();
                }
            }
            """);

    [Fact]
    public Task ComputedHeaderNameIsNotFlagged()
        => Verify.VerifyAsync("""
            using System.Collections.Generic;
            using System.Net.Http;

            public static class CopyHeaders
            {
                public static void Copy(IDictionary<string, string> from, HttpRequestMessage to)
                {
                    foreach (var pair in from)
                    {
                        to.Headers.TryAddWithoutValidation(pair.Key, pair.Value);
                    }
                }
            }
            """);

    // ---- Broken input ----

    [Fact]
    public Task HalfTypedHeaderCallDoesNotCrash()
        => Verify.VerifyAsync("""
            using System.Net.Http;

            public static class HalfTyped
            {
                public static void Prepare(HttpRequestMessage request)
                {
                    request.Headers.Add("Connection"{|CS1026:|}{|CS1002:|}
                }
            }
            """,
            new Microsoft.CodeAnalysis.Testing.DiagnosticResult("CS1501", Microsoft.CodeAnalysis.DiagnosticSeverity.Error).WithSpan(7, 25, 7, 28).WithArguments("Add", "1"));

    // ---- Code fix ----

    [Fact]
    public Task FixRemovesTheStatement()
        => VerifyFix.VerifyFixAsync(
            """
            using System.Net.Http;

            public static class Warmup
            {
                public static void Prepare(HttpRequestMessage request)
                {
                    request.Headers.Add("Accept", "application/json");
                    {|MESH011:request.Headers.Add("Connection", "keep-alive")|};
                    request.Headers.Add("X-Trace", "1");
                }
            }
            """,
            """
            using System.Net.Http;

            public static class Warmup
            {
                public static void Prepare(HttpRequestMessage request)
                {
                    request.Headers.Add("Accept", "application/json");
                    request.Headers.Add("X-Trace", "1");
                }
            }
            """);

    [Fact]
    public Task NoFixWhenTheCallIsTheOnlyBodyOfAnIf()
        => VerifyFix.VerifyNoFixAsync("""
            using System.Net.Http;

            public static class Conditional
            {
                public static void Prepare(HttpRequestMessage request, bool legacy)
                {
                    if (legacy)
                        {|MESH011:request.Headers.Add("Connection", "close")|};
                }
            }
            """);

    [Fact]
    public Task FixAllRemovesEveryHeader()
        => VerifyFix.VerifyFixAllAsync(
            """
            using System.Net.Http;

            public static class Legacy
            {
                public static void Prepare(HttpClient client, HttpRequestMessage request)
                {
                    {|MESH011:client.DefaultRequestHeaders.Add("Keep-Alive", "timeout=30")|};
                    {|MESH011:client.DefaultRequestHeaders.ConnectionClose = true|};
                    {|MESH011:request.Headers.Connection.Add("keep-alive")|};
                    request.Headers.Add("Accept", "text/plain");
                }
            }
            """,
            """
            using System.Net.Http;

            public static class Legacy
            {
                public static void Prepare(HttpClient client, HttpRequestMessage request)
                {
                    request.Headers.Add("Accept", "text/plain");
                }
            }
            """,
            RemoveHopByHopHeaderCodeFix.EquivalenceKey);
}
