using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using MeshReady.Analyzers.Tests.Infrastructure;
using MeshReady.Tool;
using Xunit;

namespace MeshReady.Manifests.Tests.Explain;

/// <summary>
/// <c>meshready explain</c> with a project: findings from the build's SARIF logs (Roslyn's 1.0 and 2.1 error-log shapes,
/// the manifest step's meshready.sarif) and from a manifest check run on the sample's real YAML.
/// </summary>
public class ExplainProjectTests
{
    private static readonly string SampleManifests = Repository.PathOf("samples", "OrdersApi", "k8s");

    private static (int ExitCode, string Out, string Error) Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = Cli.Run(["explain", .. args], stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private static string Folder()
    {
        var directory = Path.Combine(Path.GetTempPath(), "meshready-explain-tests", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(directory);
        return directory;
    }

    private static string FileUri(string path) => new Uri(path).AbsoluteUri;

    /// <summary>The shape csc writes for <c>&lt;ErrorLog&gt;build.sarif,version=2.1&lt;/ErrorLog&gt;</c>.</summary>
    private static string Sarif21(string program) => $$"""
        {
          "$schema": "http://json.schemastore.org/sarif-2.1.0",
          "version": "2.1.0",
          "runs": [
            {
              "results": [
                {
                  "ruleId": "CA2007",
                  "level": "warning",
                  "message": { "text": "Consider calling ConfigureAwait on the awaited task" },
                  "locations": [ { "physicalLocation": { "artifactLocation": { "uri": "{{FileUri(program)}}" }, "region": { "startLine": 12, "startColumn": 5 } } } ]
                },
                {
                  "ruleId": "MESH015",
                  "level": "note",
                  "message": { "text": "Kestrel KeepAliveTimeout 30 s is shorter than the mesh's upstream idle timeout (1 h): the sidecar may reuse a connection Kestrel just closed (503 UC)" },
                  "locations": [ { "physicalLocation": { "artifactLocation": { "uri": "{{FileUri(program)}}" }, "region": { "startLine": 41, "startColumn": 9, "endLine": 41, "endColumn": 70 } } } ]
                }
              ],
              "tool": { "driver": { "name": "Microsoft (R) Visual C# Compiler", "version": "4.14.0" } }
            }
          ]
        }
        """;

    /// <summary>The shape csc writes for a plain <c>&lt;ErrorLog&gt;</c> (SARIF 1.0, its default).</summary>
    private static string Sarif10(string program) => $$"""
        {
          "$schema": "http://json.schemastore.org/sarif-1.0.0",
          "version": "1.0.0",
          "runs": [
            {
              "tool": { "name": "Microsoft (R) Visual C# Compiler", "version": "4.14.0" },
              "results": [
                {
                  "ruleId": "MESH030",
                  "level": "warning",
                  "message": "Outbound call at start-up before the Istio sidecar is ready",
                  "locations": [ { "resultFile": { "uri": "{{FileUri(program)}}", "region": { "startLine": 17, "startColumn": 1 } } } ]
                }
              ],
              "rules": {}
            }
          ]
        }
        """;

    [Fact]
    public void Sarif21FindingIsNamedAsTheMostLikelyCauseWithFileAndLine()
    {
        var project = Folder();
        var sarif = Path.Combine(project, "obj", "build.sarif");
        Directory.CreateDirectory(Path.GetDirectoryName(sarif)!);
        File.WriteAllText(sarif, Sarif21(Path.Combine(project, "Program.cs")));

        var (exit, output, error) = Run("503 UC", "--sarif", sarif, "--project", project);
        Assert.True(exit == ExitCodes.Success, error);
        Assert.Contains("Your 503 UC is most likely Program.cs(41): Kestrel KeepAliveTimeout 30 s", output, StringComparison.Ordinal);
        Assert.Contains("(MESH015)", output, StringComparison.Ordinal);
        Assert.DoesNotContain("CA2007", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Sarif10ErrorLogsAreReadToo()
    {
        var project = Folder();
        var sarif = Path.Combine(project, "build.sarif");
        File.WriteAllText(sarif, Sarif10(Path.Combine(project, "Program.cs")));

        var (exit, output, error) = Run("HttpRequestException: Connection refused (orders-db:5432)", "--sarif", sarif, "--project", project, "--format", "json");
        Assert.True(exit == ExitCodes.Success, error);
        using var json = JsonDocument.Parse(output);
        var likely = json.RootElement.GetProperty("mostLikely");
        Assert.Equal("MESH030", likely.GetProperty("ruleId").GetString());
        Assert.Equal("Program.cs", likely.GetProperty("file").GetString());
        Assert.Equal(17, likely.GetProperty("line").GetInt32());
    }

    [Fact]
    public void ManifestsAreCheckedAndTheirFindingsMatchedToCauses()
    {
        // The sample's readiness probe targets a port the container does not declare (MESH110): no pod becomes Ready.
        var (exit, output, error) = Run("503 UH", "--manifests", SampleManifests, "--project", Repository.Root);
        Assert.True(exit == ExitCodes.Success, error);
        var expectedLine = File.ReadAllLines(Path.Combine(SampleManifests, "orders-api.yaml")).ToList().FindIndex(l => l.Contains("# expect: MESH110", StringComparison.Ordinal)) + 1;
        Assert.Contains($"Your 503 UH is most likely {Path.Combine("samples", "OrdersApi", "k8s", "orders-api.yaml")}({expectedLine}):", output, StringComparison.Ordinal);
        Assert.Contains("(MESH110)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void ABuiltProjectFolderIsDiscovered()
    {
        // The manifest step's SARIF log, written by the real check command where the build puts it.
        var project = Folder();
        var meshreadySarif = Path.Combine(project, "obj", "Debug", "net8.0", "meshready.sarif");
        using (var sink = new StringWriter())
        {
            Assert.Equal(ExitCodes.Findings, Cli.Run(["check", SampleManifests, "--format", "json", "--sarif", meshreadySarif], sink, sink));
        }

        // A stray *.sarif that is not a log must not stop the answer.
        File.WriteAllText(Path.Combine(project, "notes.sarif"), "not json");

        var (exit, output, error) = Run("kubectl get pods: orders-cleanup-28411   1/2     Running   0   3h", "--project", project);
        Assert.Equal(ExitCodes.Success, exit);
        Assert.Contains("skipped", error, StringComparison.Ordinal);
        Assert.Contains("Most likely cause in this project:", output, StringComparison.Ordinal);
        Assert.Contains("orders-cleanup.yaml", output, StringComparison.Ordinal);
        Assert.Contains("(MESH106)", output, StringComparison.Ordinal);
        Assert.Contains(Path.Combine("obj", "Debug", "net8.0", "meshready.sarif"), output, StringComparison.Ordinal);
    }

    [Fact]
    public void NoMatchingFindingIsSaid()
    {
        var project = Folder();
        var sarif = Path.Combine(project, "build.sarif");
        File.WriteAllText(sarif, Sarif10(Path.Combine(project, "Program.cs")));
        var (exit, output, _) = Run("426", "--sarif", sarif, "--project", project);
        Assert.Equal(ExitCodes.Success, exit);
        Assert.Contains("None of this project's MeshReady findings matches these causes.", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json", "not JSON")]
    [InlineData("{\"version\": \"2.1.0\"}", "no \"runs\" array")]
    public void AnUnreadableSarifLogIsAUsageError(string content, string message)
    {
        var sarif = Path.Combine(Folder(), "build.sarif");
        File.WriteAllText(sarif, content);
        var (exit, _, error) = Run("UC", "--sarif", sarif);
        Assert.Equal(ExitCodes.UsageError, exit);
        Assert.Contains(message, error, StringComparison.Ordinal);

        (exit, _, error) = Run("UC", "--sarif", Path.Combine(Folder(), "missing.sarif"));
        Assert.Equal(ExitCodes.UsageError, exit);
        Assert.Contains("cannot read SARIF log", error, StringComparison.Ordinal);
    }
}
