using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MeshReady.Analyzers.Lifecycle;

/// <summary>
/// Whether the entry point, before <c>Run</c>, always makes an outbound call through the proxy whose failure ends start-up
/// (dotnet-podcasts' ingestion worker creates its queue in <c>ConfigureServices</c> while the host is built). Then what the
/// host runs later in the same process (hosted services' <c>StartAsync</c>, a worker's first pass, the services built for
/// them) comes after a call that went through the proxy: either that call failed and the process ended, or it succeeded and
/// the proxy was ready. That earlier call is the race to report and fix; once it is fixed (a wait or a retry that outlasts
/// proxy start-up), the later calls are safe too. An awaited <c>MeshProxy.WaitUntilReadyAsync()</c> before <c>Run</c> counts the
/// same way: it is the fix the message names.
/// </summary>
/// <remarks>
/// Only a call that surely runs and surely ends start-up when refused counts: a library call (not a chain through helpers,
/// whose branches the summary does not record) written in the entry point's body or in a host-builder callback
/// (<see cref="RunnerTiming.HostBuild"/>), under no condition, loop, switch, <c>try</c>, <c>?.</c> or <c>??</c>, after no early
/// <c>return</c>, not detached, and with nothing catching its failure.
/// </remarks>
internal static class EarlierProxyCalls
{
    /// <summary>The chain of the entry point's first such call (<c>'IHostBuilder.ConfigureServices' → 'QueueClient.CreateIfNotExists'</c>), or null.</summary>
    public static string? OfEntryPoint(LifecycleModel model, IOperation entryPoint, ImmutableArray<string> userEntries, CancellationToken cancellationToken)
    {
        // await MeshProxy.WaitUntilReadyAsync() before Run: the host starts what it runs once the sidecar is ready (or the wait
        // has given up), as AddMeshReadiness's hosted service makes it do.
        if (WaitsBeforeRun(entryPoint, model.Symbols))
        {
            return "'MeshProxy." + MeshProxyApi.WaitMethod + "'";
        }

        if (StartupCallAnalyzer.FindUnguardedIo(entryPoint, LifecycleMethod.EntryPoint, model, userEntries, cancellationToken) is not { } finding
            || finding.Io.DetachedBy is not null
            || !IsLibraryCall(finding.Site)
            || !Unconditional(finding.Site, entryPoint)
            || ReturnsBefore(finding.Site, entryPoint)
            || StartupOutcomes.Of(finding.Site, entryPoint, LifecycleMethod.EntryPoint, model.Symbols, finding.Io.Catch) != StartupOutcome.Fails)
        {
            return null;
        }

        return finding.Io.What;
    }

    // An awaited wait that surely runs, followed in the same body by the host's Run (LifecycleSymbols.IsHostRun).
    private static bool WaitsBeforeRun(IOperation body, LifecycleSymbols symbols)
    {
        IInvocationOperation? wait = null;
        foreach (var operation in body.Descendants())
        {
            if (operation is not IInvocationOperation invocation)
            {
                continue;
            }

            if (wait is null && MeshProxyApi.IsWaitUntilReady(invocation) && invocation.Parent is IAwaitOperation
                && Unconditional(invocation, body) && !ReturnsBefore(invocation, body))
            {
                wait = invocation;
            }
            else if (wait is not null && invocation.Syntax.SpanStart > wait.Syntax.SpanStart && symbols.IsHostRun(invocation))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsLibraryCall(IOperation site)
        => site switch
        {
            IInvocationOperation { TargetMethod: var method } => !InSource(method),
            IObjectCreationOperation { Constructor: { } constructor } => !InSource(constructor),
            _ => false,
        };

    private static bool InSource(IMethodSymbol method)
    {
        foreach (var location in method.Locations)
        {
            if (location.IsInSource)
            {
                return true;
            }
        }

        return false;
    }

    // Every operation between the call and the body runs whenever the body runs (a whitelist of kinds).
    private static bool Unconditional(IOperation site, IOperation body)
    {
        var current = site.Parent;
        for (; current is not null && !ReferenceEquals(current, body); current = current.Parent)
        {
            switch (current)
            {
                case IBlockOperation or IExpressionStatementOperation or IVariableDeclarationGroupOperation or IVariableDeclarationOperation
                    or IVariableDeclaratorOperation or IVariableInitializerOperation or IConversionOperation or IParenthesizedOperation
                    or IAwaitOperation or IArgumentOperation or IInvocationOperation or IObjectCreationOperation or ISimpleAssignmentOperation
                    or IMemberReferenceOperation or IUsingDeclarationOperation or IDelegateCreationOperation or IMethodBodyOperation:
                    continue;
                case IReturnOperation { IsImplicit: true }:
                    continue;
                case IAnonymousFunctionOperation lambda
                    when EagerOperations.CallReceiving(lambda) is { } call && DelegateRunners.Of(call.TargetMethod) is { Timing: RunnerTiming.HostBuild }:
                    continue;
                default:
                    return false;
            }
        }

        return current is not null;
    }

    // if (args.Length > 0) { …; return; } before the call: the call may never run.
    private static bool ReturnsBefore(IOperation site, IOperation body)
    {
        foreach (var operation in body.Descendants())
        {
            if (operation.Syntax.SpanStart >= site.Syntax.SpanStart)
            {
                continue;
            }

            if ((operation is IReturnOperation { IsImplicit: false } && ReturnsFrom(operation, site))
                || operation is IInvocationOperation { TargetMethod: { Name: "Exit", ContainingType: { Name: "Environment", ContainingNamespace.Name: "System" } } })
            {
                return true;
            }
        }

        return false;
    }

    // A return of the body itself, or of the host-builder callback the call sits in (if (…) return; inside ConfigureServices).
    private static bool ReturnsFrom(IOperation ret, IOperation site)
    {
        for (var current = ret.Parent; current is not null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return current.Syntax.Span.Contains(site.Syntax.Span);
            }
        }

        return true;
    }
}
