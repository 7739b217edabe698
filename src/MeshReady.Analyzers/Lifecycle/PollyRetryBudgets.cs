using System.Threading;
using MeshReady.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MeshReady.Analyzers.Lifecycle;

/// <summary>
/// The least a Polly v7 retry policy waits in all, where the policy is built in sight of the call that runs it
/// (<c>Policy.Handle&lt;E&gt;().Retry(3).Execute(…)</c>, or a local it was put in). <c>Retry</c>/<c>RetryAsync</c> retry at once:
/// with no sleep-duration provider the engine's wait is <c>TimeSpan.Zero</c> and it does not sleep (App-vNext/Polly
/// <c>src/Polly/Retry/RetryEngine.cs</c>, <c>AsyncRetryEngine.cs</c>), so every attempt meets a proxy that is still starting.
/// <c>WaitAndRetry(n, _ =&gt; TimeSpan.FromSeconds(c))</c> waits n × c; a provider computed from the attempt with constants
/// (<c>attempt =&gt; TimeSpan.FromSeconds(Math.Pow(2, attempt))</c>) is summed over attempts 1 to n, the numbers Polly passes
/// (RetryEngine: <c>tryCount++</c>, then <c>sleepDurationProvider(tryCount, …)</c>). Anything else (a policy from a field or
/// DI, a provider that reads other state, <c>RetryForever</c>, Polly v8 pipelines) is unknown and stays a mitigation.
/// </summary>
internal static class PollyRetryBudgets
{
    /// <summary>The minimum total back-off in seconds, or null when it cannot be read here.</summary>
    public static double? MinimumSeconds(IInvocationOperation execute, CancellationToken cancellationToken)
    {
        if (execute.Instance is not { } receiver
            || ValueTracking.Origin(receiver, cancellationToken) is not IInvocationOperation build
            || build.TargetMethod.ContainingType?.ContainingNamespace is not { Name: "Polly", ContainingNamespace.IsGlobalNamespace: true })
        {
            return null;
        }

        switch (build.TargetMethod.Name)
        {
            case "Retry":
            case "RetryAsync":
                return 0;
            case "WaitAndRetry":
            case "WaitAndRetryAsync":
                int? count = null;
                IOperation? provider = null;
                foreach (var argument in build.Arguments)
                {
                    switch (argument.Parameter?.Name)
                    {
                        case "retryCount":
                            count = ValueTracking.ConstantInt32(argument.Value, cancellationToken);
                            break;
                        case "sleepDurationProvider":
                            provider = argument.Value;
                            break;
                    }
                }

                return count is { } n && provider is not null ? TotalDelaySeconds(provider, n) : null;
            default:
                return null;
        }
    }

    // _ => TimeSpan.FromSeconds(5), (attempt, context) => TimeSpan.FromMilliseconds(500 * attempt),
    // attempt => TimeSpan.FromSeconds(Math.Pow(2, attempt)): summed over attempts 1..n (a huge n is cut off at 1000 attempts,
    // far past any budget compared).
    private static double? TotalDelaySeconds(IOperation value, int count)
    {
        value = ValueTracking.SkipConversions(value);
        if (value is IDelegateCreationOperation creation)
        {
            value = creation.Target;
        }

        if (value is not IAnonymousFunctionOperation { Body.Operations: { Length: 1 } operations } lambda
            || operations[0] is not IReturnOperation { ReturnedValue: { } returned }
            || ValueTracking.SkipConversions(returned) is not IInvocationOperation
            {
                TargetMethod: { Name: var name, ContainingType: { Name: "TimeSpan", ContainingNamespace.Name: "System" } },
                Arguments: { Length: 1 } arguments,
            })
        {
            return null;
        }

        var scale = name switch
        {
            "FromSeconds" => 1.0,
            "FromMilliseconds" => 0.001,
            "FromMinutes" => 60.0,
            _ => (double?)null,
        };
        if (scale is null)
        {
            return null;
        }

        var attemptParameter = lambda.Symbol.Parameters.Length > 0 ? lambda.Symbol.Parameters[0] : null;
        var total = 0.0;
        for (var attempt = 1; attempt <= System.Math.Min(count, 1000); attempt++)
        {
            if (Evaluate(arguments[0].Value, attemptParameter, attempt, depth: 0) is not { } each)
            {
                return null;
            }

            total += each * scale.Value;
        }

        return total;
    }

    // Constants, the attempt number, + - * /, Math.Pow/Min/Max: what exponential and linear back-offs are written with.
    private static double? Evaluate(IOperation operation, IParameterSymbol? attempt, int value, int depth)
    {
        operation = ValueTracking.SkipConversions(operation);
        if (depth > 16)
        {
            return null;
        }

        if (operation.ConstantValue is { HasValue: true, Value: { } constant } && constant is not string and not bool)
        {
            return System.Convert.ToDouble(constant, System.Globalization.CultureInfo.InvariantCulture);
        }

        switch (operation)
        {
            case IParameterReferenceOperation reference when attempt is not null && SymbolEqualityComparer.Default.Equals(reference.Parameter, attempt):
                return value;
            case IParenthesizedOperation parenthesized:
                return Evaluate(parenthesized.Operand, attempt, value, depth + 1);
            case IBinaryOperation binary
                when Evaluate(binary.LeftOperand, attempt, value, depth + 1) is { } left && Evaluate(binary.RightOperand, attempt, value, depth + 1) is { } right:
                return binary.OperatorKind switch
                {
                    BinaryOperatorKind.Add => left + right,
                    BinaryOperatorKind.Subtract => left - right,
                    BinaryOperatorKind.Multiply => left * right,
                    BinaryOperatorKind.Divide when right != 0 => binary.Type?.SpecialType is SpecialType.System_Int32 or SpecialType.System_Int64
                        ? System.Math.Truncate(left / right)
                        : left / right,
                    BinaryOperatorKind.LeftShift => (double)((long)left << (int)right),
                    _ => null,
                };
            case IInvocationOperation { TargetMethod: { Name: "Pow" or "Min" or "Max", ContainingType: { Name: "Math", ContainingNamespace.Name: "System" } } math, Arguments.Length: 2 } call
                when Evaluate(call.Arguments[0].Value, attempt, value, depth + 1) is { } a && Evaluate(call.Arguments[1].Value, attempt, value, depth + 1) is { } b:
                return math.Name switch
                {
                    "Pow" => System.Math.Pow(a, b),
                    "Min" => System.Math.Min(a, b),
                    _ => System.Math.Max(a, b),
                };
            default:
                return null;
        }
    }
}
