using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using MeshReady.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace MeshReady.Analyzers.Lifecycle;

/// <summary>
/// What calling a method of this compilation does at call time, followed through calls to any depth up to
/// <see cref="MaxDepth"/> source methods: the first outbound I/O and the chain of calls that reaches it, whether
/// it waits for the proxy or pauses (a delay, a timer tick) first, and whether it quits the sidecar.
/// <para>
/// Two memo tables, both pure functions of their key, so the result never depends on which file or thread asked
/// first: a method's <see cref="Steps"/> (its body walked once), and its <see cref="IoSummary"/> for a remaining
/// depth. Every call lowers the remaining depth, so recursion and mutual recursion end by themselves, and a
/// method is summarised at most <see cref="MaxDepth"/> times. No locks are held while computing (two threads may
/// compute the same entry; both get equal values), so concurrent analyzers cannot deadlock.
/// </para>
/// </summary>
internal sealed class CallSummaries
{
    /// <summary>How many source methods a chain may pass through before the search stops (the budget).</summary>
    public const int MaxDepth = 8;

    /// <summary>How many implementations of an interface or virtual method are looked at per call.</summary>
    public const int MaxTargets = 8;

    private readonly LifecycleModel model;
    private readonly ImmutableArray<string> userEntries;
    private readonly bool startUp;

    // Steps of bodies that read the same in both views (no retry, proxy wait, or lambda handed on), shared with the
    // other view's summaries so each such body is walked once per compilation, not once per view.
    private readonly ConcurrentDictionary<IMethodSymbol, object> shared;
    private readonly ConcurrentDictionary<IMethodSymbol, Steps> steps = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<DepthKey, IoSummary> summaries = new();
    private readonly ConcurrentDictionary<DepthKey, bool> quits = new();

    /// <param name="startUp">
    /// The start-up view (MESH030): retries that outlast proxy start-up cover their callbacks, proxy waits and completed
    /// retrying strategies guard what follows. Otherwise (shutdown, Jobs) every outbound call counts: a retry does not bring
    /// back a proxy that has exited, and a Job's I/O is I/O whatever guards it.
    /// </param>
    /// <param name="shared">The table of view-independent steps, one per user outbound-I/O list, shared by both views.</param>
    public CallSummaries(LifecycleModel model, ImmutableArray<string> userEntries, bool startUp, ConcurrentDictionary<IMethodSymbol, object> shared)
    {
        this.model = model;
        this.userEntries = userEntries;
        this.startUp = startUp;
        this.shared = shared;
    }

    /// <summary>The summary of a call as written here: its targets (implementations too) and the lambdas it is handed.</summary>
    public IoSummary OfCall(IInvocationOperation invocation, CancellationToken cancellationToken)
    {
        var step = CallStep(invocation, body: null, cancellationToken);
        return step is null ? IoSummary.Nothing : Evaluate(ImmutableArray.Create(step), MaxDepth, cancellationToken);
    }

    /// <summary>The summary of reading a property whose getter is declared here (<c>var db = Connections.Primary;</c>).</summary>
    public IoSummary OfPropertyRead(IPropertyReferenceOperation property, CancellationToken cancellationToken)
    {
        var step = GetterStep(property, body: null, cancellationToken);
        return step is null ? IoSummary.Nothing : Evaluate(ImmutableArray.Create(step), MaxDepth, cancellationToken);
    }

    /// <summary>The summary of <c>new T(…)</c> for a class declared here: its constructor's body (a DI factory's <c>sp =&gt; new Publisher(…)</c>).</summary>
    public IoSummary OfCreation(IObjectCreationOperation creation, CancellationToken cancellationToken)
        => CreationStep(creation, body: null, cancellationToken) is { } step ? Evaluate(ImmutableArray.Create(step), MaxDepth, cancellationToken) : IoSummary.Nothing;

    /// <summary>
    /// The summary of running a method's body (a method reference handed to a shutdown event). For a method of a
    /// referenced assembly, what that assembly recorded (its chain starts with the method itself).
    /// </summary>
    public IoSummary OfMethod(IMethodSymbol method, CancellationToken cancellationToken)
        => IsFollowed(method) ? SummaryOf(method.OriginalDefinition, MaxDepth - 1, cancellationToken)
            : model.External.Of(method)?.In(startUp) ?? IoSummary.Nothing;

    /// <summary>
    /// What a call to <paramref name="method"/> from another assembly does: through an interface, abstract or virtual
    /// member, any of its implementations here (as a call written here is followed). The chain starts with the method.
    /// </summary>
    public IoSummary OfCallTo(IMethodSymbol method, CancellationToken cancellationToken)
    {
        var called = method.OriginalDefinition;
        var targets = TargetsOf(called, dispatched: IsDispatched(called), cancellationToken);
        var allWait = targets.Length > 0;
        var pauses = false;
        foreach (var target in targets)
        {
            var summary = SummaryOf(target, MaxDepth - 1, cancellationToken);
            allWait &= summary.WaitsFirst;
            if (summary.HasIo && !summary.WaitsFirst)
            {
                var chain = SymbolEqualityComparer.Default.Equals(called, target)
                    ? ImmutableArray.Create(NameOf(called)).AddRange(summary.Chain)
                    : ImmutableArray.Create(NameOf(called), NameOf(target)).AddRange(summary.Chain);
                return new IoSummary(chain, summary.ReceiverParameter, summary.DetachedBy, waitsFirst: false, summary.PausesFirst, summary.Catch);
            }

            pauses |= summary.PausesFirst;
        }

        return allWait || pauses ? new IoSummary(default, -1, null, allWait, pauses && !allWait) : IoSummary.Nothing;
    }

