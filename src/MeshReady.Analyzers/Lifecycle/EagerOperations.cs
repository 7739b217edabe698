using System;
using System.Collections.Generic;
using MeshReady.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MeshReady.Analyzers.Lifecycle;

/// <summary>
/// The operations of a body that run when the body runs, in source order. Lambdas and local functions
/// are skipped because they run later (a DI factory on first resolve, an endpoint handler per request),
/// except where they demonstrably run now: handed to a library method that runs its delegate at once
/// (<see cref="DelegateRunners"/>: <c>Task.Run</c>, <c>List&lt;T&gt;.ForEach</c>, <c>Parallel.ForEachAsync</c>, Polly,
/// EF Core's execution strategy), and an <c>async</c> lambda handed to any synchronous <c>Execute</c> (async void or a
/// dropped task: the retry never sees the failure). <c>covered</c>, when given, says which retrying runners cover
/// their delegate (the start-up view: a retry that outlasts proxy start-up is a mitigation); their delegates are then
/// skipped. Without it (shutdown and Jobs, where a retry mitigates nothing) every runner's delegate runs now. A branch
/// that is not due yet at start (<see cref="TimeGuards"/>) is skipped in the start-up view only: at shutdown or in a Job
/// the interval may well have passed.
/// </summary>
internal static class EagerOperations
{
    /// <summary>The every-call view (shutdown, Jobs): every runner's delegate runs now, time-guarded branches too.</summary>
    public static IEnumerable<IOperation> Of(IOperation root) => Walk(root, covered: null, startUp: false);

    /// <summary>The start-up view (MESH030): what <paramref name="covered"/> retries is skipped, and branches not due yet at start.</summary>
    public static IEnumerable<IOperation> AtStartUp(IOperation root, Func<IInvocationOperation, bool> covered) => Walk(root, covered, startUp: true);

