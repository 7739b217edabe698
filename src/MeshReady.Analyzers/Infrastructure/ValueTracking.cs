using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MeshReady.Analyzers.Infrastructure;

/// <summary>
/// Follows a value to where it was made: through conversions, parentheses, and simple locals that are
/// written exactly once (their initializer). Lets rules see <c>var v = HttpVersion.Version10; r.Version = v;</c>
/// or <c>const int Port = 15020; Listen(Port)</c> without any data-flow analysis.
/// </summary>
internal static class ValueTracking
{
    /// <summary>The operation that produced <paramref name="value"/>, looking through conversions and single-assignment locals.</summary>
    public static IOperation Origin(IOperation value, CancellationToken cancellationToken)
    {
        var current = value;
        for (var depth = 0; depth < 8; depth++)
        {
            current = SkipConversions(current);
            if (current is ILocalReferenceOperation local
                && !local.Local.IsRef
                && SingleInitializer(local, cancellationToken) is { } initializer)
            {
                current = initializer;
                continue;
            }

            return current;
        }

        return current;
    }

    public static IOperation SkipConversions(IOperation operation)
    {
        while (true)
        {
            switch (operation)
            {
                case IConversionOperation conversion:
                    operation = conversion.Operand;
                    continue;
                case IParenthesizedOperation parenthesized:
                    operation = parenthesized.Operand;
                    continue;
                default:
                    return operation;
            }
        }
    }

    /// <summary>The string value when it is known at compile time (constants, constant interpolations, single-assignment locals).</summary>
    public static string? ConstantString(IOperation value, CancellationToken cancellationToken)
    {
        var origin = Origin(value, cancellationToken);
        if (origin.ConstantValue is { HasValue: true, Value: string s })
        {
            return s;
        }

        if (origin is IInterpolatedStringOperation interpolated)
        {
            var builder = new System.Text.StringBuilder();
            foreach (var part in interpolated.Parts)
            {
                switch (part)
                {
                    case IInterpolatedStringTextOperation text when text.Text.ConstantValue.Value is string t:
                        builder.Append(t);
                        break;
                    case IInterpolationOperation hole when ConstantString(hole.Expression, cancellationToken) is { } inner && hole.Alignment is null && hole.FormatString is null:
                        builder.Append(inner);
                        break;
                    case IInterpolationOperation hole when hole.Expression.ConstantValue is { HasValue: true, Value: int i } && hole.Alignment is null && hole.FormatString is null:
                        builder.Append(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                        break;
                    default:
                        return null;
                }
            }

            return builder.ToString();
        }

        return null;
    }

    /// <summary>The integer value when it is known at compile time.</summary>
    public static int? ConstantInt32(IOperation value, CancellationToken cancellationToken)
    {
        var origin = Origin(value, cancellationToken);
        return origin.ConstantValue is { HasValue: true, Value: int i } ? i : null;
    }

    /// <summary>
    /// The initializer of a local that is never written after its declaration, or null. Walks only the
    /// local's own operation tree (the enclosing body), and only when a rule has a candidate to confirm.
    /// </summary>
    private static IOperation? SingleInitializer(ILocalReferenceOperation reference, CancellationToken cancellationToken)
    {
        var root = reference;
        IOperation top = root;
        while (top.Parent is not null)
        {
            top = top.Parent;
        }

        IOperation? initializer = null;
        foreach (var descendant in top.Descendants())
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (descendant)
            {
                case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, reference.Local):
                    initializer = declarator.GetVariableInitializer()?.Value;
                    break;
                case IAssignmentOperation assignment when assignment.Target is ILocalReferenceOperation target
                    && SymbolEqualityComparer.Default.Equals(target.Local, reference.Local):
                    return null;
                case IIncrementOrDecrementOperation increment when increment.Target is ILocalReferenceOperation target
                    && SymbolEqualityComparer.Default.Equals(target.Local, reference.Local):
                    return null;
                case IArgumentOperation argument when argument.Parameter is { RefKind: RefKind.Ref or RefKind.Out }
                    && argument.Value is ILocalReferenceOperation target
                    && SymbolEqualityComparer.Default.Equals(target.Local, reference.Local):
                    return null;
            }
        }

        return initializer;
    }
}
