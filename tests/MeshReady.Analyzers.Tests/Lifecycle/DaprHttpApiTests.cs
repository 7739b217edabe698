using System.Threading.Tasks;
using Xunit;
using Shutdown = MeshReady.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MeshReady.Analyzers.Lifecycle.ShutdownIoAnalyzer>;
using Verify = MeshReady.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MeshReady.Analyzers.Lifecycle.StartupCallAnalyzer>;

namespace MeshReady.Analyzers.Tests.Lifecycle;

/// <summary>
/// The Dapr sidecar's HTTP API called by hand (<c>http://localhost:3500</c>, <c>DAPR_HTTP_PORT</c>): the hop to daprd is
/// loopback, but service invocation, pub/sub, bindings, state, secrets and configuration make daprd connect off the pod
/// through Envoy at once, so they are outbound I/O like the matching <c>DaprClient</c> calls. Health and metadata stay local.
/// </summary>
public class DaprHttpApiTests
{
    [Fact]
    public Task ServiceInvocationThroughTheDaprPortAtStartUpIsReported()
        => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;
            using System.Net.Http.Json;
            using Microsoft.AspNetCore.Builder;

            var builder = WebApplication.CreateBuilder(args);
            var app = builder.Build();
            var daprPort = Environment.GetEnvironmentVariable("DAPR_HTTP_PORT") ?? "3500";
            using var http = new HttpClient();
            var settings = await {|#0:http.GetFromJsonAsync<string[]>($"http://localhost:{daprPort}/v1.0/invoke/settings-api/method/features")|};
            app.Run();
            """,
            Verify.Diagnostic("MESH030").WithLocation(0)
                .WithArguments("'HttpClient.GetFromJsonAsync' → 'daprd /v1.0/invoke'", "at start-up in Program.cs", DeepLifecycleTests.CrashLoops));

    [Fact]
    public Task PublishOverALoopbackBaseAddressInStartAsyncIsReported()
        => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Hosting;

            public sealed class StartupAnnouncer : IHostedService
            {
                private readonly HttpClient dapr = new() { BaseAddress = new Uri("http://127.0.0.1:3500") };

                public async Task StartAsync(CancellationToken cancellationToken)
                    => await {|#0:dapr.PostAsync("/v1.0/publish/pubsub/instances", new StringContent("{\"up\":true}"), cancellationToken)|};

                public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
            }
            """,
            Verify.Diagnostic("MESH030").WithLocation(0)
                .WithArguments("'HttpClient.PostAsync' → 'daprd /v1.0/publish'", "at start-up in StartupAnnouncer.StartAsync", DeepLifecycleTests.CrashLoops));

    [Fact]
    public Task StateSavedThroughAHelperAtShutdownIsReported()
        => Shutdown.VerifyAsync("""
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Hosting;

            public sealed class Checkpointer(HttpClient http) : IHostedService
            {
                public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

                public Task StopAsync(CancellationToken cancellationToken) => {|#0:Save("http://localhost:3500/v1.0/state/statestore")|};

                private Task Save(string url) => http.PostAsync(url, new StringContent("[{\"key\":\"offset\",\"value\":42}]"));
            }
            """,
            Shutdown.Diagnostic("MESH031").WithLocation(0)
                .WithArguments("'Checkpointer.Save' → 'HttpClient.PostAsync'", "in Checkpointer.StopAsync"));

    [Fact]
    public Task DaprHealthAndMetadataStayInThePod()
        => Verify.VerifyAsync("""
            using System.Net.Http;
            using Microsoft.AspNetCore.Builder;

            var app = WebApplication.Create(args);
            using var http = new HttpClient();
            await http.GetAsync("http://localhost:3500/v1.0/healthz/outbound");
            var metadata = await http.GetStringAsync("http://localhost:3500/v1.0/metadata");
            await http.GetAsync("http://localhost:5000/api/orders");
            app.Run();
            """);

    [Fact]
    public Task SecretsReadThroughHelpersAreNamedDownToDaprd()
        => Verify.VerifyAsync("""
            using System.Net.Http;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Builder;

            var app = WebApplication.Create(args);
            await {|#0:Secrets.LoadAsync()|};
            app.Run();

            public static class Secrets
            {
                public static Task<string> LoadAsync() => DaprSecrets.GetAsync("db-password");
            }

            public static class DaprSecrets
            {
                private static readonly HttpClient Http = new();

                public static Task<string> GetAsync(string name) => Http.GetStringAsync("http://localhost:3500/v1.0/secrets/vault/" + name);
            }
            """,
            Verify.Diagnostic("MESH030").WithLocation(0)
                .WithArguments("'Secrets.LoadAsync' → 'DaprSecrets.GetAsync' → 'HttpClient.GetStringAsync' → 'daprd /v1.0/secrets'", "at start-up in Program.cs", DeepLifecycleTests.CrashLoops));
}
