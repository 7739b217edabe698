using System;
using MeshReady.Analyzers.Mesh;

namespace MeshReady.Analyzers.Addressing.Destinations;

/// <summary>Classifies a destination host (parsing lives in <see cref="HostText"/>).</summary>
internal static class DestinationAddress
{
    public static DestinationHostKind Classify(string? host)
    {
        if (host is null || host.Length == 0 || host.IndexOf(HostText.Unknown) >= 0)
        {
            return DestinationHostKind.Unknown;
        }

        if (host is "0.0.0.0" or "::" or "+" or "*")
        {
            return DestinationHostKind.Unspecified;
        }

        if (MeshHosts.IsLoopback(host) || host == "." || string.Equals(host, "(local)", StringComparison.OrdinalIgnoreCase))
        {
            return DestinationHostKind.Loopback;
        }

        if (MeshHosts.IsIPAddress(host))
        {
            return DestinationHostKind.IPAddress;
        }

        // Anything else must be a DNS name; half-typed text ("orders);") is not a destination.
        return MeshHosts.IsValidDnsName(host) ? DestinationHostKind.Name : DestinationHostKind.Unknown;
    }
}
