using System.Collections.Generic;
using System.Collections.Immutable;
using MeshReady.Analyzers.Mesh;

namespace MeshReady.Analyzers.Ports;

/// <summary>
/// The service's ports as its <c>[assembly: MeshPort]</c> declarations define them, plus what is wrong with each
/// declaration. The generator emits <see cref="Ports"/>; the analyzer reports <see cref="Problems"/> on the
/// attribute they point at. One place decides both, so the generated metadata never contains a port that the
/// analyzer called invalid.
/// </summary>
internal sealed class PortTable
{
    private PortTable(ImmutableArray<ResolvedPort> ports, ImmutableArray<PortProblem> problems)
    {
        Ports = ports;
        Problems = problems;
    }

    /// <summary>Valid ports in declaration order, each with its final name.</summary>
    public ImmutableArray<ResolvedPort> Ports { get; }

    public ImmutableArray<PortProblem> Problems { get; }

    public static PortTable Build(IReadOnlyList<PortDeclaration> declarations)
        => Build(declarations, System.Array.Empty<InferredPort>());

    /// <summary>
    /// Declared ports first; then each inferred port whose number no declaration names (a declaration always
    /// wins, and the first protocol found for a port wins), named <c>&lt;protocol&gt;</c> or <c>&lt;protocol&gt;-&lt;port&gt;</c>.
    /// </summary>
    public static PortTable Build(IReadOnlyList<PortDeclaration> declarations, IReadOnlyList<InferredPort> inferred)
    {
        var problems = ImmutableArray.CreateBuilder<PortProblem>();
        var accepted = new List<(int Index, PortDeclaration Declaration, MeshProtocol Protocol, string? Name)>();
        var byPort = new Dictionary<int, MeshProtocol>();

        for (var i = 0; i < declarations.Count; i++)
        {
            var declaration = declarations[i];
            if (!declaration.HasValidPort)
            {
                problems.Add(new PortProblem(i, PortProblemKind.InvalidPort, declaration.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                continue;
            }

            if (declaration.Protocol is not { } protocol)
            {
                problems.Add(new PortProblem(i, PortProblemKind.UndefinedProtocol, declaration.ProtocolValue.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                continue;
            }

            if (declaration.Name is { } name && name.Trim().Length == 0)
            {
                problems.Add(new PortProblem(i, PortProblemKind.EmptyName, string.Empty));
                continue;
            }

            if (byPort.TryGetValue(declaration.Port, out var earlier))
            {
                problems.Add(earlier == protocol
                    ? new PortProblem(i, PortProblemKind.DuplicatePort, declaration.Port.ToString(System.Globalization.CultureInfo.InvariantCulture))
                    : new PortProblem(i, PortProblemKind.ConflictingProtocol, declaration.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), earlier.Member, protocol.Member));
                continue;
            }

            byPort.Add(declaration.Port, protocol);
            var finalName = declaration.Name;
            if (finalName is not null && PortNaming.Problem(finalName, protocol) is { } reason)
            {
                // The metadata must hold a name Kubernetes and Istio accept: it carries the suggested one.
                var suggestion = PortNaming.Suggest(finalName, protocol);
                problems.Add(new PortProblem(i, PortProblemKind.NameConvention, finalName, reason, suggestion));
                finalName = suggestion;
            }

            accepted.Add((i, declaration, protocol, finalName));
        }

        var found = new List<InferredPort>();
        foreach (var port in inferred)
        {
            if (!byPort.ContainsKey(port.Port))
            {
                byPort.Add(port.Port, port.Protocol);
                found.Add(port);
            }
        }

        var protocolCounts = new Dictionary<MeshProtocol, int>();
        foreach (var entry in accepted)
        {
            protocolCounts[entry.Protocol] = protocolCounts.TryGetValue(entry.Protocol, out var n) ? n + 1 : 1;
        }

        foreach (var port in found)
        {
            protocolCounts[port.Protocol] = protocolCounts.TryGetValue(port.Protocol, out var n) ? n + 1 : 1;
        }

        var ports = ImmutableArray.CreateBuilder<ResolvedPort>();
        var names = new HashSet<string>(System.StringComparer.OrdinalIgnoreCase);
        foreach (var (index, declaration, protocol, declaredName) in accepted)
        {
            var name = declaredName ?? PortNaming.DefaultName(protocol, declaration.Port, protocolCounts[protocol] > 1);
            if (!names.Add(name))
            {
                problems.Add(new PortProblem(index, PortProblemKind.DuplicateName, name));
                continue;
            }

            ports.Add(new ResolvedPort(declaration.Port, protocol, name, PortSource.Declared));
        }

        foreach (var port in found)
        {
            var name = PortNaming.DefaultName(port.Protocol, port.Port, protocolCounts[port.Protocol] > 1);
            if (!names.Add(name))
            {
                name = PortNaming.DefaultName(port.Protocol, port.Port, protocolUsedTwice: true);
                if (!names.Add(name))
                {
                    continue;
                }
            }

            ports.Add(new ResolvedPort(port.Port, port.Protocol, name, PortSource.Inferred));
        }

        return new PortTable(ports.ToImmutable(), problems.ToImmutable());
    }
}

/// <summary>What is wrong with one declaration (<see cref="Index"/> into the declarations), with message arguments.</summary>
internal readonly struct PortProblem
{
    public PortProblem(int index, PortProblemKind kind, params string[] arguments)
    {
        Index = index;
        Kind = kind;
        Arguments = arguments;
    }

    public int Index { get; }

    public PortProblemKind Kind { get; }

    public string[] Arguments { get; }
}

internal enum PortProblemKind
{
    /// <summary>MESH043: port outside 1–65535.</summary>
    InvalidPort,

    /// <summary>MESH043: a protocol value that is no <c>MeshProtocol</c> member.</summary>
    UndefinedProtocol,

    /// <summary>MESH043: <c>Name = ""</c>.</summary>
    EmptyName,

    /// <summary>MESH043: the same port and protocol declared again.</summary>
    DuplicatePort,

    /// <summary>MESH043: two ports with one name.</summary>
    DuplicateName,

    /// <summary>MESH042: the same port declared with another protocol.</summary>
    ConflictingProtocol,

    /// <summary>MESH040: the name breaks Istio's convention (arguments: name, reason, suggestion).</summary>
    NameConvention,
}
