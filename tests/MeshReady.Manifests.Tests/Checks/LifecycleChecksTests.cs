using System;
using System.Collections.Generic;
using System.Linq;
using MeshReady.Manifests.Checks;
using MeshReady.Manifests.Code;
using MeshReady.Manifests.Mesh;
using MeshReady.Manifests.Model;
using MeshReady.Manifests.Tests.Infrastructure;
using Xunit;

namespace MeshReady.Manifests.Tests.Checks;

/// <summary>MESH106 (Jobs and the sidecar), MESH107 (grace period), MESH108 (holdApplicationUntilProxyStarts).</summary>
public class LifecycleChecksTests
{
    private const string NightlyExport = """
        apiVersion: batch/v1
        kind: CronJob
        metadata:
          name: nightly-export # expect: MESH106
        spec:
          schedule: "0 2 * * *"
          jobTemplate:
            spec:
              template:
                spec:
                  restartPolicy: OnFailure
                  containers:
                    - name: export
                      image: registry.example.com/billing/nightly-export:5.0
        """;

    private static CheckOptions Code(params (string Key, string Value)[] metadata) => CodeOf("NightlyExport", metadata);

    private static CheckOptions CodeOf(string assembly, (string Key, string Value)[] metadata)
    {
        var values = new List<KeyValuePair<string, string>>();
        foreach (var (key, value) in metadata)
        {
            values.Add(new(key, value));
        }

        return new CheckOptions { Code = AssemblyMetadataReader.FromMetadata(assembly, values) };
    }

