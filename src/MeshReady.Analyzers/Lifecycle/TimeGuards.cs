using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace MeshReady.Analyzers.Lifecycle;

/// <summary>
/// A branch that runs only once time has passed since a moment taken when the object (or the loop) started:
/// <c>if (DateTime.Now.Subtract(_lastCheck).Days &gt; 0) { … }</c> with <c>_lastCheck = DateTime.Now</c> in the
/// constructor, or <c>if (DateTime.UtcNow &gt;= last.AddHours(1))</c> after <c>var last = DateTime.UtcNow;</c>.
/// At start-up the interval has not passed yet, so what the branch does is steady-state work, not start-up I/O
/// (a scheduler's daily publish). Only a comparison that is false when no time has passed counts, and only a mark
/// whose every assignment outside the branch reads the clock; anything else is followed as usual.
/// </summary>
internal static class TimeGuards
{
    /// <summary>True for the <c>WhenTrue</c> branch of an <c>if</c> (or <c>?:</c>) whose condition is not yet due at start.</summary>
    public static bool IsNotDueBranch(IOperation branch)
        => branch.Parent is IConditionalOperation conditional
            && ReferenceEquals(conditional.WhenTrue, branch)
            && IsNotDueAtStart(conditional.Condition, branch);

    private static bool IsNotDueAtStart(IOperation condition, IOperation branch)
    {
        condition = Skip(condition);
        if (condition is IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } both)
        {
            return IsNotDueAtStart(both.LeftOperand, branch) || IsNotDueAtStart(both.RightOperand, branch);
        }

        if (condition is not IBinaryOperation comparison)
        {
            return false;
        }

        var (greater, lesser, strict) = comparison.OperatorKind switch
        {
            BinaryOperatorKind.GreaterThan => (comparison.LeftOperand, comparison.RightOperand, true),
            BinaryOperatorKind.GreaterThanOrEqual => (comparison.LeftOperand, comparison.RightOperand, false),
            BinaryOperatorKind.LessThan => (comparison.RightOperand, comparison.LeftOperand, true),
            BinaryOperatorKind.LessThanOrEqual => (comparison.RightOperand, comparison.LeftOperand, false),
            _ => (null, null, false),
        };
        if (greater is null || lesser is null || !ReadsClock(greater))
        {
            return false;
        }

        // Elapsed form: (now - mark) > interval, now.Subtract(mark).Days > 0. False at start unless the interval is ≤ 0.
        if (MarkIn(greater, branch) is not null)
        {
            return !IsZeroOrLess(lesser, strict);
        }

