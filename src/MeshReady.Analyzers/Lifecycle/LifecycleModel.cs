using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Threading;
using MeshReady.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MeshReady.Analyzers.Lifecycle;

/// <summary>
/// What the lifecycle rules know about one compilation: its hosting symbols, its outbound-I/O catalogue,
/// the I/O each source method performs (looked up one call level deep, computed once per method), and
/// whether the program registers <c>AddMeshReadiness</c>. Shared by the start-up, shutdown and Job rules.
/// </summary>
internal sealed class LifecycleModel
{
    private readonly Compilation compilation;
    // Facts depend on the user's extra outbound-I/O list (meshready.outbound_io), which may differ per file:
    // one cache per list, so the result never depends on which file was analyzed first.
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<IMethodSymbol, MethodFacts>> factsByUserEntries = new(StringComparer.Ordinal);
    private readonly Lazy<ReadinessRegistration> readiness;
    private readonly Lazy<bool> entryPointQuits;

    // One per compilation, shared by the lifecycle analyzers through CompilationFacts (MeshContext.Lifecycle).
    internal LifecycleModel(Compilation compilation, KnownTypes types)
    {
        this.compilation = compilation;
        Symbols = LifecycleSymbols.Create(types, compilation);
        Io = OutboundIo.Create(types, compilation);
        readiness = new Lazy<ReadinessRegistration>(FindReadinessRegistration, LazyThreadSafetyMode.ExecutionAndPublication);
        entryPointQuits = new Lazy<bool>(FindEntryPointQuit, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public LifecycleSymbols Symbols { get; }

    public OutboundIo Io { get; }

    /// <summary>How the entry point (one call level deep) registers the generated hosting integration.</summary>
    public ReadinessRegistration Readiness => readiness.Value;

    /// <summary>True when the entry point calls <c>MeshProxy.QuitAsync</c> (directly or one call level deep).</summary>
    public bool EntryPointQuits => entryPointQuits.Value;

    /// <summary>
    /// The outbound I/O an operation performs: directly (<c>db.Database.MigrateAsync()</c>) or, for a call
    /// to a method of this compilation, the first I/O in that method's body (<c>SeedAsync(app)</c>), unless
    /// the callee waits for the proxy first. Null when there is none.
    /// </summary>
    public string? IoOf(IOperation operation, ImmutableArray<string> userEntries, CancellationToken cancellationToken)
    {
        switch (operation)
        {
            case IInvocationOperation invocation:
                if (Io.Describe(invocation, userEntries, cancellationToken) is { } direct)
                {
                    return "'" + direct + "'";
                }

                // A helper handed a loopback client or address (CreateLoad("http://localhost:5000/" + path)) talks to this pod.
                if (FactsOf(invocation.TargetMethod, userEntries, cancellationToken) is { FirstIo: { } inner, WaitsFirst: false } facts
                    && !PassesLoopbackClient(invocation, facts.IoReceiverParameter, cancellationToken)
                    && !Io.HasLoopbackArgument(invocation.Arguments, cancellationToken))
                {
                    return "'" + invocation.TargetMethod.Name + "' (which calls '" + inner + "')";
                }

                return null;
            case IObjectCreationOperation creation:
                return Io.Describe(creation, cancellationToken) is { } created ? "'" + created + "'" : null;
            default:
                return null;
        }
    }

    /// <summary>The first outbound I/O in the body of a method of this compilation (<c>Type.Method</c>), or null.</summary>
    public string? FirstIoOf(IMethodSymbol method, ImmutableArray<string> userEntries, CancellationToken cancellationToken)
        => FactsOf(method, userEntries, cancellationToken)?.FirstIo;

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
                return Io.HasLoopbackBaseAddress(argument.Value, cancellationToken);
            }
        }

