using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using MeshReady.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MeshReady.Analyzers.Lifecycle;

/// <summary>
/// What the lifecycle rules know about one compilation: its hosting symbols, its outbound-I/O catalogue,
/// the I/O each source method performs at call time (followed through calls, see <see cref="CallSummaries"/>), and
/// whether the program registers <c>AddMeshReadiness</c>. Shared by the start-up, shutdown and Job rules.
/// </summary>
internal sealed class LifecycleModel
{
    private readonly Compilation compilation;
    private readonly ConcurrentDictionary<string, CallSummaries> summariesByUserEntries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<IMethodSymbol, object>> sharedSteps = new(StringComparer.Ordinal);
    private Implementations? implementations;
    private readonly Lazy<ReadinessRegistration> readiness;
    private readonly Lazy<bool> entryPointQuits;
    private readonly Lazy<bool> namesGeneratedHelpers;
    private readonly Lazy<ExternalSummaries> external;
    private RetryingDbContexts? retryingDbContexts;
    private readonly Lazy<StartupServices> startupServices;
    private readonly Lazy<List<INamedTypeSymbol>?> hostedRoots;
    private int bodiesBound;

    // Set for the generator's whole-program step only (see SemanticModelOf).
    private readonly ConcurrentDictionary<SyntaxTree, SemanticModel>? semanticModels;

