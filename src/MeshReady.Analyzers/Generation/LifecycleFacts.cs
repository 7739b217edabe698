using System;
using System.Threading;
using MeshReady.Analyzers.Infrastructure;
using MeshReady.Analyzers.Lifecycle;
using Microsoft.CodeAnalysis;

namespace MeshReady.Analyzers.Generation;

/// <summary>
/// What the manifest checks need to know about the program's lifecycle, written as <c>MeshReady.*</c> assembly
/// metadata (docs/assembly-metadata.md): the longest constant shutdown budget (MESH107 compares it with
/// <c>terminationGracePeriodSeconds</c>), whether anything stops the sidecar (MESH106 on Jobs), and whether the program
/// waits for the proxy through the generated helpers (MESH115: the pod must give the helper its sidecar signal).
/// </summary>
internal sealed class LifecycleFacts : IEquatable<LifecycleFacts>
{
    public LifecycleFacts(int shutdownBudgetSeconds, bool stopsSidecar, bool waitsForProxy)
    {
        ShutdownBudgetSeconds = shutdownBudgetSeconds;
        StopsSidecar = stopsSidecar;
        WaitsForProxy = waitsForProxy;
    }

    /// <summary>Whole seconds, rounded up; 0 when the code sets no finite constant budget.</summary>
    public int ShutdownBudgetSeconds { get; }

    public bool StopsSidecar { get; }

    /// <summary>The code calls <c>MeshProxy.WaitUntilReadyAsync</c> or <c>AddMeshReadiness</c>.</summary>
    public bool WaitsForProxy { get; }

    /// <summary>The budget a candidate node sets, in whole seconds rounded up; 0 for none, unknown or unlimited.</summary>
    public static int BudgetSeconds(SemanticModel model, SyntaxNode node, CancellationToken cancellationToken)
    {
        if (model.GetOperation(node, cancellationToken) is not { } operation)
        {
            return 0;
        }

        var types = KnownTypes.For(model.Compilation);
        var budget = ShutdownBudgets.Read(operation, types.Get(ShutdownBudgets.HostOptionsType), types.Get(ShutdownBudgets.WebHostBuilderType), cancellationToken);
        return budget is { Duration: var duration } ? Seconds(duration) : 0;
    }

    /// <summary>
    /// The same answer from syntax alone, for the shapes it settles (<see cref="ShutdownBudgets.TryReadSyntax"/>); false
    /// sends the node to <see cref="BudgetSeconds"/>. Binding costs milliseconds per node on every edit, reading syntax does not.
    /// </summary>
    public static bool TryBudgetSecondsFromSyntax(SyntaxNode node, out int seconds)
    {
        seconds = 0;
        if (!ShutdownBudgets.TryReadSyntax(node, out var duration))
        {
            return false;
        }

        seconds = duration is { } value ? Seconds(value) : 0;
        return true;
    }

    private static int Seconds(TimeSpan duration)
        => duration <= TimeSpan.Zero || TimeSpanValues.IsInfinite(duration) ? 0 : (int)Math.Ceiling(duration.TotalSeconds);

    public bool Equals(LifecycleFacts? other)
        => other is not null && ShutdownBudgetSeconds == other.ShutdownBudgetSeconds && StopsSidecar == other.StopsSidecar && WaitsForProxy == other.WaitsForProxy;

    public override bool Equals(object? obj) => Equals(obj as LifecycleFacts);

    public override int GetHashCode() => (ShutdownBudgetSeconds, StopsSidecar, WaitsForProxy).GetHashCode();
}
