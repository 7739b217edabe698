using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Testing;

namespace MeshReady.Analyzers.Tests.Infrastructure;

/// <summary>Settings every MeshReady verifier applies to a test.</summary>
internal static class MeshTestSettings
{
    /// <summary>
    /// Adds, when given, an <c>.editorconfig</c> body (for example
    /// <c>"meshready.data_plane = ambient"</c>) that holds for every source file of the test.
    /// </summary>
    public static void ApplyEditorConfig(SolutionState state, string? editorConfig)
    {
        if (editorConfig is not null)
        {
            var text = new StringBuilder()
                .AppendLine("root = true")
                .AppendLine()
                .AppendLine("[*.cs]")
                .AppendLine(editorConfig)
                .ToString();
            state.AnalyzerConfigFiles.Add(("/.editorconfig", text));
        }
    }

    /// <summary>
    /// Top-level statements (minimal APIs, <c>Program.cs</c>) compile only as an executable: switch the
    /// output kind when any source has them, so tests read like real services.
    /// </summary>
    public static void ApplyOutputKind(SolutionState state, string source)
    {
        // Markup ({|MESH001:…|}, [|…|]) inside an expression body would parse as top-level statements.
        var code = System.Text.RegularExpressions.Regex.Replace(source, @"\{\|[^:|]*:|\|\}|\[\||\|\]", string.Empty);
        var root = CSharpSyntaxTree.ParseText(code).GetRoot();
        if (root.ChildNodes().OfType<GlobalStatementSyntax>().Any())
        {
            state.OutputKind = OutputKind.ConsoleApplication;
        }
    }
}
