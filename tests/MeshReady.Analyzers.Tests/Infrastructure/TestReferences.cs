using System.Collections.Immutable;
using Microsoft.CodeAnalysis.Testing;

namespace MeshReady.Analyzers.Tests.Infrastructure;

/// <summary>
/// Reference assemblies for test compilations, resolved from NuGet once per test run and shared by every
/// test (the testing library caches the packages on disk; these statics cache the resolved set).
/// </summary>
public static class TestReferences
{
    /// <summary>net8.0 plus the ASP.NET Core 8 shared framework: what a typical meshed service compiles against.</summary>
    public static ReferenceAssemblies AspNetCore80 { get; } = ReferenceAssemblies.Net.Net80.AddPackages(
        ImmutableArray.Create(new PackageIdentity("Microsoft.AspNetCore.App.Ref", "8.0.0")));

    /// <summary>net8.0 alone: console programs and class libraries without ASP.NET Core.</summary>
    public static ReferenceAssemblies Net80 { get; } = ReferenceAssemblies.Net.Net80;

    /// <summary>
    /// A reference set with extra NuGet packages (gRPC, KubernetesClient, resilience). Built on
    /// <see cref="AspNetCore80"/>; cache the result in a static field of the test class that needs it.
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
}
