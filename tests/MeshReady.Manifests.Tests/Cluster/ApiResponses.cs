using System.Linq;

namespace MeshReady.Manifests.Tests.Cluster;

/// <summary>
/// API server responses in the shapes of the Kubernetes API reference (List objects with <c>metadata.resourceVersion</c>
/// and <c>metadata.continue</c>; items without <c>apiVersion</c>/<c>kind</c>, as the server writes typed lists; the fields
/// the server defaults, such as <c>terminationMessagePath</c>, <c>dnsPolicy</c> and <c>clusterIP</c>; custom objects with
/// their own <c>apiVersion</c>/<c>kind</c>, as unstructured lists carry them). Written for these tests, not captured from
/// a running cluster.
/// </summary>
internal static class ApiResponses
{
    public const string ContinueToken = "eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6NTIzMTAsInN0YXJ0Ijoib3JkZXJzLWFwaVx1MDAwMCJ9";

    public const string Namespaces = """
        {"kind":"NamespaceList","apiVersion":"v1","metadata":{"resourceVersion":"52310"},"items":[
          {"metadata":{"name":"istio-system","uid":"0f6a1c52-4b1e-4c53-9a57-0d2f0e6c1a11","resourceVersion":"412","creationTimestamp":"2026-11-02T08:10:03Z",
            "labels":{"kubernetes.io/metadata.name":"istio-system"}},"spec":{"finalizers":["kubernetes"]},"status":{"phase":"Active"}},
          {"metadata":{"name":"payments","uid":"5d1f0b7e-2a4c-4f7e-8d0b-6a9c3e2f1b22","resourceVersion":"1880","creationTimestamp":"2026-11-02T08:14:40Z",
            "labels":{"istio-injection":"enabled","kubernetes.io/metadata.name":"payments"}},"spec":{"finalizers":["kubernetes"]},"status":{"phase":"Active"}},
          {"metadata":{"name":"shop","uid":"a3c9e1d4-7b2f-4e8a-9c1d-3f5e7a9b0c33","resourceVersion":"1874","creationTimestamp":"2026-11-02T08:14:38Z",
            "labels":{"istio-injection":"enabled","kubernetes.io/metadata.name":"shop"}},"spec":{"finalizers":["kubernetes"]},"status":{"phase":"Active"}}
        ]}
        """;

    /// <summary>The first page of shop's Deployments (limit reached: <c>continue</c> set, <c>remainingItemCount</c> 1).</summary>
    public const string ShopDeploymentsPage1 = """
        {"kind":"DeploymentList","apiVersion":"apps/v1","metadata":{"resourceVersion":"52310","continue":"eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6NTIzMTAsInN0YXJ0Ijoib3JkZXJzLWFwaVx1MDAwMCJ9","remainingItemCount":1},"items":[
          {"metadata":{"name":"orders-api","namespace":"shop","uid":"7e4b2c1a-9d3f-4a6b-8c2e-1f0a9b8c7d44","resourceVersion":"48811","generation":3,
            "creationTimestamp":"2026-11-02T08:20:11Z","labels":{"app":"orders-api"},"annotations":{"deployment.kubernetes.io/revision":"3"},
            "managedFields":[{"manager":"kubectl-client-side-apply","operation":"Update","apiVersion":"apps/v1","time":"2026-11-02T08:20:11Z","fieldsType":"FieldsV1","fieldsV1":{"f:spec":{"f:replicas":{}}}}]},
           "spec":{"replicas":2,"selector":{"matchLabels":{"app":"orders-api"}},
            "template":{"metadata":{"creationTimestamp":null,"labels":{"app":"orders-api"}},
              "spec":{"containers":[{"name":"orders-api","image":"registry.example.com/shop/orders-api:1.4.2",
                "ports":[{"name":"http","containerPort":8080,"protocol":"TCP"}],
                "resources":{},"terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File","imagePullPolicy":"IfNotPresent",
                "securityContext":{"runAsUser":1337}}],
                "restartPolicy":"Always","terminationGracePeriodSeconds":30,"dnsPolicy":"ClusterFirst","securityContext":{},"schedulerName":"default-scheduler"}},
            "strategy":{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":"25%","maxSurge":"25%"}},"revisionHistoryLimit":10,"progressDeadlineSeconds":600},
           "status":{"observedGeneration":3,"replicas":2,"updatedReplicas":2,"readyReplicas":2,"availableReplicas":2}}
        ]}
        """;

