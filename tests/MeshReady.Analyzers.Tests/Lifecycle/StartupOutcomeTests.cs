using System.Threading.Tasks;
using Xunit;
using Verify = MeshReady.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MeshReady.Analyzers.Lifecycle.StartupCallAnalyzer>;

namespace MeshReady.Analyzers.Tests.Lifecycle;

/// <summary>
/// The symptom MESH030 names matches what the code does with the refused connection: a catch-all that swallows it means
/// the service runs without what the call sets up (no crash-loop); a catch that rethrows, exits, stops the host, or (in
/// Main) ends the program still fails start-up; an exception that ends ExecuteAsync stops the host by default.
/// </summary>
public class StartupOutcomeTests
{
    private const string Warmer = """
        using System;
        using System.Net.Http;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Hosting;
        using Microsoft.Extensions.Logging;

        public sealed class RatesWarmer(HttpClient http, ILogger<RatesWarmer> logger, IHostApplicationLifetime lifetime) : IHostedService
        {
            public string Rates { get; private set; } = "";

            public async Task StartAsync(CancellationToken cancellationToken)
            {
                try
                {
                    Rates = await {|#0:http.GetStringAsync("http://rates.finance/v1/latest", cancellationToken)|};
                }
                CATCH
            }

            public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        }
        """;

    private static Task VerifyWarmer(string handler, string consequence)
        => Verify.VerifyAsync(
            Warmer.Replace("CATCH", handler),
            editorConfig: null,
            references: null,
            Verify.Diagnostic("MESH030").WithLocation(0)
                .WithArguments("'HttpClient.GetStringAsync'", "at start-up in RatesWarmer.StartAsync", consequence));

    // ---- Caught: the service runs on without it ----

    [Theory]
    [InlineData("catch (Exception ex) { logger.LogError(ex, \"Could not warm the rates cache\"); }")]
    [InlineData("catch { }")]
    [InlineData("catch (HttpRequestException ex) { logger.LogWarning(ex, \"rates down\"); } catch (Exception ex) { logger.LogError(ex, \"rates\"); return; }")]
    public Task CatchAllThatLogsMeansTheServiceRunsWithoutIt(string handler)
        => VerifyWarmer(handler, DeepLifecycleTests.RunsWithout);

    // ---- Not caught here, or caught and then fatal: start-up fails ----

    [Theory]
    [InlineData("catch (Exception ex) { logger.LogError(ex, \"Could not warm the rates cache\"); throw; }")]
    [InlineData("catch (Exception ex) { logger.LogCritical(ex, \"rates\"); lifetime.StopApplication(); }")]
    [InlineData("catch (Exception ex) { logger.LogCritical(ex, \"rates\"); Environment.Exit(1); }")]
    [InlineData("finally { logger.LogInformation(\"warm-up done\"); }")]
    public Task CatchThatLeavesStillFailsStartUp(string handler)
        => VerifyWarmer(handler, DeepLifecycleTests.CrashLoops);

    // A typed or filtered clause may or may not match what the client throws: the message says "unless … handles it".
    [Theory]
    [InlineData("catch (Exception ex) when (ex is not OperationCanceledException) { logger.LogError(ex, \"rates\"); }")]
    [InlineData("catch (HttpRequestException ex) { logger.LogError(ex, \"rates\"); }")]
    public Task CatchThatFiltersOrMayNotMatchFailsUnlessItHandlesIt(string handler)
        => VerifyWarmer(handler, DeepLifecycleTests.CrashLoopsUnlessHandled);

    // Typed clauses that may not match, inside a catch-all further out: caught either way.
    [Fact]
    public Task TypedCatchInsideACatchAllIsCaught()
        => Verify.VerifyAsync(
            Warmer
                .Replace("try\n", "try { try\n")
                .Replace("CATCH", "catch (HttpRequestException ex) { logger.LogWarning(ex, \"rates\"); } } catch (Exception ex) { logger.LogError(ex, \"rates\"); }"),
            editorConfig: null,
            references: null,
            Verify.Diagnostic("MESH030").WithLocation(0)
                .WithArguments("'HttpClient.GetStringAsync'", "at start-up in RatesWarmer.StartAsync", DeepLifecycleTests.RunsWithout));

    // ---- Main: caught only when the program goes on to Run ----

