using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using static MeshReady.Analyzers.Tests.Lifecycle.DeepLifecycleTests;
using Job = MeshReady.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MeshReady.Analyzers.Lifecycle.JobCompletionAnalyzer>;
using TestReferences = MeshReady.Analyzers.Tests.Infrastructure.TestReferences;
using Verify = MeshReady.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MeshReady.Analyzers.Lifecycle.StartupCallAnalyzer>;

namespace MeshReady.Analyzers.Tests.Lifecycle;

/// <summary>
/// Console workers that open their connections in a loop they wrote themselves, and run until they fail
/// (dockersamples/example-voting-app 63e9150, worker/Program.cs, deployed as a Deployment): the loop that retries
/// a refused connection after a pause covers the start-up race, and a main loop that never ends is no Job.
/// </summary>
public class HandWrittenRetryTests
{
    private static readonly ReferenceAssemblies Clients = TestReferences.WithPackages(("Npgsql", "8.0.5"), ("StackExchange.Redis", "2.8.16"));

    private const string OpenDb = """
        private static NpgsqlConnection OpenDbConnection(string connectionString)
        {
            NpgsqlConnection connection;

            while (true)
            {
                try
                {
                    connection = new NpgsqlConnection(connectionString);
                    connection.Open();
                    break;
                }
                catch (SocketException)
                {
                    Console.Error.WriteLine("Waiting for db");
                    Thread.Sleep(1000);
                }
                catch (DbException)
                {
                    Console.Error.WriteLine("Waiting for db");
                    Thread.Sleep(1000);
                }
            }

            var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE IF NOT EXISTS votes (id VARCHAR(255) NOT NULL UNIQUE, vote VARCHAR(255) NOT NULL)";
            command.ExecuteNonQuery();

            return connection;
        }

        private static ConnectionMultiplexer OpenRedisConnection(string hostname)
        {
            while (true)
            {
                try
                {
                    Console.Error.WriteLine("Connecting to redis");
                    return ConnectionMultiplexer.Connect(hostname);
                }
                catch (RedisConnectionException)
                {
                    Console.Error.WriteLine("Waiting for redis");
                    Thread.Sleep(1000);
                }
            }
        }
        """;

    private const string Usings = """
        using System;
        using System.Data.Common;
        using System.Net.Sockets;
        using System.Threading;
        using System.Threading.Tasks;
        using Npgsql;
        using StackExchange.Redis;

        """;

    // ---- Start-up: a hand-written retry loop covers the race, and what follows it ----

    [Fact]
    public Task WorkerThatRetriesItsConnectionsByHandIsSilent()
        => Verify.VerifyAsync(Usings + """
            public class Program
            {
                public static int Main(string[] args)
                {
                    try
                    {
                        var pgsql = OpenDbConnection("Server=db;Username=postgres;Password=postgres;");
                        var redis = OpenRedisConnection("redis").GetDatabase();
                        while (true)
                        {
                            Thread.Sleep(100);
                            string json = redis.ListLeftPopAsync("votes").Result;
                            Console.WriteLine(json);
                        }
                    }
                    catch (Exception ex)
                    {
                        Console.Error.WriteLine(ex.ToString());
                        return 1;
                    }
                }

            OPEN
            }
            """.Replace("OPEN", OpenDb), editorConfig: null, references: Clients);

    [Fact]
    public Task TopLevelAwaitedRetryLoopCoversWhatFollows()
        => Verify.VerifyAsync(Usings + """
            await using var connection = new NpgsqlConnection("Host=orders-db;Username=orders");
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await connection.OpenAsync();
                    break;
                }
                catch (NpgsqlException) when (attempt < 30)
                {
                    await Task.Delay(TimeSpan.FromSeconds(2));
                }
            }

            await using var command = new NpgsqlCommand("CREATE TABLE IF NOT EXISTS orders (id uuid PRIMARY KEY)", connection);
            await command.ExecuteNonQueryAsync();
            """, editorConfig: null, references: Clients);