    /// <summary>The page after <see cref="ContinueToken"/>: the last one (no <c>continue</c>).</summary>
    public const string ShopDeploymentsPage2 = """
        {"kind":"DeploymentList","apiVersion":"apps/v1","metadata":{"resourceVersion":"52310"},"items":[
          {"metadata":{"name":"catalog","namespace":"shop","uid":"c2d4e6f8-1a3b-4c5d-9e7f-2b4d6f8a0c55","resourceVersion":"48902","generation":1,
            "creationTimestamp":"2026-11-02T08:21:40Z","labels":{"app":"catalog"},"annotations":{"deployment.kubernetes.io/revision":"1"}},
           "spec":{"replicas":1,"selector":{"matchLabels":{"app":"catalog"}},
            "template":{"metadata":{"creationTimestamp":null,"labels":{"app":"catalog"}},
              "spec":{"containers":[{"name":"catalog","image":"registry.example.com/shop/catalog:2.0.1",
                "ports":[{"name":"http","containerPort":8080,"protocol":"TCP"},{"name":"metrics","containerPort":15090,"protocol":"TCP"}],
                "resources":{},"terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File","imagePullPolicy":"IfNotPresent"}],
                "restartPolicy":"Always","terminationGracePeriodSeconds":30,"dnsPolicy":"ClusterFirst","securityContext":{},"schedulerName":"default-scheduler"}},
            "strategy":{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":"25%","maxSurge":"25%"}},"revisionHistoryLimit":10,"progressDeadlineSeconds":600},
           "status":{"observedGeneration":1,"replicas":1,"updatedReplicas":1,"readyReplicas":1,"availableReplicas":1}}
        ]}
        """;

    public const string ShopStatefulSets = """
        {"kind":"StatefulSetList","apiVersion":"apps/v1","metadata":{"resourceVersion":"52310"},"items":[
          {"metadata":{"name":"mysql","namespace":"shop","uid":"d1e2f3a4-b5c6-4d7e-8f90-a1b2c3d4e566","resourceVersion":"47001","generation":1,
            "creationTimestamp":"2026-11-02T08:18:02Z","labels":{"app":"mysql"}},
           "spec":{"replicas":1,"selector":{"matchLabels":{"app":"mysql"}},"serviceName":"mysql",
            "template":{"metadata":{"creationTimestamp":null,"labels":{"app":"mysql"}},
              "spec":{"containers":[{"name":"mysql","image":"mysql:8.4","ports":[{"name":"tcp-mysql","containerPort":3306,"protocol":"TCP"}],
                "resources":{},"terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File","imagePullPolicy":"IfNotPresent"}],
                "restartPolicy":"Always","terminationGracePeriodSeconds":30,"dnsPolicy":"ClusterFirst","securityContext":{},"schedulerName":"default-scheduler"}},
            "podManagementPolicy":"OrderedReady","updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"partition":0}},"revisionHistoryLimit":10,
            "persistentVolumeClaimRetentionPolicy":{"whenDeleted":"Retain","whenScaled":"Retain"}},
           "status":{"observedGeneration":1,"replicas":1,"readyReplicas":1,"currentReplicas":1,"updatedReplicas":1,"availableReplicas":1}}
        ]}
        """;

