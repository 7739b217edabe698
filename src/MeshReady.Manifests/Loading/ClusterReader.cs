using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using k8s;
using k8s.Autorest;
using k8s.Exceptions;
using k8s.Models;
using MeshReady.Analyzers.Mesh;
using MeshReady.Manifests.Model;
using YamlDotNet.RepresentationModel;

namespace MeshReady.Manifests.Loading;

/// <summary>Which namespaces <c>meshready check --cluster</c> reads.</summary>
/// <param name="Namespace">The namespace (<c>--namespace</c>, else the context's, else <c>default</c>); ignored with <paramref name="AllNamespaces"/>.</param>
internal sealed record ClusterScope(string? Namespace, bool AllNamespaces);

/// <summary>What was read from a cluster: the objects, the lists it could not read (MESH915), and notes for the report.</summary>
internal sealed record ClusterSnapshot(string Context, IReadOnlyList<ManifestObject> Objects, IReadOnlyList<Finding> Findings, IReadOnlyList<string> Notes)
{
    /// <summary>meshConfig.rootNamespace as the cluster's <c>istio</c> ConfigMap (or <c>--root-namespace</c>) says, else Istio's default.</summary>
    public string RootNamespace { get; init; } = IstioMeshConfig.DefaultRootNamespace;
}

/// <summary>The cluster could not be used at all (no kubeconfig, unreachable, credentials refused): the check cannot run.</summary>
internal sealed class ClusterAccessException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Reads the objects the checks understand from a live cluster through KubernetesClient and turns each into the same
/// <see cref="ManifestObject"/> the file loader produces, so one set of checks serves both. Lists are read in pages
/// (<c>limit</c> and <c>continue</c>, as kubectl does). A list the API server refuses (403) or fails becomes a MESH915
/// finding and the rest is read; a kind the server does not serve (404: Istio's CRDs not installed) becomes a note.
/// </summary>
internal static class ClusterReader
{
    /// <summary>kubectl's default chunk size (<c>--chunk-size=500</c>).</summary>
    public const int PageSize = 500;

    /// <summary>Controllers whose pods are checked through the controller's template (a ReplicaSet stands for its Deployment, a Job for its CronJob).</summary>
    private static readonly HashSet<string> TemplateOwners = new(StringComparer.Ordinal) { "ReplicaSet", "StatefulSet", "DaemonSet", "Job" };

    /// <summary>A whole list (every page), or the status that stopped it.</summary>
    private sealed record ListResult(HttpStatusCode Status, List<IKubernetesObject<V1ObjectMeta>>? Items, string? Message);

    private sealed record Page(IReadOnlyList<IKubernetesObject<V1ObjectMeta>> Items, string? Continue);

    /// <summary>One kind read from the API: <c>List</c> gets the namespace (null: all namespaces) and the continue token.</summary>
    private sealed record Resource(string Kind, string ApiVersion, string Plural, Func<IKubernetes, string?, string?, CancellationToken, Task<Page>> List)
    {
        public string Group => ApiVersion.Contains('/', StringComparison.Ordinal) ? ApiVersion[..ApiVersion.IndexOf('/', StringComparison.Ordinal)] : string.Empty;

        /// <summary>The name RBAC and kubectl use: <c>deployments.apps</c>, <c>services</c>.</summary>
        public string Qualified => Group.Length == 0 ? Plural : Plural + "." + Group;

        public string PathFor(string? ns)
            => (Group.Length == 0 ? "/api/" + ApiVersion : "/apis/" + ApiVersion) + (ns is null ? string.Empty : "/namespaces/" + ns) + "/" + Plural;
    }

