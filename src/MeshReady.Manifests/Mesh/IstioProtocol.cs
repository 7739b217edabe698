using System;

namespace MeshReady.Manifests.Mesh;

/// <summary>
/// Istio's protocol selection for a port (P09): <c>appProtocol</c> first, then the name's prefix before the
/// first <c>-</c> (case-insensitive, <c>grpc-web</c> special-cased); anything else is sniffed.
/// </summary>
internal static class IstioProtocol
{
    private static readonly string[] Known = ["http", "http2", "https", "tcp", "tls", "grpc", "grpc-web", "mongo", "mysql", "redis", "udp"];

    /// <summary>The protocol Istio reads from a port's name and appProtocol, or null when it would sniff.</summary>
    public static string? Declared(string? name, string? appProtocol)
        => FromAppProtocol(appProtocol) ?? FromName(name);

    public static string? FromAppProtocol(string? appProtocol)
    {
        if (string.IsNullOrWhiteSpace(appProtocol))
        {
            return null;
        }

        var value = appProtocol.Trim().ToLowerInvariant();
        return value switch
        {
            "kubernetes.io/h2c" => "http2",
            "kubernetes.io/ws" => "http",
            "kubernetes.io/wss" => "https",
            _ => Array.IndexOf(Known, value) >= 0 ? value : null,
        };
    }

    public static string? FromName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        var value = name.Trim().ToLowerInvariant();
        if (value == "grpc-web" || value.StartsWith("grpc-web-", StringComparison.Ordinal))
        {
            return "grpc-web";
        }

        var dash = value.IndexOf('-', StringComparison.Ordinal);
        var prefix = dash < 0 ? value : value[..dash];
        return Array.IndexOf(Known, prefix) >= 0 ? prefix : null;
    }

    /// <summary>
    /// Protocols that sniffing gets wrong: gRPC and HTTP/2 (the proxy may speak HTTP/1.1 upstream), TLS, and
    /// opaque TCP or MySQL, where a server that speaks first waits forever for the proxy (P08). Client-first
    /// protocols Istio detects as TCP anyway (Redis, MongoDB) are not on the list.
    /// </summary>
    public static bool SniffingBreaks(string protocol)
        => protocol is "grpc" or "grpc-web" or "http2" or "https" or "tls" or "tcp" or "mysql";

    /// <summary>
    /// The listener protocol a declared protocol turns into: gRPC is HTTP/2 to the proxy, and HTTPS is proxied as TLS,
    /// so those pairs do not conflict on one port.
    /// </summary>
    public static string Codec(string protocol) => protocol switch
    {
        "grpc" => "http2",
        "https" => "tls",
        _ => protocol,
    };

    /// <summary>Ports Istio treats as TCP whenever the port declares no protocol, so they are never sniffed (SMTP, DNS, MySQL, MongoDB).</summary>
    public static bool IsWellKnownTcpPort(int port) => port is 25 or 53 or 3306 or 27017;

    /// <summary>What to write to declare the protocol: the appProtocol value Kubernetes and Istio both understand.</summary>
    public static string AppProtocolFor(string protocol) => protocol switch
    {
        "http2" => "kubernetes.io/h2c",
        _ => protocol,
    };
}
