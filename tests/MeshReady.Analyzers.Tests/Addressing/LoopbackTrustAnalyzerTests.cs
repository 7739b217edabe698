using System.Threading.Tasks;
using Xunit;
using Verify = MeshReady.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MeshReady.Analyzers.Addressing.LoopbackTrustAnalyzer>;

namespace MeshReady.Analyzers.Tests.Addressing;

public class LoopbackTrustAnalyzerTests
{
    // ---- Positive: the caller's address decides trust ----

    [Fact]
    public Task IsLoopbackOnRemoteIpAddressInAMinimalApiFilter()
        => Verify.VerifyAsync("""
            using System.Net;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;

            var app = WebApplication.CreateBuilder(args).Build();
            app.MapPost("/admin/flush-cache", () => Results.Ok())
               .AddEndpointFilter(async (context, next) =>
               {
                   var remote = context.HttpContext.Connection.RemoteIpAddress;
                   if (remote is null || !{|MESH023:IPAddress.IsLoopback(remote)|})
                   {
                       return Results.Forbid();
                   }

                   return await next(context);
               });
            app.Run();
            """);

    [Fact]
    public Task IsLocalRequestHelper()
        => Verify.VerifyAsync("""
            using System.Net;
            using Microsoft.AspNetCore.Http;

            public static class HttpRequestExtensions
            {
                public static bool IsLocal(this HttpRequest request)
                {
                    var connection = request.HttpContext.Connection;
                    if (connection.RemoteIpAddress is null)
                    {
                        return true;
                    }

                    return {|MESH023:connection.RemoteIpAddress.Equals(connection.LocalIpAddress)|}
                        || {|MESH023:IPAddress.IsLoopback(connection.RemoteIpAddress)|};
                }
            }
            """);

    [Fact]
    public Task EqualityWithIPAddressLoopback()
        => Verify.VerifyAsync("""
            using System.Net;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Http;

            public class InternalOnlyMiddleware
            {
                private readonly RequestDelegate _next;
                public InternalOnlyMiddleware(RequestDelegate next) => _next = next;

                public Task InvokeAsync(HttpContext context)
                {
                    var ip = context.Connection.RemoteIpAddress;
                    if ({|MESH023:ip == IPAddress.Loopback|} || {|MESH023:IPAddress.IPv6Loopback.Equals(ip)|})
                    {
                        return _next(context);
                    }

                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    return Task.CompletedTask;
                }
            }
            """);

    [Fact]
    public Task StringComparisonOfTheCallerAddress()
        => Verify.VerifyAsync("""
            using Microsoft.AspNetCore.Http;

            public static class Diagnostics
            {
                public static bool CanSeeStackTraces(HttpContext context)
                    => {|MESH023:context.Connection.RemoteIpAddress?.ToString() == "127.0.0.1"|}
                        || {|MESH023:"::1" == context.Connection.RemoteIpAddress!.ToString()|};
            }
            """);

    [Fact]
    public Task LocalCallersOnlyListCheck()
        => Verify.VerifyAsync("""
            using System.Collections.Generic;
            using System.Linq;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Http;

            public sealed class LocalOnlyMiddleware(RequestDelegate next)
            {
                public async Task InvokeAsync(HttpContext context)
                {
                    var localAddresses = new List<string> { "127.0.0.1", "::1", context.Connection.LocalIpAddress!.ToString() };
                    if (!{|MESH023:localAddresses.Contains(context.Connection.RemoteIpAddress!.ToString())|})
                    {
                        context.Response.StatusCode = StatusCodes.Status403Forbidden;
                        return;
                    }

                    await next(context);
                }
            }

            public static class AdminGate
            {
                private static readonly string[] Loopbacks = { "127.0.0.1", "::1" };

                public static bool IsLocal(HttpContext context)
                    => {|MESH023:Loopbacks.Contains(context.Connection.RemoteIpAddress?.ToString())|};

                public static bool IsLocalToo(HttpContext context)
                {
                    var remote = context.Connection.RemoteIpAddress?.ToString();
                    return {|MESH023:new[] { "127.0.0.1", "::1" }.Contains(remote)|}
                        || {|MESH023:string.Equals(remote, "127.0.0.1", System.StringComparison.Ordinal)|};
                }
            }
            """);

    [Fact]
    public Task AllowListFromConfigurationIsAnotherMatter()
        => Verify.VerifyAsync("""
            using System.Linq;
            using Microsoft.AspNetCore.Http;

            public sealed class AdminSafeList(string[] safeList)
            {
                private static readonly string[] Office = { "203.0.113.10", "203.0.113.11" };

                public bool Allowed(HttpContext context)
                    => safeList.Contains(context.Connection.RemoteIpAddress?.ToString())
                        || Office.Contains(context.Connection.RemoteIpAddress?.ToString());
            }
            """);

    [Fact]
    public Task MappedToIPv4BeforeTheCheck()
        => Verify.VerifyAsync("""
            using System.Net;
            using Microsoft.AspNetCore.Http;

            public static class Guard
            {
                public static bool IsTrusted(HttpContext context)
                {
                    var caller = context.Connection.RemoteIpAddress!.MapToIPv4();
                    return {|MESH023:IPAddress.IsLoopback(caller)|};
                }
            }
            """);

    [Fact]
    public Task ConnectionFeature()
        => Verify.VerifyAsync("""
            using System.Net;
            using Microsoft.AspNetCore.Http;
            using Microsoft.AspNetCore.Http.Features;

            public static class FeatureCheck
            {
                public static bool IsLocal(HttpContext context)
                {
                    var feature = context.Features.Get<IHttpConnectionFeature>()!;
                    return {|MESH023:IPAddress.IsLoopback(feature.RemoteIpAddress!)|};
                }
            }
            """);