    private static IEnumerable<IOperation> Walk(IOperation root, Func<IInvocationOperation, bool>? covered, bool startUp)
    {
        var stack = new Stack<IOperation>();
        var children = new List<IOperation>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var current = stack.Pop();
            yield return current;

            children.Clear();
            foreach (var child in current.ChildOperations)
            {
                if (IsDeferred(child, covered, startUp))
                {
                    continue;
                }

                children.Add(child);
            }

            for (var i = children.Count - 1; i >= 0; i--)
            {
                stack.Push(children[i]);
            }
        }
    }

    /// <summary>The call a lambda is handed to, through its delegate creation and conversions (<c>MapPost(string, Delegate)</c>).</summary>
    public static IInvocationOperation? CallReceiving(IAnonymousFunctionOperation lambda)
    {
        var current = lambda.Parent;
        while (current is IDelegateCreationOperation or IConversionOperation)
        {
            current = current.Parent;
        }

        return current is IArgumentOperation { Parent: IInvocationOperation invocation } ? invocation : null;
    }

    private static bool IsDeferred(IOperation operation, Func<IInvocationOperation, bool>? covered, bool startUp)
    {
        if (operation is ILocalFunctionOperation)
        {
            return true;
        }

        // Development never runs in a cluster (the rule MESH001, MESH005 and MESH041 follow too): a Development-only branch is
        // no start-up, shutdown or Job work there.
        if (DevelopmentOnlyCode.IsBranch(operation))
        {
            return true;
        }

        // A branch that runs only once an interval has passed since start (a daily job's publish) is not start-up work;
        // at shutdown the interval may have passed.
        if (startUp && TimeGuards.IsNotDueBranch(operation))
        {
            return true;
        }

        var lambda = operation switch
        {
            IAnonymousFunctionOperation anonymous => anonymous,
            IDelegateCreationOperation { Target: IAnonymousFunctionOperation target } => target,
            _ => null,
        };

        return lambda is not null && !RunsNow(lambda, covered);
    }

    private static bool RunsNow(IAnonymousFunctionOperation lambda, Func<IInvocationOperation, bool>? covered)
    {
        if (CallReceiving(lambda) is not { TargetMethod: var method } call)
        {
            return false;
        }

        if (DelegateRunners.Of(method) is not { } runner)
        {
            // An async lambda under some other synchronous Execute only starts there: its failure escapes the retry.
            return IsSynchronousExecute(method) && StartsTask(lambda);
        }

        // A retry covers its callback in the start-up view, except an async one under a synchronous Execute: it only
        // starts there, the first await hands back, and the retry sees success (Polly v7 Execute(Func<Task>) drops the
        // task; an Action makes it async void).
        if (runner.Retry != RunnerRetry.None && covered is not null && covered(call))
        {
            return runner.Timing == RunnerTiming.Synchronous && StartsTask(lambda);
        }

        return true;
    }

    /// <summary>
    /// An async lambda, or one whose whole body is a call that returns a task (<c>() =&gt; ConnectAsync()</c>): a synchronous
    /// runner only starts its work, which goes on in a task the runner does not await.
    /// </summary>
    private static bool StartsTask(IAnonymousFunctionOperation lambda)
        => lambda.Symbol.IsAsync || TaskOfBody(lambda) is not null;

    // () => ConnectAsync(), () => { return ConnectAsync(); } (Func<Task>) or x => PublishAsync(x) as an Action (the task is
    // discarded): the call whose task the lambda hands back or drops; null when the body does more than that.
    private static IOperation? TaskOfBody(IAnonymousFunctionOperation lambda)
    {
        IOperation? only = null;
        foreach (var statement in lambda.Body.Operations)
        {
            if (statement is IReturnOperation { IsImplicit: true, ReturnedValue: null })
            {
                continue;
            }

            if (only is not null)
            {
                return null;
            }

            only = statement switch
            {
                IReturnOperation { ReturnedValue: { } value } => ValueTracking.SkipConversions(value),
                IExpressionStatementOperation { Operation: var expression } => expression,
                _ => null,
            };
            if (only is null)
            {
                return null;
            }
        }

        return only?.Type is { } type && IsAwaitable(type) ? only : null;
    }

    /// <summary>
    /// The runner call a method group is handed to, when it runs it now in this view (<c>strategy.ExecuteAsync(db.Database.MigrateAsync)</c>,
    /// <c>Task.Run(ConsumeLoop)</c>); else null.
    /// </summary>
    public static IInvocationOperation? RunnerReceiving(IMethodReferenceOperation reference, Func<IInvocationOperation, bool>? covered)
    {
        var current = reference.Parent;
        while (current is IDelegateCreationOperation or IConversionOperation)
        {
            current = current.Parent;
        }

        if (current is not IArgumentOperation { Parent: IInvocationOperation call } || DelegateRunners.Of(call.TargetMethod) is not { } runner)
        {
            return null;
        }

        if (runner.Retry != RunnerRetry.None && covered is not null && covered(call))
        {
            // An awaitable method group under a synchronous Execute binds to Func<Task>, whose task the retry drops.
            return runner.Timing == RunnerTiming.Synchronous && IsAwaitable(reference.Method.ReturnType) ? call : null;
        }

        return call;
    }

    private static bool IsAwaitable(ITypeSymbol type)
        => type is INamedTypeSymbol { Name: "Task" or "ValueTask", ContainingNamespace: { Name: "Tasks", ContainingNamespace.Name: "Threading" } };

    /// <summary><c>Task.Run</c> or <c>Task.Factory.StartNew</c>: the delegate starts running at once, on the thread pool.</summary>
    public static bool IsTaskStart(IMethodSymbol method)
        => method.Name is "Run" or "StartNew" && DelegateRunners.Of(method) is { Timing: RunnerTiming.TaskStart };

    /// <summary>
    /// EF Core's execution strategy (<c>IExecutionStrategy.Execute/ExecuteAsync/ExecuteInTransaction*</c>, directly or
    /// through <c>ExecutionStrategyExtensions</c>, e.g. <c>db.Database.CreateExecutionStrategy().ExecuteAsync(…)</c>): it
    /// runs the operation at once, so the operation's I/O is the caller's.
    /// </summary>
    public static bool IsExecutionStrategy(IMethodSymbol method)
        => method.Name.StartsWith("Execute", System.StringComparison.Ordinal)
            && method.ContainingType is { Name: "IExecutionStrategy" or "ExecutionStrategyExtensions" or "ExecutionStrategy" } type
            && type.ContainingNamespace?.ToDisplayString() is "Microsoft.EntityFrameworkCore" or "Microsoft.EntityFrameworkCore.Storage";

    /// <summary>
    /// The runner call (<c>'IExecutionStrategy.ExecuteAsync'</c>, <c>'Parallel.ForEachAsync'</c>; not a task start) whose
    /// lambda holds <paramref name="operation"/>, for the message's chain; else null.
    /// </summary>
    public static string? RunBy(IOperation operation, IOperation root, Func<IInvocationOperation, string>? nameOf = null)
    {
        for (var current = operation.Parent; current is not null && !ReferenceEquals(current, root); current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation lambda && CallReceiving(lambda) is { } call
                && DelegateRunners.Of(call.TargetMethod) is { Timing: not RunnerTiming.TaskStart })
            {
                return nameOf is null ? DelegateRunners.NameOf(call.TargetMethod) : nameOf(call);
            }
        }

        return null;
    }

    /// <summary>
    /// For an operation inside a lambda whose failure nobody observes, what detaches it; else null. Two ways: an async
    /// lambda handed to a synchronous <c>Execute</c> (async void, or the returned task dropped): the receiving method
    /// (<c>'RetryPolicy.Execute'</c>); a lambda handed to <c>Task.Run</c>/<c>Task.Factory.StartNew</c> whose task is
    /// never awaited: <c>'Task.Run'</c>/<c>'TaskFactory.StartNew'</c>. Such work is fire-and-forget: its failure is lost
    /// instead of failing start-up.
    /// </summary>
    public static string? DetachedBy(IOperation operation, IOperation root)
    {
        for (var current = operation.Parent; current is not null && !ReferenceEquals(current, root); current = current.Parent)
        {
            if (current is not IAnonymousFunctionOperation lambda || CallReceiving(lambda) is not { } call)
            {
                continue;
            }

            if (StartsTask(lambda) && (IsSynchronousExecute(call.TargetMethod) || DelegateRunners.Of(call.TargetMethod) is { Timing: RunnerTiming.Synchronous or RunnerTiming.HostBuild })
                && (lambda.Symbol.ReturnsVoid || IsDropped(call)))
            {
                // A lambda that is not async and drops its task into an Action is no async void: the task keeps the exception.
                var receiver = call.TargetMethod.ContainingType.Name + "." + call.TargetMethod.Name;
                return lambda.Symbol.ReturnsVoid && lambda.Symbol.IsAsync ? AsyncVoid(receiver) : receiver;
            }

            if (IsTaskStart(call.TargetMethod) && TaskIsUnobserved(call, StartsTask(lambda)))
            {
                return TaskStartName(call.TargetMethod);
            }

            if (UnawaitedRunner(call) is { } unawaited)
            {
                return unawaited;
            }
        }

        return null;
    }

    /// <summary><c>Task.Run(Loop)</c> with a method group: detached like a lambda when its task is never observed.</summary>
    public static string? DetachedTaskStart(IInvocationOperation call, IMethodSymbol target)
        => IsTaskStart(call.TargetMethod) && TaskIsUnobserved(call, target.IsAsync) ? TaskStartName(call.TargetMethod) : null;

    private const string AsyncVoidPrefix = "async void:";
    private const string UnawaitedPrefix = "unawaited:";

    /// <summary>
    /// For a runner that runs its delegate in the task it returns (<c>Parallel.ForEachAsync</c>, <c>ExecuteAsync</c>) whose task
    /// nobody awaits (<c>_ = Parallel.ForEachAsync(…)</c>, a statement): the marked runner name (<see cref="IsUnawaited"/>).
    /// The work runs concurrently with start-up, and its failure stays in a task nobody observes.
    /// </summary>
    public static string? UnawaitedRunner(IInvocationOperation call)
        => DelegateRunners.Of(call.TargetMethod) is { Timing: RunnerTiming.Task } && IsDropped(call)
            ? UnawaitedPrefix + DelegateRunners.NameOf(call.TargetMethod)
            : null;

    /// <summary>True for an <see cref="UnawaitedRunner"/> value; <paramref name="runner"/> is the runner's chain name.</summary>
    public static bool IsUnawaited(string detachedBy, out string runner)
    {
        var unawaited = detachedBy.StartsWith(UnawaitedPrefix, StringComparison.Ordinal);
        runner = unawaited ? detachedBy.Substring(UnawaitedPrefix.Length) : detachedBy;
        return unawaited;
    }

    /// <summary>
    /// The <see cref="DetachedBy"/> value for an async lambda that became async void (handed to an <c>Action</c>): unlike a
    /// dropped task, its exception is rethrown on the thread pool, which ends the process (no synchronization context in a
    /// generic host). The marker travels with the value, in call summaries across assemblies too.
    /// </summary>
    public static string AsyncVoid(string receiver) => AsyncVoidPrefix + receiver;

    /// <summary>True for an <see cref="AsyncVoid"/> value; <paramref name="receiver"/> is the method that receives the lambda.</summary>
    public static bool IsAsyncVoid(string detachedBy, out string receiver)
    {
        var isAsyncVoid = detachedBy.StartsWith(AsyncVoidPrefix, StringComparison.Ordinal);
        receiver = isAsyncVoid ? detachedBy.Substring(AsyncVoidPrefix.Length) : detachedBy;
        return isAsyncVoid;
    }

    /// <summary>True for a <see cref="DetachedBy"/> value that names a task start rather than a synchronous retry.</summary>
    public static bool IsTaskStartName(string detachedBy) => detachedBy is "Task.Run" or "TaskFactory.StartNew";

    private static string TaskStartName(IMethodSymbol method) => method.ContainingType.Name + "." + method.Name;

    // _ = Task.Run(…); or Task.Run(…); as a statement. Task.Factory.StartNew(async …) returns the outer task only: awaiting
    // it waits for the lambda's first await, not its end, unless the inner task is awaited too (Unwrap(), await await).
    private static bool TaskIsUnobserved(IInvocationOperation call, bool asyncDelegate)
    {
        if (IsDropped(call))
        {
            return true;
        }

        if (call.TargetMethod.Name != "StartNew" || !asyncDelegate)
        {
            return false;
        }

        // Task.Factory.StartNew(async …).Unwrap(): the extension's argument; the unwrapped task stands for the lambda.
        var parent = SkipWrappers(call.Parent);
        if (parent is IArgumentOperation { Parent: IInvocationOperation { TargetMethod.Name: "Unwrap" } unwrap })
        {
            return IsDropped(unwrap);
        }

        return parent is not IAwaitOperation outer || SkipWrappers(outer.Parent) is not IAwaitOperation;
    }

    private static IOperation? SkipWrappers(IOperation? operation)
    {
        while (operation is IConversionOperation or IParenthesizedOperation
            || operation is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" })
        {
            operation = operation.Parent;
        }

        return operation;
    }

    private static bool IsSynchronousExecute(IMethodSymbol method) => method.Name is "Execute" or "ExecuteAndCapture";

    // pipeline.Execute(async () => …); as a statement, or assigned to a discard: the returned task is never observed.
    private static bool IsDropped(IInvocationOperation call)
    {
        var parent = call.Parent;
        while (parent is IConversionOperation or IParenthesizedOperation)
        {
            parent = parent.Parent;
        }

        return parent is IExpressionStatementOperation
            || parent is ISimpleAssignmentOperation { Target: IDiscardOperation, Parent: IExpressionStatementOperation };
    }
}