    [Fact]
    public Task CatchInMainBeforeRunMeansTheServiceRunsWithoutIt()
        => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;
            using Microsoft.AspNetCore.Builder;

            var app = WebApplication.Create(args);
            string? flags = null;
            try
            {
                flags = await {|#0:new HttpClient().GetStringAsync("http://flags.platform/api/flags")|};
            }
            catch (Exception ex)
            {
                Console.Error.WriteLine($"feature flags unavailable: {ex.Message}");
            }

            app.MapGet("/", () => flags ?? "{}");
            app.Run();
            """,
            editorConfig: null,
            references: null,
            Verify.Diagnostic("MESH030").WithLocation(0)
                .WithArguments("'HttpClient.GetStringAsync'", "at start-up in Program.cs", DeepLifecycleTests.RunsWithout));

    // Serilog's template: the try wraps Run too, so the catch ends the program and the pod restarts.
    [Theory]
    [InlineData("return 1;")]
    [InlineData("")]
    public Task CatchInMainAroundRunEndsTheProgram(string after)
        => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;
            using Microsoft.AspNetCore.Builder;

            try
            {
                var app = WebApplication.Create(args);
                var flags = await {|#0:new HttpClient().GetStringAsync("http://flags.platform/api/flags")|};
                app.MapGet("/", () => flags);
                app.Run();
                return 0;
            }
            catch (Exception ex)
            {
                Console.Error.WriteLine($"Host terminated unexpectedly: {ex}");
                AFTER
            }
            finally
            {
                Console.Out.Flush();
            }
            return 1;
            """.Replace("AFTER", after),
            editorConfig: null,
            references: null,
            Verify.Diagnostic("MESH030").WithLocation(0)
                .WithArguments("'HttpClient.GetStringAsync'", "at start-up in Program.cs", DeepLifecycleTests.CrashLoops));

    // ---- BackgroundService.ExecuteAsync ----

    private const string Worker = """
        using System;
        using System.Net.Sockets;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Hosting;
        using Microsoft.Extensions.Logging;

        public sealed class QuoteFeed(ILogger<QuoteFeed> logger) : BackgroundService
        {
            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                using var client = new TcpClient();
                BODY
                var stream = client.GetStream();
                while (!stoppingToken.IsCancellationRequested)
                {
                    await stream.ReadAsync(new byte[256], stoppingToken);
                }
            }
        }
        """;

    [Fact]
    public Task UncaughtInExecuteAsyncStopsTheHostByDefault()
        => Verify.VerifyAsync(
            Worker.Replace("BODY", """await {|#0:client.ConnectAsync("quotes.market", 7000, stoppingToken)|};"""),
            editorConfig: null,
            references: null,
            Verify.Diagnostic("MESH030").WithLocation(0)
                .WithArguments("'TcpClient.ConnectAsync'", "in the first pass of QuoteFeed.ExecuteAsync", DeepLifecycleTests.EndsWorker));

    [Fact]
    public Task CaughtInExecuteAsyncTheWorkerRunsWithoutIt()
        => Verify.VerifyAsync(
            Worker.Replace("BODY", """
                try { await {|#0:client.ConnectAsync("quotes.market", 7000, stoppingToken)|}; }
                catch (Exception ex) { logger.LogError(ex, "quote feed unreachable"); return; }
                """),
            editorConfig: null,
            references: null,
            Verify.Diagnostic("MESH030").WithLocation(0)
                .WithArguments("'TcpClient.ConnectAsync'", "in the first pass of QuoteFeed.ExecuteAsync", DeepLifecycleTests.RunsWithout));

    // ---- Catches in the methods of the chain, not only in the reported body ----

    // The reported call sits in StartAsync; the catch is two calls down, around the library call. eShopOnContainers-style
    // "TryConnect" helpers and pitstop-style warmers log and go on: the service runs without what the call sets up.
    private const string Chain = """
        using System;
        using System.Net.Http;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Hosting;
        using Microsoft.Extensions.Logging;

        public sealed class RatesWarmer(RatesCache cache) : IHostedService
        {
            public async Task StartAsync(CancellationToken cancellationToken)
            {
                await {|#0:cache.WarmAsync(cancellationToken)|};
            }

            public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        }

        public sealed class RatesCache(HttpClient http, ILogger<RatesCache> logger)
        {
            public string Rates { get; private set; } = "";

            public async Task WarmAsync(CancellationToken cancellationToken)
            {
                OUTER
            }

            private async Task LoadAsync(CancellationToken cancellationToken)
            {
                INNER
            }
        }
        """;

