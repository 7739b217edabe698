using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using MeshReady.Manifests;
using MeshReady.Manifests.Checks;
using MeshReady.Manifests.Loading;

namespace MeshReady.Benchmarks;

/// <summary>
/// Benchmark C: the manifest checker (load with positions + every check) over one file of N Kubernetes objects —
/// Deployments with sidecar annotations, probes and named ports, and the Services in front of them — in process,
/// warm. Target: a 1,000-object manifest in well under a second.
/// </summary>
internal static class ManifestCostReport
{
    private static readonly TimeSpan Target = TimeSpan.FromSeconds(1);

    public static bool Run(int objects, int repeat, TextWriter output)
    {
        var text = Manifest(objects);
        const string path = "generated/1000-objects.yaml";

        // Warm-up: JIT, KubernetesClient's type maps.
        ManifestChecker.Check(new[] { ManifestLoader.LoadText(path, Manifest(10)) }, new CheckOptions());

        var load = Measurement.Median(repeat, () => ManifestLoader.LoadText(path, text));
        var file = ManifestLoader.LoadText(path, text);
        var check = Measurement.Median(repeat, () => ManifestChecker.Check(new[] { file }, new CheckOptions()));
        var total = Measurement.Median(repeat, () => ManifestChecker.Check(new[] { ManifestLoader.LoadText(path, text) }, new CheckOptions()));
        var result = ManifestChecker.Check(new[] { file }, new CheckOptions());

        output.WriteLine($"Manifest: {result.ObjectCount} objects, {text.Length / 1024} KiB, {result.Findings.Count} findings; median of {repeat}.");
        output.WriteLine();
        output.WriteLine("| Step | Median time | Allocated |");
        output.WriteLine("|---|---:|---:|");
        output.WriteLine($"| Load (YAML with positions + KubernetesClient models) | {Ms(load.Elapsed)} | {Mb(load.AllocatedBytes)} |");
        output.WriteLine($"| Checks (all MESH1nn) | {Ms(check.Elapsed)} | {Mb(check.AllocatedBytes)} |");
        output.WriteLine($"| Load + checks | {Ms(total.Elapsed)} | {Mb(total.AllocatedBytes)} |");
        output.WriteLine();
        var met = total.Elapsed < Target;
        output.WriteLine($"Target: {objects:N0} objects in well under {Ms(Target)}: **{(met ? "met" : "missed")}**.");
        return met;
    }

    /// <summary>Half Deployments, half Services; every tenth Service without a protocol so the checks have work.</summary>
    internal static string Manifest(int objects)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < objects / 2; i++)
        {
            var name = "svc-" + i.ToString(CultureInfo.InvariantCulture);
            builder.Append(CultureInfo.InvariantCulture, $"""
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: {name}
                  labels: {"{"}app: {name}{"}"}
                spec:
                  replicas: 2
                  selector:
                    matchLabels: {"{"}app: {name}{"}"}
                  template:
                    metadata:
                      labels: {"{"}app: {name}, sidecar.istio.io/inject: "true"{"}"}
                      annotations:
                        proxy.istio.io/config: |
                          holdApplicationUntilProxyStarts: true
                    spec:
                      terminationGracePeriodSeconds: 45
                      containers:
                        - name: app
                          image: registry.example.com/shop/{name}:1.0.{i}
                          ports:
                            - name: http-api
                              containerPort: 8080
                            - name: grpc-internal
                              containerPort: 9090
                          readinessProbe:
                            httpGet: {"{"}path: /healthz, port: http-api{"}"}
                ---
                apiVersion: v1
                kind: Service
                metadata:
                  name: {name}
                spec:
                  selector: {"{"}app: {name}{"}"}
                  ports:
                    - name: {(i % 10 == 0 ? "api" : "http-api")}
                      port: 80
                      targetPort: http-api
                    - name: grpc-internal
                      port: 9090
                      targetPort: 9090
                ---

                """);
        }

        return builder.ToString();
    }

    private static string Ms(TimeSpan value) => value.TotalMilliseconds.ToString("N1", CultureInfo.InvariantCulture) + " ms";

    private static string Mb(long bytes) => (bytes / 1024.0 / 1024.0).ToString("N1", CultureInfo.InvariantCulture) + " MB";
}
