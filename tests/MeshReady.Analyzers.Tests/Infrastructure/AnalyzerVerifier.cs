using System.Diagnostics.CodeAnalysis;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace MeshReady.Analyzers.Tests.Infrastructure;

/// <summary>
/// Runs one analyzer over markup sources (<c>{|MESH010:…|}</c>, <c>[|…|]</c>) with the real compiler and
/// net8.0 + ASP.NET Core 8 references. Usage: <c>await AnalyzerVerifier&lt;HttpVersionAnalyzer&gt;.VerifyAsync(source);</c>
/// </summary>
public static class AnalyzerVerifier<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public static DiagnosticResult Diagnostic(string id) => new DiagnosticResult(id, DiagnosticSeverity.Warning);

    /// <summary>Verifies that exactly the diagnostics marked in <paramref name="source"/> (plus <paramref name="expected"/>) are reported.</summary>
    public static Task VerifyAsync([StringSyntax("C#-test")] string source, params DiagnosticResult[] expected)
        => VerifyAsync(source, editorConfig: null, references: null, expected);

    public static async Task VerifyAsync(
        [StringSyntax("C#-test")] string source,
        string? editorConfig,
        ReferenceAssemblies? references,
        params DiagnosticResult[] expected)
    {
        var test = new Test(references ?? TestReferences.AspNetCore80) { TestCode = source };
        MeshTestSettings.ApplyEditorConfig(test.TestState, editorConfig);
        MeshTestSettings.ApplyOutputKind(test.TestState, source);
        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync(CancellationToken.None);
    }

    /// <summary>A test object for cases the helpers above do not cover (several files, additional files).</summary>
    public static Test Create(ReferenceAssemblies? references = null) => new(references ?? TestReferences.AspNetCore80);

    public sealed class Test : MeshCodeFixTest<TAnalyzer, EmptyCodeFixProvider>
    {
        public Test(ReferenceAssemblies references)
        {
            ReferenceAssemblies = references;
            TestBehaviors |= TestBehaviors.SkipGeneratedCodeCheck;
        }
    }
}
