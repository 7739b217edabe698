using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using MeshReady.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MeshReady.Analyzers.Lifecycle;

/// <summary>
/// MESH033: a run-to-completion program that never stops the sidecar. Three shapes: a console entry point
/// that returns without running a long-lived host (when it talks to the network, or the project says
/// <c>MeshReadyWorkload=Job</c>); a host that calls <c>StopApplication()</c> when its work is done; any entry
/// point of a Job project. Satisfied by <c>MeshProxy.QuitAsync()</c> in a <c>finally</c> that every
/// return and outbound call sit inside, or by <c>AddMeshReadiness(o =&gt; o.QuitSidecarOnStop = true)</c>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class JobCompletionAnalyzer : MeshAnalyzer
{
    /// <summary>Set when the code fix can wrap the entry point's body in try/finally with the quit.</summary>
    public const string FixableProperty = "CanWrapInFinally";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.JobNeverStopsSidecar);

    // Native sidecars stop after the app containers; ambient pods have no sidecar to stop.
    internal override DataPlanes MootUnder => DataPlanes.NativeSidecar | DataPlanes.Ambient;

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, MeshContext mesh)
    {
        // The lifecycle model is taken only once a candidate is found (an entry point, a StopApplication() call): this rule
        // starts first of the lifecycle rules, and building what the others need belongs to them. A class library has no
        // entry point, only hosted services that may stop their host.
        if (LifecycleSymbols.IsExecutable(context.Compilation))
        {
            context.RegisterOperationBlockAction(c => AnalyzeEntryPoint(c, mesh));
        }

        if (mesh.Types.Get("Microsoft.Extensions.Hosting.IHostApplicationLifetime") is not null)
        {
            context.RegisterOperationAction(c => AnalyzeStopApplication(c, mesh), OperationKind.Invocation);
        }
    }

    private static void AnalyzeEntryPoint(OperationBlockAnalysisContext context, MeshContext mesh)
    {
        if (context.OwningSymbol is not IMethodSymbol method || !LifecycleSymbols.IsEntryPointShaped(method))
        {
            return;
        }

        var model = mesh.Lifecycle;
        if (model.Symbols.Classify(method) != LifecycleMethod.EntryPoint)
        {
            return;
        }

        var body = context.OperationBlocks.FirstOrDefault(b => b is IMethodBodyOperation or IBlockOperation);
        if (body is null)
        {
            return;
        }

        var options = mesh.OptionsFor(body.Syntax.SyntaxTree);
        var isJob = options.Workload == Workload.Job;

        // A service's entry point runs a host (app.Run()), and then nothing below depends on what its calls do: a host
        // that finishes is judged where it calls StopApplication(). Checked before the shape, whose I/O and quit
        // questions follow every call of the entry point through the call summaries.
        if (!isJob && (RunsHost(body, model.Symbols) || ParksForever(body) || IsInteractive(body)))
        {
            return;
        }

        var shape = ProgramShape.Of(body, model, options.OutboundIo, context.CancellationToken);

        if (shape.HostRun is { } run)
        {
            // A long-running host is a service unless the project says Job; StopApplication() is judged where it is called.
            if (isJob && !shape.Quits && !model.Readiness.QuitsOnStop && mesh.AppliesTo(body.Syntax.SyntaxTree))
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.JobNeverStopsSidecar, run.Syntax.GetLocation(), "'" + run.TargetMethod.Name + "()'", " (MeshReadyWorkload=Job)"));
            }

            return;
        }

        if ((!isJob && shape.FirstIo is null) || shape.QuitOnEveryExit || model.Readiness.QuitsOnStop
            || !mesh.AppliesTo(body.Syntax.SyntaxTree))
        {
            return;
        }

        var reason = shape.EnvironmentExit is not null ? " (Environment.Exit skips finally blocks)"
            : shape.Quits ? " on some exit path (an exception or an early return skips MeshProxy.QuitAsync)"
            : string.Empty;
        var fixable = !shape.Quits && shape.EnvironmentExit is null
            && (method.IsAsync || method.ReturnsVoid || method.ReturnType.SpecialType == SpecialType.System_Int32 || method.Name == "<Main>$");
        var properties = fixable
            ? ImmutableDictionary<string, string?>.Empty.Add(FixableProperty, "true")
            : ImmutableDictionary<string, string?>.Empty;
        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.JobNeverStopsSidecar, ReportLocation(method, body), properties, method.Name == "Main" ? "'Main'" : "The last statement of Program.cs", reason));
    }

    private static void AnalyzeStopApplication(OperationAnalysisContext context, MeshContext mesh)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (invocation.TargetMethod.Name != "StopApplication")
        {
            return;
        }

        var model = mesh.Lifecycle;
        if (!model.Symbols.IsStopApplication(invocation) || IsErrorHandling(invocation) || !IsHostedWork(invocation, context.ContainingSymbol, model.Symbols)
            || model.Readiness.QuitsOnStop || model.EntryPointQuits || QuitsInSameBody(invocation, model, context)
            || !mesh.AppliesTo(invocation.Syntax.SyntaxTree))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.JobNeverStopsSidecar, invocation.Syntax.GetLocation(), "'StopApplication()'", " (the host stops when its work is done)"));
    }

    // The same test ProgramShape.Of makes for HostRun, without asking anything else about the calls.
    private static bool RunsHost(IOperation body, LifecycleSymbols symbols)
    {
        foreach (var operation in EagerOperations.Of(body))
        {
            if (operation is IInvocationOperation invocation && symbols.IsHostRun(invocation))
            {
                return true;
            }
        }

        return false;
    }

    // A program that waits for a person at a terminal: Console.ReadKey anywhere in the entry point (it throws when input is
    // redirected, as in a pod without a TTY: https://learn.microsoft.com/dotnet/api/system.console.readkey), or
    // Console.ReadLine in a loop (a prompt-and-answer loop). A developer tool or a sample, not a Job run in the mesh.
    private static bool IsInteractive(IOperation body)
    {
        foreach (var operation in body.Descendants())
        {
            if (operation is IInvocationOperation { TargetMethod: { Name: "ReadKey" or "ReadLine", ContainingType: { Name: "Console", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } } target } read
                && !OperationScopes.InNestedFunction(read, body)
                && (target.Name == "ReadKey" || InLoop(read, body)))
            {
                return true;
            }
        }

        return false;
    }

    private static bool InLoop(IOperation operation, IOperation body)
    {
        for (var current = operation.Parent; current is not null && !ReferenceEquals(current, body); current = current.Parent)
        {
            if (current is ILoopOperation)
            {
                return true;
            }
        }

        return false;
    }

    // A console service that ends Program.cs with 'await Task.Delay(Timeout.InfiniteTimeSpan)' (dapr/samples'
    // dapr-aks-workload-identity-federation, deployed as a Deployment) never returns: it is long-running, not a Job.
    // Only a statement of the body itself counts, not one inside a branch that may be skipped.
    private static bool ParksForever(IOperation body)
    {
        var block = body is IMethodBodyOperation method ? method.BlockBody ?? (IOperation?)method.ExpressionBody : body;
        if (block is not IBlockOperation statements)
        {
            return false;
        }

        return ParksForever(statements);
    }

    private static bool ParksForever(IBlockOperation statements)
    {
        foreach (var statement in statements.Operations)
        {
            // A worker whose main loop never ends (dockersamples/example-voting-app's worker: while (true) inside a
            // try whose catch logs the crash and returns 1) only ends by failing: it is long-running, not a Job.
            if (LoopsForever(statement)
                || (statement is ITryOperation { Body: var attempt } && ParksForever(attempt)))
            {
                return true;
            }

            var expression = statement is IExpressionStatementOperation { Operation: var value } ? value : null;
            if (expression is IAwaitOperation awaited)
            {
                expression = awaited.Operation;
            }

            if (expression is IInvocationOperation { TargetMethod: { Name: "Delay" or "Sleep" } target } invocation
                && target.ContainingType is { Name: "Task", ContainingNamespace.Name: "Tasks" } or { Name: "Thread", ContainingNamespace.Name: "Threading" }
                && invocation.Arguments.Length >= 1
                && IsInfinite(invocation.Arguments[0].Value))
            {
                return true;
            }
        }

        return false;
    }

    // while (true) / for (;;) / do … while (true) with no break, return or goto out of it: only an exception ends it.
    private static bool LoopsForever(IOperation statement)
    {
        if (statement is not ILoopOperation loop)
        {
            return false;
        }

        var endless = loop switch
        {
            IWhileLoopOperation { Condition: { } condition, ConditionIsUntil: false } => condition.ConstantValue is { HasValue: true, Value: true },
            IForLoopOperation { Condition: null } => true,
            IForLoopOperation { Condition: { } condition } => condition.ConstantValue is { HasValue: true, Value: true },
            _ => false,
        };
        if (!endless)
        {
            return false;
        }

        foreach (var operation in loop.Body.DescendantsAndSelf())
        {
            switch (operation)
            {
                case IReturnOperation { Kind: OperationKind.Return or OperationKind.YieldBreak } when !OperationScopes.InNestedFunction(operation, loop):
                case IBranchOperation { BranchKind: BranchKind.GoTo }:
                case IBranchOperation { BranchKind: BranchKind.Break } exit when ReferenceEquals(exit.Target, loop.ExitLabel):
                    return false;
            }
        }

        return true;
    }

    // Timeout.Infinite, Timeout.InfiniteTimeSpan, -1 (Task.Delay and Thread.Sleep wait forever for each).
    private static bool IsInfinite(IOperation value)
    {
        value = ValueTracking.SkipConversions(value);
        return value is IFieldReferenceOperation { Field: { Name: "Infinite" or "InfiniteTimeSpan", ContainingType.Name: "Timeout" } }
            || value.ConstantValue is { HasValue: true, Value: -1 };
    }

    // Work that runs once per host (a hosted service, the program's own callbacks), not an admin endpoint or controller
    // that stops the service on request.
    private static bool IsHostedWork(IOperation operation, ISymbol containing, LifecycleSymbols symbols)
    {
        if (LifecycleSymbols.Implements(containing.ContainingType, symbols.IHostedService))
        {
            return true;
        }

        return containing is IMethodSymbol method && symbols.Classify(method) == LifecycleMethod.EntryPoint
            && !symbols.IsInEndpointHandler(operation);
    }

    // A host stopped from a catch block is failing, not finishing: that is a crash, not a Job's completion.
    private static bool IsErrorHandling(IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is ICatchClauseOperation)
            {
                return true;
            }
        }

        return false;
    }

    private static bool QuitsInSameBody(IInvocationOperation stop, LifecycleModel model, OperationAnalysisContext context)
    {
        var root = (IOperation)stop;
        while (root.Parent is not null)
        {
            root = root.Parent;
        }

        foreach (var operation in root.Descendants())
        {
            if (operation is IInvocationOperation invocation && model.Quits(invocation, ImmutableArray<string>.Empty, context.CancellationToken))
            {
                return true;
            }
        }

        return false;
    }

    private static Location ReportLocation(IMethodSymbol method, IOperation body)
    {
        if (body.Syntax is CompilationUnitSyntax unit && unit.Members.OfType<GlobalStatementSyntax>().LastOrDefault() is { } last)
        {
            return last.GetLocation();
        }

        return method.Locations.FirstOrDefault() ?? body.Syntax.GetLocation();
    }

    /// <summary>How an entry point ends: does it run a host, do I/O, and quit the sidecar on every exit path?</summary>
    private sealed class ProgramShape
    {
        public IInvocationOperation? HostRun { get; private set; }

        public string? FirstIo { get; private set; }

        public IInvocationOperation? EnvironmentExit { get; private set; }

        public bool Quits { get; private set; }

        public bool QuitOnEveryExit { get; private set; }

        public static ProgramShape Of(IOperation body, LifecycleModel model, ImmutableArray<string> userEntries, System.Threading.CancellationToken cancellationToken)
        {
            var shape = new ProgramShape();
            var exits = new List<IOperation>();
            var quitCalls = new List<IInvocationOperation>();
            foreach (var operation in EagerOperations.Of(body))
            {
                switch (operation)
                {
                    case IReturnOperation { IsImplicit: false } ret:
                        exits.Add(ret);
                        break;
                    case IInvocationOperation invocation when model.Symbols.IsHostRun(invocation):
                        shape.HostRun ??= invocation;
                        break;
                    case IInvocationOperation { TargetMethod: { Name: "Exit", ContainingType: { Name: "Environment", ContainingNamespace.Name: "System" } } } exit:
                        shape.EnvironmentExit ??= exit;
                        break;
                    case IInvocationOperation invocation when model.Quits(invocation, userEntries, cancellationToken):
                        quitCalls.Add(invocation);
                        break;
                    // A getter declared here that connects (Db.Connection) is I/O where it is read, as in MESH030/MESH031.
                    case IInvocationOperation or IObjectCreationOperation or IPropertyReferenceOperation when model.IoOf(operation, body, userEntries, cancellationToken) is { } io:
                        shape.FirstIo ??= io;
                        exits.Add(operation);
                        break;
                }
            }

            shape.Quits = quitCalls.Count > 0;
            shape.QuitOnEveryExit = shape.EnvironmentExit is null
                && quitCalls.Any(quit => CoveringTry(quit) is { } guard && exits.All(exit => IsInside(exit, guard.Body) || guard.Catches.Any(c => IsInside(exit, c))));
            return shape;
        }

        // The try statement whose finally block holds the quit.
        private static ITryOperation? CoveringTry(IOperation quit)
        {
            for (var current = quit; current.Parent is not null; current = current.Parent)
            {
                if (current.Parent is ITryOperation tryOperation && ReferenceEquals(tryOperation.Finally, current))
                {
                    return tryOperation;
                }
            }

            return null;
        }

        private static bool IsInside(IOperation operation, IOperation container)
        {
            for (var current = operation; current is not null; current = current.Parent)
            {
                if (ReferenceEquals(current, container))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
