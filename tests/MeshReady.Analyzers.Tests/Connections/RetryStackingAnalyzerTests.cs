using System.Threading.Tasks;
using Xunit;
using Verify = MeshReady.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MeshReady.Analyzers.Clients.RetryStackingAnalyzer>;

namespace MeshReady.Analyzers.Tests.Connections;

public class RetryStackingAnalyzerTests
{
    // The rule is off by default: the tests turn it on the way users would.
    private const string Enabled = "dotnet_diagnostic.MESH017.severity = suggestion";

    // Stand-ins with the real names: Microsoft.Extensions.Http.Resilience and Grpc.Net.Client are not referenced here.
    private const string StandIns = """

        namespace Microsoft.Extensions.DependencyInjection
        {
            public static class ResilienceHttpClientBuilderExtensions
            {
                public static IHttpClientBuilder AddStandardResilienceHandler(this IHttpClientBuilder builder) => builder;
                public static IHttpClientBuilder AddResilienceHandler(this IHttpClientBuilder builder, string name, System.Action<PipelineBuilder> configure) => builder;
            }

            public sealed class PipelineBuilder
            {
                public PipelineBuilder AddRetry(object options) => this;
                public PipelineBuilder AddTimeout(System.TimeSpan timeout) => this;
            }
        }

        namespace Grpc.Net.Client.Configuration
        {
            public sealed class RetryPolicy { public int MaxAttempts { get; set; } }
            public sealed class MethodConfig { public RetryPolicy? RetryPolicy { get; set; } }
            public sealed class ServiceConfig { public System.Collections.Generic.IList<MethodConfig> MethodConfigs { get; } = new System.Collections.Generic.List<MethodConfig>(); }
        }

        namespace Grpc.Net.Client
        {
            public sealed class GrpcChannelOptions { public Grpc.Net.Client.Configuration.ServiceConfig? ServiceConfig { get; set; } }
            public sealed class GrpcChannel
            {
                public static GrpcChannel ForAddress(string address, GrpcChannelOptions options) => new GrpcChannel();
            }
        }
        """;

    [Fact]
    public Task StandardResilienceOnInMeshClient()
        => Verify.VerifyAsync("""
            using System;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddHttpClient<Inventory>(c => c.BaseAddress = new Uri("http://inventory"))
                .{|MESH017:AddStandardResilienceHandler()|};
            builder.Services.AddHttpClient("billing", c => c.BaseAddress = new Uri("http://billing.payments.svc.cluster.local:8080"))
                .{|MESH017:AddResilienceHandler("retry", p => p.AddRetry(new object()))|};
            builder.Build().Run();

            public sealed class Inventory(System.Net.Http.HttpClient http) { }
            """ + StandIns, editorConfig: Enabled, references: null);

    [Fact]
    public Task GrpcRetryPolicyToInMeshService()
        => Verify.VerifyAsync("""
            using Grpc.Net.Client;
            using Grpc.Net.Client.Configuration;

            var channel = GrpcChannel.ForAddress("http://pricing:5000", new GrpcChannelOptions
            {
                ServiceConfig = new ServiceConfig { MethodConfigs = { new MethodConfig { RetryPolicy = {|MESH017:new RetryPolicy { MaxAttempts = 5 }|} } } },
            });
            """ + StandIns, editorConfig: Enabled, references: null);

    [Fact]
    public Task ExternalHostsTimeoutsOnlyAndUnknownAddressesAreFine()
        => Verify.VerifyAsync("""
            using System;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;

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
            """ + StandIns, editorConfig: Enabled, references: null);

    [Fact]
    public void OffByDefault()
    {
        var descriptor = Assert.Single(new MeshReady.Analyzers.Clients.RetryStackingAnalyzer().SupportedDiagnostics);
        Assert.False(descriptor.IsEnabledByDefault);
        Assert.Equal(Microsoft.CodeAnalysis.DiagnosticSeverity.Info, descriptor.DefaultSeverity);
    }
}
