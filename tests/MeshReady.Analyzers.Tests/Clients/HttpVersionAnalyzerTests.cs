using System.Threading.Tasks;
using MeshReady.Analyzers.Clients;
using MeshReady.CodeFixes.Clients;
using Xunit;
using Verify = MeshReady.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MeshReady.Analyzers.Clients.HttpVersionAnalyzer>;
using VerifyFix = MeshReady.Analyzers.Tests.Infrastructure.CodeFixVerifier<MeshReady.Analyzers.Clients.HttpVersionAnalyzer, MeshReady.CodeFixes.Clients.UseHttp11CodeFix>;

namespace MeshReady.Analyzers.Tests.Clients;

public class HttpVersionAnalyzerTests
{
    // ---- Positive cases: HTTP/1.0 set on something that sends a request ----

    [Fact]
    public Task RequestMessageVersionSetToVersion10()
        => Verify.VerifyAsync("""
            using System.Net;
            using System.Net.Http;
            using System.Threading.Tasks;

            public class InventoryClient
            {
                private readonly HttpClient _http;
                public InventoryClient(HttpClient http) => _http = http;

                public async Task<string> GetStockAsync(string sku)
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, $"http://inventory/stock/{sku}");
                    request.Version = {|MESH010:HttpVersion.Version10|};
                    using var response = await _http.SendAsync(request);
                    return await response.Content.ReadAsStringAsync();
                }
            }
            """);

    [Fact]
    public Task ObjectInitializerWithNewVersion()
        => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;

            public static class LegacyRequests
            {
                public static HttpRequestMessage Ping() => new HttpRequestMessage(HttpMethod.Head, "http://billing/ping")
                {
                    Version = {|MESH010:new Version(1, 0)|},
                };
            }
            """);

    [Fact]
    public Task DefaultRequestVersionInTypedClientRegistration()
        => Verify.VerifyAsync("""
            using System;
            using System.Net;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddHttpClient("legacy-erp", client =>
            {
                client.BaseAddress = new Uri("http://erp-gateway");
                client.DefaultRequestVersion = {|MESH010:HttpVersion.Version10|};
            });
            var app = builder.Build();
            app.Run();
            """);

    [Fact]
    public Task VersionReachedThroughLocal()
        => Verify.VerifyAsync("""
            using System.Net;
            using System.Net.Http;

