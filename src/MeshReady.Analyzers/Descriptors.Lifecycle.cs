using Microsoft.CodeAnalysis;

namespace MeshReady.Analyzers;

internal static partial class Descriptors
{
    public static readonly DiagnosticDescriptor StartupCallBeforeProxyReady = Create(
        "MESH030",
        title: "Outbound call at start-up before the Istio sidecar is ready",
        messageFormat: "{0} runs {1}, before the Istio sidecar is ready: {2}",
        Categories.Lifecycle,
        DiagnosticSeverity.Warning,
        description: "The application container and istio-proxy start at the same time, but iptables already redirects every "
            + "outbound connection to the proxy. Until Envoy listens and has its configuration, outbound calls fail with "
            + "'connection refused', resets or 503. Start-up code (Main before Run, IHostedService.StartAsync, the first pass of "
            + "BackgroundService.ExecuteAsync, Startup.Configure, IStartupFilter) hits this window.");

    /// <summary>
    /// MESH030's third argument: what a refused connection really does to the service (crash-loop, runs without it, silently
    /// never starts), and the fix. The one definition of that wording; the analyzer only picks the case.
    /// </summary>
    internal static class StartupSymptoms
    {
        private const string WaitFirst = "call 'await MeshProxy.WaitUntilReadyAsync()' first";

        private const string OrHoldPod = ", or let the pod wait for the proxy (holdApplicationUntilProxyStarts, native sidecars)";

        private const string Restarts = "the process exits and the pod restarts, and crash-loops when it repeats";

        private const string UnlessHandled = " unless a catch on the way that names an exception type (or code in a referenced library, whose "
            + "catches are not read) handles it";

        /// <summary>Nothing along the chain, nor in the reported body, catches it (or a catch there ends the process).</summary>
        public const string Fails = "the connection is refused or reset and start-up fails: " + Restarts + "; " + WaitFirst + OrHoldPod;

        /// <summary>Only catches that may not match it (a typed or filtered clause, a library's code) stand between it and the host.</summary>
        public const string FailsUnlessHandled = "the connection is refused or reset and start-up fails" + UnlessHandled + ": " + Restarts + "; "
            + WaitFirst + OrHoldPod;

        /// <summary>A catch-all on the way (in the reported body or a method of the chain) swallows it (Kubernetes restarts nothing).</summary>
        public const string Caught = "the connection is refused or reset and the catch around it swallows the exception: start-up goes on and "
            + "the service runs without what this call sets up (no crash, no restart; only the logged error shows it); "
            + WaitFirst + ", or retry in the catch with a pause until it succeeds";

        /// <summary>
        /// It ends ExecuteAsync: since .NET 6 the host logs it and stops (BackgroundServiceExceptionBehavior.StopHost, the
        /// default), the process exits and Kubernetes restarts the container; with Ignore the host only logs it.
        /// </summary>
        public const string EndsWorker = "the connection is refused or reset and the exception ends ExecuteAsync: the host logs it and stops "
            + "(BackgroundServiceExceptionBehavior.StopHost, the default since .NET 6), so the pod restarts, and crash-loops when it repeats; "
            + "with BackgroundServiceExceptionBehavior.Ignore it is only logged and the service runs on without this worker; "
            + WaitFirst + OrHoldPod;

        /// <summary><see cref="EndsWorker"/>, when only typed or filtered catches (or a library's code) stand between.</summary>
        public const string EndsWorkerUnlessHandled = "the connection is refused or reset and," + UnlessHandled + ", the exception ends "
            + "ExecuteAsync: the host logs it and stops (BackgroundServiceExceptionBehavior.StopHost, the default since .NET 6), so the pod restarts, "
            + "and crash-loops when it repeats; with BackgroundServiceExceptionBehavior.Ignore it is only logged and the service runs on without "
            + "this worker; " + WaitFirst + OrHoldPod;

        private const string ConnectInStart = "AddMeshReadiness cannot wait before it; connect in StartAsync or ExecuteAsync instead, after "
            + "'await MeshProxy.WaitUntilReadyAsync()' or with AddMeshReadiness registered" + OrHoldPod;

        /// <summary>In a constructor or factory the host runs before any hosted service starts: building the hosted services fails.</summary>
        public const string ConstructionFails = "the connection is refused or reset and start-up fails (" + Restarts + "), and " + ConnectInStart;

        /// <summary><see cref="ConstructionFails"/>, when only typed or filtered catches (or a library's code) stand between.</summary>
        public const string ConstructionFailsUnlessHandled = "the connection is refused or reset and start-up fails" + UnlessHandled + " ("
            + Restarts + "), and " + ConnectInStart;

        private const string Unobserved = "a refused connection ends in an unobserved task exception and the failure is lost: what it starts "
            + "silently never starts (no crash, no restart); ";

        // AsyncVoidMethodBuilder.SetException with no synchronization context: thrown on the thread pool, the process ends.
        public static string AsyncVoidLoop(string loop)
            => "it runs in an async void lambda that '" + loop + "' cannot await: the exception is rethrown on the thread pool, "
                + "which ends the process (the pod restarts, and crash-loops when it repeats); await each call in a foreach loop "
                + "(or await Parallel.ForEachAsync) and " + WaitFirst;

