using MeshReady.Manifests.Checks;
using MeshReady.Manifests.Tests.Infrastructure;
using Xunit;

namespace MeshReady.Manifests.Tests.Checks;

/// <summary>Findings can be silenced per run (<c>--ignore</c> / <c>NoWarn</c>) and per object (annotation).</summary>
public class SuppressionTests
{
    private const string Services = """
        apiVersion: v1
        kind: Service
        metadata:
          name: legacy
          annotations:
            meshready.io/ignore: "MESH101, MESH105"
        spec:
          ports:
            - name: web
              port: 80
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: current
        spec:
          ports:
            - name: web # expect: MESH101
              port: 80
        """;

    [Fact]
    public void AnObjectsIgnoreAnnotationSilencesOnlyThatObject()
        => ManifestAssert.ReportsExactlyMarked(Services);

    [Fact]
    public void IgnoredRuleIdsAreNotReportedAtAll()
        => ManifestAssert.ReportsNothing(Services, new CheckOptions { Ignored = new System.Collections.Generic.HashSet<string>(["CS1591", "mesh101"], System.StringComparer.OrdinalIgnoreCase) });
}
