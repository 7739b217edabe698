using System.Threading.Tasks;
using MeshReady.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = MeshReady.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MeshReady.Analyzers.Lifecycle.StartupCallAnalyzer>;

namespace MeshReady.Analyzers.Tests.Lifecycle;

/// <summary>
/// Start-up I/O whose task nobody observes: a lambda that returns a task (not only an async one) under a synchronous
/// runner, and a runner's task that is discarded. The message says the work silently never starts, not that the pod
/// crash-loops; where the task is awaited after all, the failure fails start-up and the message says so.
/// </summary>
public class DroppedTaskTests
{
    private static readonly ReferenceAssemblies RabbitAndPolly = TestReferences.WithPackages(("RabbitMQ.Client", "7.2.2"), ("Polly", "7.2.4"));

    private static string LoopDrops(string loop)
        => "it runs in a task that the lambda handed to '" + loop + "' returns and the loop drops, so a refused connection ends in "
            + "an unobserved task exception and the failure is lost: what it starts silently never starts (no crash, no restart); "
            + "await each call in a foreach loop (or await Parallel.ForEachAsync) and call 'await MeshProxy.WaitUntilReadyAsync()' first";

    private static string Unawaited(string runner)
        => "it runs in the task '" + runner + "' returns, which nobody awaits: the work goes on concurrently with start-up, and "
            + "a refused connection ends in an unobserved task exception and the failure is lost: what it starts silently never "
            + "starts (no crash, no restart); await the task and call 'await MeshProxy.WaitUntilReadyAsync()' first";

    private const string Consumer = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Hosting;
        using Polly;
        using RabbitMQ.Client;

        public sealed class OrderConsumer : IHostedService
        {
            private readonly ConnectionFactory _factory = new() { HostName = "rabbitmq.messaging" };
            private IConnection? _connection;

            public Task StartAsync(CancellationToken cancellationToken)
            {
                Policy
                    .Handle<Exception>()
                    .WaitAndRetry(9, _ => TimeSpan.FromSeconds(5))
                    .Execute(START);
                return Task.CompletedTask;
            }

            public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

            private async Task ConnectAsync() => _connection = await _factory.CreateConnectionAsync();
        }
        """;

    // Polly v7 binds () => ConnectAsync() to Execute<TResult>(Func<TResult>) and returns the task, which the statement drops.
    [Theory]
    [InlineData("() => {|#0:ConnectAsync()|}")]
    [InlineData("() => { return {|#0:ConnectAsync()|}; }")]
    public Task LambdaReturningATaskUnderASynchronousRetryNeverStarts(string lambda)
        => Verify.VerifyAsync(
            Consumer.Replace("START", lambda),
            editorConfig: null,
            references: RabbitAndPolly,
            Verify.Diagnostic("MESH030").WithLocation(0).WithArguments(
                "'Policy.Execute' → 'OrderConsumer.ConnectAsync' → 'ConnectionFactory.CreateConnectionAsync'",
                "at start-up in OrderConsumer.StartAsync",
                DeepLifecycleTests.NeverStarts("Policy.Execute")));

    // The synchronous part of a longer lambda runs under the retry, which sees its failure: covered, as before.
    [Fact]
    public Task LambdaThatConnectsBeforeReturningATaskStaysCovered()
        => Verify.VerifyAsync(
            Consumer.Replace(
                "START", "() => { var connection = _factory.CreateConnectionAsync().GetAwaiter().GetResult(); return connection.CloseAsync(); }"),
            editorConfig: null,
            references: RabbitAndPolly);

    [Fact]
    public Task TaskOfASynchronousRetryThatIsAwaitedFailsStartUp()
        => Verify.VerifyAsync("""
            using System;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Hosting;
            using Polly;
            using RabbitMQ.Client;

            public sealed class OrderConsumer : IHostedService
            {
                private readonly ConnectionFactory _factory = new() { HostName = "rabbitmq.messaging" };

