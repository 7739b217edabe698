using System.Threading.Tasks;
using MeshReady.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Shutdown = MeshReady.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MeshReady.Analyzers.Lifecycle.ShutdownIoAnalyzer>;
using Verify = MeshReady.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MeshReady.Analyzers.Lifecycle.StartupCallAnalyzer>;

namespace MeshReady.Analyzers.Tests.Lifecycle;

/// <summary>
/// A client library's own, documented retry as a start-up mitigation: StackExchange.Redis with <c>abortConnect=false</c> /
/// <c>AbortOnConnectFail = false</c> returns a disconnected multiplexer that reconnects in the background instead of
/// throwing. Sentinel configurations still throw, and a setting that is not a constant here is not trusted.
/// </summary>
public class ClientRetryTests
{
    private static readonly ReferenceAssemblies Redis = TestReferences.WithPackages(("StackExchange.Redis", "2.8.16"));

    private const string Program = """
        using System;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.Configuration;
        using Microsoft.Extensions.DependencyInjection;
        using StackExchange.Redis;

        var builder = WebApplication.CreateBuilder(args);
        var host = builder.Configuration["Redis:Host"] ?? "redis-master.cache";
        CONNECT
        builder.Services.AddSingleton<IConnectionMultiplexer>(redis);
        var app = builder.Build();
        app.Run();
        """;

    private static Task Silent(string connect)
        => Verify.VerifyAsync(Program.Replace("CONNECT", connect), editorConfig: null, references: Redis);

    private static Task Reported(string connect, string what)
        => Verify.VerifyAsync(
            Program.Replace("CONNECT", connect),
            editorConfig: null,
            references: Redis,
            Verify.Diagnostic("MESH030").WithLocation(0).WithArguments(what, "at start-up in Program.cs", DeepLifecycleTests.CrashLoops));

    // ---- Covered: the multiplexer keeps reconnecting instead of throwing ----

    [Theory]
    [InlineData("""var redis = ConnectionMultiplexer.Connect("redis-master.cache:6379,abortConnect=false");""")]
    [InlineData("""var redis = await ConnectionMultiplexer.ConnectAsync("redis-master.cache:6379, AbortConnect = False ,connectTimeout=2000");""")]
    [InlineData("""var redis = ConnectionMultiplexer.Connect($"{host}:6379,abortConnect=false");""")]
    [InlineData("""var redis = ConnectionMultiplexer.Connect(host + ":6379,abortConnect=false");""")]
    [InlineData("""var redis = ConnectionMultiplexer.Connect(new ConfigurationOptions { EndPoints = { host }, AbortOnConnectFail = false });""")]
    [InlineData("""
        var options = ConfigurationOptions.Parse(builder.Configuration.GetConnectionString("redis")!);
        options.AbortOnConnectFail = false;
        var redis = await ConnectionMultiplexer.ConnectAsync(options);
        """)]
    [InlineData("""
        var options = new ConfigurationOptions { AbortOnConnectFail = false };
        options.EndPoints.Add(host, 6379);
        var redis = ConnectionMultiplexer.Connect(options);
        """)]
    public Task AbortConnectFalseKeepsRetryingInTheBackground(string connect)
        => Silent(connect);

    // Through a helper of the project: its start-up summary holds no I/O either.
    [Fact]
    public Task HelperThatConnectsWithAbortConnectFalseIsCovered()
        => Verify.VerifyAsync(
            Program.Replace("CONNECT", "var redis = Cache.Connect(host);") + """

                static class Cache
                {
                    public static IConnectionMultiplexer Connect(string host) => ConnectionMultiplexer.Connect(host + ":6379,abortConnect=false");
                }
                """,
            editorConfig: null,
            references: Redis);

    // ---- Still reported ----

    [Theory]
    [InlineData("""var redis = {|#0:ConnectionMultiplexer.Connect("redis-master.cache:6379")|};""")]
    [InlineData("""var redis = {|#0:ConnectionMultiplexer.Connect("redis-master.cache:6379,abortConnect=true")|};""")]
    [InlineData("""var redis = {|#0:ConnectionMultiplexer.Connect("redis-master.cache:6379,abortConnect=false,abortConnect=true")|};""")]
    [InlineData("""var redis = {|#0:ConnectionMultiplexer.Connect(builder.Configuration.GetConnectionString("redis")!)|};""")]
    [InlineData("""var redis = {|#0:ConnectionMultiplexer.Connect(new ConfigurationOptions { EndPoints = { host } })|};""")]
    [InlineData("""
        var options = ConfigurationOptions.Parse(builder.Configuration.GetConnectionString("redis")!);
        options.AbortOnConnectFail = builder.Configuration.GetValue<bool>("Redis:AbortOnConnectFail");
        var redis = {|#0:ConnectionMultiplexer.Connect(options)|};
        """)]
    [InlineData("""
        var options = new ConfigurationOptions { AbortOnConnectFail = false };
        options.AbortOnConnectFail = true;
        var redis = {|#0:ConnectionMultiplexer.Connect(options)|};
        """)]
    public Task ConnectThatAbortsIsReported(string connect)
        => Reported(connect, "'ConnectionMultiplexer.Connect'");

