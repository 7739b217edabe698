using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.Build.Execution;
using Microsoft.Build.Framework;
using Microsoft.Build.Locator;

// The build step as an IDE's long-lived MSBuild runs it: the .NET SDK's MSBuild in this one process, the project's
// manifest-check target built --runs times, a manifest touched before each run so Inputs/Outputs does not skip it.
// Run 1 is cold (task assembly loaded and JIT-compiled in this process); the rest are warm.
//   dotnet MeshReady.Benchmarks.BuildStep.dll <project> [--runs N] [--property Name=Value]...
// The project must have been built once (the check reads its assembly). MeshReadyCheckInProcess=true (the package's
// default) unless a --property says otherwise.
if (args.Length == 0)
{
    Console.Error.WriteLine("usage: <project> [--runs N] [--property Name=Value]...");
    return 2;
}

MSBuildLocator.RegisterDefaults();
return BuildStep.Run(args);

internal static class BuildStep
{
    private const string Target = "MeshReadyRunManifestChecks";

    // Kept out of the top-level statements: MSBuild's types must not be loaded before MSBuildLocator registers.
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Run(string[] args)
    {
        var project = Path.GetFullPath(args[0]);
        var runs = 5;
        var properties = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["MeshReadyCheckInProcess"] = "true" };
        for (var i = 1; i + 1 < args.Length; i++)
        {
            switch (args[i])
            {
                case "--runs":
                    runs = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--property" when args[i + 1].Split('=', 2) is [var name, var value]:
                    properties[name] = value;
                    i++;
                    break;
            }
        }

        var manifests = Directory.Exists(Path.Combine(Path.GetDirectoryName(project)!, "k8s"))
            ? Directory.GetFiles(Path.Combine(Path.GetDirectoryName(project)!, "k8s"), "*.y*ml", SearchOption.AllDirectories)
            : [];
        Console.WriteLine($"{Path.GetFileName(project)}: {manifests.Length} manifest file(s); MSBuild {FileVersionInfo.GetVersionInfo(typeof(BuildManager).Assembly.Location).ProductVersion}; {string.Join(' ', properties.Select(p => p.Key + "=" + p.Value))}");
        Console.WriteLine("| Run | Target (ms) | Task's own time (ms) | Process CPU during the build (ms) | Warnings |");
        Console.WriteLine("|---:|---:|---:|---:|---:|");
        var process = Process.GetCurrentProcess();
        for (var run = 1; run <= runs; run++)
        {
            foreach (var manifest in manifests.Take(1))
            {
                File.SetLastWriteTimeUtc(manifest, DateTime.UtcNow);
            }

            var logger = new StepLogger();
            var parameters = new BuildParameters { Loggers = [logger], EnableNodeReuse = false, MaxNodeCount = 1 };
            // BuildOnlySettings sets BuildingProject, as Build does before the step's AfterTargets="CoreCompile".
            var request = new BuildRequestData(project, properties, null, ["BuildOnlySettings", Target], null);
            process.Refresh();
            var cpu = process.TotalProcessorTime;
            var result = BuildManager.DefaultBuildManager.Build(parameters, request);
            process.Refresh();
            var used = process.TotalProcessorTime - cpu;
            if (result.OverallResult != BuildResultCode.Success)
            {
                Console.Error.WriteLine($"run {run}: the build failed: {string.Join("; ", logger.Errors)}");
                return 1;
            }

            Console.WriteLine($"| {run} | {Ms(logger.TargetTime)} | {logger.TaskTime ?? "not run"} | {used.TotalMilliseconds:F0} | {logger.Warnings} |");
        }

        return 0;
    }

    private static string Ms(TimeSpan? time) => time is { } t ? t.TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture) : "skipped";

    private sealed class StepLogger : ILogger
    {
        private DateTime? started;

        public TimeSpan? TargetTime { get; private set; }

        public string? TaskTime { get; private set; }

        public int Warnings { get; private set; }

        public List<string> Errors { get; } = [];

        public LoggerVerbosity Verbosity { get; set; } = LoggerVerbosity.Diagnostic;

        public string? Parameters { get; set; }

        public void Initialize(IEventSource eventSource)
        {
            eventSource.TargetStarted += (_, e) => started = e.TargetName == Target ? e.Timestamp : started;
            eventSource.TargetFinished += (_, e) => TargetTime = e.TargetName == Target && started is { } s ? e.Timestamp - s : TargetTime;
            eventSource.WarningRaised += (_, e) => Warnings += e.Code?.StartsWith("MESH", StringComparison.Ordinal) == true ? 1 : 0;
            eventSource.ErrorRaised += (_, e) => Errors.Add(e.Message ?? string.Empty);
            eventSource.MessageRaised += (_, e) =>
            {
                // The task's own stopwatch: "MeshReady: manifest check ran in-process in N ms."
                const string Marker = "ran in-process in ";
                if (e.Message is { } message && message.IndexOf(Marker, StringComparison.Ordinal) is var at and >= 0)
                {
                    TaskTime = message[(at + Marker.Length)..].Replace(" ms.", string.Empty, StringComparison.Ordinal);
                }
            };
        }

        public void Shutdown()
        {
        }
    }
}
