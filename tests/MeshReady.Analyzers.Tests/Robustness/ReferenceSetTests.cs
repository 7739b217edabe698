using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MeshReady.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace MeshReady.Analyzers.Tests.Robustness;

/// <summary>
/// The test reference sets are complete or fail loudly: a package's dependencies come along even from a feed whose
/// metadata omits them, and a missing package or assembly is named instead of compiling a smaller project.
/// </summary>
public class ReferenceSetTests
{
    [Fact]
    public async Task A_package_brings_its_whole_dependency_closure()
    {
        var references = await TestReferences.ResolveAsync(TestReferences.WithPackages(("Grpc.Net.Client", "2.65.0")));
        var names = references.Select(r => System.IO.Path.GetFileNameWithoutExtension(r.Display)).ToHashSet();

        // Grpc.Net.Client -> Grpc.Net.Common -> Grpc.Core.Api: the namespace Grpc.Core lives two levels down.
        Assert.Contains("Grpc.Net.Client", names);
        Assert.Contains("Grpc.Net.Common", names);
        Assert.Contains("Grpc.Core.Api", names);
    }

    [Fact]
    public async Task A_resolution_that_lost_an_assembly_fails_naming_the_package_and_who_needs_it()
    {
        var set = TestReferences.WithPackages(("Grpc.Net.Client", "2.65.0"));
        var references = await TestReferences.ResolveAsync(set);
        var closure = await PackageClosure.FetchAsync(set, CancellationToken.None);
        var partial = references.Where(r => !r.Display!.EndsWith("Grpc.Core.Api.dll", StringComparison.Ordinal)).ToImmutableArray();

        var error = Assert.Throws<InvalidOperationException>(() => closure.Verify(partial));
        Assert.Contains("Grpc.Core.Api 2.65.0 (needed by Grpc.Net.Common 2.65.0 (needed by Grpc.Net.Client 2.65.0)) added no Grpc.Core.Api.dll", error.Message);
    }

    [Fact]
    public async Task A_version_the_feed_does_not_have_fails_naming_it()
    {
        // 0.0.1-missing is on no feed: the set must fail before any test compiles against it.
        var set = TestReferences.WithPackages(("Grpc.Net.Client", "0.0.1-missing"));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => TestReferences.ResolveAsync(set));
        Assert.Contains("Grpc.Net.Client 0.0.1-missing (named by the set) is missing from the feed", error.Message);
        Assert.Contains("2.65.0", error.Message);
    }
}
