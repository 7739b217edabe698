using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using MeshReady.Analyzers.Tests.Infrastructure;
using Xunit;

namespace MeshReady.Package.Tests;

/// <summary>
/// The severity profiles (<c>MeshReadyAnalysisMode</c>) in a real build of the packed package: the OrdersApi sample,
/// whose own <c>.editorconfig</c> opts in to MESH017 as a suggestion (a user's setting that must win over a profile).
/// </summary>
[Collection(PackedPackageCollection.Name)]
public class AnalysisModeTests(PackedPackage package)
{
    private const string Sample = "OrdersApi";

    /// <summary>The rule the sample's .editorconfig sets to <c>suggestion</c>.</summary>
    private const string UserConfigured = "MESH017";

    [Fact]
    public async Task Strict_makes_every_rule_a_warning_and_the_users_editorconfig_still_wins()
    {
        var copy = await package.InstallIntoCopyOfAsync(Sample, Sample + "-strict");
        Assert.Contains($"dotnet_diagnostic.{UserConfigured}.severity = suggestion", await File.ReadAllTextAsync(Path.Combine(copy, ".editorconfig")), StringComparison.Ordinal);

        var (all, warnings, output) = await BuildAsync(copy, "strict");

        // The profile changes severities, never what is found: exactly the marked lines, as in the default build.
        SampleBuildTests.AssertSameDiagnostics(CodeExpectations(copy), all);
        Assert.Contains(all, r => r.Id == "MESH020"); // Info by default
        Assert.Contains(all, r => r.Id == "MESH041"); // Info by default
        SampleBuildTests.AssertSameDiagnostics(all.Where(r => r.Id != UserConfigured), warnings);
        Assert.Contains(all, r => r.Id == UserConfigured);
        Assert.DoesNotContain(warnings, r => r.Id == UserConfigured);

        // The console shows them as warnings too (Info diagnostics are not printed by a build).
        Assert.Matches(new Regex(@"RecommendationsClient\.cs\(8,[0-9]+\): warning MESH020:"), output);
        Assert.DoesNotMatch(new Regex($@"warning {UserConfigured}:"), output);
    }

    [Fact]
    public async Task None_reports_only_what_the_users_editorconfig_turns_on()
    {
        var copy = await package.InstallIntoCopyOfAsync(Sample, Sample + "-none");

        var (all, warnings, output) = await BuildAsync(copy, "none");

        SampleBuildTests.AssertSameDiagnostics(CodeExpectations(copy).Where(e => e.Id == UserConfigured), all);
        Assert.Empty(warnings);
        Assert.DoesNotMatch(new Regex(@"(warning|error) MESH[0-9]{3}:"), output);

        // The manifest step is off under 'none' unless the project asks for it.
        Assert.Empty(Directory.GetFiles(Path.Combine(copy, "obj"), "meshready.sarif", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task An_unknown_mode_is_MESH902_and_keeps_the_default_severities()
    {
        var copy = await package.InstallIntoCopyOfAsync(Sample, Sample + "-unknown");

        var (all, warnings, output) = await BuildAsync(copy, "pedantic");

        Assert.Matches(new Regex(@"warning MESH902: MeshReadyAnalysisMode 'pedantic' is not one of default, strict, none"), output);
        SampleBuildTests.AssertSameDiagnostics(CodeExpectations(copy), all);
        Assert.DoesNotContain(warnings, r => r.Id == "MESH020"); // still Info
    }

    /// <summary>The marked diagnostics the compiler reports (the manifest tool's MESH1nn/MESH91n are not in its log).</summary>
    private static IEnumerable<SampleExpectation> CodeExpectations(string copy)
        => SampleExpectations.For(copy).Where(e => !e.Id.StartsWith("MESH1", StringComparison.Ordinal) && !e.Id.StartsWith("MESH91", StringComparison.Ordinal));

    private static async Task<(IReadOnlyList<SampleExpectation> All, IReadOnlyList<SampleExpectation> Warnings, string Output)> BuildAsync(string copy, string mode)
    {
        var sarif = Path.Combine(copy, "build.sarif");
        var output = await DotNet.RunCheckedAsync(
            copy, "build", "-nologo", "-p:MeshReadyAnalysisMode=" + mode, "-p:ErrorLog=" + sarif + "%2Cversion=2.1", "-p:UseSharedCompilation=false");
        Assert.True(File.Exists(sarif), "the build wrote no SARIF log\n" + output);
        return (SarifLog.MeshResults(sarif, copy), SarifLog.MeshResults(sarif, copy, level: "warning"), output);
    }
}
