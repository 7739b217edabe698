using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace MeshReady.Analyzers.Tests.Infrastructure;

/// <summary>
/// Reference sets for test compilations. Every test compiles against a set only through
/// <see cref="ResolveAsync"/> (the verifiers' <see cref="MeshCodeFixTest{TAnalyzer, TCodeFix}"/> call it too),
/// which resolves each set once per test run, one set at a time, and fails naming the package when any package
/// of the set or of its dependency closure produced no assembly: a partial set never becomes a smaller compilation.
/// </summary>
public static class TestReferences
{
    private static readonly SemaphoreSlim OneSetAtATime = new(1, 1);

    private static readonly ConcurrentDictionary<ReferenceAssemblies, Lazy<Task<ImmutableArray<MetadataReference>>>> Resolved = new();

    /// <summary>net8.0 plus the ASP.NET Core 8 shared framework: what a typical meshed service compiles against.</summary>
    public static ReferenceAssemblies AspNetCore80 { get; } = ReferenceAssemblies.Net.Net80.AddPackages(
        ImmutableArray.Create(new PackageIdentity("Microsoft.AspNetCore.App.Ref", "8.0.0")));

    /// <summary>net8.0 alone: console programs and class libraries without ASP.NET Core.</summary>
    public static ReferenceAssemblies Net80 { get; } = ReferenceAssemblies.Net.Net80;

    /// <summary>
    /// A reference set with extra NuGet packages (gRPC, KubernetesClient, resilience). Built on
    /// <see cref="AspNetCore80"/>; name the packages the test's code uses, their dependencies come along.
    /// </summary>
    public static ReferenceAssemblies WithPackages(params (string Id, string Version)[] packages)
    {
        var builder = ImmutableArray.CreateBuilder<PackageIdentity>();
        foreach (var (id, version) in packages)
        {
            builder.Add(new PackageIdentity(id, version));
        }

        return AspNetCore80.AddPackages(builder.ToImmutable());
    }

    /// <summary>
    /// The metadata references of <paramref name="set"/>, complete or not at all: the set's packages and their
    /// dependency closure are fetched first (<see cref="PackageClosure"/>), then the testing library resolves the
    /// set, then every package with compile assets for the set's framework must have produced its assemblies.
    /// Resolved once per set and test run; a set that failed fails every test that uses it, with the same message.
    /// </summary>
    public static Task<ImmutableArray<MetadataReference>> ResolveAsync(ReferenceAssemblies set)
        => Resolved.GetOrAdd(set, s => new Lazy<Task<ImmutableArray<MetadataReference>>>(() => ResolveOneAtATimeAsync(s))).Value;

    // The testing library resolves into one shared folder; two sets at once would fetch the same packages twice.
    private static async Task<ImmutableArray<MetadataReference>> ResolveOneAtATimeAsync(ReferenceAssemblies set)
    {
        await OneSetAtATime.WaitAsync().ConfigureAwait(false);
        try
        {
            var closure = await PackageClosure.FetchAsync(set, CancellationToken.None).ConfigureAwait(false);
            var references = await set.ResolveAsync(LanguageNames.CSharp, CancellationToken.None).ConfigureAwait(false);
            closure.Verify(references);
            return references;
        }
        finally
        {
            OneSetAtATime.Release();
        }
    }
}