            public static class Requests
            {
                public static HttpRequestMessage Build(string url)
                {
                    var protocol = HttpVersion.Version10;
                    var request = new HttpRequestMessage(HttpMethod.Get, url);
                    request.Version = {|MESH010:protocol|};
                    return request;
                }
            }
            """);

    [Fact]
    public Task VersionReachedThroughStaticReadonlyField()
        => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;

            public sealed class ReportClient
            {
                private static readonly Version LegacyProtocol = new Version(1, 0);
                private readonly HttpClient _client = new HttpClient();

                public ReportClient()
                {
                    _client.DefaultRequestVersion = {|MESH010:LegacyProtocol|};
                }
            }
            """);

    [Fact]
    public Task VersionFromConstantsAndParse()
        => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;

            public static class Protocols
            {
                private const int Major = 1;
                private const int Minor = 0;
                private const string Legacy = "1.0";

                public static void Configure(HttpRequestMessage a, HttpRequestMessage b)
                {
                    a.Version = {|MESH010:new Version(Major, Minor)|};
                    b.Version = {|MESH010:Version.Parse(Legacy)|};
                }
            }
            """);

    [Fact]
    public Task HttpWebRequestProtocolVersion()
        => Verify.VerifyAsync("""
            using System.Net;

            #pragma warning disable SYSLIB0014
            public static class SoapGateway
            {
                public static WebResponse Call(string url)
                {
                    var request = (HttpWebRequest)WebRequest.Create(url);
                    request.ProtocolVersion = {|MESH010:HttpVersion.Version10|};
                    return request.GetResponse();
                }
            }
            """);

    // ---- Negative cases: realistic code that must stay silent ----

    [Fact]
    public Task ComparisonOfResponseVersionIsNotFlagged()
        => Verify.VerifyAsync("""
            using System.Net;
            using System.Net.Http;
            using System.Threading.Tasks;

            public static class Diagnostics
            {
                public static async Task<bool> IsLegacyAsync(HttpClient client)
                {
                    using var response = await client.GetAsync("http://catalog/health");
                    if (response.Version == HttpVersion.Version10)
                    {
                        return true;
                    }

                    return response.Version < new System.Version(1, 1);
                }
            }
            """);

    [Fact]
    public Task ServerReadingRequestProtocolIsNotFlagged()
        => Verify.VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;

            var app = WebApplication.Create(args);
            app.MapGet("/protocol", (HttpContext context) =>
            {
                var isHttp10 = HttpProtocol.IsHttp10(context.Request.Protocol);
                return isHttp10 ? Results.StatusCode(426) : Results.Ok(context.Request.Protocol);
            });
            app.Run();
            """);

    [Fact]
    public Task Http11And2AreNotFlagged()
        => Verify.VerifyAsync("""
            using System;
            using System.Net;
            using System.Net.Http;

            public static class Modern
            {
                public static void Configure(HttpClient client, HttpRequestMessage request, HttpRequestMessage grpc)
                {
                    client.DefaultRequestVersion = HttpVersion.Version11;
                    client.DefaultVersionPolicy = HttpVersionPolicy.RequestVersionOrHigher;
                    request.Version = new Version(1, 1);
                    grpc.Version = HttpVersion.Version20;
                }
            }
            """);

    [Fact]
    public Task ReassignedLocalIsNotFollowed()
        => Verify.VerifyAsync("""
            using System;
            using System.Net;
            using System.Net.Http;

            public static class Negotiation
            {
                public static void Configure(HttpRequestMessage request, bool legacyPeer)
                {
                    var version = HttpVersion.Version10;
                    if (!legacyPeer)
                    {
                        version = HttpVersion.Version11;
                    }

                    request.Version = version;
                }
            }
            """);

    [Fact]
    public Task VersionTenUsedForUnrelatedTypesIsNotFlagged()
        => Verify.VerifyAsync("""
            using System;

            public sealed class SchemaInfo
            {
                public Version Version { get; set; } = new Version(1, 0);
            }

            public static class Migrations
            {
                public static SchemaInfo Initial() => new SchemaInfo { Version = new Version(1, 0) };
            }
            """);

    [Fact]
    public Task ComputedVersionIsNotFlagged()
        => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;

            public static class FromConfig
            {
                public static void Apply(HttpRequestMessage request, string configured)
                {
                    request.Version = Version.Parse(configured);
                }
            }
            """);

    [Fact]
    public Task AmbientDataPlaneSilencesTheRule()
        => Verify.VerifyAsync(
            """
            using System.Net;
            using System.Net.Http;

            public static class Legacy
            {
                public static void Configure(HttpRequestMessage request) => request.Version = HttpVersion.Version10;
            }
            """,
            editorConfig: "meshready.data_plane = ambient",
            references: null);

    [Fact]
    public Task DisabledMeshSilencesTheRule()
        => Verify.VerifyAsync(
            """
            using System.Net;
            using System.Net.Http;

            public static class Legacy
            {
                public static void Configure(HttpRequestMessage request) => request.Version = HttpVersion.Version10;
            }
            """,
            editorConfig: "meshready.data_plane = none",
            references: null);

    // ---- Broken and unusual input: no crash, no false diagnostic ----

    [Fact]
    public Task IncompleteMemberAccessDoesNotCrash()
        => Verify.VerifyAsync("""
            using System.Net;
            using System.Net.Http;

            public static class HalfTyped
            {
                public static void Configure(HttpRequestMessage request)
                {
                    request.Version = HttpVersion.{|CS0117:|}{|CS1001:;|}
                }
            }
            """);

    [Fact]
    public Task CodeWithoutHttpTypesDoesNotCrash()
        => Verify.VerifyAsync(
            """
            public class Version { public Version(int a, int b) { } }
            public class HttpRequestMessage { public Version Version { get; set; } = new Version(1, 1); }

            public static class Lookalike
            {
                public static void Configure(HttpRequestMessage request) => request.Version = new Version(1, 0);
            }
            """,
            editorConfig: null,
            references: Microsoft.CodeAnalysis.Testing.ReferenceAssemblies.NetStandard.NetStandard20);

    [Fact]
    public Task GeneratedCodeIsNotAnalyzed()
        => Verify.VerifyAsync("""
            // <auto-generated>
            //     Generated by a service-reference tool.
            // </auto-generated>
            using System.Net;
            using System.Net.Http;

            public static partial class GeneratedSoapClient
            {
                public static void Configure(HttpRequestMessage request) => request.Version = HttpVersion.Version10;
            }
            """);

    // ---- Code fix ----

    [Fact]
    public Task FixReplacesVersion10WithVersion11()
        => VerifyFix.VerifyFixAsync(
            """
            using System.Net;
            using System.Net.Http;

            public static class Requests
            {
                public static HttpRequestMessage Build() => new HttpRequestMessage(HttpMethod.Get, "http://orders/")
                {
                    Version = {|MESH010:HttpVersion.Version10|},
                };
            }
            """,
            """
            using System.Net;
            using System.Net.Http;

            public static class Requests
            {
                public static HttpRequestMessage Build() => new HttpRequestMessage(HttpMethod.Get, "http://orders/")
                {
                    Version = HttpVersion.Version11,
                };
            }
            """);

    [Fact]
    public Task FixAddsUsingWhenSystemNetIsMissing()
        => VerifyFix.VerifyFixAsync(
            """
            using System;
            using System.Net.Http;

            public static class Requests
            {
                public static void Configure(HttpClient client) => client.DefaultRequestVersion = {|MESH010:new Version(1, 0)|};
            }
            """,
            """
            using System;
            using System.Net;
            using System.Net.Http;

            public static class Requests
            {
                public static void Configure(HttpClient client) => client.DefaultRequestVersion = HttpVersion.Version11;
            }
            """);

    [Fact]
    public Task NoFixWhenTheValueComesFromALocal()
        => VerifyFix.VerifyNoFixAsync("""
            using System.Net;
            using System.Net.Http;

            public static class Requests
            {
                public static void Configure(HttpRequestMessage request)
                {
                    var legacy = HttpVersion.Version10;
                    request.Version = {|MESH010:legacy|};
                }
            }
            """);

    [Fact]
    public Task FixAllReplacesEveryOccurrence()
        => VerifyFix.VerifyFixAllAsync(
            """
            using System;
            using System.Net;
            using System.Net.Http;

            public static class Requests
            {
                public static void Configure(HttpClient client, HttpRequestMessage a, HttpRequestMessage b)
                {
                    client.DefaultRequestVersion = {|MESH010:HttpVersion.Version10|};
                    a.Version = {|MESH010:new Version(1, 0)|};
                    b.Version = {|MESH010:Version.Parse("1.0")|};
                }
            }
            """,
            """
            using System;
            using System.Net;
            using System.Net.Http;

            public static class Requests
            {
                public static void Configure(HttpClient client, HttpRequestMessage a, HttpRequestMessage b)
                {
                    client.DefaultRequestVersion = HttpVersion.Version11;
                    a.Version = HttpVersion.Version11;
                    b.Version = HttpVersion.Version11;
                }
            }
            """,
            UseHttp11CodeFix.EquivalenceKey);
}
