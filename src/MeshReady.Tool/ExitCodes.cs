namespace MeshReady.Tool;

/// <summary>Exit codes, as CI scripts and MSBuild's Exec expect them.</summary>
internal static class ExitCodes
{
    /// <summary>No finding at or above the <c>--fail-on</c> threshold.</summary>
    public const int Success = 0;

    /// <summary>At least one finding at or above the threshold (or, for <c>ports</c>, no ports to print).</summary>
    public const int Findings = 1;

    /// <summary>The command could not run: bad arguments, a missing file, an unreadable assembly.</summary>
    public const int UsageError = 2;
}
