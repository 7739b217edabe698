using System.Collections.Immutable;
using MeshReady.Analyzers.Addressing.Destinations;
using MeshReady.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MeshReady.Analyzers.Addressing;

/// <summary>
/// MESH020: a literal IP address used as a destination: URLs given to <c>new Uri</c>, <c>HttpClient</c> and
/// <c>GrpcChannel.ForAddress</c>; hosts and <c>IPAddress.Parse</c>/<c>IPEndPoint</c> values given to socket
/// connects; and connection strings (<c>Server=</c>, <c>Host=</c>, <c>Data Source=</c>, Redis <c>host:port</c>).
/// Not flagged: loopback, <c>0.0.0.0</c>/<c>::</c>, link-local (cloud metadata), documentation ranges,
/// addresses in <c>meshready.allowed_ips</c>, IPs that are not destinations (log text, allow-lists,
/// <c>KnownProxies</c>, version strings), and test or benchmark projects.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HardCodedIPAnalyzer : MeshAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.HardCodedIP);

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, MeshContext mesh)
    {
        var symbols = DestinationSymbols.Create(mesh.Types);
        context.RegisterOperationAction(c => Analyze(c, mesh, symbols), OperationKind.Invocation, OperationKind.ObjectCreation, OperationKind.SimpleAssignment);
    }

    private static void Analyze(OperationAnalysisContext context, MeshContext mesh, DestinationSymbols symbols)
    {
        foreach (var destination in DestinationReader.Read(context.Operation, symbols, context.CancellationToken))
        {
            if (destination.HostKind != DestinationHostKind.IPAddress
                || destination.Host is not { } host
                || InAny(IPRange.Documentation, host)
                || InAny(IPRange.LinkLocal, host))
            {
                continue;
            }

            var tree = context.Operation.Syntax.SyntaxTree;
            if (!mesh.AppliesTo(tree) || InAny(mesh.OptionsFor(tree).AllowedIPs, host))
            {
                continue;
            }

            context.ReportDiagnostic(Diagnostic.Create(Descriptors.HardCodedIP, destination.Location, destination.Origin, host));
        }
    }

    private static bool InAny(System.Collections.Generic.IEnumerable<IPRange> ranges, string host)
    {
        foreach (var range in ranges)
        {
            if (range.Contains(host))
            {
                return true;
            }
        }

        return false;
    }
}