    /// <summary>A CronJob, and the Job it started (owned by it, so checked through the CronJob's template only).</summary>
    public const string ShopCronJobs = """
        {"kind":"CronJobList","apiVersion":"batch/v1","metadata":{"resourceVersion":"52310"},"items":[
          {"metadata":{"name":"nightly-report","namespace":"shop","uid":"e5f6a7b8-c9d0-4e1f-a2b3-c4d5e6f7a877","resourceVersion":"50120","generation":1,
            "creationTimestamp":"2026-11-02T08:22:00Z"},
           "spec":{"schedule":"0 2 * * *","concurrencyPolicy":"Allow","suspend":false,"successfulJobsHistoryLimit":3,"failedJobsHistoryLimit":1,
            "jobTemplate":{"metadata":{"creationTimestamp":null},"spec":{"template":{"metadata":{"creationTimestamp":null},
              "spec":{"containers":[{"name":"report","image":"registry.example.com/shop/report:1.0.0","resources":{},
                "terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File","imagePullPolicy":"IfNotPresent"}],
                "restartPolicy":"OnFailure","terminationGracePeriodSeconds":30,"dnsPolicy":"ClusterFirst","securityContext":{},"schedulerName":"default-scheduler"}}}}},
           "status":{"lastScheduleTime":"2026-12-07T02:00:00Z"}}
        ]}
        """;

    public const string ShopJobs = """
        {"kind":"JobList","apiVersion":"batch/v1","metadata":{"resourceVersion":"52310"},"items":[
          {"metadata":{"name":"nightly-report-29421840","namespace":"shop","uid":"f7a8b9c0-d1e2-4f3a-b4c5-d6e7f8a9b088","resourceVersion":"50133",
            "creationTimestamp":"2026-12-07T02:00:00Z","labels":{"batch.kubernetes.io/controller-uid":"f7a8b9c0-d1e2-4f3a-b4c5-d6e7f8a9b088","batch.kubernetes.io/job-name":"nightly-report-29421840"},
            "ownerReferences":[{"apiVersion":"batch/v1","kind":"CronJob","name":"nightly-report","uid":"e5f6a7b8-c9d0-4e1f-a2b3-c4d5e6f7a877","controller":true,"blockOwnerDeletion":true}]},
           "spec":{"parallelism":1,"completions":1,"backoffLimit":6,"completionMode":"NonIndexed","suspend":false,
            "selector":{"matchLabels":{"batch.kubernetes.io/controller-uid":"f7a8b9c0-d1e2-4f3a-b4c5-d6e7f8a9b088"}},
            "template":{"metadata":{"creationTimestamp":null,"labels":{"batch.kubernetes.io/controller-uid":"f7a8b9c0-d1e2-4f3a-b4c5-d6e7f8a9b088","batch.kubernetes.io/job-name":"nightly-report-29421840"}},
              "spec":{"containers":[{"name":"report","image":"registry.example.com/shop/report:1.0.0","resources":{},
                "terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File","imagePullPolicy":"IfNotPresent"}],
                "restartPolicy":"OnFailure","terminationGracePeriodSeconds":30,"dnsPolicy":"ClusterFirst","securityContext":{},"schedulerName":"default-scheduler"}}},
           "status":{"startTime":"2026-12-07T02:00:00Z","active":1,"ready":1}}
        ]}
        """;

