using MeshReady.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MeshReady.Analyzers.Lifecycle;

/// <summary>What a refused connection at start-up really does to the service, read from the code around the reported call.</summary>
internal enum StartupOutcome
{
    /// <summary>Nothing here catches it: start-up fails and the process ends (or may: a callee could still catch it).</summary>
    Fails,

    /// <summary>A catch here swallows it and start-up goes on: the service runs without what the call sets up.</summary>
    Caught,

    /// <summary>It ends BackgroundService.ExecuteAsync: the host logs it and, by default, stops.</summary>
    EndsWorker,
}

/// <summary>
/// Works out <see cref="StartupOutcome"/> for a start-up call that is not fire-and-forget. Only the body being reported
/// is read (no callee's catch is seen), and only when a diagnostic is about to be reported, so it costs nothing per node.
/// </summary>
internal static class StartupOutcomes
{
    public static StartupOutcome Of(IOperation site, IOperation body, LifecycleMethod kind, LifecycleSymbols symbols)
    {
        if (IsCaught(site, body, kind, symbols))
        {
            return StartupOutcome.Caught;
        }

        return kind == LifecycleMethod.BackgroundExecute ? StartupOutcome.EndsWorker : StartupOutcome.Fails;
    }

    // Caught when an enclosing try of this body has a catch-all clause (catch, catch (Exception), no filter) and none of its
    // clauses leaves: no throw (the exception goes on), no Environment.Exit/FailFast or StopApplication (the process ends),
    // and in Main no return (the program ends). A try with only typed clauses that do not leave may or may not catch it:
    // the walk goes outwards, and only a catch-all further out decides. In Main the program must also reach app.Run() after
    // the try: a try that wraps Run (Serilog's "Log.Fatal(ex); return 1;" shape) ends the program, so the pod restarts.
    private static bool IsCaught(IOperation site, IOperation body, LifecycleMethod kind, LifecycleSymbols symbols)
    {
        var previous = site;
        for (var current = site.Parent; current is not null && !ReferenceEquals(current, body.Parent); previous = current, current = current.Parent)
        {
            if (current is ILocalFunctionOperation)
            {
                return false;
            }

            if (current is not ITryOperation attempt || !ReferenceEquals(attempt.Body, previous) || attempt.Catches.IsEmpty)
            {
                continue;
            }

            var catchesAll = false;
            foreach (var clause in attempt.Catches)
            {
                if (Leaves(clause.Handler, kind, symbols))
                {
                    return false;
                }

                catchesAll |= clause.Filter is null
                    && (clause.ExceptionType.SpecialType == SpecialType.System_Object
                        || clause.ExceptionType is { Name: "Exception", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } });
            }

            if (catchesAll)
            {
                return kind != LifecycleMethod.EntryPoint || RunsHostAfter(attempt, body, symbols);
            }
        }

        return false;
    }

    private static bool Leaves(IBlockOperation handler, LifecycleMethod kind, LifecycleSymbols symbols)
    {
        foreach (var operation in handler.Descendants())
        {
            switch (operation)
            {
                case IThrowOperation:
                case IReturnOperation when kind == LifecycleMethod.EntryPoint && !OperationScopes.InNestedFunction(operation, handler):
                case IInvocationOperation { TargetMethod: { Name: "Exit" or "FailFast", ContainingType: { Name: "Environment", ContainingNamespace.Name: "System" } } }:
                case IInvocationOperation stop when symbols.IsStopApplication(stop):
                    return true;
            }
        }

        return false;
    }

    private static bool RunsHostAfter(ITryOperation attempt, IOperation body, LifecycleSymbols symbols)
    {
        var end = attempt.Syntax.Span.End;
        foreach (var operation in body.Descendants())
        {
            if (operation is IInvocationOperation call && call.Syntax.SpanStart >= end && symbols.IsHostRun(call))
            {
                return true;
            }
        }

        return false;
    }
}
