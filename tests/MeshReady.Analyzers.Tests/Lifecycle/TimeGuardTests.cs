using System.Threading.Tasks;
using Xunit;
using Shutdown = MeshReady.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MeshReady.Analyzers.Lifecycle.ShutdownIoAnalyzer>;
using Verify = MeshReady.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MeshReady.Analyzers.Lifecycle.StartupCallAnalyzer>;

namespace MeshReady.Analyzers.Tests.Lifecycle;

/// <summary>
/// A branch that runs only once an interval has passed since a moment taken at start (EdwinVW/pitstop's TimeWorker
/// publishes <c>DayHasPassed</c> once <c>DateTime.Now.Subtract(_lastCheck).Days &gt; 0</c>, with <c>_lastCheck</c> set
/// in the constructor) is not start-up I/O. A guard that is already due at start (no mark, a mark that is reset to
/// something else, <c>&gt;= 0</c>, the mark alone) is still reported. The skip is the start-up view's only: at shutdown
/// (MESH031) the interval may have passed, so the same branch is shutdown I/O.
/// </summary>
public class TimeGuardTests
{
    internal const string Publisher = """

        public interface IMessagePublisher
        {
            Task PublishMessageAsync(string messageType, object message);
        }

        public sealed class HttpMessagePublisher(HttpClient client) : IMessagePublisher
        {
            public Task PublishMessageAsync(string messageType, object message)
                => client.PostAsJsonAsync("http://events.messaging.svc.cluster.local/" + messageType, message);
        }
        """;

    internal const string Usings = """
        using System;
        using System.Net.Http;
        using System.Net.Http.Json;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Hosting;

        """;

    [Fact]
    public Task DailyPublishInAWorkerLoopIsNotStartUp()
        => Verify.VerifyAsync(Usings + """
            public class TimeWorker : IHostedService
            {
                DateTime _lastCheck;
                CancellationTokenSource _cancellationTokenSource;
                Task _task;
                IMessagePublisher _messagePublisher;

                public TimeWorker(IMessagePublisher messagePublisher)
                {
                    _cancellationTokenSource = new CancellationTokenSource();
                    _lastCheck = DateTime.Now;
                    _messagePublisher = messagePublisher;
                }

                public Task StartAsync(CancellationToken cancellationToken)
                {
                    _task = Task.Run(() => Worker(), _cancellationTokenSource.Token);
                    return Task.CompletedTask;
                }

                public Task StopAsync(CancellationToken cancellationToken)
                {
                    _cancellationTokenSource.Cancel();
                    return Task.CompletedTask;
                }

                private async void Worker()
                {
                    while (true)
                    {
                        if (DateTime.Now.Subtract(_lastCheck).Days > 0)
                        {
                            _lastCheck = DateTime.Now;
                            await _messagePublisher.PublishMessageAsync("DayHasPassed", new { Id = Guid.NewGuid() });
                        }
                        Thread.Sleep(10000);
                    }
                }
            }
            """ + Publisher);

    [Fact]
    public Task DeadlineFromALocalTakenBeforeTheLoopIsNotStartUp()
        => Verify.VerifyAsync(Usings + """
            public sealed class ReportScheduler(IMessagePublisher publisher) : IHostedService
            {
                public async Task StartAsync(CancellationToken cancellationToken)
                {
                    var last = DateTimeOffset.UtcNow;
                    if (DateTimeOffset.UtcNow >= last.AddHours(1) && !cancellationToken.IsCancellationRequested)
                    {
                        await publisher.PublishMessageAsync("HourlyReport", new { At = DateTimeOffset.UtcNow });
                    }
                }

                public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
            }
            """ + Publisher);

    [Fact]
    public Task MarkNeverTakenFromTheClockIsDueAtOnce()
        => Verify.VerifyAsync(Usings + """
            public sealed class DailyReport(IMessagePublisher publisher) : IHostedService
            {
                private DateTime _lastRun;

                public async Task StartAsync(CancellationToken cancellationToken)
                    => await {|#0:PublishIfDueAsync()|};

                public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

                private async Task PublishIfDueAsync()
                {
                    if (DateTime.UtcNow.Subtract(_lastRun).Days > 0)
                    {
                        _lastRun = DateTime.UtcNow;
                        await publisher.PublishMessageAsync("DailyReport", new { });
                    }
                }
            }
            """ + Publisher,
            Verify.Diagnostic("MESH030").WithLocation(0).WithArguments(
                "'DailyReport.PublishIfDueAsync' → 'IMessagePublisher.PublishMessageAsync' → 'HttpMessagePublisher.PublishMessageAsync' → 'HttpClient.PostAsJsonAsync'",
                "at start-up in DailyReport.StartAsync",
                DeepLifecycleTests.CrashLoops));