    /// <summary>A pod of the orders-api ReplicaSet (checked through the Deployment) and a bare debugging pod (checked itself).</summary>
    public const string ShopPods = """
        {"kind":"PodList","apiVersion":"v1","metadata":{"resourceVersion":"52310"},"items":[
          {"metadata":{"name":"orders-api-7d9f8b6c5-x2kqp","generateName":"orders-api-7d9f8b6c5-","namespace":"shop","uid":"0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c99",
            "resourceVersion":"48870","creationTimestamp":"2026-11-02T08:20:13Z","labels":{"app":"orders-api","pod-template-hash":"7d9f8b6c5","security.istio.io/tlsMode":"istio"},
            "annotations":{"sidecar.istio.io/status":"{\"initContainers\":[\"istio-init\"],\"containers\":[\"istio-proxy\"]}"},
            "ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"orders-api-7d9f8b6c5","uid":"1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4daa","controller":true,"blockOwnerDeletion":true}]},
           "spec":{"containers":[{"name":"orders-api","image":"registry.example.com/shop/orders-api:1.4.2","ports":[{"name":"http","containerPort":8080,"protocol":"TCP"}],
              "resources":{},"terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File","imagePullPolicy":"IfNotPresent","securityContext":{"runAsUser":1337}},
             {"name":"istio-proxy","image":"docker.io/istio/proxyv2:1.28.0","ports":[{"name":"http-envoy-prom","containerPort":15090,"protocol":"TCP"}],
              "resources":{},"terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File","imagePullPolicy":"IfNotPresent","securityContext":{"runAsUser":1337,"runAsGroup":1337}}],
            "restartPolicy":"Always","terminationGracePeriodSeconds":30,"dnsPolicy":"ClusterFirst","serviceAccountName":"default","nodeName":"worker-1","securityContext":{},"schedulerName":"default-scheduler"},
           "status":{"phase":"Running","podIP":"10.244.1.17"}},
          {"metadata":{"name":"db-migrate","namespace":"shop","uid":"2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5ebb","resourceVersion":"49210","creationTimestamp":"2026-11-03T10:02:44Z",
            "labels":{"run":"db-migrate","security.istio.io/tlsMode":"istio"},
            "annotations":{"sidecar.istio.io/status":"{\"initContainers\":[\"istio-init\"],\"containers\":[\"istio-proxy\"]}"}},
           "spec":{"containers":[{"name":"db-migrate","image":"registry.example.com/shop/db-migrate:1.4.2","resources":{},
              "terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File","imagePullPolicy":"IfNotPresent"},
             {"name":"istio-proxy","image":"docker.io/istio/proxyv2:1.28.0","resources":{},"terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File",
              "imagePullPolicy":"IfNotPresent","securityContext":{"runAsUser":1337,"runAsGroup":1337}}],
            "restartPolicy":"Never","terminationGracePeriodSeconds":30,"dnsPolicy":"ClusterFirst","serviceAccountName":"default","nodeName":"worker-2","securityContext":{},"schedulerName":"default-scheduler"},
           "status":{"phase":"Running","podIP":"10.244.2.9"}}
        ]}
        """;

    public const string ShopServices = """
        {"kind":"ServiceList","apiVersion":"v1","metadata":{"resourceVersion":"52310"},"items":[
          {"metadata":{"name":"orders-api","namespace":"shop","uid":"3d4e5f6a-7b8c-4d9e-8f0a-1b2c3d4e5fcc","resourceVersion":"48800","creationTimestamp":"2026-11-02T08:20:11Z","labels":{"app":"orders-api"}},
           "spec":{"ports":[{"name":"web","protocol":"TCP","port":80,"targetPort":8080}],"selector":{"app":"orders-api"},"clusterIP":"10.96.14.200","clusterIPs":["10.96.14.200"],
            "type":"ClusterIP","sessionAffinity":"None","ipFamilies":["IPv4"],"ipFamilyPolicy":"SingleStack","internalTrafficPolicy":"Cluster"},"status":{"loadBalancer":{}}},
          {"metadata":{"name":"mysql","namespace":"shop","uid":"4e5f6a7b-8c9d-4e0f-9a1b-2c3d4e5f6add","resourceVersion":"47000","creationTimestamp":"2026-11-02T08:18:02Z","labels":{"app":"mysql"}},
           "spec":{"ports":[{"name":"tcp-mysql","protocol":"TCP","port":3306,"targetPort":3306}],"selector":{"app":"mysql"},"clusterIP":"10.96.22.31","clusterIPs":["10.96.22.31"],
            "type":"ClusterIP","sessionAffinity":"None","ipFamilies":["IPv4"],"ipFamilyPolicy":"SingleStack","internalTrafficPolicy":"Cluster"},"status":{"loadBalancer":{}}}
        ]}
        """;

