using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using k8s;
using MeshReady.Manifests.Tests.Infrastructure;
using MeshReady.Tool;
using Xunit;

namespace MeshReady.Manifests.Tests.Cluster;

/// <summary>
/// <c>meshready check --cluster</c> against <see cref="ReplayApiServer"/>: no real cluster runs here, so these tests
/// replay API server responses (paged lists, a 403 on one namespace, a missing Istio CRD) through the real
/// KubernetesClient, a real kubeconfig and the real command line.
/// </summary>
public sealed class ClusterCheckTests : IDisposable
{
    private static readonly string[] NamespacedWorkloadLists =
    [
        "/apis/apps/v1/namespaces/{0}/deployments", "/apis/apps/v1/namespaces/{0}/statefulsets", "/apis/apps/v1/namespaces/{0}/daemonsets",
        "/apis/batch/v1/namespaces/{0}/jobs", "/apis/batch/v1/namespaces/{0}/cronjobs", "/api/v1/namespaces/{0}/pods", "/api/v1/namespaces/{0}/services",
    ];

    private readonly ReplayApiServer server = new();

    public void Dispose() => server.Dispose();

    private static (int ExitCode, string Out, string Error) Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = Cli.Run(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    /// <summary>
    /// Jane may list Namespaces cluster-wide and has Roles in shop and istio-system but not in payments; the
    /// PeerAuthentication CRD is not installed. shop's Deployments come in two pages.
    /// </summary>
    private void ReplayClusterWithRolesPerNamespace()
    {
        server.On("/api/v1/namespaces", ApiResponses.Namespaces);
        foreach (var (path, resource, group) in new[]
                 {
                     ("/apis/apps/v1/deployments", "deployments", "apps"), ("/apis/apps/v1/statefulsets", "statefulsets", "apps"),
                     ("/apis/apps/v1/daemonsets", "daemonsets", "apps"), ("/apis/batch/v1/jobs", "jobs", "batch"),
                     ("/apis/batch/v1/cronjobs", "cronjobs", "batch"), ("/api/v1/pods", "pods", string.Empty), ("/api/v1/services", "services", string.Empty),
                 })
        {
            server.On(path, ReplayApiServer.Forbidden("jane", resource, group, null), 403);
            server.On(string.Format(System.Globalization.CultureInfo.InvariantCulture, NamespacedWorkloadLists.Single(l => l.EndsWith("/" + resource, StringComparison.Ordinal)), "payments"),
                ReplayApiServer.Forbidden("jane", resource, group, "payments"), 403);
        }

        server.On("/apis/apps/v1/namespaces/shop/deployments", ApiResponses.ShopDeploymentsPage1);
        server.On("/apis/apps/v1/namespaces/shop/deployments", ApiResponses.ShopDeploymentsPage2, continueToken: ApiResponses.ContinueToken);
        server.On("/apis/apps/v1/namespaces/shop/statefulsets", ApiResponses.ShopStatefulSets);
        server.On("/apis/apps/v1/namespaces/shop/daemonsets", ApiResponses.Empty("DaemonSetList", "apps/v1"));
        server.On("/apis/batch/v1/namespaces/shop/jobs", ApiResponses.ShopJobs);
        server.On("/apis/batch/v1/namespaces/shop/cronjobs", ApiResponses.ShopCronJobs);
        server.On("/api/v1/namespaces/shop/pods", ApiResponses.ShopPods);
        server.On("/api/v1/namespaces/shop/services", ApiResponses.ShopServices);
        server.On("/apis/apps/v1/namespaces/istio-system/deployments", ApiResponses.IstioSystemDeployments);
        server.On("/apis/apps/v1/namespaces/istio-system/statefulsets", ApiResponses.Empty("StatefulSetList", "apps/v1"));
        server.On("/apis/apps/v1/namespaces/istio-system/daemonsets", ApiResponses.Empty("DaemonSetList", "apps/v1"));
        server.On("/apis/batch/v1/namespaces/istio-system/jobs", ApiResponses.Empty("JobList", "batch/v1"));
        server.On("/apis/batch/v1/namespaces/istio-system/cronjobs", ApiResponses.Empty("CronJobList", "batch/v1"));
        server.On("/api/v1/namespaces/istio-system/pods", ApiResponses.Empty("PodList", "v1"));
        server.On("/api/v1/namespaces/istio-system/services", ApiResponses.Empty("ServiceList", "v1"));

        server.On("/api/v1/namespaces/istio-system/configmaps/istio", ApiResponses.IstioConfigMap("istio-system"));

        // No route for /apis/security.istio.io/...: the server answers 404, as for any API group it does not serve.
    }

    [Fact]
    public void AllNamespacesChecksWhatItMayReadAndReportsTheRefusedNamespace()
    {
        ReplayClusterWithRolesPerNamespace();
        var kubeconfig = server.WriteKubeconfig();

        var (exit, output, error) = Run("check", "--cluster", "--kubeconfig", kubeconfig, "--all-namespaces", "--format", "json");

        Assert.True(exit == ExitCodes.Findings, $"exit {exit}\n{output}\n{error}");
        using var json = JsonDocument.Parse(output);
        var findings = json.RootElement.EnumerateArray().ToList();
        Assert.Equal(
            [
                // The CronJob is checked through its template; the Job it started (owned by it) is not checked twice.
                "CronJob/shop/nightly-report [metadata.name] info MESH106",
                // From the second page of shop's Deployments: it was read.
                "Deployment/shop/catalog [spec.template.spec.containers[0].ports[1].containerPort] warning MESH102",
                "Deployment/shop/orders-api [spec.template.spec.containers[0].securityContext.runAsUser] warning MESH109",
                // One finding for the namespace Jane may not read, naming all seven lists.
                "Namespace/payments [] warning MESH915",
                // A bare Pod is checked itself; orders-api's Pod (owned by its ReplicaSet) is not, nor is istiod (Istio's own).
                "Pod/shop/db-migrate [metadata.name] info MESH106",
                // No PeerAuthentication CRD: PERMISSIVE, Istio's default.
                "Service/shop/mysql [spec.ports[0].port] info MESH114",
                "Service/shop/orders-api [spec.ports[0]] info MESH101",
            ],
            findings.Select(f => $"{f.GetProperty("object").GetString()} [{f.GetProperty("field").GetString()}] {f.GetProperty("severity").GetString()} {f.GetProperty("ruleId").GetString()}"));
        Assert.All(findings, f => Assert.False(f.TryGetProperty("line", out _)));

        var refused = findings.Single(f => f.GetProperty("ruleId").GetString() == "MESH915").GetProperty("message").GetString()!;
        Assert.Contains("deployments.apps, statefulsets.apps, daemonsets.apps, jobs.batch, cronjobs.batch, pods and services was refused (403 Forbidden", refused, StringComparison.Ordinal);
        Assert.Contains("User \"jane\" cannot list resource \"deployments\" in API group \"apps\" in the namespace \"payments\"", refused, StringComparison.Ordinal);

        // JSON output has no place for notes: the missing CRD is said on standard error.
        Assert.Equal(
            "meshready check: note: PeerAuthentications were not read: the cluster serves neither security.istio.io/v1 nor v1beta1 (404: Istio's CRDs are not installed), so MESH114 assumes Istio's default mTLS mode, PERMISSIVE.",
            error.Trim());

        var requests = server.Requests.ToList();
        Assert.All(requests, r => Assert.Equal("Bearer replay-token", r.Authorization));
        Assert.All(requests, r => Assert.Equal("GET", r.Method));

        // Every list asks for pages of 500; shop's Deployments took two requests, the second carrying the first page's continue token.
        Assert.All(requests.Where(r => !r.Path.Contains("/configmaps/", StringComparison.Ordinal)), r => Assert.Equal("500", r.Query["limit"]));
        var deploymentPages = requests.Where(r => r.Path == "/apis/apps/v1/namespaces/shop/deployments").ToList();
        Assert.Equal(2, deploymentPages.Count);
        Assert.False(deploymentPages[0].Query.ContainsKey("continue"));
        Assert.Equal(ApiResponses.ContinueToken, deploymentPages[1].Query["continue"]);

        // Cluster-wide first; refused, then namespace by namespace; PeerAuthentications at v1, then v1beta1, then given up.
        Assert.Equal("/api/v1/namespaces", requests[0].Path);
        Assert.Equal("/apis/apps/v1/deployments", requests[1].Path);
        Assert.Equal(
            ["/apis/apps/v1/namespaces/istio-system/deployments", "/apis/apps/v1/namespaces/payments/deployments", "/apis/apps/v1/namespaces/shop/deployments", "/apis/apps/v1/namespaces/shop/deployments"],
            requests.Skip(2).Take(4).Select(r => r.Path));
        Assert.Equal(
            ["/apis/security.istio.io/v1/peerauthentications", "/apis/security.istio.io/v1beta1/peerauthentications"],
            requests.Where(r => r.Path.Contains("peerauthentications", StringComparison.Ordinal)).Select(r => r.Path));
    }

    /// <summary>
    /// The context's namespace (shop), as kubectl uses it. Jane may not read the Namespace object (its labels are unknown:
    /// --data-plane stands in) nor istio-system's PeerAuthentications; the cluster serves PeerAuthentication at v1beta1 only
    /// (an Istio older than 1.22), and shop's STRICT policy silences MESH114.
    /// </summary>
    [Fact]
    public void ContextNamespaceWithSarifAndTextReportsLogicalLocations()
    {
        ReplayClusterWithRolesPerNamespace();
        server.On("/api/v1/namespaces/shop", """
            {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"namespaces \"shop\" is forbidden: User \"jane\" cannot get resource \"namespaces\" in API group \"\" in the namespace \"shop\"","reason":"Forbidden","details":{"name":"shop","kind":"namespaces"},"code":403}
            """, 403);
        server.On("/apis/security.istio.io/v1beta1/namespaces/shop/peerauthentications", ApiResponses.ShopPeerAuthenticationsV1Beta1);
        server.On("/apis/security.istio.io/v1beta1/namespaces/istio-system/peerauthentications", ReplayApiServer.Forbidden("jane", "peerauthentications", "security.istio.io", "istio-system"), 403);
        var kubeconfig = server.WriteKubeconfig(contextNamespace: "shop");
        var sarifPath = Path.Combine(Path.GetDirectoryName(kubeconfig)!, "cluster.sarif");

        var (exit, output, error) = Run("check", "--cluster", "--kubeconfig", kubeconfig, "--context", "replay-jane", "--sarif", sarifPath);

        Assert.True(exit == ExitCodes.Findings, $"exit {exit}\n{output}\n{error}");
        Assert.Equal(string.Empty, error);
        var lines = output.TrimEnd().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Equal(
            [
                "CronJob/shop/nightly-report (metadata.name): info MESH106",
                "Deployment/shop/catalog (spec.template.spec.containers[0].ports[1].containerPort): warning MESH102",
                "Deployment/shop/orders-api (spec.template.spec.containers[0].securityContext.runAsUser): warning MESH109",
                "Namespace/istio-system: info MESH915",
                "Namespace/shop: info MESH915",
                "Pod/shop/db-migrate (metadata.name): info MESH106",
                "Service/shop/orders-api (spec.ports[0]): info MESH101",
                "Cluster context 'replay-jane', 8 Kubernetes object(s) checked: 2 warning(s), 5 info finding(s).",
            ],
            lines.Select(l => l.Contains(": MESH", StringComparison.Ordinal) || !l.Contains(" MESH", StringComparison.Ordinal) ? l : l[..(l.IndexOf(" MESH", StringComparison.Ordinal) + 8)]));
        Assert.Contains("Namespace/shop: info MESH915: Reading Namespace 'shop' was refused (namespaces \"shop\" is forbidden", output, StringComparison.Ordinal);
        Assert.Contains("Namespace/istio-system: info MESH915: Reading namespace 'istio-system' was incomplete: listing peerauthentications.security.istio.io was refused", output, StringComparison.Ordinal);

        // Only shop (and istio-system for mesh-wide PeerAuthentications) was read, and nothing cluster-wide.
        Assert.All(server.Requests, r => Assert.Matches("^/apis?/[^/]+(/v1beta1|/v1)?/namespaces/(shop|istio-system)(/|$)", r.Path));

        using var sarif = JsonDocument.Parse(File.ReadAllText(sarifPath));
        var results = sarif.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(7, results.Count);
        var reserved = results.Single(r => r.GetProperty("ruleId").GetString() == "MESH102").GetProperty("locations")[0];
        Assert.False(reserved.TryGetProperty("physicalLocation", out _));
        var logical = reserved.GetProperty("logicalLocations")[0];
        Assert.Equal("Deployment/shop/catalog", logical.GetProperty("fullyQualifiedName").GetString());
        Assert.Equal("catalog", logical.GetProperty("name").GetString());
        Assert.Equal("resource", logical.GetProperty("kind").GetString());
        Assert.Equal("spec.template.spec.containers[0].ports[1].containerPort", reserved.GetProperty("message").GetProperty("text").GetString());
        var ns = results.Single(r => r.GetProperty("locations")[0].GetProperty("logicalLocations")[0].GetProperty("fullyQualifiedName").GetString() == "Namespace/shop").GetProperty("locations")[0];
        Assert.False(ns.TryGetProperty("message", out _));
        Assert.False(sarif.RootElement.GetProperty("runs")[0].TryGetProperty("invocations", out _));
    }

    [Fact]
    public void HelpDocumentsClusterMode()
    {
        var (exit, output, _) = Run("check", "--help");
        Assert.Equal(ExitCodes.Success, exit);
        foreach (var option in new[] { "--cluster", "--context <name>", "--kubeconfig <file>", "--namespace <ns>", "--all-namespaces", "MESH915", "kind/namespace/name" })
        {
            Assert.Contains(option, output, StringComparison.Ordinal);
        }

        Assert.Contains("meshready check --cluster", Run("--help").Out, StringComparison.Ordinal);
    }

    [Fact]
    public void ShortFlagsMeanWhatKubectlsMean()
    {
        ReplayClusterWithRolesPerNamespace();
        server.On("/api/v1/namespaces/shop", ApiResponses.ShopNamespace);
        var kubeconfig = server.WriteKubeconfig();

        var everywhere = Run("check", "--cluster", "--kubeconfig", kubeconfig, "--all-namespaces", "--format", "json");
        var requestsEverywhere = server.Requests.Count;
        var shortEverywhere = Run("check", "--cluster", "--kubeconfig", kubeconfig, "-A", "--format", "json");
        Assert.Equal(everywhere, shortEverywhere);
        Assert.Contains("MESH915", everywhere.Out, StringComparison.Ordinal);
        Assert.Equal("/api/v1/namespaces", server.Requests.Skip(requestsEverywhere).First().Path);

        var shop = Run("check", "--cluster", "--kubeconfig", kubeconfig, "--namespace", "shop", "--format", "json");
        var shortShop = Run("check", "--cluster", "--kubeconfig", kubeconfig, "-n", "shop", "--format", "json");
        var shortShopEquals = Run("check", "--cluster", "--kubeconfig", kubeconfig, "-n=shop", "--format", "json");
        Assert.Equal(shop, shortShop);
        Assert.Equal(shop, shortShopEquals);
        Assert.DoesNotContain("MESH915", shop.Out, StringComparison.Ordinal);
        Assert.Contains("Deployment/shop/orders-api", shop.Out, StringComparison.Ordinal);
    }

    /// <summary>
    /// The mesh's rootNamespace is read from the istio ConfigMap (meshConfig.rootNamespace), and mesh-wide policies are
    /// read there: a STRICT policy in mesh-root silences MESH114 on shop's MySQL port. --root-namespace overrides the
    /// ConfigMap (nothing is read from it); then istio-system holds no policy and the finding says where it looked.
    /// </summary>
    [Fact]
    public void RootNamespaceComesFromTheIstioConfigMapOrTheFlag()
    {
        ReplayClusterWithRolesPerNamespace();
        server.On("/api/v1/namespaces/shop", ApiResponses.ShopNamespace);
        server.On("/api/v1/namespaces/istio-system/configmaps/istio", ApiResponses.IstioConfigMap("mesh-root"));
        server.On("/apis/security.istio.io/v1/namespaces/shop/peerauthentications", ApiResponses.Empty("PeerAuthenticationList", "security.istio.io/v1"));
        server.On("/apis/security.istio.io/v1/namespaces/mesh-root/peerauthentications", ApiResponses.MeshWideStrict("mesh-root"));
        server.On("/apis/security.istio.io/v1/namespaces/istio-system/peerauthentications", ApiResponses.Empty("PeerAuthenticationList", "security.istio.io/v1"));
        var kubeconfig = server.WriteKubeconfig();

        var (_, output, error) = Run("check", "--cluster", "--kubeconfig", kubeconfig, "-n", "shop", "--format", "json");
        Assert.Equal(string.Empty, error);
        Assert.DoesNotContain("MESH114", output, StringComparison.Ordinal);
        var paths = server.Requests.Select(r => r.Path).ToList();
        Assert.Contains("/api/v1/namespaces/istio-system/configmaps/istio", paths);
        Assert.Contains("/apis/security.istio.io/v1/namespaces/mesh-root/peerauthentications", paths);
        Assert.DoesNotContain("/apis/security.istio.io/v1/namespaces/istio-system/peerauthentications", paths);

        var before = server.Requests.Count;
        (_, output, _) = Run("check", "--cluster", "--kubeconfig", kubeconfig, "-n", "shop", "--root-namespace", "istio-system", "--format", "json");
        using var json = JsonDocument.Parse(output);
        var finding = json.RootElement.EnumerateArray().Single(f => f.GetProperty("ruleId").GetString() == "MESH114");
        Assert.Equal("Service/shop/mysql", finding.GetProperty("object").GetString());
        Assert.Contains("no PeerAuthentication in what was read from the cluster (context 'replay-jane') applies", finding.GetProperty("message").GetString(), StringComparison.Ordinal);
        var overridden = server.Requests.Skip(before).Select(r => r.Path).ToList();
        Assert.DoesNotContain("/api/v1/namespaces/istio-system/configmaps/istio", overridden);
        Assert.Contains("/apis/security.istio.io/v1/namespaces/istio-system/peerauthentications", overridden);
    }

    /// <summary>
    /// The templates and namespace say "classic sidecar" everywhere (shop has istio-injection=enabled); the running pods say
    /// otherwise, and they decide: nightly-report's pod has a native sidecar (no MESH106: a native sidecar stops with the
    /// Job), catalog's pod is ambient (15090 is no sidecar's port there: no MESH102). db-migrate's classic istio-proxy
    /// container wins over its nativeSidecar annotation (still MESH106).
    /// </summary>
    [Fact]
    public void RunningPodsDecideTheDataPlaneOfTheirWorkload()
    {
        ReplayClusterWithRolesPerNamespace();
        server.On("/api/v1/namespaces/shop", ApiResponses.ShopNamespace);
        var kubeconfig = server.WriteKubeconfig();
        var (_, templatesOnly, _) = Run("check", "--cluster", "--kubeconfig", kubeconfig, "-n", "shop", "--format", "json");
        Assert.Equal(["CronJob/shop/nightly-report MESH106", "Deployment/shop/catalog MESH102"], Findings(templatesOnly).Where(f => f.EndsWith("MESH106", StringComparison.Ordinal) && f.StartsWith("CronJob", StringComparison.Ordinal) || f.EndsWith("MESH102", StringComparison.Ordinal)));

        server.On("/api/v1/namespaces/shop/pods", ApiResponses.ShopPodsNativeAndAmbient);
        var (_, output, _) = Run("check", "--cluster", "--kubeconfig", kubeconfig, "-n", "shop", "--format", "json");

        var findings = Findings(output);
        Assert.DoesNotContain("CronJob/shop/nightly-report MESH106", findings);
        Assert.DoesNotContain("Deployment/shop/catalog MESH102", findings);
        Assert.Contains("Pod/shop/db-migrate MESH106", findings);
        Assert.Contains("Deployment/shop/orders-api MESH109", findings);
    }

    private static System.Collections.Generic.List<string> Findings(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateArray().Select(f => $"{f.GetProperty("object").GetString()} {f.GetProperty("ruleId").GetString()}").ToList();
    }

    [Fact]
    public void WithoutTheIstioConfigMapTheDefaultRootNamespaceIsNamed()
    {
        ReplayClusterWithRolesPerNamespace();
        server.On("/api/v1/namespaces/shop", ApiResponses.ShopNamespace);
        server.On("/api/v1/namespaces/istio-system/configmaps/istio", ReplayApiServer.NotFoundStatus, 404);

        var (_, _, error) = Run("check", "--cluster", "--kubeconfig", server.WriteKubeconfig(), "-n", "shop", "--format", "json");

        Assert.Contains("note: Istio's root namespace was not read: ConfigMap istio-system/istio does not exist", error, StringComparison.Ordinal);
        Assert.Contains("pass --root-namespace <ns>", error, StringComparison.Ordinal);
    }

    /// <summary>
    /// A revisioned install (istioctl install --revision canary, no default revision) has no istio ConfigMap, only
    /// istio-canary: its rootNamespace is read, and the STRICT policy there silences MESH114. Revisions that disagree
    /// leave the default, with the note that says why.
    /// </summary>
    [Fact]
    public void ARevisionedInstallsRootNamespaceIsReadFromItsIstioRevisionConfigMap()
    {
        ReplayClusterWithRolesPerNamespace();
        server.On("/api/v1/namespaces/shop", ApiResponses.ShopNamespace);
        server.On("/api/v1/namespaces/istio-system/configmaps/istio", ReplayApiServer.NotFoundStatus, 404);
        server.On("/api/v1/namespaces/istio-system/configmaps", ApiResponses.RevisionConfigMaps(("canary", "mesh-root")));
        server.On("/apis/security.istio.io/v1/namespaces/shop/peerauthentications", ApiResponses.Empty("PeerAuthenticationList", "security.istio.io/v1"));
        server.On("/apis/security.istio.io/v1/namespaces/mesh-root/peerauthentications", ApiResponses.MeshWideStrict("mesh-root"));
        server.On("/apis/security.istio.io/v1/namespaces/istio-system/peerauthentications", ApiResponses.Empty("PeerAuthenticationList", "security.istio.io/v1"));
        var kubeconfig = server.WriteKubeconfig();

        var (_, output, error) = Run("check", "--cluster", "--kubeconfig", kubeconfig, "-n", "shop", "--format", "json");

        Assert.DoesNotContain("MESH114", output, StringComparison.Ordinal);
        Assert.Contains("Istio's root namespace 'mesh-root' was read from ConfigMap istio-system/istio-canary", error, StringComparison.Ordinal);
        var list = Assert.Single(server.Requests, r => r.Path == "/api/v1/namespaces/istio-system/configmaps");
        Assert.Equal("istio.io/rev", list.Query["labelSelector"]);

        server.On("/api/v1/namespaces/istio-system/configmaps", ApiResponses.RevisionConfigMaps(("canary", "mesh-root"), ("stable", "istio-system")));
        (_, output, error) = Run("check", "--cluster", "--kubeconfig", kubeconfig, "-n", "shop", "--format", "json");

        Assert.Contains("MESH114", output, StringComparison.Ordinal);
        Assert.Contains("note: Istio's root namespace was not read: ConfigMap istio-system/istio does not exist", error, StringComparison.Ordinal);
    }

    /// <summary>The built assembly's facts cross-checked against what runs: the same code checks as against files.</summary>
    [Fact]
    public void AssemblyWithClusterCrossChecksTheCodeAgainstTheLiveWorkload()
    {
        ReplayClusterWithRolesPerNamespace();
        server.On("/api/v1/namespaces/shop", ApiResponses.ShopNamespace);
        var assembly = TestAssemblies.WithMetadata("OrdersApi", ("MeshReady.Port", "8080|http|http-orders|http|declared"), ("MeshReady.Port", "8081|grpc|grpc-orders|grpc|declared"));

        var (exit, output, error) = Run("check", "--cluster", "--kubeconfig", server.WriteKubeconfig(), "-n", "shop", "--assembly", assembly);

        Assert.True(exit == ExitCodes.Findings, $"exit {exit}\n{output}\n{error}");
        Assert.Contains("OrdersApi runs in Deployment/orders-api (container 'orders-api').", output, StringComparison.Ordinal);
        Assert.Matches(@"Deployment/shop/orders-api \([^)]*\): warning MESH112: OrdersApi listens on port 8081", output);
        Assert.DoesNotContain("MESH914", output, StringComparison.Ordinal);
    }

    /// <summary>
    /// KUBECONFIG lists several files, as kubectl merges them: the first to set current-context wins, the first to name a
    /// user wins whole (jane's token comes from the first file), and a missing file in the list is skipped.
    /// </summary>
    [Fact]
    public async System.Threading.Tasks.Task EveryKubeconfigFileInTheVariableIsMergedAsKubectlMergesThem()
    {
        server.On("/api/v1/namespaces/shop", ApiResponses.ShopNamespace);
        var folder = Path.GetDirectoryName(server.WriteKubeconfig())!;
        var contexts = Path.Combine(folder, "contexts.yaml");
        File.WriteAllText(contexts, """
            apiVersion: v1
            kind: Config
            contexts:
            - name: replay-jane
              context: {cluster: replay, user: jane, namespace: shop}
            current-context: replay-jane
            users:
            - name: jane
              user: {token: first-token}
            """);
        var clusters = Path.Combine(folder, "clusters.yaml");
        File.WriteAllText(clusters, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: replay
              cluster:
                server: {server.BaseUri.ToString().TrimEnd('/')}
            contexts:
            - name: elsewhere
              context:
                cluster: replay
                user: jane
            current-context: elsewhere
            users:
            - name: jane
              user:
                token: second-token
            """);
        var variable = string.Join(Path.PathSeparator, contexts, Path.Combine(folder, "missing.yaml"), clusters);

        var (client, context, ns) = MeshReady.Manifests.Loading.ClusterReader.Connect(null, null,
            new MeshReady.Manifests.Loading.ClusterEnvironment(variable, Path.Combine(folder, "no-default"), new MeshReady.Manifests.Loading.ServiceAccount(folder, null, null)));
        using (client as IDisposable)
        {
            Assert.Equal("replay-jane", context);
            Assert.Equal("shop", ns);
            await client.CoreV1.ReadNamespaceAsync("shop");
        }

        Assert.Equal("Bearer first-token", Assert.Single(server.Requests).Authorization);
    }

    [Theory]
    [InlineData(new[] { "check", "k8s", "-n", "shop" }, "--namespace needs --cluster")]
    [InlineData(new[] { "check", "--cluster", "-n", "shop", "-A" }, "give --namespace or --all-namespaces, not both")]
    [InlineData(new[] { "check", "--cluster", "--kubeconfig", "/nonexistent/kubeconfig" }, "no kubeconfig found (looked for '/nonexistent/kubeconfig')")]
    [InlineData(new[] { "check", "--cluster", "k8s" }, "--cluster reads the objects from the cluster: give no manifest paths ('k8s')")]
    [InlineData(new[] { "check", "k8s", "--namespace", "shop" }, "--namespace needs --cluster")]
    [InlineData(new[] { "check", "k8s", "--all-namespaces" }, "--all-namespaces needs --cluster")]
    [InlineData(new[] { "check", "--cluster", "--namespace", "shop", "--all-namespaces" }, "give --namespace or --all-namespaces, not both")]
    [InlineData(new[] { "check", "--cluster=yes" }, "option '--cluster' takes no value")]
    public void ClusterUsageErrorsExitTwo(string[] args, string message)
    {
        var (exit, output, error) = Run(args);
        Assert.Equal(ExitCodes.UsageError, exit);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, output);
    }

    [Fact]
    public void RejectedCredentialsStopTheCheck()
    {
        server.On("/api/v1/namespaces/shop", """
            {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401}
            """, 401);
        server.On("/apis/apps/v1/namespaces/shop/deployments", """
            {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401}
            """, 401);

        var (exit, output, error) = Run("check", "--cluster", "--kubeconfig", server.WriteKubeconfig(), "--namespace", "shop");

        Assert.Equal(ExitCodes.UsageError, exit);
        Assert.Equal(string.Empty, output);
        Assert.Contains("meshready check: error: the API server refused the credentials (401 Unauthorized: Unauthorized)", error, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownNamespaceAndUnreachableServerStopTheCheck()
    {
        // No route for /api/v1/namespaces/shoop: 404, as the API server answers for a namespace that does not exist.
        var (exit, _, error) = Run("check", "--cluster", "--kubeconfig", server.WriteKubeconfig(), "--namespace", "shoop");
        Assert.Equal(ExitCodes.UsageError, exit);
        Assert.Contains("meshready check: error: namespace 'shoop' does not exist in the cluster.", error, StringComparison.Ordinal);

        var kubeconfig = server.WriteKubeconfig();
        server.Dispose();
        (exit, _, error) = Run("check", "--cluster", "--kubeconfig", kubeconfig, "--namespace", "shop");
        Assert.Equal(ExitCodes.UsageError, exit);
        Assert.Contains("meshready check: error: cannot reach the API server", error, StringComparison.Ordinal);
    }
}