    [Fact]
    public Task MarkResetToTheMinimumElsewhereIsNotAGuard()
        => Verify.VerifyAsync(Usings + """
            public sealed class DailyReport : IHostedService
            {
                private readonly IMessagePublisher publisher;
                private DateTime _lastRun;

                public DailyReport(IMessagePublisher publisher)
                {
                    this.publisher = publisher;
                    _lastRun = DateTime.UtcNow;
                }

                public void ForceNextRun() => _lastRun = DateTime.MinValue;

                public async Task StartAsync(CancellationToken cancellationToken)
                {
                    if ((DateTime.UtcNow - _lastRun).TotalHours >= 24)
                    {
                        await {|#0:publisher.PublishMessageAsync("DailyReport", new { })|};
                    }
                }

                public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
            }
            """ + Publisher,
            Verify.Diagnostic("MESH030").WithLocation(0).WithArguments(
                "'IMessagePublisher.PublishMessageAsync' → 'HttpMessagePublisher.PublishMessageAsync' → 'HttpClient.PostAsJsonAsync'",
                "at start-up in DailyReport.StartAsync",
                DeepLifecycleTests.CrashLoops));

    [Theory]
    [InlineData("(DateTime.UtcNow - _startedAt).TotalSeconds >= 0")]
    [InlineData("DateTime.UtcNow - _startedAt >= TimeSpan.Zero")]
    [InlineData("DateTime.UtcNow >= _startedAt")]
    public Task ComparisonThatHoldsWhenNoTimeHasPassedIsNotAGuard(string condition)
        => Verify.VerifyAsync(Usings + """
            public sealed class Announcer : IHostedService
            {
                private readonly IMessagePublisher publisher;
                private readonly DateTime _startedAt = DateTime.UtcNow;

                public Announcer(IMessagePublisher publisher) => this.publisher = publisher;

                public async Task StartAsync(CancellationToken cancellationToken)
                {
                    if (CONDITION)
                    {
                        await {|#0:publisher.PublishMessageAsync("Started", new { })|};
                    }
                }

                public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
            }
            """.Replace("CONDITION", condition) + Publisher,
            Verify.Diagnostic("MESH030").WithLocation(0).WithArguments(
                "'IMessagePublisher.PublishMessageAsync' → 'HttpMessagePublisher.PublishMessageAsync' → 'HttpClient.PostAsJsonAsync'",
                "at start-up in Announcer.StartAsync",
                DeepLifecycleTests.CrashLoops));
    // ---- At shutdown the interval may have passed: the same branch is reported by MESH031 ----

    internal const string UsageReporter = """
        public sealed class UsageReporter : IHostedService
        {
            private readonly IMessagePublisher publisher;
            private DateTime _lastReport;

            public UsageReporter(IMessagePublisher publisher)
            {
                this.publisher = publisher;
                _lastReport = DateTime.UtcNow;
            }

            public Task StartAsync(CancellationToken cancellationToken) => ReportIfDueAsync();

            public async Task StopAsync(CancellationToken cancellationToken)
            {
                await MARK0ReportIfDueAsync()END;
                if (DateTime.UtcNow - _lastReport > TimeSpan.FromMinutes(5))
                {
                    await MARK1publisher.PublishMessageAsync("UsageReport", new { Final = true })END;
                }
            }

            private async Task ReportIfDueAsync()
            {
                if (DateTime.UtcNow.Subtract(_lastReport).TotalHours >= 1)
                {
                    _lastReport = DateTime.UtcNow;
                    await publisher.PublishMessageAsync("UsageReport", new { });
                }
            }
        }
        """;

    internal const string PublisherChain = "'IMessagePublisher.PublishMessageAsync' → 'HttpMessagePublisher.PublishMessageAsync' → 'HttpClient.PostAsJsonAsync'";

    [Fact]
    public Task TheGuardedBranchAtStartUpIsSilent()
        => Verify.VerifyAsync(Usings + UsageReporter.Replace("MARK0", string.Empty).Replace("MARK1", string.Empty).Replace("END", string.Empty) + Publisher);

    [Fact]
    public Task TheSameGuardedBranchInStopAsyncIsShutdownIo()
        => Shutdown.VerifyAsync(
            Usings + UsageReporter.Replace("MARK0", "{|#0:").Replace("MARK1", "{|#1:").Replace("END", "|}") + Publisher,
            Shutdown.Diagnostic("MESH031").WithLocation(0).WithArguments("'UsageReporter.ReportIfDueAsync' → " + PublisherChain, "in UsageReporter.StopAsync"),
            Shutdown.Diagnostic("MESH031").WithLocation(1).WithArguments(PublisherChain, "in UsageReporter.StopAsync"));

    [Fact]
    public Task AGuardedBranchAfterRunIsShutdownIo()
        => Shutdown.VerifyAsync("""
            using System;
            using System.Net.Http;
            using Microsoft.AspNetCore.Builder;

            var started = DateTime.UtcNow;
            var app = WebApplication.Create(args);
            using var http = new HttpClient();
            await app.RunAsync();
            if (DateTime.UtcNow - started > TimeSpan.FromHours(1))
            {
                await {|MESH031:http.PostAsync("http://usage-api/api/usage/long-run", null)|};
            }
            """);
}
