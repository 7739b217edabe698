using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using MeshReady.Manifests;
using MeshReady.Manifests.Model;
using Microsoft.Build.Framework;
using MBTask = Microsoft.Build.Utilities.Task;

namespace MeshReady.Tool;

/// <summary>
/// The build's manifest check, run inside MSBuild (the .NET SDK's MSBuild; Visual Studio's .NET Framework MSBuild runs
/// the <c>meshready</c> process instead). A reused MSBuild node keeps the checker loaded and compiled, so a warm check
/// costs milliseconds instead of a process start and its JIT (docs/performance.md). Same command line, same checks
/// and SARIF log as <c>meshready check --format msbuild</c>; warnings are logged with file, line and column.
/// </summary>
public sealed class CheckManifestsTask : MBTask
{
    /// <summary>The arguments after <c>meshready</c>, one per item (as <c>meshready check ...</c> takes them).</summary>
    [Required]
    public ITaskItem[] Arguments { get; set; } = [];

    public override bool Execute()
    {
        var args = new string[Arguments.Length];
        for (var i = 0; i < args.Length; i++)
        {
            args[i] = Arguments[i].ItemSpec;
        }

        var watch = Stopwatch.StartNew();
        using var stdout = new StringWriter(CultureInfo.InvariantCulture);
        using var stderr = new StringWriter(CultureInfo.InvariantCulture);
        var findings = new List<Finding>();
        string? summary = null;
        int exit;
        if (args.Length == 0 || args[0] != "check")
        {
            Log.LogError("MeshReady: CheckManifestsTask runs 'check' only.");
            return false;
        }

        var rest = args[1..];
        exit = CheckCommand.Run(rest, TextReader.Null, stdout, stderr, result =>
        {
            findings.AddRange(result.Findings);
            summary = result.CodeSummary;
        });

        foreach (var finding in findings)
        {
            var location = finding.Location;
            if (finding.Severity >= Severity.Warning)
            {
                Log.LogWarning(null, finding.RuleId, null, location.File, location.Line, location.Column, 0, 0, finding.Message);
            }
            else
            {
                Log.LogMessage(MessageImportance.Low, $"{location.File}({location.Line.ToString(CultureInfo.InvariantCulture)},{location.Column.ToString(CultureInfo.InvariantCulture)}): info {finding.RuleId}: {finding.Message}");
            }
        }

        if (exit == ExitCodes.UsageError)
        {
            Log.LogMessage(MessageImportance.High, "MeshReady: manifests were not checked: " + stderr.ToString().Trim());
        }

        if (summary is not null)
        {
            Log.LogMessage(MessageImportance.Low, "meshready: " + summary + ".");
        }

        Log.LogMessage(MessageImportance.Low, $"MeshReady: manifest check ran in-process in {watch.ElapsedMilliseconds.ToString(CultureInfo.InvariantCulture)} ms.");
        return !Log.HasLoggedErrors;
    }
}
