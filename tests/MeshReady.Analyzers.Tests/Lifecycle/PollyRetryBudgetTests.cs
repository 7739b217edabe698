using System.Threading.Tasks;
using Xunit;
using Verify = MeshReady.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MeshReady.Analyzers.Lifecycle.StartupCallAnalyzer>;

namespace MeshReady.Analyzers.Tests.Lifecycle;

/// <summary>
/// A Polly v7 retry built in sight of the call covers start-up only when it waits long enough in all (10 s, as for EF
/// execution strategies): <c>Retry(n)</c> retries at once, so every attempt meets a proxy that is still starting.
/// </summary>
public class PollyRetryBudgetTests
{
    private const string Program = """
        using System;
        using System.Net.Http;
        using Microsoft.AspNetCore.Builder;
        using Polly;

        var app = WebApplication.Create(args);
        using var http = new HttpClient();
        RETRY
        app.Run();
        """;

    private static Task Covered(string retry)
        => Verify.VerifyAsync(Program.Replace("RETRY", retry), editorConfig: null, references: DeepLifecycleTests.PollyV7);

    private static Task Reported(string retry, string what)
        => Verify.VerifyAsync(
            Program.Replace("RETRY", retry),
            editorConfig: null,
            references: DeepLifecycleTests.PollyV7,
            Verify.Diagnostic("MESH030").WithLocation(0).WithArguments(what, "at start-up in Program.cs", DeepLifecycleTests.CrashLoops));

    [Theory]
    [InlineData("""var config = Policy.Handle<HttpRequestException>().Retry(3).Execute(() => {|#0:http.GetStringAsync("http://config.platform/")|}.Result);""")]
    [InlineData("""var config = await Policy.Handle<HttpRequestException>().RetryAsync(5).ExecuteAsync(() => {|#0:http.GetStringAsync("http://config.platform/")|});""")]
    [InlineData("""var config = Policy.Handle<HttpRequestException>().WaitAndRetry(3, _ => TimeSpan.FromMilliseconds(200)).Execute(() => {|#0:http.GetStringAsync("http://config.platform/")|}.Result);""")]
    [InlineData("""
        var retry = Policy.Handle<HttpRequestException>().WaitAndRetryAsync(4, attempt => TimeSpan.FromSeconds(2));
        var config = await retry.ExecuteAsync(() => {|#0:http.GetStringAsync("http://config.platform/")|});
        """)]
    // Computed from the attempt (1, 2, … n, as Polly passes them) over a constant count: 2 + 4 = 6 s; 0.1 + … + 0.5 = 1.5 s;
    // with a constant as the count, 2 + 4 + 8 = 14 s is enough (below).
    [InlineData("""var config = await Policy.Handle<HttpRequestException>().WaitAndRetryAsync(2, attempt => TimeSpan.FromSeconds(Math.Pow(2, attempt))).ExecuteAsync(() => {|#0:http.GetStringAsync("http://config.platform/")|});""")]
    [InlineData("""var config = Policy.Handle<HttpRequestException>().WaitAndRetry(5, (attempt, context) => TimeSpan.FromMilliseconds(100 * attempt)).Execute(() => {|#0:http.GetStringAsync("http://config.platform/")|}.Result);""")]
    public Task RetryShorterThanProxyStartUpIsReported(string retry)
        => Reported(retry, retry.Contains("ExecuteAsync") ? "'AsyncPolicy.ExecuteAsync' → 'HttpClient.GetStringAsync'" : "'Policy.Execute' → 'HttpClient.GetStringAsync'");

    [Theory]
    [InlineData("""var config = Policy.Handle<HttpRequestException>().WaitAndRetry(5, _ => TimeSpan.FromSeconds(3)).Execute(() => http.GetStringAsync("http://config.platform/").Result);""")]
    [InlineData("""var config = await Policy.Handle<HttpRequestException>().WaitAndRetryAsync(6, attempt => TimeSpan.FromSeconds(Math.Pow(2, attempt))).ExecuteAsync(() => http.GetStringAsync("http://config.platform/"));""")]
    [InlineData("""var config = Policy.Handle<HttpRequestException>().RetryForever().Execute(() => http.GetStringAsync("http://config.platform/").Result);""")]
    [InlineData("""
        const int retries = 3;
        var config = await Policy.Handle<HttpRequestException>().WaitAndRetryAsync(retries, attempt => TimeSpan.FromSeconds(Math.Pow(2, attempt))).ExecuteAsync(() => http.GetStringAsync("http://config.platform/"));
        """)]
    // Reads something other than the attempt (a random jitter): not known, so still a mitigation.
    [InlineData("""var config = await Policy.Handle<HttpRequestException>().WaitAndRetryAsync(2, attempt => TimeSpan.FromSeconds(Random.Shared.Next(1, 3))).ExecuteAsync(() => http.GetStringAsync("http://config.platform/"));""")]
    public Task RetryThatWaitsLongEnoughOrCannotBeReadIsCovered(string retry)
        => Covered(retry);
}
