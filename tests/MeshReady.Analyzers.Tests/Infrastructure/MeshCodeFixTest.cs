using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Testing.Model;

namespace MeshReady.Analyzers.Tests.Infrastructure;

/// <summary>
/// The testing library's C# code-fix test, with its reference sets resolved through <see cref="TestReferences.ResolveAsync"/>:
/// a set that did not resolve completely fails the test with the package's name instead of compiling a smaller project.
/// Every MeshReady analyzer and code-fix test derives from it.
/// </summary>
public class MeshCodeFixTest<TAnalyzer, TCodeFix> : CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    protected override async Task<Project> CreateProjectImplAsync(EvaluatedProjectState primaryProject, ImmutableArray<EvaluatedProjectState> additionalProjects, CancellationToken cancellationToken)
    {
        // Resolved and verified first; the library's own resolution below then returns the same cached set.
        foreach (var set in additionalProjects.Prepend(primaryProject).Select(p => p.ReferenceAssemblies ?? ReferenceAssemblies).Distinct())
        {
            await TestReferences.ResolveAsync(set).ConfigureAwait(false);
        }

        return await base.CreateProjectImplAsync(primaryProject, additionalProjects, cancellationToken).ConfigureAwait(false);
    }
}
