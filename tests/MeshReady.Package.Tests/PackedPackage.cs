using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using MeshReady.Analyzers.Tests.Infrastructure;
using Xunit;

namespace MeshReady.Package.Tests;

/// <summary>
/// Packs MeshReady.Analyzers once per test run into a local feed outside the repository, and prepares an
/// isolated NuGet configuration (that feed plus the user's normal sources) and package folder, so that no
/// global NuGet state is touched and a stale copy of the package can never be restored.
/// </summary>
public sealed class PackedPackage : IAsyncLifetime
{
    public const string PackageId = "MeshReady.Analyzers";

    /// <summary>A fresh root for this run: the feed, the work copies and nuget.config live here.</summary>
    public string Root { get; } = Path.Combine(Path.GetTempPath(), "meshready-package-tests", Guid.NewGuid().ToString("N")[..12]);

    /// <summary>
    /// Packages restored by the samples: kept between runs for speed, minus MeshReady itself. One folder per
    /// repository checkout, so that two checkouts (worktrees) testing at once never share an extracted
    /// MeshReady.Analyzers 0.1.0 with different contents.
    /// </summary>
    public static string PackagesFolder { get; } = Path.Combine(Path.GetTempPath(), "meshready-package-tests", "packages-" + CheckoutKey());

    public string Feed => Path.Combine(Root, "feed");

    private static string CheckoutKey()
        => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Repository.Root)))[..12].ToLowerInvariant();

    public string Version { get; private set; } = "";

    public string NupkgPath { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Feed);
        var ourCached = Path.Combine(PackagesFolder, PackageId.ToLowerInvariant());
        if (Directory.Exists(ourCached))
        {
            Directory.Delete(ourCached, recursive: true);
        }

        await DotNet.RunCheckedAsync(
            Repository.Root,
            "pack", Repository.PathOf("src", "MeshReady.Package", "MeshReady.Package.csproj"),
            "-c", "Release", "-o", Feed);

        NupkgPath = Directory.GetFiles(Feed, PackageId + ".*.nupkg").Single();
        Version = Path.GetFileNameWithoutExtension(NupkgPath)[(PackageId.Length + 1)..];

        // Found by every dotnet command run below Root. No <clear/>: the user's own sources stay available
        // for the samples' other packages.
        await File.WriteAllTextAsync(Path.Combine(Root, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config>
                <add key="globalPackagesFolder" value="{PackagesFolder}" />
              </config>
              <packageSources>
                <add key="meshready-local" value="{Feed}" />
              </packageSources>
            </configuration>
            """);

        // Stop MSBuild from importing anything above the work copies.
        await File.WriteAllTextAsync(Path.Combine(Root, "Directory.Build.props"), "<Project />");
        await File.WriteAllTextAsync(Path.Combine(Root, "Directory.Build.targets"), "<Project />");
        await File.WriteAllTextAsync(Path.Combine(Root, "Directory.Packages.props"), "<Project />");
    }

    /// <summary>
    /// Copies a sample out of the repository (without bin/obj) and installs the packed package into it the way a
    /// user would: <c>dotnet add package MeshReady.Analyzers</c>.
    /// </summary>
    public async Task<string> InstallIntoCopyOfAsync(string sampleName, string copyName)
    {
        var target = CopyOf(sampleName, copyName);
        var project = Directory.GetFiles(target, "*.csproj").Single();
        await DotNet.RunCheckedAsync(target, "add", project, "package", PackageId, "--version", Version);
        return target;
    }

    /// <summary>Copies a sample out of the repository (without bin/obj) below <see cref="Root"/>; returns the copy's folder.</summary>
    public string CopyOf(string sampleName, string copyName)
    {
        var target = Path.Combine(Root, copyName);
        CopyDirectory(Repository.PathOf("samples", sampleName), target);
        return target;
    }

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A build server may still hold a file; the folder is in the temp directory and unique to this run.
        }

        return Task.CompletedTask;
    }

    private static void CopyDirectory(string source, string target)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            var first = relative.Split(Path.DirectorySeparatorChar)[0];
            if (first is "bin" or "obj")
            {
                continue;
            }

            var destination = Path.Combine(target, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PackedPackageCollection : ICollectionFixture<PackedPackage>
{
    public const string Name = "packed package";
}