    /// <summary>True when a call to <paramref name="method"/> from another assembly stops the sidecar through code here.</summary>
    public bool QuitsOnCallTo(IMethodSymbol method, CancellationToken cancellationToken)
    {
        var called = method.OriginalDefinition;
        foreach (var target in TargetsOf(called, dispatched: IsDispatched(called), cancellationToken))
        {
            if (QuitsOf(target, MaxDepth - 1, cancellationToken))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the call reaches <c>MeshProxy.QuitAsync</c> through methods of this compilation (within the budget).</summary>
    public bool QuitsIn(IInvocationOperation invocation, CancellationToken cancellationToken)
        => CallStep(invocation, body: null, cancellationToken) is { } step && Quits(ImmutableArray.Create(step), MaxDepth, cancellationToken);

    // Asked only by the Job rule, so kept apart from the I/O summary, which stops at the first I/O.
    private bool Quits(ImmutableArray<Step> items, int depth, CancellationToken cancellationToken, ImmutableArray<LambdaArgument> lambdas = default)
    {
        foreach (var step in items)
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (step.Kind)
            {
                case StepKind.Quit:
                    return true;
                case StepKind.External when step.External!.Quits:
                    return true;
                case StepKind.InvokeParameter when depth > 0 && !lambdas.IsDefaultOrEmpty:
                    foreach (var lambda in lambdas)
                    {
                        if (lambda.Ordinal == step.Parameter && Quits(lambda.Body.Value.Items, depth - 1, cancellationToken))
                        {
                            return true;
                        }
                    }

                    break;
                case StepKind.Call when depth > 0:
                    foreach (var target in step.Targets)
                    {
                        if (step.Lambdas.IsDefaultOrEmpty
                            ? QuitsOf(target, depth - 1, cancellationToken)
                            : Quits(StepsOf(target, cancellationToken).Items, depth - 1, cancellationToken, step.Lambdas))
                        {
                            return true;
                        }
                    }

                    break;
            }
        }

        return false;
    }

    private bool QuitsOf(IMethodSymbol method, int depth, CancellationToken cancellationToken)
    {
        if (model.Reach?.MayReach(method) == false)
        {
            return false;
        }

        var key = new DepthKey(method, depth);
        if (quits.TryGetValue(key, out var known))
        {
            return known;
        }

        return quits.GetOrAdd(key, Quits(StepsOf(method, cancellationToken).Items, depth, cancellationToken));
    }

    private IoSummary SummaryOf(IMethodSymbol method, int depth, CancellationToken cancellationToken)
    {
        // A body that spells no name that can reach I/O, a wait, a pause or a quit has an empty summary (IoReach). Not used
        // where lambdas are handed in: the callee may run them (StepsOf is then read with the lambdas).
        if (model.Reach?.MayReach(method) == false)
        {
            return IoSummary.Nothing;
        }

        var key = new DepthKey(method, depth);
        if (summaries.TryGetValue(key, out var known))
        {
            return known;
        }

        var computed = Evaluate(StepsOf(method, cancellationToken).Items, depth, cancellationToken);
        return summaries.GetOrAdd(key, computed);
    }

    private Steps StepsOf(IMethodSymbol method, CancellationToken cancellationToken)
    {
        if (steps.TryGetValue(method, out var known))
        {
            return known;
        }

        if (shared.TryGetValue(method, out var common))
        {
            return steps.GetOrAdd(method, (Steps)common);
        }

        var body = model.BodyOf(method, cancellationToken);
        var computed = body is null ? Steps.None : Build(body, cancellationToken);
        if (!computed.ViewDependent)
        {
            computed = (Steps)shared.GetOrAdd(method, computed);
        }

        return steps.GetOrAdd(method, computed);
    }

    // Walks the steps in order. depth = how many more source methods may be entered below these steps.
    private IoSummary Evaluate(ImmutableArray<Step> items, int depth, CancellationToken cancellationToken, ImmutableArray<LambdaArgument> lambdas = default)
    {
        var result = new Builder();
        foreach (var step in items)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!result.Open)
            {
                // The first I/O or a wait for the proxy is known: later steps cannot change the summary.
                break;
            }

            switch (step.Kind)
            {
                case StepKind.Pause:
                    result.PausesFirst |= result.Open;
                    break;
                case StepKind.Wait:
                    result.WaitsFirst |= result.Chain.IsDefault;
                    break;
                case StepKind.Io when result.Open:
                    result.Chain = step.Via is null ? ImmutableArray.Create(step.What!) : ImmutableArray.Create(step.Via, step.What!);
                    result.ReceiverParameter = step.Parameter;
                    result.DetachedBy = step.DetachedBy;
                    result.Catch = step.Catch;
                    break;
                case StepKind.InvokeParameter when depth > 0 && !lambdas.IsDefaultOrEmpty:
                    foreach (var lambda in lambdas)
                    {
                        // A real retry loop around the callback covers it, unless the callback is async void (fire-and-forget).
                        if (lambda.Ordinal == step.Parameter && (!step.Retried || !startUp || lambda.DetachedBy is not null))
                        {
                            var inner = Evaluate(lambda.Body.Value.Items, depth - 1, cancellationToken);
                            result.Absorb(inner, prefix: default, step.DetachedBy ?? lambda.DetachedBy, receiver: -1, awaited: true, step.Catch);
                        }
                    }

                    break;
                case StepKind.Call when depth > 0:
                    EvaluateCall(step, depth, result, cancellationToken);
                    break;
                case StepKind.External when depth > 0:
                    EvaluateExternal(step, result, cancellationToken);
                    break;
            }
        }

