using System;
using System.Collections.Generic;
using System.Linq;
using MeshReady.Manifests.Checks;
using MeshReady.Manifests.Code;
using MeshReady.Manifests.Model;
using MeshReady.Manifests.Tests.Infrastructure;
using Xunit;

namespace MeshReady.Manifests.Tests.Code;

/// <summary>MESH112 and MESH113: the code's ports against the matched container and its Services.</summary>
public class CodePortsCheckTests
{
    private static CheckOptions Code(string assembly, params string[] ports)
        => new() { Code = AssemblyMetadataReader.FromMetadata(assembly, ports.Select(p => new KeyValuePair<string, string>("MeshReady.Port", p))) };

    private const string Orders = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: orders-api}
        spec:
          template:
            metadata:
              labels: {app: orders-api}
            spec:
              containers:
                - name: orders-api
                  image: registry.example.com/shop/orders-api:1.4.2
                  ports: # expect: MESH112
                    - name: http-orders
                      containerPort: 8080
                    - name: http-legacy # expect: MESH113
                      containerPort: 5000
                - name: log-shipper
                  image: fluent/fluent-bit:3.0
                  ports:
                    - {name: http-fluent, containerPort: 2020}
        """;

    [Fact]
    public void PortsTheCodeListensOnButTheManifestLacksAndTheReverseAreReported()
    {
        var findings = ManifestAssert.ReportsExactlyMarked(Orders, Code("OrdersApi", "8080|http|http-orders|http|inferred", "8081|grpc|grpc-orders|grpc|declared"));
        Assert.Equal([Severity.Warning, Severity.Info], findings.Select(f => f.Severity));
        Assert.Contains("8081", findings[0].Message, StringComparison.Ordinal);
        Assert.Contains("appProtocol: grpc", findings[0].Message, StringComparison.Ordinal);
        Assert.Contains("5000", findings[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnInferredPortIsInfoAndAServiceTargetingItCountsAsDeclared()
    {
        var yaml = Orders.Replace(" # expect: MESH113", "", StringComparison.Ordinal).Replace("containerPort: 5000", "containerPort: 8081", StringComparison.Ordinal);
        var finding = Assert.Single(ManifestAssert.ReportsExactlyMarked(yaml, Code("OrdersApi", "8080|http|http-orders|http|inferred", "8081|grpc|grpc-orders|grpc|declared", "9000|http|http-admin|http|inferred")));
        Assert.Equal(Severity.Info, finding.Severity);

        ManifestAssert.ReportsNothing(yaml.Replace(" # expect: MESH112", "", StringComparison.Ordinal) + """

            ---
            apiVersion: v1
            kind: Service
            metadata: {name: orders-admin}
            spec:
              selector: {app: orders-api}
              ports:
                - {name: http-admin, port: 9000}
            """, Code("OrdersApi", "8080|http|http-orders|http|inferred", "8081|grpc|grpc-orders|grpc|declared", "9000|http|http-admin|http|inferred"));
    }

    [Fact]
    public void NothingIsComparedWithoutPortsOrWithoutAMatchingImage()
    {
        var clean = Orders.Replace(" # expect: MESH112", "", StringComparison.Ordinal).Replace(" # expect: MESH113", "", StringComparison.Ordinal);
        ManifestAssert.ReportsNothing(clean);
        ManifestAssert.ReportsNothing(clean, new CheckOptions { Code = AssemblyMetadataReader.FromMetadata("OrdersApi", [new("MeshReady.Workload", "service")]) });
        // Nothing is compared with a workload the code does not run in; that none matched is MESH914, and only that.
        Assert.Equal(["MESH914"], ManifestAssert.Check(clean, Code("InvoicesApi", "9999|http|http|http|declared")).Select(f => f.RuleId));
        Assert.Equal(["MESH914"], ManifestAssert.Check(clean, Code("OrdersApi", "9999|http|http|http|declared") with { Workload = "other-workload" }).Select(f => f.RuleId));
    }

    [Fact]
    public void AnExplicitMappingPicksTheWorkloadAndContainer()
    {
        var clean = Orders.Replace(" # expect: MESH112", "", StringComparison.Ordinal).Replace(" # expect: MESH113", "", StringComparison.Ordinal);
        var finding = Assert.Single(ManifestAssert.Check(clean, Code("Shipper", "2020|http|http-fluent|http|declared", "2021|http|http-metrics|http|declared") with { Workload = "orders-api/log-shipper" }));
        Assert.Equal("MESH112", finding.RuleId);
        Assert.Contains("log-shipper", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ANamespacedAssemblyNameMatchesTheImageByItsLastSegment()
    {
        var clean = Orders.Replace(" # expect: MESH112", "", StringComparison.Ordinal);
        ManifestAssert.ReportsExactlyMarked(clean, Code("Contoso.Shop.OrdersApi", "8080|http|http-orders|http|declared"));
    }
}
