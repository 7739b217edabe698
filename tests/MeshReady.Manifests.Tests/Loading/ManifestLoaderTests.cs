using System;
using System.IO;
using System.Linq;
using System.Text;
using k8s.Models;
using MeshReady.Manifests.Loading;
using MeshReady.Manifests.Model;
using Xunit;

namespace MeshReady.Manifests.Tests.Loading;

public class ManifestLoaderTests
{
    private const string Deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: orders-api
        spec:
          selector:
            matchLabels: {app: orders-api}
          template:
            metadata:
              labels: {app: orders-api}
            spec:
              containers:
                - name: orders-api
                  image: registry.example.com/orders-api:1.0
                  ports:
                    - name: http-orders
                      containerPort: 8080
        """;

    [Fact]
    public void ReadsEachDocumentIntoItsKubernetesClientModelWithFileAndLine()
    {
        var yaml = "# comment\n---\n" + Deployment + "\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: orders-api\nspec:\n  ports:\n    - port: 80\n";
        var file = ManifestLoader.LoadText("k8s/app.yaml", yaml);

        Assert.Empty(file.Findings);
        Assert.Equal(2, file.Objects.Count);
        var deployment = Assert.IsType<V1Deployment>(file.Objects[0].Model);
        Assert.Equal(8080, deployment.Spec.Template.Spec.Containers[0].Ports[0].ContainerPort);
        Assert.Equal(new SourceLocation("k8s/app.yaml", 6, 3), file.Objects[0].Location); // metadata.name
        Assert.Equal(19, file.Objects[0].Locate("spec", "template", "spec", "containers", 0, "ports", 0, "containerPort").Line);
        Assert.Equal(new SourceLocation("k8s/app.yaml", 24, 3), file.Objects[1].Location);
        Assert.Equal(27, file.Objects[1].Locate("spec", "ports", 0).Line);
    }

    [Fact]
    public void LocateFallsBackToTheDeepestFieldThatExists()
    {
        var file = ManifestLoader.LoadText("a.yaml", Deployment);
        Assert.Equal(11, file.Objects[0].Locate("spec", "template", "spec", "terminationGracePeriodSeconds").Line);
    }

    [Fact]
    public void UnknownKindsAndCustomResourcesAreSkippedWithoutFindings()
    {
        var yaml = """
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: orders}
            spec:
              hosts: [orders]
            ---
            apiVersion: autoscaling/v2
            kind: HorizontalPodAutoscaler
            metadata: {name: orders}
            ---
            apiVersion: example.com/v1
            kind: Deployment
            metadata: {name: not-apps}
            ---
            just: a values file
            ---
            - a
            - list
            """;
        var file = ManifestLoader.LoadText("mixed.yaml", yaml);
        Assert.Empty(file.Objects);
        Assert.Empty(file.Findings);
    }

    [Fact]
    public void TabIndentationIsInvalidYamlNamedWithFileAndLineAndTheOtherDocumentsAreStillRead()
    {
        var yaml = Deployment + "\n---\napiVersion: v1\nkind: Service\nmetadata:\n\tname: broken\n---\n" + Deployment.Replace("orders-api", "second", StringComparison.Ordinal);
        var file = ManifestLoader.LoadText("tabs.yaml", yaml);

        var finding = Assert.Single(file.Findings);
        Assert.Equal("MESH910", finding.RuleId);
        Assert.Equal("tabs.yaml", finding.Location.File);
        Assert.True(22 == finding.Location.Line, finding.Message);
        Assert.Contains("tabs.yaml", finding.Message, StringComparison.Ordinal);
        Assert.Equal(["orders-api", "second"], file.Objects.Select(o => o.Name));
    }

    [Fact]
    public void BlockScalarWhoseFirstLineIsBlankButIndentedIsReadAsKubectlReadsIt()
    {
        // Helm renders "config.yaml: |" followed by an indented blank line (Istio's samples/addons/loki.yaml at 1.30.0).
        // YAML 1.2 allows it (8.1.1.1); YamlDotNet alone rejects it with "found extra spaces in first line".
        var yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: loki\ndata:\n  config.yaml: |\n    \n    auth_enabled: false\n---\n"
            + Deployment.Replace("          image:", "          args:\n            - |\n              \n              run --port 8080\n          image:", StringComparison.Ordinal);
        var file = ManifestLoader.LoadText("k8s/loki.yaml", yaml);

        Assert.Empty(file.Findings);
        var deployment = Assert.IsType<V1Deployment>(Assert.Single(file.Objects).Model);
        Assert.Equal("\nrun --port 8080\n", deployment.Spec.Template.Spec.Containers[0].Args[0]);
        Assert.Equal(30, file.Objects[0].Locate("spec", "template", "spec", "containers", 0, "ports", 0, "containerPort").Line);
    }

    [Fact]
    public void BlockScalarWhoseLeadingBlankLineIsDeeperThanItsContentIsStillInvalid()
    {
        // The case YAML 1.2 does forbid: the blank line holds more spaces than the first content line.
        var file = ManifestLoader.LoadText("a.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: |\n      \n    b\n  c: [\n");
        Assert.Equal("MESH910", Assert.Single(file.Findings).RuleId);
    }

    [Fact]
    public void DataFilesAmongTheManifestsThatAreNotObjectsGetNoFinding()
    {
        // Istio's samples/bookinfo/src/mongodb/ratings_data.json (1.28): JSON lines, not one YAML document.
        var jsonLines = "{\"rating\": 5}\n{\"rating\": 4}\n";
        var data = ManifestLoader.LoadText("samples/bookinfo/src/mongodb/ratings_data.json", jsonLines);
        Assert.Empty(data.Findings);
        Assert.Empty(data.Objects);

        // The same breakage in a document that names an apiVersion is a broken manifest, and still reported.
        var manifest = ManifestLoader.LoadText("svc.json", "{\"apiVersion\": \"v1\", \"kind\": \"Service\"}\n{\"kind\": \"Service\"}\n");
        Assert.Equal("MESH910", Assert.Single(manifest.Findings).RuleId);
    }

    [Fact]
    public void DuplicateKeysAreInvalidYaml()
    {
        var yaml = "apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n  name: b\n";
        var finding = Assert.Single(ManifestLoader.LoadText("dup.yaml", yaml).Findings);
        Assert.Equal("MESH910", finding.RuleId);
        Assert.Equal(5, finding.Location.Line);
        Assert.Contains("dup.yaml", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("apiVersion: v1\nkind: Service\nmetadata:\n  name: \"orders")]
    [InlineData("apiVersion: v1\nkind: Service\nspec:\n  ports: [{port: 80")]
    [InlineData("apiVersion: v1\nkind: Service\nmetadata: {name: x\n")]
    public void TruncatedDocumentsAreInvalidYaml(string yaml)
    {
        var finding = Assert.Single(ManifestLoader.LoadText("cut.yaml", yaml).Findings);
        Assert.Equal("MESH910", finding.RuleId);
        Assert.InRange(finding.Location.Line, 1, 6);
    }

    [Fact]
    public void AFieldOfTheWrongTypeIsASchemaMismatchNamingTheLine()
    {
        var yaml = Deployment.Replace("containerPort: 8080", "containerPort: http", StringComparison.Ordinal);
        var file = ManifestLoader.LoadText("schema.yaml", yaml);
        var finding = Assert.Single(file.Findings);
        Assert.Equal("MESH912", finding.RuleId);
        Assert.Equal(17, finding.Location.Line);
        Assert.Empty(file.Objects);
    }

    [Fact]
    public void UnrenderedHelmTemplatesAreSkippedWithOneInfo()
    {
        var yaml = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ include \"orders.fullname\" . }}\nspec:\n  replicas: {{ .Values.replicas }}\n";
        var finding = Assert.Single(ManifestLoader.LoadText("charts/orders/templates/deployment.yaml", yaml).Findings);
        Assert.Equal("MESH913", finding.RuleId);
        Assert.Equal(Severity.Info, finding.Severity);
        Assert.Contains("helm template", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TemplatesInsideRenderedConfigMapsAreNotMistakenForHelm()
    {
        var yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: alerts}\ndata:\n  rule: |\n    summary: \"{{ $labels.instance }} down\"\n---\n" + Deployment;
        var file = ManifestLoader.LoadText("rendered.yaml", yaml);
        Assert.Empty(file.Findings);
        Assert.Single(file.Objects);
    }

    [Fact]
    public void NonUtf8BytesAreReportedWithFileAndLineWithoutThrowing()
    {
        var path = TempFile("latin1.yaml", [.. Encoding.ASCII.GetBytes("apiVersion: v1\nkind: Service\nmetadata:\n  name: caf"), 0xE9, .. Encoding.ASCII.GetBytes("\n")]);
        var finding = Assert.Single(ManifestLoader.Load(path).Findings);
        Assert.Equal("MESH911", finding.RuleId);
        Assert.Equal(4, finding.Location.Line);
        Assert.Contains(path, finding.Message, StringComparison.Ordinal);
        Assert.Contains("0xE9", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Utf16AndUtf8ByteOrderMarksAreRead()
    {
        var utf16 = TempFile("utf16.yaml", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(Deployment)]);
        var utf8 = TempFile("utf8bom.yaml", [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(Deployment)]);
        Assert.Single(ManifestLoader.Load(utf16).Objects);
        Assert.Single(ManifestLoader.Load(utf8).Objects);
    }

    [Fact]
    public void AMissingFileIsAFindingNotAnException()
    {
        var finding = Assert.Single(ManifestLoader.Load("/nonexistent/k8s/orders.yaml").Findings);
        Assert.Equal("MESH911", finding.RuleId);
        Assert.Contains("/nonexistent/k8s/orders.yaml", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AFiveMegabyteManifestIsRead()
    {
        var builder = new StringBuilder(Deployment).Append("\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n  blob: |\n");
        var line = "    " + new string('x', 100) + "\n";
        while (builder.Length < 5 * 1024 * 1024)
        {
            builder.Append(line);
        }

        builder.Append("---\n").Append(Deployment.Replace("orders-api", "after-the-blob", StringComparison.Ordinal));
        var file = ManifestLoader.Load(TempFile("big.yaml", Encoding.UTF8.GetBytes(builder.ToString())));
        Assert.Empty(file.Findings);
        Assert.Equal(["orders-api", "after-the-blob"], file.Objects.Select(o => o.Name));
    }

    [Fact]
    public void EveryYamlFileInTheRepositoryLoadsWithoutThrowing()
    {
        var files = ManifestDiscovery.Expand([MeshReady.Analyzers.Tests.Infrastructure.Repository.Root], out var missing);
        Assert.Empty(missing);
        Assert.NotEmpty(files);
        foreach (var path in files)
        {
            var file = ManifestLoader.Load(path);
            Assert.All(file.Findings, f => Assert.Equal(path, f.Location.File));
        }
    }

    [Theory]
    [InlineData("---")]
    [InlineData("")]
    [InlineData("...\n...")]
    [InlineData("--- |\n  literal document")]
    [InlineData("apiVersion: v1\nkind: Service\nmetadata: &m {name: a}\nspec: *m")]
    [InlineData("apiVersion: v1\nkind: Service\nmetadata: !!str text")]
    [InlineData("apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers: ~\n")]
    [InlineData("apiVersion: apps/v1\nkind: Deployment\n")]
    [InlineData("\u0000\u0001 binary")]
    public void OddInputNeverThrows(string yaml)
    {
        var file = ManifestLoader.LoadText("odd.yaml", yaml);
        var result = ManifestChecker.Check([file], new MeshReady.Manifests.Checks.CheckOptions());
        Assert.All(result.Findings, f => Assert.Equal("odd.yaml", f.Location.File));
    }

    private static string TempFile(string name, byte[] content)
    {
        var directory = Path.Combine(Path.GetTempPath(), "meshready-manifest-tests", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, name);
        File.WriteAllBytes(path, content);
        return path;
    }
}
