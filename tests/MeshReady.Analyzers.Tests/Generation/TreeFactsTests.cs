using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MeshReady.Analyzers.Generation;
using MeshReady.Analyzers.Tests.Robustness;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using Xunit;
using static MeshReady.Analyzers.Tests.Generation.GeneratorHarness;

namespace MeshReady.Analyzers.Tests.Generation;

/// <summary>
/// The generator walks a tree only when its text holds a name some candidate needs (<see cref="TreeFacts.MayHoldCandidates"/>).
/// That filter must never hide a candidate: checked on every candidate node of every C# input of the repository (test
/// sources, their raw-string snippets, the samples), each node's own text on its own.
/// </summary>
public class TreeFactsTests
{
    [Fact]
    public void EveryCandidateInTheInputsPassesTheTextFilter()
    {
        var candidates = 0;
        foreach (var input in CSharpInputs.Load())
        {
            var root = CSharpSyntaxTree.ParseText(input.Text, ParseOptions()).GetRoot();
            foreach (var node in root.DescendantNodesAndSelf().Where(CodeFact.IsCandidate))
            {
                candidates++;
                Assert.True(TreeFacts.MayHoldCandidates(SourceText.From(node.ToString())), $"{input.Name}: the text filter hides the candidate `{node}`");
            }
        }

        Assert.True(candidates > 100, $"only {candidates} candidates in the inputs: the check would prove little");
    }

    [Theory]
    [InlineData("public static class Pricing { public static decimal Total(decimal price, int quantity) => price * quantity; }")]
    [InlineData("// Runtime, Binder, Listener, UseUrlsX: longer identifiers are other names\nclass RunTime { int Binding; string Listeners = \"quit\"; }")]
    [InlineData("class C { void M() { var x = System.Runtime.InteropServices.Marshal.SizeOf<int>(); } }")]
    public void OrdinaryCodeIsNotWalked(string code)
        => Assert.False(TreeFacts.MayHoldCandidates(SourceText.From(code)));

    [Theory]
    [InlineData("k.ListenAnyIP(8080);")]
    [InlineData("app.Run(\"http://+:80\");")]
    [InlineData("app.@Run(url);")]
    [InlineData("await client.PostAsync(\"http://localhost:15020/quitquitquit\", null);")]
    [InlineData("var s = $\"http://{host}:15020/quitquitquitnow\";")]
    [InlineData("k.\\u004CistenAnyIP(8080);")]
    [InlineData("var s = \"\\x2Fquit\";")]
    [InlineData("k.Liste\u00ADnAnyIP(8080);")]
    public void NamesEscapesAndFormattingCharactersAreWalked(string code)
        => Assert.True(TreeFacts.MayHoldCandidates(SourceText.From(code)));

    [Fact]
    public async Task AListenerSpelledWithAUnicodeEscapeIsStillRead()
    {
        // The escape hides the name from a plain text search; the tree is walked anyway and the port is found.
        const string Service = """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;

            var builder = WebApplication.CreateBuilder(args);
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.\u004CistenAnyIP(8080));
            builder.Build().Run();
            """;
        var compilation = await CompileAsync(Targets.AspNetCore80, new[] { Service });
        var run = CreateDriver(ParseOptions()).RunGenerators(compilation).GetRunResult().Results.Single();

        Assert.Contains("\"8080|http|http|http|inferred\"", run.GeneratedSources.Single(s => s.HintName == "MeshReady.MeshPorts.g.cs").SourceText.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ATreeWithoutCandidateNamesReadsAsNone()
    {
        var tree = CSharpSyntaxTree.ParseText("namespace Orders { public static class Pricing { public static decimal Total(decimal p, int q) => p * q; } }", ParseOptions());

        Assert.Same(TreeFacts.None, TreeFacts.Read(tree, CancellationToken.None));
    }
}
