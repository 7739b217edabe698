using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MeshReady.Package.Tests.Editor;

/// <summary>
/// The packed nupkg's <c>analyzers/dotnet/cs</c> folder loaded the way Visual Studio and Rider load an analyzer
/// package: the assemblies are extracted from the nupkg and loaded by path into their own
/// <see cref="AssemblyLoadContext"/>, Roslyn itself is shared with the host, the analyzers and generators come through
/// <see cref="AnalyzerFileReference"/>s, and the code fixes are the types exported with
/// <see cref="ExportCodeFixProviderAttribute"/> (the MEF export the IDEs discover).
/// </summary>
internal sealed class PackagedAnalyzers : AssemblyLoadContext, IAnalyzerAssemblyLoader
{
    private readonly ConcurrentDictionary<string, Assembly> _loaded = new(StringComparer.Ordinal);

    private PackagedAnalyzers(string folder)
        : base("MeshReady.Analyzers nupkg", isCollectible: false)
    {
        Folder = folder;
        var paths = Directory.GetFiles(folder, "*.dll").Order(StringComparer.Ordinal).ToArray();
        References = paths.Select(path => new AnalyzerFileReference(path, this)).ToImmutableArray<AnalyzerReference>();
        Analyzers = References.SelectMany(r => r.GetAnalyzers(LanguageNames.CSharp)).ToImmutableArray();
        CodeFixProviders = paths
            .SelectMany(path => LoadFromPath(path).GetTypes())
            .Where(t => !t.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(t)
                && t.GetCustomAttribute<ExportCodeFixProviderAttribute>()?.Languages.Contains(LanguageNames.CSharp) == true)
            .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!)
            .ToImmutableArray();
    }

    /// <summary>Where the package's <c>analyzers/dotnet/cs</c> files were extracted.</summary>
    public string Folder { get; }

    public ImmutableArray<AnalyzerReference> References { get; }

    public ImmutableArray<DiagnosticAnalyzer> Analyzers { get; }

    public ImmutableArray<CodeFixProvider> CodeFixProviders { get; }

    public static PackagedAnalyzers Extract(string nupkg, string folder)
    {
        Directory.CreateDirectory(folder);
        using var zip = ZipFile.OpenRead(nupkg);
        foreach (var entry in zip.Entries.Where(e => e.FullName.StartsWith("analyzers/dotnet/cs/", StringComparison.Ordinal) && e.Name.Length > 0))
        {
            entry.ExtractToFile(Path.Combine(folder, entry.Name), overwrite: true);
        }

        return new PackagedAnalyzers(folder);
    }

    public Assembly LoadFromPath(string fullPath) => _loaded.GetOrAdd(Path.GetFullPath(fullPath), LoadFromAssemblyPath);

    public void AddDependencyLocation(string fullPath)
    {
        // Every dependency the package ships sits in Folder; Load finds it there.
    }

    /// <summary>The package's own assemblies from its folder; everything else (Roslyn, the BCL) from the host, as in the IDE.</summary>
    protected override Assembly? Load(AssemblyName assemblyName)
    {
        var candidate = Path.Combine(Folder, assemblyName.Name + ".dll");
        return File.Exists(candidate) ? LoadFromPath(candidate) : null;
    }

    /// <summary>The equivalence key a provider publishes (CONTRIBUTING: a public <c>EquivalenceKey</c> constant).</summary>
    public static string EquivalenceKeyOf(CodeFixProvider provider)
        => (string)provider.GetType().GetField("EquivalenceKey", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;

    public static IEnumerable<string> Names(IEnumerable<CodeFixProvider> providers) => providers.Select(p => p.GetType().Name);
}
