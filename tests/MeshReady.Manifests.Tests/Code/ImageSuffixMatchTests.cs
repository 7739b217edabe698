using System;
using System.Collections.Generic;
using System.Linq;
using MeshReady.Manifests.Checks;
using MeshReady.Manifests.Code;
using MeshReady.Manifests.Loading;
using MeshReady.Manifests.Tests.Infrastructure;
using Xunit;

namespace MeshReady.Manifests.Tests.Code;

/// <summary>
/// Images that docker compose built and named '&lt;project&gt;_&lt;service&gt;' (dockersamples/example-voting-app
/// 63e9150, k8s-specifications/worker-deployment.yaml: 'dockersamples/examplevotingapp_worker' runs the Worker
/// project): where no image is named after the assembly, the one image whose name ends in it after a separator runs it.
/// </summary>
public class ImageSuffixMatchTests
{
    private static CheckOptions Code(string assembly, params string[] ports)
        => new() { Code = AssemblyMetadataReader.FromMetadata(assembly, ports.Select(p => new KeyValuePair<string, string>("MeshReady.Port", p))) };

    private static string Deployment(string name, string image, string ports = "")
        => $$"""
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              labels: {app: {{name}}}
              name: {{name}}
            spec:
              selector:
                matchLabels: {app: {{name}}}
              template:
                metadata:
                  labels: {app: {{name}}}
                spec:
                  containers:
                  - image: {{image}}
                    name: {{name}}
            {{ports}}
            """;

    private static string Voting(string workerImage = "dockersamples/examplevotingapp_worker")
        => string.Join("---\n", [
            Deployment("vote", "dockersamples/examplevotingapp_vote", "        ports:\n        - containerPort: 80\n          name: vote\n"),
            Deployment("result", "dockersamples/examplevotingapp_result", "        ports:\n        - containerPort: 80\n          name: result\n"),
            Deployment("worker", workerImage),
        ]);

    [Fact]
    public void ComposeNamedImageRunsTheWorkerProject()
    {
        // The worker listens on nothing and its container declares nothing: matched, there is nothing to say.
        ManifestAssert.ReportsNothing(Voting(), Code("Worker"));
        // Matched, so its facts are compared: a port the code listens on that the container does not declare.
        Assert.Equal(["MESH112"], ManifestAssert.Check(Voting(), Code("Worker", "8080|http|http|http|declared")).Select(f => f.RuleId));
    }

    [Fact]
    public void TheReportNamesTheMatchedWorkload()
    {
        var result = ManifestChecker.Check([ManifestLoader.LoadText(ManifestAssert.FileName, Voting())], Code("Worker"));
        Assert.Equal(["Deployment/worker (container 'worker')"], result.CodeRunsIn);
    }

    [Theory]
    [InlineData("dockersamples/networker")] // no separator before the name
    [InlineData("dockersamples/examplevotingapp_worker_v2")] // the name is not at the end
    public void ImageThatDoesNotEndInTheNameAfterASeparatorIsNoMatch(string image)
        => Assert.Equal(["MESH914"], ManifestAssert.Check(Voting(image), Code("Worker")).Select(f => f.RuleId));

    [Fact]
    public void TwoImagesEndingInTheNameMatchNeither()
    {
        var yaml = Voting() + "---\n" + Deployment("billing-worker", "shop/billing_worker:2.1");
        Assert.Equal(["MESH914"], ManifestAssert.Check(yaml, Code("Worker")).Select(f => f.RuleId));
    }

    [Fact]
    public void AnImageNamedAfterTheAssemblyWinsOverASuffix()
    {
        // 'worker:1.0' is named after Worker; the compose-named image is another workload's and gets no code facts.
        var yaml = Voting() + "---\n" + Deployment("worker-v2", "registry.example.com/worker:1.0", "        ports:\n        - containerPort: 8080\n          name: http\n");
        ManifestAssert.ReportsNothing(yaml, Code("Worker", "8080|http|http|http|declared"));
    }

    [Fact]
    public void AWorkloadMappingIsNeverOverriddenBySuffix()
        => Assert.Equal(["MESH914"], ManifestAssert.Check(Voting(), Code("Worker") with { Workload = "nosuch" }).Select(f => f.RuleId));
}
