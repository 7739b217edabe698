using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Xunit;
using static MeshReady.Analyzers.Tests.Lifecycle.LifecycleStandIns;
using Verify = MeshReady.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MeshReady.Analyzers.Lifecycle.JobCompletionAnalyzer>;

namespace MeshReady.Analyzers.Tests.Lifecycle;

public class JobCompletionAnalyzerTests
{
    private const string Job = "meshready.workload = job";

    // ---- A console service that parks forever is long-running, not a Job (dapr/samples e925ff1,
    // dapr-aks-workload-identity-federation/app/Program.cs, deployed as a Deployment) ----

    private static readonly Microsoft.CodeAnalysis.Testing.ReferenceAssemblies Dapr
        = MeshReady.Analyzers.Tests.Infrastructure.TestReferences.WithPackages(("Dapr.Client", "1.19.1"));

    [Theory]
    [InlineData("await Task.Delay(Timeout.InfiniteTimeSpan);")]
    [InlineData("await Task.Delay(-1);")]
    [InlineData("Thread.Sleep(Timeout.Infinite);")]
    public Task ConsoleServiceThatWaitsForeverIsNotAJob(string park)
        => Verify.VerifyAsync("""
            using System;
            using System.Threading;
            using System.Threading.Tasks;
            using Dapr.Client;

            const string DAPR_SECRET_STORE = "demo-secret-store";
            const string SECRET_NAME = "dapr";

            var client = new DaprClientBuilder().Build();

            try {
                var secret = await client.GetSecretAsync(DAPR_SECRET_STORE, SECRET_NAME);
                var secretValue = string.Join(", ", secret);
                Console.WriteLine($"Fetched Secret: {secretValue}");
            }
            catch {
                Console.WriteLine($"Failed to get the secret.");
            }

            PARK
            """.Replace("PARK", park), editorConfig: null, references: Dapr);

    // ---- An interactive console program waits for a person: a developer tool or a sample, not a Job ----

    [Theory]
    [InlineData("""
        string? line;
        while ((line = Console.ReadLine()) is { Length: > 0 })
        {
            Console.WriteLine(await client.InvokeMethodAsync<string>("orders", "lookup/" + line));
        }
        """)]
    [InlineData("""
        Console.WriteLine(await client.InvokeMethodAsync<string>("orders", "status"));
        Console.WriteLine("Press any key to exit");
        Console.ReadKey();
        """)]
    [InlineData("""
        do
        {
            Console.WriteLine(await client.InvokeMethodAsync<string>("orders", "status"));
            Console.Write("Again? ");
        }
        while (Console.ReadLine() == "y");
        """)]
    public Task InteractiveConsoleProgramIsNoJob(string body)
        => Verify.VerifyAsync("""
            using System;
            using Dapr.Client;

            var client = new DaprClientBuilder().Build();

            """ + body, editorConfig: null, references: Dapr);

    // One ReadLine, not in a loop (input piped in, or none: it returns null in a pod), is no interaction; and with
    // MeshReadyWorkload=Job the project says Job.
    [Fact]
    public Task ASingleReadLineStillEnds()
        => Verify.VerifyAsync("""
            using System;
            using Dapr.Client;

            var client = new DaprClientBuilder().Build();
            var order = Console.ReadLine() ?? "latest";
            {|MESH033:Console.WriteLine(await client.InvokeMethodAsync<string>("orders", "status/" + order));|}
            """, editorConfig: null, references: Dapr);

    [Fact]
    public Task InteractiveProgramInAJobProjectIsStillReported()
        => Verify.VerifyAsync("""
            using System;
            using Dapr.Client;

            var client = new DaprClientBuilder().Build();
            Console.WriteLine(await client.InvokeMethodAsync<string>("orders", "status"));
            {|MESH033:Console.ReadKey();|}
            """, editorConfig: Job, references: Dapr);

    [Fact]
    public Task ConsoleProgramThatWaitsAFewSecondsStillEnds()
        => Verify.VerifyAsync("""
            using System;
            using System.Threading.Tasks;
            using Dapr.Client;

            var client = new DaprClientBuilder().Build();
            var secret = await client.GetSecretAsync("demo-secret-store", "dapr");
            Console.WriteLine(secret.Count);
            {|MESH033:await Task.Delay(TimeSpan.FromSeconds(5));|}
            """, editorConfig: null, references: Dapr);

    [Fact]
    public Task WaitingForeverOnlyInABranchStillEnds()
        => Verify.VerifyAsync("""
            using System;
            using System.Threading;
            using System.Threading.Tasks;
            using Dapr.Client;

            var client = new DaprClientBuilder().Build();
            var secret = await client.GetSecretAsync("demo-secret-store", "dapr");
            {|MESH033:if (args.Length > 0)
            {
                await Task.Delay(Timeout.InfiniteTimeSpan);
            }|}
            """, editorConfig: null, references: Dapr);

