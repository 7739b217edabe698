using System.Threading;
using MeshReady.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using static MeshReady.Analyzers.Infrastructure.SymbolMatch;
using MeshReady.Analyzers.Mesh;

namespace MeshReady.Analyzers.Addressing;

/// <summary>
/// Where a value holding a pod's address comes from: the Kubernetes API through KubernetesClient
/// (<c>V1PodStatus.PodIP</c>/<c>PodIPs</c>, <c>V1PodIP.Ip</c>, <c>V1EndpointAddress.Ip</c> of Endpoints subsets,
/// <c>V1Endpoint.Addresses</c> of EndpointSlices) or a DNS lookup of an in-cluster name (<c>Dns.GetHostAddresses</c>,
/// <c>GetHostEntry</c> and their async forms). Follows single-assignment locals, foreach variables, interpolations,
/// concatenations and lambdas in the same method body; nothing else.
/// </summary>
internal sealed class PodAddressSources
{
    private const int MaxDepth = 4;

    private readonly INamedTypeSymbol? podStatus;
    private readonly INamedTypeSymbol? podIP;
    private readonly INamedTypeSymbol? endpointAddress;
    private readonly INamedTypeSymbol? sliceEndpoint;
    private readonly INamedTypeSymbol? dns;

    private PodAddressSources(KnownTypes types)
    {
        podStatus = types.Get("k8s.Models.V1PodStatus");
        podIP = types.Get("k8s.Models.V1PodIP");
        endpointAddress = types.Get("k8s.Models.V1EndpointAddress");
        sliceEndpoint = types.Get("k8s.Models.V1Endpoint");
        dns = types.Get("System.Net.Dns");
    }

    /// <summary>False when neither KubernetesClient nor <c>System.Net.Dns</c> is referenced: nothing to register.</summary>
    public bool Any => podStatus is not null || podIP is not null || endpointAddress is not null || sliceEndpoint is not null || dns is not null;

    public static PodAddressSources Create(KnownTypes types) => new(types);

    /// <summary>
    /// The source of a pod address inside <paramref name="value"/> (<c>V1PodStatus.PodIP</c>,
    /// <c>Dns.GetHostAddresses("orders-headless")</c>), or null.
    /// </summary>
    public string? Find(IOperation value, string clusterDomain, CancellationToken cancellationToken)
        => Find(value, clusterDomain, 0, cancellationToken);

    private string? Find(IOperation value, string clusterDomain, int depth, CancellationToken cancellationToken)
    {
        if (depth > MaxDepth)
        {
            return null;
        }

        var origin = ValueTracking.Origin(value, cancellationToken);
        foreach (var operation in origin.DescendantsAndSelf())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var found = operation switch
            {
                IPropertyReferenceOperation { Property: var property } => KubernetesSource(property),
                IInvocationOperation invocation => DnsSource(invocation, clusterDomain, cancellationToken),
                ILocalReferenceOperation local when !ReferenceEquals(operation, origin) => Find(local, clusterDomain, depth + 1, cancellationToken),
                ILocalReferenceOperation local => ForEachCollection(local) is { } collection ? Find(collection, clusterDomain, depth + 1, cancellationToken) : null,
                _ => null,
            };

            if (found is not null)
            {
                return found;
            }
        }

        return null;
    }

    private string? KubernetesSource(IPropertySymbol property)
    {
        var type = property.ContainingType;
        return property.Name switch
        {
            "PodIP" or "PodIPs" when Is(type, podStatus) => "V1PodStatus." + property.Name,
            "Ip" when Is(type, podIP) => "V1PodIP.Ip",
            "Ip" when Is(type, endpointAddress) => "V1EndpointAddress.Ip",
            "Addresses" when Is(type, sliceEndpoint) => "V1Endpoint.Addresses",
            _ => null,
        };
    }

    private string? DnsSource(IInvocationOperation invocation, string clusterDomain, CancellationToken cancellationToken)
    {
        var method = invocation.TargetMethod;
        if (!Is(method.ContainingType, dns)
            || method.Name is not ("GetHostAddresses" or "GetHostAddressesAsync" or "GetHostEntry" or "GetHostEntryAsync")
            || invocation.Arguments.Length == 0
            || invocation.Arguments[0].Value.Type?.SpecialType != SpecialType.System_String)
        {
            return null;
        }

        // Only a Service name resolves to pod addresses; external hosts and computed names are left alone.
        var host = ValueTracking.ConstantString(invocation.Arguments[0].Value, cancellationToken);
        return MeshHosts.IsInClusterService(host, clusterDomain) ? "Dns." + method.Name + "(\"" + host + "\")" : null;
    }

    /// <summary>The collection a foreach variable walks over, when <paramref name="local"/> is one.</summary>
    private static IOperation? ForEachCollection(ILocalReferenceOperation local)
    {
        for (var parent = local.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent is IForEachLoopOperation loop && loop.Locals.Contains(local.Local))
            {
                return loop.Collection;
            }
        }

        return null;
    }
}
