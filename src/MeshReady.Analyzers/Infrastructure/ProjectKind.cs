using System;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MeshReady.Analyzers.Infrastructure;

/// <summary>What the compilation is, as far as rules about deployed services care.</summary>
internal static class ProjectKind
{
    private static readonly string[] TestFrameworkTypes =
    {
        "Xunit.FactAttribute",
        "NUnit.Framework.TestAttribute",
        "Microsoft.VisualStudio.TestTools.UnitTesting.TestMethodAttribute",
        "TUnit.Core.TestAttribute",
        "Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory`1",
        "Microsoft.AspNetCore.TestHost.TestServer",
        "BenchmarkDotNet.Attributes.BenchmarkAttribute",
    };

    /// <summary>Folder names under which projects are test code: test projects and the apps only tests start.</summary>
    private static readonly string[] TestFolders = { "test", "tests", "testassets", "test-assets", "test_assets", "testapps" };

    /// <summary>How many trailing folders of the project directory are looked at, so a checkout under <c>/srv/test/</c> is not test code.</summary>
    private const int FoldersLooked = 3;

    private static readonly char[] Separators = { '/', '\\' };

    /// <summary>
    /// Code that never runs in a pod: a test or benchmark project, or a test-asset app (see <see cref="IsTestAsset"/>).
    /// </summary>
    public static bool IsNotDeployed(KnownTypes types, AnalyzerOptions options)
    {
        var global = options.AnalyzerConfigOptionsProvider.GlobalOptions;
        return (global.TryGetValue("build_property.IsTestProject", out var isTest)
                && string.Equals(isTest?.Trim(), "true", StringComparison.OrdinalIgnoreCase))
            || IsTestOrBenchmark(types)
            || IsTestAsset(options);
    }

    /// <summary>
    /// A test or benchmark project (MSBuild <c>IsTestProject</c>, or a test framework, <c>WebApplicationFactory</c>, <c>TestServer</c> or BenchmarkDotNet
    /// referenced): its servers run on a developer machine or CI, never in a pod.
    /// </summary>
    private static bool IsTestOrBenchmark(KnownTypes types)
    {
        foreach (var name in TestFrameworkTypes)
        {
            if (types.Get(name) is not null)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A project in a test folder (<c>test/</c>, <c>tests/</c>, <c>testassets/</c> among the last three folders of
    /// <c>MSBuildProjectDirectory</c>): the web sites and servers that functional tests start, as in
    /// <c>src/Mvc/test/WebSites/BasicWebSite</c> or <c>testassets/InteropTestsWebsite</c>.
    /// </summary>
    private static bool IsTestAsset(AnalyzerOptions options)
    {
        if (!options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue("build_property.MSBuildProjectDirectory", out var directory)
            || string.IsNullOrWhiteSpace(directory))
        {
            return false;
        }

        var folders = directory.Split(Separators, StringSplitOptions.RemoveEmptyEntries);
        for (var i = Math.Max(0, folders.Length - FoldersLooked); i < folders.Length; i++)
        {
            foreach (var name in TestFolders)
            {
                if (string.Equals(folders[i], name, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>A long-running hosted program (ASP.NET Core or the generic host), the kind that runs in a meshed pod.</summary>
    public static bool IsHosted(KnownTypes types)
        => types.Get("Microsoft.Extensions.Hosting.IHost") is not null
            || types.Get("Microsoft.AspNetCore.Hosting.IWebHostBuilder") is not null;
}
