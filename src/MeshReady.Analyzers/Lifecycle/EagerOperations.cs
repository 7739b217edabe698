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

        // policy.Execute(async () => …) compiles to async void: the first await escapes the retry.
        return method.Name is "Execute" or "ExecuteAndCapture" && lambda.Symbol.IsAsync && IsNotAwaitable(method.ReturnType);
    }

    private static bool IsNotAwaitable(ITypeSymbol type)
        => type.SpecialType == SpecialType.System_Void
            || !(type.Name is "Task" or "ValueTask" && type.ContainingNamespace?.Name == "Tasks");
}
