using System;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MeshReady.Analyzers.Infrastructure;

/// <summary>
/// The value of a <see cref="TimeSpan"/> expression when it is known at compile time:
/// <c>TimeSpan.FromSeconds(30)</c>, <c>new TimeSpan(0, 2, 0)</c>, <c>TimeSpan.Zero</c>,
/// <c>Timeout.InfiniteTimeSpan</c>, <c>TimeSpan.MaxValue</c>, through constants and single-assignment locals.
/// </summary>
internal static class TimeSpanValues
{
    public static TimeSpan? Constant(IOperation value, CancellationToken cancellationToken)
    {
        var origin = ValueTracking.Origin(value, cancellationToken);
        switch (origin)
        {
            case IFieldReferenceOperation { Field: var field } when IsTimeSpan(field.ContainingType):
                return field.Name switch
                {
                    "Zero" => TimeSpan.Zero,
                    "MaxValue" => TimeSpan.MaxValue,
                    _ => null,
                };
            case IFieldReferenceOperation { Field: { Name: "InfiniteTimeSpan", ContainingType: { Name: "Timeout", ContainingNamespace.Name: "Threading" } } }:
                return Timeout.InfiniteTimeSpan;
            case IInvocationOperation { TargetMethod: { IsStatic: true } method } invocation
                when IsTimeSpan(method.ContainingType) && invocation.Arguments.Length == 1
                && Number(invocation.Arguments[0].Value) is { } number:
                return FromFactory(method.Name, number);
            case IObjectCreationOperation { Constructor: { } constructor } creation when IsTimeSpan(constructor.ContainingType):
                return FromConstructor(creation);
            default:
                return null;
        }
    }

    /// <summary>
    /// The constant this assignment writes to <paramref name="owner"/>'s <paramref name="propertyName"/>
    /// (<c>handler.PooledConnectionIdleTimeout = TimeSpan.FromHours(2)</c>), or null.
    /// </summary>
    public static TimeSpan? Written(ISimpleAssignmentOperation assignment, string propertyName, INamedTypeSymbol? owner, CancellationToken cancellationToken)
        => owner is not null
            && assignment.Target is IPropertyReferenceOperation { Property: var property }
            && property.Name == propertyName
            && SymbolEqualityComparer.Default.Equals(property.ContainingType, owner)
                ? Constant(assignment.Value, cancellationToken)
                : null;

    /// <summary><c>TimeSpan.FromSeconds(number)</c> and its siblings, by method name; null for another name.</summary>
    public static TimeSpan? FromFactory(string methodName, double number) => methodName switch
    {
        "FromMilliseconds" => Safe(number, 1),
        "FromSeconds" => Safe(number, 1000),
        "FromMinutes" => Safe(number, 60_000),
        "FromHours" => Safe(number, 3_600_000),
        "FromDays" => Safe(number, 86_400_000),
        _ => null,
    };

    /// <summary>True for <see cref="Timeout.InfiniteTimeSpan"/> (-1 ms) and absurdly long values.</summary>
    public static bool IsInfinite(TimeSpan value) => value == Timeout.InfiniteTimeSpan || value >= TimeSpan.FromDays(24);

    private static TimeSpan? FromConstructor(IObjectCreationOperation creation)
    {
        var parts = new long[creation.Arguments.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (Number(creation.Arguments[i].Value) is not { } n)
            {
                return null;
            }

            parts[i] = (long)n;
        }

        return parts.Length switch
        {
            1 => new TimeSpan(parts[0]),
            3 => new TimeSpan((int)parts[0], (int)parts[1], (int)parts[2]),
            4 => new TimeSpan((int)parts[0], (int)parts[1], (int)parts[2], (int)parts[3]),
            5 => new TimeSpan((int)parts[0], (int)parts[1], (int)parts[2], (int)parts[3], (int)parts[4]),
            _ => null,
        };
    }

    private static double? Number(IOperation value)
    {
        var constant = ValueTracking.SkipConversions(value).ConstantValue;
        if (!constant.HasValue)
        {
            constant = value.ConstantValue;
        }

        return constant is { HasValue: true, Value: { } v } && v is int or long or double or float or short
            ? Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture)
            : null;
    }

    private static TimeSpan? Safe(double number, double millisecondsPerUnit)
    {
        var ms = number * millisecondsPerUnit;
        return ms is >= -1 and < 1e15 ? TimeSpan.FromMilliseconds(ms) : TimeSpan.MaxValue;
    }

    private static bool IsTimeSpan(INamedTypeSymbol? type)
        => type is { SpecialType: SpecialType.None, Name: "TimeSpan", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } };
}
