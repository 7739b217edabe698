using System;
using System.Threading;
using MeshReady.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MeshReady.Analyzers.Lifecycle;

/// <summary>
/// A Polly policy or pipeline that may be a no-op: <c>Policy.NoOp()</c>/<c>NoOpAsync()</c> (v7) or <c>ResiliencePipeline.Empty</c>
/// (v8) on some path, directly, through a local, a conditional, or returned by a helper of this compilation (one level):
/// eShopOnDapr's <c>CreateRetryPolicy</c> returns <c>Policy.NoOp()</c> unless configuration sets <c>RetryMigrations</c>. Such a
/// policy runs its delegate once and rethrows (App-vNext/Polly 7.2.4 <c>src/Polly/NoOp/NoOpEngine.cs</c>), so it is no
/// mitigation at start-up. Starts with a name check: only a runner's receiver is looked at.
/// </summary>
internal static class NoOpPolicies
{
    private const int MaxDepth = 12;

    /// <summary>The <see cref="MaySkipRetry"/> value for a no-op built in sight of the call (not returned by a helper).</summary>
    public const string InSight = "Policy.NoOp";

    /// <summary>
    /// For a retrying runner's call (<c>retryPolicy.Execute(…)</c>), where its policy may be a no-op: the helper that may return one
    /// (<c>ProgramExtensions.CreateRetryPolicy</c>), or <c>Policy.NoOp</c> when it is built in sight; else null.
    /// </summary>
    public static string? MaySkipRetry(IInvocationOperation call, Func<IMethodSymbol, IOperation?> bodyOf, CancellationToken cancellationToken)
    {
        if (call.Instance is not { } receiver)
        {
            return null;
        }

        var origin = ValueTracking.Origin(receiver, cancellationToken);
        if (origin is IInvocationOperation { TargetMethod: var helper } && !IsNoOp(origin) && IsPollyType(helper.ReturnType)
            && !helper.Locations.IsEmpty && helper.Locations[0].IsInSource)
        {
            return bodyOf(helper) is { } body && ReturnsNoOp(body, cancellationToken)
                ? helper.ContainingType.Name + "." + helper.Name
                : null;
        }

        return MayBeNoOp(origin, depth: 0, cancellationToken) ? InSight : null;
    }

    private static bool MayBeNoOp(IOperation value, int depth, CancellationToken cancellationToken)
    {
        if (depth > MaxDepth)
        {
            return false;
        }

        value = ValueTracking.Origin(value, cancellationToken);
        switch (value)
        {
            case IConditionalOperation conditional:
                return (conditional.WhenTrue is { } whenTrue && MayBeNoOp(whenTrue, depth + 1, cancellationToken))
                    || (conditional.WhenFalse is { } whenFalse && MayBeNoOp(whenFalse, depth + 1, cancellationToken));
            case ICoalesceOperation coalesce:
                return MayBeNoOp(coalesce.Value, depth + 1, cancellationToken) || MayBeNoOp(coalesce.WhenNull, depth + 1, cancellationToken);
            case ISwitchExpressionOperation switchExpression:
                foreach (var arm in switchExpression.Arms)
                {
                    if (MayBeNoOp(arm.Value, depth + 1, cancellationToken))
                    {
                        return true;
                    }
                }

                return false;
            default:
                return IsNoOp(value);
        }
    }

    private static bool ReturnsNoOp(IOperation body, CancellationToken cancellationToken)
    {
        foreach (var operation in body.Descendants())
        {
            if (operation is IReturnOperation { ReturnedValue: { } returned } ret && !OperationScopes.InNestedFunction(ret, body)
                && MayBeNoOp(returned, depth: 1, cancellationToken))
            {
                return true;
            }
        }

        return false;
    }

    // Policy.NoOp(), Policy.NoOpAsync(), Policy.NoOp<T>(), Policy.NoOpAsync<T>(), ResiliencePipeline.Empty, ResiliencePipeline<T>.Empty.
    private static bool IsNoOp(IOperation value)
        => value switch
        {
            IInvocationOperation { TargetMethod: { Name: "NoOp" or "NoOpAsync", ContainingType: var type } } => IsPollyType(type),
            IFieldReferenceOperation { Field: { Name: "Empty", ContainingType: { Name: "ResiliencePipeline" } type } } => IsPollyType(type),
            IPropertyReferenceOperation { Property: { Name: "Empty", ContainingType: { Name: "ResiliencePipeline" } type } } => IsPollyType(type),
            _ => false,
        };

    private static bool IsPollyType(ITypeSymbol? type)
        => type?.ContainingNamespace is { Name: "Polly", ContainingNamespace.IsGlobalNamespace: true };
}
