using Microsoft.CodeAnalysis.Diagnostics;

namespace MeshReady.Analyzers.Infrastructure;

/// <summary>
/// Base of every MeshReady analyzer: concurrent, skips generated code and code that is never deployed, and hands the subclass a
/// <see cref="MeshContext"/> for the compilation (its known types, options and files), so it can register nothing when the API
/// it checks is absent. The analyzer instance itself holds no per-compilation state: one instance serves every project the
/// process analyzes.
/// </summary>
public abstract class MeshAnalyzer : DiagnosticAnalyzer
{
    public sealed override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var mesh = new MeshContext(start.Compilation, start.Options, MootUnder);

            // Test projects, benchmarks and the apps only tests start never run in a pod: every mesh rule is silent there.
            if (!ProjectKind.IsNotDeployed(mesh.Types, start.Options))
            {
                OnCompilationStart(start, mesh);
            }
        });
    }

    /// <summary>
    /// Data planes under which this analyzer's rules are moot. <see cref="DataPlane.None"/> always silences.
    /// </summary>
    internal virtual DataPlanes MootUnder => DataPlanes.NoneMoot;

    /// <summary>Registers the rule's actions for one compilation; <paramref name="mesh"/> belongs to that compilation only.</summary>
    internal abstract void OnCompilationStart(CompilationStartAnalysisContext context, MeshContext mesh);
}
