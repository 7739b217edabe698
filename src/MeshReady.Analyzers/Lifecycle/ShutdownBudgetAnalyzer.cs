using System;
using System.Collections.Immutable;
using MeshReady.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MeshReady.Analyzers.Lifecycle;

/// <summary>
/// MESH032: a constant shutdown budget (<c>HostOptions.ShutdownTimeout</c>, <c>UseShutdownTimeout</c>,
/// <c>UseSetting("shutdownTimeoutSeconds", …)</c>) longer than the sidecar's drain
/// (<c>meshready.drain_duration</c>, default 5 s). The .NET default (30 s) is not reported: only a value
/// someone chose says the service expects to keep working that long.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ShutdownBudgetAnalyzer : MeshAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.ShutdownBudgetExceedsDrain);

    internal override DataPlanes MootUnder => DataPlanes.NativeSidecar | DataPlanes.Ambient;

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, MeshContext mesh)
    {
        var hostOptions = mesh.Types.Get(ShutdownBudgets.HostOptionsType);
        var webHostBuilder = mesh.Types.Get(ShutdownBudgets.WebHostBuilderType);
        if (hostOptions is null && webHostBuilder is null)
        {
            return;
        }

        context.RegisterOperationAction(
            c =>
            {
                if (ShutdownBudgets.Read(c.Operation, hostOptions, webHostBuilder, c.CancellationToken) is { } budget)
                {
                    Report(c, mesh, budget.Value, budget.What, budget.Duration);
                }
            },
            OperationKind.SimpleAssignment,
            OperationKind.Invocation);
    }

    private static void Report(OperationAnalysisContext context, MeshContext mesh, IOperation value, string what, TimeSpan budget)
    {
        var tree = value.Syntax.SyntaxTree;
        var drain = mesh.OptionsFor(tree).DrainDuration;
        var infinite = TimeSpanValues.IsInfinite(budget);
        if ((budget <= drain && !infinite) || !mesh.AppliesTo(tree))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.ShutdownBudgetExceedsDrain, value.Syntax.GetLocation(), what, infinite ? "unlimited time" : Duration.Format(budget), Duration.Format(drain)));
    }
}
