using System.Threading;
using MeshReady.Analyzers.Infrastructure;
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
/// opens Postgres and Redis this way). A catch that only rethrows, or leaves the loop, retries nothing. The pause may sit in a
/// method of this compilation the loop calls (<c>await DelayAsync(attempt)</c>, YARP's <c>await limiter.WaitAsync(token)</c>,
/// whose Limiter awaits <c>Task.Delay</c>): one call deep, through overloads that only forward.
/// </summary>
internal static class HandWrittenRetries
{
    /// <summary>True when <paramref name="call"/> runs inside a hand-written retry loop of <paramref name="body"/>.</summary>
    public static bool Covers(IOperation call, IOperation body, LifecycleModel model, CancellationToken cancellationToken)
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
                case ILoopOperation loop when retried is not null && WaitsBetweenAttempts(loop, model, cancellationToken):
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
    public static bool RetriesCaughtCall(ILoopOperation loop, CatchKind below, LifecycleModel model, CancellationToken cancellationToken)
        => below is CatchKind.MayBeCaught or CatchKind.Swallowed && WaitsBetweenAttempts(loop, model, cancellationToken);

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

    private static bool WaitsBetweenAttempts(ILoopOperation loop, LifecycleModel model, CancellationToken cancellationToken)
    {
        foreach (var operation in loop.Body.Descendants())
        {
            if (IsPause(operation, model.Symbols))
            {
                return true;
            }
        }

        // Only when the loop itself does not pause: a helper's body is bound to look.
        foreach (var operation in loop.Body.Descendants())
        {
            if (operation is IInvocationOperation call && (call.TargetMethod.ReturnsVoid || CallSummaries.IsAwaited(call, orReturned: false))
                && PausesInside(call.TargetMethod, model, forwards: 2, cancellationToken))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsPause(IOperation operation, LifecycleSymbols symbols)
        => (operation is IAwaitOperation awaited && symbols.IsPause(awaited))
            || operation is IInvocationOperation { TargetMethod: { Name: "Sleep", ContainingType: { Name: "Thread", ContainingNamespace.Name: "Threading" } } };

    // A method of this compilation whose own body pauses (not in a lambda it builds). Task WaitAsync(CancellationToken token)
    // => WaitAsync(1, token): a body whose one call goes to another method here is followed (up to 'forwards' times).
    private static bool PausesInside(IMethodSymbol method, LifecycleModel model, int forwards, CancellationToken cancellationToken)
    {
        if (method.MethodKind is not (MethodKind.Ordinary or MethodKind.LocalFunction) || model.BodyOf(method, cancellationToken) is not { } body)
        {
            return false;
        }

        IInvocationOperation? only = null;
        var calls = 0;
        foreach (var operation in body.Descendants())
        {
            if (OperationScopes.InNestedFunction(operation, body))
            {
                continue;
            }

            if (IsPause(operation, model.Symbols))
            {
                return true;
            }

            if (operation is IInvocationOperation call)
            {
                only = call;
                calls++;
            }
        }

        return forwards > 0 && calls == 1 && PausesInside(only!.TargetMethod, model, forwards - 1, cancellationToken);
    }
}
