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

    /// <summary>
    /// A test or benchmark project (MSBuild <c>IsTestProject</c>, or a test framework, <c>WebApplicationFactory</c>,
    /// <c>TestServer</c> or BenchmarkDotNet referenced): its servers run on a developer machine or CI, never in a pod.
    /// </summary>
    public static bool IsTestOrBenchmark(KnownTypes types, AnalyzerOptions options)
    {
        if (options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue("build_property.IsTestProject", out var isTest)
            && string.Equals(isTest?.Trim(), "true", System.StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        foreach (var name in TestFrameworkTypes)
        {
            if (types.Get(name) is not null)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A long-running hosted program (ASP.NET Core or the generic host), the kind that runs in a meshed pod.</summary>
    public static bool IsHosted(KnownTypes types)
        => types.Get("Microsoft.Extensions.Hosting.IHost") is not null
            || types.Get("Microsoft.AspNetCore.Hosting.IWebHostBuilder") is not null;
}
