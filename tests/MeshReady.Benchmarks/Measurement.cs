using System;
using System.Diagnostics;

namespace MeshReady.Benchmarks;

/// <summary>Wall time and bytes allocated (all threads) by one action, after a full collection.</summary>
internal readonly record struct Measurement(TimeSpan Elapsed, long AllocatedBytes)
{
    public static Measurement Of(Action action)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var stopwatch = Stopwatch.StartNew();
        action();
        stopwatch.Stop();
        return new Measurement(stopwatch.Elapsed, GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore);
    }

    /// <summary>The run with the median wall time of <paramref name="repeat"/> runs.</summary>
    public static Measurement Median(int repeat, Action action)
    {
        var runs = new Measurement[Math.Max(1, repeat)];
        for (var i = 0; i < runs.Length; i++)
        {
            runs[i] = Of(action);
        }

        Array.Sort(runs, (a, b) => a.Elapsed.CompareTo(b.Elapsed));
        return runs[runs.Length / 2];
    }
}
