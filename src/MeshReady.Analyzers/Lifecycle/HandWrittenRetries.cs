using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MeshReady.Analyzers.Lifecycle;

/// <summary>
/// A retry written by hand: the call sits in the <c>try</c> block of a <c>try</c>/<c>catch</c> whose handler lets the
/// loop go round again, inside a loop that waits between attempts (<c>Thread.Sleep</c>, an awaited <c>Task.Delay</c>):
/// <code>
/// while (true)
/// {
///     try { connection.Open(); break; }
///     catch (DbException) { Thread.Sleep(1000); }
/// }
/// </code>
/// A refused connection lands in the catch, and the loop tries again once the proxy is up, so at start-up the call is
/// covered, and once the loop is left the proxy is ready for what follows (dockersamples/example-voting-app's worker
/// opens Postgres and Redis this way). A catch that only rethrows, or leaves the loop, retries nothing.
/// </summary>
internal static class HandWrittenRetries
{
    /// <summary>True when <paramref name="call"/> runs inside a hand-written retry loop of <paramref name="body"/>.</summary>
    public static bool Covers(IOperation call, IOperation body, LifecycleSymbols symbols)
    {
        ITryOperation? retried = null;
        var previous = call;
        for (var current = call.Parent; current is not null && !ReferenceEquals(current, body.Parent); previous = current, current = current.Parent)
        {
            switch (current)
            {
                case IAnonymousFunctionOperation or ILocalFunctionOperation:
                    // A lambda in the loop runs when whoever receives it decides, not as this attempt.
                    return false;
                case ITryOperation attempt when ReferenceEquals(attempt.Body, previous) && retried is null && GoesRound(attempt):
                    retried = attempt;
                    break;
                case ILoopOperation loop when retried is not null && WaitsBetweenAttempts(loop, symbols):
                    return true;
            }
        }

        return false;
    }

    /// <summary>
    /// True when a worker's loop retries a call whose failure a method further down its chain catches (<paramref name="below"/>):
    /// the helper returns, the loop waits and goes round again (dotnet/eShop's GracePeriodManagerService catches
    /// <c>NpgsqlException</c> in its query helper). A typed catch may not take a refused connection; it is given the benefit of
    /// the doubt, as precision comes first.
    /// </summary>
    public static bool RetriesCaughtCall(ILoopOperation loop, CatchKind below, LifecycleSymbols symbols)
        => below is CatchKind.MayBeCaught or CatchKind.Swallowed && WaitsBetweenAttempts(loop, symbols);

    // Some catch clause ends without throwing, returning or leaving the loop, so the next attempt runs.
    private static bool GoesRound(ITryOperation attempt)
    {
        foreach (var clause in attempt.Catches)
        {
            var last = clause.Handler.Operations.Length == 0 ? null : clause.Handler.Operations[clause.Handler.Operations.Length - 1];
            if (last is IThrowOperation or IReturnOperation or IBranchOperation { BranchKind: BranchKind.Break }
                || last is IExpressionStatementOperation { Operation: IThrowOperation })
            {
                continue;
            }

            return true;
        }

        return false;
    }

    private static bool WaitsBetweenAttempts(ILoopOperation loop, LifecycleSymbols symbols)
    {
        foreach (var operation in loop.Body.Descendants())
        {
            if ((operation is IAwaitOperation awaited && symbols.IsPause(awaited))
                || operation is IInvocationOperation { TargetMethod: { Name: "Sleep", ContainingType: { Name: "Thread", ContainingNamespace.Name: "Threading" } } })
            {
                return true;
            }
        }

        return false;
    }
}
