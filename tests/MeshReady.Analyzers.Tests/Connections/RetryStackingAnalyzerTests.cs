using System.Threading.Tasks;
using MeshReady.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = MeshReady.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MeshReady.Analyzers.Clients.RetryStackingAnalyzer>;

namespace MeshReady.Analyzers.Tests.Connections;

public class RetryStackingAnalyzerTests
{
    // The rule is off by default: the tests turn it on the way users would.
    private const string Enabled = "dotnet_diagnostic.MESH017.severity = suggestion";

    // The real packages: the rule matches their methods by name on the real builder types. The feed lacks
    // Microsoft.Extensions.ObjectPool 8.0.10, the minimum Http.Resilience 8.10.0 asks for: 8.0.11 is named instead.
    private static readonly ReferenceAssemblies Resilience = TestReferences.WithPackages(
        ("Microsoft.Extensions.Http.Resilience", "8.10.0"), ("Microsoft.Extensions.ObjectPool", "8.0.11"));

    private static readonly ReferenceAssemblies GrpcClient = TestReferences.WithPackages(("Grpc.Net.Client", "2.65.0"));

    [Fact]
    public Task StandardResilienceOnInMeshClient()
        => Verify.VerifyAsync("""
            using System;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Http.Resilience;
            using Polly;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddHttpClient<Inventory>(c => c.BaseAddress = new Uri("http://inventory"))
                .{|MESH017:AddStandardResilienceHandler()|};
            builder.Services.AddHttpClient("billing", c => c.BaseAddress = new Uri("http://billing.payments.svc.cluster.local:8080"))
                .{|MESH017:AddResilienceHandler("retry", p => p.AddRetry(new HttpRetryStrategyOptions()))|};
            builder.Build().Run();

            public sealed class Inventory(System.Net.Http.HttpClient http) { }
            """, editorConfig: Enabled, references: Resilience);

    [Fact]
    public Task MessageCountsAttemptsNotRetries()
        => Verify.VerifyAsync("""
            using System;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddHttpClient("inventory", c => c.BaseAddress = new Uri("http://inventory"))
                .{|#0:AddStandardResilienceHandler()|};
            builder.Build().Run();
            """,
            editorConfig: Enabled,
            references: Resilience,
            new DiagnosticResult("MESH017", Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(0).WithMessage(
                "AddStandardResilienceHandler() retries calls to the in-mesh host 'inventory', which the Istio sidecar already retries (2 retries, so 3 attempts, by default): "
                + "attempts multiply (the standard resilience handler's 3 retries are 4 attempts, × 3 = up to 12 per call and hop) and a non-idempotent request can run several times; "
                + "retry in one layer only (or set VirtualService retries.attempts: 0 for this host)"));

    [Fact]
    public Task GrpcRetryPolicyToInMeshService()
        => Verify.VerifyAsync("""
            using Grpc.Net.Client;
            using Grpc.Net.Client.Configuration;

            var channel = GrpcChannel.ForAddress("http://pricing:5000", new GrpcChannelOptions
            {
                ServiceConfig = new ServiceConfig { MethodConfigs = { new MethodConfig { RetryPolicy = {|MESH017:new RetryPolicy { MaxAttempts = 5 }|} } } },
            });
            """, editorConfig: Enabled, references: GrpcClient);

    [Fact]
    public Task ExternalHostsTimeoutsOnlyAndUnknownAddressesAreFine()
        => Verify.VerifyAsync("""
            using System;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;
            using Polly;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddHttpClient("github", c => c.BaseAddress = new Uri("https://api.github.com"))
                .AddStandardResilienceHandler();
            builder.Services.AddHttpClient("inventory", c => c.BaseAddress = new Uri("http://inventory"))
                .AddResilienceHandler("timeout", p => p.AddTimeout(TimeSpan.FromSeconds(2)));
            builder.Services.AddHttpClient("configured", c => c.BaseAddress = new Uri(builder.Configuration["Catalog:Url"]!))
                .AddStandardResilienceHandler();
            builder.Services.AddHttpClient("dapr", c => c.BaseAddress = new Uri("http://localhost:3500"))
                .AddStandardResilienceHandler();
            builder.Build().Run();
            """, editorConfig: Enabled, references: Resilience);

    [Fact]
    public void OffByDefault()
    {
        var descriptor = Assert.Single(new MeshReady.Analyzers.Clients.RetryStackingAnalyzer().SupportedDiagnostics);
        Assert.False(descriptor.IsEnabledByDefault);
        Assert.Equal(Microsoft.CodeAnalysis.DiagnosticSeverity.Info, descriptor.DefaultSeverity);
    }
}
