using System;
using System.Linq;
using MeshReady.Manifests.Model;
using MeshReady.Manifests.Tests.Infrastructure;
using Xunit;

namespace MeshReady.Manifests.Tests.Checks;

/// <summary>
/// MESH103 on a Service port aimed at a Dapr sidecar's API (eShopOnDapr's chart, <c>deploy/k8s/helm/templates/catalog.yaml</c>
/// at <c>ad9a07b</c>, which exposes 3500 and 50001 on the <c>catalog-api</c> Service). Dapr's injector adds a <c>daprd</c>
/// container that declares <c>dapr-http</c> 3500 and <c>dapr-grpc</c> 50001, and binds that API to <c>[::1],127.0.0.1</c>
/// unless <c>dapr.io/sidecar-listen-addresses</c> says otherwise (dapr/dapr v1.18.3 <c>pkg/injector/patcher/sidecar.go</c>,
/// <c>sidecar_container.go</c>): the report says that, not that no container declares the port.
/// </summary>
public class DaprSidecarPortTests
{
    // The chart's Namespace carries no injection label (as shipped), so only MESH103 speaks.
    private const string Catalog = """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: eshopondapr
        ---
        kind: Deployment
        apiVersion: apps/v1
        metadata:
          name: catalog
          namespace: eshopondapr
          labels:
            app: eshop
            service: catalog
        spec:
          replicas: 1
          selector:
            matchLabels:
              service: catalog
          template:
            metadata:
              labels:
                app: eshop
                service: catalog
              annotations:
                dapr.io/enabled: "true"
                dapr.io/app-id: "catalog-api"
                dapr.io/app-port: "80"
                dapr.io/config: "dapr-config"
                dapr.io/log-as-json: "true"
        EXTRA
            spec:
              containers:
                - name: catalog-api
                  image: eshopdapr/catalog.api:latest
                  imagePullPolicy: IfNotPresent
                  ports:
                    - containerPort: 80
                      protocol: TCP
                    - containerPort: 81
                      protocol: TCP
                  readinessProbe:
                    httpGet:
                      path: /hc
                      port: 80
                    initialDelaySeconds: 5
                    periodSeconds: 5
        ---
        kind: Service
        apiVersion: v1
        metadata:
          name: catalog-api
          namespace: eshopondapr
          labels:
            app: eshop
            service: catalog
        spec:
          ports:
            - port: 80
              targetPort: 80
              protocol: TCP
              name: http
            - port: 3500
              targetPort: 3500 # expect: MESH103
              protocol: TCP
              name: dapr-http
            - port: 50001
              targetPort: 50001 # expect: MESH103
              protocol: TCP
              name: dapr-grpc
          selector:
            service: catalog
        """;

    private static string WithAnnotations(string extra) => Catalog.Replace("EXTRA\n", extra, StringComparison.Ordinal);

    [Fact]
    public void DaprApiPortsOnTheServiceAreReportedWithDaprdsLoopbackBind()
    {
        var findings = ManifestAssert.ReportsExactlyMarked(WithAnnotations(string.Empty));
        Assert.All(findings, f => Assert.Equal(Severity.Info, f.Severity));
        Assert.Contains("port 3500, the Dapr sidecar's HTTP API ('dapr-http' of the injected daprd container)", findings[0].Message, StringComparison.Ordinal);
        Assert.Contains("port 50001, the Dapr sidecar's gRPC API ('dapr-grpc'", findings[1].Message, StringComparison.Ordinal);
        Assert.All(findings, f => Assert.Contains("binds its API to [::1],127.0.0.1 only (dapr.io/sidecar-listen-addresses)", f.Message, StringComparison.Ordinal));
        Assert.All(findings, f => Assert.DoesNotContain("no container", f.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void ALoopbackListenAddressAnnotationAndDaprdsPortNameAreRead()
    {
        var findings = ManifestAssert.ReportsExactlyMarked(
            WithAnnotations("        dapr.io/sidecar-listen-addresses: \"127.0.0.1\"\n        dapr.io/grpc-port: \"50001\"\n"));
        Assert.All(findings, f => Assert.Contains("binds its API to 127.0.0.1 only", f.Message, StringComparison.Ordinal));

        // Targeted by daprd's port name: Kubernetes resolves it against the injected container, still on loopback.
        var byName = ManifestAssert.ReportsExactlyMarked(WithAnnotations(string.Empty)
            .Replace("targetPort: 3500 # expect: MESH103", "targetPort: dapr-http # expect: MESH103", StringComparison.Ordinal));
        Assert.Contains("port 3500, the Dapr sidecar's HTTP API", byName[0].Message, StringComparison.Ordinal);
        Assert.Equal(Severity.Info, byName[0].Severity);
    }

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("[::],0.0.0.0")]
    // An empty entry: daprd listens on ":3500", every interface (pkg/api/http/server.go).
    [InlineData("")]
    public void ListenAddressesThatOpenTheApiAreNotReported(string addresses)
        => ManifestAssert.ReportsNothing(
            WithAnnotations($"        dapr.io/sidecar-listen-addresses: \"{addresses}\"\n").Replace(" # expect: MESH103", string.Empty, StringComparison.Ordinal));

    [Fact]
    public void WithoutDaprThePortsAreUndeclaredNumbers()
    {
        // dapr.io/enabled "false" (or absent): no daprd, nothing declares 3500 or 50001.
        var findings = ManifestAssert.ReportsExactlyMarked(Catalog.Replace("EXTRA\n", string.Empty, StringComparison.Ordinal)
            .Replace("dapr.io/enabled: \"true\"", "dapr.io/enabled: \"false\"", StringComparison.Ordinal));
        Assert.All(findings, f => Assert.Contains("which no container of Deployment/catalog declares (they declare 80, 81)", f.Message, StringComparison.Ordinal));
        Assert.All(findings, f => Assert.DoesNotContain("daprd", f.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void AMovedGrpcPortIsNoLongerDaprs()
    {
        // dapr.io/grpc-port moves daprd's gRPC API: 50001 is then nobody's, and 50005 is daprd's.
        var findings = ManifestAssert.ReportsExactlyMarked(WithAnnotations("        dapr.io/grpc-port: \"50005\"\n"));
        Assert.Contains("daprd", findings[0].Message, StringComparison.Ordinal);
        Assert.Contains("which no container of Deployment/catalog declares", findings[1].Message, StringComparison.Ordinal);
    }
}
