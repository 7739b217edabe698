using System.Collections.Immutable;
using MeshReady.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MeshReady.Analyzers.Lifecycle;

/// <summary>
/// MESH031: outbound I/O that runs while the pod shuts down: <c>IHostedService.StopAsync</c> (and
/// <c>StoppingAsync/StoppedAsync</c>), <c>ApplicationStopping/ApplicationStopped</c> callbacks,
/// <c>AppDomain.ProcessExit</c>, <c>Console.CancelKeyPress</c>, <c>PosixSignalRegistration</c> handlers,
/// and code after <c>app.Run()</c> returns. Calls into this compilation are followed (<see cref="CallSummaries"/>).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ShutdownIoAnalyzer : MeshAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.ShutdownNetworkIo);

    // Native sidecars stop after the app containers; ambient has no in-pod proxy to lose.
    internal override DataPlanes MootUnder => DataPlanes.NativeSidecar | DataPlanes.Ambient;

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, MeshContext mesh)
    {
        var model = mesh.Lifecycle;
        context.RegisterOperationBlockAction(c => AnalyzeBlock(c, mesh, model));
        context.RegisterOperationAction(c => AnalyzeRegistration(c, mesh, model), OperationKind.Invocation);
        context.RegisterOperationAction(c => AnalyzeEventHandler(c, mesh, model), OperationKind.EventAssignment);
    }

    private static void AnalyzeBlock(OperationBlockAnalysisContext context, MeshContext mesh, LifecycleModel model)
    {
        if (context.OwningSymbol is not IMethodSymbol method)
        {
            return;
        }

        var kind = model.Symbols.Classify(method);
        if (kind is not (LifecycleMethod.HostedStop or LifecycleMethod.EntryPoint or LifecycleMethod.BackgroundExecute))
        {
            return;
        }

        foreach (var block in context.OperationBlocks)
        {
            if (block is not (IMethodBodyOperation or IBlockOperation))
            {
                continue;
            }

            if (kind == LifecycleMethod.BackgroundExecute)
            {
                AnalyzeStopping(context, mesh, model, method, block);
                continue;
            }

            // In Main only what follows the host's Run is shutdown code.
            var stopped = kind == LifecycleMethod.HostedStop;
            var where = stopped ? "in " + method.ContainingType.Name + "." + method.Name : "after the host has stopped (code after Run returns)";
            IOperation? hostRun = null;
            foreach (var operation in EagerOperations.Of(block))
            {
                if (!stopped)
                {
                    stopped = operation is IInvocationOperation invocation && model.Symbols.IsHostRun(invocation);
                    hostRun = stopped ? operation : null;
                    continue;
                }

                // The Run call's receiver and arguments run before it (…ConfigureServices(…).Build().Run()): not shutdown code.
                if (hostRun is not null && hostRun.Syntax.Span.Contains(operation.Syntax.Span))
                {
                    continue;
                }

                Report(context.ReportDiagnostic, mesh, model, operation, block, where, context.CancellationToken);
            }
        }
    }

    // BackgroundService.ExecuteAsync runs until stoppingToken fires, which the host does in StopAsync at shutdown: a finally
    // around its steady-state loop (a Kafka consumer's Close, a final flush) and the code after a loop on stoppingToken
    // run then (Microsoft.Extensions.Hosting BackgroundService.StopAsync cancels the token and awaits ExecuteAsync).
    private static void AnalyzeStopping(OperationBlockAnalysisContext context, MeshContext mesh, LifecycleModel model, IMethodSymbol method, IOperation block)
    {
        var name = method.ContainingType.Name + ".ExecuteAsync";
        foreach (var operation in EagerOperations.Of(block))
        {
            if (operation is ITryOperation { Finally: { } final } attempt && ContainsLoop(attempt.Body))
            {
                var where = "in the finally block of " + name + ", which runs when stoppingToken fires at shutdown";
                foreach (var inner in EagerOperations.Of(final))
                {
                    Report(context.ReportDiagnostic, mesh, model, inner, final, where, context.CancellationToken);
                }
            }
        }

        var statements = (block as IMethodBodyOperation)?.BlockBody?.Operations ?? (block as IBlockOperation)?.Operations ?? ImmutableArray<IOperation>.Empty;
        var stopped = false;
        foreach (var statement in statements)
        {
            if (!stopped)
            {
                stopped = statement is ILoopOperation loop && LoopsOnToken(loop, method);
                continue;
            }

            foreach (var inner in EagerOperations.Of(statement))
            {
                Report(context.ReportDiagnostic, mesh, model, inner, statement, "after the stoppingToken loop of " + name + ", which ends at shutdown", context.CancellationToken);
            }
        }
    }

    private static bool ContainsLoop(IOperation body)
    {
        foreach (var operation in EagerOperations.Of(body))
        {
            if (operation is ILoopOperation)
            {
                return true;
            }
        }

        return false;
    }

    // while (!stoppingToken.IsCancellationRequested) { … }: the loop ends when the host stops.
    private static bool LoopsOnToken(ILoopOperation loop, IMethodSymbol method)
    {
        var condition = loop is IWhileLoopOperation { Condition: { } c } ? c : null;
        if (condition is null || method.Parameters.Length != 1)
        {
            return false;
        }

        foreach (var operation in condition.DescendantsAndSelf())
        {
            if (operation is IParameterReferenceOperation { Parameter: var parameter } && SymbolEqualityComparer.Default.Equals(parameter, method.Parameters[0]))
            {
                return true;
            }
        }

        return false;
    }

    // lifetime.ApplicationStopping.Register(...), PosixSignalRegistration.Create(PosixSignal.SIGTERM, ...)
    private static void AnalyzeRegistration(OperationAnalysisContext context, MeshContext mesh, LifecycleModel model)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        string? where = null;
        if (method.Name == "Register" && method.ContainingType is { Name: "CancellationToken" } && invocation.Instance is { } token
            && ValueTracking.Origin(token, context.CancellationToken) is IPropertyReferenceOperation { Property.Name: "ApplicationStopping" or "ApplicationStopped" } property
            && LifecycleSymbols.Implements(property.Property.ContainingType, model.Symbols.IHostApplicationLifetime))
        {
            where = "in an " + property.Property.Name + " callback";
        }
        else if (method.Name == "Create" && method.ContainingType is { Name: "PosixSignalRegistration", ContainingNamespace.Name: "InteropServices" })
        {
            where = "in a POSIX signal handler";
        }

        if (where is null)
        {
            return;
        }

        foreach (var argument in invocation.Arguments)
        {
            AnalyzeHandler(context, mesh, model, argument.Value, where);
        }
    }

    // AppDomain.CurrentDomain.ProcessExit += ..., Console.CancelKeyPress += ...
    private static void AnalyzeEventHandler(OperationAnalysisContext context, MeshContext mesh, LifecycleModel model)
    {
        var assignment = (IEventAssignmentOperation)context.Operation;
        if (!assignment.Adds || assignment.EventReference is not IEventReferenceOperation { Event: var e })
        {
            return;
        }

        var where = e switch
        {
            { Name: "ProcessExit", ContainingType: { Name: "AppDomain", ContainingNamespace.Name: "System" } } => "in a ProcessExit handler",
            { Name: "CancelKeyPress", ContainingType: { Name: "Console", ContainingNamespace.Name: "System" } } => "in a CancelKeyPress handler",
            _ => null,
        };

        if (where is not null)
        {
            AnalyzeHandler(context, mesh, model, assignment.HandlerValue, where);
        }
    }

    private static void AnalyzeHandler(OperationAnalysisContext context, MeshContext mesh, LifecycleModel model, IOperation handler, string where)
    {
        var value = ValueTracking.SkipConversions(handler);
        if (value is IDelegateCreationOperation creation)
        {
            value = creation.Target;
        }

        switch (value)
        {
            case IAnonymousFunctionOperation lambda:
                foreach (var operation in EagerOperations.Of(lambda.Body))
                {
                    Report(context.ReportDiagnostic, mesh, model, operation, lambda.Body, where, context.CancellationToken);
                }

                break;
            case IMethodReferenceOperation reference:
                var userEntries = mesh.OptionsFor(reference.Syntax.SyntaxTree).OutboundIo;
                if (model.FirstIoOf(reference.Method, userEntries, context.CancellationToken) is { } inner
                    && mesh.AppliesTo(reference.Syntax.SyntaxTree))
                {
                    context.ReportDiagnostic(Diagnostic.Create(
                        Descriptors.ShutdownNetworkIo, reference.Syntax.GetLocation(), inner, where));
                }

                break;
        }
    }

    private static void Report(
        System.Action<Diagnostic> report, MeshContext mesh, LifecycleModel model, IOperation operation, IOperation root, string where, System.Threading.CancellationToken cancellationToken)
    {
        if (operation is not (IInvocationOperation or IObjectCreationOperation or IPropertyReferenceOperation))
        {
            return;
        }

        var tree = operation.Syntax.SyntaxTree;
        if (model.IoOf(operation, root, mesh.OptionsFor(tree).OutboundIo, cancellationToken) is { } what && mesh.AppliesTo(tree))
        {
            report(Diagnostic.Create(Descriptors.ShutdownNetworkIo, operation.Syntax.GetLocation(), what, where));
        }
    }
}