    /// <summary>istiod, labelled as Istio labels its own objects: skipped, as istioctl analyze skips it.</summary>
    public const string IstioSystemDeployments = """
        {"kind":"DeploymentList","apiVersion":"apps/v1","metadata":{"resourceVersion":"52310"},"items":[
          {"metadata":{"name":"istiod","namespace":"istio-system","uid":"5f6a7b8c-9d0e-4f1a-8b2c-3d4e5f6a7bee","resourceVersion":"990","generation":1,
            "creationTimestamp":"2026-11-02T08:10:30Z","labels":{"app":"istiod","istio":"pilot","istio.io/rev":"default","release":"istio"}},
           "spec":{"replicas":1,"selector":{"matchLabels":{"istio":"pilot"}},
            "template":{"metadata":{"creationTimestamp":null,"labels":{"app":"istiod","istio":"pilot","sidecar.istio.io/inject":"false"}},
              "spec":{"containers":[{"name":"discovery","image":"docker.io/istio/pilot:1.28.0",
                "ports":[{"containerPort":8080,"protocol":"TCP"},{"containerPort":15010,"protocol":"TCP"},{"containerPort":15017,"protocol":"TCP"}],
                "resources":{},"terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File","imagePullPolicy":"IfNotPresent",
                "securityContext":{"runAsUser":1337,"runAsGroup":1337,"runAsNonRoot":true}}],
                "restartPolicy":"Always","terminationGracePeriodSeconds":30,"dnsPolicy":"ClusterFirst","serviceAccountName":"istiod","securityContext":{},"schedulerName":"default-scheduler"}},
            "strategy":{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":"25%","maxSurge":"100%"}},"revisionHistoryLimit":10,"progressDeadlineSeconds":600},
           "status":{"observedGeneration":1,"replicas":1,"readyReplicas":1,"availableReplicas":1}}
        ]}
        """;

    /// <summary>An empty list of the given kind.</summary>
    public static string Empty(string listKind, string apiVersion)
        => $$"""{"kind":"{{listKind}}","apiVersion":"{{apiVersion}}","metadata":{"resourceVersion":"52310"},"items":[]}""";

    /// <summary>shop's PeerAuthentication (a custom object: items keep apiVersion and kind).</summary>
    public const string ShopPeerAuthenticationsV1Beta1 = """
        {"apiVersion":"security.istio.io/v1beta1","kind":"PeerAuthenticationList","metadata":{"continue":"","resourceVersion":"52310"},"items":[
          {"apiVersion":"security.istio.io/v1beta1","kind":"PeerAuthentication","metadata":{"name":"default","namespace":"shop","uid":"6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8cff",
            "resourceVersion":"2001","generation":1,"creationTimestamp":"2026-11-02T08:15:00Z"},"spec":{"mtls":{"mode":"STRICT"}}}
        ]}
        """;

    /// <summary>The Namespace object of shop (a get, not a list), labelled for injection.</summary>
    public const string ShopNamespace = """
        {"kind":"Namespace","apiVersion":"v1","metadata":{"name":"shop","uid":"a3c9e1d4-7b2f-4e8a-9c1d-3f5e7a9b0c33","resourceVersion":"1874","creationTimestamp":"2026-11-02T08:14:38Z",
          "labels":{"istio-injection":"enabled","kubernetes.io/metadata.name":"shop"}},"spec":{"finalizers":["kubernetes"]},"status":{"phase":"Active"}}
        """;