    [Fact]
    public Task LoopThatDoesNotPauseBetweenAttemptsIsNoRetry()
        => Verify.VerifyAsync(Usings + """
            var connection = new NpgsqlConnection("Host=orders-db;Username=orders");
            for (var attempt = 0; attempt < 3; attempt++)
            {
                try
                {
                    {|#0:connection.Open()|};
                    break;
                }
                catch (NpgsqlException)
                {
                    Console.Error.WriteLine("retrying");
                }
            }
            """,
            editorConfig: null,
            references: Clients,
            Verify.Diagnostic("MESH030").WithLocation(0).WithArguments("'NpgsqlConnection.Open'", "at start-up in Program.cs", CrashLoopsUnlessHandled));

    [Fact]
    public Task CatchThatRethrowsIsNoRetry()
        => Verify.VerifyAsync(Usings + """
            var connection = new NpgsqlConnection("Host=orders-db;Username=orders");
            while (true)
            {
                try
                {
                    {|#0:connection.Open()|};
                    break;
                }
                catch (NpgsqlException)
                {
                    Thread.Sleep(1000);
                    throw;
                }
            }
            """,
            editorConfig: null,
            references: Clients,
            Verify.Diagnostic("MESH030").WithLocation(0).WithArguments("'NpgsqlConnection.Open'", "at start-up in Program.cs", CrashLoops));

    [Fact]
    public Task CallBeforeTheRetryLoopIsStillReported()
        => Verify.VerifyAsync(Usings + """
            var redis = {|#0:ConnectionMultiplexer.Connect("redis:6379")|};
            var connection = new NpgsqlConnection("Host=orders-db;Username=orders");
            while (true)
            {
                try
                {
                    connection.Open();
                    break;
                }
                catch (NpgsqlException)
                {
                    Thread.Sleep(1000);
                }
            }
            """,
            editorConfig: null,
            references: Clients,
            Verify.Diagnostic("MESH030").WithLocation(0).WithArguments("'ConnectionMultiplexer.Connect'", "at start-up in Program.cs", CrashLoops));

    [Fact]
    public Task HelperThatConnectsBeforeItsRetryLoopIsReported()
        => Verify.VerifyAsync(Usings + """
            var redis = {|#0:Setup.Connect()|};

            public static class Setup
            {
                public static IDatabase Connect()
                {
                    var cache = ConnectionMultiplexer.Connect("redis:6379").GetDatabase();
                    while (true)
                    {
                        try
                        {
                            new NpgsqlConnection("Host=orders-db").Open();
                            return cache;
                        }
                        catch (NpgsqlException)
                        {
                            Thread.Sleep(1000);
                        }
                    }
                }
            }
            """,
            editorConfig: null,
            references: Clients,
            Verify.Diagnostic("MESH030").WithLocation(0).WithArguments("'Setup.Connect' → 'ConnectionMultiplexer.Connect'", "at start-up in Program.cs", CrashLoops));

    [Fact]
    public Task HelperThatRetriesAnotherHelperByHandIsSilent()
        => Verify.VerifyAsync(Usings + """
            var connection = Db.OpenWithRetry("Host=orders-db");
            await using var command = new NpgsqlCommand("CREATE TABLE IF NOT EXISTS orders (id uuid PRIMARY KEY)", connection);
            await command.ExecuteNonQueryAsync();

            public static class Db
            {
                public static NpgsqlConnection OpenWithRetry(string connectionString)
                {
                    while (true)
                    {
                        try
                        {
                            return Open(connectionString);
                        }
                        catch (NpgsqlException)
                        {
                            Thread.Sleep(1000);
                        }
                    }
                }

                private static NpgsqlConnection Open(string connectionString)
                {
                    var connection = new NpgsqlConnection(connectionString);
                    connection.Open();
                    return connection;
                }
            }
            """, editorConfig: null, references: Clients);

