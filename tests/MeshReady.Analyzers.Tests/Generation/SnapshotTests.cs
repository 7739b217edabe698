using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using MeshReady.Analyzers.Tests.Infrastructure;
using Xunit;
using static MeshReady.Analyzers.Tests.Generation.GeneratorHarness;

namespace MeshReady.Analyzers.Tests.Generation;

/// <summary>
/// The generated sources for a minimal API, a gRPC service, a worker Job and a console Job, compared with the
/// checked-in files under <c>Generation/Snapshots/&lt;scenario&gt;/</c> (reviewed by eye). On a difference the test
/// writes <c>*.received.txt</c> next to the expected file; set <c>MESHREADY_UPDATE_SNAPSHOTS=1</c> to accept.
/// </summary>
public class SnapshotTests
{
    private static readonly Dictionary<string, string> JobOptions = new()
    {
        ["build_property.MeshReadyWorkload"] = "job",
    };

    [Fact]
    public Task MinimalApi() => VerifyAsync(nameof(MinimalApi), Targets.AspNetCore80, Scenarios.MinimalApi, null);

    [Fact]
    public Task GrpcService() => VerifyAsync(nameof(GrpcService), Targets.Grpc80, Scenarios.GrpcService, null);

    [Fact]
    public Task Worker() => VerifyAsync(nameof(Worker), Targets.Worker80, Scenarios.Worker, JobOptions);

    [Fact]
    public Task ConsoleProgram() => VerifyAsync(nameof(ConsoleProgram), Targets.Net80, Scenarios.ConsoleProgram, JobOptions);

    private static async Task VerifyAsync(string scenario, Target target, string source, Dictionary<string, string>? options)
    {
        var (driver, output, _) = Run(await CompileAsync(target, new[] { source }), options);
        Assert.Empty(Problems(output));

        var folder = Repository.PathOf("tests", "MeshReady.Analyzers.Tests", "Generation", "Snapshots", scenario);
        var update = Environment.GetEnvironmentVariable("MESHREADY_UPDATE_SNAPSHOTS") == "1";
        var generated = Sources(driver).ToDictionary(p => p.Key, p => Scrub(p.Value));
        var mismatches = new List<string>();
        foreach (var (hintName, text) in generated.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var expectedPath = Path.Combine(folder, hintName + ".txt");
            var receivedPath = Path.Combine(folder, hintName + ".received.txt");
            if (update)
            {
                Directory.CreateDirectory(folder);
                File.WriteAllText(expectedPath, text);
                continue;
            }

            if (!File.Exists(expectedPath) || File.ReadAllText(expectedPath).ReplaceLineEndings("\n") != text)
            {
                Directory.CreateDirectory(folder);
                File.WriteAllText(receivedPath, text);
                mismatches.Add(hintName);
            }
            else if (File.Exists(receivedPath))
            {
                File.Delete(receivedPath);
            }
        }

        var expectedFiles = Directory.Exists(folder)
            ? Directory.GetFiles(folder, "*.txt").Where(f => !f.EndsWith(".received.txt", StringComparison.Ordinal)).Select(f => Path.GetFileNameWithoutExtension(f))
            : Enumerable.Empty<string>();
        var missing = expectedFiles.Except(generated.Keys).ToList();

        Assert.True(mismatches.Count == 0, "Generated sources differ from the snapshots (see *.received.txt): " + string.Join(", ", mismatches));
        Assert.True(missing.Count == 0, "Expected generated files that were not generated: " + string.Join(", ", missing));
    }

    /// <summary>The generator's version changes with every release; the snapshots should not.</summary>
    private static string Scrub(string text)
        => Regex.Replace(text, "GeneratedCode\\(\"MeshReady.Analyzers\", \"[^\"]*\"\\)", "GeneratedCode(\"MeshReady.Analyzers\", \"VERSION\")");
}