        public static string AsyncVoid(string receiver)
            => "it runs in an async void lambda that '" + receiver + "' cannot await, so no retry around it sees the refused "
                + "connection: the exception is rethrown on the thread pool, which ends the process (the pod restarts, and "
                + "crash-loops when it repeats); pass an async delegate ('Func<Task>') to an awaited asynchronous retry "
                + "('ExecuteAsync') and " + WaitFirst;

        // _ = Parallel.ForEachAsync(…): the workers run on the thread pool at once; their failure completes a task nobody awaits.
        public static string UnawaitedRunner(string runner)
            => "it runs in the task '" + runner + "' returns, which nobody awaits: the work goes on concurrently with start-up, and "
                + Unobserved + "await the task and " + WaitFirst;

        // list.ForEach(x => PublishAsync(x)): the Action discards each task, which keeps its exception unobserved.
        public static string LoopDrops(string loop)
            => "it runs in a task that the lambda handed to '" + loop + "' returns and the loop drops, so " + Unobserved
                + "await each call in a foreach loop (or await Parallel.ForEachAsync) and " + WaitFirst;

        public static string TaskStarted(string start)
            => "it runs in a task that '" + start + "' starts and nobody awaits, so " + Unobserved + "await the task"
                + (start == "TaskFactory.StartNew" ? " (an async lambda under StartNew returns its inner task: use Task.Run or Unwrap())" : string.Empty)
                + " and " + WaitFirst;

        public static string SynchronousRetry(string execute)
            => "it runs in a lambda that returns a task the synchronous '" + execute + "' does not await, so the retry never sees the refused "
                + "connection and the failure is lost: what it starts silently never starts (no crash, no restart); await an "
                + "asynchronous retry ('ExecuteAsync') and " + WaitFirst;
    }

    public static readonly DiagnosticDescriptor ShutdownNetworkIo = Create(
        "MESH031",
        title: "Network I/O during shutdown, after the Istio sidecar may be gone",
        messageFormat: "{0} runs {1}, when the Istio sidecar may already have exited (it drains for 5 s by default): the connection is refused and the work is lost; do it before shutdown, make it finish within the drain, or raise terminationDrainDuration / use native sidecars",
        Categories.Lifecycle,
        DiagnosticSeverity.Warning,
        description: "On SIGTERM the sidecar stops accepting new work and exits after terminationDrainDuration (5 s), while the .NET "
            + "host allows 30 s for StopAsync. Outbound calls from stopping callbacks, StopAsync, ProcessExit or signal handlers "
            + "made after the proxy exits fail with 'connection refused' because iptables still redirects them to the dead proxy.");

    public static readonly DiagnosticDescriptor ShutdownBudgetExceedsDrain = Create(
        "MESH032",
        title: "Shutdown budget longer than the Istio sidecar's drain",
        messageFormat: "{0} allows {1} for shutdown but the Istio sidecar exits after {2} ('terminationDrainDuration'): work still running after that loses its network and in-flight requests are cut; set 'terminationDrainDuration' to at least {1} in proxy.istio.io/config, or EXIT_ON_ZERO_ACTIVE_CONNECTIONS=true, or use native sidecars",
        Categories.Lifecycle,
        DiagnosticSeverity.Info,
        description: "istio-proxy drains for terminationDrainDuration (default 5 s, 'meshready.drain_duration') and then exits. A "
            + "longer HostOptions.ShutdownTimeout means the host keeps stopping services whose outbound calls and responses no "
            + "longer have a proxy.");

    public static readonly DiagnosticDescriptor JobNeverStopsSidecar = Create(
        "MESH033",
        title: "Run-to-completion program exits without stopping the Istio sidecar",
        messageFormat: "{0} ends a run-to-completion program without stopping the Istio sidecar{1}: the sidecar keeps running and the Kubernetes Job never completes (stuck in Running, 1/2 ready); call 'await MeshProxy.QuitAsync()' in a finally block on every exit path, or register AddMeshReadiness(o => o.QuitSidecarOnStop = true); if the pod gets a native sidecar (the default from Istio 1.27 where kubelets are 1.33 or newer), Kubernetes stops it and meshready.data_plane = native_sidecar silences this",
        Categories.Lifecycle,
        DiagnosticSeverity.Warning,
        description: "A Job's pod completes only when every container exits. A classic istio-proxy sidecar does not exit on its own, "
            + "so a program that finishes its work must ask it to quit (POST http://127.0.0.1:15020/quitquitquit), on every exit "
            + "path including early returns with exit codes and exceptions.");

    public static readonly DiagnosticDescriptor AbruptProcessExit = Create(
        "MESH034",
        title: "Process exit bypasses graceful shutdown",
        messageFormat: "'{0}' in {1} ends the process without the host's graceful shutdown: in-flight requests through the Istio sidecar are cut (callers see 503 'UC'/'URX'), stopping callbacks and a Job's MeshProxy.QuitAsync never run; call IHostApplicationLifetime.StopApplication() or throw instead",
        Categories.Lifecycle,
        DiagnosticSeverity.Info,
        description: "Environment.Exit, Environment.FailFast and Process.Kill skip the host's shutdown: no request draining, no "
            + "StopAsync, no finally blocks on the calling thread. In a mesh that also skips the code that quits a Job's sidecar.");
}
