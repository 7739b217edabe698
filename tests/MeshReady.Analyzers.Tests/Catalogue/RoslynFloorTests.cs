using System;
using System.Linq;
using Xunit;

namespace MeshReady.Analyzers.Tests.Catalogue;

/// <summary>
/// The shipped assemblies must load in a Roslyn 4.8 compiler (.NET 8 SDK, VS 17.8), and the analyzer assembly
/// must not depend on Workspaces (the command-line compiler does not have it; RS1038).
/// </summary>
public class RoslynFloorTests
{
    private static readonly Version Floor = new(4, 8, 0, 0);

    [Fact]
    public void AnalyzerAssemblyTargetsTheRoslynFloorWithoutWorkspaces()
    {
        var references = RuleCatalog.AnalyzerAssembly.GetReferencedAssemblies();
        var roslyn = references.Single(r => r.Name == "Microsoft.CodeAnalysis");
        Assert.True(roslyn.Version <= Floor, $"MeshReady.Analyzers references Microsoft.CodeAnalysis {roslyn.Version}, above the {Floor} floor");
        Assert.DoesNotContain(references, r => r.Name!.StartsWith("Microsoft.CodeAnalysis.Workspaces", StringComparison.Ordinal));
    }

    [Fact]
    public void CodeFixAssemblyTargetsTheRoslynFloor()
    {
        var references = RuleCatalog.CodeFixAssembly.GetReferencedAssemblies();
        Assert.All(
            references.Where(r => r.Name!.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal)),
            r => Assert.True(r.Version <= Floor, $"{r.Name} {r.Version} is above the {Floor} floor"));
    }
}
