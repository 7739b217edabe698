using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using MeshReady.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace MeshReady.Analyzers.Tests.Robustness;

/// <summary>
/// Every MeshReady option (found by reflection on <see cref="MeshOptionKeys"/>, so later keys are covered) set
/// to an unreadable value, as an <c>.editorconfig</c> key and as an MSBuild property: MESH901 names the key and
/// the value, every other diagnostic is exactly what the defaults give, and nothing throws.
/// </summary>
public class InvalidOptionTests
{
    /// <summary>
    /// Values no MeshReady option accepts: empty, negative, negative duration, huge (overflows a duration,
    /// too long for a DNS label), non-numeric and an unknown enum name. If a later option legitimately
    /// accepts one of these, give that key its own list rather than weakening this one.
    /// </summary>
    private static readonly string[] InvalidValues =
    {
        string.Empty,
        "-1",
        "-30s",
        new string('9', 70) + "h",
        "not-a-value!",
        "unknown_enum_value",
    };

    /// <summary>
    /// List options, where an empty value is an empty list: the documented default, so nothing to report (the
    /// default behaviour is still asserted). Names, not symbols: the keys come from other areas' branches.
    /// </summary>
    private static readonly HashSet<string> EmptyMeansDefault = new(StringComparer.Ordinal)
    {
        "meshready.allowed_ips",
        "meshready.outbound_io",
    };

    private static readonly Lazy<Task<(List<Diagnostic> Diagnostics, List<string> Crashes)>> Baseline = new(() => AnalyzeSamplesAsync(TestAnalyzerConfig.Empty));

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var key in AllKeys())
        {
            foreach (var value in InvalidValues)
            {
                data.Add(key.EditorConfigKey, value);
            }
        }

        return data;
    }

    [Fact]
    public void Option_keys_are_discovered()
        => Assert.Contains(AllKeys(), k => k.EditorConfigKey == MeshOptionKeys.DataPlane.EditorConfigKey);

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Invalid_editorconfig_value_is_reported_and_the_default_is_used(string editorConfigKey, string value)
    {
        var config = TestAnalyzerConfig.Create($"{editorConfigKey} = {value}", globalConfig: null);
        if (value.Length == 0 && EmptyMeansDefault.Contains(editorConfigKey))
        {
            await AssertDefaultBehaviourWithoutReportAsync(config);
            return;
        }

        await AssertReportedWithDefaultBehaviourAsync(config, editorConfigKey, value);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Invalid_msbuild_property_is_reported_and_the_default_is_used(string editorConfigKey, string value)
    {
        var key = AllKeys().Single(k => k.EditorConfigKey == editorConfigKey);
        var config = TestAnalyzerConfig.Create(editorConfig: null, $"build_property.{key.MSBuildProperty} = {value}");
        if (value.Length == 0)
        {
            // An empty MSBuild property is an unset one: the default applies and there is nothing to report.
            await AssertDefaultBehaviourWithoutReportAsync(config);
            return;
        }

        await AssertReportedWithDefaultBehaviourAsync(config, key.MSBuildProperty, value);
    }

    private static async Task AssertReportedWithDefaultBehaviourAsync(TestAnalyzerConfig config, string reportedKey, string value)
    {
        var baseline = await Baseline.Value;
        var result = await AnalyzeSamplesAsync(config);

        Assert.Empty(result.Crashes);
        var invalid = result.Diagnostics.Where(d => d.Id == "MESH901").Select(d => d.GetMessage()).ToList();
        Assert.Contains(invalid, m => m.Contains($"'{value}'", StringComparison.Ordinal) && m.Contains($"'{reportedKey}'", StringComparison.Ordinal));

        // Default behaviour: the rules report exactly what they report with no configuration at all.
        Assert.NotEmpty(baseline.Diagnostics);
        Assert.Equal(HarnessResult.Render(baseline.Diagnostics), HarnessResult.Render(result.Diagnostics.Where(d => d.Id != "MESH901")));
    }

    private static async Task AssertDefaultBehaviourWithoutReportAsync(TestAnalyzerConfig config)
    {
        var baseline = await Baseline.Value;
        var result = await AnalyzeSamplesAsync(config);

        Assert.Empty(result.Crashes);
        Assert.DoesNotContain(result.Diagnostics, d => d.Id == "MESH901");
        Assert.Equal(HarnessResult.Render(baseline.Diagnostics), HarnessResult.Render(result.Diagnostics));
    }

    private static IEnumerable<OptionKey> AllKeys()
        => typeof(MeshOptionKeys).GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(OptionKey))
            .Select(f => (OptionKey)f.GetValue(null)!);

    /// <summary>Every sample service's C# as one compilation each (as <c>dotnet build samples/X</c> compiles it).</summary>
    private static async Task<(List<Diagnostic> Diagnostics, List<string> Crashes)> AnalyzeSamplesAsync(TestAnalyzerConfig config)
    {
        var harness = new AnalysisHarness();
        var diagnostics = new List<Diagnostic>();
        var crashes = new ConcurrentQueue<string>();
        foreach (var sample in CSharpInputs.SampleFiles().GroupBy(f => f.RelativePath.Split('/')[1]))
        {
            var trees = sample.Select(f => TestCompilations.Parse(f.Text, "/src/" + f.RelativePath)).Append(TestCompilations.WebSdkImplicitUsings);
            var compilation = await TestCompilations.CreateAsync(trees);
            diagnostics.AddRange(await harness.AnalyzeAsync(compilation, config.ToAnalyzerOptions(), concurrent: false, crashes, CancellationToken.None));
        }

        return (diagnostics, crashes.ToList());
    }

}