    // A disconnected multiplexer used at once is no mitigation: the otel-demo cart (054282e) throws when !IsConnected, and
    // commands issued at once wait for the connection and can time out.
    [Theory]
    [InlineData("""
        var options = ConfigurationOptions.Parse(host + ",abortConnect=false");
        var redis = {|#0:ConnectionMultiplexer.Connect(options)|};
        if (!redis.IsConnected)
        {
            throw new ApplicationException("Wasn't able to connect to redis");
        }
        """)]
    [InlineData("""
        var redis = {|#0:ConnectionMultiplexer.Connect("redis-master.cache:6379,abortConnect=false")|};
        redis.GetDatabase().StringSet("cart", "OK");
        """)]
    [InlineData("""
        var db = {|#0:ConnectionMultiplexer.Connect("redis-master.cache:6379,abortConnect=false")|}.GetDatabase();
        var redis = db.Multiplexer;
        """)]
    public Task AbortConnectFalseUsedAtOnceIsReported(string connect)
        => Reported(connect, "'ConnectionMultiplexer.Connect'");

    // Sentinel still throws with AbortOnConnectFail = false (StackExchange/StackExchange.Redis#2173, #2980).
    [Theory]
    [InlineData("""var redis = {|#0:ConnectionMultiplexer.Connect("redis-sentinel.cache:26379,serviceName=mymaster,abortConnect=false")|};""")]
    [InlineData("""
        var options = ConfigurationOptions.Parse("redis-sentinel.cache:26379,abortConnect=false");
        options.ServiceName = "mymaster";
        var redis = {|#0:ConnectionMultiplexer.Connect(options)|};
        """)]
    public Task SentinelWithAbortConnectFalseIsStillReported(string connect)
        => Reported(connect, "'ConnectionMultiplexer.Connect'");

    // Confluent.Kafka: a produce before the proxy is ready waits in librdkafka's queue (up to message.timeout.ms, 300 s by
    // default) while the client reconnects, so it is not a start-up failure (without the change, ProduceAsync was reported).
    // Flush waits for that queue and does not throw (it returns the count left, or throws only when cancelled).
    [Fact]
    public Task KafkaProduceAtStartUpIsQueued()
        => Verify.VerifyAsync("""
            using System;
            using System.Threading;
            using Confluent.Kafka;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;

            var app = WebApplication.Create(args);
            var producer = app.Services.GetRequiredService<IProducer<string, string>>();
            await producer.ProduceAsync("service-lifecycle", new Message<string, string> { Key = "orders", Value = "started" });
            producer.Produce("service-lifecycle", new Message<string, string> { Key = "orders", Value = "ready" });
            var left = producer.Flush(TimeSpan.FromSeconds(10));
            producer.Flush(CancellationToken.None);
            app.Run();
            """,
            editorConfig: null,
            references: TestReferences.WithPackages(("Confluent.Kafka", "2.16.0")));

    // A producer built in sight with a MessageTimeoutMs shorter than proxy start-up (10 s, as for the other retries) gives up
    // on the queued message: the produce fails, so it is reported; a longer one, or none (300 s by default), stays covered.
    private const string KafkaProducer = """
        using System;
        using Confluent.Kafka;
        using Microsoft.AspNetCore.Builder;

        var app = WebApplication.Create(args);
        var config = new ProducerConfig { BootstrapServers = "kafka.messaging:9092", TIMEOUT };
        using var producer = new ProducerBuilder<string, string>(config).SetErrorHandler((_, e) => Console.Error.WriteLine(e.Reason)).Build();
        await {|#0:producer.ProduceAsync("service-lifecycle", new Message<string, string> { Key = "orders", Value = "started" })|};
        app.Run();
        """;

    [Theory]
    [InlineData("MessageTimeoutMs = 3000")]
    [InlineData("MessageTimeoutMs = 500, Acks = Acks.All")]
    public Task KafkaProduceWithAShortMessageTimeoutIsReported(string timeout)
        => Verify.VerifyAsync(
            KafkaProducer.Replace("TIMEOUT", timeout),
            editorConfig: null,
            references: TestReferences.WithPackages(("Confluent.Kafka", "2.16.0")),
            Verify.Diagnostic("MESH030").WithLocation(0).WithArguments("'IProducer.ProduceAsync'", "at start-up in Program.cs", DeepLifecycleTests.CrashLoops));

    [Theory]
    [InlineData("MessageTimeoutMs = 120000")]
    [InlineData("MessageTimeoutMs = 0")]
    [InlineData("Acks = Acks.All")]
    public Task KafkaProduceWithALongOrDefaultMessageTimeoutIsQueued(string timeout)
        => Verify.VerifyAsync(
            KafkaProducer.Replace("TIMEOUT", timeout).Replace("{|#0:", string.Empty).Replace("|};", ";"),
            editorConfig: null,
            references: TestReferences.WithPackages(("Confluent.Kafka", "2.16.0")));

    // At shutdown the connect is still network I/O after the sidecar may be gone: the retry mitigates start-up only.
    [Fact]
    public Task AbortConnectFalseIsStillShutdownIo()
        => Shutdown.VerifyAsync("""
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Hosting;
            using StackExchange.Redis;

            public sealed class PresenceCleaner : IHostedService
            {
                public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

                public async Task StopAsync(CancellationToken cancellationToken)
                {
                    var redis = await {|MESH031:ConnectionMultiplexer.ConnectAsync("redis-master.cache:6379,abortConnect=false")|};
                    await redis.GetDatabase().KeyDeleteAsync("presence:" + System.Environment.MachineName);
                }
            }
            """,
            editorConfig: null,
            references: Redis);
}