    /// <summary>
    /// The <c>istio</c> ConfigMap as the istio-discovery chart writes it (its <c>mesh</c> key, abridged), with the given
    /// <c>rootNamespace</c>.
    /// </summary>
    public static string IstioConfigMap(string rootNamespace) => $$$"""
        {"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"istio","namespace":"istio-system","uid":"9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c66","resourceVersion":"431",
          "creationTimestamp":"2026-11-02T08:10:20Z","labels":{"app.kubernetes.io/name":"istiod","install.operator.istio.io/owning-resource":"unknown","istio.io/rev":"default","release":"istio"}},
         "data":{"mesh":"defaultConfig:\n  discoveryAddress: istiod.istio-system.svc:15012\ndefaultProviders:\n  metrics:\n  - prometheus\nenablePrometheusMerge: true\nrootNamespace: {{{rootNamespace}}}\ntrustDomain: cluster.local","meshNetworks":"networks: {}"}}
        """;

    /// <summary>
    /// A revisioned install without a default revision: <c>GET configmaps?labelSelector=istio.io/rev</c> in istio-system,
    /// one <c>istio-&lt;revision&gt;</c> ConfigMap per revision (as the istio-discovery chart names and labels it) with the
    /// given <c>rootNamespace</c>, plus the revision's sidecar injector ConfigMap, which has no <c>mesh</c> key.
    /// </summary>
    public static string RevisionConfigMaps(params (string Revision, string RootNamespace)[] revisions) =>
        "{\"kind\":\"ConfigMapList\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":\"52310\"},\"items\":[" + string.Join(",", revisions.SelectMany(r => new[]
        {
            $$$"""
            {"metadata":{"name":"istio-{{{r.Revision}}}","namespace":"istio-system","labels":{"app.kubernetes.io/name":"istiod","istio.io/rev":"{{{r.Revision}}}","release":"istiod-{{{r.Revision}}}"}},
             "data":{"mesh":"defaultConfig:\n  discoveryAddress: istiod-{{{r.Revision}}}.istio-system.svc:15012\nrootNamespace: {{{r.RootNamespace}}}\ntrustDomain: cluster.local","meshNetworks":"networks: {}"}}
            """,
            $$$"""
            {"metadata":{"name":"istio-sidecar-injector-{{{r.Revision}}}","namespace":"istio-system","labels":{"istio.io/rev":"{{{r.Revision}}}"}},"data":{"values":"{}"}}
            """,
        })) + "]}";

    /// <summary>A mesh-wide STRICT policy (no selector) in <paramref name="ns"/>, at security.istio.io/v1.</summary>
    public static string MeshWideStrict(string ns) => $$$$"""
        {"apiVersion":"security.istio.io/v1","kind":"PeerAuthenticationList","metadata":{"continue":"","resourceVersion":"52310"},"items":[
          {"apiVersion":"security.istio.io/v1","kind":"PeerAuthentication","metadata":{"name":"default","namespace":"{{{{ns}}}}","uid":"6b5a4c3d-2e1f-4a0b-9c8d-7e6f5a4b3c77",
            "resourceVersion":"51002","generation":1,"creationTimestamp":"2026-11-02T08:30:00Z"},"spec":{"mtls":{"mode":"STRICT"}}}
        ]}
        """;

