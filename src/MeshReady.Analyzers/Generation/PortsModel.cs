using System;
using MeshReady.Analyzers.Ports;

namespace MeshReady.Analyzers.Generation;

/// <summary>Everything <c>MeshReady.MeshPorts.g.cs</c> is made of: the resolved ports and the project settings.</summary>
internal sealed class PortsModel : IEquatable<PortsModel>
{
    public PortsModel(EquatableArray<ResolvedPort> ports, GeneratorSettings settings)
    {
        Ports = ports;
        Settings = settings;
    }

    public EquatableArray<ResolvedPort> Ports { get; }

    public GeneratorSettings Settings { get; }

    public bool Equals(PortsModel? other) => other is not null && Ports.Equals(other.Ports) && Settings.Equals(other.Settings);

    public override bool Equals(object? obj) => Equals(obj as PortsModel);

    public override int GetHashCode() => (Ports, Settings).GetHashCode();
}
