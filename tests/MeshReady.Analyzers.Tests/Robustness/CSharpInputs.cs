using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using MeshReady.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;

namespace MeshReady.Analyzers.Tests.Robustness;

/// <summary>One C# source the robustness tests start from, named so a failure says where it came from.</summary>
public sealed record CSharpInput(string Name, string Text);

/// <summary>
/// Every C# input of the repository, read at run time so new tests and samples are covered without edits:
/// each multi-line raw string literal in the test sources (with the <c>{|MESH010:…|}</c> markup removed),
/// the test sources themselves, and every <c>*.cs</c> under <c>samples/</c>.
/// </summary>
public static class CSharpInputs
{
    private static readonly Lazy<ImmutableArray<CSharpInput>> All = new(Collect);

    public static ImmutableArray<CSharpInput> Load() => All.Value;

    /// <summary>The sample services' C# files, relative path first.</summary>
    public static IEnumerable<(string RelativePath, string Text)> SampleFiles()
        => SourceFiles("samples").Select(path => (Path.GetRelativePath(Repository.Root, path).Replace('\\', '/'), File.ReadAllText(path)));

    private static ImmutableArray<CSharpInput> Collect()
    {
        var inputs = new List<CSharpInput>();
        foreach (var path in SourceFiles(Path.Combine("tests", "MeshReady.Analyzers.Tests")))
        {
            var relative = Path.GetRelativePath(Repository.Root, path).Replace('\\', '/');
            var text = File.ReadAllText(path);
            inputs.Add(new CSharpInput(relative, text));

            var index = 0;
            foreach (var snippet in RawStringSnippets(text))
            {
                inputs.Add(new CSharpInput($"{relative} (raw string #{index++})", snippet));
            }
        }

        inputs.AddRange(SampleFiles().Select(f => new CSharpInput(f.RelativePath, f.Text)));

        // The same snippet is often repeated across tests; each distinct text is enough once.
        return inputs.GroupBy(i => i.Text, StringComparer.Ordinal).Select(g => g.First()).ToImmutableArray();
    }

    private static IEnumerable<string> SourceFiles(string folder)
        => Directory.EnumerateFiles(Repository.PathOf(folder), "*.cs", SearchOption.AllDirectories)
            .Where(p => !IsBuildOutput(p))
            .OrderBy(p => p, StringComparer.Ordinal);

    private static bool IsBuildOutput(string path)
    {
        var parts = path.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        return parts.Contains("obj") || parts.Contains("bin");
    }

    /// <summary>Multi-line raw string literals that look like code (test sources), markup removed.</summary>
    private static IEnumerable<string> RawStringSnippets(string testSource)
    {
        var root = CSharpSyntaxTree.ParseText(testSource).GetRoot();
        foreach (var token in root.DescendantTokens())
        {
            if (!token.IsKind(SyntaxKind.MultiLineRawStringLiteralToken))
            {
                continue;
            }

            var value = token.ValueText;
            if (value.IndexOf(';') < 0 && value.IndexOf('}') < 0)
            {
                continue;
            }

            yield return WithoutMarkup(value);
        }
    }

    private static string WithoutMarkup(string markup)
    {
        try
        {
            TestFileMarkupParser.GetSpans(markup, out var output, out ImmutableDictionary<string, ImmutableArray<TextSpan>> _);
            return output;
        }
        catch (ArgumentException)
        {
            // Not markup after all (e.g. an interpolation hole that looks like a span): use it verbatim.
            return markup;
        }
    }
}
