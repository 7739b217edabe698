using System.Linq;
using System.Threading.Tasks;
using MeshReady.Analyzers.Lifecycle;
using MeshReady.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Startup = MeshReady.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MeshReady.Analyzers.Lifecycle.StartupCallAnalyzer>;

namespace MeshReady.Analyzers.Tests.Lifecycle;

/// <summary>
/// The catalogue's DaprClient entry names methods that exist. It named <c>PublishBulkEventAsync</c>, which
/// DaprClient never had, so dapr/dotnet-sdk's BulkPublishEventExample (<c>9a16009</c>), which calls
/// <c>BulkPublishEventAsync</c> at start-up, got no report.
/// </summary>
public class DaprClientCatalogueTests
{
    private static readonly ReferenceAssemblies Dapr = TestReferences.WithPackages(("Dapr.Client", "1.19.1"));

    [Fact]
    public async Task EveryMethodTheEntryNamesExistsOnDaprClient()
    {
        var references = await TestReferences.ResolveAsync(Dapr);
        var compilation = CSharpCompilation.Create("probe", references: references);
        var client = compilation.GetTypeByMetadataName("Dapr.Client.DaprClient");
        Assert.NotNull(client);
        var names = client!.GetMembers().OfType<IMethodSymbol>().Select(m => m.Name).ToHashSet();

        var entry = OutboundIoCatalogue.ForType("Dapr.Client.DaprClient").Single();
        Assert.All(entry.Methods, pattern => Assert.True(
            pattern.EndsWith('*') ? names.Any(n => n.StartsWith(pattern.TrimEnd('*'), System.StringComparison.Ordinal)) : names.Contains(pattern),
            "DaprClient 1.19.1 has no method " + pattern));
    }

    [Fact]
    public Task BulkPublishInAConsoleExampleIsReported()
        => Startup.VerifyAsync("""
            using System;
            using System.Collections.Generic;
            using System.Threading;
            using System.Threading.Tasks;
            using Dapr.Client;

            Example[] Examples = [new BulkPublishEventExample()];

            if (args.Length > 0 && int.TryParse(args[0], out var index) && index >= 0 && index < Examples.Length)
            {
                var cts = new CancellationTokenSource();
                await {|#0:Examples[index].RunAsync(cts.Token)|};
                return 0;
            }

            return 0;

            public abstract class Example
            {
                public abstract Task RunAsync(CancellationToken cancellationToken);
            }

            public sealed class BulkPublishEventExample : Example
            {
                IReadOnlyList<object> BulkPublishData = new List<object>() { new { Id = "17", Amount = 10m } };

                public override async Task RunAsync(CancellationToken cancellationToken)
                {
                    using var client = new DaprClientBuilder().Build();
                    var res = await client.BulkPublishEventAsync("pubsub", "deposit", BulkPublishData, cancellationToken: cancellationToken);
                    Console.WriteLine(res.FailedEntries.Count);
                }
            }
            """,
            editorConfig: null,
            references: Dapr,
            Startup.Diagnostic("MESH030").WithLocation(0).WithArguments(
                "'Example.RunAsync' → 'BulkPublishEventExample.RunAsync' → 'DaprClient.BulkPublishEventAsync'", "at start-up in Program.cs", DeepLifecycleTests.CrashLoops));
}