                public async Task StartAsync(CancellationToken cancellationToken)
                {
                    // Only starting the connect is retried; awaiting the task it returns surfaces the refused connection.
                    await Policy.Handle<Exception>().WaitAndRetry(9, _ => TimeSpan.FromSeconds(5)).Execute(() => {|#0:_factory.CreateConnectionAsync()|});
                }

                public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
            }
            """,
            editorConfig: null,
            references: RabbitAndPolly,
            Verify.Diagnostic("MESH030").WithLocation(0).WithArguments(
                "'Policy.Execute' → 'ConnectionFactory.CreateConnectionAsync'", "at start-up in OrderConsumer.StartAsync", DeepLifecycleTests.CrashLoops));

    // List<T>.ForEach takes an Action<T>: the task PublishAsync returns is discarded, with its exception.
    [Fact]
    public Task LambdaReturningATaskUnderForEachIsDropped()
        => Verify.VerifyAsync("""
            using System.Collections.Generic;
            using System.Net.Http;
            using System.Threading.Tasks;

            var http = new HttpClient();
            var topics = new List<string> { "orders", "payments" };
            topics.ForEach(topic => {|#0:http.PostAsync("http://broker.messaging/topics/" + topic, null)|});
            """,
            editorConfig: null,
            references: null,
            Verify.Diagnostic("MESH030").WithLocation(0).WithArguments(
                "'List.ForEach' → 'HttpClient.PostAsync'", "at start-up in Program.cs", LoopDrops("List.ForEach")));

    [Theory]
    [InlineData("_ = ")]
    [InlineData("")]
    public Task UnawaitedParallelForEachAsyncIsFireAndForget(string discard)
        => Verify.VerifyAsync("""
            using System.Net.Http;
            using System.Threading.Tasks;

            var http = new HttpClient();
            var regions = new[] { "eu", "us" };
            DISCARDParallel.ForEachAsync(regions, async (region, token) => await {|#0:http.GetStringAsync("http://catalog.shop/warm/" + region, token)|});
            await Task.Delay(100);
            """.Replace("DISCARD", discard),
            editorConfig: null,
            references: null,
            Verify.Diagnostic("MESH030").WithLocation(0).WithArguments(
                "'Parallel.ForEachAsync' → 'HttpClient.GetStringAsync'", "at start-up in Program.cs", Unawaited("Parallel.ForEachAsync")));

    [Fact]
    public Task AwaitedParallelForEachAsyncFailsStartUp()
        => Verify.VerifyAsync("""
            using System.Net.Http;
            using System.Threading.Tasks;

            var http = new HttpClient();
            var regions = new[] { "eu", "us" };
            await Parallel.ForEachAsync(regions, async (region, token) => await {|#0:http.GetStringAsync("http://catalog.shop/warm/" + region, token)|});
            """,
            editorConfig: null,
            references: null,
            Verify.Diagnostic("MESH030").WithLocation(0).WithArguments(
                "'Parallel.ForEachAsync' → 'HttpClient.GetStringAsync'", "at start-up in Program.cs", DeepLifecycleTests.CrashLoops));

    // Polly v7's AsyncRetryEngine retries inside the task ExecuteAsync returns: dropped, it still retries in the background.
    [Fact]
    public Task UnawaitedAsyncRetryStillRetries()
        => Verify.VerifyAsync("""
            using System;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Hosting;
            using Polly;
            using RabbitMQ.Client;

            public sealed class OrderConsumer : IHostedService
            {
                private readonly ConnectionFactory _factory = new() { HostName = "rabbitmq.messaging" };

                public Task StartAsync(CancellationToken cancellationToken)
                {
                    _ = Policy.Handle<Exception>().WaitAndRetryAsync(9, _ => TimeSpan.FromSeconds(5))
                        .ExecuteAsync(async () => await _factory.CreateConnectionAsync());
                    return Task.CompletedTask;
                }

                public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
            }
            """,
            editorConfig: null,
            references: RabbitAndPolly);
}
