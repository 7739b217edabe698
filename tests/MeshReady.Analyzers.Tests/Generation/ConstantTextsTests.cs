using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using MeshReady.Analyzers.Generation;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using Xunit;
using static MeshReady.Analyzers.Tests.Generation.GeneratorHarness;

namespace MeshReady.Analyzers.Tests.Generation;

/// <summary>
/// The generated files whose text never changes are made once per process (<see cref="ConstantTexts"/>): every project gets
/// the same <see cref="SourceText"/> objects, equal to what <c>AddSource(hint, string)</c> would have made, and the
/// generator does not parse its own attribute file, whose facts are known in advance.
/// </summary>
public class ConstantTextsTests
{
    [Theory]
    [InlineData(DocumentationMode.None, LanguageVersion.CSharp10)]
    [InlineData(DocumentationMode.Parse, LanguageVersion.CSharp10)]
    [InlineData(DocumentationMode.Diagnose, LanguageVersion.Preview)]
    public void TheAttributeFileHoldsNoFacts(DocumentationMode documentation, LanguageVersion version)
    {
        // What TreeFacts.Of assumes when it skips the file: reading it finds no candidate, assembly attribute or alias.
        var options = new CSharpParseOptions(version, documentation, preprocessorSymbols: new[] { GeneratedSources.KeepAttributesSymbol });
        var tree = CSharpSyntaxTree.ParseText(ConstantTexts.Attributes, options);

        Assert.Same(TreeFacts.None, TreeFacts.Read(tree, CancellationToken.None));
    }

    /// <summary>A service whose facts syntax settles: nothing is bound, so nothing needs the declarations of every file.</summary>
    private const string Service = """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Hosting;

        var builder = WebApplication.CreateBuilder(args);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenAnyIP(8080));
        var app = builder.Build();
        app.Run();
        """;

    [Fact]
    public async Task TheGeneratorLeavesItsAttributeFileUnparsed()
    {
        // The driver parses generated text lazily, and the compiler parses the same tree object when it compiles: reading the
        // file here would only move that work into the generator's run. (Binding anything, a [MeshPort] or a port constant,
        // declares every file and so parses it anyway.) Counter-check: the user's file is read, its listener reaches MeshPorts.
        var compilation = await CompileAsync(Targets.AspNetCore80, new[] { Service });
        var result = CreateDriver(ParseOptions()).RunGenerators(compilation).GetRunResult().Results.Single();

        var attributes = result.GeneratedSources.Single(s => s.HintName == GeneratedSources.AttributesHintName);
        Assert.Same(ConstantTexts.Attributes, attributes.SourceText);
        Assert.False(attributes.SyntaxTree.TryGetRoot(out _), "the generator parsed its own attribute file");
        Assert.False(TreeFacts.TryGetRead(attributes.SyntaxTree, out _));
        Assert.True(TreeFacts.TryGetRead(compilation.SyntaxTrees.Single(), out var read));
        Assert.NotSame(TreeFacts.None, read);
        Assert.Contains("\"8080|http|http|http|inferred\"", result.GeneratedSources.Single(s => s.HintName == GeneratedSources.PortsHintName).SourceText.ToString(), System.StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoProjectsGetTheSameTextObjects()
    {
        // One analyzer instance serves every project of a compiler server or IDE: the constant files are not rebuilt per project,
        // and their checksum and line table, once computed, serve them all.
        var web = CreateDriver(ParseOptions()).RunGenerators(await CompileAsync(Targets.AspNetCore80, new[] { Scenarios.MinimalApi }, assemblyName: "Web"));
        var worker = CreateDriver(ParseOptions()).RunGenerators(await CompileAsync(Targets.Worker80, new[] { Scenarios.Worker }, assemblyName: "Worker"));

        foreach (var (hint, text) in new[]
        {
            (GeneratedSources.AttributesHintName, ConstantTexts.Attributes),
            (GeneratedSources.EmbeddedHintName, ConstantTexts.EmbeddedAttribute),
            (MeshProxySource.HintName, ConstantTexts.MeshProxy),
            (HostingSource.HintName, ConstantTexts.Hosting),
        })
        {
            Assert.Same(text, web.GetRunResult().Results.Single().GeneratedSources.Single(s => s.HintName == hint).SourceText);
            Assert.Same(text, worker.GetRunResult().Results.Single().GeneratedSources.Single(s => s.HintName == hint).SourceText);
        }
    }

    [Fact]
    public void TheTextsAreWhatAddSourceWouldHaveMade()
    {
        // AddSource(hint, string) makes SourceText.From(text, UTF-8): same characters, encoding, checksum algorithm and checksum,
        // so the compiled output and the PDB's document table do not change.
        foreach (var (text, built) in new[]
        {
            (ConstantTexts.Attributes, GeneratedSources.Attributes()),
            (ConstantTexts.EmbeddedAttribute, GeneratedSources.EmbeddedAttribute()),
            (ConstantTexts.MeshProxy, MeshProxySource.Text(GeneratedSources.GeneratedCodeAttribute)),
            (ConstantTexts.Hosting, HostingSource.Text(GeneratedSources.GeneratedCodeAttribute)),
        })
        {
            var expected = SourceText.From(built, Encoding.UTF8);
            Assert.Equal(built, text.ToString());
            Assert.Equal(expected.Encoding!.WebName, text.Encoding!.WebName);
            Assert.Equal(expected.ChecksumAlgorithm, text.ChecksumAlgorithm);
            Assert.Equal(expected.GetChecksum().ToArray(), text.GetChecksum().ToArray());
        }
    }
}
