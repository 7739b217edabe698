using System;
using System.Collections.Generic;
using MeshReady.Analyzers.Infrastructure;
using MeshReady.Manifests.Checks;
using MeshReady.Manifests.Code;
using MeshReady.Manifests.Model;
using MeshReady.Manifests.Tests.Infrastructure;
using Xunit;

namespace MeshReady.Manifests.Tests.Checks;

/// <summary>
/// MESH115: the code waits for the proxy (MeshReady.WaitsForProxy=true), but the container that runs it does not get the
/// pod's sidecar.istio.io/status annotation as MESHREADY_SIDECAR_STATUS through the downward API.
/// </summary>
public class SidecarSignalTests
{
    private const string OrdersApi = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: orders-api
          namespace: shop
        spec:
          template:
            metadata:
              labels:
                app: orders-api
            spec:
              containers:
                - name: orders-api
                  image: registry.example.com/shop/orders-api:1.4.2
                  env: # expect: MESH115
                    - name: ASPNETCORE_HTTP_PORTS
                      value: "8080"
                - name: log-shipper
                  image: fluent/fluent-bit:3.0
        """;

    // Env entries at the indentation of OrdersApi's env list (12 spaces).
    private const string Signal =
        "            - name: MESHREADY_SIDECAR_STATUS\n" +
        "              valueFrom:\n" +
        "                fieldRef:\n" +
        "                  fieldPath: metadata.annotations['sidecar.istio.io/status']\n";

    private static CheckOptions Waits(string? waits = "true", DataPlane plane = DataPlane.Sidecar)
    {
        var metadata = new List<KeyValuePair<string, string>>();
        if (waits is not null)
        {
            metadata.Add(new("MeshReady.WaitsForProxy", waits));
        }

        return new CheckOptions { Code = AssemblyMetadataReader.FromMetadata("OrdersApi", metadata), DataPlane = plane };
    }

    private static string Unmarked(string yaml) => yaml.Replace(" # expect: MESH115", string.Empty, StringComparison.Ordinal);

    private static string WithPodLabel(string yaml, string label) => yaml.Replace("app: orders-api\n", "app: orders-api\n        " + label + "\n", StringComparison.Ordinal);

    private static string WithSignal(string yaml, string signal = Signal) => AppendEnv(Unmarked(yaml), signal);

    /// <summary>Adds env entries after OrdersApi's ASPNETCORE_HTTP_PORTS entry.</summary>
    private static string AppendEnv(string yaml, string entries)
    {
        const string Last = "              value: \"8080\"\n";
        Assert.Contains(Last, yaml, StringComparison.Ordinal);
        return yaml.Replace(Last, Last + entries, StringComparison.Ordinal);
    }

    [Fact]
    public void APodWithAClassicSidecarIsInfoAndSaysWhatTheSignalBuys()
    {
        var finding = Assert.Single(ManifestAssert.ReportsExactlyMarked(OrdersApi, Waits()));
        Assert.Equal(Severity.Info, finding.Severity);
        Assert.Contains("OrdersApi waits for the Istio proxy", finding.Message, StringComparison.Ordinal);
        Assert.Contains("container 'orders-api'", finding.Message, StringComparison.Ordinal);
        Assert.Contains("a classic sidecar", finding.Message, StringComparison.Ordinal);
        Assert.Contains("fieldPath: metadata.annotations['sidecar.istio.io/status']", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void APodWithANativeSidecarSaysSo()
    {
        var native = OrdersApi.Replace("      labels:\n", "      annotations: {sidecar.istio.io/nativeSidecar: \"true\"}\n      labels:\n", StringComparison.Ordinal);
        var finding = Assert.Single(ManifestAssert.ReportsExactlyMarked(native, Waits()));
        Assert.Equal(Severity.Info, finding.Severity);
        Assert.Contains("a native sidecar", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sidecar.istio.io/inject: \"false\"", "its pods get no sidecar")]
    [InlineData("istio.io/dataplane-mode: ambient", "an ambient pod has no sidecar")]
    public void APodWithoutASidecarWaitsTheWholeTimeoutAtEveryStartAndIsAWarning(string label, string why)
    {
        var finding = Assert.Single(ManifestAssert.ReportsExactlyMarked(WithPodLabel(OrdersApi, label), Waits()));
        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Contains(why, finding.Message, StringComparison.Ordinal);
        Assert.Contains("waits the helper's whole timeout (60 s", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheConfiguredAmbientDataPlaneCountsWhereThePodDoesNotSay()
    {
        var finding = Assert.Single(ManifestAssert.ReportsExactlyMarked(OrdersApi, Waits(plane: DataPlane.Ambient)));
        Assert.Equal(Severity.Warning, finding.Severity);
    }

    [Fact]
    public void AContainerWithoutEnvIsReportedAtItsName()
    {
        var bare = """
            apiVersion: batch/v1
            kind: Job
            metadata: {name: orders-migrate}
            spec:
              template:
                metadata:
                  labels: {sidecar.istio.io/inject: "false"}
                spec:
                  restartPolicy: Never
                  containers:
                    - name: migrate # expect: MESH115
                      image: registry.example.com/shop/orders-api:1.4.2
            """;
        Assert.Equal(Severity.Warning, Assert.Single(ManifestAssert.ReportsExactlyMarked(bare, Waits())).Severity);
    }

    [Theory]
    [InlineData("")]
    [InlineData("sidecar.istio.io/inject: \"false\"")]
    [InlineData("istio.io/dataplane-mode: ambient")]
    public void TheSignalFromTheAnnotationSilencesIt(string label)
        => ManifestAssert.ReportsNothing(WithSignal(label.Length == 0 ? OrdersApi : WithPodLabel(OrdersApi, label)), Waits());

    [Fact]
    public void ALiteralValueOrTheAcceptedRiskVariableIsADeliberateChoice()
    {
        var literal = "            - name: MESHREADY_SIDECAR_STATUS\n              value: \"\"\n";
        ManifestAssert.ReportsNothing(WithSignal(WithPodLabel(OrdersApi, "istio.io/dataplane-mode: ambient"), literal), Waits());
        var absentAfter = "            - name: MESHREADY_PROXY_ABSENT_AFTER\n              value: \"3\"\n";
        ManifestAssert.ReportsNothing(WithSignal(OrdersApi, absentAfter), Waits());
    }

    [Fact]
    public void TheVariableFromAnotherFieldIsAWarningAtTheFieldPath()
    {
        var wrong =
            "            - name: MESHREADY_SIDECAR_STATUS\n" +
            "              valueFrom:\n" +
            "                fieldRef:\n" +
            "                  fieldPath: metadata.annotations['sidecar.istio.io/inject'] # expect: MESH115\n";
        var yaml = AppendEnv(Unmarked(OrdersApi), wrong);
        var finding = Assert.Single(ManifestAssert.ReportsExactlyMarked(yaml, Waits()));
        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Contains("not from the pod's sidecar.istio.io/status annotation", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("false")]
    [InlineData(null)] // an assembly built before the key existed: unknown, never "false"
    public void CodeThatDoesNotSayItWaitsIsNotReported(string? waits)
        => ManifestAssert.ReportsNothing(Unmarked(OrdersApi), Waits(waits));

    /// <summary>
    /// A Job whose code only quits the sidecar: with a native sidecar and no signal, QuitAsync quits a sidecar that
    /// Kubernetes restarts (Info, at the env). With a classic sidecar, no sidecar, or the signal, QuitAsync does the right
    /// thing and nothing is said.
    /// </summary>
    [Fact]
    public void CodeThatOnlyQuitsNeedsTheSignalWhereTheSidecarIsNative()
    {
        var job = """
            apiVersion: batch/v1
            kind: Job
            metadata: {name: orders-migrate, namespace: shop}
            spec:
              template:
                metadata:
                  annotations: {sidecar.istio.io/nativeSidecar: "true"}
                spec:
                  restartPolicy: Never
                  containers:
                    - name: migrate
                      image: registry.example.com/shop/orders-api:1.4.2
                      env: # expect: MESH115
                        - name: ASPNETCORE_ENVIRONMENT
                          value: Production
            """;
        var quits = new CheckOptions
        {
            Code = AssemblyMetadataReader.FromMetadata("OrdersApi", [new("MeshReady.WaitsForProxy", "false"), new("MeshReady.QuitsSidecar", "true")]),
            DataPlane = DataPlane.Sidecar,
        };

        var finding = Assert.Single(ManifestAssert.ReportsExactlyMarked(job, quits));
        Assert.Equal(Severity.Info, finding.Severity);
        Assert.Contains("OrdersApi stops the Istio sidecar (MeshProxy.QuitAsync or a POST to /quitquitquit)", finding.Message, StringComparison.Ordinal);
        Assert.Contains("Kubernetes restarts a native sidecar", finding.Message, StringComparison.Ordinal);

        var unmarked = Unmarked(job);
        var classic = unmarked.Replace("      annotations: {sidecar.istio.io/nativeSidecar: \"true\"}\n", string.Empty, StringComparison.Ordinal);
        Assert.NotEqual(unmarked, classic);
        ManifestAssert.ReportsNothing(classic, quits);
        var signalled = unmarked + "\n" + Signal; // the env list is the document's last node
        Assert.NotEqual(unmarked, signalled);
        ManifestAssert.ReportsNothing(signalled, quits);
    }

    [Fact]
    public void NoAssemblyNoOtherImageAndDataPlaneNoneAreSilent()
    {
        ManifestAssert.ReportsNothing(Unmarked(OrdersApi));
        // Another image runs another program: MESH914 says the code matched nothing, and MESH115 has no container to check.
        var other = ManifestAssert.Check(Unmarked(OrdersApi).Replace("shop/orders-api:1.4.2", "shop/billing-api:2.0", StringComparison.Ordinal), Waits());
        Assert.Equal("MESH914", Assert.Single(other).RuleId);
        ManifestAssert.ReportsNothing(Unmarked(OrdersApi), Waits(plane: DataPlane.None));
    }

    [Fact]
    public void HalfWrittenEnvEntriesDoNotCrashTheCheck()
    {
        var yaml = AppendEnv(Unmarked(OrdersApi), "            - name: MESHREADY_SIDECAR_STATUS\n              valueFrom: {}\n            - name: MESHREADY_SIDECAR_STATUS\n              valueFrom:\n                fieldRef: {}\n            -\n");
        var findings = ManifestAssert.Check(yaml, Waits());
        Assert.DoesNotContain(findings, f => f.RuleId == "MESH115");
    }
}