        // Deadline form: now >= mark.AddHours(1), now > mark + interval. The mark alone (now >= mark) is due at once.
        return Skip(lesser) is not (IFieldReferenceOperation or ILocalReferenceOperation) && MarkIn(lesser, branch) is not null;
    }

    private static bool IsZeroOrLess(IOperation interval, bool strict)
    {
        interval = Skip(interval);
        if (interval is IFieldReferenceOperation { Field: { Name: "Zero", ContainingType.Name: "TimeSpan" } })
        {
            return !strict;
        }

        if (interval.ConstantValue is { HasValue: true, Value: { } value } && value is not string && value is not bool)
        {
            var number = System.Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture);
            return strict ? number < 0 : number <= 0;
        }

        return false;
    }

    private static bool ReadsClock(IOperation operation)
        => operation.DescendantsAndSelf().Any(IsClock);

    // DateTime.Now/UtcNow, DateTimeOffset.Now/UtcNow, TimeProvider.GetUtcNow()/GetLocalNow().
    private static bool IsClock(IOperation operation)
        => operation switch
        {
            IPropertyReferenceOperation { Property: { IsStatic: true, Name: "Now" or "UtcNow", ContainingType: var type } } => IsSystemTime(type),
            IInvocationOperation { TargetMethod: { Name: "GetUtcNow" or "GetLocalNow", ContainingType: { Name: "TimeProvider" } } } => true,
            _ => false,
        };

    private static bool IsSystemTime(ITypeSymbol type)
        => type is { Name: "DateTime" or "DateTimeOffset", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } };

    // The field or local the comparison measures from, when it is set from the clock before the branch can run.
    private static ISymbol? MarkIn(IOperation side, IOperation branch)
    {
        foreach (var operation in side.DescendantsAndSelf())
        {
            var symbol = operation switch
            {
                IFieldReferenceOperation { Field: var field } when IsSystemTime(field.Type) => (ISymbol)field,
                ILocalReferenceOperation { Local: var local } when IsSystemTime(local.Type) => local,
                _ => null,
            };
            if (symbol is not null && IsSetFromClockAtStart(symbol, side, branch))
            {
                return symbol;
            }
        }

        return null;
    }

    // Every assignment outside the guarded branch reads the clock, and one of them runs before the branch can:
    // the local's declaration, or the field's initializer or an assignment in a constructor. Only looked for in
    // the tree of the comparison (a partial type spread over files is not followed: no guard, reported as before).
    private static bool IsSetFromClockAtStart(ISymbol mark, IOperation use, IOperation branch)
    {
        var model = use.SemanticModel;
        var tree = use.Syntax.SyntaxTree;
        if (model is null)
        {
            return false;
        }

        SyntaxNode? scope = mark switch
        {
            ILocalSymbol => use.Syntax.FirstAncestorOrSelf<SyntaxNode>(n => n is BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax or AccessorDeclarationSyntax or CompilationUnitSyntax),
            IFieldSymbol field => field.ContainingType.DeclaringSyntaxReferences.Length == 1 && field.ContainingType.DeclaringSyntaxReferences[0].SyntaxTree == tree
                ? field.ContainingType.DeclaringSyntaxReferences[0].GetSyntax()
                : null,
            _ => null,
        };
        if (scope is null)
        {
            return false;
        }

        var setAtStart = false;
        foreach (var reference in mark.DeclaringSyntaxReferences)
        {
            if (reference.SyntaxTree == tree && reference.GetSyntax() is VariableDeclaratorSyntax { Initializer.Value: { } initial })
            {
                if (model.GetOperation(initial) is not { } value || !ReadsClock(value))
                {
                    return false;
                }

                setAtStart = true;
            }
        }

        var name = mark.Name;
        foreach (var assignment in scope.DescendantNodes().OfType<AssignmentExpressionSyntax>())
        {
            if (Named(assignment.Left) != name
                || model.GetOperation(assignment) is not IAssignmentOperation operation
                || !SymbolEqualityComparer.Default.Equals(TargetOf(operation.Target), mark))
            {
                continue;
            }

            if (branch.Syntax.Span.Contains(assignment.Span))
            {
                continue;
            }

            if (operation is not ISimpleAssignmentOperation || !ReadsClock(operation.Value))
            {
                return false;
            }

            setAtStart |= mark is IFieldSymbol
                && assignment.FirstAncestorOrSelf<SyntaxNode>(n => n is BaseMethodDeclarationSyntax or AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax) is ConstructorDeclarationSyntax;
        }

        return setAtStart;
    }

    private static string? Named(ExpressionSyntax target)
        => target switch
        {
            IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
            MemberAccessExpressionSyntax { Name: var member } => member.Identifier.ValueText,
            _ => null,
        };

    private static ISymbol? TargetOf(IOperation target)
        => target switch
        {
            IFieldReferenceOperation field => field.Field,
            ILocalReferenceOperation local => local.Local,
            _ => null,
        };

    private static IOperation Skip(IOperation operation)
    {
        while (operation is IConversionOperation or IParenthesizedOperation)
        {
            operation = operation is IConversionOperation conversion ? conversion.Operand : ((IParenthesizedOperation)operation).Operand;
        }

        return operation;
    }
}
