using System.Threading.Tasks;
using Xunit;
using Verify = MeshReady.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MeshReady.Analyzers.Clients.HostHeaderAnalyzer>;

namespace MeshReady.Analyzers.Tests.Clients;

public class HostHeaderAnalyzerTests
{
    // ---- Positive cases ----

    [Fact]
    public Task HostSetOnRequestMessage()
        => Verify.VerifyAsync("""
            using System.Net.Http;
            using System.Threading.Tasks;

            public sealed class TenantClient(HttpClient http)
            {
                public async Task<string> GetAsync(string tenant)
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, "http://10.0.12.7:8080/profile");
                    {|MESH012:request.Headers.Host = $"{tenant}.profiles.svc.cluster.local"|};
                    using var response = await http.SendAsync(request);
                    return await response.Content.ReadAsStringAsync();
                }
            }
            """);

    [Fact]
    public Task HostOnDefaultRequestHeaders()
        => Verify.VerifyAsync("""
            using System;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddHttpClient("erp", client =>
            {
                client.BaseAddress = new Uri("http://erp-gateway");
                {|MESH012:client.DefaultRequestHeaders.Host = "erp.internal.example.com"|};
            });
            builder.Build().Run();
            """);

    [Fact]
    public Task HostAddedByName()
        => Verify.VerifyAsync("""
            using System.Net.Http;

            public static class Routing
            {
                public static void Prepare(HttpRequestMessage request) => {|MESH012:request.Headers.Add("Host", "billing.default")|};
            }
            """);

    [Fact]
    public Task HostAddedWithoutValidationFromConstant()
        => Verify.VerifyAsync("""
            using System.Net.Http;

            public static class Routing
            {
                private const string HostHeader = "host";

                public static void Prepare(HttpClient client, string virtualHost)
                {
                    {|MESH012:client.DefaultRequestHeaders.TryAddWithoutValidation(HostHeader, virtualHost)|};
                }
            }
            """);

    [Fact]
    public Task HostFromAspNetHeaderNames()
        => Verify.VerifyAsync("""
            using System.Net.Http;
            using Microsoft.Net.Http.Headers;

            public static class ManualProxy
            {
                public static void CopyHost(HttpRequestMessage outbound, string inboundHost)
                {
                    {|MESH012:outbound.Headers.TryAddWithoutValidation(HeaderNames.Host, inboundHost)|};
                }
            }
            """);

    // ---- Negative cases ----

    [Fact]
    public Task ReverseProxyForwardingTheOriginalHostIsNotFlagged()
        => Verify.VerifyAsync("""
            using System.Net.Http;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;

            var app = WebApplication.Create(args);
            app.MapGet("/proxy/{**rest}", async (HttpContext context, IHttpClientFactory factory, string rest) =>
            {
                using var outbound = new HttpRequestMessage(HttpMethod.Get, "http://backend/" + rest);
                outbound.Headers.Host = context.Request.Host.Value;
                using var response = await factory.CreateClient().SendAsync(outbound);
                return Results.StatusCode((int)response.StatusCode);
            });
            app.Run();
            """);

    [Fact]
    public Task GatewayCopyingTheIncomingHostHeaderIsNotFlagged()
        => Verify.VerifyAsync("""
            using System.Net.Http;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Http;

            public sealed class TenantGateway(HttpClient http)
            {
                public async Task<HttpResponseMessage> ForwardAsync(HttpContext context)
                {
                    var outbound = new HttpRequestMessage(new HttpMethod(context.Request.Method), "http://storefront" + context.Request.Path);
                    string? host = context.Request.Headers["Host"];
                    outbound.Headers.TryAddWithoutValidation("Host", host);
                    return await http.SendAsync(outbound, context.RequestAborted);
                }
            }
            """);

