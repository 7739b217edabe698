using System;
using System.Collections.Generic;

namespace MeshReady.Analyzers.Generation;

/// <summary>
/// What the generator read from one candidate node, and whether it had to bind the node to read it. Reading syntax is
/// what keeps an edit cheap; <see cref="IsBound"/> lets the incremental tests prove that the common shapes never bind.
/// </summary>
internal sealed class CandidateReading<T> : IEquatable<CandidateReading<T>>
    where T : IEquatable<T>
{
    public CandidateReading(T value, bool isBound)
    {
        Value = value;
        IsBound = isBound;
    }

    public T Value { get; }

    public bool IsBound { get; }

    public bool Equals(CandidateReading<T>? other)
        => other is not null && IsBound == other.IsBound && EqualityComparer<T>.Default.Equals(Value, other.Value);

    public override bool Equals(object? obj) => Equals(obj as CandidateReading<T>);

    public override int GetHashCode() => (EqualityComparer<T>.Default.GetHashCode(Value) * 31) + (IsBound ? 1 : 0);
}

internal static class CandidateReading
{
    public static CandidateReading<T> FromSyntax<T>(T value) where T : IEquatable<T> => new(value, isBound: false);

    public static CandidateReading<T> Bound<T>(T value) where T : IEquatable<T> => new(value, isBound: true);
}
