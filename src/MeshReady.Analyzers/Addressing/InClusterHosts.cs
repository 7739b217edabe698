using System;
using System.Collections.Generic;
using MeshReady.Analyzers.Listening.Endpoints;

namespace MeshReady.Analyzers.Addressing;

/// <summary>
/// Whether a host name names a Kubernetes Service inside the cluster: a single label (<c>orders</c>),
/// <c>name.namespace</c>, <c>*.svc</c> or <c>*.svc.&lt;cluster domain&gt;</c>. Public names are never
/// in-cluster; the Kubernetes API server (<c>kubernetes.default.svc</c>) is in the cluster but is not a meshed
/// workload, so it does not count.
/// </summary>
internal static class InClusterHosts
{
    // Two-label names ending in these are ordinary DNS names, not name.namespace.
    private static readonly HashSet<string> PublicOrLocalSuffixes = new(StringComparer.OrdinalIgnoreCase)
    {
        "com", "net", "org", "io", "dev", "app", "ai", "co", "cloud", "info", "biz", "me", "tech", "xyz", "sh",
        "gov", "edu", "mil", "int", "online", "site", "store", "blog", "page", "run", "azure", "aws", "google",
        "local", "internal", "lan", "corp", "home", "localhost", "test", "example", "invalid", "arpa",
    };

    public static bool IsInCluster(string? host, string clusterDomain)
    {
        if (host is null || host.Length == 0 || ListenUrl.IsIPAddress(host) || ListenUrl.IsLoopback(host))
        {
            return false;
        }

        var name = host.TrimEnd('.').ToLowerInvariant();
        if (IsKubernetesApi(name, clusterDomain))
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

    private static bool IsKubernetesApi(string name, string clusterDomain)
        => name is "kubernetes" or "kubernetes.default" or "kubernetes.default.svc"
            || name == "kubernetes.default.svc." + clusterDomain;
}
