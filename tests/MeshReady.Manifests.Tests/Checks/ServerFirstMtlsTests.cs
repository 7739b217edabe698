using System;
using System.Linq;
using MeshReady.Manifests.Model;
using MeshReady.Manifests.Tests.Infrastructure;
using MeshReady.Manifests.Checks;
using Xunit;

namespace MeshReady.Manifests.Tests.Checks;

/// <summary>MESH114: server-first Service ports whose sidecar pods run PERMISSIVE mTLS on the target port.</summary>
public class ServerFirstMtlsTests
{
    private const string Relay = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: mail-relay
          namespace: shop
        spec:
          selector:
            matchLabels: {app: mail-relay}
          template:
            metadata:
              labels: {app: mail-relay, version: v3}
            spec:
              containers:
                - name: relay
                  image: registry.example.com/mail-relay:3.0
                  ports:
                    - name: smtp
                      containerPort: 2525
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: mail-relay
          namespace: shop
        spec:
          selector: {app: mail-relay}
          ports:
            - name: tcp-smtp
              port: 25 # expect: MESH114
              targetPort: smtp
        ---

        """;

    private const string Database = """
        apiVersion: apps/v1
        kind: StatefulSet
        metadata:
          name: orders-db
          namespace: shop
        spec:
          serviceName: orders-db
          selector:
            matchLabels: {app: orders-db}
          template:
            metadata:
              labels: {app: orders-db}
            spec:
              containers:
                - name: mysql
                  image: mysql:8.4
                  ports:
                    - name: tcp-mysql
                      containerPort: 3306
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: orders-db
          namespace: shop
        spec:
          selector: {app: orders-db}
          ports:
            - name: tcp-mysql
              port: 13306 # expect: MESH114
              targetPort: 3306
        ---

        """;

    [Fact]
    public void DeclaredTcpIsNotEnoughWithoutAPeerAuthentication()
    {
        var findings = ManifestAssert.ReportsExactlyMarked(Relay.TrimEnd('-', '\n', ' ') + "\n");
        var finding = Assert.Single(findings);
        Assert.Equal(Severity.Info, finding.Severity);
        Assert.Contains("SMTP", finding.Message, StringComparison.Ordinal);
        Assert.Contains("container port 2525", finding.Message, StringComparison.Ordinal);
        Assert.Contains("PERMISSIVE is Istio's default", finding.Message, StringComparison.Ordinal);
        Assert.Contains("portLevelMtls \"2525\"", finding.Message, StringComparison.Ordinal);
        Assert.Contains("hangs", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MysqlBehindAnotherServicePortIsFoundByItsContainerPort()
        => ManifestAssert.ReportsExactlyMarked(Database.TrimEnd('-', '\n', ' ') + "\n");

    [Theory]
    [InlineData("STRICT")]
    [InlineData("DISABLE")]
    public void WorkloadPortLevelStrictOrDisableCoversIt(string mode)
        => ManifestAssert.ReportsNothing(Relay.Replace(" # expect: MESH114", string.Empty, StringComparison.Ordinal) + $$"""
            apiVersion: security.istio.io/v1
            kind: PeerAuthentication
            metadata:
              name: mail-relay
              namespace: shop
            spec:
              selector:
                matchLabels:
                  app: mail-relay
              portLevelMtls:
                2525:
                  mode: {{mode}}
            """);

    [Fact]
    public void PortLevelEntryForTheServicePortDoesNotCoverTheContainerPort()
    {
        // portLevelMtls is keyed on the workload's port: "25" (the Service port) leaves 2525 PERMISSIVE.
        var findings = ManifestAssert.ReportsExactlyMarked(Relay + """
            apiVersion: security.istio.io/v1beta1
            kind: PeerAuthentication
            metadata:
              name: mail-relay
              namespace: shop
            spec:
              selector:
                matchLabels: {app: mail-relay}
              portLevelMtls:
                "25":
                  mode: STRICT
            """);
        Assert.Contains("PeerAuthentication/mail-relay set no mode for it", findings.Single().Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NamespaceStrictCoversItAndWorkloadPermissiveUndoesIt()
    {
        const string NamespaceStrict = """
            apiVersion: security.istio.io/v1
            kind: PeerAuthentication
            metadata:
              name: default
              namespace: shop
            spec:
              mtls:
                mode: STRICT
            ---

