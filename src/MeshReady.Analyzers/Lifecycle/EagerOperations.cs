using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MeshReady.Analyzers.Lifecycle;

/// <summary>
/// The operations of a body that run when the body runs, in source order. Lambdas and local functions
/// are skipped because they run later (a DI factory on first resolve, an endpoint handler per request,
/// a retry pipeline's callback under its retries), except where they demonstrably run now and unguarded:
/// <c>Task.Run(…)</c>, and an <c>async</c> lambda handed to a synchronous <c>Execute</c> (async void: the
/// retry never sees the failure).
/// </summary>
internal static class EagerOperations
{
    public static IEnumerable<IOperation> Of(IOperation root)
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
                if (IsDeferred(child))
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

    private static bool IsDeferred(IOperation operation)
    {
        if (operation is ILocalFunctionOperation)
        {
            return true;
        }

        var lambda = operation switch
        {
            IAnonymousFunctionOperation anonymous => anonymous,
            IDelegateCreationOperation { Target: IAnonymousFunctionOperation target } => target,
            _ => null,
        };

        return lambda is not null && !RunsNow(lambda);
    }

    private static bool RunsNow(IAnonymousFunctionOperation lambda)
    {
        if (CallReceiving(lambda) is not { TargetMethod: var method })
        {
            return false;
        }

        if (method.Name is "Run" or "StartNew" && method.ContainingType is { Name: "Task" or "TaskFactory", ContainingNamespace.Name: "Tasks" })
        {
            return true;
        }

        // A synchronous Execute runs its callback now. For a sync callback that is a retry (a mitigation, skipped
        // here); an async one only starts under it: the first await hands back, the retry sees success and never
        // sees the failure (Polly v7 Execute(Action): async void; Polly v8 ResiliencePipeline.Execute(Func<Task>)).
        return IsSynchronousExecute(method) && lambda.Symbol.IsAsync;
    }

    /// <summary>
    /// For an operation inside an async lambda handed to a synchronous <c>Execute</c> whose task nobody awaits
    /// (async void, or the returned task dropped), the receiving method (<c>'RetryPolicy.Execute'</c>); else null.
    /// Such work is fire-and-forget: its failure is lost instead of failing start-up.
    /// </summary>
    public static string? DetachedBy(IOperation operation, IOperation root)
    {
        for (var current = operation.Parent; current is not null && !ReferenceEquals(current, root); current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation { Symbol.IsAsync: true } lambda
                && CallReceiving(lambda) is { } call
                && IsSynchronousExecute(call.TargetMethod)
                && (lambda.Symbol.ReturnsVoid || IsDropped(call)))
            {
                return call.TargetMethod.ContainingType.Name + "." + call.TargetMethod.Name;
            }
        }

        return null;
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