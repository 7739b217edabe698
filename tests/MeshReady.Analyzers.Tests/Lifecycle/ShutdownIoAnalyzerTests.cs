using System.Threading.Tasks;
using Xunit;
using static MeshReady.Analyzers.Tests.Lifecycle.LifecycleStandIns;
using Verify = MeshReady.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MeshReady.Analyzers.Lifecycle.ShutdownIoAnalyzer>;

namespace MeshReady.Analyzers.Tests.Lifecycle;

public class ShutdownIoAnalyzerTests
{
    [Fact]
    public Task StopAsyncDeregistersOverHttp()
        => Verify.VerifyAsync("""
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Hosting;

            public sealed class ServiceRegistration(HttpClient http) : IHostedService
            {
                public Task StartAsync(CancellationToken ct) => Task.CompletedTask;

                public async Task StopAsync(CancellationToken ct)
                {
                    await {|MESH031:http.DeleteAsync("http://registry.platform/api/instances/orders-1", ct)|};
                }
            }
            """);

    [Fact]
    public Task ApplicationStoppingCallbackFlushesOutbox()
        => Verify.VerifyAsync("""
            using System.Net.Http;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;

            var app = WebApplication.Create(args);
            var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
            var http = new HttpClient();
            lifetime.ApplicationStopping.Register(() =>
            {
                {|MESH031:http.PostAsync("http://outbox-relay/api/flush", null)|}.GetAwaiter().GetResult();
            });
            app.Run();
            """);

    [Fact]
    public Task StoppingTokenThroughLocalAndHelperMethod()
        => Verify.VerifyAsync("""
            using System.Net.Http;
            using System.Threading;
            using Microsoft.Extensions.Hosting;

            public sealed class Telemetry(IHostApplicationLifetime lifetime, HttpClient http)
            {
                public void Hook()
                {
                    var stopping = lifetime.ApplicationStopping;
                    stopping.Register({|MESH031:Flush|});
                }

                private void Flush() => http.PostAsync("http://otel-collector.observability:4318/v1/traces", null).Wait();
            }
            """);

    [Fact]
    public Task ProcessExitAndSigtermHandlers()
        => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;
            using System.Runtime.InteropServices;

            var http = new HttpClient();
            AppDomain.CurrentDomain.ProcessExit += (_, _) => {|MESH031:http.PostAsync("http://registry/leave", null)|}.Wait();
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => {|MESH031:http.PostAsync("http://registry/leave", null)|}.Wait());
            Console.ReadLine();
            """);

    [Fact]
    public Task CodeAfterRunIsShutdown()
        => Verify.VerifyAsync("""
            using System.Net.Http;
            using Microsoft.AspNetCore.Builder;

            var app = WebApplication.Create(args);
            using var http = new HttpClient();
            await app.RunAsync();
            await {|MESH031:http.PostAsync("http://registry/api/deregister", null)|};
            """);

    // ---- Negative ----

    [Fact]
    public Task LocalCleanupAndLoopbackAreFine()
        => Verify.VerifyAsync("""
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Hosting;

            public sealed class Worker(HttpClient http) : IHostedService
            {
                private readonly CancellationTokenSource _cts = new();
                public Task StartAsync(CancellationToken ct) => Task.CompletedTask;

                public async Task StopAsync(CancellationToken ct)
                {
                    _cts.Cancel();
                    await http.PostAsync("http://localhost:3500/v1.0/shutdown", null, ct);
                }
            }
            """);

    [Fact]
    public Task StartedCallbacksAndStartupCodeAreNotShutdown()
        => Verify.VerifyAsync("""
            using System.Net.Http;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;

            var app = WebApplication.Create(args);
            var http = new HttpClient();
            app.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStarted.Register(() =>
                http.PostAsync("http://registry/api/join", null).Wait());
            app.MapGet("/", () => "ok");
            app.Run();
            """);

    [Fact]
    public Task OrdinaryCancellationTokenRegistration()
        => Verify.VerifyAsync("""
            using System.Net.Http;
            using System.Threading;

            public static class Calls
            {
                public static void Watch(HttpClient http, CancellationToken requestAborted)
                    => requestAborted.Register(() => http.PostAsync("http://audit/api/aborted", null).Wait());
            }
            """);

    [Theory]
    [InlineData("native_sidecar")]
    [InlineData("ambient")]
    public Task NativeSidecarsAndAmbientOutliveTheApp(string dataPlane)
        => Verify.VerifyAsync("""
            using System.Net.Http;
            using Microsoft.AspNetCore.Builder;

            var app = WebApplication.Create(args);
            using var http = new HttpClient();
            await app.RunAsync();
            await http.PostAsync("http://registry/api/deregister", null);
            """, editorConfig: "meshready.data_plane = " + dataPlane, references: null);

    [Fact]
    public Task HalfTypedStoppingCallbackDoesNotCrash()
        => Verify.VerifyAsync("""
            using System.Net.Http;
            using Microsoft.Extensions.Hosting;

            public sealed class Hooks(IHostApplicationLifetime lifetime, HttpClient http)
            {
                public void Hook() => lifetime.ApplicationStopping.Register(Flush, state);
            }
            """,
            Microsoft.CodeAnalysis.Testing.DiagnosticResult.CompilerError("CS0103").WithSpan(6, 65, 6, 70).WithArguments("Flush"),
            Microsoft.CodeAnalysis.Testing.DiagnosticResult.CompilerError("CS0103").WithSpan(6, 72, 6, 77).WithArguments("state"));
}