    // One per compilation, shared by the lifecycle analyzers through CompilationFacts (MeshContext.Lifecycle).
    /// <param name="ownSemanticModels">
    /// Keep one semantic model per tree (the generator's whole-program step). Analyzers leave it off: their compilation
    /// hands out the driver's cached models. A compilation the generator builds has no such cache, so each
    /// <c>GetSemanticModel</c> would bind a body again (the entry point was bound twice per executable).
    /// </param>
    internal LifecycleModel(Compilation compilation, KnownTypes types, bool ownSemanticModels = false)
    {
        this.compilation = compilation;
        semanticModels = ownSemanticModels ? new ConcurrentDictionary<SyntaxTree, SemanticModel>() : null;
        Symbols = LifecycleSymbols.Create(types, compilation);
        Io = OutboundIo.Create(types, compilation);
        readiness = new Lazy<ReadinessRegistration>(FindReadinessRegistration, LazyThreadSafetyMode.ExecutionAndPublication);
        entryPointQuits = new Lazy<bool>(FindEntryPointQuit, LazyThreadSafetyMode.ExecutionAndPublication);
        namesGeneratedHelpers = new Lazy<bool>(FindNamesOfGeneratedHelpers, LazyThreadSafetyMode.ExecutionAndPublication);
        // Built once, other threads wait: every constructor block of the project asks for it at once, and parallel
        // builds of the same table were most of the lifecycle rules' cost on a real project.
        hostedRoots = new Lazy<List<INamedTypeSymbol>?>(
            () => Lifecycle.StartupServices.HostedRoots(compilation, Symbols.IHostedService, CancellationToken.None), LazyThreadSafetyMode.ExecutionAndPublication);
        startupServices = new Lazy<StartupServices>(
            () => Lifecycle.StartupServices.Build(compilation, Symbols.IHostedService, hostedRoots.Value, CancellationToken.None), LazyThreadSafetyMode.ExecutionAndPublication);
        external = new Lazy<ExternalSummaries>(() => new ExternalSummaries(compilation.Assembly), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public LifecycleSymbols Symbols { get; }

    public OutboundIo Io { get; }

    /// <summary>How the entry point (one call level deep) registers the generated hosting integration.</summary>
    public ReadinessRegistration Readiness => readiness.Value;

    /// <summary>True when the entry point calls <c>MeshProxy.QuitAsync</c> (directly or one call level deep).</summary>
    public bool EntryPointQuits => entryPointQuits.Value;

    /// <summary>
    /// The outbound I/O an operation performs: directly (<c>db.Database.MigrateAsync()</c>) or, for a call to a
    /// method of this compilation, the first I/O it reaches through its calls (<see cref="CallSummaries"/>), unless
    /// the callee waits for the proxy first. Null when there is none.
    /// </summary>
    /// <remarks>Every outbound call counts here (shutdown, Jobs): a retry does not make shutdown I/O safe, nor a Job's I/O less than I/O.</remarks>
    /// <param name="root">The body the operation was found in, or null: a runner lambda up to it is named in the chain.</param>
    public string? IoOf(IOperation operation, IOperation? root, ImmutableArray<string> userEntries, CancellationToken cancellationToken)
        => FindIo(operation, root, userEntries, startUp: false, cancellationToken)?.What;

    /// <summary>
    /// Like <see cref="IoOf"/>, and says whether the I/O is fire-and-forget (an async lambda under a synchronous
    /// <c>Execute</c>): <paramref name="root"/> is the body the operation was found in. <paramref name="startUp"/> selects
    /// the start-up view, where retries that outlast proxy start-up and proxy waits are mitigations (<see cref="CallSummaries"/>).
    /// </summary>
    public IoFinding? FindIo(IOperation operation, IOperation? root, ImmutableArray<string> userEntries, bool startUp, CancellationToken cancellationToken)
    {
        switch (operation)
        {
            case IInvocationOperation invocation:
                if (Io.Describe(invocation, userEntries, cancellationToken) is { } direct)
                {
                    if (startUp && KeepsRetryingAtStartUp(invocation, cancellationToken))
                    {
                        return null;
                    }

                    return new IoFinding(Via(invocation, root, startUp, cancellationToken) + "'" + direct + "'", root is null ? null : EagerOperations.DetachedBy(invocation, root));
                }

                // A generated gRPC client's call on a loopback channel: not followed into the overload it forwards to on 'this'.
                if (Io.IsLoopbackGrpcCall(invocation, cancellationToken))
                {
                    return null;
                }

                // A helper handed a loopback client or address (CreateLoad("http://localhost:5000/" + path)) talks to this pod.
                if (SummariesFor(userEntries, startUp).OfCall(invocation, cancellationToken) is { HasIo: true, WaitsFirst: false } summary)
                {
                    return new IoFinding(
                        Via(invocation, root, startUp, cancellationToken) + summary.Describe(), (root is null ? null : EagerOperations.DetachedBy(invocation, root)) ?? summary.DetachedBy, summary.Catch);
                }

                return null;
            case IPropertyReferenceOperation property:
                // A getter declared here that opens a connection (public IConnection Connection => factory.CreateConnection()).
                return SummariesFor(userEntries, startUp).OfPropertyRead(property, cancellationToken) is { HasIo: true, WaitsFirst: false } read
                    ? new IoFinding(Via(property, root, startUp, cancellationToken) + read.Describe(), (root is null ? null : EagerOperations.DetachedBy(property, root)) ?? read.DetachedBy, read.Catch)
                    : null;
            case IObjectCreationOperation creation:
                if (Io.Describe(creation, cancellationToken) is { } created)
                {
                    return new IoFinding(Via(creation, root, startUp, cancellationToken) + "'" + created + "'", root is null ? null : EagerOperations.DetachedBy(creation, root));
                }

                // new Publisher(…) of a class declared here whose constructor connects.
                return SummariesFor(userEntries, startUp).OfCreation(creation, cancellationToken) is { HasIo: true, WaitsFirst: false } built
                    ? new IoFinding(Via(creation, root, startUp, cancellationToken) + built.Describe(), (root is null ? null : EagerOperations.DetachedBy(creation, root)) ?? built.DetachedBy, built.Catch)
                    : null;
            default:
                return null;
        }
    }

    // "'IExecutionStrategy.ExecuteAsync' → " when the operation runs inside an EF execution strategy's operation lambda.
    private string Via(IOperation operation, IOperation? root, bool startUp, CancellationToken cancellationToken)
        => root is not null && EagerOperations.RunBy(operation, root, startUp ? call => RunnerName(call, cancellationToken) : null) is { } runner
            ? "'" + runner + "' → "
            : string.Empty;

    /// <summary>The chain to the first outbound I/O of a method of this compilation (<c>'Type.Method' → 'Lib.Call'</c>), or null.</summary>
    public string? FirstIoOf(IMethodSymbol method, ImmutableArray<string> userEntries, CancellationToken cancellationToken)
        => SummariesFor(userEntries, startUp: false).OfMethod(method, cancellationToken) is { HasIo: true, WaitsFirst: false } summary
            ? (SymbolEqualityComparer.Default.Equals(method.OriginalDefinition.ContainingAssembly, compilation.Assembly)
                ? "'" + CallSummaries.NameOf(method.OriginalDefinition) + "' → " + summary.Describe()
                : summary.Describe())
            : null;

    /// <summary>True when <paramref name="invocation"/> calls <c>MeshProxy.QuitAsync</c>, directly or through calls.</summary>
    public bool Quits(IInvocationOperation invocation, ImmutableArray<string> userEntries, CancellationToken cancellationToken)
        => MeshProxyApi.IsQuit(invocation) || SummariesFor(userEntries, startUp: false).QuitsIn(invocation, cancellationToken);

    /// <summary>True when <paramref name="invocation"/> waits for the proxy before any I/O, directly or through calls.</summary>
    public bool Waits(IInvocationOperation invocation, ImmutableArray<string> userEntries, CancellationToken cancellationToken)
        => MeshProxyApi.IsWaitUntilReady(invocation)
            || (invocation.Parent is IAwaitOperation && CompletedRetryingStrategy(invocation, cancellationToken))
            || SummariesFor(userEntries, startUp: true).OfCall(invocation, cancellationToken).WaitsFirst;

    /// <summary>True when the method, before any outbound I/O, awaits a delay or timer tick (a schedule wait).</summary>
    public bool PausesFirst(IMethodSymbol method, ImmutableArray<string> userEntries, CancellationToken cancellationToken)
        => SummariesFor(userEntries, startUp: true).OfMethod(method, cancellationToken).PausesFirst;

    internal IAssemblySymbol Assembly => compilation.Assembly;

    /// <summary>The body of the program's entry point (top-level statements or Main), or null.</summary>
    public IOperation? EntryPointBody(CancellationToken cancellationToken)
        => compilation.GetEntryPoint(cancellationToken) is { } entryPoint ? BodyOf(entryPoint, cancellationToken) : null;

    private string? entryPointProxyCall;
    private int entryPointProxyCallKnown;

    /// <summary>
    /// The entry point's call through the proxy that always runs before <c>Run</c> and ends start-up when refused
    /// (<see cref="EarlierProxyCalls"/>), or null: what the host runs later comes after it. Computed once per compilation,
    /// only when a later start-up site was found.
    /// </summary>
    public string? EntryPointProxyCall(Func<SyntaxTree, ImmutableArray<string>> userEntriesOf, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref entryPointProxyCallKnown) != 0)
        {
            return entryPointProxyCall;
        }

        var found = EntryPointBody(cancellationToken) is { } body
            ? EarlierProxyCalls.OfEntryPoint(this, body, userEntriesOf(body.Syntax.SyntaxTree), cancellationToken)
            : null;
        entryPointProxyCall = found;
        Volatile.Write(ref entryPointProxyCallKnown, 1);
        return found;
    }

