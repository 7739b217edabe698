using System;
using System.Collections.Generic;
using System.Globalization;

namespace MeshReady.Analyzers.Mesh;

/// <summary>
/// What a host name or address means to the mesh: loopback (never passes the sidecar), an IP address, a Kubernetes
/// Service name inside the cluster, or the Kubernetes API server (in the cluster, but not a meshed workload).
/// </summary>
internal static class MeshHosts
{
    // Two-label names ending in these are ordinary DNS names, not name.namespace.
    private static readonly HashSet<string> PublicOrLocalSuffixes = new(StringComparer.OrdinalIgnoreCase)
    {
        "com", "net", "org", "io", "dev", "app", "ai", "co", "cloud", "info", "biz", "me", "tech", "xyz", "sh",
        "gov", "edu", "mil", "int", "online", "site", "store", "blog", "page", "run", "azure", "aws", "google",
        "local", "internal", "lan", "corp", "home", "localhost", "test", "example", "invalid", "arpa",
    };

    /// <summary>
    /// <c>localhost</c> (and <c>*.localhost</c>), 127.0.0.0/8 and <c>::1</c> in any spelling, brackets allowed.
    /// <c>::6</c>, the sidecar's IPv6 inbound source, is not loopback (RFC 4291 §2.5.3).
    /// </summary>
    public static bool IsLoopback(string host)
    {
        var h = host.Trim();
        if (h.Length > 1 && h[0] == '[' && h[h.Length - 1] == ']')
        {
            h = h.Substring(1, h.Length - 2);
        }

        if (string.Equals(h, "localhost", StringComparison.OrdinalIgnoreCase) || h.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (h.StartsWith("127.", StringComparison.Ordinal))
        {
            return IsIPAddress(h);
        }

        return h.IndexOf(':') >= 0 && IsIPAddress(h) && System.Net.IPAddress.TryParse(h, out var address) && System.Net.IPAddress.IsLoopback(address);
    }

    /// <summary>A literal IPv4 (dotted quad) or IPv6 address.</summary>
    public static bool IsIPAddress(string host)
    {
        if (host.IndexOf(':') >= 0)
        {
            foreach (var c in host)
            {
                if (!(Uri.IsHexDigit(c) || c == ':' || c == '.'))
                {
                    return false;
                }
            }

            return true;
        }

        var parts = host.Split('.');
        if (parts.Length != 4)
        {
            return false;
        }

        foreach (var part in parts)
        {
            if (part.Length == 0 || part.Length > 3 || !int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var octet) || octet > 255)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True for a syntactically valid DNS name (labels of letters, digits and hyphens).</summary>
    public static bool IsValidDnsName(string value)
    {
        if (value.Length == 0 || value.Length > 253)
        {
            return false;
        }

        var labelLength = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '.')
            {
                if (labelLength == 0 || value[i - 1] == '-')
                {
                    return false;
                }

                labelLength = 0;
                continue;
            }

            var ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || (c == '-' && labelLength > 0);
            if (!ok || ++labelLength > 63)
            {
                return false;
            }
        }

        return labelLength > 0 && value[value.Length - 1] != '-';
    }

    /// <summary>
    /// Whether a host name names a meshed Kubernetes Service inside the cluster: a single label (<c>orders</c>),
    /// <c>name.namespace</c> (unless the second label is a common public or private suffix), <c>*.svc</c> or
    /// <c>*.svc.&lt;cluster domain&gt;</c>. IP addresses, loopback and public names are not; the Kubernetes API server
    /// (<c>kubernetes.default.svc</c>) is in the cluster but is no meshed workload (its port is TLS, passed through).
    /// </summary>
    public static bool IsInClusterService(string? host, string clusterDomain)
    {
        if (host is null || host.Length == 0 || IsIPAddress(host) || IsLoopback(host))
        {
            return false;
        }

        var name = host.TrimEnd('.').ToLowerInvariant();
        if (!IsValidDnsName(name) || IsKubernetesApi(name, clusterDomain))
        {
            return false;
        }

        if (name.EndsWith(".svc", StringComparison.Ordinal) || name.EndsWith(".svc." + clusterDomain, StringComparison.Ordinal))
        {
            return true;
        }

        var labels = name.Split('.');
        return labels.Length switch
        {
            1 => true,
            2 => labels[1].Length > 2 && !PublicOrLocalSuffixes.Contains(labels[1]),
            _ => false,
        };
    }

    /// <summary>The names the Kubernetes API server's Service answers to from inside the cluster.</summary>
    public static bool IsKubernetesApi(string name, string clusterDomain)
        => name is "kubernetes" or "kubernetes.default" or "kubernetes.default.svc"
            || name == "kubernetes.default.svc." + clusterDomain;
}