        return result.ToSummary();
    }

    private void EvaluateCall(Step step, int depth, Builder result, CancellationToken cancellationToken)
    {
        var invocation = step.Invocation;
        var allWait = step.Targets.Length > 0;
        IoSummary? found = null;
        IMethodSymbol? foundTarget = null;
        foreach (var target in step.Targets)
        {
            var summary = step.Lambdas.IsDefaultOrEmpty
                ? SummaryOf(target, depth - 1, cancellationToken)
                : Evaluate(StepsOf(target, cancellationToken).Items, depth - 1, cancellationToken, step.Lambdas);
            allWait &= summary.WaitsFirst;
            if (found is null && summary.HasIo && !summary.WaitsFirst
                && (invocation is null || !PassesLoopbackClient(invocation, summary.ReceiverParameter, cancellationToken)))
            {
                found = summary;
                foundTarget = target;
            }
            else if (found is null && summary.PausesFirst && step.Awaited)
            {
                result.PausesFirst |= result.Open;
            }
        }

        // A helper handed a loopback address (CreateLoad("http://localhost:5000/" + path)) talks to this pod.
        if (found is not null && (invocation is null || !model.Io.HasLoopbackArgument(invocation.Arguments, cancellationToken)))
        {
            var called = step.Called!;
            var prefix = IsChainedConstructor(invocation) ? ImmutableArray<string>.Empty
                : SymbolEqualityComparer.Default.Equals(called, foundTarget)
                ? ImmutableArray.Create(NameOf(called))
                : ImmutableArray.Create(NameOf(called), NameOf(foundTarget!));
            if (step.Via is not null)
            {
                prefix = prefix.Insert(0, step.Via);
            }

            if (step.Retried && step.DetachedBy is null && found.DetachedBy is null)
            {
                // Retried by hand at start-up: once the loop is left, the call went through the proxy.
                result.WaitsFirst |= result.Chain.IsDefault;
                return;
            }

            result.Absorb(found, prefix, step.DetachedBy, invocation is null ? -1 : ForwardedParameter(invocation, found.ReceiverParameter), step.Awaited, step.Catch);
        }
        else if (allWait)
        {
            result.WaitsFirst |= result.Chain.IsDefault;
        }
    }

    // A call into a referenced assembly that recorded its summary: taken as recorded in this view, with the same loopback checks.
    private void EvaluateExternal(Step step, Builder result, CancellationToken cancellationToken)
    {
        var invocation = step.Invocation!;
        var summary = step.External!.In(startUp);
        if (summary.HasIo && !summary.WaitsFirst
            && (PassesLoopbackClient(invocation, summary.ReceiverParameter, cancellationToken)
                || model.Io.HasLoopbackArgument(invocation.Arguments, cancellationToken)))
        {
            return;
        }

        if (step.Retried && summary.HasIo && !summary.WaitsFirst && summary.DetachedBy is null && step.DetachedBy is null)
        {
            result.WaitsFirst |= result.Chain.IsDefault;
            return;
        }

        result.Absorb(summary, prefix: default, step.DetachedBy, ForwardedParameter(invocation, summary.ReceiverParameter), step.Awaited, step.Catch);
    }

    // Db.Open(conn) where Open calls conn.OpenAsync(): the I/O's receiver is our own parameter when we pass one through.
    private static int ForwardedParameter(IInvocationOperation invocation, int calleeParameter)
    {
        if (calleeParameter < 0)
        {
            return -1;
        }

        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Ordinal == calleeParameter
                && ValueTracking.SkipConversions(argument.Value) is IParameterReferenceOperation { Parameter: var parameter })
            {
                return parameter.Ordinal;
            }
        }

        return -1;
    }

    // Probe.IsUpAsync(agent) where the callee calls agent.GetAsync(...) and agent's base address is loopback.
    private bool PassesLoopbackClient(IInvocationOperation invocation, int receiverParameter, CancellationToken cancellationToken)
    {
        if (receiverParameter < 0)
        {
            return false;
        }

        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Ordinal == receiverParameter)
            {
                return model.Io.HasLoopbackBaseAddress(argument.Value, cancellationToken);
            }
        }

        return false;
    }

    // In the start-up view, which retrying runners cover their delegates; in the other view none does.
    private Func<IInvocationOperation, bool>? Covered(CancellationToken cancellationToken)
        => startUp ? call => model.RetryCovers(call, cancellationToken) : null;

    private Steps Build(IOperation body, CancellationToken cancellationToken)
    {
        var items = ImmutableArray.CreateBuilder<Step>();
        var viewDependent = false;
        var operations = startUp ? EagerOperations.AtStartUp(body, call => model.RetryCovers(call, cancellationToken)) : EagerOperations.Of(body);
        foreach (var operation in operations)
        {
            // What the views read differently: retrying runners (and what they cover), proxy waits, and branches not due
            // yet at start (skipped at start-up only; the condition is walked in both views, its branch only in the other).
            if (operation is IInvocationOperation call
                && (MeshProxyApi.IsWaitUntilReady(call) || DelegateRunners.Of(call.TargetMethod) is { Retry: not RunnerRetry.None }))
            {
                viewDependent = true;
            }
            else if (!viewDependent && operation is IConditionalOperation { WhenTrue: { } branch } && TimeGuards.IsNotDueBranch(branch))
            {
                viewDependent = true;
            }

            switch (operation)
            {
                case IAwaitOperation awaited when model.Symbols.IsPause(awaited):
                    items.Add(new Step(StepKind.Pause));
                    break;
                case IInvocationOperation invocation when MeshProxyApi.IsWaitUntilReady(invocation):
                    if (startUp)
                    {
                        items.Add(new Step(StepKind.Wait));
                    }

                    break;
                case IInvocationOperation invocation when startUp && IsAwaited(invocation) && model.CompletedRetryingStrategy(invocation, cancellationToken):
                    // Once a retrying strategy's database call has gone through, the proxy is ready: later calls are safe.
                    items.Add(new Step(StepKind.Wait));
                    break;
                case IInvocationOperation invocation when MeshProxyApi.IsQuit(invocation):
                    items.Add(new Step(StepKind.Quit));
                    break;
                case IInvocationOperation invocation:
                    if (model.Io.Describe(invocation, userEntries, cancellationToken) is { } what)
                    {
                        // A client that keeps retrying by itself (Redis with abortConnect=false) is covered at start-up only.
                        if (LifecycleModel.KeepsRetryingAtStartUp(invocation, cancellationToken))
                        {
                            viewDependent = true;
                            if (startUp)
                            {
                                break;
                            }
                        }

                        // A hand-written retry loop covers the call at start-up, and once it is left the proxy is ready.
                        if (HandWrittenRetries.Covers(invocation, body, model, cancellationToken))
                        {
                            viewDependent = true;
                            if (startUp)
                            {
                                items.Add(new Step(StepKind.Wait));
                                break;
                            }
                        }

                        // A primary constructor's parameter is state, not an argument of this method.
                        var receiver = OutboundIo.Receiver(invocation) is { } instance
                            && ValueTracking.SkipConversions(instance) is IParameterReferenceOperation { Parameter: var parameter }
                            && parameter.ContainingSymbol is not IMethodSymbol { MethodKind: MethodKind.Constructor }
                            ? parameter.Ordinal
                            : -1;
                        items.Add(new Step(StepKind.Io)
                        {
                            What = what,
                            Parameter = receiver,
                            DetachedBy = EagerOperations.DetachedBy(operation, body),
                            Via = EagerOperations.RunBy(operation, body, RunnerNameOf(cancellationToken)),
                            Catch = CatchAt(operation, body),
                        });
                    }
                    else if (invocation.TargetMethod.MethodKind == MethodKind.DelegateInvoke
                        && invocation.Instance is { } callback
                        && ValueTracking.SkipConversions(callback) is IParameterReferenceOperation { Parameter: var invoked })
                    {
                        viewDependent = true;
                        items.Add(new Step(StepKind.InvokeParameter)
                        {
                            Parameter = invoked.Ordinal,
                            Retried = HandWrittenRetries.Covers(invocation, body, model, cancellationToken),
                            DetachedBy = EagerOperations.DetachedBy(operation, body),
                            Catch = CatchAt(operation, body),
                        });
                    }
                    else if (model.Io.IsLoopbackGrpcCall(invocation, cancellationToken))
                    {
                        // client.SayHelloAsync(request) on a loopback channel: the generated overload that it calls, with
                        // 'this' as receiver, would lose where the client points.
                    }
                    else if (CallStep(invocation, body, cancellationToken) is { } callStep)
                    {
                        // Lambdas handed to a method here are built later, in this view.
                        viewDependent |= !callStep.Lambdas.IsDefaultOrEmpty;
                        if (HandWrittenRetries.Covers(invocation, body, model, cancellationToken))
                        {
                            // A helper retried by hand (while (true) { try { Connect(); break; } catch { Thread.Sleep(…); } }).
                            viewDependent = true;
                            callStep.Retried = startUp;
                        }

                        items.Add(callStep);
                    }

                    break;
                case IPropertyReferenceOperation property when GetterStep(property, body, cancellationToken) is { } getter:
                    items.Add(getter);
                    break;
                case IObjectCreationOperation creation when model.Io.Describe(creation, cancellationToken) is { } created:
                    if (HandWrittenRetries.Covers(creation, body, model, cancellationToken))
                    {
                        viewDependent = true;
                        if (startUp)
                        {
                            items.Add(new Step(StepKind.Wait));
                            break;
                        }
                    }

                    items.Add(new Step(StepKind.Io)
                    {
                        What = created,
                        Parameter = -1,
                        DetachedBy = EagerOperations.DetachedBy(operation, body),
                        Via = EagerOperations.RunBy(operation, body, RunnerNameOf(cancellationToken)),
                        Catch = CatchAt(operation, body),
                    });
                    break;
                case IObjectCreationOperation creation when CreationStep(creation, body, cancellationToken) is { } constructed:
                    items.Add(constructed);
                    break;
            }
        }

        // An empty body in this view may not be empty in the other (all its I/O covered by a retry, or in a branch not due at
        // start): Steps.None would be shared with the other view.
        return items.Count == 0 && !viewDependent ? Steps.None : new Steps(items.ToImmutable(), viewDependent);
    }

    private Step? CallStep(IInvocationOperation invocation, IOperation? body, CancellationToken cancellationToken)
    {
        var targets = TargetsOf(invocation, cancellationToken);
        if (targets.IsEmpty)
        {
            // Task.Run(ConsumeLoop), strategy.ExecuteAsync(db.Database.MigrateAsync), policy.ExecuteAsync(ConnectAsync): a
            // method group handed to a runner runs now, like a lambda that calls it.
            if (RunnerStep(invocation, body, cancellationToken) is { } run)
            {
                return run;
            }
            else
            {
                // A method of a referenced assembly built with MeshReady: its recorded call summary stands in for its body.
                return model.External.Of(invocation.TargetMethod) is { } external
                    ? new Step(StepKind.External)
                    {
                        Invocation = invocation,
                        External = external,
                        Awaited = IsAwaited(invocation),
                        DetachedBy = body is null ? null : EagerOperations.DetachedBy(invocation, body),
                        Catch = CatchAt(invocation, body),
                    }
                    : null;
            }
        }

        var lambdas = ImmutableArray<LambdaArgument>.Empty;
        foreach (var argument in invocation.Arguments)
        {
            var value = ValueTracking.SkipConversions(argument.Value);
            if (value is IDelegateCreationOperation creation)
            {
                value = creation.Target;
            }

            if (value is IAnonymousFunctionOperation lambda && argument.Parameter is { } parameter)
            {
                var symbol = lambda.Symbol;
                var detachedBy = symbol.IsAsync && symbol.ReturnsVoid ? EagerOperations.AsyncVoid(NameOf(invocation.TargetMethod.OriginalDefinition)) : null;
                lambdas = lambdas.Add(new LambdaArgument(
                    parameter.Ordinal, new Lazy<Steps>(() => Build(lambda.Body, cancellationToken), LazyThreadSafetyMode.PublicationOnly), detachedBy));
            }
        }

        return new Step(StepKind.Call)
        {
            Invocation = invocation,
            Called = invocation.TargetMethod.OriginalDefinition,
            Targets = targets,
            Lambdas = lambdas,
            Awaited = IsAwaited(invocation),
            DetachedBy = body is null ? null : EagerOperations.DetachedBy(invocation, body),
            Via = body is null ? null : EagerOperations.RunBy(invocation, body, RunnerNameOf(cancellationToken)),
            Catch = CatchAt(invocation, body),
        };
    }

    // new Publisher(…) of a class declared here runs its constructor now (a publisher that connects in it).
    private Step? CreationStep(IObjectCreationOperation creation, IOperation? body, CancellationToken cancellationToken)
    {
        if (creation.Constructor is not { IsStatic: false } constructor || !IsInSource(constructor))
        {
            return null;
        }

        var called = constructor.OriginalDefinition;
        return new Step(StepKind.Call)
        {
            Called = called,
            Targets = ImmutableArray.Create(called),
            Lambdas = ImmutableArray<LambdaArgument>.Empty,
            DetachedBy = body is null ? null : EagerOperations.DetachedBy(creation, body),
            Via = body is null ? null : EagerOperations.RunBy(creation, body, RunnerNameOf(cancellationToken)),
            Catch = CatchAt(creation, body),
        };
    }

    // What this body's catches do with an exception of the step (read at report time by MESH030, StartupOutcomes).
    private CatchKind CatchAt(IOperation operation, IOperation? body)
        => body is null ? CatchKind.Propagates : StartupOutcomes.Around(operation, body, entryPoint: false, model.Symbols);

    // : this(…) / : base(…): the same object's construction goes on, so the chain names the constructor once.
    private static bool IsChainedConstructor(IInvocationOperation? invocation)
        => invocation is { TargetMethod.MethodKind: MethodKind.Constructor, Instance: IInstanceReferenceOperation };

    // A property read whose getter is declared here runs the getter's body now (not a write, not nameof).
    private Step? GetterStep(IPropertyReferenceOperation property, IOperation? body, CancellationToken cancellationToken)
    {
        if (property.Property.GetMethod is not { } getter || IsWritten(property))
        {
            return null;
        }

        var called = getter.OriginalDefinition;
        var targets = TargetsOf(called, IsDispatched(called) && property.Instance?.Syntax is not BaseExpressionSyntax, cancellationToken);
        if (targets.IsEmpty)
        {
            return null;
        }

        return new Step(StepKind.Call)
        {
            Called = called,
            Targets = targets,
            Lambdas = ImmutableArray<LambdaArgument>.Empty,
            DetachedBy = body is null ? null : EagerOperations.DetachedBy(property, body),
            Via = body is null ? null : EagerOperations.RunBy(property, body, RunnerNameOf(cancellationToken)),
            Catch = CatchAt(property, body),
        };
    }

    private static bool IsWritten(IPropertyReferenceOperation property)
        => property.Parent switch
        {
            IAssignmentOperation assignment => ReferenceEquals(assignment.Target, property) && assignment is ISimpleAssignmentOperation,
            IMemberInitializerOperation or INameOfOperation => true,
            _ => false,
        };

    // A runner handed a method group: a source method is followed (the chain names the runner, then the method); a
    // library call from the outbound-I/O catalogue is I/O run by the runner. Null when the call is no runner, the runner
    // covers it in this view, or no method group is handed to it.
    private Step? RunnerStep(IInvocationOperation invocation, IOperation? body, CancellationToken cancellationToken)
    {
        if (invocation.Arguments.Length == 0 || DelegateRunners.Of(invocation.TargetMethod) is null)
        {
            return null;
        }

        foreach (var argument in invocation.Arguments)
        {
            var value = ValueTracking.SkipConversions(argument.Value);
            if (value is not IDelegateCreationOperation { Target: IMethodReferenceOperation reference }
                || EagerOperations.RunnerReceiving(reference, Covered(cancellationToken)) is null)
            {
                continue;
            }

            var method = reference.Method.OriginalDefinition;
            var runner = startUp ? model.RunnerName(invocation, cancellationToken) : DelegateRunners.NameOf(invocation.TargetMethod);
            var detachedBy = body is null ? null : EagerOperations.DetachedBy(invocation, body);
            if (IsFollowed(method))
            {
                return new Step(StepKind.Call)
                {
                    Called = method,
                    Targets = ImmutableArray.Create(method),
                    Lambdas = ImmutableArray<LambdaArgument>.Empty,
                    Awaited = IsAwaited(invocation),
                    DetachedBy = EagerOperations.DetachedTaskStart(invocation, method) ?? DetachedMethodGroup(invocation, reference)
                        ?? EagerOperations.UnawaitedRunner(invocation) ?? detachedBy,
                    Via = runner,
                    Catch = CatchAt(invocation, body),
                };
            }

            if (model.Io.Describe(reference, userEntries, cancellationToken) is { } what)
            {
                return new Step(StepKind.Io)
                {
                    What = what,
                    DetachedBy = DetachedMethodGroup(invocation, reference) ?? EagerOperations.UnawaitedRunner(invocation) ?? detachedBy,
                    Via = runner,
                    Catch = CatchAt(invocation, body),
                };
            }
        }

        return null;
    }

    // The start-up view says why a Polly runner does not cover its delegate (a policy that may be Policy.NoOp()).
    private Func<IInvocationOperation, string>? RunnerNameOf(CancellationToken cancellationToken)
        => startUp ? call => model.RunnerName(call, cancellationToken) : null;

    // policy.Execute(ConnectAsync) where ConnectAsync returns a task: the synchronous Execute drops it (fire-and-forget).
    private static string? DetachedMethodGroup(IInvocationOperation invocation, IMethodReferenceOperation reference)
        => DelegateRunners.Of(invocation.TargetMethod) is { Timing: RunnerTiming.Synchronous or RunnerTiming.HostBuild }
            && reference.Method.ReturnType is INamedTypeSymbol { Name: "Task" or "ValueTask", ContainingNamespace.Name: "Tasks" }
            ? DelegateRunners.NameOf(invocation.TargetMethod)
            : null;

    /// <summary>
    /// The source methods a call may run: the method itself, or for an interface, abstract or virtual call on a
    /// member declared in this compilation, the implementations in this compilation (in source order, at most
    /// <see cref="MaxTargets"/>).
    /// </summary>
    private ImmutableArray<IMethodSymbol> TargetsOf(IInvocationOperation invocation, CancellationToken cancellationToken)
    {
        var method = invocation.TargetMethod.OriginalDefinition;
        return TargetsOf(method, IsDispatched(method) && invocation.Instance?.Syntax is not BaseExpressionSyntax, cancellationToken);
    }

    private static bool IsDispatched(IMethodSymbol method)
        => (method.IsVirtual || method.IsAbstract || method.IsOverride || method.ContainingType.TypeKind == TypeKind.Interface)
            && !method.IsStatic && !method.IsSealed;

    private ImmutableArray<IMethodSymbol> TargetsOf(IMethodSymbol method, bool dispatched, CancellationToken cancellationToken)
    {
        if (!IsInSource(method) || method.MethodKind is not (MethodKind.Ordinary or MethodKind.LocalFunction or MethodKind.ExplicitInterfaceImplementation or MethodKind.PropertyGet or MethodKind.Constructor))
        {
            return ImmutableArray<IMethodSymbol>.Empty;
        }

        if (!dispatched)
        {
            return ImmutableArray.Create(method);
        }

        var targets = ImmutableArray.CreateBuilder<IMethodSymbol>();
        if (!method.IsAbstract && method.ContainingType.TypeKind != TypeKind.Interface)
        {
            targets.Add(method);
        }

        model.Implementations(cancellationToken).AddTo(method, targets, MaxTargets);
        return targets.ToImmutable();
    }

    private bool IsFollowed(IMethodSymbol method)
        => method.MethodKind is MethodKind.Ordinary or MethodKind.LocalFunction or MethodKind.ExplicitInterfaceImplementation or MethodKind.PropertyGet && IsInSource(method);

    private bool IsInSource(IMethodSymbol method) => SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, model.Assembly);

    /// <summary>
    /// True when the call's task is awaited here (<c>await</c>, <c>.ConfigureAwait(…)</c>), or, with <paramref name="orReturned"/>,
    /// returned: a returned task is awaited by whoever awaits this method (the caller's own step says whether it does).
    /// </summary>
    internal static bool IsAwaited(IInvocationOperation invocation, bool orReturned = true)
    {
        var parent = invocation.Parent;
        while (parent is IConversionOperation or IParenthesizedOperation)
        {
            parent = parent.Parent;
        }

        if (parent is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configured)
        {
            parent = configured.Parent;
        }

        return parent is IAwaitOperation || (orReturned && parent is IReturnOperation);
    }

    /// <summary>'Type.Method' for a source method in a chain ('Method' for a local function, 'new Type' for a constructor).</summary>
    public static string NameOf(IMethodSymbol method)
        => method.MethodKind == MethodKind.Constructor && method.ContainingType is not null
            ? "new " + method.ContainingType.Name
            : method.MethodKind == MethodKind.PropertyGet && method.AssociatedSymbol is IPropertySymbol property && method.ContainingType is not null
            ? method.ContainingType.Name + "." + (property.ExplicitInterfaceImplementations.Length > 0 ? property.ExplicitInterfaceImplementations[0].Name : property.Name)
            : method.MethodKind == MethodKind.LocalFunction || method.ContainingType is null
            ? method.Name
            : method.ContainingType.Name + "." + (method.MethodKind == MethodKind.ExplicitInterfaceImplementation && method.ExplicitInterfaceImplementations.Length > 0
                ? method.ExplicitInterfaceImplementations[0].Name
                : method.Name);

    private enum StepKind
    {
        Io,
        Wait,
        Pause,
        Quit,
        Call,
        InvokeParameter,

        /// <summary>A call into a referenced assembly that recorded what it does (<see cref="ExternalSummaries"/>).</summary>
        External,
    }

    private sealed class Step
    {
        public Step(StepKind kind) => Kind = kind;

        public StepKind Kind { get; }

        /// <summary>Io: the library call (<c>Type.Method</c>).</summary>
        public string? What { get; set; }

        /// <summary>Io: the parameter the call acts on, or -1. InvokeParameter: the delegate parameter invoked.</summary>
        public int Parameter { get; set; } = -1;

        /// <summary>Set when the step runs inside an async lambda its receiver does not await: the method that receives it.</summary>
        public string? DetachedBy { get; set; }

        /// <summary>Io and Call: the EF execution strategy call whose operation lambda holds the step (named in the chain).</summary>
        public string? Via { get; set; }

        /// <summary>InvokeParameter: the callback runs inside a hand-written retry loop; Call and External: so does the call (set in the start-up view only).</summary>
        public bool Retried { get; set; }

        /// <summary>Call: the invocation, or null for a property read.</summary>
        public IInvocationOperation? Invocation { get; set; }

        /// <summary>Call: the method called as written (a getter for a property read), named first in the chain.</summary>
        public IMethodSymbol? Called { get; set; }

        public ImmutableArray<IMethodSymbol> Targets { get; set; }

        public ImmutableArray<LambdaArgument> Lambdas { get; set; }

        public bool Awaited { get; set; }

        public ExternalSummary? External { get; set; }

        /// <summary>What this body's catches around the step do with its exception.</summary>
        public CatchKind Catch { get; set; }
    }

    private sealed class Steps
    {
        public static readonly Steps None = new(ImmutableArray<Step>.Empty, viewDependent: false);

        public Steps(ImmutableArray<Step> items, bool viewDependent)
        {
            Items = items;
            ViewDependent = viewDependent;
        }

        public ImmutableArray<Step> Items { get; }

        /// <summary>The start-up view and the every-call view read this body differently (it cannot be shared).</summary>
        public bool ViewDependent { get; }
    }

    private sealed class LambdaArgument
    {
        public LambdaArgument(int ordinal, Lazy<Steps> body, string? detachedBy)
        {
            Ordinal = ordinal;
            Body = body;
            DetachedBy = detachedBy;
        }

        public int Ordinal { get; }

        public Lazy<Steps> Body { get; }

        /// <summary>Set for an async lambda handed to a void-returning delegate (async void): what receives it.</summary>
        public string? DetachedBy { get; }
    }

    private sealed class Builder
    {
        public ImmutableArray<string> Chain;
        public int ReceiverParameter = -1;
        public string? DetachedBy;
        public bool WaitsFirst;
        public bool PausesFirst;
        public CatchKind Catch;

        /// <summary>No I/O found yet and no wait for the proxy: later I/O is still unguarded.</summary>
        public bool Open => Chain.IsDefault && !WaitsFirst;

        public void Absorb(IoSummary inner, ImmutableArray<string> prefix, string? detachedBy, int receiver, bool awaited, CatchKind around)
        {
            if (!Open)
            {
                return;
            }

            if (inner.HasIo && !inner.WaitsFirst)
            {
                Chain = prefix.IsDefaultOrEmpty ? inner.Chain : prefix.AddRange(inner.Chain);
                ReceiverParameter = receiver;
                DetachedBy = detachedBy ?? inner.DetachedBy;
                Catch = StartupOutcomes.Combine(inner.Catch, around);
            }
            else if (inner.WaitsFirst)
            {
                WaitsFirst = true;
            }
            else if (inner.PausesFirst && awaited)
            {
                PausesFirst = true;
            }
        }

        public IoSummary ToSummary()
            => Chain.IsDefault && !WaitsFirst && !PausesFirst
                ? IoSummary.Nothing
                : new IoSummary(Chain, ReceiverParameter, DetachedBy, WaitsFirst, PausesFirst, Catch);
    }

    private readonly struct DepthKey : IEquatable<DepthKey>
    {
        private readonly IMethodSymbol method;
        private readonly int depth;

        public DepthKey(IMethodSymbol method, int depth)
        {
            this.method = method;
            this.depth = depth;
        }

        public bool Equals(DepthKey other) => depth == other.depth && SymbolEqualityComparer.Default.Equals(method, other.method);

        public override bool Equals(object? obj) => obj is DepthKey other && Equals(other);

        public override int GetHashCode() => (SymbolEqualityComparer.Default.GetHashCode(method) * 31) + depth;
    }
}

