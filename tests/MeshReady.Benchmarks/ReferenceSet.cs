using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;

namespace MeshReady.Benchmarks;

/// <summary>Where restore put the packages this project downloads (PackageDownload in the .csproj).</summary>
internal static class PackageFolder
{
    public static string Root { get; } = Metadata("NuGetPackageRoot");

    public static string NetAnalyzersVersion { get; } = Metadata("NetAnalyzersVersion");

    public static string PathOf(string packageId, string version, params string[] parts)
    {
        var path = Path.Combine(new[] { Root, packageId.ToLowerInvariant(), version }.Concat(parts).ToArray());
        return Directory.Exists(path) || File.Exists(path)
            ? path
            : throw new DirectoryNotFoundException($"{path} is missing: run 'dotnet restore tests/MeshReady.Benchmarks' first.");
    }

    private static string Metadata(string key)
        => typeof(PackageFolder).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
            ?? throw new InvalidOperationException($"assembly metadata {key} is missing");
}

/// <summary>net8.0 + ASP.NET Core 8 reference assemblies: what a typical meshed service compiles against.</summary>
internal static class ReferenceSet
{
    public static ImmutableArray<MetadataReference> AspNetCore80 { get; } =
        Load(PackageFolder.PathOf("Microsoft.NETCore.App.Ref", "8.0.0", "ref", "net8.0"))
            .AddRange(Load(PackageFolder.PathOf("Microsoft.AspNetCore.App.Ref", "8.0.0", "ref", "net8.0")));

    private static ImmutableArray<MetadataReference> Load(string folder)
        => Directory.EnumerateFiles(folder, "*.dll")
            .OrderBy(p => p, StringComparer.Ordinal)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToImmutableArray();
}
