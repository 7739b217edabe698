using System.Threading.Tasks;
using Xunit;
using Verify = MeshReady.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MeshReady.Analyzers.Lifecycle.StartupCallAnalyzer>;

namespace MeshReady.Analyzers.Tests.Lifecycle;

/// <summary>
/// A branch that runs only once an interval has passed since a moment taken at start (EdwinVW/pitstop's TimeWorker
/// publishes <c>DayHasPassed</c> once <c>DateTime.Now.Subtract(_lastCheck).Days &gt; 0</c>, with <c>_lastCheck</c> set
/// in the constructor) is not start-up I/O. A guard that is already due at start (no mark, a mark that is reset to
/// something else, <c>&gt;= 0</c>, the mark alone) is still reported.
/// </summary>
public class TimeGuardTests
{
    private const string Publisher = """

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

    private const string Usings = """
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
}
