using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace MeshReady.Package.Tests;

/// <summary>
/// The packed <c>meshready explain</c>, run in a sample project after a real build, names the line the build's own
/// SARIF logs (csc's error log, the manifest step's meshready.sarif) report for the symptom's most likely cause.
/// </summary>
[Collection(PackedPackageCollection.Name)]
public class ExplainPackagedToolTests(PackedPackage package)
{
    // istio/istio#51619 (https://github.com/istio/istio/issues/51619): an inbound 503 UC in Istio's default format.
    private const string UcLine =
        "[2024-06-18T10:19:42.614Z] \"POST /v1/accounting/api-portal/card/CSP_XXXXXXX/ORE00000/DEC000000/topup HTTP/1.1\" 503 UC " +
        "upstream_reset_before_response_started{connection_termination} - \"-\" 138 95 120001 - \"-\" \"-\" " +
        "\"ed37e325-1a4e-9827-b994-1a3317bcc0b1\" \"internal-api:8080\" \"10.34.127.167:8080\" inbound|8080|| 127.0.0.6:58719 " +
        "10.34.127.167:8080 10.34.126.119:57080 outbound_.8080_._.internal-api.default.svc.cluster.local default";

    [Fact]
    public async Task ExplainInABuiltSampleNamesTheLineFromTheBuildsSarif()
    {
        var copy = await package.InstallIntoCopyOfAsync("OrdersApi", "OrdersApi-explain");
        await SampleBuildTests.BuildAsync(copy);

        var tool = Path.Combine(PackedPackage.PackagesFolder, PackedPackage.PackageId.ToLowerInvariant(), package.Version, "tools", "meshready.dll");
        Assert.True(File.Exists(tool), tool);

        // The sample sets Kestrel's KeepAliveTimeout to 30 s on the line marked "expect: MESH015".
        var line = File.ReadAllLines(Path.Combine(copy, "Program.cs")).ToList().FindIndex(l => l.Contains("// expect: MESH015", System.StringComparison.Ordinal)) + 1;
        Assert.True(line > 0);

        var output = await DotNet.RunCheckedAsync(copy, tool, "explain", UcLine);
        Assert.Contains($"Your 503 UC is most likely Program.cs({line}):", output, System.StringComparison.Ordinal);
        Assert.Contains("(MESH015)", output, System.StringComparison.Ordinal);
        Assert.Contains("build.sarif", output, System.StringComparison.Ordinal);

        // A Job stuck at 1/2: the manifest step's finding on the sample's CronJob.
        output = await DotNet.RunCheckedAsync(copy, tool, "explain", "orders-cleanup-28411-x7k2p   1/2     Running   0   3h");
        Assert.Contains("Most likely cause in this project: k8s/orders-cleanup.yaml(", output.Replace('\\', '/'), System.StringComparison.Ordinal);
        Assert.Contains("(MESH106)", output, System.StringComparison.Ordinal);
    }
}
