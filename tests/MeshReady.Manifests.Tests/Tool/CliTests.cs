using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using MeshReady.Analyzers.Tests.Infrastructure;
using MeshReady.Manifests.Tests.Infrastructure;
using MeshReady.Tool;
using Xunit;

namespace MeshReady.Manifests.Tests.Tool;

/// <summary>The <c>meshready</c> command line: help, exit codes, errors, formats, and the cross-check with a real assembly.</summary>
public class CliTests
{
    private static readonly string SampleManifests = Repository.PathOf("samples", "OrdersApi", "k8s");

    private static (int ExitCode, string Out, string Error) Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = Cli.Run(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private static string Manifest(string yaml)
    {
        var directory = Path.Combine(Path.GetTempPath(), "meshready-manifest-tests", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "app.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    private const string CleanService = "apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec:\n  ports:\n    - {name: http, port: 80}\n";

    private const string InfoOnlyService = "apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec:\n  ports:\n    - {name: web, port: 80}\n";

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public void HelpListsTheCommandsAndExitsZero(string flag)
    {
        var (exit, output, _) = Run(flag);
        Assert.Equal(ExitCodes.Success, exit);
        Assert.Contains("meshready check <paths...>", output, StringComparison.Ordinal);
        Assert.Contains("meshready ports --assembly <dll>", output, StringComparison.Ordinal);
    }

    [Fact]
    public void CommandHelpDocumentsOptionsAndExitCodes()
    {
        var (exit, output, _) = Run("check", "--help");
        Assert.Equal(ExitCodes.Success, exit);
        foreach (var option in new[] { "--assembly", "--workload", "--format", "--output", "--sarif", "--data-plane", "--drain-duration", "--istio-version", "--fail-on", "Exit codes", "helm template" })
        {
            Assert.Contains(option, output, StringComparison.Ordinal);
        }

        Assert.Contains("--assembly <dll>", Run("ports", "-h").Out, StringComparison.Ordinal);
    }

    [Fact]
    public void IstioVersionDecidesWhichPortsTheProxyBinds()
    {
        // pilot-agent's debug listener on 15004: 1.11 to 1.24 (PROXY_XDS_DEBUG_VIA_AGENT_PORT), gone in 1.25.
        var manifest = Manifest("apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  containers:\n    - name: a\n      image: a:1\n      ports:\n        - {name: http-debug, containerPort: 15004}\n");
        var (exit, output, error) = Run("check", manifest, "--istio-version", "1.24.2", "--format", "msbuild");
        Assert.True(exit == ExitCodes.Findings, error);
        Assert.Contains("warning MESH102: ", output, StringComparison.Ordinal);
        Assert.Contains("15004", output, StringComparison.Ordinal);

        Assert.Equal(ExitCodes.Success, Run("check", manifest, "--istio-version=1.25", "--format", "msbuild").ExitCode);
        Assert.Equal(ExitCodes.Success, Run("check", manifest, "--format", "msbuild").ExitCode);
    }

    [Fact]
    public void HelpNamesTheDefaultIstioRelease()
        => Assert.Matches($@"newest the rules\s+know, {Regex.Escape(MeshReady.Analyzers.Mesh.IstioRelease.Newest.ToString())}\)", Run("check", "--help").Out);

    [Fact]
    public void NoArgumentsPrintsHelpAndIsAUsageError()
    {
        var (exit, output, _) = Run();
        Assert.Equal(ExitCodes.UsageError, exit);
        Assert.Contains("Usage:", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "deploy" }, "unknown command 'deploy'")]
    [InlineData(new[] { "check" }, "no manifest paths given")]
    [InlineData(new[] { "check", "k8s", "--colour" }, "unknown option '--colour'")]
    [InlineData(new[] { "check", "k8s", "--format", "xml" }, "--format must be text, msbuild, sarif or json")]
    [InlineData(new[] { "check", "k8s", "--fail-on", "fatal" }, "--fail-on must be error, warning, info or never")]
    [InlineData(new[] { "check", "k8s", "--data-plane", "linkerd" }, "--data-plane must be sidecar, native_sidecar, ambient or none")]
    [InlineData(new[] { "check", "k8s", "--drain-duration", "soon" }, "--drain-duration must be a duration")]
    [InlineData(new[] { "check", "k8s", "--istio-version", "1.5" }, "--istio-version must be an Istio release from 1.6 on, such as 1.24 or 1.27.3, not '1.5'")]
    [InlineData(new[] { "check", "k8s", "--istio-version", "latest" }, "--istio-version must be an Istio release")]
    [InlineData(new[] { "check", "k8s", "--format" }, "option '--format' needs a value")]
    [InlineData(new[] { "check", "k8s", "--format", "json", "--format", "text" }, "given more than once")]
    [InlineData(new[] { "ports" }, "--assembly <dll> is required")]
    public void BadArgumentsAreUsageErrorsThatSayWhatIsWrong(string[] args, string message)
    {
        var (exit, _, error) = Run(args);
        Assert.Equal(ExitCodes.UsageError, exit);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingManifestsAndAssembliesAreNamed()
    {
        var (exit, _, error) = Run("check", "no/such/k8s", CleanManifest(), "missing.yaml");
        Assert.Equal(ExitCodes.UsageError, exit);
        Assert.Contains("'no/such/k8s' does not exist", error, StringComparison.Ordinal);
        Assert.Contains("'missing.yaml' does not exist", error, StringComparison.Ordinal);

        (exit, _, error) = Run("check", CleanManifest(), "--assembly", "bin/Orders.dll");
        Assert.Equal(ExitCodes.UsageError, exit);
        Assert.Contains("assembly 'bin/Orders.dll' does not exist", error, StringComparison.Ordinal);

        var notAssembly = Manifest("not a dll");
        (exit, _, error) = Run("check", CleanManifest(), "--assembly", notAssembly);
        Assert.Equal(ExitCodes.UsageError, exit);
        Assert.Contains($"cannot read assembly '{notAssembly}'", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("check")]
    [InlineData("ports")]
    [InlineData("explain")]
    public void EveryCommandNamesAMissingOrUnreadableAssemblyTheSameWay(string command)
    {
        string[] Args(string assembly) => command switch
        {
            "check" => ["check", CleanManifest(), "--assembly", assembly],
            "ports" => ["ports", "--assembly", assembly],
            _ => ["explain", "UC", "--manifests", CleanManifest(), "--assembly", assembly],
        };

        var (exit, _, error) = Run(Args("bin/Orders.dll"));
        Assert.Equal(ExitCodes.UsageError, exit);
        Assert.Contains($"meshready {command}: error: assembly 'bin/Orders.dll' does not exist (build the project first)", error, StringComparison.Ordinal);

        var notAssembly = Manifest("not a dll");
        (exit, _, error) = Run(Args(notAssembly));
        Assert.Equal(ExitCodes.UsageError, exit);
        Assert.Contains($"meshready {command}: error: cannot read assembly '{notAssembly}'", error, StringComparison.Ordinal);
    }

    private static string CleanManifest() => Manifest(CleanService);

    [Fact]
    public void ExitCodeFollowsTheThreshold()
    {
        Assert.Equal(ExitCodes.Success, Run("check", CleanManifest()).ExitCode);
        var info = Manifest(InfoOnlyService);
        Assert.Equal(ExitCodes.Success, Run("check", info).ExitCode);
        Assert.Equal(ExitCodes.Findings, Run("check", info, "--fail-on", "info").ExitCode);
        Assert.Equal(ExitCodes.Findings, Run("check", SampleManifests).ExitCode);
        Assert.Equal(ExitCodes.Success, Run("check", SampleManifests, "--fail-on", "error").ExitCode);
        Assert.Equal(ExitCodes.Success, Run("check", SampleManifests, "--fail-on=never").ExitCode);
    }

    [Fact]
    public void MSBuildFormatIsTheCanonicalWarningFormatWithFileAndLine()
    {
        var (_, output, _) = Run("check", SampleManifests, "--format", "msbuild");
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.NotEmpty(lines);
        Assert.All(lines, line => Assert.Matches(@"^.+\.yaml\([0-9]+,[0-9]+\): (warning|info) MESH1[0-9]{2}: \S.*$", line));
        Assert.Contains(lines, l => Regex.IsMatch(l, @"orders-api\.yaml\([0-9]+,[0-9]+\): warning MESH110: "));
    }

    [Fact]
    public void SarifIsVersion21WithRulesAndLocatedResults()
    {
        var sarifPath = Path.Combine(Path.GetTempPath(), "meshready-manifest-tests", Guid.NewGuid().ToString("N")[..12], "out", "manifests.sarif");
        var (exit, output, _) = Run("check", Path.GetFullPath(SampleManifests), "--format", "json", "--sarif", sarifPath);
        Assert.Equal(ExitCodes.Findings, exit);

        using var sarif = JsonDocument.Parse(File.ReadAllText(sarifPath));
        Assert.Equal("2.1.0", sarif.RootElement.GetProperty("version").GetString());
        var run = sarif.RootElement.GetProperty("runs")[0];
        Assert.Equal("meshready", run.GetProperty("tool").GetProperty("driver").GetProperty("name").GetString());
        var rules = run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("id").GetString()).ToArray();
        Assert.Equal(ManifestRules.All.Select(r => r.Id), rules);
        var results = run.GetProperty("results").EnumerateArray().ToArray();
        Assert.NotEmpty(results);
        foreach (var result in results)
        {
            var ruleId = result.GetProperty("ruleId").GetString();
            Assert.Equal(ruleId, rules[result.GetProperty("ruleIndex").GetInt32()]);
            Assert.Contains(result.GetProperty("level").GetString(), new[] { "warning", "note" });
            var location = result.GetProperty("locations")[0].GetProperty("physicalLocation");
            var uri = new Uri(location.GetProperty("artifactLocation").GetProperty("uri").GetString()!);
            Assert.True(uri.IsFile && File.Exists(uri.LocalPath), uri.ToString());
            Assert.True(location.GetProperty("region").GetProperty("startLine").GetInt32() > 0);
        }

        using var json = JsonDocument.Parse(output);
        Assert.Equal(results.Length, json.RootElement.GetArrayLength());
        var first = json.RootElement[0];
        Assert.StartsWith("MESH1", first.GetProperty("ruleId").GetString(), StringComparison.Ordinal);
        Assert.EndsWith(".md", first.GetProperty("helpUri").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void TextFormatSummarisesAndOutputWritesToAFile()
    {
        var report = Path.Combine(Path.GetTempPath(), "meshready-manifest-tests", Guid.NewGuid().ToString("N")[..12], "report.txt");
        var (exit, output, _) = Run("check", SampleManifests, "--output", report, "--fail-on", "never");
        Assert.Equal(ExitCodes.Success, exit);
        Assert.Empty(output);
        var text = File.ReadAllText(report);
        Assert.Contains("4 file(s)", text, StringComparison.Ordinal);
        Assert.Contains(": warning MESH102: ", text, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidYamlIsAFindingNamingTheFileNotACrash()
    {
        var broken = Manifest("apiVersion: v1\nkind: Service\nmetadata:\n\tname: x\n");
        var (exit, output, _) = Run("check", broken, "--format", "msbuild");
        Assert.Equal(ExitCodes.Findings, exit);
        Assert.Contains($"{broken}(4,1): warning MESH910: ", output, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckCrossChecksWithABuiltAssembly()
    {
        var assembly = TestAssemblies.WithMetadata("OrdersApi", ("MeshReady.Port", "8080|http|http-orders|http|declared"), ("MeshReady.Port", "8081|grpc|grpc-orders|grpc|declared"));
        var (exit, output, _) = Run("check", SampleManifests, "--assembly", assembly, "--format", "msbuild");
        Assert.Equal(ExitCodes.Findings, exit);
        Assert.Matches(@"orders-api\.yaml\([0-9]+,[0-9]+\): warning MESH112: OrdersApi listens on port 8081", output);
    }

    [Fact]
    public void TheReportSaysWhichWorkloadRunsTheCode()
    {
        var assembly = TestAssemblies.WithMetadata("OrdersApi", ("MeshReady.Port", "8080|http|http-orders|http|declared"));
        var (_, text, _) = Run("check", SampleManifests, "--assembly", assembly);
        Assert.Contains("OrdersApi runs in Deployment/orders-api (container 'orders-api').", text, StringComparison.Ordinal);
        Assert.DoesNotContain("MESH914", text, StringComparison.Ordinal);

        var (_, msbuild, _) = Run("check", SampleManifests, "--assembly", assembly, "--workload", "orders-cleanup/cleanup", "--format", "msbuild");
        Assert.Contains("meshready: OrdersApi runs in CronJob/orders-cleanup (container 'cleanup').", msbuild, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("nosuch/thing", "--workload (MeshReadyManifestWorkload) 'nosuch/thing' names no workload[/container]")]
    [InlineData("orders-api/nosuch", "--workload (MeshReadyManifestWorkload) 'orders-api/nosuch' names no workload[/container]")]
    [InlineData(null, "no container's image is named after Billing (e.g. '.../billing:1.0')")]
    public void AWorkloadMappingOrAssemblyThatMatchesNothingIsAWarning(string? workload, string reason)
    {
        var assembly = TestAssemblies.WithMetadata(workload is null ? "Billing" : "OrdersApi", ("MeshReady.Port", "8080|http|http-orders|http|declared"));
        string[] args = ["check", SampleManifests, "--assembly", assembly, "--format", "msbuild", "--ignore", "MESH101,MESH102,MESH103,MESH104,MESH105,MESH106,MESH109,MESH110,MESH111"];
        var (exit, output, _) = Run(workload is null ? args : [.. args, "--workload", workload]);
        Assert.Equal(ExitCodes.Findings, exit);
        var finding = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.Contains("warning MESH914", StringComparison.Ordinal));
        Assert.Matches(@"orders-api\.yaml\(5,3\): warning MESH914: No workload runs ", finding);
        Assert.Contains(reason, finding, StringComparison.Ordinal);
        Assert.Contains("Deployment/orders-api ('orders-api' registry.example.com/shop/orders-api:1.4.2)", finding, StringComparison.Ordinal);
        Assert.Contains("runs in no checked workload (MESH914)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void AClassLibraryIsNeverAWorkload()
    {
        // A repository-wide MeshReadyManifests runs the manifest step in a shared library's project too (EdwinVW/pitstop's
        // Messaging library reported MESH914): the same metadata in an application is reported, in a library it is not.
        (string Key, string Value)[] metadata = [("MeshReady.Port", "8080|http|http-orders|http|declared")];
        string[] ignore = ["--format", "msbuild", "--ignore", "MESH101,MESH102,MESH103,MESH104,MESH105,MESH106,MESH109,MESH110,MESH111,MESH114,MESH116"];
        var (_, application, _) = Run(["check", SampleManifests, "--assembly", TestAssemblies.WithMetadata("Messaging", metadata), .. ignore]);
        Assert.Contains("warning MESH914", application, StringComparison.Ordinal);

        var (exit, library, _) = Run(["check", SampleManifests, "--assembly", TestAssemblies.LibraryWithMetadata("Messaging", metadata), .. ignore]);
        Assert.DoesNotContain("MESH914", library, StringComparison.Ordinal);
        Assert.Contains("Messaging is a class library (no entry point), so no workload is expected to run it.", library, StringComparison.Ordinal);
        Assert.NotEqual(ExitCodes.UsageError, exit);
    }

    [Fact]
    public void AWorkloadMappingWithoutAnAssemblyIsAUsageError()
    {
        var (exit, _, error) = Run("check", SampleManifests, "--workload", "orders-api");
        Assert.Equal(ExitCodes.UsageError, exit);
        Assert.Contains("--workload 'orders-api' needs --assembly <dll>", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TheAssemblysRecordedDataPlaneIsUsedUnlessTheCommandLineSaysOtherwise()
    {
        var ambient = TestAssemblies.WithMetadata("Unrelated", ("MeshReady.DataPlane", "ambient"));
        var (_, quiet, _) = Run("check", SampleManifests, "--assembly", ambient, "--format", "msbuild");
        Assert.DoesNotContain("MESH106", quiet, StringComparison.Ordinal);
        Assert.DoesNotContain("MESH101", quiet, StringComparison.Ordinal);

        var (_, loud, _) = Run("check", SampleManifests, "--assembly", ambient, "--data-plane", "sidecar", "--format", "msbuild");
        Assert.Contains("MESH106", loud, StringComparison.Ordinal);
    }

    [Fact]
    public void PortsPrintsServiceAndContainerPortYaml()
    {
        var assembly = TestAssemblies.WithMetadata("OrdersApi", ("MeshReady.Port", "8080|http|http-orders|http|declared"), ("MeshReady.Port", "8081|grpc|grpc-orders|grpc|inferred"));
        var (exit, output, _) = Run("ports", "--assembly", assembly);
        Assert.Equal(ExitCodes.Success, exit);
        Assert.Contains("# Service spec ports for OrdersApi", output, StringComparison.Ordinal);
        Assert.Contains("appProtocol: grpc", output, StringComparison.Ordinal);
        Assert.Contains("containerPort: 8081", output, StringComparison.Ordinal);

        // The whole output is one valid YAML stream of two documents, and each is what KubernetesClient reads back.
        var stream = new YamlDotNet.RepresentationModel.YamlStream();
        stream.Load(new StringReader(output));
        Assert.Equal(2, stream.Documents.Count);
        var documents = output.Split("\n---\n", StringSplitOptions.None);
        Assert.Equal(2, documents.Length);
        var spec = k8s.KubernetesYaml.Deserialize<k8s.Models.V1ServiceSpec>(documents[0]);
        Assert.Equal([8080, 8081], spec.Ports.Select(p => p.Port));
        Assert.Equal(["http-orders", "grpc-orders"], spec.Ports.Select(p => p.TargetPort.Value));
        var container = k8s.KubernetesYaml.Deserialize<k8s.Models.V1Container>(documents[1]);
        Assert.Equal([8080, 8081], container.Ports.Select(p => p.ContainerPort));
        var status = Assert.Single(container.Env);
        Assert.Equal("MESHREADY_SIDECAR_STATUS", status.Name);
        Assert.Equal("metadata.annotations['sidecar.istio.io/status']", status.ValueFrom.FieldRef.FieldPath);
        Assert.All(stream.Documents, d => Assert.IsType<YamlDotNet.RepresentationModel.YamlMappingNode>(d.RootNode));

        var none = TestAssemblies.Emit("NoPorts", "public class C { }");
        var (noneExit, _, error) = Run("ports", "--assembly", none);
        Assert.Equal(ExitCodes.Findings, noneExit);
        Assert.Contains("records no ports", error, StringComparison.Ordinal);
    }

    [Fact]
    public void PortsFollowsTheIstioReleaseForKubernetesAppProtocols()
    {
        var assembly = TestAssemblies.WithMetadata("Catalog", ("MeshReady.Port", "8081|http2|http2-catalog|kubernetes.io/h2c|declared"));
        var (exit, newest, _) = Run("ports", "--assembly", assembly);
        Assert.Equal(ExitCodes.Success, exit);
        Assert.Contains("appProtocol: kubernetes.io/h2c", newest, StringComparison.Ordinal);

        // Istio reads kubernetes.io/h2c from 1.19 (pkg/config/kube/conversion.go); before it the port would be sniffed.
        var (oldExit, old, _) = Run("ports", "--assembly", assembly, "--istio-version", "1.18");
        Assert.Equal(ExitCodes.Success, oldExit);
        Assert.Contains("appProtocol: http2", old, StringComparison.Ordinal);
        Assert.DoesNotContain("kubernetes.io/h2c", old, StringComparison.Ordinal);

        var (badExit, _, error) = Run("ports", "--assembly", assembly, "--istio-version", "2.0");
        Assert.Equal(ExitCodes.UsageError, badExit);
        Assert.Contains("--istio-version must be an Istio release", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TheBuiltToolRunsOnTheInstalledRuntime()
    {
        var tool = Path.Combine(AppContext.BaseDirectory, "meshready.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(tool);
        start.ArgumentList.Add("check");
        start.ArgumentList.Add(SampleManifests);
        start.ArgumentList.Add("--format");
        start.ArgumentList.Add("msbuild");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == ExitCodes.Findings, $"exit {process.ExitCode}\n{output}\n{error}");
        Assert.Contains("warning MESH101", output, StringComparison.Ordinal);
    }
}