    [Fact]
    public Task ProxyTransformWithOriginalOrConfiguredHostIsNotFlagged()
        => Verify.VerifyAsync("""
            using System.Net.Http;
            using Microsoft.AspNetCore.Http;
            using Yarp.ReverseProxy.Configuration;

            // Shaped like YARP's RequestHeaderOriginalHostTransform; DestinationConfig is a stand-in for YARP's record.
            public sealed class OriginalHostTransform(bool useOriginalHost)
            {
                public void Apply(HttpContext context, HttpRequestMessage proxyRequest, DestinationConfig destination)
                {
                    var originalHost = context.Request.Host.Value is { Length: > 0 } host ? host : null;
                    if (useOriginalHost)
                    {
                        proxyRequest.Headers.TryAddWithoutValidation("Host", originalHost ?? destination.Host);
                    }
                    else
                    {
                        proxyRequest.Headers.Host = destination.Host;
                    }
                }
            }

            namespace Yarp.ReverseProxy.Configuration
            {
                public sealed record DestinationConfig
                {
                    public string? Host { get; init; }
                }
            }
            """);

    [Fact]
    public Task ProxySettingAnotherHostIsStillFlagged()
        => Verify.VerifyAsync("""
            using System.Net.Http;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Http;

            public sealed class LegacyGateway(HttpClient http)
            {
                public Task<HttpResponseMessage> ForwardAsync(HttpContext context)
                {
                    var outbound = new HttpRequestMessage(HttpMethod.Get, "http://10.0.4.12" + context.Request.Path);
                    {|MESH012:outbound.Headers.Host = "legacy-billing.internal"|};
                    return http.SendAsync(outbound, context.RequestAborted);
                }
            }
            """);

    [Fact]
    public Task ReadingHostIsNotFlagged()
        => Verify.VerifyAsync("""
            using System.Net.Http;

            public static class Logging
            {
                public static string Describe(HttpRequestMessage request) => request.Headers.Host ?? request.RequestUri?.Host ?? "?";
            }
            """);

    [Fact]
    public Task ClearingHostIsNotFlagged()
        => Verify.VerifyAsync("""
            using System.Net.Http;

            public static class Reset
            {
                public static void Prepare(HttpRequestMessage request, HttpClient client)
                {
                    request.Headers.Host = null;
                    client.DefaultRequestHeaders.Host = default;
                }
            }
            """);

    [Fact]
    public Task ServerSideHostIsNotFlagged()
        => Verify.VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;

            var app = WebApplication.Create(args);
            app.Use(async (context, next) =>
            {
                context.Request.Host = new HostString("orders.example.com");
                context.Response.Headers["Host"] = "ignored";
                await next(context);
            });
            app.Run();
            """);

    [Fact]
    public Task OtherHeadersAreNotFlagged()
        => Verify.VerifyAsync("""
            using System.Net.Http;

            public static class Forwarding
            {
                public static void Prepare(HttpRequestMessage request, string originalHost)
                {
                    request.Headers.Add("X-Forwarded-Host", originalHost);
                    request.Headers.TryAddWithoutValidation("X-Original-Host", originalHost);
                }
            }
            """);

    [Fact]
    public Task ContentHeadersAreNotFlagged()
        => Verify.VerifyAsync("""
            using System.Net.Http;

            public static class Payload
            {
                public static StringContent Create(string json)
                {
                    var content = new StringContent(json);
                    content.Headers.Remove("Content-Type");
                    content.Headers.Add("Content-Type", "application/json");
                    return content;
                }
            }
            """);

    [Fact]
    public Task LookalikeTypeIsNotFlagged()
        => Verify.VerifyAsync("""
            public sealed class FakeHeaders
            {
                public string? Host { get; set; }
                public void Add(string name, string value) { }
            }

            public static class Tests
            {
                public static void Arrange(FakeHeaders headers)
                {
                    headers.Host = "orders";
                    headers.Add("Host", "orders");
                }
            }
            """);

    [Fact]
    public Task DisabledMeshSilencesTheRule()
        => Verify.VerifyAsync(
            """
            using System.Net.Http;

            public static class Routing
            {
                public static void Prepare(HttpRequestMessage request) => request.Headers.Host = "billing";
            }
            """,
            editorConfig: "meshready.data_plane = none",
            references: null);

    // ---- Broken input ----

    [Fact]
    public Task HalfTypedAssignmentDoesNotCrash()
        => Verify.VerifyAsync("""
            using System.Net.Http;

            public static class HalfTyped
            {
                public static void Prepare(HttpRequestMessage request)
                {
                    request.Headers.Host = {|CS1525:;|}
                }
            }
            """);
}
