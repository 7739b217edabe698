using System;
using System.Linq;
using MeshReady.Manifests.Tests.Infrastructure;
using Xunit;

namespace MeshReady.Manifests.Tests.Checks;

/// <summary>
/// Where MESH101/MESH104/MESH109 and istioctl analyze (IST0118, IST0116, IST0144) both look, they skip the same objects:
/// Istio's own (waypoints, managed gateways, the control plane) and the system namespaces; unnamed ports are one
/// finding each. Deliberate differences are on the rule pages.
/// </summary>
public class IstioctlAgreementTests
{
    // A waypoint as `kubectl get svc,deploy -n shop -l gateway.networking.k8s.io/gateway-name=waypoint -o yaml` prints it
    // (Istio 1.29): the Service and Deployment the gateway controller renders from a Gateway of class istio-waypoint.
    private const string Waypoint = """
        apiVersion: v1
        kind: List
        items:
        - apiVersion: v1
          kind: Service
          metadata:
            name: waypoint
            namespace: shop
            labels:
              gateway.istio.io/managed: istio.io-mesh-controller
              gateway.networking.k8s.io/gateway-name: waypoint
              istio.io/dataplane-mode: none
          spec:
            selector:
              gateway.networking.k8s.io/gateway-name: waypoint
            ports:
            - name: status-port
              port: 15021
              protocol: TCP
              targetPort: 15021
            - appProtocol: hbone
              name: mesh
              port: 15008
              protocol: TCP
              targetPort: 15008
        - apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: waypoint
            namespace: shop
            labels:
              gateway.istio.io/managed: istio.io-mesh-controller
              gateway.networking.k8s.io/gateway-name: waypoint
          spec:
            selector:
              matchLabels:
                gateway.networking.k8s.io/gateway-name: waypoint
            template:
              metadata:
                labels:
                  gateway.networking.k8s.io/gateway-name: waypoint
                  istio.io/dataplane-mode: none
                  sidecar.istio.io/inject: "false"
              spec:
                containers:
                - name: istio-proxy
                  image: docker.io/istio/proxyv2:1.29.6
                  ports:
                  - containerPort: 15021
                    name: status-port
                  - containerPort: 15008
                    name: mesh
                  - containerPort: 15090
                    name: http-envoy-prom
        """;

    [Fact]
    public void AWaypointGetsNoFinding() => ManifestAssert.ReportsNothing(Waypoint);

    [Theory]
    [InlineData("gateway.istio.io/managed: istio.io-gateway-controller")]
    [InlineData("gateway.istio.io/managed: istio.io-eastwest-controller")]
    [InlineData("istio: ingressgateway")]
    [InlineData("release: istio")]
    public void IstioManagedServicesAreSkippedAsIstioctlSkipsThem(string label)
        => ManifestAssert.ReportsNothing($$"""
            apiVersion: v1
            kind: Service
            metadata:
              name: gateway
              namespace: shop
              labels: {{{label}}}
            spec:
              ports:
                - {name: status-port, port: 15021}
                - {port: 443, targetPort: 8443}
            """);

    [Theory]
    [InlineData("kube-system")]
    [InlineData("kube-public")]
    [InlineData("kube-node-lease")]
    [InlineData("local-path-storage")]
    [InlineData("istio-system")]
    public void ServicesInSystemNamespacesAreSkipped(string @namespace)
        => ManifestAssert.ReportsNothing($"""
            apiVersion: v1
            kind: Service
            metadata:
              name: metrics-server
              namespace: {@namespace}
            spec:
              selector: {"{"}app: metrics-server{"}"}
              ports:
                - {"{"}port: 443, targetPort: 4443{"}"}
            """);

    [Fact]
    public void EachUnnamedPortIsOneFinding()
    {
        var findings = ManifestAssert.ReportsExactlyMarked("""
            apiVersion: v1
            kind: Service
            metadata:
              name: legacy
              namespace: shop
            spec:
              selector: {app: legacy}
              ports:
                - port: 8080 # expect: MESH101
                  targetPort: 8080
                - port: 8081 # expect: MESH101
                  targetPort: 8081
                - port: 3306
                  targetPort: 3306
            """);
        Assert.Equal(2, findings.Count);
        Assert.All(findings, f => Assert.Contains("Service/legacy port", f.Message, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("http")]
    [InlineData("http2")]
    [InlineData("https")]
    [InlineData("grpc")]
    [InlineData("grpc-web")]
    [InlineData("tcp")]
    [InlineData("tls")]
    [InlineData("mongo")]
    [InlineData("mysql")]
    [InlineData("redis")]
    [InlineData("kubernetes.io/h2c")]
    [InlineData("kubernetes.io/ws")]
    [InlineData("kubernetes.io/wss")]
    [InlineData("hbone")] // not in Istio's Parse; only Istio's own tunnel ports declare it (shared MeshProtocols)
    public void EveryAppProtocolIstioReadsDeclaresTheProtocol(string appProtocol)
        => ManifestAssert.ReportsNothing($"""
            apiVersion: v1
            kind: Service
            metadata: {"{"}name: api, namespace: shop{"}"}
            spec:
              selector: {"{"}app: api{"}"}
              ports:
                - {"{"}name: api, port: 8080, appProtocol: {appProtocol}{"}"}
            """);
}
