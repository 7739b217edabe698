using MeshReady.Manifests.Tests.Infrastructure;
using Xunit;

namespace MeshReady.Manifests.Tests.Checks;

/// <summary>MESH116: application init containers that use the network before a classic sidecar starts.</summary>
public class InitContainerNetworkTests
{
    // GoogleCloudPlatform/microservices-demo's loadgenerator (kubernetes-manifests/loadgenerator.yaml): an init container
    // that waits for the frontend with wget in a shell loop, before the app starts.
    private static string LoadGenerator(string podAnnotations = "{}", string initSecurity = "{}", string marker = " # expect: MESH116") => $$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: loadgenerator
          namespace: shop
        spec:
          selector:
            matchLabels: {app: loadgenerator}
          template:
            metadata:
              labels: {app: loadgenerator}
              annotations: {{podAnnotations}}
            spec:
              securityContext: {runAsUser: 1000, runAsGroup: 1000}
              initContainers:
                - name: frontend-check
                  image: busybox:1.38.0
                  securityContext: {{initSecurity}}
                  command:{{marker}}
                    - /bin/sh
                    - -exc
                    - |
                      for i in $(seq 1 12); do
                        STATUSCODE=$(wget --server-response http://${FRONTEND_ADDR} 2>&1 | awk '/^  HTTP/{print $2}')
                        if [ $STATUSCODE -eq 200 ]; then exit 0; fi
                        sleep 10
                      done
                      exit 1
                  env:
                    - name: FRONTEND_ADDR
                      value: "frontend:80"
                - name: fix-permissions
                  image: busybox:1.38.0
                  command: ["sh", "-c", "chown -R 1000:1000 /data"]
              containers:
                - name: main
                  image: loadgenerator:1
        """;

    [Fact]
    public void AnInitContainerThatWaitsForAServiceWithWgetIsReported()
        => ManifestAssert.ReportsExactlyMarked(LoadGenerator());

    [Fact]
    public void ArgumentsOnlyAndUrlsCountToo()
        => ManifestAssert.ReportsExactlyMarked("""
            apiVersion: batch/v1
            kind: Job
            metadata:
              name: migrate # expect: MESH106
              namespace: shop
            spec:
              template:
                spec:
                  restartPolicy: Never
                  initContainers:
                    - name: wait-for-db
                      image: postgres:16
                      args: ["pg_isready", "-h", "orders-db", "-p", "5432"] # expect: MESH116
                    - name: fetch-config
                      image: registry.example.com/config-fetcher:2
                      args: ["--source", "https://config.shop.svc:8443/orders"] # expect: MESH116
                  containers:
                    - name: migrate
                      image: registry.example.com/orders-migrate:1
                      command: ["dotnet", "Orders.Migrate.dll"]
            """);

    [Theory]
    [InlineData("{sidecar.istio.io/nativeSidecar: \"true\"}", "{}")] // istio-proxy starts before app init containers
    [InlineData("{sidecar.istio.io/inject: \"false\"}", "{}")]
    [InlineData("{traffic.sidecar.istio.io/excludeOutboundPorts: \"80\"}", "{}")] // Istio's documented exclusion
    [InlineData("{traffic.sidecar.istio.io/excludeOutboundIPRanges: \"10.0.0.0/8\"}", "{}")]
    [InlineData("{}", "{runAsUser: 1337}")] // the proxy's UID is never redirected
    public void NoSidecarBeforeItOrADocumentedWayOutIsSilent(string podAnnotations, string initSecurity)
        => ManifestAssert.ReportsNothing(LoadGenerator(podAnnotations, initSecurity, marker: string.Empty));

    [Fact]
    public void AmbientPodsAndIstiosOwnInitContainersAreSilent()
        => ManifestAssert.ReportsNothing("""
            apiVersion: v1
            kind: Namespace
            metadata:
              name: shop
              labels: {istio.io/dataplane-mode: ambient}
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: loadgenerator
              namespace: shop
            spec:
              selector:
                matchLabels: {app: loadgenerator}
              template:
                metadata:
                  labels: {app: loadgenerator}
                spec:
                  initContainers:
                    - name: frontend-check
                      image: curlimages/curl:8.10.1
                      command: ["curl", "-sf", "http://frontend"]
                  containers:
                    - name: main
                      image: loadgenerator:1
            ---
            apiVersion: v1
            kind: Pod
            metadata:
              name: orders-0
              namespace: billing
            spec:
              initContainers:
                - name: istio-validation
                  image: docker.io/istio/proxyv2:1.28.0
                  args: ["istio-iptables", "--run-validation", "--skip-rule-apply"]
                - name: log-shipper
                  image: fluent-bit:3
                  restartPolicy: Always
                  args: ["-o", "http://logs.monitoring:2020"]
              containers:
                - name: orders
                  image: orders:1
            """);
}
