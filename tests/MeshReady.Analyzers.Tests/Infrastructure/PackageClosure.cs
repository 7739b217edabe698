using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using NuGet.Common;
using NuGet.Configuration;
using NuGet.Frameworks;
using NuGet.Packaging;
using NuGet.Packaging.Core;
using NuGet.Packaging.Signing;
using NuGet.Protocol;
using NuGet.Protocol.Core.Types;
using NuGet.Versioning;
using Microsoft.CodeAnalysis;
using ReferenceAssemblies = Microsoft.CodeAnalysis.Testing.ReferenceAssemblies;

namespace MeshReady.Analyzers.Tests.Infrastructure;

/// <summary>
/// Puts a reference set's packages and their whole dependency closure into the folder the testing library
/// (Microsoft.CodeAnalysis.Testing 1.1.x) installs from, before the library resolves the set, and afterwards checks
/// that every one of them produced its assemblies.
/// </summary>
/// <remarks>
/// Why: on a cold cache the library alone returns partial sets without a word. It reads a package's dependencies
/// from the feed's registration metadata, which a feed may serve without dependency groups (the served copy here
/// does), so it installs a package but not its dependencies; it looks freshly extracted packages up by the id the
/// feed spelled (<c>grpc.net.client</c>) in a folder named by the nuspec's spelling (<c>Grpc.Net.Client.2.65.0</c>),
/// which a case-sensitive file system does not find, so the package is skipped; and it takes each dependency at
/// its minimum version only, dropping it when the feed lacks that version. Each package extracted there (where the
/// library's local source reads the nuspec itself) is found, with its real dependencies, on every run after.
/// </remarks>
internal sealed class PackageClosure
{
    private static readonly ILogger Log = NullLogger.Instance;

    private readonly ReferenceAssemblies set;
    private readonly List<Member> members;

    private PackageClosure(ReferenceAssemblies set, List<Member> members)
    {
        this.set = set;
        this.members = members;
    }

    /// <summary>The library's install folder: fixed by the library to <c>$TMPDIR/test-packages</c>.</summary>
    public static string InstallFolder => Path.Combine(Path.GetTempPath(), "test-packages");

