using MeshReady.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MeshReady.Analyzers.Lifecycle;

/// <summary>What a refused connection at start-up really does to the service, read from the code around the reported call.</summary>
internal enum StartupOutcome
{
    /// <summary>Nothing on the way catches it: start-up fails and the process ends.</summary>
    Fails,

    /// <summary>A catch on the way swallows it and start-up goes on: the service runs without what the call sets up.</summary>
    Caught,

    /// <summary>It ends BackgroundService.ExecuteAsync: the host logs it and, by default, stops.</summary>
    EndsWorker,

    /// <summary>Like <see cref="Fails"/>, unless a catch that names an exception type (or code in a referenced library) handles it.</summary>
    FailsUnlessHandled,

    /// <summary>Like <see cref="EndsWorker"/>, unless a catch that names an exception type (or code in a referenced library) handles it.</summary>
    EndsWorkerUnlessHandled,
}

/// <summary>What the catches of one method do to an exception thrown by a call in it (see <see cref="StartupOutcomes.Around"/>).</summary>
internal enum CatchKind : byte
{
    /// <summary>No catch here stops it (none, or one that rethrows): it goes on to the caller.</summary>
    Propagates,

    /// <summary>Only catches that name an exception type or have a filter: they may or may not stop it.</summary>
    MayBeCaught,

    /// <summary>A catch-all (catch, catch (Exception), no filter) that does not leave: the exception ends here.</summary>
    Swallowed,

    /// <summary>A catch that ends the process or the host (Environment.Exit/FailFast, StopApplication; in Main, a return).</summary>
    Ends,
}

/// <summary>
/// Works out <see cref="StartupOutcome"/> for a start-up call that is not fire-and-forget, from the catches along the whole
/// reported chain: each method's catches around the call to the next (recorded in the call summaries, <see cref="CallSummaries"/>),
/// then the reported body's own. Read only when a diagnostic is about to be reported, so it costs nothing per node.
/// </summary>
internal static class StartupOutcomes
{
    /// <param name="below">What the methods of the chain below the site do with the exception (innermost first, combined).</param>
    public static StartupOutcome Of(IOperation site, IOperation body, LifecycleMethod kind, LifecycleSymbols symbols, CatchKind below = CatchKind.Propagates)
    {
        var here = Around(site, body, kind == LifecycleMethod.EntryPoint, symbols, out var swallowedBy);
        if (here == CatchKind.Swallowed && kind == LifecycleMethod.EntryPoint && !RunsHostAfter(swallowedBy!, body, symbols))
        {
            // Main's catch-all that does not go on to app.Run() ends the program (Serilog's "Log.Fatal(ex); return 1;").
            here = CatchKind.Ends;
        }

        return Outcome(Combine(below, here), kind);
    }

    /// <summary>The outcome when <paramref name="all"/> is what the whole chain, reporting body included, does with the exception.</summary>
    public static StartupOutcome Outcome(CatchKind all, LifecycleMethod kind)
    {
        var worker = kind == LifecycleMethod.BackgroundExecute;
        return all switch
        {
            CatchKind.Swallowed => StartupOutcome.Caught,
            CatchKind.MayBeCaught => worker ? StartupOutcome.EndsWorkerUnlessHandled : StartupOutcome.FailsUnlessHandled,
            _ => worker ? StartupOutcome.EndsWorker : StartupOutcome.Fails,
        };
    }

    /// <summary>
    /// What the catches of <paramref name="body"/> around <paramref name="site"/> do with its exception. Walks outwards: a try
    /// with only typed or filtered clauses that do not leave may catch it (the walk goes on, a catch-all further out decides);
    /// a catch-all that does not leave swallows it; a clause that ends the process or host ends it; a clause that rethrows
    /// hands it on. <paramref name="entryPoint"/>: a return in a handler ends the program too.
    /// </summary>
    public static CatchKind Around(IOperation site, IOperation body, bool entryPoint, LifecycleSymbols symbols)
        => Around(site, body, entryPoint, symbols, out _);

    private static CatchKind Around(IOperation site, IOperation body, bool entryPoint, LifecycleSymbols symbols, out ITryOperation? swallowedBy)
    {
        swallowedBy = null;
        var result = CatchKind.Propagates;
        var previous = site;
        for (var current = site.Parent; current is not null && !ReferenceEquals(current, body.Parent); previous = current, current = current.Parent)
        {
            if (current is ILocalFunctionOperation)
            {
                break;
            }

            if (current is not ITryOperation attempt || !ReferenceEquals(attempt.Body, previous) || attempt.Catches.IsEmpty)
            {
                continue;
            }

            var catchesAll = false;
            var rethrows = false;
            foreach (var clause in attempt.Catches)
            {
                switch (Leaves(clause.Handler, entryPoint, symbols))
                {
                    case Leaving.Ends:
                        return CatchKind.Ends;
                    case Leaving.Rethrows:
                        rethrows = true;
                        break;
                }

                catchesAll |= clause.Filter is null
                    && (clause.ExceptionType.SpecialType == SpecialType.System_Object
                        || clause.ExceptionType is { Name: "Exception", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } });
            }

            if (rethrows)
            {
                // catch (Exception ex) { log; throw; }: the exception goes on outwards.
                continue;
            }

            if (catchesAll)
            {
                swallowedBy = attempt;
                return CatchKind.Swallowed;
            }

            result = CatchKind.MayBeCaught;
        }

        return result;
    }

    /// <summary>
    /// What a chain does with the exception: <paramref name="inner"/> is what happens nearer the I/O (it sees the exception
    /// first), <paramref name="outer"/> what the caller does with whatever comes out.
    /// </summary>
    public static CatchKind Combine(CatchKind inner, CatchKind outer)
        => inner switch
        {
            CatchKind.Swallowed or CatchKind.Ends => inner,
            CatchKind.MayBeCaught => outer == CatchKind.Swallowed ? CatchKind.Swallowed : CatchKind.MayBeCaught,
            _ => outer,
        };

    private enum Leaving
    {
        No,
        Rethrows,
        Ends,
    }

    private static Leaving Leaves(IBlockOperation handler, bool entryPoint, LifecycleSymbols symbols)
    {
        var result = Leaving.No;
        foreach (var operation in handler.Descendants())
        {
            switch (operation)
            {
                case IThrowOperation when !OperationScopes.InNestedFunction(operation, handler):
                    result = Leaving.Rethrows;
                    break;
                case IReturnOperation when entryPoint && !OperationScopes.InNestedFunction(operation, handler):
                case IInvocationOperation { TargetMethod: { Name: "Exit" or "FailFast", ContainingType: { Name: "Environment", ContainingNamespace.Name: "System" } } }:
                case IInvocationOperation stop when symbols.IsStopApplication(stop):
                    return Leaving.Ends;
            }
        }

        return result;
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
