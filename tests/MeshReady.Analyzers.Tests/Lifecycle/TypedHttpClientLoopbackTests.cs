using System.Threading.Tasks;
using Xunit;
using Verify = MeshReady.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MeshReady.Analyzers.Lifecycle.StartupCallAnalyzer>;

namespace MeshReady.Analyzers.Tests.Lifecycle;

/// <summary>
/// A typed HttpClient (<c>AddHttpClient&lt;CatalogClient&gt;(c =&gt; c.BaseAddress = …)</c>) whose every registration points at a
/// loopback address talks to this pod (a local agent, a Dapr sidecar's non-building-block API), not through the mesh: calls
/// through it are not start-up races. A remote base address, or one registration of several that is not loopback, is reported.
/// </summary>
public class TypedHttpClientLoopbackTests
{
    private const string Service = """
        using System;
        using System.Net.Http;
        using System.Net.Http.Json;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.Configuration;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;

        var builder = WebApplication.CreateBuilder(args);
        REGISTER
        builder.Services.AddHostedService<BrandsWarmer>();
        var app = builder.Build();
        app.Run();

        public sealed class CatalogClient(HttpClient http)
        {
            public Task<string[]?> GetBrandsAsync(CancellationToken token) => http.GetFromJsonAsync<string[]>("/api/brands", token);
        }

        public sealed class AgentClient
        {
            private readonly HttpClient _http;

            public AgentClient(HttpClient http) => _http = http;

            public Task<string> StatusAsync(CancellationToken token) => _http.GetStringAsync("/status", token);
        }

        public sealed class BrandsWarmer(CatalogClient catalog, AgentClient agent) : IHostedService
        {
            public async Task StartAsync(CancellationToken cancellationToken)
            {
                CALLS
            }

            public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        }
        """;

    private static string Source(string register, string calls) => Service.Replace("REGISTER", register).Replace("CALLS", calls);

    [Theory]
    [InlineData("builder.Services.AddHttpClient<CatalogClient>(c => c.BaseAddress = new Uri(\"http://localhost:5080\"));")]
    [InlineData("builder.Services.AddHttpClient<CatalogClient>(client => { client.BaseAddress = new Uri($\"http://127.0.0.1:{Environment.GetEnvironmentVariable(\"CATALOG_PORT\") ?? \"5080\"}\"); });")]
    [InlineData("builder.Services.AddHttpClient<CatalogClient>((sp, c) => c.BaseAddress = new Uri(builder.Configuration[\"Catalog:Url\"] ?? \"http://localhost:5080\"));")]
    [InlineData("builder.Services.AddHttpClient<CatalogClient>().ConfigureHttpClient(c => c.BaseAddress = new Uri(builder.Configuration.GetValue(\"Catalog:Url\", \"http://localhost:5080\")!));")]
    public Task ATypedClientOnLoopbackIsNotReported(string register)
        => Verify.VerifyAsync(
            Source(register + "\nbuilder.Services.AddHttpClient<AgentClient>(c => c.BaseAddress = new Uri(\"http://localhost:9411\"));", """
                _ = await catalog.GetBrandsAsync(cancellationToken);
                _ = await agent.StatusAsync(cancellationToken);
                """),
            editorConfig: null,
            references: null);

    [Theory]
    [InlineData("builder.Services.AddHttpClient<CatalogClient>(c => c.BaseAddress = new Uri(\"http://catalog-api\"));")]
    [InlineData("builder.Services.AddHttpClient<CatalogClient>(c => c.BaseAddress = new Uri(builder.Configuration[\"Catalog:Url\"]!));")]
    // Two registrations, one remote: the container may hand out either configuration.
    [InlineData("builder.Services.AddHttpClient<CatalogClient>(c => c.BaseAddress = new Uri(\"http://localhost:5080\"));\nbuilder.Services.AddHttpClient<CatalogClient>(c => c.BaseAddress = new Uri(\"http://catalog-api\"));")]
    // No base address set: the calls' own URLs decide, and "/api/brands" names no host.
    [InlineData("builder.Services.AddHttpClient<CatalogClient>();")]
    public Task ATypedClientOffThePodIsReported(string register)
        => Verify.VerifyAsync(
            Source(register, "_ = await {|#0:catalog.GetBrandsAsync(cancellationToken)|};"),
            editorConfig: null,
            references: null,
            Verify.Diagnostic("MESH030").WithLocation(0).WithArguments(
                "'CatalogClient.GetBrandsAsync' → 'HttpClient.GetFromJsonAsync'", "at start-up in BrandsWarmer.StartAsync", DeepLifecycleTests.CrashLoops));

    // The field form, and a class never registered as a typed client: its HttpClient comes from elsewhere and is reported.
    [Fact]
    public Task AClassNotRegisteredAsATypedClientIsReported()
        => Verify.VerifyAsync(
            Source("builder.Services.AddHttpClient<CatalogClient>(c => c.BaseAddress = new Uri(\"http://localhost:5080\"));\nbuilder.Services.AddSingleton(new AgentClient(new HttpClient { BaseAddress = new Uri(\"http://agent.monitoring\") }));",
                "_ = await {|#0:agent.StatusAsync(cancellationToken)|};"),
            editorConfig: null,
            references: null,
            Verify.Diagnostic("MESH030").WithLocation(0).WithArguments(
                "'AgentClient.StatusAsync' → 'HttpClient.GetStringAsync'", "at start-up in BrandsWarmer.StartAsync", DeepLifecycleTests.CrashLoops));
}
