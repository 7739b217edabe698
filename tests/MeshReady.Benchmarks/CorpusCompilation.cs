using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using MeshReady.Benchmarks.Corpus;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace MeshReady.Benchmarks;

/// <summary>The generated corpus parsed once; each measurement compiles it afresh (nothing bound is shared).</summary>
internal sealed class CorpusCompilation
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.CSharp12);

    public CorpusCompilation(int fileCount)
    {
        Files = ServiceCorpus.Generate(fileCount);
        Trees = Files.Select(f => CSharpSyntaxTree.ParseText(f.Text, ParseOptions, "/corpus/" + f.Path)).ToImmutableArray();
    }

    public IReadOnlyList<CorpusFile> Files { get; }

    public ImmutableArray<SyntaxTree> Trees { get; }

    public int Lines => ServiceCorpus.CountLines(Files);

    public CSharpCompilation Create(IEnumerable<SyntaxTree>? trees = null)
        => CSharpCompilation.Create(
            "Corpus",
            trees ?? Trees,
            ReferenceSet.AspNetCore80,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
}