    /// <summary>
    /// True for an awaited EF <c>ExecuteAsync</c> on a strategy that retries a refused connection long enough: when it
    /// returns, its operation reached the database through the proxy, so the proxy is ready for what follows (like
    /// <c>MeshProxy.WaitUntilReadyAsync()</c>). The caller checks that the call is awaited.
    /// </summary>
    public bool CompletedRetryingStrategy(IInvocationOperation invocation, CancellationToken cancellationToken)
        => invocation.TargetMethod.Name.EndsWith("Async", StringComparison.Ordinal)
            && EagerOperations.IsExecutionStrategy(invocation.TargetMethod)
            && StrategyRetries(invocation, cancellationToken);

    /// <summary>
    /// True when an EF <c>Execute*</c> call runs on a strategy that retries a refused connection long enough to outlast
    /// proxy start-up (<see cref="RetryingDbContexts"/>): its operation is then covered, not start-up I/O.
    /// </summary>
    public bool StrategyRetries(IInvocationOperation execute, CancellationToken cancellationToken)
    {
        var built = retryingDbContexts;
        if (built is null)
        {
            built = RetryingDbContexts.Build(compilation, SemanticModelOf, cancellationToken);
            built = Interlocked.CompareExchange(ref retryingDbContexts, built, null) ?? built;
        }

        return built.Covers(execute, cancellationToken);
    }