    /// <summary>
    /// Installs every package of <paramref name="set"/> and of its dependency closure (the dependency group nearest
    /// to the set's framework, each dependency at its minimum version, as the library walks it). Throws, naming the
    /// package and who needs it, when one is on no package source.
    /// </summary>
    public static async Task<PackageClosure> FetchAsync(ReferenceAssemblies set, CancellationToken cancellationToken)
    {
        var framework = NuGetFramework.ParseFolder(set.TargetFramework);
        var settings = Settings.LoadDefaultSettings(root: null);
        var sources = new PackageSourceProvider(settings).LoadPackageSources()
            .Where(s => s.IsEnabled)
            .Select(s => NuGet.Protocol.Core.Types.Repository.Factory.GetCoreV3(s))
            .ToList();
        var globalFolder = SettingsUtility.GetGlobalPackagesFolder(settings);
        var extraction = new PackageExtractionContext(PackageSaveMode.Defaultv3, XmlDocFileSaveMode.None, ClientPolicyContext.GetClientPolicy(settings, Log), Log);
        Directory.CreateDirectory(InstallFolder);

        var members = new List<Member>();
        var missing = new List<string>();
        var seen = new HashSet<PackageIdentity>(PackageIdentityComparer.Default);
        var queue = new Queue<(PackageIdentity Package, Member? NeededBy, VersionRange? Range)>();
        if (set.ReferenceAssemblyPackage is { } referencePack)
        {
            queue.Enqueue((new PackageIdentity(referencePack.Id, NuGetVersion.Parse(referencePack.Version)), null, null));
        }

        foreach (var package in set.Packages)
        {
            queue.Enqueue((new PackageIdentity(package.Id, NuGetVersion.Parse(package.Version)), null, null));
        }

        using var cache = new SourceCacheContext();
        using (await InstallFolderLock.TakeAsync(cancellationToken).ConfigureAwait(false))
        {
            while (queue.Count > 0)
            {
                var (package, neededBy, range) = queue.Dequeue();
                if (!seen.Add(package))
                {
                    continue;
                }

                var folder = FindInstalled(package)
                    ?? await InstallAsync(package, globalFolder, sources, extraction, cache, cancellationToken).ConfigureAwait(false);
                if (folder is null)
                {
                    if (!NamedBySet(set, package.Id, range))
                    {
                        missing.Add(await DescribeMissingAsync(package, neededBy, range, sources, cache, cancellationToken).ConfigureAwait(false));
                    }

                    continue;
                }

                var member = new Member(package, folder, neededBy, CompileAssemblies(folder, framework));
                members.Add(member);
                var reader = new PackageFolderReader(folder);
                var group = NuGetFrameworkUtility.GetNearest(reader.GetPackageDependencies(), framework);
                foreach (var dependency in group?.Packages ?? Enumerable.Empty<PackageDependency>())
                {
                    // The library skips dependencies that exclude compile assets, and takes the minimum version.
                    if (!dependency.Exclude.Contains("Compile", StringComparer.OrdinalIgnoreCase) && dependency.VersionRange.MinVersion is { } min)
                    {
                        queue.Enqueue((new PackageIdentity(dependency.Id, min), member, dependency.VersionRange));
                    }
                }
            }
        }

        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"Reference set {Describe(set)} cannot be complete: "
                + string.Join(" ", missing)
                + " The testing library takes each dependency at its minimum version, so a set must name a version the feed has"
                + " (look it up in the feed, then add it to the set's packages).");
        }

        return new PackageClosure(set, members);
    }

    /// <summary>
    /// Throws, naming each package and the assemblies it should have added, unless every package of the closure
    /// with compile assets for the framework is in <paramref name="references"/> (by assembly name: the library
    /// keeps one assembly of a name, the newest).
    /// </summary>
    public void Verify(ImmutableArray<MetadataReference> references)
    {
        var names = new HashSet<string>(
            references.Select(r => Path.GetFileNameWithoutExtension(r.Display ?? string.Empty)),
            StringComparer.OrdinalIgnoreCase);
        var problems = new StringBuilder();
        foreach (var member in members)
        {
            var absent = member.Assemblies.Where(a => !names.Contains(a)).ToList();
            if (absent.Count > 0)
            {
                problems.Append(" ").Append(member.Chain()).Append(" added no ").Append(string.Join(", ", absent.Select(a => a + ".dll"))).Append('.');
            }
        }

        if (set.ReferenceAssemblyPackage is { } referencePack && set.ReferenceAssemblyPath is { } path)
        {
            var pack = members.FirstOrDefault(m => string.Equals(m.Package.Id, referencePack.Id, StringComparison.OrdinalIgnoreCase));
            var folder = pack is null ? null : Path.GetFullPath(Path.Combine(pack.Folder, path));
            if (folder is null || !references.Any(r => r.Display?.StartsWith(folder, StringComparison.Ordinal) == true))
            {
                problems.Append($" The framework's reference pack {referencePack.Id} {referencePack.Version} added no assembly from {path}.");
            }
        }

        if (problems.Length > 0)
        {
            throw new InvalidOperationException(
                $"Reference set {Describe(set)} resolved incompletely ({references.Length} references); tests on it would compile"
                + $" against fewer types than the packages provide:{problems} Packages are installed in {InstallFolder}.");
        }
    }

    /// <summary>
    /// A dependency whose minimum version the feed lacks is fine when the set names a version of it in the range:
    /// the library's resolver picks that one.
    /// </summary>
    private static bool NamedBySet(ReferenceAssemblies set, string id, VersionRange? range)
        => range is not null && set.Packages.Any(p => string.Equals(p.Id, id, StringComparison.OrdinalIgnoreCase) && range.Satisfies(NuGetVersion.Parse(p.Version)));

    private static string Describe(ReferenceAssemblies set)
        => $"'{set.TargetFramework}"
            + (set.ReferenceAssemblyPackage is { } p ? $" ({p.Id} {p.Version})" : string.Empty)
            + string.Concat(set.Packages.Select(p => $" + {p.Id} {p.Version}"))
            + "'";

    /// <summary>The package's folder in the install folder, found whatever the spelling of its id.</summary>
    private static string? FindInstalled(PackageIdentity package)
    {
        var name = package.Id + "." + package.Version.ToNormalizedString();
        var folder = Directory.EnumerateDirectories(InstallFolder)
            .FirstOrDefault(d => string.Equals(Path.GetFileName(d), name, StringComparison.OrdinalIgnoreCase));

        // A folder without its .nupkg is an interrupted extraction: install again.
        return folder is not null && Directory.EnumerateFiles(folder, "*.nupkg").Any() ? folder : null;
    }

    /// <summary>Extracts the package from the global packages folder when restore put it there, else from a source.</summary>
    private static async Task<string?> InstallAsync(
        PackageIdentity package, string globalFolder, IReadOnlyList<SourceRepository> sources, PackageExtractionContext extraction, SourceCacheContext cache, CancellationToken cancellationToken)
    {
        using var nupkg = new MemoryStream();
        string? source = null;
        if (LocalFolderUtility.GetPackageV3(globalFolder, package, Log) is { } restored)
        {
            using var file = File.OpenRead(restored.Path);
            await file.CopyToAsync(nupkg, cancellationToken).ConfigureAwait(false);
            source = globalFolder;
        }
        else
        {
            foreach (var repository in sources)
            {
                var finder = await repository.GetResourceAsync<FindPackageByIdResource>(cancellationToken).ConfigureAwait(false);
                if (await finder.CopyNupkgToStreamAsync(package.Id, package.Version, nupkg, cache, Log, cancellationToken).ConfigureAwait(false))
                {
                    source = repository.PackageSource.Source;
                    break;
                }

                nupkg.SetLength(0);
            }
        }

        if (source is null)
        {
            return null;
        }

        nupkg.Position = 0;
        await PackageExtractor.ExtractPackageAsync(source, nupkg, new PackagePathResolver(InstallFolder), extraction, cancellationToken).ConfigureAwait(false);
        return FindInstalled(package)
            ?? throw new InvalidOperationException($"{package} was extracted from {source} but is not in {InstallFolder}.");
    }

    private static async Task<string> DescribeMissingAsync(
        PackageIdentity package, Member? neededBy, VersionRange? range, IReadOnlyList<SourceRepository> sources, SourceCacheContext cache, CancellationToken cancellationToken)
    {
        var versions = new SortedSet<NuGetVersion>();
        foreach (var repository in sources)
        {
            var finder = await repository.GetResourceAsync<FindPackageByIdResource>(cancellationToken).ConfigureAwait(false);
            versions.UnionWith(await finder.GetAllVersionsAsync(package.Id, cache, Log, cancellationToken).ConfigureAwait(false));
        }

        var who = neededBy is null ? "named by the set" : $"needed as {range?.PrettyPrint()} by {neededBy.Chain()}";
        var what = versions.Count == 0 ? "no version of it is on the package sources" : "the package sources have only " + string.Join(", ", versions.Select(v => v.ToNormalizedString()));
        return $"{package.Id} {package.Version.ToNormalizedString()} ({who}) is missing from the feed: {what}.";
    }

    /// <summary>Compile assets for the framework as the library picks them: the nearest <c>ref/</c> group, else the nearest <c>lib/</c> group.</summary>
    private static ImmutableArray<string> CompileAssemblies(string folder, NuGetFramework framework)
    {
        var reader = new PackageFolderReader(folder);
        var reducer = new FrameworkReducer();
        var groups = reader.GetItems(PackagingConstants.Folders.Ref).ToList();
        var nearest = reducer.GetNearest(framework, groups.Select(g => g.TargetFramework));
        if (nearest is null)
        {
            groups = reader.GetLibItems().ToList();
            nearest = reducer.GetNearest(framework, groups.Select(g => g.TargetFramework));
        }

        return nearest is null
            ? ImmutableArray<string>.Empty
            : groups.First(g => g.TargetFramework == nearest).Items
                .Where(i => Path.GetExtension(i).ToLowerInvariant() is ".dll" or ".exe" or ".winmd")
                .Select(Path.GetFileNameWithoutExtension)
                .ToImmutableArray()!;
    }

    private sealed record Member(PackageIdentity Package, string Folder, Member? NeededBy, ImmutableArray<string> Assemblies)
    {
        public string Chain() => NeededBy is null
            ? $"{Package.Id} {Package.Version.ToNormalizedString()}"
            : $"{Package.Id} {Package.Version.ToNormalizedString()} (needed by {NeededBy.Chain()})";
    }

    /// <summary>The library's own cross-process lock on the install folder (an exclusive open of <c>.lock</c>).</summary>
    private static class InstallFolderLock
    {
        public static async Task<IDisposable> TakeAsync(CancellationToken cancellationToken)
        {
            while (true)
            {
                try
                {
                    return File.Open(Path.Combine(InstallFolder, ".lock"), FileMode.OpenOrCreate, FileAccess.Read, FileShare.None);
                }
                catch (IOException)
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }
}
