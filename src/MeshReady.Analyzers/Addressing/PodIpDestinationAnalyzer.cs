using System.Collections.Immutable;
using MeshReady.Analyzers.Addressing.Destinations;
using MeshReady.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using static MeshReady.Analyzers.Infrastructure.SymbolMatch;

namespace MeshReady.Analyzers.Addressing;

/// <summary>
/// MESH021: a pod address read from the Kubernetes API (KubernetesClient <c>V1Pod</c>, <c>V1Endpoints</c>,
/// <c>V1EndpointSlice</c>) or resolved from an in-cluster name with <c>Dns.GetHostAddresses</c>/<c>GetHostEntry</c>,
/// then used as a destination: URLs for <c>new Uri</c>, <c>HttpClient</c> and <c>GrpcChannel.ForAddress</c>, socket
/// connects, and <c>IPEndPoint</c> seed lists. Not flagged: addresses only logged or compared, binds and listeners,
/// external DNS names, computed host names, and test or benchmark projects.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class PodIpDestinationAnalyzer : MeshAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.PodIPDestination);

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, MeshContext mesh)
    {
        var sources = PodAddressSources.Create(mesh.Types);
        if (!sources.Any)
        {
            return;
        }

        var symbols = DestinationSymbols.Create(mesh.Types);
        context.RegisterOperationAction(c => Analyze(c, mesh, sources, symbols), OperationKind.Invocation, OperationKind.ObjectCreation);
    }

    private static void Analyze(OperationAnalysisContext context, MeshContext mesh, PodAddressSources sources, DestinationSymbols symbols)
    {
        var addresses = DestinationReader.AddressValues(context.Operation, symbols);
        if (addresses.IsEmpty && IsSeedListEndPoint(context.Operation, symbols))
        {
            addresses = ImmutableArray.Create(((IObjectCreationOperation)context.Operation).Arguments[0].Value);
        }

        if (addresses.IsEmpty)
        {
            return;
        }

        var tree = context.Operation.Syntax.SyntaxTree;
        if (!mesh.AppliesTo(tree))
        {
            return;
        }

        var clusterDomain = mesh.OptionsFor(tree).ClusterDomain;
        foreach (var address in addresses)
        {
            if (sources.Find(address, clusterDomain, context.CancellationToken) is { } source)
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.PodIPDestination, address.Syntax.GetLocation(), Describe(context.Operation), source));
            }
        }
    }

    /// <summary>
    /// <c>new IPEndPoint(address, port)</c> added to a list or array (cluster seed nodes, gateway lists): the list
    /// exists to be dialled. Endpoints given to a connect are read through the connect; binds are never destinations.
    /// </summary>
    private static bool IsSeedListEndPoint(IOperation operation, DestinationSymbols symbols)
    {
        if (operation is not IObjectCreationOperation { Arguments.Length: 2 } creation || !Is(creation.Type, symbols.IPEndPoint))
        {
            return false;
        }

        var parent = creation.Parent;
        while (parent is IConversionOperation)
        {
            parent = parent.Parent;
        }

        return parent is IArrayInitializerOperation
            || (parent is IArgumentOperation && parent.Parent is IInvocationOperation { TargetMethod.Name: "Add" });
    }

    private static string Describe(IOperation operation) => operation switch
    {
        IObjectCreationOperation creation => "new " + creation.Type?.Name,
        IInvocationOperation invocation => invocation.TargetMethod.ContainingType.Name + "." + invocation.TargetMethod.Name,
        _ => operation.Syntax.ToString(),
    };
}
