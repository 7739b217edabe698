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
/// <c>WaitAndRetry(n, _ =&gt; TimeSpan.FromSeconds(c))</c> waits n × c. Anything else (a policy from a field or DI, an
/// exponential provider, <c>RetryForever</c>, Polly v8 pipelines) is unknown and stays a mitigation, as before.
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
                double? each = null;
                foreach (var argument in build.Arguments)
                {
                    switch (argument.Parameter?.Name)
                    {
                        case "retryCount":
                            count = ValueTracking.ConstantInt32(argument.Value, cancellationToken);
                            break;
                        case "sleepDurationProvider":
                            each = ConstantDelaySeconds(argument.Value);
                            break;
                    }
                }

                return count is { } n && each is { } seconds ? n * seconds : null;
            default:
                return null;
        }
    }

    // _ => TimeSpan.FromSeconds(5) or (attempt, context) => TimeSpan.FromMilliseconds(500): the same wait every time.
    private static double? ConstantDelaySeconds(IOperation value)
    {
        value = ValueTracking.SkipConversions(value);
        if (value is IDelegateCreationOperation creation)
        {
            value = creation.Target;
        }

        if (value is not IAnonymousFunctionOperation { Body.Operations: { Length: 1 } operations }
            || operations[0] is not IReturnOperation { ReturnedValue: { } returned })
        {
            return null;
        }

        return ValueTracking.SkipConversions(returned) is IInvocationOperation
        {
            TargetMethod: { Name: var name, ContainingType: { Name: "TimeSpan", ContainingNamespace.Name: "System" } },
            Arguments: { Length: 1 } arguments,
        }
            && arguments[0].Value.ConstantValue is { HasValue: true, Value: { } constant }
            ? name switch
            {
                "FromSeconds" => System.Convert.ToDouble(constant, System.Globalization.CultureInfo.InvariantCulture),
                "FromMilliseconds" => System.Convert.ToDouble(constant, System.Globalization.CultureInfo.InvariantCulture) / 1000,
                "FromMinutes" => System.Convert.ToDouble(constant, System.Globalization.CultureInfo.InvariantCulture) * 60,
                _ => null,
            }
            : null;
    }
}