    private static readonly Resource[] Workloads =
    [
        new("Deployment", "apps/v1", "deployments", async (c, ns, cont, ct) => Of(ns is null
            ? await c.AppsV1.ListDeploymentForAllNamespacesAsync(continueParameter: cont, limit: PageSize, cancellationToken: ct).ConfigureAwait(false)
            : await c.AppsV1.ListNamespacedDeploymentAsync(ns, continueParameter: cont, limit: PageSize, cancellationToken: ct).ConfigureAwait(false))),
        new("StatefulSet", "apps/v1", "statefulsets", async (c, ns, cont, ct) => Of(ns is null
            ? await c.AppsV1.ListStatefulSetForAllNamespacesAsync(continueParameter: cont, limit: PageSize, cancellationToken: ct).ConfigureAwait(false)
            : await c.AppsV1.ListNamespacedStatefulSetAsync(ns, continueParameter: cont, limit: PageSize, cancellationToken: ct).ConfigureAwait(false))),
        new("DaemonSet", "apps/v1", "daemonsets", async (c, ns, cont, ct) => Of(ns is null
            ? await c.AppsV1.ListDaemonSetForAllNamespacesAsync(continueParameter: cont, limit: PageSize, cancellationToken: ct).ConfigureAwait(false)
            : await c.AppsV1.ListNamespacedDaemonSetAsync(ns, continueParameter: cont, limit: PageSize, cancellationToken: ct).ConfigureAwait(false))),
        new("Job", "batch/v1", "jobs", async (c, ns, cont, ct) => Of(ns is null
            ? await c.BatchV1.ListJobForAllNamespacesAsync(continueParameter: cont, limit: PageSize, cancellationToken: ct).ConfigureAwait(false)
            : await c.BatchV1.ListNamespacedJobAsync(ns, continueParameter: cont, limit: PageSize, cancellationToken: ct).ConfigureAwait(false))),
        new("CronJob", "batch/v1", "cronjobs", async (c, ns, cont, ct) => Of(ns is null
            ? await c.BatchV1.ListCronJobForAllNamespacesAsync(continueParameter: cont, limit: PageSize, cancellationToken: ct).ConfigureAwait(false)
            : await c.BatchV1.ListNamespacedCronJobAsync(ns, continueParameter: cont, limit: PageSize, cancellationToken: ct).ConfigureAwait(false))),
        new("Pod", "v1", "pods", async (c, ns, cont, ct) => Of(ns is null
            ? await c.CoreV1.ListPodForAllNamespacesAsync(continueParameter: cont, limit: PageSize, cancellationToken: ct).ConfigureAwait(false)
            : await c.CoreV1.ListNamespacedPodAsync(ns, continueParameter: cont, limit: PageSize, cancellationToken: ct).ConfigureAwait(false))),
        new("Service", "v1", "services", async (c, ns, cont, ct) => Of(ns is null
            ? await c.CoreV1.ListServiceForAllNamespacesAsync(continueParameter: cont, limit: PageSize, cancellationToken: ct).ConfigureAwait(false)
            : await c.CoreV1.ListNamespacedServiceAsync(ns, continueParameter: cont, limit: PageSize, cancellationToken: ct).ConfigureAwait(false))),
    ];

    private static readonly Resource Namespaces = new("Namespace", "v1", "namespaces", async (c, _, cont, ct)
        => Of(await c.CoreV1.ListNamespaceAsync(continueParameter: cont, limit: PageSize, cancellationToken: ct).ConfigureAwait(false)));

    /// <summary>security.istio.io/v1 (Istio 1.22 and later), then v1beta1 for older control planes.</summary>
    private static readonly Resource[] PeerAuthentications = [PeerAuthenticationsAt("v1"), PeerAuthenticationsAt("v1beta1")];

    private static Resource PeerAuthenticationsAt(string version) => new("PeerAuthentication", "security.istio.io/" + version, "peerauthentications", async (c, ns, cont, ct) => Of(ns is null
        ? await c.CustomObjects.ListClusterCustomObjectAsync<PeerAuthenticationList>("security.istio.io", version, "peerauthentications", continueParameter: cont, limit: PageSize, cancellationToken: ct).ConfigureAwait(false)
        : await c.CustomObjects.ListNamespacedCustomObjectAsync<PeerAuthenticationList>("security.istio.io", version, ns, "peerauthentications", continueParameter: cont, limit: PageSize, cancellationToken: ct).ConfigureAwait(false)));

