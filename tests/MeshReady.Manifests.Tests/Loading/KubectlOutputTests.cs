using System;
using System.IO;
using System.Linq;
using k8s.Models;
using MeshReady.Manifests.Loading;
using MeshReady.Manifests.Tests.Infrastructure;
using MeshReady.Tool;
using Xunit;

namespace MeshReady.Manifests.Tests.Loading;

/// <summary>
/// What <c>kubectl get -o yaml|json</c> prints: a <c>kind: List</c> (or the API's typed <c>DeploymentList</c>) whose items
/// are checked one by one with their own file and line, read from a file, a folder or standard input.
/// </summary>
public class KubectlOutputTests
{
    // Shaped like `kubectl get deploy,svc -n shop -o yaml`: server-filled fields included.
    private const string KubectlList = """
        apiVersion: v1
        items:
        - apiVersion: apps/v1
          kind: Deployment
          metadata:
            annotations:
              deployment.kubernetes.io/revision: "3"
            creationTimestamp: "2026-11-30T08:12:44Z"
            generation: 3
            name: orders-api
            namespace: shop
            resourceVersion: "918273"
            uid: 2b1c7a52-0d4e-4c55-9a0e-6f1d2b3c4d5e
          spec:
            progressDeadlineSeconds: 600
            replicas: 2
            selector:
              matchLabels:
                app: orders-api
            template:
              metadata:
                labels:
                  app: orders-api
              spec:
                containers:
                - image: registry.example.com/shop/orders-api:1.4.2
                  imagePullPolicy: IfNotPresent
                  name: orders-api
                  ports:
                  - containerPort: 8080
                    name: http-orders
                    protocol: TCP
                  securityContext:
                    runAsUser: 1337 # expect: MESH109
                dnsPolicy: ClusterFirst
                restartPolicy: Always
          status:
            availableReplicas: 2
            replicas: 2
        - apiVersion: v1
          kind: Service
          metadata:
            name: orders-api
            namespace: shop
            resourceVersion: "918200"
          spec:
            clusterIP: 10.96.14.7
            clusterIPs:
            - 10.96.14.7
            ports:
            - name: web # expect: MESH101
              port: 80
              protocol: TCP
              targetPort: http-orders
            selector:
              app: orders-api
            type: ClusterIP
          status:
            loadBalancer: {}
        kind: List
        metadata:
          resourceVersion: ""
        """;

