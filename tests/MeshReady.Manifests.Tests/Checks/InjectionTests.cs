using System;
using System.Linq;
using MeshReady.Manifests.Checks;
using MeshReady.Manifests.Loading;
using MeshReady.Manifests.Mesh;
using MeshReady.Manifests.Model;
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
    // EdwinVW/pitstop's src/k8s (c1991d9): Namespace "pitstop" three times (plain, -istio with istio-injection, -linkerd),
    // each service in a plain, an -istio (sidecar.istio.io/inject annotation) and a -linkerd file, all in the same
    // namespace under the same names, and shared files (a mail server) that every variant deploys.
    private static string PitstopNamespace(string labels) => $"""
        apiVersion: v1
        kind: Namespace
        metadata:
          name: pitstop
          labels: {labels}
        """;

    private static string PitstopService(string annotations, string serviceMarker = "") => $$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: vehicles
          namespace: pitstop
        spec:
          selector:
            matchLabels: {app: vehicles}
          template:
            metadata:
              labels: {app: vehicles}
              annotations: {{annotations}}
            spec:
              containers:
                - name: vehicles
                  image: pitstop/vehicles:1.0
                  ports:
                    - containerPort: 5000
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: vehicles
          namespace: pitstop
        spec:
          selector: {app: vehicles}
          ports:
            - name: "5000"{{serviceMarker}}
              port: 5000
        """;

    private const string MailServer = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: mailserver
          namespace: pitstop
        spec:
          selector:
            matchLabels: {app: mailserver}
          template:
            metadata:
              labels: {app: mailserver}
            spec:
              containers:
                - name: mailserver
                  image: maildev/maildev:1.1.0
                  ports:
                    - containerPort: 25
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: mailserver
          namespace: pitstop
        spec:
          selector: {app: mailserver}
          ports:
            - name: smtp
              port: 25
        """;

    private static ManifestFile[] PitstopFiles(string istioAnnotations = "{sidecar.istio.io/inject: \"true\"}") =>
    [
        ManifestLoader.LoadText("pitstop-namespace-istio.yaml", PitstopNamespace("{istio-injection: enabled}")),
        ManifestLoader.LoadText("pitstop-namespace-linkerd.yaml", PitstopNamespace("{linkerd.io/inject: enabled}")),
        ManifestLoader.LoadText("pitstop-namespace.yaml", PitstopNamespace("{}")),
        ManifestLoader.LoadText("vehicles-istio.yaml", PitstopService(istioAnnotations)),
        ManifestLoader.LoadText("vehicles-linkerd.yaml", PitstopService("{linkerd.io/inject: enabled}")),
        ManifestLoader.LoadText("vehicles.yaml", PitstopService("{}")),
        ManifestLoader.LoadText("mailserver.yaml", MailServer),
    ];

    [Fact]
    public void VariantsOfOneNamespaceAndServiceInOneFolderAreCheckedAsTheIstioDeployment()
    {
        var result = ManifestChecker.Check(PitstopFiles(), new CheckOptions());

        // The Istio variant's unnamed port and the shared mail server (meshed by the Istio namespace variant), nothing else.
        Assert.Equal(
            ["mailserver.yaml MESH114", "vehicles-istio.yaml MESH101"],
            result.Findings.Select(f => $"{f.Location.File} {f.RuleId}").Order(StringComparer.Ordinal));
        Assert.Equal(
            [
                "Deployment/vehicles in vehicles-linkerd.yaml", "Deployment/vehicles in vehicles.yaml",
                "Namespace/pitstop in pitstop-namespace-linkerd.yaml", "Namespace/pitstop in pitstop-namespace.yaml",
                "Service/vehicles in vehicles-linkerd.yaml", "Service/vehicles in vehicles.yaml",
            ],
            result.VariantsSetAside.Order(StringComparer.Ordinal));
        Assert.Equal(11 - 6, result.ObjectCount);
    }

    [Fact]
    public void VariantsOfWhichNoneAsksForIstioAreAllCheckedAsBefore()
    {
        // Without an Istio variant nothing is set aside: the last Namespace read (no labels) leaves every pod unmeshed.
        var files = PitstopFiles(istioAnnotations: "{}").Where(f => f.Path != "pitstop-namespace-istio.yaml").ToArray();
        var result = ManifestChecker.Check(files, new CheckOptions());
        Assert.Empty(result.VariantsSetAside);
        Assert.Empty(result.Findings);
    }

    [Fact]
    public void TwoDocumentsForOneObjectInOneFileAreNotVariants()
    {
        var yaml = PitstopNamespace("{istio-injection: enabled}") + "\n---\n" + PitstopService("{}", serviceMarker: "") + "\n---\n" + PitstopService("{sidecar.istio.io/inject: \"true\"}");
        var result = ManifestChecker.Check([ManifestLoader.LoadText("all.yaml", yaml)], new CheckOptions());
        Assert.Empty(result.VariantsSetAside);
        Assert.Equal(2, result.Findings.Count(f => f.RuleId == "MESH101"));
    }
}
