using System;
using System.IO;

namespace MeshReady.Analyzers.Tests.Infrastructure;

/// <summary>Finds files of this repository (docs, README, samples) from a test's output folder.</summary>
public static class Repository
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    /// <summary>The folder that holds <c>MeshReady.Analyzers.sln</c>.</summary>
    public static string Root => RootPath.Value;

    public static string PathOf(params string[] parts) => Path.Combine(Root, Path.Combine(parts));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MeshReady.Analyzers.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("MeshReady.Analyzers.sln was not found above " + AppContext.BaseDirectory);
    }
}