    private static Page Of<T>(IItems<T> list)
        where T : IKubernetesObject<V1ObjectMeta>
        => new(list.Items?.Where(i => i is not null).Cast<IKubernetesObject<V1ObjectMeta>>().ToList() ?? [], (list as IMetadata<V1ListMeta>)?.Metadata?.ContinueProperty);

    /// <summary>
    /// The client for a kubeconfig context, resolved as kubectl resolves it: <paramref name="kubeconfig"/> alone, else every
    /// existing file in <c>KUBECONFIG</c> merged, else <c>~/.kube/config</c>; inside a pod with none of them, the pod's
    /// service account.
    /// </summary>
    /// <param name="environment">Where to look (tests pass their own); the process's environment when null.</param>
    public static (IKubernetes Client, string Context, string? Namespace) Connect(string? kubeconfig, string? context, ClusterEnvironment? environment = null)
    {
        environment ??= ClusterEnvironment.FromProcess();
        try
        {
            var paths = kubeconfig is not null
                ? [kubeconfig]
                : environment.KubeconfigVariable is { Length: > 0 } list
                    ? list.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                    : [environment.DefaultKubeconfig];
            KubernetesClientConfiguration config;
            if (kubeconfig is null && context is null && !paths.Any(File.Exists) && environment.ServiceAccount.Available)
            {
                config = environment.ServiceAccount.Configuration();
                return (new Kubernetes(config), "(in-cluster service account)", config.Namespace);
            }

            var existing = paths.Where(File.Exists).Distinct(StringComparer.Ordinal).ToList();
            if (existing.Count == 0)
            {
                throw new ClusterAccessException($"no kubeconfig found (looked for {string.Join(", ", paths.Select(p => $"'{p}'"))}); pass --kubeconfig <file> or set KUBECONFIG.");
            }

            config = KubernetesClientConfiguration.BuildConfigFromConfigObject(Kubeconfigs.Merge(existing), context);
            return (new Kubernetes(config), config.CurrentContext ?? context ?? "(current context)", config.Namespace);
        }
        catch (Exception ex) when (ex is KubeConfigException or KubernetesClientException or IOException or UnauthorizedAccessException or YamlDotNet.Core.YamlException or ArgumentException or InvalidOperationException or System.Security.Cryptography.CryptographicException)
        {
            throw new ClusterAccessException($"cannot use the kubeconfig{(context is null ? string.Empty : $" context '{context}'")}: {ex.Message}", ex);
        }
    }

    /// <param name="rootNamespace">meshConfig.rootNamespace when given (<c>--root-namespace</c>); else read from the cluster's <c>istio</c> ConfigMap.</param>
    public static async Task<ClusterSnapshot> ReadAsync(IKubernetes client, string context, ClusterScope scope, string? rootNamespace = null, CancellationToken cancellationToken = default)
    {
        var reader = new Run(client, cancellationToken);
        string root;
        if (scope.AllNamespaces)
        {
            var namespaces = await reader.ReadAllNamespacesAsync().ConfigureAwait(false);
            foreach (var resource in Workloads)
            {
                await reader.ReadEverywhereAsync(resource, namespaces).ConfigureAwait(false);
            }

            root = rootNamespace ?? await reader.ReadRootNamespaceAsync().ConfigureAwait(false);
            await reader.ReadPeerAuthenticationsAsync(null, namespaces, root).ConfigureAwait(false);
        }
        else
        {
            var ns = scope.Namespace ?? "default";
            await reader.ReadNamespaceAsync(ns).ConfigureAwait(false);
            foreach (var resource in Workloads)
            {
                await reader.ReadInAsync(resource, ns).ConfigureAwait(false);
            }

            // Mesh-wide policies (root namespace, no selector) decide the mode where the namespace sets none.
            root = rootNamespace ?? await reader.ReadRootNamespaceAsync().ConfigureAwait(false);
            await reader.ReadPeerAuthenticationsAsync(ns == root ? [ns] : [ns, root], null, root).ConfigureAwait(false);
        }

        reader.ReportFailures();
        reader.AttachLivePods();
        return new ClusterSnapshot(context, reader.Objects, reader.Findings, reader.Notes) { RootNamespace = root };
    }

