using System;
using MeshReady.Analyzers.Mesh;

namespace MeshReady.Analyzers.Ports;

/// <summary>A port the service exposes, with its final Istio name: what the generator writes out.</summary>
internal sealed class ResolvedPort : IEquatable<ResolvedPort>
{
    public ResolvedPort(int port, MeshProtocol protocol, string name, PortSource source)
    {
        Port = port;
        Protocol = protocol;
        Name = name;
        Source = source;
    }

    public int Port { get; }

    public MeshProtocol Protocol { get; }

    public string Name { get; }

    public PortSource Source { get; }

    public bool Equals(ResolvedPort? other)
        => other is not null && Port == other.Port && Protocol == other.Protocol && Name == other.Name && Source == other.Source;

    public override bool Equals(object? obj) => Equals(obj as ResolvedPort);

    public override int GetHashCode() => (Port, Protocol.Member, Name, Source).GetHashCode();
}

/// <summary>Where a port came from; written to the assembly metadata as <c>declared</c> or <c>inferred</c>.</summary>
internal enum PortSource
{
    Declared,
    Inferred,
}
