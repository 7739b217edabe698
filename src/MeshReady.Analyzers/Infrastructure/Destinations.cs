using System;

namespace MeshReady.Analyzers.Infrastructure;

/// <summary>
/// Classifies destinations written as text (URLs, <c>host:port</c>, connection strings). Loopback traffic
/// never passes the sidecar, so rules about mesh traffic ignore it (a local Dapr sidecar, a test server).
/// </summary>
internal static class Destinations
{
    /// <summary>True when <paramref name="destination"/> names only loopback hosts.</summary>
    public static bool IsLoopback(string destination)
    {
        var text = destination.Trim();
        if (text.Length == 0)
        {
            return false;
        }

        if (text.IndexOf("://", StringComparison.Ordinal) > 0)
        {
            return Uri.TryCreate(text, UriKind.Absolute, out var uri) && IsLoopbackHost(uri.Host);
        }

        // StackExchange.Redis style: "localhost:6379,abortConnect=false".
        var first = text.Split(',')[0].Trim();
        if (first.IndexOf('=') < 0 && first.IndexOf(';') < 0)
        {
            return IsLoopbackHost(StripPort(first));
        }

        // Connection strings: Host=...;Server=...;Data Source=...; all named hosts must be loopback.
        {
            var sawHost = false;
            foreach (var pair in text.Split(';'))
            {
                var eq = pair.IndexOf('=');
                if (eq <= 0)
                {
                    continue;
                }

                var key = pair.Substring(0, eq).Trim().ToLowerInvariant();
                if (key is "host" or "server" or "data source" or "address" or "addr" or "network address" or "hostname")
                {
                    sawHost = true;
                    foreach (var host in pair.Substring(eq + 1).Split(','))
                    {
                        if (!IsLoopbackHost(StripPort(host.Trim().Replace("tcp:", string.Empty))))
                        {
                            return false;
                        }
                    }
                }
            }

            return sawHost;
        }
    }

    /// <summary>
    /// The host of an absolute URL when it is a Kubernetes Service name: single-label (<c>inventory</c>),
    /// <c>name.namespace.svc</c>, or <c>….svc.&lt;cluster domain&gt;</c>. Null for anything else.
    /// </summary>
    public static string? InMeshHost(string url, string clusterDomain)
    {
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
        {
            return null;
        }

        var host = uri.Host.ToLowerInvariant();
        if (IsLoopbackHost(host) || !HostNames.IsValidDnsName(host) || uri.HostNameType != UriHostNameType.Dns)
        {
            return null;
        }

        var inCluster = host.IndexOf('.') < 0
            || host.EndsWith(".svc", StringComparison.Ordinal)
            || host.EndsWith(".svc." + clusterDomain, StringComparison.Ordinal);
        return inCluster ? host : null;
    }

    /// <summary>True for <c>localhost</c>, 127.0.0.0/8 and <c>::1</c>.</summary>
    public static bool IsLoopbackHost(string host)
    {
        var h = host.Trim().Trim('[', ']').ToLowerInvariant();
        return h == "localhost" || h.EndsWith(".localhost", StringComparison.Ordinal) || h == "::1"
            || (h.StartsWith("127.", StringComparison.Ordinal) && System.Net.IPAddress.TryParse(h, out _));
    }

    private static string StripPort(string hostAndPort)
    {
        var s = hostAndPort;
        if (s.StartsWith("[", StringComparison.Ordinal))
        {
            var close = s.IndexOf(']');
            return close > 0 ? s.Substring(1, close - 1) : s;
        }

        var colon = s.LastIndexOf(':');
        return colon > 0 && s.IndexOf(':') == colon ? s.Substring(0, colon) : s;
    }
}