    [Fact]
    public void AKubectlListIsCheckedItemByItemWithTheItemsLines()
    {
        var findings = ManifestAssert.ReportsExactlyMarked(KubectlList);
        Assert.Contains(findings, f => f.Message.Contains("Deployment/orders-api", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Message.Contains("Service/orders-api", StringComparison.Ordinal));

        var file = ManifestLoader.LoadText("live.yaml", KubectlList);
        Assert.Equal(["Deployment", "Service"], file.Objects.Select(o => o.Kind));
        Assert.Equal(10, file.Objects[0].Location.Line);
        Assert.Equal(43, file.Objects[1].Location.Line);
    }

    [Fact]
    public void AnIgnoreAnnotationOnOneItemSilencesOnlyThatItem()
    {
        var yaml = KubectlList
            .Replace("      deployment.kubernetes.io/revision: \"3\"", "      deployment.kubernetes.io/revision: \"3\"\n      meshready.io/ignore: MESH109,MESH101", StringComparison.Ordinal)
            .Replace("runAsUser: 1337 # expect: MESH109", "runAsUser: 1337", StringComparison.Ordinal);
        ManifestAssert.ReportsExactlyMarked(yaml);
    }

    [Fact]
    public void ATypedListFromTheApiServerNamesItsItemsKind()
    {
        // GET /apis/apps/v1/namespaces/shop/deployments: items carry no kind or apiVersion.
        var yaml = """
            apiVersion: apps/v1
            kind: DeploymentList
            metadata: {resourceVersion: "918273"}
            items:
              - metadata: {name: billing, namespace: shop}
                spec:
                  selector: {matchLabels: {app: billing}}
                  template:
                    metadata: {labels: {app: billing}}
                    spec:
                      securityContext: {runAsUser: 1337} # expect: MESH109
                      containers:
                        - {name: billing, image: billing:1}
              - metadata: {name: ledger, namespace: shop}
                spec:
                  selector: {matchLabels: {app: ledger}}
                  template:
                    metadata: {labels: {app: ledger}}
                    spec:
                      containers:
                        - {name: ledger, image: ledger:1}
            """;
        ManifestAssert.ReportsExactlyMarked(yaml);
        var file = ManifestLoader.LoadText("deployments.yaml", yaml);
        Assert.All(file.Objects, o => Assert.IsType<V1Deployment>(o.Model));
        Assert.Equal(["billing", "ledger"], file.Objects.Select(o => o.Name));
    }

    [Fact]
    public void AnItemThatDoesNotFitItsSchemaCostsOnlyThatItem()
    {
        var yaml = """
            apiVersion: v1
            kind: List
            items:
              - apiVersion: v1
                kind: Service
                metadata: {name: broken}
                spec:
                  ports:
                    - port: eighty # expect: MESH912
              - apiVersion: v1
                kind: Service
                metadata: {name: fine}
                spec:
                  ports:
                    - name: web # expect: MESH101
                      port: 80
            """;
        var findings = ManifestAssert.Check(yaml);
        Assert.Contains(findings, f => f.RuleId == "MESH101" && f.Message.Contains("Service/fine", StringComparison.Ordinal));
        var schema = Assert.Single(findings, f => f.RuleId == "MESH912");
        Assert.Equal(9, schema.Location.Line); // the broken field of the broken item, as for a document of its own
    }

    private static (int ExitCode, string Out, string Error) Run(string stdin, params string[] args)
    {
        using var input = new StringReader(stdin);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = Cli.Run(args, input, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void ADashReadsStandardInput()
    {
        var (exit, output, error) = Run(KubectlList, "check", "-", "--format", "msbuild");
        Assert.True(exit == ExitCodes.Findings, error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Contains(lines, l => l.StartsWith("<stdin>(34,13): warning MESH109: ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("<stdin>(", StringComparison.Ordinal) && l.Contains("MESH101", StringComparison.Ordinal));

        var (_, text, _) = Run(KubectlList, "check", "-", "--fail-on", "never");
        Assert.Contains("1 file(s), 2 Kubernetes object(s) checked", text, StringComparison.Ordinal);
    }

    [Fact]
    public void AFolderOfKubectlJsonOutputIsCheckedAsFilesAre()
    {
        var directory = Path.Combine(Path.GetTempPath(), "meshready-manifest-tests", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(directory);
        // `kubectl get deploy -o json > live/deploy.json`
        File.WriteAllText(Path.Combine(directory, "deploy.json"), """
            {
                "apiVersion": "v1",
                "items": [
                    {
                        "apiVersion": "apps/v1",
                        "kind": "Deployment",
                        "metadata": {"name": "orders-api", "namespace": "shop"},
                        "spec": {
                            "selector": {"matchLabels": {"app": "orders-api"}},
                            "template": {
                                "metadata": {"labels": {"app": "orders-api"}},
                                "spec": {
                                    "containers": [{"name": "orders-api", "image": "orders-api:1", "securityContext": {"runAsUser": 1337}}]
                                }
                            }
                        }
                    }
                ],
                "kind": "List",
                "metadata": {"resourceVersion": ""}
            }
            """);
        File.WriteAllText(Path.Combine(directory, "notes.txt"), "not a manifest");
        var (exit, output, error) = Run(string.Empty, "check", directory, "--format", "msbuild");
        Assert.True(exit == ExitCodes.Findings, error + output);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches("^" + System.Text.RegularExpressions.Regex.Escape(Path.Combine(directory, "deploy.json")) + @"\(13,[0-9]+\): warning MESH109: ", line);
    }
}
