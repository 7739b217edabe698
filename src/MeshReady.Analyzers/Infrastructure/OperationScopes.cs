using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MeshReady.Analyzers.Infrastructure;

/// <summary>Where an operation sits relative to the body a rule is reading.</summary>
internal static class OperationScopes
{
    /// <summary>
    /// True when a lambda or local function lies between <paramref name="operation"/> and <paramref name="root"/>: a return,
    /// throw or break there belongs to that function, not to the body that <paramref name="root"/> is part of.
    /// </summary>
    public static bool InNestedFunction(IOperation operation, IOperation root)
    {
        for (var current = operation.Parent; current is not null && !ReferenceEquals(current, root); current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return true;
            }
        }

        return false;
    }
}