    /// <summary>One read of a cluster: the objects, findings and notes gathered so far.</summary>
    private sealed class Run(IKubernetes client, CancellationToken cancellationToken)
    {
        private readonly HashSet<string> seen = new(StringComparer.Ordinal);
        private readonly List<(Resource Resource, string? Namespace, ListResult Result, Severity Severity)> failures = [];

        private string rootNamespace = IstioMeshConfig.DefaultRootNamespace;

        /// <summary>One running pod per controller (<c>Kind/namespace/name</c>), the first seen.</summary>
        private readonly Dictionary<string, V1Pod> livePods = new(StringComparer.Ordinal);

        /// <summary>Jobs a CronJob made (<c>namespace/job</c> to the CronJob's name).</summary>
        private readonly Dictionary<string, string> jobsOfCronJobs = new(StringComparer.Ordinal);

        public List<ManifestObject> Objects { get; } = [];

        /// <summary>
        /// meshConfig.rootNamespace from the <c>mesh</c> key of the <c>istio</c> ConfigMap in istio-system, where a default
        /// install keeps it; MeshConfig's default when the ConfigMap sets none. A revisioned install without a default
        /// revision has only <c>istio-&lt;revision&gt;</c> ConfigMaps: their root namespace is taken when they agree.
        /// Unreadable (revisions that disagree, another namespace's ConfigMap, no Istio, no permission): the default, with a note.
        /// </summary>
        public async Task<string> ReadRootNamespaceAsync()
        {
            const string Where = $"ConfigMap {IstioMeshConfig.DefaultIstioNamespace}/{IstioMeshConfig.ConfigMapName}";
            string? problem;
            try
            {
                var map = await client.CoreV1.ReadNamespacedConfigMapAsync(IstioMeshConfig.ConfigMapName, IstioMeshConfig.DefaultIstioNamespace, cancellationToken: cancellationToken).ConfigureAwait(false);
                if (RootNamespaceOf(map, out problem) is { } root)
                {
                    return root;
                }
            }
            catch (HttpOperationException ex) when (ex.Response?.StatusCode == HttpStatusCode.NotFound)
            {
                if (await ReadRevisionsRootNamespaceAsync().ConfigureAwait(false) is { } root)
                {
                    return root;
                }

                problem = $"{Where} does not exist (Istio installed elsewhere, under revisions whose istio-<revision> ConfigMaps disagree, or not installed)";
            }
            catch (HttpOperationException ex) when (ex.Response?.StatusCode == HttpStatusCode.Forbidden)
            {
                problem = $"reading {Where} was refused ({Describe(ex)})";
            }
            catch (Exception ex) when (Fatal(ex) is { } fatal)
            {
                throw fatal;
            }

            Notes.Add($"Istio's root namespace was not read: {problem}. MESH114 takes mesh-wide PeerAuthentications from {IstioMeshConfig.DefaultRootNamespace}, " +
                "MeshConfig's default; pass --root-namespace <ns> if the mesh's rootNamespace is another.");
            return IstioMeshConfig.DefaultRootNamespace;
        }

