using System;
using System.Linq;
using MeshReady.Manifests.Checks;
using MeshReady.Manifests.Code;
using MeshReady.Manifests.Mesh;
using MeshReady.Manifests.Model;
using MeshReady.Manifests.Tests.Infrastructure;
using Xunit;

namespace MeshReady.Manifests.Tests.Checks;

/// <summary>MESH102 (reserved ports), MESH109 (UID 1337), MESH110 (probe ports), MESH111 (port name length).</summary>
public class PodChecksTests
{
    [Fact]
    public void ReservedPortsInContainersAndServicesAreWarnings()
    {
        var findings = ManifestAssert.ReportsExactlyMarked("""
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
                        - name: http-admin
                          containerPort: 15000 # expect: MESH102
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: payments}
            spec:
              selector: {app: payments}
              ports:
                - name: http-api
                  port: 80
                  targetPort: 8080
                - name: http-admin
                  port: 15000
                  targetPort: 15000 # expect: MESH102
                - name: http-metrics
                  port: 15090 # expect: MESH102
                  targetPort: http-api
            """);
        Assert.All(findings, f => Assert.Equal(Severity.Warning, f.Severity));
        Assert.Contains("Istio sidecar", findings[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AmbientReservesOnlyZtunnelPortsAndUnmeshedPodsReserveNothing()
    {
        var yaml = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: ambient-app}
            spec:
              template:
                metadata:
                  labels: {app: ambient-app}
                spec:
                  containers:
                    - name: app
                      image: app:1
                      ports:
                        - {name: http-metrics, containerPort: 15090}
                        - {name: tcp-socks, containerPort: 15080} # expect: MESH102
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: outside}
            spec:
              template:
                metadata:
                  labels: {app: outside, sidecar.istio.io/inject: "false"}
                spec:
                  containers:
                    - name: app
                      image: app:1
                      ports: [{name: http-admin, containerPort: 15000}]
            """;
        Assert.True(DataPlanes.TryParse("ambient", out var ambient));
        var finding = Assert.Single(ManifestAssert.ReportsExactlyMarked(yaml, new CheckOptions { DataPlane = ambient }));
        Assert.Contains("ztunnel", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RenderedIstioProxyContainersAndGatewaysMayUseProxyPorts()
    {
        ManifestAssert.ReportsNothing("""
            apiVersion: v1
            kind: Pod
            metadata:
              name: orders-7d9f
              labels: {app: orders, security.istio.io/tlsMode: istio}
            spec:
              containers:
                - name: orders
                  image: orders:1
                  ports: [{name: http, containerPort: 8080}]
                - name: istio-proxy
                  image: docker.io/istio/proxyv2:1.27.0
                  ports:
                    - {name: http-envoy-prom, containerPort: 15090}
                  readinessProbe:
                    httpGet: {path: /healthz/ready, port: 15021}
                  securityContext:
                    runAsUser: 1337
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: istio-ingressgateway, namespace: istio-system}
            spec:
              template:
                metadata:
                  labels: {istio: ingressgateway}
                spec:
                  containers:
                    - name: istio-proxy
                      image: auto
                      ports: [{name: http-envoy-prom, containerPort: 15090}]
            """);
    }

    [Fact]
    public void Uid1337IsReportedWhereItIsSet()
    {
        var findings = ManifestAssert.ReportsExactlyMarked("""
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: reports}
            spec:
              template:
                spec:
                  securityContext:
                    runAsUser: 1337 # expect: MESH109
                  containers:
                    - {name: reports, image: reports:1}
                    - {name: renderer, image: renderer:1}
                    - name: uploader
                      image: uploader:1
                      securityContext:
                        runAsUser: 1000
            ---
            apiVersion: batch/v1
            kind: Job
            metadata: {name: migrate}
            spec:
              template:
                metadata:
                  annotations: {sidecar.istio.io/nativeSidecar: "true"}
                spec:
                  restartPolicy: Never
                  securityContext:
                    runAsUser: 1000
                  containers:
                    - name: migrate
                      image: migrate:1
                      securityContext:
                        runAsUser: 1337 # expect: MESH109
            """);
        Assert.Contains("IST0144", findings[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Gid1337IsReportedToo()
    {
        // iptables also matches --gid-owner 1337 (tools/istio-iptables/pkg/capture/run.go, 1.28.0).
        var findings = ManifestAssert.ReportsExactlyMarked("""
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: reports}
            spec:
              template:
                spec:
                  securityContext:
                    runAsUser: 1000
                    runAsGroup: 1337 # expect: MESH109
                  containers:
                    - {name: reports, image: reports:1}
                    - name: uploader
                      image: uploader:1
                      securityContext:
                        runAsGroup: 2000
            """);
        Assert.Contains("GID 1337", findings[0].Message, StringComparison.Ordinal);
        Assert.DoesNotContain("IST0144", findings[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Uid1337WithoutASidecarIsNotReported()
    {
        Assert.True(DataPlanes.TryParse("ambient", out var ambient));
        ManifestAssert.ReportsNothing("""
            apiVersion: v1
            kind: Pod
            metadata: {name: tool}
            spec:
              securityContext: {runAsUser: 1337}
              containers: [{name: tool, image: tool:1}]
            """, new CheckOptions { DataPlane = ambient });
    }

    [Fact]
    public void ProbesOnUndeclaredPortNamesAreWarningsAndUndeclaredNumbersInfo()
    {
        var findings = ManifestAssert.ReportsExactlyMarked("""
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: orders}
            spec:
              template:
                spec:
                  containers:
                    - name: orders
                      image: orders:1
                      ports:
                        - {name: http-orders, containerPort: 8080}
                        - {name: grpc-orders, containerPort: 8081}
                      readinessProbe:
                        httpGet: {path: /ready, port: http-orders}
                      livenessProbe:
                        httpGet:
                          path: /healthz
                          port: http # expect: MESH110
                      startupProbe:
                        tcpSocket:
                          port: 8090 # expect: MESH110
                    - name: worker
                      image: worker:1
                      livenessProbe:
                        grpc: {port: 9000}
                      readinessProbe:
                        httpGet: {path: /healthz/ready, port: 15021}
            """);
        Assert.Equal([Severity.Warning, Severity.Info], findings.Select(f => f.Severity));
    }

    [Fact]
    public void ProbeOnAnUndeclaredNumberIsAWarningWhenTheCodeDoesNotListenThere()
    {
        var code = AssemblyMetadataReader.FromMetadata("Orders", [new("MeshReady.Port", "8080|http|http-orders|http|inferred")]);
        var finding = Assert.Single(ManifestAssert.ReportsExactlyMarked("""
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: orders}
            spec:
              template:
                spec:
                  containers:
                    - name: orders
                      image: registry.example.com/orders:1
                      ports: [{name: http-orders, containerPort: 8080}]
                      livenessProbe:
                        grpc:
                          port: 8081 # expect: MESH110
            """, new CheckOptions { Code = code }));
        Assert.Equal(Severity.Warning, finding.Severity);
    }

    [Fact]
    public void ContainerPortNamesLongerThanFifteenCharactersAreRejectedByKubernetes()
    {
        var finding = Assert.Single(ManifestAssert.ReportsExactlyMarked("""
            apiVersion: apps/v1
            kind: DaemonSet
            metadata: {name: node-agent}
            spec:
              template:
                spec:
                  containers:
                    - name: agent
                      image: agent:1
                      ports:
                        - name: http-agent-metrics # expect: MESH111
                          containerPort: 9100
                        - name: grpc-agent-api1
                          containerPort: 9101
            """));
        Assert.Contains("18 characters", finding.Message, StringComparison.Ordinal);
        Assert.Contains("'http-'", finding.Message, StringComparison.Ordinal);
    }
}