    [Fact]
    public Task HelperRetryingAHelperWithoutIoDoesNotCoverWhatFollows()
        => Verify.VerifyAsync(Usings + """
            var redis = {|#0:Setup.Run()|};

            public static class Setup
            {
                public static IDatabase Run()
                {
                    while (true)
                    {
                        try
                        {
                            Validate();
                            break;
                        }
                        catch (InvalidOperationException)
                        {
                            Thread.Sleep(1000);
                        }
                    }

                    return ConnectionMultiplexer.Connect("redis:6379").GetDatabase();
                }

                private static void Validate()
                {
                    if (Environment.GetEnvironmentVariable("REDIS") is null)
                    {
                        throw new InvalidOperationException("REDIS is not set");
                    }
                }
            }
            """,
            editorConfig: null,
            references: Clients,
            Verify.Diagnostic("MESH030").WithLocation(0).WithArguments("'Setup.Run' → 'ConnectionMultiplexer.Connect'", "at start-up in Program.cs", CrashLoops));

    // ---- A retry does not make a Job's I/O less than I/O ----

    [Fact]
    public Task JobWhoseOnlyIoIsRetriedStillNeedsTheQuit()
        => Job.VerifyAsync(Usings + """
            var connection = Db.OpenWithRetry("Host=reports-db");
            Console.WriteLine(connection.State);
            {|MESH033:return 0;|}

            public static class Db
            {
                public static NpgsqlConnection OpenWithRetry(string connectionString)
                {
                    while (true)
                    {
                        try
                        {
                            var connection = new NpgsqlConnection(connectionString);
                            connection.Open();
                            return connection;
                        }
                        catch (DbException)
                        {
                            Thread.Sleep(1000);
                        }
                    }
                }
            }
            """, editorConfig: null, references: Clients);

    // ---- MESH033: a main loop that never ends is a long-running worker ----

    [Fact]
    public Task WorkerWhoseMainLoopNeverEndsIsNotAJob()
        => Job.VerifyAsync(Usings + """
            public class Program
            {
                public static int Main(string[] args)
                {
                    try
                    {
                        var redis = ConnectionMultiplexer.Connect("redis").GetDatabase();
                        var pgsql = new NpgsqlConnection("Server=db;Username=postgres;Password=postgres;");
                        pgsql.Open();
                        while (true)
                        {
                            Thread.Sleep(100);
                            string json = redis.ListLeftPopAsync("votes").Result;
                            if (json != null)
                            {
                                Console.WriteLine($"Processing vote {json}");
                            }
                            else
                            {
                                using var keepAlive = new NpgsqlCommand("SELECT 1", pgsql);
                                keepAlive.ExecuteNonQuery();
                            }
                        }
                    }
                    catch (Exception ex)
                    {
                        Console.Error.WriteLine(ex.ToString());
                        return 1;
                    }
                }
            }
            """, editorConfig: null, references: Clients);

    [Fact]
    public Task TopLevelForeverLoopIsNotAJob()
        => Job.VerifyAsync(Usings + """
            var redis = ConnectionMultiplexer.Connect("redis").GetDatabase();
            for (;;)
            {
                var item = await redis.ListLeftPopAsync("jobs");
                if (item.IsNull)
                {
                    await Task.Delay(500);
                    continue;
                }

                Console.WriteLine(item);
            }
            """, editorConfig: null, references: Clients);

    [Fact]
    public Task LoopThatBreaksWhenTheQueueIsEmptyEnds()
        => Job.VerifyAsync(Usings + """
            public class Program
            {
                public static int {|MESH033:Main|}(string[] args)
                {
                    var redis = ConnectionMultiplexer.Connect("redis").GetDatabase();
                    while (true)
                    {
                        var item = redis.ListLeftPop("jobs");
                        if (item.IsNull)
                        {
                            break;
                        }

                        Console.WriteLine(item);
                    }

                    return 0;
                }
            }
            """, editorConfig: null, references: Clients);