    private const string Load = "Rates = await http.GetStringAsync(\"http://rates.finance/v1/latest\", cancellationToken);";

    private static Task VerifyChain(string outer, string inner, string consequence)
        => Verify.VerifyAsync(
            Chain.Replace("OUTER", outer).Replace("INNER", inner),
            editorConfig: null,
            references: null,
            Verify.Diagnostic("MESH030").WithLocation(0).WithArguments(
                "'RatesCache.WarmAsync' → 'RatesCache.LoadAsync' → 'HttpClient.GetStringAsync'", "at start-up in RatesWarmer.StartAsync", consequence));

    [Theory]
    [InlineData("try { await LoadAsync(cancellationToken); } catch (Exception ex) { logger.LogError(ex, \"rates unavailable\"); }", Load)]
    [InlineData("await LoadAsync(cancellationToken);", "try { " + Load + " } catch (Exception ex) { logger.LogError(ex, \"rates unavailable\"); }")]
    // A typed catch inside the library call's method, a catch-all further up: caught either way.
    [InlineData("try { await LoadAsync(cancellationToken); } catch { }", "try { " + Load + " } catch (HttpRequestException) { throw; }")]
    public Task CatchAllInAMethodOfTheChainMeansTheServiceRunsWithoutIt(string outer, string inner)
        => VerifyChain(outer, inner, DeepLifecycleTests.RunsWithout);

    [Theory]
    [InlineData("await LoadAsync(cancellationToken);", Load)]
    [InlineData("try { await LoadAsync(cancellationToken); } catch (Exception ex) { logger.LogError(ex, \"rates\"); throw; }", Load)]
    [InlineData("try { await LoadAsync(cancellationToken); } finally { logger.LogInformation(\"done\"); }", Load)]
    // The inner catch-all ends the process: a catch further up cannot help.
    [InlineData("try { await LoadAsync(cancellationToken); } catch { }", "try { " + Load + " } catch (Exception) { Environment.Exit(3); }")]
    public Task NothingOnTheWayCatchesItSoStartUpFails(string outer, string inner)
        => VerifyChain(outer, inner, DeepLifecycleTests.CrashLoops);

    [Theory]
    [InlineData("await LoadAsync(cancellationToken);", "try { " + Load + " } catch (HttpRequestException ex) { logger.LogError(ex, \"rates\"); }")]
    [InlineData("try { await LoadAsync(cancellationToken); } catch (TaskCanceledException) { }", Load)]
    public Task ATypedCatchInAMethodOfTheChainMayHandleIt(string outer, string inner)
        => VerifyChain(outer, inner, DeepLifecycleTests.CrashLoopsUnlessHandled);

    // In ExecuteAsync's first pass: a helper's catch-all keeps the worker (and the host) running.
    [Theory]
    [InlineData("try { await client.ConnectAsync(\"quotes.market\", 7000, token); } catch (SocketException ex) { logger.LogError(ex, \"feed down\"); }", false)]
    [InlineData("try { await client.ConnectAsync(\"quotes.market\", 7000, token); } catch (Exception ex) { logger.LogError(ex, \"feed down\"); }", true)]
    public Task ACatchInAHelperOfExecuteAsync(string connect, bool catchAll)
        => Verify.VerifyAsync(
            Worker.Replace("using var client = new TcpClient();", "using var client = new TcpClient();\n        await {|#0:ConnectAsync(client, stoppingToken)|};")
                .Replace("BODY", string.Empty)
                .Replace("    }\n}", "    }\n\n    private async Task ConnectAsync(TcpClient client, CancellationToken token)\n    {\n        " + connect + "\n    }\n}"),
            editorConfig: null,
            references: null,
            Verify.Diagnostic("MESH030").WithLocation(0).WithArguments(
                "'QuoteFeed.ConnectAsync' → 'TcpClient.ConnectAsync'", "in the first pass of QuoteFeed.ExecuteAsync",
                catchAll ? DeepLifecycleTests.RunsWithout : DeepLifecycleTests.EndsWorkerUnlessHandled));
}
