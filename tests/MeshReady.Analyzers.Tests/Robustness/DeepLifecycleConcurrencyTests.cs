using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MeshReady.Analyzers.Lifecycle;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace MeshReady.Analyzers.Tests.Robustness;

/// <summary>
/// The lifecycle rules share memoized call summaries across threads. Many hosted services reaching the same helpers
/// (a diamond, a cycle, one helper past the depth budget) must give the same findings, with the same chains, whether
/// analyzed sequentially, concurrently, or document by document in parallel.
/// </summary>
public class DeepLifecycleConcurrencyTests
{
    private const int Services = 40;

    [Fact]
    public async Task Shared_deep_helpers_give_the_same_chains_in_every_analysis_order()
    {
        var files = new List<SyntaxTree> { TestCompilations.Parse(Helpers, "/src/Infrastructure/Helpers.cs") };
        for (var i = 0; i < Services; i++)
        {
            files.Add(TestCompilations.Parse(Service(i), $"/src/Workers/Worker{i}.cs"));
        }

        var compilation = await TestCompilations.CreateAsync(files);
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var harness = new AnalysisHarness(
            ImmutableArray.Create<DiagnosticAnalyzer>(new StartupCallAnalyzer(), new ShutdownIoAnalyzer()),
            ImmutableArray<ISourceGenerator>.Empty,
            ImmutableArray<Microsoft.CodeAnalysis.CodeFixes.CodeFixProvider>.Empty);
        var options = TestAnalyzerConfig.Empty.ToAnalyzerOptions();
        var crashes = new ConcurrentQueue<string>();

        var concurrent = await harness.AnalyzeAsync(compilation, options, concurrent: true, crashes, CancellationToken.None);
        var sequential = await harness.AnalyzeAsync(compilation, options, concurrent: false, crashes, CancellationToken.None);

        Assert.Empty(crashes);
        Assert.Equal(HarnessResult.Render(sequential), HarnessResult.Render(concurrent));

        // Every worker: start-up through the diamond to Redis; stop through the cycle to HTTP; the over-deep chain stays silent.
        var startup = sequential.Where(d => d.Id == "MESH030").Select(d => d.GetMessage()).ToList();
        var shutdown = sequential.Where(d => d.Id == "MESH031").Select(d => d.GetMessage()).ToList();
        Assert.Equal(Services, startup.Count);
        Assert.Equal(Services, shutdown.Count);
        Assert.All(startup, m => Assert.StartsWith("'Infra.Start' → 'Infra.Left' → 'Infra.Connect' → 'ConnectionMultiplexer.ConnectAsync' runs", m));
        Assert.All(shutdown, m => Assert.StartsWith("'Infra.Leave' → 'Infra.Ping' → 'HttpClient.PostAsync' runs", m));
    }

    private static string Service(int i) => $$"""
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Hosting;

        public sealed class Worker{{i}} : IHostedService
        {
            public async Task StartAsync(CancellationToken ct)
            {
                Infra.Deep0();
                await Infra.Start();
            }

            public Task StopAsync(CancellationToken ct) => Infra.Leave({{i}});
        }
        """;

    // Start → Left/Right → Connect (a diamond); Leave ↔ Ping (a cycle); Deep0 → … → Deep9 → I/O (past the budget).
    private static string Helpers
    {
        get
        {
            var deep = string.Join("\n", Enumerable.Range(0, 10).Select(i => i < 9
                ? $"    public static void Deep{i}() => Deep{i + 1}();"
                : $"    public static void Deep{i}() => Http.GetStringAsync(\"http://catalog.shop/api/items\").Wait();"));
            return """
                using System.Net.Http;
                using System.Threading.Tasks;

                public static class Infra
                {
                    private static readonly HttpClient Http = new();

                    public static async Task Start() { await Left(); await Right(); }

                    private static Task Left() => Connect();

                    private static Task Right() => Connect();

                    private static Task Connect() => StackExchange.Redis.ConnectionMultiplexer.ConnectAsync("redis-master.cache:6379");

                    public static Task Leave(int attempt) => attempt > 3 ? Task.CompletedTask : Ping(attempt);

                    private static async Task Ping(int attempt)
                    {
                        await Http.PostAsync("http://registry.infra/leave", null);
                        await Leave(attempt + 1);
                    }

                """ + deep + "\n}\n" + Lifecycle.LifecycleStandIns.Redis;
        }
    }
}