    [Fact]
    public Task LoopThatReturnsFromInsideEnds()
        => Job.VerifyAsync(Usings + """
            public class Program
            {
                public static int {|MESH033:Main|}(string[] args)
                {
                    var redis = ConnectionMultiplexer.Connect("redis").GetDatabase();
                    while (true)
                    {
                        var item = redis.ListLeftPop("jobs");
                        if (item.IsNull)
                        {
                            return 0;
                        }

                        Console.WriteLine(item);
                    }
                }
            }
            """, editorConfig: null, references: Clients);

    [Fact]
    public Task LoopUntilCancelledEnds()
        => Job.VerifyAsync(Usings + """
            using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(5));
            var redis = ConnectionMultiplexer.Connect("redis").GetDatabase();
            while (!stop.IsCancellationRequested)
            {
                Console.WriteLine(await redis.ListLeftPopAsync("jobs"));
            }
            {|MESH033:return 0;|}
            """, editorConfig: null, references: Clients);

    // ---- The pause in a helper of the compilation ----

    // A hosted service that connects in a loop paced by a helper: the helper's Task.Delay is the pause, one call deep.
    // YARP's Kubernetes controller (microsoft/reverse-proxy 202cca9, src/Kubernetes.Controller/Client/ResourceInformer.cs)
    // paces its list-and-watch loop with 'await limiter.WaitAsync(cancellationToken)', whose Limiter forwards to
    // WaitAsync(1, token), which awaits Task.Delay (src/Kubernetes.Controller/Rate/Limiter.cs).
    private const string PacedFeed = """
        using System;
        using System.Net.Sockets;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Hosting;

        public sealed class QuoteFeed : IHostedService
        {
            private readonly Limiter limiter = new();

            public async Task StartAsync(CancellationToken stoppingToken)
            {
                var attempt = 0;
                while (true)
                {
                    try
                    {
                        using var client = new TcpClient();
                        await CONNECT;
                        break;
                    }
                    catch (SocketException)
                    {
                        attempt++;
                    }

                    PAUSE;
                }
            }

            public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

            private static async Task DelayAsync(int attempt, CancellationToken token)
            {
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(30, 1 << attempt)), token);
            }

            private static void Backoff(int attempt) => Thread.Sleep(1000 * attempt);

            private static Task Nothing(int attempt) => Task.CompletedTask;
        }

        public sealed class Limiter
        {
            public Task WaitAsync(CancellationToken token) => WaitAsync(1, token);

            public async Task WaitAsync(int count, CancellationToken token)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500 * count), token).ConfigureAwait(false);
            }
        }
        """;

    private const string Connect = "client.ConnectAsync(\"quotes.market\", 7000, stoppingToken)";

    [Theory]
    [InlineData("await DelayAsync(attempt, stoppingToken)")]
    [InlineData("await limiter.WaitAsync(stoppingToken).ConfigureAwait(true)")]
    [InlineData("Backoff(attempt)")]
    public Task APauseInAHelperMakesTheLoopARetry(string pause)
        => Verify.VerifyAsync(PacedFeed.Replace("CONNECT", Connect).Replace("PAUSE", pause), editorConfig: null, references: null);

    // Not awaited, or a helper that does not wait: every attempt meets a proxy that is still starting.
    [Theory]
    [InlineData("_ = DelayAsync(attempt, stoppingToken)")]
    [InlineData("await Nothing(attempt)")]
    public Task AHelperThatDoesNotPauseIsNoRetry(string pause)
        => Verify.VerifyAsync(
            PacedFeed.Replace("CONNECT", "{|#0:" + Connect + "|}").Replace("PAUSE", pause),
            editorConfig: null,
            references: null,
            Verify.Diagnostic("MESH030").WithLocation(0).WithArguments(
                "'TcpClient.ConnectAsync'", "at start-up in QuoteFeed.StartAsync", CrashLoopsUnlessHandled));
}
