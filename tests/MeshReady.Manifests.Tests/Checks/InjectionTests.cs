using System;
using System.Linq;
using MeshReady.Manifests.Checks;
using MeshReady.Manifests.Loading;
using MeshReady.Manifests.Mesh;
using MeshReady.Manifests.Tests.Infrastructure;
using Xunit;

namespace MeshReady.Manifests.Tests.Checks;

/// <summary>
/// Which pods are meshed, and how, decided from the manifests as Istio's injector and ambient enrolment decide it:
/// namespace labels (when the Namespace is in the files), pod labels and annotations, Linkerd's annotation.
/// </summary>
public class InjectionTests
{
    private static string Namespace(string labels) => $"""
        apiVersion: v1
        kind: Namespace
        metadata:
          name: shop
          labels: {labels}
        ---

        """;

    // A Deployment whose pods run as UID 1337 (MESH109 only with a sidecar), with a Service whose port declares no
    // protocol (MESH101 only with a sidecar) and a container on 15008 (reserved by the sidecar and by ztunnel).
    private static string Workload(string podLabels = "{app: orders}", string podAnnotations = "{}", string uidMarker = "", string serviceMarker = "", string portMarker = "") => $$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: orders
          namespace: shop
        spec:
          selector:
            matchLabels: {app: orders}
          template:
            metadata:
              labels: {{podLabels}}
              annotations: {{podAnnotations}}
            spec:
              securityContext:
                runAsUser: 1337{{uidMarker}}
              containers:
                - name: orders
                  image: orders:1
                  ports:
                    - name: http
                      containerPort: 8080
                    - name: tcp-tunnel
                      containerPort: 15008{{portMarker}}
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: orders
          namespace: shop
        spec:
          selector: {app: orders}
          ports:
            - name: web{{serviceMarker}}
              port: 80
              targetPort: 8080
        """;

    private const string Sidecar = " # expect: MESH109";
    private const string Sniffed = " # expect: MESH101";
    private const string Reserved = " # expect: MESH102";

    [Theory]
    [InlineData("{istio-injection: enabled}")]
    [InlineData("{istio.io/rev: canary}")]
    [InlineData("{istio.io/rev: default, team: shop}")]
    public void ANamespaceThatInjectsGivesItsPodsSidecarRules(string namespaceLabels)
        => ManifestAssert.ReportsExactlyMarked(Namespace(namespaceLabels) + Workload(uidMarker: Sidecar, serviceMarker: Sniffed, portMarker: Reserved));

    [Theory]
    [InlineData("{istio-injection: disabled}", "{app: orders}", "{}")]
    [InlineData("{istio-injection: disabled, istio.io/rev: canary}", "{app: orders}", "{}")] // istio-injection wins
    [InlineData("{team: shop}", "{app: orders}", "{}")] // no injection label at all
    [InlineData("{team: shop}", "{app: orders}", "{sidecar.istio.io/inject: \"true\"}")] // the webhook selects by label only
    [InlineData("{istio-injection: enabled}", "{app: orders, sidecar.istio.io/inject: \"false\"}", "{}")]
    [InlineData("{istio-injection: enabled}", "{app: orders}", "{sidecar.istio.io/inject: \"false\"}")]
    [InlineData("{istio-injection: enabled}", "{app: orders}", "{linkerd.io/inject: enabled}")]
    public void PodsIstioDoesNotMeshGetNoIstioRules(string namespaceLabels, string podLabels, string podAnnotations)
        => ManifestAssert.ReportsNothing(Namespace(namespaceLabels) + Workload(podLabels, podAnnotations));

    [Theory]
    [InlineData("{team: shop}", "{app: orders, sidecar.istio.io/inject: \"true\"}")]
    [InlineData("{team: shop}", "{app: orders, istio.io/rev: canary}")]
    public void APodLabelOptsIntoInjectionInAnUnlabelledNamespace(string namespaceLabels, string podLabels)
        => ManifestAssert.ReportsExactlyMarked(Namespace(namespaceLabels) + Workload(podLabels, uidMarker: Sidecar, serviceMarker: Sniffed, portMarker: Reserved));

    [Theory]
    [InlineData("{istio.io/dataplane-mode: ambient}", "{app: orders}")]
    [InlineData("{team: shop}", "{app: orders, istio.io/dataplane-mode: ambient}")]
    public void AnAmbientPodGetsAmbientsRules(string namespaceLabels, string podLabels)
    {
        // Ambient: no sidecar UID or sniffing rules; ztunnel's ports (15008) are still taken in the pod.
        var findings = ManifestAssert.ReportsExactlyMarked(Namespace(namespaceLabels) + Workload(podLabels, portMarker: Reserved));
        Assert.Contains("ztunnel", Assert.Single(findings).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void APodOptedOutOfAnAmbientNamespaceIsNotMeshed()
        => ManifestAssert.ReportsNothing(Namespace("{istio.io/dataplane-mode: ambient}") + Workload("{app: orders, istio.io/dataplane-mode: none}"));

    [Fact]
    public void HostNetworkPodsAndSystemNamespacesAreNeverInjected()
    {
        var hostNetwork = Namespace("{istio-injection: enabled}") + Workload().Replace("      securityContext:", "      hostNetwork: true\n      securityContext:", StringComparison.Ordinal);
        Assert.DoesNotContain(ManifestAssert.Check(hostNetwork), f => f.RuleId == "MESH109");
        ManifestAssert.ReportsNothing(Workload().Replace("namespace: shop", "namespace: kube-system", StringComparison.Ordinal));
    }

    [Fact]
    public void WithoutTheNamespaceTheConfiguredDataPlaneStandsInForIt()
    {
        ManifestAssert.ReportsExactlyMarked(Workload(uidMarker: Sidecar, serviceMarker: Sniffed, portMarker: Reserved));
        Assert.True(DataPlanes.TryParse("none", out var none));
        ManifestAssert.ReportsNothing(Workload(), new CheckOptions { DataPlane = none });
    }

    [Fact]
    public void IstioPlainAndLinkerdVariantsSideBySideGetOnlyTheirOwnRules()
    {
        // One repository, three variants of the same service (kustomize overlays rendered): only the Istio one is meshed.
        var istio = Namespace("{istio-injection: enabled}") + Workload(uidMarker: Sidecar, serviceMarker: Sniffed, portMarker: Reserved);
        var plain = Namespace("{team: shop}").Replace("name: shop", "name: shop-plain", StringComparison.Ordinal) + Workload().Replace("namespace: shop", "namespace: shop-plain", StringComparison.Ordinal);
        var linkerd = Workload(podAnnotations: "{linkerd.io/inject: enabled}").Replace("namespace: shop", "namespace: shop-linkerd", StringComparison.Ordinal);
        var files = new[]
        {
            ManifestLoader.LoadText("orders-istio.yaml", istio),
            ManifestLoader.LoadText("orders.yaml", plain),
            ManifestLoader.LoadText("orders-linkerd.yaml", linkerd),
        };
        var findings = ManifestChecker.Check(files, new CheckOptions()).Findings;
        Assert.Equal(["MESH101", "MESH102", "MESH109"], findings.Select(f => f.RuleId).Order());
        Assert.All(findings, f => Assert.Equal("orders-istio.yaml", f.Location.File));
    }
}