/// <summary>What calling a method does at call time (see <see cref="CallSummaries"/>). Immutable.</summary>
internal sealed class IoSummary
{
    public static readonly IoSummary Nothing = new(default, -1, null, false, false);

    public IoSummary(ImmutableArray<string> chain, int receiverParameter, string? detachedBy, bool waitsFirst, bool pausesFirst, CatchKind catchKind = CatchKind.Propagates)
    {
        Catch = catchKind;
        Chain = chain;
        ReceiverParameter = receiverParameter;
        DetachedBy = detachedBy;
        WaitsFirst = waitsFirst;
        PausesFirst = pausesFirst;
    }

    /// <summary>The source methods entered and, last, the library call that does the I/O; default when there is none.</summary>
    public ImmutableArray<string> Chain { get; }

    public bool HasIo => !Chain.IsDefault;

    /// <summary>The parameter the I/O acts on (a client passed in), or -1.</summary>
    public int ReceiverParameter { get; }

    /// <summary>Set when the I/O runs in an async lambda nobody awaits (async void): the method that receives the lambda.</summary>
    public string? DetachedBy { get; }

    /// <summary>Waits for the proxy before any outbound I/O.</summary>
    public bool WaitsFirst { get; }

    /// <summary>Awaits a delay or timer tick before any outbound I/O.</summary>
    public bool PausesFirst { get; }

