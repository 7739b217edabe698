using System;
using System.Linq;
using MeshReady.Analyzers.Infrastructure;
using MeshReady.Manifests.Checks;
using MeshReady.Manifests.Code;
using MeshReady.Manifests.Model;
using MeshReady.Manifests.Tests.Infrastructure;
using Xunit;

namespace MeshReady.Manifests.Tests.Checks;

/// <summary>MESH101 (protocol), MESH103 (targetPort), MESH104 (two protocols), MESH105 (headless).</summary>
public class ServicePortChecksTests
{
    private const string Api = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: catalog
        spec:
          selector:
            matchLabels: {app: catalog}
          template:
            metadata:
              labels: {app: catalog}
            spec:
              containers:
                - name: catalog
                  image: registry.example.com/catalog:2.1
                  ports:
                    - name: http-web
                      containerPort: 8080
                    - name: grpc-api
                      containerPort: 8081
                    - containerPort: 9090
        ---

        """;

    [Fact]
    public void UnnamedPortIsInfoAndAGrpcContainerPortMakesItAWarning()
    {
        var findings = ManifestAssert.ReportsExactlyMarked(Api + """
            apiVersion: v1
            kind: Service
            metadata:
              name: catalog
            spec:
              selector: {app: catalog}
              ports:
                - name: web # expect: MESH101
                  port: 80
                  targetPort: http-web
                - name: api # expect: MESH101
                  port: 8081
                  targetPort: grpc-api
                - port: 9090 # expect: MESH101
            """);
        Assert.Equal([Severity.Info, Severity.Warning, Severity.Info], findings.Select(f => f.Severity));
        Assert.Contains("appProtocol: grpc", findings[1].Message, StringComparison.Ordinal);
        Assert.Contains("grpc-api", findings[1].Message, StringComparison.Ordinal);
        Assert.Contains("IST0118", findings[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DeclaredProtocolsAndWellKnownTcpPortsAreFine()
    {
        ManifestAssert.ReportsNothing(Api + """
            apiVersion: v1
            kind: Service
            metadata:
              name: catalog
            spec:
              selector: {app: catalog}
              ports:
                - name: http-web
                  port: 80
                  targetPort: 8080
                - name: api
                  appProtocol: grpc
                  port: 8081
                  targetPort: grpc-api
                - name: HTTP2-metrics
                  port: 9090
                - name: legacy
                  appProtocol: kubernetes.io/h2c
                  port: 8082
                  targetPort: 8081
            ---
            # No selector: fronts a database outside the cluster through hand-written Endpoints.
            apiVersion: v1
            kind: Service
            metadata:
              name: orders-db
            spec:
              ports:
                - name: db
                  port: 3306
                - name: dns
                  port: 53
                  protocol: UDP
                - name: store
                  port: 27017
            """);
    }

    [Fact]
    public void CodeMetadataSayingGrpcMakesAnUnnamedPortAWarning()
    {
        var code = AssemblyMetadataReader.FromMetadata("Catalog", [
            new("MeshReady.Port", "8080|http|http-web|http|inferred"),
            new("MeshReady.Port", "8081|grpc|grpc-api|grpc|declared"),
            new("MeshReady.Port", "9090|grpc|grpc-admin|grpc|declared"),
        ]);
        var findings = ManifestAssert.ReportsExactlyMarked(Api + """
            apiVersion: v1
            kind: Service
            metadata:
              name: catalog-admin
            spec:
              selector: {app: catalog}
              ports:
                - port: 9090 # expect: MESH101
            """, new CheckOptions { Code = code });
        Assert.Equal(Severity.Warning, Assert.Single(findings).Severity);
        Assert.Contains("code of Catalog", findings[0].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ambient")]
    [InlineData("none")]
    public void ProtocolIsNotCheckedWithoutASidecar(string plane)
    {
        Assert.True(MeshReady.Manifests.Mesh.DataPlanes.TryParse(plane, out var dataPlane));
        ManifestAssert.ReportsNothing("apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec:\n  ports:\n    - port: 80\n", new CheckOptions { DataPlane = dataPlane });
    }

    [Fact]
    public void AmbientPodsAndExternalNameServicesAndIstioGatewaysAreSkipped()
    {
        ManifestAssert.ReportsNothing("""
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: ambient}
            spec:
              template:
                metadata:
                  labels: {app: ambient, istio.io/dataplane-mode: ambient}
                spec:
                  containers: [{name: app, image: app, ports: [{containerPort: 8080}]}]
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: ambient}
            spec:
              selector: {app: ambient}
              ports: [{port: 80, targetPort: 8080}]
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: legacy-db}
            spec:
              type: ExternalName
              externalName: db.example.com
              ports: [{port: 5432}]
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: istio-ingressgateway, namespace: istio-system}
            spec:
              selector: {istio: ingressgateway}
              ports: [{name: status-port, port: 15021, targetPort: 15021}]
            """);
    }

    [Fact]
    public void TargetPortNamingNoContainerPortIsAWarningAndAnUndeclaredNumberIsInfo()
    {
        var findings = ManifestAssert.ReportsExactlyMarked(Api + """
            apiVersion: v1
            kind: Service
            metadata:
              name: catalog
            spec:
              selector: {app: catalog}
              ports:
                - name: http
                  port: 80
                  targetPort: http # expect: MESH103
                - name: http-old
                  port: 81
                  targetPort: 8000 # expect: MESH103
                - name: http-metrics
                  port: 9091 # expect: MESH103
                - name: http-web
                  port: 8080
            """);
        Assert.Equal([Severity.Warning, Severity.Info, Severity.Info], findings.Select(f => f.Severity));
        Assert.Contains("no endpoints", findings[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UndeclaredTargetNumberIsAWarningWhenTheCodeDoesNotListenThere()
    {
        var code = AssemblyMetadataReader.FromMetadata("Catalog", [
            new("MeshReady.Port", "8080|http|http-web|http|inferred"),
            new("MeshReady.Port", "8081|grpc|grpc-api|grpc|declared"),
            new("MeshReady.Port", "9090|http|http-metrics|http|inferred"),
        ]);
        var findings = ManifestAssert.ReportsExactlyMarked(Api + """
            apiVersion: v1
            kind: Service
            metadata: {name: catalog}
            spec:
              selector: {app: catalog}
              ports:
                - name: http
                  port: 80
                  targetPort: 8000 # expect: MESH103
            """, new CheckOptions { Code = code });
        Assert.Equal(Severity.Warning, Assert.Single(findings).Severity);
    }

    [Fact]
    public void ServicesForPodsOutsideTheFilesAndWorkloadsWithoutPortsAreNotJudged()
    {
        ManifestAssert.ReportsNothing("""
            apiVersion: v1
            kind: Service
            metadata: {name: elsewhere}
            spec:
              selector: {app: defined-in-another-repo}
              ports: [{name: http, port: 80, targetPort: web}]
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: portless}
            spec:
              template:
                metadata: {labels: {app: portless}}
                spec:
                  containers: [{name: app, image: app}]
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: portless}
            spec:
              selector: {app: portless}
              ports: [{name: http, port: 80, targetPort: 8080}]
            """);
    }

    [Fact]
    public void SelectorsRespectNamespaces()
    {
        ManifestAssert.ReportsNothing(Api.Replace("metadata:\n  name: catalog\n", "metadata:\n  name: catalog\n  namespace: shop\n", StringComparison.Ordinal) + """
            apiVersion: v1
            kind: Service
            metadata: {name: catalog, namespace: other}
            spec:
              selector: {app: catalog}
              ports: [{name: http, port: 80, targetPort: missing}]
            """);
    }

    [Fact]
    public void OnePortWithTwoProtocolsAcrossServicesIsReportedOnce()
    {
        var findings = ManifestAssert.ReportsExactlyMarked(Api + """
            apiVersion: v1
            kind: Service
            metadata: {name: catalog}
            spec:
              selector: {app: catalog}
              ports:
                - name: http-web
                  port: 80
                  targetPort: http-web
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: catalog-grpc}
            spec:
              selector: {app: catalog}
              ports:
                - name: grpc # expect: MESH104
                  port: 8080
                - name: grpc-api
                  port: 8081
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: catalog-again}
            spec:
              selector: {app: catalog}
              ports:
                - name: http-same
                  port: 8080
            """);
        Assert.Contains("IST0116", Assert.Single(findings).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HeadlessServiceWithoutPortsIsAWarningAndMissingPeerPortsAreInfo()
    {
        var statefulSet = """
            apiVersion: apps/v1
            kind: StatefulSet
            metadata: {name: ledger}
            spec:
              serviceName: ledger-peers
              template:
                metadata:
                  labels: {app: ledger}
                spec:
                  containers:
                    - name: ledger
                      image: ledger:1
                      ports:
                        - {name: http-api, containerPort: 8080}
                        - {name: tcp-gossip, containerPort: 7946}
            ---

            """;
        var findings = ManifestAssert.ReportsExactlyMarked(statefulSet + """
            apiVersion: v1
            kind: Service
            metadata: {name: ledger-peers}
            spec:
              clusterIP: None # expect: MESH105
              selector: {app: ledger}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: ledger-api}
            spec:
              clusterIP: None
              selector: {app: ledger}
              ports: # expect: MESH105
                - {name: http-api, port: 8080}
            """);
        Assert.Equal([Severity.Warning, Severity.Info], findings.Select(f => f.Severity));
        Assert.Contains("7946", findings[1].Message, StringComparison.Ordinal);

        ManifestAssert.ReportsNothing(statefulSet + """
            apiVersion: v1
            kind: Service
            metadata: {name: ledger-peers}
            spec:
              clusterIP: None
              selector: {app: ledger}
              ports:
                - {name: http-api, port: 8080}
                - {name: tcp-gossip, port: 7946, targetPort: tcp-gossip}
            """);
    }

    [Fact]
    public void HeadlessServicesOfTheSamePodsCoverEachOthersPortsAndAMissingPortIsReportedOnce()
    {
        // The shape of Loki's Helm chart (Istio's samples/addons/loki.yaml): a memberlist and a headless Service.
        var statefulSet = """
            apiVersion: apps/v1
            kind: StatefulSet
            metadata: {name: loki, namespace: observability}
            spec:
              serviceName: loki-headless
              template:
                metadata:
                  labels: {app: loki}
                spec:
                  containers:
                    - name: loki
                      image: grafana/loki:3.6.5
                      ports:
                        - {name: http-metrics, containerPort: 3100}
                        - {name: grpc, containerPort: 9095}
                        - {name: http-memberlist, containerPort: 7946}
            ---

            """;
        const string services = """
            apiVersion: v1
            kind: Service
            metadata: {name: loki-memberlist, namespace: observability}
            spec:
              clusterIP: None
              selector: {app: loki}
              ports: # expect: MESH105
                - {name: tcp, port: 7946, targetPort: http-memberlist}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: loki-headless, namespace: observability}
            spec:
              clusterIP: None
              selector: {app: loki}
              ports:
                - {name: http-metrics, port: 3100, targetPort: http-metrics}
            """;
        var finding = Assert.Single(ManifestAssert.ReportsExactlyMarked(statefulSet + services));
        Assert.Contains("port 9095", finding.Message, StringComparison.Ordinal);
        Assert.Contains("nor does any other headless Service of its pods: Service/loki-headless", finding.Message, StringComparison.Ordinal);

        ManifestAssert.ReportsNothing(statefulSet + services.Replace("# expect: MESH105", "", StringComparison.Ordinal)
            .Replace("port: 3100, targetPort: http-metrics}", "port: 3100, targetPort: http-metrics}\n    - {name: grpc, port: 9095}", StringComparison.Ordinal));

        // Installed in Istio's own namespace, as Istio's addons are: skipped as MESH101 skips it.
        ManifestAssert.ReportsNothing((statefulSet + services).Replace("observability", "istio-system", StringComparison.Ordinal).Replace("# expect: MESH105", "", StringComparison.Ordinal));
    }

    [Fact]
    public void TwoCopiesOfOneWorkloadAreNamedOnceInTheTargetPortMessage()
    {
        // Istio's samples/open-telemetry holds two alternative collector Deployments under one name.
        var findings = ManifestAssert.Check(Api + Api + """
            apiVersion: v1
            kind: Service
            metadata: {name: catalog}
            spec:
              selector: {app: catalog}
              ports:
                - {name: http-web, port: 80, targetPort: 18080}
            """);
        var finding = Assert.Single(findings, f => f.RuleId == "MESH103");
        Assert.Contains("no container of Deployment/catalog declares", finding.Message, StringComparison.Ordinal);
    }
}

