using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using k8s;
using k8s.Models;
using MeshReady.Manifests.Loading;
using MeshReady.Analyzers.Tests.Infrastructure;
using Xunit;
using YamlDotNet.RepresentationModel;

namespace MeshReady.Manifests.Tests.Loading;

/// <summary>
/// The loader reads models from the node tree it parsed for positions instead of handing the text to KubernetesYaml
/// a second time: these tests hold it to KubernetesYaml's reading, document by document.
/// </summary>
public class ModelReaderTests
{
    /// <summary>Fields whose reading is not plain: int-or-string, quantities, unquoted numbers and booleans in string fields, flow style, nulls.</summary>
    private const string Awkward = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: orders
          labels: {app: orders, version: v1}
          annotations:
            sidecar.istio.io/inject: "true"
            proxy.istio.io/config: |
              holdApplicationUntilProxyStarts: true
        spec:
          replicas: 3
          strategy:
            rollingUpdate: {maxSurge: 25%, maxUnavailable: 0}
          selector:
            matchLabels: {app: orders}
          template:
            metadata:
              labels: {app: orders}
            spec:
              terminationGracePeriodSeconds: 45
              securityContext: {runAsUser: 1000, runAsNonRoot: true}
              containers:
                - name: orders
                  image: orders:1.0
                  args: ["--port", "8080"]
                  env:
                    - name: ASPNETCORE_HTTP_PORTS
                      value: "8080"
                    - name: EMPTY
                      value:
                  ports:
                    - {name: http-orders, containerPort: 8080, protocol: TCP}
                  resources:
                    requests: {cpu: 250m, memory: 128Mi}
                    limits: {cpu: "1", memory: 1Gi}
                  readinessProbe:
                    httpGet: {path: /healthz, port: http-orders}
                  livenessProbe:
                    httpGet: {path: /live, port: 8080}
                    periodSeconds: 10
                  unknownField: ignored
        """;

    private const string Service = """
        apiVersion: v1
        kind: Service
        metadata: {name: orders, namespace: shop}
        spec:
          selector: {app: orders}
          ports:
            - name: http
              port: 80
              targetPort: http-orders
              appProtocol: kubernetes.io/h2c
            - port: 9090
              targetPort: 9090
        """;

    private const string Peer = """
        apiVersion: security.istio.io/v1
        kind: PeerAuthentication
        metadata: {name: default, namespace: istio-system}
        spec:
          mtls: {mode: STRICT}
          portLevelMtls:
            25: {mode: PERMISSIVE}
        """;

    public static TheoryData<string, string> Documents() => new()
    {
        { "awkward deployment", Awkward },
        { "service", Service },
        { "peer authentication", Peer },
        { "namespace", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    istio-injection: enabled\n" },
        { "cron job", "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec:\n  schedule: '*/5 * * * *'\n  jobTemplate:\n    spec:\n      backoffLimit: 2\n      template:\n        spec:\n          restartPolicy: Never\n          containers: [{name: c, image: c}]\n" },
    };

    [Theory]
    [MemberData(nameof(Documents))]
    public void ReadsWhatKubernetesYamlReads(string what, string yaml)
    {
        var root = Parse(yaml);
        var apiVersion = ((YamlScalarNode)root.Children["apiVersion"]).Value!;
        var kind = ((YamlScalarNode)root.Children["kind"]).Value!;
        var type = KubernetesKinds.ModelFor(apiVersion, kind)!;

        var ours = ModelReader.Read(root, type);
        var theirs = typeof(KubernetesYaml).GetMethod(nameof(KubernetesYaml.Deserialize), [typeof(string), typeof(bool)])!
            .MakeGenericMethod(type).Invoke(null, [yaml, false]);

        Assert.True(KubernetesJson.Serialize(theirs) == KubernetesJson.Serialize(ours), what);
        Assert.Equal(kind, ours.Kind);
    }

    [Fact]
    public void TheSamplesManifestsReadAsKubernetesYamlReadsThem()
    {
        var compared = 0;
        foreach (var file in Directory.EnumerateFiles(Repository.PathOf("samples"), "*.yaml", SearchOption.AllDirectories))
        {
            foreach (var chunk in YamlDocumentSplitter.Split(File.ReadAllText(file)))
            {
                var stream = new YamlStream();
                stream.Load(new StringReader(chunk.Text));
                if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root
                    || KubernetesKinds.ModelFor(Scalar(root, "apiVersion"), Scalar(root, "kind")) is not { } type)
                {
                    continue;
                }

                var theirs = typeof(KubernetesYaml).GetMethod(nameof(KubernetesYaml.Deserialize), [typeof(string), typeof(bool)])!
                    .MakeGenericMethod(type).Invoke(null, [chunk.Text, false]);
                Assert.True(KubernetesJson.Serialize(theirs) == KubernetesJson.Serialize(ModelReader.Read(root, type)), $"line {chunk.FirstLine + 1} of {file}");
                compared++;
            }
        }

        Assert.True(compared >= 5, $"only {compared} objects compared");
    }

    [Fact]
    public void MergeKeysMergeAsInKubectl()
    {
        var yaml = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: p
              labels: &common {app: orders, tier: web}
              annotations:
                <<: *common
                tier: overridden
            spec:
              containers: [{name: c, image: c}]
            """;
        var pod = (V1Pod)ModelReader.Read(Parse(yaml), typeof(V1Pod));

        Assert.Equal("orders", pod.Metadata.Annotations["app"]);
        Assert.Equal("overridden", pod.Metadata.Annotations["tier"]);
        Assert.Equal(new Dictionary<string, string> { ["app"] = "orders", ["tier"] = "web" }, pod.Metadata.Labels);
    }

    [Fact]
    public void AMismatchPointsAtTheFieldInTheFile()
    {
        var yaml = "# leading comment\n---\n" + Service.Replace("port: 9090", "port: ninety", StringComparison.Ordinal);
        var finding = Assert.Single(ManifestLoader.LoadText("svc.yaml", yaml).Findings);

        Assert.Equal("MESH912", finding.RuleId);
        Assert.Equal(2 + 11, finding.Location.Line);
    }

    private static string Scalar(YamlMappingNode mapping, string key)
        => mapping.Children.TryGetValue(key, out var value) && value is YamlScalarNode scalar ? scalar.Value ?? string.Empty : string.Empty;

    private static YamlMappingNode Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }
}