    /// <summary>What the catches along the chain do with the I/O's exception before it leaves the method (MESH030's wording).</summary>
    public CatchKind Catch { get; }


    /// <summary><c>'A.Init' → 'Db.Open' → 'NpgsqlConnection.Open'</c>.</summary>
    public string Describe() => "'" + string.Join("' → '", Chain) + "'";
}

/// <summary>Interface and virtual members declared in this compilation, mapped to their implementations here.</summary>
internal sealed class Implementations
{
    private readonly Dictionary<IMethodSymbol, List<IMethodSymbol>> byMember;

    private Implementations(Dictionary<IMethodSymbol, List<IMethodSymbol>> byMember) => this.byMember = byMember;

    public static Implementations Build(Compilation compilation, CancellationToken cancellationToken)
    {
        var assembly = compilation.Assembly;
        var map = new Dictionary<IMethodSymbol, List<IMethodSymbol>>(SymbolEqualityComparer.Default);
        var namespaces = new Stack<INamespaceOrTypeSymbol>();
        namespaces.Push(assembly.GlobalNamespace);
        while (namespaces.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var current = namespaces.Pop();
            if (current is INamespaceSymbol ns)
            {
                foreach (var member in ns.GetMembers())
                {
                    namespaces.Push(member);
                }

                continue;
            }

            var type = (INamedTypeSymbol)current;
            foreach (var nested in type.GetTypeMembers())
            {
                namespaces.Push(nested);
            }

            if (type.TypeKind is not (TypeKind.Class or TypeKind.Struct))
            {
                continue;
            }

            foreach (var contract in type.AllInterfaces)
            {
                if (!SymbolEqualityComparer.Default.Equals(contract.ContainingAssembly, assembly))
                {
                    continue;
                }

                foreach (var member in contract.GetMembers())
                {
                    if (member is IMethodSymbol { IsStatic: false } method
                        && type.FindImplementationForInterfaceMember(method) is IMethodSymbol implementation
                        && SymbolEqualityComparer.Default.Equals(implementation.ContainingAssembly, assembly))
                    {
                        Add(map, method.OriginalDefinition, implementation.OriginalDefinition);
                    }
                }
            }

            foreach (var member in type.GetMembers())
            {
                if (member is IMethodSymbol { IsOverride: true } method)
                {
                    for (var overridden = method.OverriddenMethod; overridden is not null; overridden = overridden.OverriddenMethod)
                    {
                        if (SymbolEqualityComparer.Default.Equals(overridden.ContainingAssembly, assembly))
                        {
                            Add(map, overridden.OriginalDefinition, method.OriginalDefinition);
                        }
                    }
                }
            }
        }

        foreach (var list in map.Values)
        {
            list.Sort(BySourceOrder);
        }

        return new Implementations(map);
    }

