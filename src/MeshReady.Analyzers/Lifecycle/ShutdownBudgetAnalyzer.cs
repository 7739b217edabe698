using System;
using System.Collections.Immutable;
using System.Globalization;
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
    private const string ShutdownTimeoutKey = "shutdownTimeoutSeconds";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.ShutdownBudgetExceedsDrain);

    internal override DataPlanes MootUnder => DataPlanes.NativeSidecar | DataPlanes.Ambient;

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, MeshContext mesh)
    {
        var hostOptions = mesh.Types.Get("Microsoft.Extensions.Hosting.HostOptions");
        var webHostBuilder = mesh.Types.Get("Microsoft.AspNetCore.Hosting.IWebHostBuilder");
        if (hostOptions is not null)
        {
            context.RegisterOperationAction(c => AnalyzeAssignment(c, mesh, hostOptions), OperationKind.SimpleAssignment);
        }

        if (webHostBuilder is not null)
        {
            context.RegisterOperationAction(c => AnalyzeBuilderCall(c, mesh, webHostBuilder), OperationKind.Invocation);
        }
    }

    private static void AnalyzeAssignment(OperationAnalysisContext context, MeshContext mesh, INamedTypeSymbol hostOptions)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (TimeSpanValues.Written(assignment, "ShutdownTimeout", hostOptions, context.CancellationToken) is { } budget)
        {
            Report(context, mesh, assignment.Value, "HostOptions.ShutdownTimeout", budget);
        }
    }

    private static void AnalyzeBuilderCall(OperationAnalysisContext context, MeshContext mesh, INamedTypeSymbol webHostBuilder)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (invocation.Arguments.Length != (method.IsExtensionMethod ? 2 : 1) + (method.Name == "UseSetting" ? 1 : 0)
            || !LifecycleSymbols.Implements(method.IsExtensionMethod ? method.Parameters[0].Type : method.ContainingType, webHostBuilder))
        {
            return;
        }

        var last = invocation.Arguments[invocation.Arguments.Length - 1].Value;
        if (method.Name == "UseShutdownTimeout" && TimeSpanValues.Constant(last, context.CancellationToken) is { } budget)
        {
            Report(context, mesh, last, "UseShutdownTimeout", budget);
        }
        else if (method.Name == "UseSetting"
            && ValueTracking.ConstantString(invocation.Arguments[invocation.Arguments.Length - 2].Value, context.CancellationToken) is { } key
            && string.Equals(key, ShutdownTimeoutKey, StringComparison.OrdinalIgnoreCase)
            && ValueTracking.ConstantString(last, context.CancellationToken) is { } text
            && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) && seconds > 0)
        {
            Report(context, mesh, last, "The '" + ShutdownTimeoutKey + "' setting", TimeSpan.FromSeconds(seconds));
        }
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