    /// <summary>
    /// shop's running pods where the templates do not tell: nightly-report's Job pod got istio-proxy as a native sidecar
    /// (an init container with <c>restartPolicy: Always</c>, as istiod injects it with native sidecars on); catalog's pod is
    /// captured by ztunnel (<c>ambient.istio.io/redirection: enabled</c>, set by the CNI node agent) and has no sidecar; the
    /// bare db-migrate pod keeps its classic istio-proxy container.
    /// </summary>
    public const string ShopPodsNativeAndAmbient = """
        {"kind":"PodList","apiVersion":"v1","metadata":{"resourceVersion":"52311"},"items":[
          {"metadata":{"name":"nightly-report-29421840-7xk2p","generateName":"nightly-report-29421840-","namespace":"shop","uid":"1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c01",
            "resourceVersion":"50140","creationTimestamp":"2026-12-07T02:00:01Z","labels":{"batch.kubernetes.io/job-name":"nightly-report-29421840","security.istio.io/tlsMode":"istio"},
            "annotations":{"sidecar.istio.io/status":"{\"initContainers\":[\"istio-validation\",\"istio-proxy\"],\"containers\":null}"},
            "ownerReferences":[{"apiVersion":"batch/v1","kind":"Job","name":"nightly-report-29421840","uid":"f7a8b9c0-d1e2-4f3a-b4c5-d6e7f8a9b088","controller":true,"blockOwnerDeletion":true}]},
           "spec":{"initContainers":[{"name":"istio-proxy","image":"docker.io/istio/proxyv2:1.28.0","restartPolicy":"Always","resources":{},
              "terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File","imagePullPolicy":"IfNotPresent","securityContext":{"runAsUser":1337,"runAsGroup":1337}}],
             "containers":[{"name":"report","image":"registry.example.com/shop/report:1.0.0","resources":{},"terminationMessagePath":"/dev/termination-log",
              "terminationMessagePolicy":"File","imagePullPolicy":"IfNotPresent"}],
            "restartPolicy":"OnFailure","terminationGracePeriodSeconds":30,"dnsPolicy":"ClusterFirst","serviceAccountName":"default","nodeName":"worker-1","securityContext":{},"schedulerName":"default-scheduler"},
           "status":{"phase":"Running","podIP":"10.244.1.30"}},
          {"metadata":{"name":"catalog-5f7c9d8b4-q8r2m","generateName":"catalog-5f7c9d8b4-","namespace":"shop","uid":"2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d02",
            "resourceVersion":"48950","creationTimestamp":"2026-11-02T08:21:42Z","labels":{"app":"catalog","pod-template-hash":"5f7c9d8b4"},
            "annotations":{"ambient.istio.io/redirection":"enabled"},
            "ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"catalog-5f7c9d8b4","uid":"3c4d5e6f-7a8b-4c9d-8e0f-2a3b4c5d6e03","controller":true,"blockOwnerDeletion":true}]},
           "spec":{"containers":[{"name":"catalog","image":"registry.example.com/shop/catalog:2.0.1",
              "ports":[{"name":"http","containerPort":8080,"protocol":"TCP"},{"name":"metrics","containerPort":15090,"protocol":"TCP"}],
              "resources":{},"terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File","imagePullPolicy":"IfNotPresent"}],
            "restartPolicy":"Always","terminationGracePeriodSeconds":30,"dnsPolicy":"ClusterFirst","serviceAccountName":"default","nodeName":"worker-2","securityContext":{},"schedulerName":"default-scheduler"},
           "status":{"phase":"Running","podIP":"10.244.2.14"}},
          {"metadata":{"name":"db-migrate","namespace":"shop","uid":"2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5ebb","resourceVersion":"49210","creationTimestamp":"2026-11-03T10:02:44Z",
            "labels":{"run":"db-migrate","security.istio.io/tlsMode":"istio"},
            "annotations":{"sidecar.istio.io/status":"{\"initContainers\":[\"istio-init\"],\"containers\":[\"istio-proxy\"]}","sidecar.istio.io/nativeSidecar":"true"}},
           "spec":{"containers":[{"name":"db-migrate","image":"registry.example.com/shop/db-migrate:1.4.2","resources":{},
              "terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File","imagePullPolicy":"IfNotPresent"},
             {"name":"istio-proxy","image":"docker.io/istio/proxyv2:1.28.0","resources":{},"terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File",
              "imagePullPolicy":"IfNotPresent","securityContext":{"runAsUser":1337,"runAsGroup":1337}}],
            "restartPolicy":"Never","terminationGracePeriodSeconds":30,"dnsPolicy":"ClusterFirst","serviceAccountName":"default","nodeName":"worker-2","securityContext":{},"schedulerName":"default-scheduler"},
           "status":{"phase":"Running","podIP":"10.244.2.9"}}
        ]}
        """;
}