    /// <summary>Adds the implementations with a body (through abstract ones) of <paramref name="member"/>, up to <paramref name="limit"/> in all.</summary>
    public void AddTo(IMethodSymbol member, ImmutableArray<IMethodSymbol>.Builder targets, int limit, int level = 0)
    {
        if (level > 4 || !byMember.TryGetValue(member, out var implementations))
        {
            return;
        }

        foreach (var implementation in implementations)
        {
            if (targets.Count >= limit)
            {
                return;
            }

            if (!implementation.IsAbstract && !Contains(targets, implementation))
            {
                targets.Add(implementation);
            }

            // An interface member implemented by an abstract or virtual method: its overrides run too.
            if (implementation.IsAbstract || implementation.IsVirtual)
            {
                AddTo(implementation, targets, limit, level + 1);
            }
        }
    }

    private static bool Contains(ImmutableArray<IMethodSymbol>.Builder targets, IMethodSymbol method)
    {
        foreach (var target in targets)
        {
            if (SymbolEqualityComparer.Default.Equals(target, method))
            {
                return true;
            }
        }

        return false;
    }

    private static void Add(Dictionary<IMethodSymbol, List<IMethodSymbol>> map, IMethodSymbol member, IMethodSymbol implementation)
    {
        if (SymbolEqualityComparer.Default.Equals(member, implementation))
        {
            return;
        }

        if (!map.TryGetValue(member, out var list))
        {
            map[member] = list = new List<IMethodSymbol>();
        }

        if (!list.Contains(implementation, SymbolEqualityComparer.Default))
        {
            list.Add(implementation);
        }
    }

    // Deterministic order: file path, then position.
    private static int BySourceOrder(IMethodSymbol left, IMethodSymbol right)
    {
        var a = left.Locations.Length > 0 ? left.Locations[0] : Location.None;
        var b = right.Locations.Length > 0 ? right.Locations[0] : Location.None;
        var byPath = string.CompareOrdinal(a.SourceTree?.FilePath, b.SourceTree?.FilePath);
        return byPath != 0 ? byPath : a.SourceSpan.Start.CompareTo(b.SourceSpan.Start);
    }
}