    [Fact]
    public Task AuthorizationHandlerInAController()
        => Verify.VerifyAsync("""
            using System.Net;
            using Microsoft.AspNetCore.Mvc;

            [ApiController]
            [Route("internal/metrics")]
            public class MetricsController : ControllerBase
            {
                [HttpGet]
                public IActionResult Get()
                {
                    if ({|MESH023:HttpContext.Connection.RemoteIpAddress != IPAddress.Loopback|})
                    {
                        return Forbid();
                    }

                    return Ok(new { requests = 42 });
                }
            }
            """);

    [Fact]
    public Task EqualsWithParsedLoopback()
        => Verify.VerifyAsync("""
            using System.Net;
            using Microsoft.AspNetCore.Http;

            public static class Checks
            {
                private static readonly IPAddress Local = IPAddress.Parse("127.0.0.1");

                public static bool FromSidecarItself(HttpContext context)
                    => {|MESH023:context.Connection.RemoteIpAddress!.Equals(IPAddress.Parse("127.0.0.1"))|};
            }
            """);

    // ---- Negative ----

    [Fact]
    public Task LoggingTheCallerAddressIsFine()
        => Verify.VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            using Microsoft.Extensions.Logging;

            var app = WebApplication.CreateBuilder(args).Build();
            app.Use(async (context, next) =>
            {
                app.Logger.LogInformation("Request from {Ip}", context.Connection.RemoteIpAddress);
                await next(context);
            });
            app.Run();
            """);

    [Fact]
    public Task LoopbackChecksOnConfiguredAddressesAreNotAboutTheCaller()
        => Verify.VerifyAsync("""
            using System.Net;

            public static class Endpoints
            {
                public static bool IsLocalDatabase(string host)
                    => IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address);

                public static bool SameAsLoopback(IPAddress configured) => configured.Equals(IPAddress.Loopback);
            }
            """);

    [Fact]
    public Task ComparingTheCallerWithAnAllowListEntryIsAnotherMatter()
        => Verify.VerifyAsync("""
            using System.Net;
            using Microsoft.AspNetCore.Http;

            public static class AllowList
            {
                private static readonly IPAddress Office = IPAddress.Parse("203.0.113.10");

                public static bool FromOffice(HttpContext context) => context.Connection.RemoteIpAddress!.Equals(Office);
            }
            """);

    [Fact]
    public Task NullChecksOnRemoteIpAddress()
        => Verify.VerifyAsync("""
            using Microsoft.AspNetCore.Http;

            public static class Checks
            {
                public static bool HasCaller(HttpContext context) => context.Connection.RemoteIpAddress != null;

                public static string Describe(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            }
            """);

    [Fact]
    public Task LocalPortAndLocalAddressAloneAreFine()
        => Verify.VerifyAsync("""
            using System.Net;
            using Microsoft.AspNetCore.Http;

            public static class PortRouting
            {
                public static bool IsAdminPort(HttpContext context) => context.Connection.LocalPort == 9090;

                public static bool BoundToLoopback(HttpContext context) => IPAddress.IsLoopback(context.Connection.LocalIpAddress!);
            }
            """);

    [Fact]
    public Task ForwardedHeadersConfigurationIsTheRecommendedFix()
        => Verify.VerifyAsync("""
            using System.Net;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.HttpOverrides;
            using Microsoft.Extensions.DependencyInjection;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.Configure<ForwardedHeadersOptions>(o =>
            {
                o.ForwardedHeaders = ForwardedHeaders.XForwardedFor;
                o.KnownProxies.Add(IPAddress.Loopback);
                o.KnownProxies.Add(IPAddress.Parse("127.0.0.6"));
            });
            var app = builder.Build();
            app.UseForwardedHeaders();
            app.Run();
            """);

    [Fact]
    public Task StringComparisonWithOtherText()
        => Verify.VerifyAsync("""
            using Microsoft.AspNetCore.Http;

            public static class Checks
            {
                public static bool IsOffice(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() == "203.0.113.10";
            }
            """);

    [Fact]
    public Task ConsoleProgramsWithoutAspNetCoreRegisterNothing()
        => Verify.VerifyAsync("""
            using System.Net;

            public static class Probe
            {
                public static bool IsLocal(IPAddress address) => IPAddress.IsLoopback(address) || address.Equals(IPAddress.Loopback);
            }
            """, editorConfig: null, references: MeshReady.Analyzers.Tests.Infrastructure.TestReferences.Net80);

    [Fact]
    public Task DataPlaneNoneIsSilent()
        => Verify.VerifyAsync("""
            using System.Net;
            using Microsoft.AspNetCore.Http;

            public static class Checks
            {
                public static bool IsLocal(HttpContext context) => IPAddress.IsLoopback(context.Connection.RemoteIpAddress!);
            }
            """, editorConfig: "meshready.data_plane = none", references: null);

    [Fact]
    public Task HalfTypedCodeDoesNotCrash()
        => Verify.VerifyAsync("""
            using System.Net;
            using Microsoft.AspNetCore.Http;

            public static class Checks
            {
                public static bool IsLocal(HttpContext context) => IPAddress.IsLoopback(context.Connection.{|CS1061:RemoteIp|});

                public static bool Other(HttpContext context) => context.Connection.RemoteIpAddress == IPAddress.{|CS0117:Loop|};
            }
            """);
}