    /// <summary>
    /// True when a call to a retrying runner (<see cref="DelegateRunners"/>) covers the delegates it is handed at start-up: a
    /// Polly policy or pipeline, or an EF execution strategy that retries a refused connection long enough (<see cref="StrategyRetries"/>).
    /// </summary>
    public bool RetryCovers(IInvocationOperation call, CancellationToken cancellationToken)
        => DelegateRunners.Of(call.TargetMethod) is { Retry: var retry }
            && ((retry == RunnerRetry.Pipeline && !(PollyRetryBudgets.MinimumSeconds(call, cancellationToken) < RetryingDbContexts.MinimumBackoffSeconds)
                    && NoOpPolicies.MaySkipRetry(call, method => BodyOf(method, cancellationToken), cancellationToken) is null)
                || (retry == RunnerRetry.EfStrategy && StrategyRetries(call, cancellationToken)));

    /// <summary>
    /// How a runner call is named in a chain (<see cref="DelegateRunners.NameOf"/>), with why a Polly runner does not cover it
    /// when its policy may be <c>Policy.NoOp()</c> (<see cref="NoOpPolicies"/>).
    /// </summary>
    public string RunnerName(IInvocationOperation call, CancellationToken cancellationToken)
    {
        var name = DelegateRunners.NameOf(call.TargetMethod);
        if (DelegateRunners.Of(call.TargetMethod) is not { Retry: RunnerRetry.Pipeline }
            || NoOpPolicies.MaySkipRetry(call, method => BodyOf(method, cancellationToken), cancellationToken) is not { } source)
        {
            return name;
        }

        return source == NoOpPolicies.InSight
            ? name + ", whose policy may be Policy.NoOp(), which does not retry"
            : name + ", whose policy from " + source + " may be Policy.NoOp(), which does not retry";
    }

    /// <summary>
    /// True for a library call that does not fail while the proxy is not ready because the client keeps retrying by itself,
    /// as documented for it (<see cref="RedisConnects"/>): at start-up it is covered like a call under a retry.
    /// </summary>
    public static bool KeepsRetryingAtStartUp(IInvocationOperation call, CancellationToken cancellationToken)
        => RedisConnects.KeepRetrying(call, cancellationToken) || (IsQueuedKafkaProduce(call) && !ShortMessageTimeout(call, cancellationToken)) || IsKafkaConsume(call);

    // librdkafka keeps a produced message in the partition's queue while no broker connection is up and "will also try to
    // reconnect (forever) to any brokers that are down" (confluentinc/librdkafka wiki, "Producer message reliability"), for up
    // to message.timeout.ms (default 300000, CONFIGURATION.md): a produce before the proxy is ready is delivered after it.
    // Flush only waits for that queue: Flush(TimeSpan) returns the queue length left when the timeout passes, Flush(token)
    // throws only when the token is cancelled (confluentinc/confluent-kafka-dotnet src/Confluent.Kafka/IProducer.cs): a
    // refused connection makes it wait, not fail.
    private static bool IsQueuedKafkaProduce(IInvocationOperation call)
        => call.TargetMethod is { Name: "Produce" or "ProduceAsync" or "Flush", ContainingType: { Name: "IProducer" or "Producer" } type }
            && type.ContainingNamespace is { Name: "Kafka", ContainingNamespace: { Name: "Confluent", ContainingNamespace.IsGlobalNamespace: true } };

    // A consumer's Consume waits for a message from librdkafka's local queue while its background threads (re)connect to the
    // brokers (reconnect.backoff.ms, CONFIGURATION.md): a broker it cannot reach yet is an error event for the error handler,
    // not an exception from Consume, so a worker whose loop starts with Consume is not failed by a proxy still starting.
    private static bool IsKafkaConsume(IInvocationOperation call)
        => call.TargetMethod is { Name: "Consume", ContainingType: { Name: "IConsumer" or "Consumer" } type }
            && type.ContainingNamespace is { Name: "Kafka", ContainingNamespace: { Name: "Confluent", ContainingNamespace.IsGlobalNamespace: true } };

