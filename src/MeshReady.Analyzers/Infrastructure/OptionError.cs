using System;

namespace MeshReady.Analyzers.Infrastructure;

/// <summary>An option value that could not be read (reported as MESH901).</summary>
internal readonly struct OptionError : IEquatable<OptionError>
{
    public OptionError(string source, string key, string value, string accepted, string defaultValue)
    {
        Source = source;
        Key = key;
        Value = value;
        Accepted = accepted;
        DefaultValue = defaultValue;
    }

    /// <summary>Where the value came from: ".editorconfig" or "MSBuild property".</summary>
    public string Source { get; }

    public string Key { get; }

    public string Value { get; }

    public string Accepted { get; }

    public string DefaultValue { get; }

    public bool Equals(OptionError other)
        => Source == other.Source && Key == other.Key && Value == other.Value;

    public override bool Equals(object? obj) => obj is OptionError other && Equals(other);

    public override int GetHashCode() => (Source, Key, Value).GetHashCode();
}
