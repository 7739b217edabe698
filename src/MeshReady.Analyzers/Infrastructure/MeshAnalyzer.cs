using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MeshReady.Analyzers.Infrastructure;

/// <summary>
/// Base of every MeshReady analyzer: concurrent, skips generated code and code that is never deployed, and hands the subclass the
/// compilation's <see cref="KnownTypes"/> so it can register nothing when the API it checks is absent.
/// </summary>
public abstract class MeshAnalyzer : DiagnosticAnalyzer
{
    public sealed override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var types = KnownTypes.For(start.Compilation);

            // Test projects, benchmarks and the apps only tests start never run in a pod: every mesh rule is silent there.
            if (!ProjectKind.IsNotDeployed(types, start.Options))
            {
                OnCompilationStart(start, types);
            }
        });
    }

    /// <summary>
    /// Data planes under which this analyzer's rules are moot. <see cref="DataPlane.None"/> always silences.
    /// </summary>
    internal virtual DataPlanes MootUnder => DataPlanes.NoneMoot;

    internal abstract void OnCompilationStart(CompilationStartAnalysisContext context, KnownTypes types);

    /// <summary>True when the options for <paramref name="tree"/> say this analyzer should speak.</summary>
    internal bool AppliesTo(AnalyzerOptions options, SyntaxTree tree)
        => !MeshOptions.For(options, tree).Silences(MootUnder);
}
