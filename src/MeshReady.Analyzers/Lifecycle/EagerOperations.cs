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

    private static bool IsDeferred(IOperation operation)
    {
        var lambda = operation switch
        {
            IAnonymousFunctionOperation anonymous => anonymous,
            IDelegateCreationOperation { Target: IAnonymousFunctionOperation target } => target,
            ILocalFunctionOperation => null,
            _ => (IAnonymousFunctionOperation?)null,
        };

        if (operation is ILocalFunctionOperation)
        {
            return true;
        }

        // The lambda sits under its delegate conversion: judge it by the call it is handed to.
        var handedOver = operation is IAnonymousFunctionOperation && operation.Parent is IDelegateCreationOperation ? operation.Parent : operation;
        return lambda is not null && !RunsNow(handedOver, lambda);
    }

    private static bool RunsNow(IOperation delegateOperation, IAnonymousFunctionOperation lambda)
    {
        if (delegateOperation.Parent is not IArgumentOperation { Parent: IInvocationOperation { TargetMethod: var method } })
        {
            return false;
        }

        if (method.Name is "Run" or "StartNew" && method.ContainingType is { Name: "Task" or "TaskFactory", ContainingNamespace.Name: "Tasks" })
        {
            return true;
        }

        // policy.Execute(async () => …) compiles to async void: the first await escapes the retry.
        return method.Name is "Execute" or "ExecuteAndCapture" && lambda.Symbol.IsAsync && IsNotAwaitable(method.ReturnType);
    }

    private static bool IsNotAwaitable(ITypeSymbol type)
        => type.SpecialType == SpecialType.System_Void
            || !(type.Name is "Task" or "ValueTask" && type.ContainingNamespace?.Name == "Tasks");
}
