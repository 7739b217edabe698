using System;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace MeshReady.Analyzers.Tests.Generation;

/// <summary>The generated helpers read process-wide environment variables: these tests never run alongside others that set them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProxyEnvironmentCollection
{
    public const string Name = "MeshProxy environment";
}

/// <summary>
/// Runs the generated MeshProxy and hosting integration against <see cref="FakeIstioAgent"/>, a real HTTP server on
/// 127.0.0.1 standing in for istio-agent; the documented environment variables point the helpers at it.
/// </summary>
[Collection(ProxyEnvironmentCollection.Name)]
public sealed class MeshProxyBehaviourTests : IClassFixture<GeneratedHelpers>, IDisposable
{
    private static readonly string[] Variables =
    {
        "MESHREADY_PROXY_READY_URL", "MESHREADY_PROXY_QUIT_URL", "MESHREADY_PROXY_ABSENT_AFTER", "ENVOY_ADMIN_API", "ISTIO_QUIT_API",
        "MESHREADY_AGENT_READY_URL", "MESHREADY_SIDECAR_STATUS", "KUBERNETES_SERVICE_HOST", "NEVER_KILL_ISTIO", "NEVER_KILL_ISTIO_ON_FAILURE",
    };

    // What the injector writes: istio-proxy under containers (classic) or initContainers (native), pkg/kube/inject SidecarInjectionStatus.
    private const string ClassicStatus = """{"initContainers":["istio-init"],"containers":["istio-proxy"],"volumes":["istio-envoy"],"imagePullSecrets":null,"revision":"default"}""";
    private const string NativeStatus = """{"initContainers":["istio-init","istio-proxy"],"containers":null,"volumes":["istio-envoy"],"imagePullSecrets":null,"revision":"default"}""";

    private readonly System.Collections.Concurrent.ConcurrentQueue<string> log = new();

    private readonly GeneratedHelpers helpers;

    public MeshProxyBehaviourTests(GeneratedHelpers helpers)
    {
        this.helpers = helpers;
        ClearVariables();
        helpers.SetLog(log.Enqueue);
    }

    public void Dispose()
    {
        ClearVariables();
        helpers.SetLog(null);
    }

    // ---- In a Kubernetes pod: "no sidecar" only from a reliable signal ----