            """;
        ManifestAssert.ReportsNothing(Relay.Replace(" # expect: MESH114", string.Empty, StringComparison.Ordinal) + NamespaceStrict.TrimEnd('-', '\n', ' ') + "\n");

        var findings = ManifestAssert.ReportsExactlyMarked(Relay + NamespaceStrict + """
            apiVersion: security.istio.io/v1
            kind: PeerAuthentication
            metadata:
              name: relay-migration
              namespace: shop
            spec:
              selector:
                matchLabels: {app: mail-relay}
              mtls:
                mode: PERMISSIVE
            """);
        Assert.Contains("PeerAuthentication/relay-migration", findings.Single().Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MeshWidePolicyInTheRootNamespaceCountsAndOneInAnotherNamespaceDoesNot()
    {
        ManifestAssert.ReportsNothing(Database.Replace(" # expect: MESH114", string.Empty, StringComparison.Ordinal) + """
            apiVersion: security.istio.io/v1
            kind: PeerAuthentication
            metadata:
              name: default
              namespace: istio-system
            spec:
              mtls:
                mode: STRICT
            """);

        ManifestAssert.ReportsExactlyMarked(Database + """
            apiVersion: security.istio.io/v1
            kind: PeerAuthentication
            metadata:
              name: default
              namespace: payments
            spec:
              mtls:
                mode: STRICT
            """);
    }

    /// <summary>meshConfig.rootNamespace set to another namespace (--root-namespace): mesh-wide policy is read there, not in istio-system.</summary>
    [Fact]
    public void TheConfiguredRootNamespaceHoldsTheMeshWidePolicy()
    {
        const string MeshRootStrict = """
            apiVersion: security.istio.io/v1
            kind: PeerAuthentication
            metadata:
              name: default
              namespace: mesh-root
            spec:
              mtls:
                mode: STRICT
            """;
        ManifestAssert.ReportsNothing(Database.Replace(" # expect: MESH114", string.Empty, StringComparison.Ordinal) + MeshRootStrict, new CheckOptions { RootNamespace = "mesh-root" });

        var finding = Assert.Single(ManifestAssert.ReportsExactlyMarked(Database + MeshRootStrict));
        Assert.Contains("no PeerAuthentication in the checked files applies", finding.Message, StringComparison.Ordinal);

        // The root namespace's own policy, named with the namespace it was found in.
        var permissive = MeshRootStrict.Replace("STRICT", "PERMISSIVE", StringComparison.Ordinal);
        var named = Assert.Single(ManifestAssert.ReportsExactlyMarked(Database + permissive, new CheckOptions { RootNamespace = "mesh-root" }));
        Assert.Contains("PeerAuthentication/default in the root namespace mesh-root", named.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PodsWithoutASidecarAndClientFirstPortsAreNotReported()
    {
        ManifestAssert.ReportsNothing(Relay.Replace(" # expect: MESH114", string.Empty, StringComparison.Ordinal)
            .Replace("labels: {app: mail-relay, version: v3}", "labels: {app: mail-relay, version: v3, sidecar.istio.io/inject: \"false\"}", StringComparison.Ordinal)
            .TrimEnd('-', '\n', ' ') + "\n");

        // PostgreSQL and Redis are client-first: PERMISSIVE sees the client's bytes at once.
        ManifestAssert.ReportsNothing("""
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: cache
            spec:
              selector:
                matchLabels: {app: cache}
              template:
                metadata:
                  labels: {app: cache}
                spec:
                  containers:
                    - name: redis
                      image: redis:7.4
                      ports:
                        - containerPort: 6379
                    - name: postgres
                      image: postgres:17
                      ports:
                        - containerPort: 5432
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: cache
            spec:
              selector: {app: cache}
              ports:
                - name: tcp-redis
                  port: 6379
                - name: tcp-postgres
                  port: 5432
            """);
    }
}