        /// <summary>
        /// The root namespace of the revisions' <c>istio-&lt;revision&gt;</c> ConfigMaps in istio-system, when there are some and
        /// they all say the same; null otherwise (each revision's istiod reads its own, and a pod follows its revision).
        /// </summary>
        private async Task<string?> ReadRevisionsRootNamespaceAsync()
        {
            V1ConfigMapList list;
            try
            {
                list = await client.CoreV1.ListNamespacedConfigMapAsync(IstioMeshConfig.DefaultIstioNamespace, labelSelector: IstioMeshConfig.RevisionLabel, limit: PageSize, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (HttpOperationException ex) when (ex.Response?.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden)
            {
                return null;
            }

            var roots = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var map in list.Items ?? [])
            {
                var name = map.Metadata?.Name;
                if (name is not null && name.StartsWith(IstioMeshConfig.ConfigMapName + "-", StringComparison.Ordinal) && RootNamespaceOf(map, out _) is { } root)
                {
                    roots[name] = root;
                }
            }

            if (roots.Count == 0 || roots.Values.Distinct(StringComparer.Ordinal).Count() != 1)
            {
                return null;
            }

            var agreed = roots.Values.First();
            Notes.Add($"Istio's root namespace '{agreed}' was read from ConfigMap{(roots.Count == 1 ? string.Empty : "s")} " +
                $"{string.Join(", ", roots.Keys.Select(n => $"{IstioMeshConfig.DefaultIstioNamespace}/{n}"))}: the install has revisions and no default revision's {IstioMeshConfig.ConfigMapName} ConfigMap.");
            return agreed;
        }

        /// <summary>meshConfig.rootNamespace in a MeshConfig ConfigMap (MeshConfig's default when it sets none); null with the problem when unreadable.</summary>
        private static string? RootNamespaceOf(V1ConfigMap map, out string? problem)
        {
            var where = $"ConfigMap {map.Metadata?.NamespaceProperty ?? IstioMeshConfig.DefaultIstioNamespace}/{map.Metadata?.Name ?? IstioMeshConfig.ConfigMapName}";
            if (map.Data is null || !map.Data.TryGetValue(IstioMeshConfig.ConfigMapKey, out var mesh))
            {
                problem = $"{where} has no '{IstioMeshConfig.ConfigMapKey}' key";
                return null;
            }

            try
            {
                var stream = new YamlStream();
                stream.Load(new StringReader(mesh));
                problem = null;
                return stream.Documents.Count > 0 && stream.Documents[0].RootNode is YamlMappingNode root
                    && root.Children.TryGetValue(new YamlScalarNode("rootNamespace"), out var value) && value is YamlScalarNode { Value: { Length: > 0 } name }
                    ? name.Trim()
                    : IstioMeshConfig.DefaultRootNamespace;
            }
            catch (YamlDotNet.Core.YamlException ex)
            {
                problem = $"the '{IstioMeshConfig.ConfigMapKey}' key of {where} is not valid YAML ({ex.Message})";
                return null;
            }
        }

        public List<Finding> Findings { get; } = [];

        public List<string> Notes { get; } = [];

        /// <summary>The Namespace object for its labels; a refusal costs the labels only.</summary>
        public async Task ReadNamespaceAsync(string ns)
        {
            try
            {
                var item = await client.CoreV1.ReadNamespaceAsync(ns, cancellationToken: cancellationToken).ConfigureAwait(false);
                Add(Namespaces, item);
            }
            catch (HttpOperationException ex) when (ex.Response?.StatusCode == HttpStatusCode.NotFound)
            {
                throw new ClusterAccessException($"namespace '{ns}' does not exist in the cluster.", ex);
            }
            catch (HttpOperationException ex) when (ex.Response?.StatusCode is HttpStatusCode.Forbidden)
            {
                Findings.Add(ManifestRules.ClusterListRefused.At(SourceLocation.Logical("Namespace/" + ns, string.Empty), Severity.Info,
                    $"Reading Namespace '{ns}' was refused ({Describe(ex)}): its injection labels (istio-injection, istio.io/rev, istio.io/dataplane-mode) are unknown, " +
                    "so the --data-plane setting stands in for them. Grant the checking identity 'get' on namespaces (a ClusterRole), or pass the data plane with --data-plane."));
            }
            catch (Exception ex) when (Fatal(ex) is { } fatal)
            {
                throw fatal;
            }
        }

        /// <summary>Every Namespace (for its labels, and to read namespace by namespace where cluster-wide lists are refused); null when refused.</summary>
        public async Task<IReadOnlyList<string>?> ReadAllNamespacesAsync()
        {
            var result = await TryListAsync(Namespaces, null).ConfigureAwait(false);
            if (result.Status != HttpStatusCode.OK)
            {
                Report(Namespaces, null, result);
                return null;
            }

            AddAll(Namespaces, result.Items!);
            return result.Items!.Select(n => n.Metadata?.Name).OfType<string>().ToList();
        }

        /// <summary>All namespaces: one cluster-wide list, or, when that is refused and the namespaces are known, one list per namespace.</summary>
        public async Task ReadEverywhereAsync(Resource resource, IReadOnlyList<string>? namespaces, ListResult? first = null)
        {
            var result = first ?? await TryListAsync(resource, null).ConfigureAwait(false);
            if (result.Status == HttpStatusCode.OK)
            {
                AddAll(resource, result.Items!);
            }
            else if (result.Status == HttpStatusCode.Forbidden && namespaces is not null)
            {
                // An identity with Roles in some namespaces only: read where it may, report where it may not.
                foreach (var ns in namespaces)
                {
                    await ReadInAsync(resource, ns).ConfigureAwait(false);
                }
            }
            else
            {
                Report(resource, null, result);
            }
        }

        public async Task ReadInAsync(Resource resource, string ns, ListResult? first = null)
        {
            var result = first ?? await TryListAsync(resource, ns).ConfigureAwait(false);
            if (result.Status == HttpStatusCode.OK)
            {
                AddAll(resource, result.Items!);
            }
            else
            {
                // The root namespace holds mesh-wide policy: unreadable, it costs precision, not coverage.
                Report(resource, ns, result, severity: ns == rootNamespace && resource.Kind == "PeerAuthentication" ? Severity.Info : Severity.Warning);
            }
        }

        /// <summary>
        /// PeerAuthentications at the first API version the cluster serves (probed with the first list), in
        /// <paramref name="namespaces"/>, or everywhere when that is null; none served means Istio's CRDs are not installed.
        /// </summary>
        public async Task ReadPeerAuthenticationsAsync(IReadOnlyList<string>? namespaces, IReadOnlyList<string>? allNamespaces, string rootNamespace)
        {
            this.rootNamespace = rootNamespace;
            foreach (var resource in PeerAuthentications)
            {
                var probe = namespaces?[0];
                var first = await TryListAsync(resource, probe).ConfigureAwait(false);
                if (first.Status == HttpStatusCode.NotFound)
                {
                    continue;
                }

                if (namespaces is null)
                {
                    await ReadEverywhereAsync(resource, allNamespaces, first).ConfigureAwait(false);
                    return;
                }

                await ReadInAsync(resource, namespaces[0], first).ConfigureAwait(false);
                foreach (var ns in namespaces.Skip(1))
                {
                    await ReadInAsync(resource, ns).ConfigureAwait(false);
                }

                return;
            }

            Notes.Add("PeerAuthentications were not read: the cluster serves neither security.istio.io/v1 nor v1beta1 (404: Istio's CRDs are not installed), " +
                "so MESH114 assumes Istio's default mTLS mode, PERMISSIVE.");
        }

        private async Task<ListResult> TryListAsync(Resource resource, string? ns)
        {
            var items = new List<IKubernetesObject<V1ObjectMeta>>();
            string? token = null;
            try
            {
                do
                {
                    var page = await resource.List(client, ns, token, cancellationToken).ConfigureAwait(false);
                    items.AddRange(page.Items);
                    token = string.IsNullOrEmpty(page.Continue) ? null : page.Continue;
                }
                while (token is not null);
            }
            catch (Exception ex) when (Fatal(ex) is { } fatal)
            {
                throw fatal;
            }
            catch (HttpOperationException ex) when (ex.Response is not null)
            {
                return new(ex.Response.StatusCode, null, Describe(ex));
            }

            return new(HttpStatusCode.OK, items, null);
        }

        /// <summary>A list that did not come back: a kind not served is a note; refusals and failures are gathered per namespace.</summary>
        private void Report(Resource resource, string? ns, ListResult result, Severity severity = Severity.Warning)
        {
            if (result.Status == HttpStatusCode.NotFound)
            {
                Notes.Add($"{resource.Kind}s were not read: the cluster does not serve {resource.ApiVersion} {resource.Plural} (404).");
                return;
            }

            failures.Add((resource, ns, result, severity));
        }

        /// <summary>
        /// One MESH915 per namespace (and severity) naming every list that did not come back there, so one namespace the
        /// identity may not read is one finding, not one per kind. It names the Namespace as objects are named
        /// (<c>Namespace/payments</c>); a cluster-wide list that could not be read namespace by namespace names its API path.
        /// </summary>
        public void ReportFailures()
        {
            foreach (var group in failures.GroupBy(f => (f.Namespace, f.Severity)))
            {
                var ns = group.Key.Namespace;
                var lists = group.ToList();
                var refused = lists.Where(f => f.Result.Status == HttpStatusCode.Forbidden).ToList();
                var failed = lists.Where(f => f.Result.Status != HttpStatusCode.Forbidden).ToList();
                var parts = new List<string>();
                if (refused.Count > 0)
                {
                    parts.Add($"listing {Join(refused.Select(f => f.Resource.Qualified))} was refused (403 Forbidden; the API server said: {refused[0].Result.Message})");
                }

                parts.AddRange(failed.Select(f =>
                    $"listing {f.Resource.Qualified} failed ({((int)f.Result.Status).ToString(System.Globalization.CultureInfo.InvariantCulture)} {f.Result.Status}: {f.Result.Message})"));
                var consequence = ns is null && lists.Any(f => f.Resource == Namespaces)
                    ? "Namespace injection labels are unknown (the --data-plane setting stands in for them), and a list refused cluster-wide cannot be read namespace by namespace."
                    : group.Key.Severity == Severity.Info
                        ? "The mesh-wide mTLS policy is unknown there, so MESH114 may miss a STRICT or DISABLE mode set mesh-wide; everything else was checked."
                        : $"Those objects were not checked; the rest of the cluster was.";
                var advice = refused.Count == 0
                    ? " Run the check again: such failures are usually transient."
                    : ns is null
                        ? $" Grant the checking identity 'list' on {Join(refused.Select(f => f.Resource.Qualified))} cluster-wide (a ClusterRole and ClusterRoleBinding), or check the namespaces it may read with --namespace."
                        : $" Grant the checking identity 'list' there (a Role and RoleBinding in '{ns}'), or leave the namespace out by checking the others with --namespace.";
                var location = ns is null ? SourceLocation.Logical(lists[0].Resource.PathFor(null), string.Empty) : SourceLocation.Logical("Namespace/" + ns, string.Empty);
                Findings.Add(ManifestRules.ClusterListRefused.At(location, group.Key.Severity,
                    $"Reading {Where(ns)} was incomplete: {string.Join("; ", parts)}. {consequence}{advice}"));
            }

            failures.Clear();
        }

        private static string Join(IEnumerable<string> names)
        {
            var list = names.ToList();
            return list.Count == 1 ? list[0] : string.Join(", ", list.Take(list.Count - 1)) + " and " + list[^1];
        }

        private void AddAll(Resource resource, IReadOnlyList<IKubernetesObject<V1ObjectMeta>> items)
        {
            foreach (var item in items)
            {
                if (item is V1Pod pod && pod.Metadata?.OwnerReferences?.FirstOrDefault(o => o.Controller == true) is { } owner && TemplateOwners.Contains(owner.Kind))
                {
                    // Checked through its controller's template; a Pod of its own (or of another operator) is checked itself.
                    // The running pod still says which data plane the template's pods really got (PodMesh).
                    if (WorkloadOf(pod, owner) is { } workload)
                    {
                        livePods.TryAdd(workload, pod);
                    }

                    continue;
                }

                if (item is V1Job job && job.Metadata?.OwnerReferences?.FirstOrDefault(o => o.Controller == true && o.Kind == "CronJob") is { } cronJob)
                {
                    jobsOfCronJobs[$"{job.Metadata.NamespaceProperty}/{job.Metadata.Name}"] = cronJob.Name;
                    continue;
                }

                Add(resource, item);
            }
        }

        /// <summary>
        /// The workload a controlled pod belongs to, as <c>Kind/namespace/name</c>: a ReplicaSet's pods belong to the
        /// Deployment whose name the ReplicaSet's is with <c>-&lt;pod-template-hash&gt;</c> appended (the Deployment
        /// controller names them so); a Job made by a CronJob stands for the CronJob.
        /// </summary>
        private string? WorkloadOf(V1Pod pod, V1OwnerReference owner)
        {
            var ns = pod.Metadata?.NamespaceProperty;
            switch (owner.Kind)
            {
                case "ReplicaSet":
                    return pod.Metadata?.Labels is { } labels && labels.TryGetValue("pod-template-hash", out var hash) && owner.Name.EndsWith("-" + hash, StringComparison.Ordinal)
                        ? $"Deployment/{ns}/{owner.Name[..^(hash.Length + 1)]}"
                        : null;
                case "Job":
                    return jobsOfCronJobs.TryGetValue($"{ns}/{owner.Name}", out var cronJob) ? $"CronJob/{ns}/{cronJob}" : $"Job/{ns}/{owner.Name}";
                default:
                    return $"{owner.Kind}/{ns}/{owner.Name}";
            }
        }

        /// <summary>Gives each workload read the running pod seen for it (a bare Pod is its own).</summary>
        public void AttachLivePods()
        {
            foreach (var obj in Objects)
            {
                obj.LivePod = obj.Model as V1Pod ?? (livePods.TryGetValue($"{obj.Kind}/{obj.Namespace}/{obj.Name}", out var pod) ? pod : null);
            }
        }

        private void Add(Resource resource, IKubernetesObject<V1ObjectMeta> item)
        {
            // Lists leave apiVersion and kind off their items; the YAML the locations are found in needs neither, the model keeps them for messages.
            if (string.IsNullOrEmpty(item.ApiVersion))
            {
                item.ApiVersion = resource.ApiVersion;
            }

            if (string.IsNullOrEmpty(item.Kind))
            {
                item.Kind = resource.Kind;
            }
            if (item.Metadata is { } metadata)
            {
                metadata.ManagedFields = null;
            }

            var key = $"{resource.Kind}/{item.Metadata?.NamespaceProperty}/{item.Metadata?.Name}";
            if (!seen.Add(key))
            {
                return;
            }

            var yaml = KubernetesYaml.Serialize(item);
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            if (stream.Documents.Count > 0 && stream.Documents[0].RootNode is YamlMappingNode root)
            {
                Objects.Add(ManifestObject.FromCluster(resource.Kind, item, root));
            }
        }

        /// <summary>Failures no other list would escape: rejected credentials, an API server that cannot be reached.</summary>
        private static ClusterAccessException? Fatal(Exception ex) => ex switch
        {
            HttpOperationException { Response.StatusCode: HttpStatusCode.Unauthorized } unauthorized => new ClusterAccessException(
                $"the API server refused the credentials (401 Unauthorized: {Describe(unauthorized)}); log in again (the kubeconfig's token or certificate may have expired).", ex),
            HttpRequestException => new ClusterAccessException($"cannot reach the API server ({ex.Message}).", ex),
            _ => null,
        };

        private static string Where(string? ns) => ns is null ? "all namespaces" : $"namespace '{ns}'";

        /// <summary>The API server's own words (the Status object's message), else the HTTP reason.</summary>
        private static string Describe(HttpOperationException ex)
        {
            var content = ex.Response?.Content;
            if (!string.IsNullOrWhiteSpace(content))
            {
                try
                {
                    using var document = JsonDocument.Parse(content);
                    if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String)
                    {
                        return message.GetString()!;
                    }
                }
                catch (JsonException)
                {
                    // Not a Status object (a proxy's HTML page): fall back to the reason phrase.
                }
            }

            return ex.Response?.ReasonPhrase ?? ex.Message;
        }
    }

    /// <summary>A page of PeerAuthentications as the API server returns custom objects.</summary>
    internal sealed class PeerAuthenticationList : IItems<PeerAuthentication>, IMetadata<V1ListMeta>
    {
        [JsonPropertyName("apiVersion")]
        public string? ApiVersion { get; set; }

        [JsonPropertyName("kind")]
        public string? Kind { get; set; }

        [JsonPropertyName("metadata")]
        public V1ListMeta Metadata { get; set; } = new();

        [JsonPropertyName("items")]
        public IList<PeerAuthentication> Items { get; set; } = [];
    }
}
