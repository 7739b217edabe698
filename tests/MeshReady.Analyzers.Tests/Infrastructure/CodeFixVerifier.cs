using System.Diagnostics.CodeAnalysis;
using System.Linq;
using Microsoft.CodeAnalysis;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace MeshReady.Analyzers.Tests.Infrastructure;

/// <summary>
/// Runs an analyzer and its code fix: the marked diagnostics must be reported, the fix must turn
/// <c>source</c> into <c>fixedSource</c>, and the fixed code must compile with no diagnostics left.
/// </summary>
public static class CodeFixVerifier<TAnalyzer, TCodeFix>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    /// <summary>Applies the fix once per diagnostic (one at a time) and compares with <paramref name="fixedSource"/>.</summary>
    public static Task VerifyFixAsync([StringSyntax("C#-test")] string source, [StringSyntax("C#-test")] string fixedSource, string? editorConfig = null)
        => RunAsync(source, fixedSource, editorConfig, equivalenceKey: null, fixAll: false);

    /// <summary>
    /// Applies Fix All (document, project and solution scope, through the provider's FixAllProvider) with
    /// the given equivalence key, and checks the one-at-a-time result too.
    /// </summary>
    public static Task VerifyFixAllAsync([StringSyntax("C#-test")] string source, [StringSyntax("C#-test")] string fixedSource, string equivalenceKey, string? editorConfig = null)
        => RunAsync(source, fixedSource, editorConfig, equivalenceKey, fixAll: true);

    /// <summary>
    /// As <see cref="VerifyFixAllAsync(string, string, string, string?)"/>, where fixing one diagnostic at a time ends elsewhere
    /// (<paramref name="oneAtATimeSource"/>) because the first fix also settles a later diagnostic.
    /// </summary>
    public static Task VerifyFixAllAndOneAtATimeAsync([StringSyntax("C#-test")] string source, [StringSyntax("C#-test")] string fixedSource, [StringSyntax("C#-test")] string oneAtATimeSource, string equivalenceKey)
        => RunAsync(source, fixedSource, editorConfig: null, equivalenceKey, fixAll: true, oneAtATimeSource);

    /// <summary>Verifies that no fix is offered for the marked diagnostics (the source stays as it is).</summary>
    public static Task VerifyNoFixAsync([StringSyntax("C#-test")] string source, string? editorConfig = null)
        => RunAsync(source, source, editorConfig, equivalenceKey: null, fixAll: false);

    private static async Task RunAsync(string source, string fixedSource, string? editorConfig, string? equivalenceKey, bool fixAll, string? oneAtATimeSource = null)
    {
        var test = new MeshCodeFixTest<TAnalyzer, TCodeFix>
        {
            ReferenceAssemblies = TestReferences.AspNetCore80,
            TestCode = source,
            FixedCode = oneAtATimeSource ?? fixedSource,
            CodeActionEquivalenceKey = equivalenceKey,
        };
        test.TestBehaviors |= TestBehaviors.SkipGeneratedCodeCheck;

        // A rule that decides at compilation end (the whole project and its appsettings files) reports non-local
        // diagnostics; its fix is real (dotnet format, the IDE with full solution analysis), so the library's
        // local-diagnostic guard does not apply to it.
        if (new TAnalyzer().SupportedDiagnostics.Any(d => d.CustomTags.Contains(WellKnownDiagnosticTags.CompilationEnd)))
        {
            test.CodeFixTestBehaviors |= CodeFixTestBehaviors.SkipLocalDiagnosticCheck;
        }

        if (fixAll)
        {
            test.BatchFixedCode = fixedSource;
        }

        MeshTestSettings.ApplyEditorConfig(test.TestState, editorConfig);
        MeshTestSettings.ApplyOutputKind(test.TestState, source);
        await test.RunAsync(CancellationToken.None);
    }
}
