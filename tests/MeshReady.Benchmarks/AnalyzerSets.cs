using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using MeshReady.Analyzers.Tests.Catalogue;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MeshReady.Benchmarks;

/// <summary>The two analyzer packages compared: MeshReady's (by reflection) and NetAnalyzers' own DLLs.</summary>
internal static class AnalyzerSets
{
    public static ImmutableArray<DiagnosticAnalyzer> MeshReady() => RuleCatalog.Analyzers.ToImmutableArray();

    /// <summary>
    /// Every C# analyzer in Microsoft.CodeAnalysis.NetAnalyzers (the package's DLLs from the NuGet folder), as the
    /// compiler loads them. Which of them run is decided by each rule's default (the default rule set).
    /// </summary>
    public static ImmutableArray<DiagnosticAnalyzer> NetAnalyzers()
    {
        var folder = PackageFolder.PathOf("Microsoft.CodeAnalysis.NetAnalyzers", PackageFolder.NetAnalyzersVersion, "analyzers", "dotnet", "cs");
        var loader = new LoadFromLoader();
        return new[] { "Microsoft.CodeAnalysis.NetAnalyzers.dll", "Microsoft.CodeAnalysis.CSharp.NetAnalyzers.dll" }
            .SelectMany(dll =>
            {
                var reference = new AnalyzerFileReference(System.IO.Path.Combine(folder, dll), loader);
                reference.AnalyzerLoadFailed += (_, e) => throw e.Exception ?? new System.InvalidOperationException(e.Message);
                return reference.GetAnalyzers(LanguageNames.CSharp);
            })
            .ToImmutableArray();
    }

    private sealed class LoadFromLoader : IAnalyzerAssemblyLoader
    {
        public void AddDependencyLocation(string fullPath)
        {
        }

        public Assembly LoadFromPath(string fullPath) => Assembly.LoadFrom(fullPath);
    }
}