    // ---- Positive: the program finishes and the sidecar keeps the Job running ----

    [Fact]
    public Task TopLevelReportJobReturnsWithoutQuit()
        => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;

            using var http = new HttpClient();
            var report = await http.GetStringAsync("http://reports.analytics/api/nightly");
            Console.WriteLine(report.Length);
            {|MESH033:return 0;|}
            """);

    [Fact]
    public Task MainWithExitCodes()
        => Verify.VerifyAsync("""
            using System.Net.Http;
            using System.Threading.Tasks;

            public static class Program
            {
                public static async Task<int> {|MESH033:Main|}(string[] args)
                {
                    using var http = new HttpClient();
                    var response = await http.PostAsync("http://billing/api/invoices/close-month", null);
                    if (!response.IsSuccessStatusCode)
                    {
                        return 2;
                    }

                    return 0;
                }
            }
            """);

    [Fact]
    public Task QuitAtTheEndIsSkippedByExceptionsAndEarlyReturns()
        => Verify.VerifyAsync("""
            using System.Net.Http;
            using MeshReady;

            using var http = new HttpClient();
            var response = await http.GetAsync("http://exports/api/run");
            if (!response.IsSuccessStatusCode)
            {
                return 1;
            }

            await MeshProxy.QuitAsync();
            return 0;
            """ + MeshProxy,
            Verify.Diagnostic("MESH033").WithSpan(12, 1, 12, 10).WithArguments("The last statement of Program.cs", " on some exit path (an exception or an early return skips MeshProxy.QuitAsync)"));

    [Fact]
    public Task EarlyReturnBeforeTheTry()
        => Verify.VerifyAsync("""
            using System.Net.Http;
            using System.Threading.Tasks;
            using MeshReady;

