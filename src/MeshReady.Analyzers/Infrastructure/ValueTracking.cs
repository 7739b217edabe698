using System.Collections.Generic;
using System.Runtime.CompilerServices;
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
    /// The initializer of a local that is never written after its declaration, or null. The enclosing operation tree
    /// (the body) is walked once, and what it says about every local in it is remembered with the tree: many rules ask
    /// about the locals of one body (every connection string, URL and address argument in a large <c>Program.cs</c>),
    /// and a walk per question made those rules cost the size of the body times the number of questions.
    /// </summary>
    private static IOperation? SingleInitializer(ILocalReferenceOperation reference, CancellationToken cancellationToken)
    {
        IOperation top = reference;
        while (top.Parent is not null)
        {
            top = top.Parent;
        }

        var locals = Locals.TryGetValue(top, out var known) ? known : Remember(top, LocalWrites.Of(top, cancellationToken));
        return locals.InitializerOf(reference.Local);
    }

    // Two threads may walk the same tree; both results are equal, and the first one stored is kept.
    private static LocalWrites Remember(IOperation root, LocalWrites computed) => Locals.GetValue(root, _ => computed);

    // Keyed by the root operation: the driver shares one operation tree per body among all analyzers, and the entry goes
    // with the tree.
    private static readonly ConditionalWeakTable<IOperation, LocalWrites> Locals = new();

    /// <summary>The declared initializer of each local of one operation tree, and which locals are written again.</summary>
    private sealed class LocalWrites
    {
        private readonly Dictionary<ILocalSymbol, IOperation?> initializers;
        private readonly HashSet<ILocalSymbol> rewritten;

        private LocalWrites(Dictionary<ILocalSymbol, IOperation?> initializers, HashSet<ILocalSymbol> rewritten)
        {
            this.initializers = initializers;
            this.rewritten = rewritten;
        }

        public IOperation? InitializerOf(ILocalSymbol local)
            => !rewritten.Contains(local) && initializers.TryGetValue(local, out var initializer) ? initializer : null;

        public static LocalWrites Of(IOperation root, CancellationToken cancellationToken)
        {
            var initializers = new Dictionary<ILocalSymbol, IOperation?>(SymbolEqualityComparer.Default);
            var rewritten = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
            foreach (var descendant in root.Descendants())
            {
                cancellationToken.ThrowIfCancellationRequested();
                switch (descendant)
                {
                    case IVariableDeclaratorOperation declarator:
                        initializers[declarator.Symbol] = declarator.GetVariableInitializer()?.Value;
                        break;
                    case IAssignmentOperation { Target: ILocalReferenceOperation target }:
                        rewritten.Add(target.Local);
                        break;
                    case IIncrementOrDecrementOperation { Target: ILocalReferenceOperation target }:
                        rewritten.Add(target.Local);
                        break;
                    case IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out, Value: ILocalReferenceOperation target }:
                        rewritten.Add(target.Local);
                        break;
                }
            }

            return new LocalWrites(initializers, rewritten);
        }
    }
}