    // A producer built in sight with a constant MessageTimeoutMs shorter than proxy start-up gives up on the queued message
    // (message.timeout.ms: "limits the time a produced message waits for successful delivery", confluentinc/librdkafka
    // CONFIGURATION.md): new ProducerBuilder<K, V>(new ProducerConfig { MessageTimeoutMs = 2000, … })….Build(), through locals.
    private static bool ShortMessageTimeout(IInvocationOperation call, CancellationToken cancellationToken)
    {
        if (call.Instance is not { } receiver)
        {
            return false;
        }

        var origin = ValueTracking.Origin(receiver, cancellationToken);
        for (var depth = 0; depth < 8 && origin is IInvocationOperation { Instance: { } builder, TargetMethod.ContainingType.Name: "ProducerBuilder" }; depth++)
        {
            origin = ValueTracking.Origin(builder, cancellationToken);
        }

        if (origin is not IObjectCreationOperation { Type.Name: "ProducerBuilder", Arguments.Length: > 0 } creation
            || ValueTracking.Origin(creation.Arguments[0].Value, cancellationToken) is not IObjectCreationOperation { Type.Name: "ProducerConfig", Initializer: { } initializer })
        {
            return false;
        }

        foreach (var init in initializer.Initializers)
        {
            if (init is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "MessageTimeoutMs" } } assignment
                && ValueTracking.ConstantInt32(assignment.Value, cancellationToken) is { } milliseconds
                && milliseconds > 0)
            {
                return milliseconds < RetryingDbContexts.MinimumBackoffSeconds * 1000;
            }
        }

        return false;
    }

    /// <summary>What the host builds before it starts the first hosted service (<see cref="Lifecycle.StartupServices"/>), read on first use.</summary>
    public StartupServices StartupServices(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return startupServices.Value;
    }

    /// <summary>
    /// False when the host builds nothing before start on this project's behalf (no hosted service here, none named; see
    /// <see cref="Lifecycle.StartupServices.HostedRoots"/>): no constructor or factory here is start-up code. Symbols and text only.
    /// </summary>
    public bool HostBuildsServices(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return hostedRoots.Value is not null;
    }

    /// <summary>Whether <see cref="StartupServices"/> has been read (tests: it is read only once a construction or factory does I/O).</summary>
    internal bool StartupServicesRead => startupServices.IsValueCreated;

    /// <summary>The start-up chain to the first outbound I/O of running a method of this compilation (a factory method group), or null.</summary>
    public IoFinding? StartupIoOf(IMethodSymbol method, ImmutableArray<string> userEntries, CancellationToken cancellationToken)
        => SummariesFor(userEntries, startUp: true).OfMethod(method, cancellationToken) is { HasIo: true, WaitsFirst: false } summary
            ? new IoFinding("'" + CallSummaries.NameOf(method.OriginalDefinition) + "' → " + summary.Describe(), summary.DetachedBy, summary.Catch)
            : null;

    /// <summary>The call summaries referenced assemblies built with MeshReady recorded, read on first use per assembly.</summary>
    internal ExternalSummaries External => external.Value;

    /// <summary>Interface and virtual members of this compilation and their implementations here, built on first use.</summary>
    internal Implementations Implementations(CancellationToken cancellationToken)
    {
        var built = implementations;
        if (built is null)
        {
            built = Lifecycle.Implementations.Build(compilation, cancellationToken);
            built = Interlocked.CompareExchange(ref implementations, built, null) ?? built;
        }

        return built;
    }

    /// <summary>The call summaries for a user outbound-I/O list, in one view (the generator records both for other assemblies).</summary>
    internal CallSummaries Summaries(ImmutableArray<string> userEntries, bool startUp) => SummariesFor(userEntries, startUp);

    // Facts depend on the user's extra outbound-I/O list (meshready.outbound_io), which may differ per file:
    // one set of summaries per list, so the result never depends on which file was analyzed first.
    // The start-up view and the every-call view (shutdown, Jobs) differ in what a retry or a proxy wait covers: one set each,
    // sharing the steps of the bodies both read alike.
    private CallSummaries SummariesFor(ImmutableArray<string> userEntries, bool startUp)
    {
        var key = userEntries.IsDefaultOrEmpty ? string.Empty : string.Join(",", userEntries);
        return summariesByUserEntries.GetOrAdd(
            (startUp ? "s:" : "a:") + key,
            _ => new CallSummaries(
                this,
                userEntries.IsDefault ? ImmutableArray<string>.Empty : userEntries,
                startUp,
                sharedSteps.GetOrAdd(key, _ => new ConcurrentDictionary<IMethodSymbol, object>(SymbolEqualityComparer.Default))));
    }

    /// <summary>The body of a method declared in this compilation, or null (metadata, abstract, partial without body).</summary>
    public IOperation? BodyOf(IMethodSymbol method, CancellationToken cancellationToken)
    {
        var definition = method.OriginalDefinition;

        // Calls bind to a partial method's defining part, which has no body: its implementing part has.
        definition = definition.PartialImplementationPart ?? definition;
        if (definition.IsAbstract || definition.IsExtern
            || !SymbolEqualityComparer.Default.Equals(definition.ContainingAssembly, compilation.Assembly)
            || definition.DeclaringSyntaxReferences.Length != 1)
        {
            return null;
        }

        var syntax = definition.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken);
        if (!compilation.ContainsSyntaxTree(syntax.SyntaxTree))
        {
            return null;
        }

        Interlocked.Increment(ref bodiesBound);
        return SemanticModelOf(syntax.SyntaxTree).GetOperation(syntax, cancellationToken) switch
        {
            ILocalFunctionOperation local => local.Body,
            { } body => body,
            null => null,
        };
    }

    /// <summary>
    /// Set by the generator's whole-program step: which methods can reach I/O at all, read from syntax. A method it rules
    /// out has an empty summary, and its body is not bound. Null for the analyzers (they bind only what a lifecycle path calls).
    /// </summary>
    internal IoReach? Reach { get; set; }

    /// <summary>How many bodies <see cref="BodyOf"/> has bound (the whole-program step's tests read it).</summary>
    internal int BodiesBound => Volatile.Read(ref bodiesBound);

    /// <summary>The semantic model of a tree of this compilation: the driver's cached one, or this model's own (see the constructor).</summary>
    internal SemanticModel SemanticModelOf(SyntaxTree tree)
    {
        if (semanticModels is not null && semanticModels.TryGetValue(tree, out var own))
        {
            return own;
        }

#pragma warning disable RS1030 // One model per callee, only for calls found on a lifecycle path; the driver caches semantic models.
        var model = compilation.GetSemanticModel(tree);
#pragma warning restore RS1030
        return semanticModels is null ? model : semanticModels.GetOrAdd(tree, model);
    }

    private ReadinessRegistration FindReadinessRegistration()
    {
        // A call to AddMeshReadiness spells its name in a file of this compilation: without one, nothing is bound to look.
        if (!namesGeneratedHelpers.Value)
        {
            return ReadinessRegistration.None;
        }

        var entryPoint = compilation.GetEntryPoint(CancellationToken.None);
        if (entryPoint is null || BodyOf(entryPoint, CancellationToken.None) is not { } body)
        {
            return ReadinessRegistration.None;
        }

        var result = Scan(body);
        if (result.Registered)
        {
            return result;
        }

        // One call level deep: builder.AddServiceDefaults() declared in this compilation.
        foreach (var operation in body.Descendants())
        {
            if (operation is IInvocationOperation invocation && !MeshProxyApi.IsRegistration(invocation)
                && invocation.TargetMethod.MethodKind == MethodKind.Ordinary
                && BodyOf(invocation.TargetMethod, CancellationToken.None) is { } callee)
            {
                var inner = Scan(callee);
                if (inner.Registered)
                {
                    return inner;
                }
            }
        }

        return ReadinessRegistration.None;
    }

    private bool FindEntryPointQuit()
    {
        // A quit is MeshProxy.QuitAsync in this compilation's code (reached from the entry point only through code that names
        // it or the generated helpers that call it) or a referenced assembly's recorded summary that quits. Neither: the entry
        // point is not bound to look (in the IDE, a StopApplication() in one file would bind Program.cs on every keystroke).
        if (!namesGeneratedHelpers.Value && !external.Value.AnyQuits(compilation))
        {
            return false;
        }

        var entryPoint = compilation.GetEntryPoint(CancellationToken.None);
        if (entryPoint is null || BodyOf(entryPoint, CancellationToken.None) is not { } body)
        {
            return false;
        }

        foreach (var operation in EagerOperations.Of(body))
        {
            if (operation is IInvocationOperation invocation && Quits(invocation, ImmutableArray<string>.Empty, CancellationToken.None))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether a file of this compilation, other than the helpers MeshReady's generator adds, spells <c>MeshProxy</c>,
    /// <c>MeshReadiness</c> (every generated hosting name: <c>AddMeshReadiness</c>, its hosted service and options) or
    /// <c>QuitAsync</c>, or holds a Unicode escape (which can spell any identifier). Without one, no code here calls the
    /// generated helpers or the quit. Text only, once per compilation.
    /// </summary>
    private bool FindNamesOfGeneratedHelpers()
    {
        foreach (var tree in compilation.SyntaxTrees)
        {
            if (tree.TryGetText(out var constant) && (ReferenceEquals(constant, Generation.ConstantTexts.MeshProxy) || ReferenceEquals(constant, Generation.ConstantTexts.Hosting)))
            {
                continue;
            }

            var text = tree.GetText(CancellationToken.None).ToString();
            if (text.IndexOf(MeshProxyApi.ProxyType, StringComparison.Ordinal) >= 0
                || text.IndexOf("MeshReadiness", StringComparison.Ordinal) >= 0
                || text.IndexOf(MeshProxyApi.QuitMethod, StringComparison.Ordinal) >= 0
                || text.IndexOf("\\u", StringComparison.Ordinal) >= 0
                || text.IndexOf("\\U", StringComparison.Ordinal) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    private static ReadinessRegistration Scan(IOperation body)
    {
        foreach (var operation in body.Descendants())
        {
            if (operation is IInvocationOperation invocation && MeshProxyApi.IsRegistration(invocation))
            {
                return new ReadinessRegistration(true, SetsQuitOnStop(invocation));
            }
        }

        return ReadinessRegistration.None;
    }

    // AddMeshReadiness(o => o.QuitSidecarOnStop = true)
    private static bool SetsQuitOnStop(IInvocationOperation registration)
    {
        foreach (var operation in registration.Descendants())
        {
            if (operation is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: MeshProxyApi.QuitOnStopOption } } assignment
                && assignment.Value.ConstantValue is { HasValue: true, Value: true })
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>Whether the program calls <c>AddMeshReadiness</c>, and whether it asks it to quit the sidecar on stop.</summary>
internal readonly struct ReadinessRegistration : IEquatable<ReadinessRegistration>
{
    public static readonly ReadinessRegistration None;

    public ReadinessRegistration(bool registered, bool quitsOnStop)
    {
        Registered = registered;
        QuitsOnStop = quitsOnStop;
    }

    public bool Registered { get; }

    public bool QuitsOnStop { get; }

    public bool Equals(ReadinessRegistration other) => Registered == other.Registered && QuitsOnStop == other.QuitsOnStop;

    public override bool Equals(object? obj) => obj is ReadinessRegistration other && Equals(other);

    public override int GetHashCode() => (Registered ? 1 : 0) | (QuitsOnStop ? 2 : 0);
}

/// <summary>An outbound call found on a lifecycle path: the chain that names it, and whether it is fire-and-forget.</summary>
internal sealed class IoFinding
{
    public IoFinding(string what, string? detachedBy, CatchKind catchKind = CatchKind.Propagates)
    {
        What = what;
        DetachedBy = detachedBy;
        Catch = catchKind;
    }

    /// <summary>What the catches of the chain's methods below the reporting body do with the exception (<see cref="StartupOutcomes"/>).</summary>
    public CatchKind Catch { get; }

    /// <summary><c>'ConnectionMultiplexer.Connect'</c> or <c>'Setup.Init' → 'Db.Open' → 'NpgsqlConnection.Open'</c>.</summary>
    public string What { get; }

    /// <summary>The synchronous <c>Execute</c> an async lambda is handed to, when the I/O runs there unawaited; else null.</summary>
    public string? DetachedBy { get; }
}
