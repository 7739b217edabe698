using System.Collections.Immutable;
using System.Threading;
using MeshReady.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MeshReady.Analyzers.Lifecycle;

/// <summary>
/// MESH030: the first outbound I/O on a start-up path (Main before Run, IHostedService.StartAsync, the
/// first pass of BackgroundService.ExecuteAsync, Startup.Configure/ConfigureServices, IStartupFilter)
/// with no earlier <c>MeshProxy.WaitUntilReadyAsync()</c>. Calls into this compilation's methods are followed
/// to any depth within a budget (<see cref="CallSummaries"/>); the diagnostic sits on the outermost call and
/// names the chain down to the library call that does the I/O. Constructors and field initializers of hosted
/// services count as start-up too: the host builds every hosted service before it starts the first.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class StartupCallAnalyzer : MeshAnalyzer
{
    /// <summary>Set when the code fix can insert the wait before the reported statement.</summary>
    public const string FixableProperty = "CanInsertWait";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.StartupCallBeforeProxyReady);

    // Native sidecars gate the app on the proxy's startup probe; ambient pods start after redirection is in place.
    internal override DataPlanes MootUnder => DataPlanes.NativeSidecar | DataPlanes.Ambient;

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, MeshContext mesh)
    {
        var model = mesh.Lifecycle;
        context.RegisterOperationBlockAction(c => AnalyzeBlock(c, mesh, model));
        if (model.Symbols.IHostedService is not null)
        {
            context.RegisterOperationAction(c => AnalyzeRegistration(c, mesh, model), OperationKind.Invocation, OperationKind.ObjectCreation);
        }
    }

    private static void AnalyzeBlock(OperationBlockAnalysisContext context, MeshContext mesh, LifecycleModel model)
    {
        // Constructors and field/property initializers: start-up code when the class is a hosted service, or a class a hosted
        // service depends on (through its constructor, or the registrations here) that the host builds then too. The I/O is
        // looked for first: most constructors have none, and knowing which classes are built at start-up means binding every
        // registration of the project (StartupServices), which is left undone unless a constructor or factory does I/O.
        if (IsConstruction(context.OwningSymbol) && context.OwningSymbol.ContainingType is { TypeKind: TypeKind.Class } owner
            && model.Symbols.IHostedService is { } hostedService)
        {
            var hosted = LifecycleSymbols.Implements(owner, hostedService);
            if ((hosted || model.HostBuildsServices(context.CancellationToken)) && FindConstructionIo(context, mesh, model) is { } construction
                && !AfterEntryPointProxyCall(mesh, model, context.CancellationToken))
            {
                if (hosted)
                {
                    ReportConstruction(context, model, construction, builtFor: null);
                }
                else if (model.StartupServices(context.CancellationToken).BuiltFor(owner) is { } builtFor)
                {
                    ReportConstruction(context, model, construction, builtFor);
                }
            }

            // A constructor or initializer is no lifecycle method (Classify gives None): nothing else to look at.
            return;
        }

        if (context.OwningSymbol is not IMethodSymbol method)
        {
            return;
        }

        var kind = model.Symbols.Classify(method);
        if (kind is LifecycleMethod.None or LifecycleMethod.HostedStop)
        {
            return;
        }

        foreach (var block in context.OperationBlocks)
        {
            if (block is IMethodBodyOperation or IBlockOperation && FindUnguardedIo(block, mesh, kind, model, context) is { } finding)
            {
                var tree = finding.Site.Syntax.SyntaxTree;
                if (!mesh.AppliesTo(tree)
                    || (kind != LifecycleMethod.EntryPoint && model.Readiness.Registered)
                    || (kind is LifecycleMethod.HostedStart or LifecycleMethod.BackgroundExecute && AfterEntryPointProxyCall(mesh, model, context.CancellationToken)))
                {
                    return;
                }

                var properties = CanInsertWait(method, kind)
                    ? ImmutableDictionary<string, string?>.Empty.Add(FixableProperty, "true")
                    : ImmutableDictionary<string, string?>.Empty;
                var outcome = StartupOutcomes.Of(finding.Site, block, kind, model.Symbols, finding.Io.Catch);
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.StartupCallBeforeProxyReady, finding.Site.Syntax.GetLocation(), properties, finding.Io.What, Where(kind, method), Consequence(finding.Io, outcome)));
                return;
            }
        }
    }

    // The host starts hosted services (and builds them and what they take) in Run, after the entry point's code before it: when
    // that code always calls through the proxy and dies if refused, the proxy is ready by then (EarlierProxyCalls); the earlier
    // call is the one reported.
    private static bool AfterEntryPointProxyCall(MeshContext mesh, LifecycleModel model, CancellationToken cancellationToken)
        => model.EntryPointProxyCall(tree => mesh.OptionsFor(tree).OutboundIo, cancellationToken) is not null;

    // The first outbound I/O of a construction block (constructor body, field or property initializer) with no proxy wait
    // before it, and the block, in a file the rule applies to; null when there is none.
    private static (IOperation Site, IoFinding Io, IOperation Block)? FindConstructionIo(OperationBlockAnalysisContext context, MeshContext mesh, LifecycleModel model)
    {
        foreach (var block in context.OperationBlocks)
        {
            if (block is IConstructorBodyOperation or IBlockOperation or IFieldInitializerOperation or IPropertyInitializerOperation
                && FindUnguardedIo(block, mesh, LifecycleMethod.HostedStart, model, context) is { } finding)
            {
                return mesh.AppliesTo(finding.Site.Syntax.SyntaxTree) ? (finding.Site, finding.Io, block) : null;
            }
        }

        return null;
    }

    // The host resolves every IHostedService (so runs their constructors and field initializers) before it starts the
    // first one: AddMeshReadiness' own hosted service cannot wait before them, so its registration does not cover them.
    private static void ReportConstruction(
        OperationBlockAnalysisContext context, LifecycleModel model, (IOperation Site, IoFinding Io, IOperation Block) finding, string? builtFor)
    {
        var type = context.OwningSymbol.ContainingType;
        var where = (context.OwningSymbol is IMethodSymbol ? "in the constructor of " : "in a field initializer of ") + type.Name
            + (builtFor is null ? ", which the host runs" : ", which the host runs to build " + builtFor) + " before it starts any hosted service";
        var outcome = StartupOutcomes.Of(finding.Site, finding.Block, LifecycleMethod.HostedStart, model.Symbols, finding.Io.Catch);
        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.StartupCallBeforeProxyReady, finding.Site.Syntax.GetLocation(), finding.Io.What, where, ConstructionConsequence(finding.Io, outcome)));
    }

    private static string ConstructionConsequence(IoFinding io, StartupOutcome outcome)
        => io.DetachedBy is not null || outcome == StartupOutcome.Caught
            ? Consequence(io, outcome)
            : outcome == StartupOutcome.FailsUnlessHandled ? Descriptors.StartupSymptoms.ConstructionFailsUnlessHandled : Descriptors.StartupSymptoms.ConstructionFails;

    // services.AddSingleton<IMessagePublisher>(sp => new RabbitMQMessagePublisher(…)) for a service a hosted service takes:
    // the host runs the factory when it builds the hosted services, before it starts any of them.
    private static void AnalyzeRegistration(OperationAnalysisContext context, MeshContext mesh, LifecycleModel model)
    {
        var operation = context.Operation;
        if (!StartupServices.MayRegister(operation))
        {
            // services.UseRabbitMQMessagePublisher(config): a referenced library's method whose factories it recorded.
            if (operation is IInvocationOperation call && !ExternalFactories.Of(call.TargetMethod, model.Assembly).IsEmpty)
            {
                AnalyzeLibraryRegistration(context, mesh, model, call);
            }

            return;
        }

        // The factory's I/O first (its body is bound already, as part of this operation): only a factory that does I/O
        // needs the table of what the host builds at start-up, which binds every registration of the project.
        if (!model.HostBuildsServices(context.CancellationToken) || StartupServices.Read(operation) is not { Factory: { } factory } registration)
        {
            return;
        }

        var userEntries = mesh.OptionsFor(operation.Syntax.SyntaxTree).OutboundIo;
        (IOperation Site, IoFinding Io)? finding = factory switch
        {
            IAnonymousFunctionOperation lambda => FindUnguardedIo(lambda.Body, LifecycleMethod.HostedStart, model, userEntries, context.CancellationToken),
            IMethodReferenceOperation { Method: var method } when model.BodyOf(method, context.CancellationToken) is not null
                && model.StartupIoOf(method, userEntries, context.CancellationToken) is { } io => (factory, io),
            _ => null,
        };

        // A class the host builds on its own is reported in its constructor (a hosted service built by a factory).
        if (finding is not { } found || !mesh.AppliesTo(found.Site.Syntax.SyntaxTree) || AfterEntryPointProxyCall(mesh, model, context.CancellationToken)
            || model.StartupServices(context.CancellationToken).FactoryRunsFor(operation.Syntax) is not { } builtFor
            || (found.Site is IObjectCreationOperation { Type: INamedTypeSymbol created }
                && (LifecycleSymbols.Implements(created, model.Symbols.IHostedService) || model.StartupServices(context.CancellationToken).BuiltFor(created) is not null)))
        {
            return;
        }

        var where = "in the factory " + registration.Name + " registers, which the host runs to build " + builtFor + " before it starts any hosted service";
        var outcome = factory is IAnonymousFunctionOperation body
            ? StartupOutcomes.Of(found.Site, body.Body, LifecycleMethod.HostedStart, model.Symbols, found.Io.Catch)
            : StartupOutcomes.Outcome(found.Io.Catch, LifecycleMethod.HostedStart);
        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.StartupCallBeforeProxyReady, found.Site.Syntax.GetLocation(), found.Io.What, where, ConstructionConsequence(found.Io, outcome)));
    }

    private static void AnalyzeLibraryRegistration(OperationAnalysisContext context, MeshContext mesh, LifecycleModel model, IInvocationOperation call)
    {
        var found = model.StartupServices(context.CancellationToken).ExternalFactoriesRunAt(call.Syntax);
        if (found.Count == 0 || !mesh.AppliesTo(call.Syntax.SyntaxTree))
        {
            return;
        }

        // One report per call: the first factory it registers that runs at start-up.
        var (factory, builtFor) = found[0];
        var method = call.TargetMethod.ReducedFrom ?? call.TargetMethod;
        var where = "in the factory " + factory.Registration + " registers in " + method.ContainingType.Name + "." + method.Name
            + ", which the host runs to build " + builtFor + " before it starts any hosted service";
        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.StartupCallBeforeProxyReady, call.Syntax.GetLocation(), factory.Chain, where, ConstructionConsequence(new IoFinding(factory.Chain, factory.DetachedBy), StartupOutcome.FailsUnlessHandled)));
    }

    internal static bool IsHostedServiceConstruction(ISymbol owner, LifecycleSymbols symbols)
        => IsConstruction(owner)
        && owner.ContainingType is { TypeKind: TypeKind.Class } type
        && LifecycleSymbols.Implements(type, symbols.IHostedService);

    private static bool IsConstruction(ISymbol owner)
        => owner switch
        {
            IMethodSymbol { MethodKind: MethodKind.Constructor, IsStatic: false } => true,
            IFieldSymbol { IsStatic: false, IsConst: false } => true,
            IPropertySymbol { IsStatic: false } => true,
            _ => false,
        };

    /// <summary>
    /// What happens, and the fix: a fire-and-forget call silently never starts (or, async void, ends the process); otherwise
    /// <paramref name="outcome"/> says whether start-up fails, a catch swallows it, or it ends a worker.
    /// </summary>
    internal static string Consequence(IoFinding io, StartupOutcome outcome = StartupOutcome.Fails)
        => io.DetachedBy switch
        {
            // List<T>.ForEach(async x => …), Parallel.ForEach: a loop, not a retry, so the fix is an awaited loop.
            { } detached when EagerOperations.IsAsyncVoid(detached, out var loop) && DelegateRunners.IsLoop(loop) => Descriptors.StartupSymptoms.AsyncVoidLoop(loop),
            { } detached when EagerOperations.IsAsyncVoid(detached, out var receiver) => Descriptors.StartupSymptoms.AsyncVoid(receiver),
            { } detached when EagerOperations.IsUnawaited(detached, out var runner) => Descriptors.StartupSymptoms.UnawaitedRunner(runner),
            { } loop when DelegateRunners.IsLoop(loop) => Descriptors.StartupSymptoms.LoopDrops(loop),
            { } start when EagerOperations.IsTaskStartName(start) => Descriptors.StartupSymptoms.TaskStarted(start),
            { } execute => Descriptors.StartupSymptoms.SynchronousRetry(execute),
            null => outcome switch
            {
                StartupOutcome.Caught => Descriptors.StartupSymptoms.Caught,
                StartupOutcome.EndsWorker => Descriptors.StartupSymptoms.EndsWorker,
                StartupOutcome.EndsWorkerUnlessHandled => Descriptors.StartupSymptoms.EndsWorkerUnlessHandled,
                StartupOutcome.FailsUnlessHandled => Descriptors.StartupSymptoms.FailsUnlessHandled,
                _ => Descriptors.StartupSymptoms.Fails,
            },
        };

    private static (IOperation Site, IoFinding Io)? FindUnguardedIo(
        IOperation body, MeshContext mesh, LifecycleMethod kind, LifecycleModel model, OperationBlockAnalysisContext context)
        => FindUnguardedIo(body, kind, model, mesh.OptionsFor(body.Syntax.SyntaxTree).OutboundIo, context.CancellationToken);

    /// <summary>The first outbound I/O of a start-up body with no proxy wait before it (also read by the generator for MESH108).</summary>
    internal static (IOperation Site, IoFinding Io)? FindUnguardedIo(
        IOperation body, LifecycleMethod kind, LifecycleModel model, ImmutableArray<string> userEntries, CancellationToken cancellationToken)
    {
        IOperation? firstLoop = null;
        IOperation? hostRun = null;
        foreach (var operation in EagerOperations.AtStartUp(body, call => model.RetryCovers(call, cancellationToken)))
        {
            // Host.CreateDefaultBuilder(args).ConfigureServices(…).Build().Run(): the walk meets Run before its receiver, which
            // runs first (the host is built there). Only what lies inside the Run call is still start-up code.
            if (hostRun is not null && !hostRun.Syntax.Span.Contains(operation.Syntax.Span))
            {
                return null;
            }

            if (kind == LifecycleMethod.BackgroundExecute)
            {
                // BackgroundService.StartAsync starts ExecuteAsync as the host starts (inline up to its first pending await
                // before .NET 10, as a thread-pool task from .NET 10), so the first iteration of a worker's loop runs then (dotnet-podcasts' updater queries its
                // feeds there). What follows the loop runs only once the loop ends, usually at shutdown.
                if (firstLoop is not null && !firstLoop.Syntax.Span.Contains(operation.Syntax.Span))
                {
                    return null;
                }

                if (operation is ILoopOperation && firstLoop is null)
                {
                    firstLoop = operation;
                    continue;
                }

                if (EndsFirstPass(operation, model, userEntries, cancellationToken))
                {
                    return null;
                }
            }

            if (operation is IInvocationOperation invocation)
            {
                // Code after app.Run() returns is shutdown code, not start-up code.
                if (kind == LifecycleMethod.EntryPoint && hostRun is null && model.Symbols.IsHostRun(invocation))
                {
                    hostRun = invocation;
                    continue;
                }

                if (model.Waits(invocation, userEntries, cancellationToken))
                {
                    return null;
                }
            }

            if (operation is IInvocationOperation or IObjectCreationOperation or IPropertyReferenceOperation)
            {
                var io = model.FindIo(operation, body, userEntries, startUp: true, cancellationToken);
                if (io is null && kind is LifecycleMethod.EntryPoint or LifecycleMethod.StartupClass or LifecycleMethod.StartupFilter
                    && operation is IInvocationOperation resolve)
                {
                    io = ResolvedFactoryIo(resolve, body, kind, model, userEntries, cancellationToken);
                }

                if (io is not null)
                {
                    // A hand-written retry loop around it outlasts proxy start-up; once it is left, the proxy is ready.
                    return HandWrittenRetries.Covers(operation, body, model, cancellationToken)
                        || (firstLoop is ILoopOperation loop && HandWrittenRetries.RetriesCaughtCall(loop, io.Catch, model, cancellationToken))
                        ? null
                        : (operation, io);
                }
            }
        }

        return null;
    }

    // app.Services.GetRequiredService<ICartStore>() in Program.cs runs the factory this body registers for ICartStore there and
    // then (the last registration of a service type is the one resolved): its I/O happens on this statement, so a wait must
    // come before it, not before the next statement that uses the service (open-telemetry/opentelemetry-demo's cart).
    // app.ApplicationServices.GetRequiredService<T>() in Startup.Configure or an IStartupFilter: the registrations are read in
    // the entry point, then in the Startup class's ConfigureServices, then before the call (the last one is resolved).
    private static IoFinding? ResolvedFactoryIo(
        IInvocationOperation call, IOperation body, LifecycleMethod kind, LifecycleModel model, ImmutableArray<string> userEntries, CancellationToken cancellationToken)
    {
        if (call.TargetMethod is not { Name: "GetRequiredService" or "GetService", TypeArguments.Length: 1 } method
            || method.ContainingType?.Name != "ServiceProviderServiceExtensions")
        {
            return null;
        }

        var service = method.TypeArguments[0];
        ServiceRegistration? last = null;
        if (kind != LifecycleMethod.EntryPoint)
        {
            if (model.EntryPointBody(cancellationToken) is { } entryPoint)
            {
                last = LastRegistration(entryPoint, service, before: null) ?? last;
            }

            if (kind == LifecycleMethod.StartupClass
                && call.SemanticModel?.GetEnclosingSymbol(call.Syntax.SpanStart, cancellationToken)?.ContainingType is { } startup)
            {
                foreach (var member in startup.GetMembers("ConfigureServices"))
                {
                    if (member is IMethodSymbol configureServices && model.BodyOf(configureServices, cancellationToken) is { } registrations)
                    {
                        last = LastRegistration(registrations, service, before: null) ?? last;
                    }
                }
            }
        }

        last = LastRegistration(body, service, before: call) ?? last;

        var io = last?.Factory switch
        {
            IAnonymousFunctionOperation lambda => FindUnguardedIo(lambda.Body, LifecycleMethod.HostedStart, model, userEntries, cancellationToken) is { } found
                ? new IoFinding(found.Io.What, found.Io.DetachedBy, StartupOutcomes.Combine(found.Io.Catch, StartupOutcomes.Around(found.Site, lambda.Body, entryPoint: false, model.Symbols)))
                : null,
            IMethodReferenceOperation { Method: var factory } when model.BodyOf(factory, cancellationToken) is not null
                => model.StartupIoOf(factory, userEntries, cancellationToken),
            _ => null,
        };
        return io is null
            ? null
            : new IoFinding("'" + method.Name + "<" + service.Name + ">' → 'the factory " + last!.Name + " registers' → " + io.What, io.DetachedBy, io.Catch);
    }

    private static ServiceRegistration? LastRegistration(IOperation body, ITypeSymbol service, IOperation? before)
    {
        ServiceRegistration? last = null;
        foreach (var operation in body.Descendants())
        {
            if ((before is null || operation.Syntax.SpanStart < before.Syntax.SpanStart)
                && StartupServices.MayRegister(operation)
                && StartupServices.Read(operation) is { Hosted: false, Instance: false } registration
                && SymbolEqualityComparer.Default.Equals(registration.Service, service))
            {
                last = registration;
            }
        }

        return last;
    }

    // ExecuteAsync's first pass ends at its first await of a delay/timer/yield (in its first loop's first iteration, or
    // before), here or in a helper it awaits (WaitForNextRunAsync): after that the work is the service's steady state.
    private static bool EndsFirstPass(IOperation operation, LifecycleModel model, ImmutableArray<string> userEntries, CancellationToken cancellationToken)
    {
        return operation is IAwaitOperation awaited
            && (model.Symbols.IsPause(awaited)
                || (LifecycleSymbols.AwaitedCall(awaited) is { } call && model.PausesFirst(call.TargetMethod, userEntries, cancellationToken)));
    }

    private static bool CanInsertWait(IMethodSymbol method, LifecycleMethod kind)
        => method.IsAsync
            || (kind == LifecycleMethod.EntryPoint && (method.ReturnsVoid || method.ReturnType.SpecialType == SpecialType.System_Int32));

    private static string Where(LifecycleMethod kind, IMethodSymbol method) => kind switch
    {
        LifecycleMethod.EntryPoint => method.Name == "Main" ? "at start-up in Main" : "at start-up in Program.cs",
        // Only Marten's IInitialData.Populate is a start-up method of that name (LifecycleSymbols.Classify).
        LifecycleMethod.HostedStart when method.Name == "Populate" => "at start-up in " + method.ContainingType.Name + ".Populate, which Marten's hosted service runs as the host starts",
        LifecycleMethod.HostedStart => "at start-up in " + method.ContainingType.Name + "." + method.Name,
        LifecycleMethod.BackgroundExecute => "in the first pass of " + method.ContainingType.Name + ".ExecuteAsync",
        _ => "at start-up in " + method.ContainingType.Name + "." + method.Name,
    };
}