        return false;
    }

    /// <summary>True when <paramref name="invocation"/> calls <c>MeshProxy.QuitAsync</c>, directly or one call level deep.</summary>
    public bool Quits(IInvocationOperation invocation, ImmutableArray<string> userEntries, CancellationToken cancellationToken)
        => MeshProxyApi.IsQuit(invocation) || FactsOf(invocation.TargetMethod, userEntries, cancellationToken) is { Quits: true };

    /// <summary>True when <paramref name="invocation"/> waits for the proxy, directly or one call level deep.</summary>
    public bool Waits(IInvocationOperation invocation, ImmutableArray<string> userEntries, CancellationToken cancellationToken)
        => MeshProxyApi.IsWaitUntilReady(invocation) || FactsOf(invocation.TargetMethod, userEntries, cancellationToken) is { WaitsFirst: true };

    /// <summary>True when the method, before any outbound I/O, awaits a delay or timer tick (a schedule wait).</summary>
    public bool PausesFirst(IMethodSymbol method, ImmutableArray<string> userEntries, CancellationToken cancellationToken)
        => FactsOf(method, userEntries, cancellationToken) is { PausesFirst: true };

    /// <summary>The body of a method declared in this compilation, or null (metadata, abstract, partial without body).</summary>
    public IOperation? BodyOf(IMethodSymbol method, CancellationToken cancellationToken)
    {
        var definition = method.OriginalDefinition;
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

#pragma warning disable RS1030 // One model per callee, only for calls found on a lifecycle path; the driver caches semantic models.
        var model = compilation.GetSemanticModel(syntax.SyntaxTree);
#pragma warning restore RS1030
        return model.GetOperation(syntax, cancellationToken) switch
        {
            ILocalFunctionOperation local => local.Body,
            { } body => body,
            null => null,
        };
    }

    private MethodFacts? FactsOf(IMethodSymbol method, ImmutableArray<string> userEntries, CancellationToken cancellationToken)
    {
        if (method.MethodKind is not (MethodKind.Ordinary or MethodKind.LocalFunction)
            || !SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, compilation.Assembly))
        {
            return null;
        }

        var facts = factsByUserEntries.GetOrAdd(
            userEntries.IsDefaultOrEmpty ? string.Empty : string.Join(",", userEntries),
            static _ => new ConcurrentDictionary<IMethodSymbol, MethodFacts>(SymbolEqualityComparer.Default));
        return facts.GetOrAdd(method.OriginalDefinition, m => ComputeFacts(m, userEntries, cancellationToken));
    }

    private MethodFacts ComputeFacts(IMethodSymbol method, ImmutableArray<string> userEntries, CancellationToken cancellationToken)
    {
        if (BodyOf(method, cancellationToken) is not { } body)
        {
            return MethodFacts.Nothing;
        }

        string? firstIo = null;
        var receiverParameter = -1;
        var waitsFirst = false;
        var pausesFirst = false;
        var quits = false;
        foreach (var operation in EagerOperations.Of(body))
        {
            switch (operation)
            {
                case IAwaitOperation awaited when firstIo is null && Symbols.IsPause(awaited):
                    pausesFirst = true;
                    break;
                case IInvocationOperation invocation when MeshProxyApi.IsWaitUntilReady(invocation):
                    waitsFirst |= firstIo is null;
                    break;
                case IInvocationOperation invocation when MeshProxyApi.IsQuit(invocation):
                    quits = true;
                    break;
                case IInvocationOperation invocation when firstIo is null:
                    firstIo = Io.Describe(invocation, userEntries, cancellationToken);
                    if (firstIo is not null && OutboundIo.Receiver(invocation) is { } receiver
                        && ValueTracking.SkipConversions(receiver) is IParameterReferenceOperation { Parameter: var parameter })
                    {
                        receiverParameter = parameter.Ordinal;
                    }

                    break;
                case IObjectCreationOperation creation when firstIo is null:
                    firstIo = Io.Describe(creation, cancellationToken);
                    break;
            }
        }

        return new MethodFacts(firstIo, receiverParameter, waitsFirst, quits, pausesFirst);
    }

    private ReadinessRegistration FindReadinessRegistration()
    {
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

    private sealed class MethodFacts
    {
        public static readonly MethodFacts Nothing = new(null, -1, false, false, false);

        public MethodFacts(string? firstIo, int ioReceiverParameter, bool waitsFirst, bool quits, bool pausesFirst)
        {
            PausesFirst = pausesFirst;
            FirstIo = firstIo;
            IoReceiverParameter = ioReceiverParameter;
            WaitsFirst = waitsFirst;
            Quits = quits;
        }

        /// <summary>The first outbound I/O in the body (<c>Type.Method</c>), or null.</summary>
        public string? FirstIo { get; }

        /// <summary>The ordinal of the parameter the first I/O is called on (a client passed in), or -1.</summary>
        public int IoReceiverParameter { get; }

        /// <summary>The body waits for the proxy before any outbound I/O.</summary>
        public bool WaitsFirst { get; }

        /// <summary>The body awaits a delay or timer tick before any outbound I/O.</summary>
        public bool PausesFirst { get; }

        /// <summary>The body calls <c>MeshProxy.QuitAsync</c>.</summary>
        public bool Quits { get; }
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