    [Fact]
    public void JobWithAClassicSidecarIsInfoWithoutCodeAndWarningWhenTheCodeNeverQuits()
    {
        var unknown = Assert.Single(ManifestAssert.ReportsExactlyMarked(NightlyExport));
        Assert.Equal(Severity.Info, unknown.Severity);
        Assert.Contains("--assembly", unknown.Message, StringComparison.Ordinal);

        var known = Assert.Single(ManifestAssert.ReportsExactlyMarked(NightlyExport, Code(("MeshReady.QuitsSidecar", "false"), ("MeshReady.Workload", "job"))));
        Assert.Equal(Severity.Warning, known.Severity);
        Assert.Contains("NightlyExport never calls MeshProxy.QuitAsync()", known.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void JobIsFineWhenTheCodeQuitsTheCommandQuitsOrTheSidecarIsNativeOrAbsent()
    {
        var clean = NightlyExport.Replace(" # expect: MESH106", "", StringComparison.Ordinal);
        ManifestAssert.ReportsNothing(clean, Code(("MeshReady.QuitsSidecar", "true")));
        ManifestAssert.ReportsNothing(clean.Replace(
            "image: registry.example.com/billing/nightly-export:5.0",
            "image: registry.example.com/billing/nightly-export:5.0\n" +
            "              command: [\"/bin/sh\", \"-c\", \"dotnet NightlyExport.dll; curl -fsS -X POST http://127.0.0.1:15020/quitquitquit\"]",
            StringComparison.Ordinal));
        ManifestAssert.ReportsNothing(clean.Replace("      template:\n", "      template:\n        metadata:\n          annotations: {sidecar.istio.io/nativeSidecar: \"true\"}\n", StringComparison.Ordinal));
        ManifestAssert.ReportsNothing(clean.Replace("      template:\n", "      template:\n        metadata:\n          labels: {sidecar.istio.io/inject: \"false\"}\n", StringComparison.Ordinal));
        Assert.True(DataPlanes.TryParse("native_sidecar", out var native));
        ManifestAssert.ReportsNothing(clean, new CheckOptions { DataPlane = native });
    }

    [Fact]
    public void RenderedPodWithANativeIstioProxyInitContainerIsNotAClassicSidecar()
    {
        ManifestAssert.ReportsNothing("""
            apiVersion: v1
            kind: Pod
            metadata: {name: export-28312}
            spec:
              restartPolicy: Never
              initContainers:
                - name: istio-proxy
                  image: docker.io/istio/proxyv2:1.27.0
                  restartPolicy: Always
              containers:
                - {name: export, image: nightly-export:5.0}
            """);
    }

    private const string Orders = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: orders}
        spec:
          template:
            metadata:
              labels: {app: orders}
            spec:
              terminationGracePeriodSeconds: 30 # expect: MESH107
              containers:
                - name: orders
                  image: registry.example.com/orders:2.0
                  lifecycle:
                    preStop:
                      exec:
                        command: ["sleep", "10"]
        """;

    private static CheckOptions OrdersCode(params (string Key, string Value)[] metadata) => CodeOf("Orders", metadata);

    [Fact]
    public void GracePeriodShorterThanPreStopPlusShutdownTimeoutIsAWarning()
    {
        var finding = Assert.Single(ManifestAssert.ReportsExactlyMarked(Orders, OrdersCode(("MeshReady.ShutdownTimeoutSeconds", "25"))));
        Assert.Contains("35", finding.Message, StringComparison.Ordinal);
        Assert.Contains("10s preStop sleep", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ANativeSidecarsDrainDoesNotAddToTheBudget()
    {
        // The native sidecar's preStop starts /drain at deletion and the proxy exits once the app is gone: 10 s preStop +
        // 15 s shutdown fit in 30 s whatever terminationDrainDuration says (it used to be counted on top: 40 s).
        var yaml = Orders.Replace(" # expect: MESH107", "", StringComparison.Ordinal)
            .Replace("      labels: {app: orders}", "      labels: {app: orders}\n      annotations:\n        sidecar.istio.io/nativeSidecar: \"true\"\n        proxy.istio.io/config: '{\"terminationDrainDuration\": \"15s\"}'", StringComparison.Ordinal);
        ManifestAssert.ReportsNothing(yaml, OrdersCode(("MeshReady.ShutdownTimeoutSeconds", "15")));

        var tooLong = Assert.Single(ManifestAssert.ReportsExactlyMarked(Orders, OrdersCode(("MeshReady.ShutdownTimeoutSeconds", "25"))));
        Assert.DoesNotContain("drain", tooLong.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GracePeriodIsNotJudgedWithoutTheCodesBudgetOrWhenItIsLongEnough()
    {
        var clean = Orders.Replace(" # expect: MESH107", "", StringComparison.Ordinal);
        ManifestAssert.ReportsNothing(clean);
        ManifestAssert.ReportsNothing(clean, OrdersCode(("MeshReady.Workload", "service")));
        ManifestAssert.ReportsNothing(clean, OrdersCode(("MeshReady.ShutdownTimeoutSeconds", "20")));
        ManifestAssert.ReportsNothing(clean, OrdersCode(("MeshReady.ShutdownTimeoutSeconds", "not-a-number")));
    }

    [Fact]
    public void UnguardedStartupCallsWithoutHoldApplicationUntilProxyStartsIsInfo()
    {
        var yaml = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: orders}
            spec:
              template:
                metadata:
                  labels: {app: orders}
                  annotations: # expect: MESH108
                    prometheus.io/scrape: "true"
                spec:
                  containers:
                    - {name: orders, image: registry.example.com/orders:2.0}
            """;
        var finding = Assert.Single(ManifestAssert.ReportsExactlyMarked(yaml, OrdersCode(("MeshReady.StartupCallsUnguarded", "true"))));
        Assert.Equal(Severity.Info, finding.Severity);
        Assert.Contains("holdApplicationUntilProxyStarts: true", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HoldApplicationUntilProxyStartsGuardedCodeAndOtherDataPlanesAreFine()
    {
        var held = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: orders}
            spec:
              template:
                metadata:
                  annotations:
                    proxy.istio.io/config: |
                      holdApplicationUntilProxyStarts: true
                spec:
                  containers:
                    - {name: orders, image: registry.example.com/orders:2.0}
            """;
        ManifestAssert.ReportsNothing(held, OrdersCode(("MeshReady.StartupCallsUnguarded", "true")));
        var plain = held.Replace("    proxy.istio.io/config: |\n          holdApplicationUntilProxyStarts: true", "    team: orders", StringComparison.Ordinal);
        ManifestAssert.ReportsNothing(plain, OrdersCode(("MeshReady.StartupCallsUnguarded", "false")));
        ManifestAssert.ReportsNothing(plain);
        Assert.True(DataPlanes.TryParse("ambient", out var ambient));
        ManifestAssert.ReportsNothing(plain, OrdersCode(("MeshReady.StartupCallsUnguarded", "true")) with { DataPlane = ambient });
    }

    [Fact]
    public void AnotherWorkloadsImageDoesNotGetTheCodesFacts()
    {
        var yaml = Orders.Replace("registry.example.com/orders:2.0", "registry.example.com/invoices:2.0", StringComparison.Ordinal).Replace(" # expect: MESH107", "", StringComparison.Ordinal);
        // The code's facts are not compared with the other image's workload; that nothing matched is said once (MESH914).
        Assert.Equal(["MESH914"], ManifestAssert.Check(yaml, OrdersCode(("MeshReady.ShutdownTimeoutSeconds", "60"))).Select(f => f.RuleId));
        ManifestAssert.ReportsExactlyMarked(yaml.Replace("terminationGracePeriodSeconds: 30", "terminationGracePeriodSeconds: 30 # expect: MESH107", StringComparison.Ordinal),
            OrdersCode(("MeshReady.ShutdownTimeoutSeconds", "60")) with { Workload = "orders/orders" });
    }
}