            public static class Program
            {
                public static async Task<int> {|MESH033:Main|}(string[] args)
                {
                    if (args.Length == 0)
                    {
                        return 64;
                    }

                    try
                    {
                        using var http = new HttpClient();
                        await http.PostAsync("http://ledger/api/reconcile", null);
                        return 0;
                    }
                    finally
                    {
                        await MeshProxy.QuitAsync();
                    }
                }
            }
            """ + MeshProxy);

    [Fact]
    public Task EnvironmentExitSkipsTheFinally()
        => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;
            using MeshReady;

            public static class Program
            {
                public static async Task {|MESH033:Main|}()
                {
                    try
                    {
                        using var http = new HttpClient();
                        var ok = (await http.GetAsync("http://search/api/reindex")).IsSuccessStatusCode;
                        Environment.Exit(ok ? 0 : 1);
                    }
                    finally
                    {
                        await MeshProxy.QuitAsync();
                    }
                }
            }
            """ + MeshProxy);

    [Fact]
    public Task IoBeforeTheTryEscapesOnException()
        => Verify.VerifyAsync("""
            using System.Net.Http;
            using MeshReady;

            using var http = new HttpClient();
            var batch = await http.GetStringAsync("http://orders/api/batch");
            try
            {
                await http.PostAsync("http://archive/api/store", new StringContent(batch));
            }
            finally
            {
                await MeshProxy.QuitAsync();
            }
            {|MESH033:return;|}
            """ + MeshProxy);

    [Fact]
    public Task WorkerStopsTheHostWhenDone()
        => Verify.VerifyAsync("""
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Hosting;

            public sealed class CleanupWorker(HttpClient http, IHostApplicationLifetime lifetime) : BackgroundService
            {
                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    await http.DeleteAsync("http://sessions/api/expired", stoppingToken);
                    {|MESH033:lifetime.StopApplication()|};
                }
            }
            """);

    [Fact]
    public Task StopApplicationFromStartedCallback()
        => Verify.VerifyAsync("""
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Hosting;

            public sealed class OneShot(IHostApplicationLifetime lifetime) : IHostedService
            {
                public Task StartAsync(CancellationToken cancellationToken)
                {
                    lifetime.ApplicationStarted.Register(() =>
                    {
                        System.Console.WriteLine("done");
                        {|MESH033:lifetime.StopApplication()|};
                    });
                    return Task.CompletedTask;
                }

                public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
            }
            """);

    [Fact]
    public Task JobProjectRunningAHost()
        => Verify.VerifyAsync("""
            using Microsoft.Extensions.Hosting;

            var builder = Host.CreateApplicationBuilder(args);
            var host = builder.Build();
            await {|MESH033:host.RunAsync()|};
            """, editorConfig: Job, references: null);

    [Fact]
    public Task JobProjectWithoutNetworkCallsStillNeedsTheQuit()
        => Verify.VerifyAsync("""
            using System.IO;

            public static class Program
            {
                public static void {|MESH033:Main|}(string[] args)
                {
                    File.WriteAllText("/data/out.csv", "id,total");
                }
            }
            """, editorConfig: Job, references: null);

    [Fact]
    public Task MigrationRunnerJob()
        => Verify.VerifyAsync("""
            using System.Threading.Tasks;
            using Microsoft.EntityFrameworkCore;

            public sealed class OrdersDb : DbContext { }

            public static class Program
            {
                public static async Task {|MESH033:Main|}()
                {
                    await using var db = new OrdersDb();
                    await db.Database.MigrateAsync();
                }
            }
            """ + EfCore, editorConfig: null, references: null);

    [Fact]
    public Task SynchronousCacheWarmerJob()
        => Verify.VerifyAsync("""
            using StackExchange.Redis;

            public static class Program
            {
                public static int {|MESH033:Main|}()
                {
                    var redis = ConnectionMultiplexer.Connect("redis-master.cache:6379");
                    return redis is null ? 1 : 0;
                }
            }
            """ + Redis);

    // A class library has no entry point, so the rule registers no entry-point check there; a hosted service in it that
    // stops its host is still a Job's completion (the StopApplication() check is registered apart from the entry point's).
    [Fact]
    public async Task HostedServiceInAClassLibraryThatStopsItsHostIsReported()
    {
        var test = Verify.Create();
        test.TestCode = """
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Hosting;

            public sealed class ExportWorker(HttpClient http, IHostApplicationLifetime lifetime) : BackgroundService
            {
                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    await http.PostAsync("http://exports/api/run", null, stoppingToken);
                    {|MESH033:lifetime.StopApplication()|};
                }
            }
            """;
        test.TestState.OutputKind = OutputKind.DynamicallyLinkedLibrary;
        await test.RunAsync(System.Threading.CancellationToken.None);
    }

    // ---- Negative: services, quits on every path, and look-alikes ----

    [Fact]
    public async Task StaticMainInAClassLibraryIsNotAJob()
    {
        // A library's 'static Main' is not where a process starts, even in a project that says Job.
        var test = Verify.Create();
        test.TestCode = """
            using System.Net.Http;
            using System.Threading.Tasks;

            public static class Tool
            {
                public static async Task<int> Main(string[] args)
                {
                    using var http = new HttpClient();
                    await http.PostAsync("http://billing/api/invoices/close-month", null);
                    return 0;
                }
            }
            """;
        test.TestState.OutputKind = OutputKind.DynamicallyLinkedLibrary;
        Infrastructure.MeshTestSettings.ApplyEditorConfig(test.TestState, Job);
        await test.RunAsync(System.Threading.CancellationToken.None);
    }

    [Fact]
    public Task QuitInFinallyCoversReturnsAndExceptions()
        => Verify.VerifyAsync("""
            using System.Net.Http;
            using MeshReady;

            try
            {
                using var http = new HttpClient();
                var response = await http.PostAsync("http://billing/api/close-month", null);
                if (!response.IsSuccessStatusCode)
                {
                    return 2;
                }

                return 0;
            }
            finally
            {
                await MeshProxy.QuitAsync();
            }
            """ + MeshProxy);

    [Fact]
    public Task WebApiRunsAHost()
        => Verify.VerifyAsync("""
            using System.Net.Http;
            using Microsoft.AspNetCore.Builder;

            var app = WebApplication.Create(args);
            using var http = new HttpClient();
            app.MapGet("/", () => "ok");
            app.Run();
            """);

    [Fact]
    public Task LongRunningWorkerIsAService()
        => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;

            var builder = Host.CreateApplicationBuilder(args);
            builder.Services.AddHostedService<Poller>();
            builder.Build().Run();

            public sealed class Poller(HttpClient http) : BackgroundService
            {
                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    while (!stoppingToken.IsCancellationRequested)
                    {
                        await http.GetAsync("http://pricing/api/prices", stoppingToken);
                        await Task.Delay(TimeSpan.FromMinutes(1), stoppingToken);
                    }
                }
            }
            """);

    [Fact]
    public Task StopApplicationOnFatalErrorIsNotCompletion()
        => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Hosting;

            public sealed class Consumer(HttpClient http, IHostApplicationLifetime lifetime) : BackgroundService
            {
                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    try
                    {
                        while (!stoppingToken.IsCancellationRequested)
                        {
                            await http.GetAsync("http://queue/api/next", stoppingToken);
                        }
                    }
                    catch (Exception)
                    {
                        lifetime.StopApplication();
                    }
                }
            }
            """);

    [Fact]
    public Task AdminEndpointsAndControllersStoppingTheServiceAreNotJobs()
        => Verify.VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.Extensions.Hosting;

            var app = WebApplication.Create(args);
            app.MapPost("/admin/stop", (IHostApplicationLifetime lifetime) => lifetime.StopApplication());
            app.Run();

            public sealed class AdminController(IHostApplicationLifetime lifetime) : ControllerBase
            {
                [HttpPost("/admin/shutdown")]
                public IActionResult Shutdown()
                {
                    lifetime.StopApplication();
                    return Accepted();
                }
            }
            """);

    [Fact]
    public Task QuitSidecarOnStopRegistrationCoversStopApplication()
        => Verify.VerifyAsync("""
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;
            using MeshReady;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;

            var builder = Host.CreateApplicationBuilder(args);
            builder.Services.AddMeshReadiness(o => o.QuitSidecarOnStop = true);
            builder.Services.AddHostedService<CleanupWorker>();
            await builder.Build().RunAsync();

            public sealed class CleanupWorker(HttpClient http, IHostApplicationLifetime lifetime) : BackgroundService
            {
                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    await http.DeleteAsync("http://sessions/api/expired", stoppingToken);
                    lifetime.StopApplication();
                }
            }
            """ + MeshProxy, editorConfig: Job, references: null);

    [Fact]
    public Task QuitAfterRunCoversStopApplication()
        => Verify.VerifyAsync("""
            using System.Threading;
            using System.Threading.Tasks;
            using MeshReady;
            using Microsoft.Extensions.Hosting;

            var host = Host.CreateApplicationBuilder(args).Build();
            try
            {
                await host.RunAsync();
            }
            finally
            {
                await MeshProxy.QuitAsync();
            }

            public sealed class Once(IHostApplicationLifetime lifetime) : BackgroundService
            {
                protected override Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    lifetime.StopApplication();
                    return Task.CompletedTask;
                }
            }
            """ + MeshProxy);

    [Fact]
    public Task OfflineConsoleToolIsNotAJob()
        => Verify.VerifyAsync("""
            using System;
            using System.IO;
            using System.Linq;

            var lines = File.ReadAllLines(args[0]);
            Console.WriteLine(lines.Count(l => l.Contains("ERROR")));
            return 0;
            """);

    [Fact]
    public Task BenchmarkRunnerIsNotAJob()
        => Verify.VerifyAsync("""
            using System.Net.Http;
            using System.Threading.Tasks;

            BenchmarkDotNet.Running.BenchmarkRunner.Run<ClientBenchmarks>();

            public class ClientBenchmarks
            {
                private readonly HttpClient _http = new();
                public Task<string> Get() => _http.GetStringAsync("http://localhost:5000/ping");
            }

            namespace BenchmarkDotNet.Running
            {
                public static class BenchmarkRunner
                {
                    public static object? Run<T>() => null;
                }
            }
            """);

    [Fact]
    public Task LoopbackSmokeTestIsNotMeshTraffic()
        => Verify.VerifyAsync("""
            using System.Net.Http;

            using var http = new HttpClient();
            var response = await http.GetAsync("http://127.0.0.1:8080/healthz");
            return response.IsSuccessStatusCode ? 0 : 1;
            """);

    [Fact]
    public Task QuitThroughAHelperOneLevelDeep()
        => Verify.VerifyAsync("""
            using System.Net.Http;
            using System.Threading.Tasks;
            using MeshReady;

            try
            {
                using var http = new HttpClient();
                await http.PostAsync("http://ledger/api/reconcile", null);
            }
            finally
            {
                await Mesh.LeaveAsync();
            }

            public static class Mesh
            {
                public static async Task LeaveAsync() => await MeshProxy.QuitAsync();
            }
            """ + MeshProxy);

    [Theory]
    [InlineData("native_sidecar")]
    [InlineData("ambient")]
    [InlineData("none")]
    public Task DataPlanesWithoutAStuckSidecarAreSilent(string dataPlane)
        => Verify.VerifyAsync("""
            using System.Net.Http;

            using var http = new HttpClient();
            await http.GetStringAsync("http://reports.analytics/api/nightly");
            return 0;
            """, editorConfig: "meshready.data_plane = " + dataPlane, references: null);

    [Fact]
    public Task HalfTypedMainDoesNotCrash()
        => Verify.VerifyAsync("""
            using System.Net.Http;

            public static class Program
            {
                public static int {|MESH033:Main|}()
                {
                    var http = new HttpClient();
                    http.GetAsync("http://x/"{|CS1026:;|}
                    return {|CS0103:missing|};
                }
            }
            """);
}
