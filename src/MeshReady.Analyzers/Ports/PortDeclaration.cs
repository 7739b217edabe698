using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using MeshReady.Analyzers.Mesh;

namespace MeshReady.Analyzers.Ports;

/// <summary>
/// One <c>[assembly: MeshPort(port, protocol, Name = "…")]</c> as written, with no symbol or syntax in it, so
/// the generator can cache it and the analyzer can check it. <see cref="ProtocolValue"/> is the raw enum value
/// (possibly undefined); <see cref="Name"/> is null when the declaration names none.
/// </summary>
internal sealed class PortDeclaration : IEquatable<PortDeclaration>
{
    public const string AttributeMetadataName = "MeshReady.MeshPortAttribute";

    /// <summary>The attribute class's simple name: the generator adds it to every assembly built with MeshReady.</summary>
    public const string AttributeName = "MeshPortAttribute";

    public const string NameProperty = "Name";

    public PortDeclaration(int port, int protocolValue, string? name)
    {
        Port = port;
        ProtocolValue = protocolValue;
        Name = name;
    }

    public int Port { get; }

    public int ProtocolValue { get; }

    public string? Name { get; }

    public MeshProtocol? Protocol => MeshProtocols.FromValue(ProtocolValue);

    /// <summary>True for a port number a container can declare.</summary>
    public bool HasValidPort => Port >= 1 && Port <= 65535;

    /// <summary>
    /// Reads an attribute application, or returns null when it is not a complete <c>MeshPort(int, MeshProtocol)</c>
    /// (half-typed code, a missing argument, a compile error in an argument).
    /// </summary>
    public static PortDeclaration? From(AttributeData attribute)
    {
        if (attribute.AttributeConstructor is null || attribute.ConstructorArguments.Length != 2)
        {
            return null;
        }

        var port = attribute.ConstructorArguments[0];
        var protocol = attribute.ConstructorArguments[1];
        if (port.Kind == TypedConstantKind.Error || protocol.Kind == TypedConstantKind.Error
            || port.Value is not int portNumber || protocol.Value is not int protocolValue)
        {
            return null;
        }

        string? name = null;
        foreach (var argument in attribute.NamedArguments)
        {
            if (argument.Key == NameProperty && argument.Value.Kind != TypedConstantKind.Error)
            {
                name = argument.Value.Value as string ?? string.Empty;
            }
        }

        return new PortDeclaration(portNumber, protocolValue, name);
    }

    /// <summary>Every readable <c>[MeshPort]</c> of the compilation, in declaration order, with where it is written.</summary>
    public static List<(PortDeclaration Declaration, SyntaxReference? Syntax)> ReadAll(Compilation compilation, INamedTypeSymbol attributeType)
    {
        var all = new List<(PortDeclaration, SyntaxReference?)>();
        foreach (var attribute in compilation.Assembly.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, attributeType) && From(attribute) is { } declaration)
            {
                all.Add((declaration, attribute.ApplicationSyntaxReference));
            }
        }

        return all;
    }

    public bool Equals(PortDeclaration? other)
        => other is not null && Port == other.Port && ProtocolValue == other.ProtocolValue && Name == other.Name;

    public override bool Equals(object? obj) => Equals(obj as PortDeclaration);

    public override int GetHashCode() => (Port, ProtocolValue, Name).GetHashCode();
}