    [Fact]
    public async Task InAPodWithoutSignalALateProxyIsWaitedFor()
    {
        // Measured in the issue: pilot-agent opens 15020 at ~6 s (503 until 10 s), Envoy's 15021 at ~10 s; the old helper
        // gave up after 3 s of refused connections. Scaled down: the agent at 3.5 s, Envoy at 5 s, both 503 first.
        Environment.SetEnvironmentVariable("KUBERNETES_SERVICE_HOST", "10.96.0.1");
        await using var envoy = new FakeIstioAgent(notReadyAnswers: 2, startAfter: TimeSpan.FromSeconds(5));
        await using var agent = new FakeIstioAgent(notReadyAnswers: int.MaxValue, startAfter: TimeSpan.FromSeconds(3.5));
        Environment.SetEnvironmentVariable("MESHREADY_PROXY_READY_URL", envoy.BaseUrl + "/healthz/ready");
        Environment.SetEnvironmentVariable("MESHREADY_AGENT_READY_URL", agent.BaseUrl + "/healthz/ready");
        var clock = Stopwatch.StartNew();

        var ready = await helpers.Wait(TimeSpan.FromSeconds(30), CancellationToken.None);

        Assert.True(ready);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(5), "ready before Envoy opened: " + clock.Elapsed);
        Assert.True(agent.ReadinessRequests >= 1, "the agent's 503 was never seen");
        Assert.Equal(3, envoy.ReadinessRequests);
        Assert.Contains(log, line => line.Contains("no sidecar signal", StringComparison.Ordinal) && line.Contains("MESHREADY_SIDECAR_STATUS", StringComparison.Ordinal));
    }

    [Fact]
    public async Task InAPodTheAgentsOwn200IsEnough()
    {
        Environment.SetEnvironmentVariable("KUBERNETES_SERVICE_HOST", "10.96.0.1");
        Environment.SetEnvironmentVariable("MESHREADY_SIDECAR_STATUS", ClassicStatus);
        await using var agent = new FakeIstioAgent(notReadyAnswers: 1, startAfter: TimeSpan.FromSeconds(1));
        Environment.SetEnvironmentVariable("MESHREADY_PROXY_READY_URL", FakeIstioAgent.RefusingUrl("/healthz/ready"));
        Environment.SetEnvironmentVariable("MESHREADY_AGENT_READY_URL", agent.BaseUrl + "/healthz/ready");

        Assert.True(await helpers.Wait(TimeSpan.FromSeconds(20), CancellationToken.None));
        Assert.Equal(2, agent.ReadinessRequests);
    }

    [Fact]
    public async Task InAPodWithoutSignalRefusedConnectionsWaitForTheCapAndSayWhy()
    {
        Environment.SetEnvironmentVariable("KUBERNETES_SERVICE_HOST", "10.96.0.1");
        Environment.SetEnvironmentVariable("MESHREADY_PROXY_READY_URL", FakeIstioAgent.RefusingUrl("/healthz/ready"));
        Environment.SetEnvironmentVariable("MESHREADY_AGENT_READY_URL", FakeIstioAgent.RefusingUrl("/healthz/ready"));
        var clock = Stopwatch.StartNew();

        var ready = await helpers.Wait(TimeSpan.FromSeconds(4), CancellationToken.None);

        Assert.False(ready);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(3.9), "gave up before the cap: " + clock.Elapsed);
        Assert.Contains(log, line => line.Contains("not ready within 4 s", StringComparison.Ordinal) && line.Contains("nothing answered", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnEmptyStatusAnnotationMeansNoSidecarAtOnce()
    {
        // Downward API of a pod the injector skipped (or an ambient pod): the annotation is absent, the variable empty.
        Environment.SetEnvironmentVariable("KUBERNETES_SERVICE_HOST", "10.96.0.1");
        Environment.SetEnvironmentVariable("MESHREADY_SIDECAR_STATUS", " ");
        await using var agent = new FakeIstioAgent(notReadyAnswers: 0);
        Environment.SetEnvironmentVariable("MESHREADY_PROXY_READY_URL", agent.BaseUrl + "/healthz/ready");
        var clock = Stopwatch.StartNew();

        Assert.False(await helpers.Wait(TimeSpan.FromSeconds(30), CancellationToken.None));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), "took " + clock.Elapsed);
        Assert.Equal(0, agent.ReadinessRequests);
        Assert.Contains(log, line => line.Contains("no Istio sidecar in this pod", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AKnownSidecarIsWaitedForEvenOutsideKubernetesVariables()
    {
        Environment.SetEnvironmentVariable("MESHREADY_SIDECAR_STATUS", ClassicStatus);
        await using var envoy = new FakeIstioAgent(notReadyAnswers: 1, startAfter: TimeSpan.FromSeconds(4));
        Environment.SetEnvironmentVariable("MESHREADY_PROXY_READY_URL", envoy.BaseUrl + "/healthz/ready");
        Environment.SetEnvironmentVariable("MESHREADY_AGENT_READY_URL", FakeIstioAgent.RefusingUrl("/healthz/ready"));

        Assert.True(await helpers.Wait(TimeSpan.FromSeconds(20), CancellationToken.None));
        Assert.Equal(2, envoy.ReadinessRequests);
    }

    // ---- QuitAsync does no harm ----

    [Fact]
    public async Task QuitSkipsANativeSidecar()
    {
        await using var agent = new FakeIstioAgent(notReadyAnswers: 0);
        Environment.SetEnvironmentVariable("MESHREADY_PROXY_QUIT_URL", agent.BaseUrl + "/quitquitquit");
        Environment.SetEnvironmentVariable("MESHREADY_SIDECAR_STATUS", NativeStatus);

        Assert.False(await helpers.Quit(CancellationToken.None));
        Assert.Empty(agent.Requests);
        Assert.Contains(log, line => line.Contains("native sidecar", StringComparison.Ordinal));
    }

    [Fact]
    public async Task QuitSkipsAPodWithoutSidecar()
    {
        await using var agent = new FakeIstioAgent(notReadyAnswers: 0);
        Environment.SetEnvironmentVariable("MESHREADY_PROXY_QUIT_URL", agent.BaseUrl + "/quitquitquit");
        // .NET deletes a variable set to "", so a blank value stands for the downward API's empty annotation.
        Environment.SetEnvironmentVariable("MESHREADY_SIDECAR_STATUS", " ");
        Environment.SetEnvironmentVariable("KUBERNETES_SERVICE_HOST", "10.96.0.1");

        Assert.False(await helpers.Quit(CancellationToken.None));
        Assert.Empty(agent.Requests);
        Assert.Contains(log, line => line.Contains("nothing to stop", StringComparison.Ordinal));
    }

    [Fact]
    public async Task QuitPostsForAClassicSidecar()
    {
        await using var agent = new FakeIstioAgent(notReadyAnswers: 0);
        Environment.SetEnvironmentVariable("MESHREADY_PROXY_QUIT_URL", agent.BaseUrl + "/quitquitquit");
        Environment.SetEnvironmentVariable("MESHREADY_SIDECAR_STATUS", ClassicStatus);

        Assert.True(await helpers.Quit(CancellationToken.None));
        Assert.Equal(new[] { "POST /quitquitquit" }, agent.Requests.ToArray());
    }

    [Fact]
    public async Task NeverKillIstioIsHonoured()
    {
        await using var agent = new FakeIstioAgent(notReadyAnswers: 0);
        Environment.SetEnvironmentVariable("MESHREADY_PROXY_QUIT_URL", agent.BaseUrl + "/quitquitquit");
        Environment.SetEnvironmentVariable("NEVER_KILL_ISTIO", "true");

        Assert.False(await helpers.Quit(CancellationToken.None));
        Assert.Empty(agent.Requests);
        Assert.Contains(log, line => line.Contains("NEVER_KILL_ISTIO is true", StringComparison.Ordinal));
    }

    [Fact]
    public async Task NeverKillIstioOnFailureLooksAtTheExitCode()
    {
        await using var agent = new FakeIstioAgent(notReadyAnswers: 0);
        Environment.SetEnvironmentVariable("MESHREADY_PROXY_QUIT_URL", agent.BaseUrl + "/quitquitquit");
        Environment.SetEnvironmentVariable("NEVER_KILL_ISTIO_ON_FAILURE", "true");
        var before = Environment.ExitCode;
        try
        {
            Environment.ExitCode = 3;
            Assert.False(await helpers.Quit(CancellationToken.None));
            Assert.Empty(agent.Requests);

            Environment.ExitCode = 0;
            Assert.True(await helpers.Quit(CancellationToken.None));
            Assert.Equal(new[] { "POST /quitquitquit" }, agent.Requests.ToArray());
        }
        finally
        {
            Environment.ExitCode = before;
        }
    }

    [Fact]
    public async Task ReadyAfterTheAgentStopsAnswering503()
    {
        await using var agent = new FakeIstioAgent(notReadyAnswers: 3);
        Environment.SetEnvironmentVariable("MESHREADY_PROXY_READY_URL", agent.BaseUrl + "/healthz/ready");

        var ready = await helpers.Wait(TimeSpan.FromSeconds(20), CancellationToken.None);

        Assert.True(ready);
        Assert.Equal(4, agent.ReadinessRequests);
    }

    [Fact]
    public async Task ConnectionRefusedMeansNoSidecarAndReturnsFalsePromptly()
    {
        Environment.SetEnvironmentVariable("MESHREADY_PROXY_READY_URL", FakeIstioAgent.RefusingUrl("/healthz/ready"));
        Environment.SetEnvironmentVariable("MESHREADY_PROXY_ABSENT_AFTER", "0.5");
        var clock = Stopwatch.StartNew();

        var ready = await helpers.Wait(TimeSpan.FromSeconds(60), CancellationToken.None);

        Assert.False(ready);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(4));
    }

    [Fact]
    public async Task WithoutOverrideNoSidecarIsDecidedAfterTheDocumentedThreeSeconds()
    {
        Environment.SetEnvironmentVariable("MESHREADY_PROXY_READY_URL", FakeIstioAgent.RefusingUrl("/healthz/ready"));
        var clock = Stopwatch.StartNew();

        var ready = await helpers.Wait(null, CancellationToken.None);

        Assert.False(ready);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(8));
    }

    [Fact]
    public async Task A503IsSidecarNotReadyYetAndTheCapIsHonoured()
    {
        // The agent answers, so a short "absent" window must not end the wait: only the cap does.
        await using var agent = new FakeIstioAgent(notReadyAnswers: int.MaxValue);
        Environment.SetEnvironmentVariable("MESHREADY_PROXY_READY_URL", agent.BaseUrl + "/healthz/ready");
        Environment.SetEnvironmentVariable("MESHREADY_PROXY_ABSENT_AFTER", "0.1");
        var clock = Stopwatch.StartNew();

        var ready = await helpers.Wait(TimeSpan.FromSeconds(2), CancellationToken.None);

        Assert.False(ready);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1.9), TimeSpan.FromSeconds(5));
        Assert.InRange(agent.ReadinessRequests, 3, 30);
    }

    [Fact]
    public async Task CancellationEndsTheWaitWithOperationCanceled()
    {
        await using var agent = new FakeIstioAgent(notReadyAnswers: int.MaxValue);
        Environment.SetEnvironmentVariable("MESHREADY_PROXY_READY_URL", agent.BaseUrl + "/healthz/ready");
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => helpers.Wait(TimeSpan.FromSeconds(30), cancel.Token));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), "took " + clock.Elapsed);
    }

    [Fact]
    public async Task QuitSendsExactlyOnePost()
    {
        await using var agent = new FakeIstioAgent(notReadyAnswers: 0);
        Environment.SetEnvironmentVariable("MESHREADY_PROXY_QUIT_URL", agent.BaseUrl + "/quitquitquit");

        var quit = await helpers.Quit(CancellationToken.None);

        Assert.True(quit);
        Assert.Equal(new[] { "POST /quitquitquit" }, agent.Requests.ToArray());
    }

    [Fact]
    public async Task QuitWithoutSidecarReturnsFalse()
    {
        Environment.SetEnvironmentVariable("MESHREADY_PROXY_QUIT_URL", FakeIstioAgent.RefusingUrl("/quitquitquit"));
        var clock = Stopwatch.StartNew();

        var quit = await helpers.Quit(CancellationToken.None);

        Assert.False(quit);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), "took " + clock.Elapsed);
    }

    [Fact]
    public async Task ScuttleStyleVariablesAreAccepted()
    {
        await using var agent = new FakeIstioAgent(notReadyAnswers: 1);
        Environment.SetEnvironmentVariable("ENVOY_ADMIN_API", agent.BaseUrl + "/");
        Environment.SetEnvironmentVariable("ISTIO_QUIT_API", agent.BaseUrl);

        Assert.True(await helpers.Wait(TimeSpan.FromSeconds(20), CancellationToken.None));
        Assert.True(await helpers.Quit(CancellationToken.None));
        Assert.Equal(new[] { "GET /ready", "GET /ready", "POST /quitquitquit" }, agent.Requests.ToArray());
    }

    [Fact]
    public async Task HostedServiceWaitsBeforeLaterServicesStartAndQuitsOnceOnStop()
    {
        await using var agent = new FakeIstioAgent(notReadyAnswers: 2);
        Environment.SetEnvironmentVariable("MESHREADY_PROXY_READY_URL", agent.BaseUrl + "/healthz/ready");
        Environment.SetEnvironmentVariable("MESHREADY_PROXY_QUIT_URL", agent.BaseUrl + "/quitquitquit");

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var probe = new StartProbe(agent);
        builder.Services.AddSingleton<IHostedService>(probe);

        // Registered after the probe, and still started before it.
        helpers.AddReadiness(builder.Services, true, TimeSpan.FromSeconds(20));
        using var host = builder.Build();

        await host.StartAsync();
        Assert.Equal(3, probe.ReadinessRequestsSeenAtStart);
        Assert.Equal(0, agent.Count("POST /quitquitquit"));

        await host.StopAsync();
        Assert.Equal(1, agent.Count("POST /quitquitquit"));
    }

    [Theory]
    [InlineData(ClassicStatus, 0.5)] // a classic sidecar exits after terminationDrainDuration: hold no longer
    [InlineData(NativeStatus, 2.5)] // a native sidecar stays until the app has exited: the whole hold is safe
    public async Task ShutdownDrainEndsWithAClassicSidecarsDrain(string status, double expectedSeconds)
    {
        Environment.SetEnvironmentVariable("MESHREADY_SIDECAR_STATUS", status);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        helpers.AddDrain(builder.Services, TimeSpan.FromSeconds(2.5), TimeSpan.FromSeconds(0.5));
        using var host = builder.Build();
        await host.StartAsync();
        var clock = Stopwatch.StartNew();

        await host.StopAsync();

        Assert.InRange(clock.Elapsed.TotalSeconds, expectedSeconds - 0.05, expectedSeconds + 1.5);
        Assert.Equal(status == ClassicStatus, log.Any(line => line.Contains("holding shutdown only that long", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task CallingAddMeshReadinessTwiceRegistersOneHostedService()
    {
        var services = new ServiceCollection();
        helpers.AddReadiness(services, false, TimeSpan.FromSeconds(1));
        helpers.AddReadiness(services, true, TimeSpan.FromSeconds(1));

        Assert.Single(services, d => d.ServiceType == typeof(IHostedService));
        await Task.CompletedTask;
    }

    private static void ClearVariables()
    {
        foreach (var name in Variables)
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }

    /// <summary>A hosted service of the app: records how far the readiness wait had got when it started.</summary>
    private sealed class StartProbe : IHostedService
    {
        private readonly FakeIstioAgent agent;

        public StartProbe(FakeIstioAgent agent) => this.agent = agent;

        public int ReadinessRequestsSeenAtStart { get; private set; } = -1;

        public Task StartAsync(CancellationToken cancellationToken)
        {
            ReadinessRequestsSeenAtStart = agent.ReadinessRequests;
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
