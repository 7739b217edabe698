using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MeshReady.Analyzers.Infrastructure;

/// <summary>
/// Code that runs only in the Development environment: the true branch of <c>if (env.IsDevelopment())</c>
/// (or <c>IsEnvironment("Development")</c>), or the else branch of <c>if (!env.IsDevelopment())</c>.
/// Development never runs in a cluster, so mesh rules stay silent there.
/// </summary>
internal static class DevelopmentOnlyCode
{
    public static bool Contains(IOperation operation)
    {
        for (var current = operation; current.Parent is not null; current = current.Parent)
        {
            if (IsBranch(current))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when <paramref name="operation"/> is itself a Development-only branch of its parent <c>if</c> or <c>?:</c>.</summary>
    public static bool IsBranch(IOperation operation)
        => operation.Parent is IConditionalOperation conditional
            && ((operation == conditional.WhenTrue && IsDevelopmentCheck(conditional.Condition, negated: false))
                || (operation == conditional.WhenFalse && IsDevelopmentCheck(conditional.Condition, negated: true)));

    private static bool IsDevelopmentCheck(IOperation condition, bool negated)
    {
        condition = ValueTracking.SkipConversions(condition);
        if (condition is IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not)
        {
            return IsDevelopmentCheck(not.Operand, !negated);
        }

        return !negated && condition is IInvocationOperation invocation
            && (invocation.TargetMethod.Name == "IsDevelopment"
                || (invocation.TargetMethod.Name == "IsEnvironment"
                    && invocation.Arguments.Length == 2
                    && invocation.Arguments[1].Value.ConstantValue is { HasValue: true, Value: string name }
                    && string.Equals(name, "Development", System.StringComparison.OrdinalIgnoreCase)));
    }
}
