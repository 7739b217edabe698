using System;
using MeshReady.Analyzers.Infrastructure;
using MeshReady.Analyzers.Mesh;
using MeshReady.Manifests.Checks;
using MeshReady.Manifests.Tests.Infrastructure;
using Xunit;

namespace MeshReady.Manifests.Tests.Checks;

/// <summary>
/// Manifest checks whose answer depends on the Istio release (<c>--istio-version</c>, MSBuild <c>MeshReadyIstioVersion</c>):
/// the agent's 15004 debug port (bound 1.11-1.24) and the per-pod native-sidecar switch (read by the injector from 1.24).
/// </summary>
public class IstioReleaseTests
{
    private const string DebugPortDeployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: payments}
        spec:
          template:
            metadata:
              labels: {app: payments}
            spec:
              containers:
                - name: payments
                  image: payments:3
                  ports:
                    - name: http-api
                      containerPort: 8080
                    - name: http-debug
                      containerPort: 15004 # expect: MESH102
        """;

    private const string NativeAnnotatedJob = """
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: migrate # expect: MESH106
        spec:
          template:
            metadata:
              annotations: {sidecar.istio.io/nativeSidecar: "true"}
            spec:
              restartPolicy: Never
              containers:
                - name: migrate
                  image: migrate:1
        """;

    private static CheckOptions At(string release, DataPlane plane = DataPlane.Sidecar)
    {
        Assert.True(IstioRelease.TryParse(release, out var parsed), release);
        return new CheckOptions { IstioRelease = parsed, DataPlane = plane };
    }

    private static string Unmarked(string yaml) => System.Text.RegularExpressions.Regex.Replace(yaml, @" # expect: MESH[0-9]{3}", string.Empty);

    [Theory]
    [InlineData("1.11")]
    [InlineData("1.20.4")]
    [InlineData("1.24")]
    public void Port15004IsReservedWhileTheAgentServesItsDebugApi(string release)
    {
        var finding = Assert.Single(ManifestAssert.ReportsExactlyMarked(DebugPortDeployment, At(release)));
        Assert.Contains("pilot-agent's debug interface", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1.10")]
    [InlineData("1.25")]
    [InlineData("1.30")]
    public void Port15004IsFreeBefore111AndFrom125(string release)
        => ManifestAssert.ReportsNothing(Unmarked(DebugPortDeployment), At(release));

    [Fact]
    public void WithoutAReleaseTheNewestIsAssumed()
    {
        Assert.Equal(IstioRelease.Newest, new CheckOptions().IstioRelease);
        ManifestAssert.ReportsNothing(Unmarked(DebugPortDeployment));
    }

    [Theory]
    [InlineData("1.24")]
    [InlineData("1.27")]
    public void ThePerPodNativeSidecarSwitchCountsFrom124(string release)
        => ManifestAssert.ReportsNothing(Unmarked(NativeAnnotatedJob), At(release));

    [Theory]
    [InlineData("1.19")]
    [InlineData("1.23.6")]
    public void Before124TheAnnotationIsIgnoredAndTheAdviceNamesTheMeshWideSwitch(string release)
    {
        var finding = Assert.Single(ManifestAssert.ReportsExactlyMarked(NativeAnnotatedJob, At(release)));
        Assert.Contains("ENABLE_NATIVE_SIDECARS=true", finding.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("pod annotation sidecar.istio.io/nativeSidecar", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Before119NoNativeSidecarCanBeInjectedWhateverTheProjectAssumes()
    {
        var finding = Assert.Single(ManifestAssert.ReportsExactlyMarked(NativeAnnotatedJob, At("1.18", DataPlane.NativeSidecar)));
        Assert.Contains("cannot inject native sidecars", finding.Message, StringComparison.Ordinal);
        ManifestAssert.ReportsNothing(Unmarked(NativeAnnotatedJob), At("1.19", DataPlane.NativeSidecar));
    }

    [Fact]
    public void FromTheNewestReleaseTheAdviceNamesThePodAnnotation()
    {
        var classic = NativeAnnotatedJob.Replace("annotations: {sidecar.istio.io/nativeSidecar: \"true\"}", "annotations: {team: data}", StringComparison.Ordinal);
        var finding = Assert.Single(ManifestAssert.ReportsExactlyMarked(classic));
        Assert.Contains("pod annotation sidecar.istio.io/nativeSidecar: \"true\"", finding.Message, StringComparison.Ordinal);
    }

    private const string H2cService = """
        apiVersion: v1
        kind: Service
        metadata: {name: catalog}
        spec:
          selector: {app: catalog}
          ports:
            - name: legacy # expect: MESH101
              appProtocol: kubernetes.io/h2c
              port: 8082
        """;

    [Theory]
    [InlineData("1.6")]
    [InlineData("1.18")]
    public void BeforeRelease119KubernetesAppProtocolsAreUnknownSoThePortIsSniffed(string release)
    {
        var finding = Assert.Single(ManifestAssert.ReportsExactlyMarked(H2cService, At(release)));
        Assert.Contains("Set appProtocol (http, http2, grpc, tcp)", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1.19")]
    [InlineData("1.30")]
    public void FromRelease119KubernetesH2cDeclaresHttp2(string release)
        => ManifestAssert.ReportsNothing(Unmarked(H2cService), At(release));
}
