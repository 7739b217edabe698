using System.Collections.Immutable;

namespace MeshReady.Analyzers.Ports;

/// <summary>
/// The protocols a port can be declared with, in the order of the generated <c>MeshReady.MeshProtocol</c> enum
/// (the enum text is generated from this table, so the numbers cannot drift). <see cref="MeshProtocol.IstioName"/>
/// is the port-name prefix Istio's protocol selection reads (P09); <see cref="MeshProtocol.AppProtocol"/> the
/// Kubernetes <c>appProtocol</c> value that means the same.
/// </summary>
internal static class MeshProtocols
{
    public static readonly ImmutableArray<MeshProtocol> All = ImmutableArray.Create(
        new MeshProtocol("Http", "http", "http", "HTTP/1.1 (and HTTP/1.0 if the mesh allows it)."),
        new MeshProtocol("Http2", "http2", "kubernetes.io/h2c", "Cleartext HTTP/2 (prior knowledge, h2c)."),
        new MeshProtocol("Grpc", "grpc", "grpc", "gRPC over cleartext HTTP/2."),
        new MeshProtocol("GrpcWeb", "grpc-web", "grpc-web", "gRPC-Web over HTTP/1.1 or HTTP/2."),
        new MeshProtocol("Https", "https", "https", "HTTPS terminated by the application: opaque TLS to the sidecar."),
        new MeshProtocol("Tcp", "tcp", "tcp", "Opaque TCP: no protocol sniffing (use it for server-first protocols)."),
        new MeshProtocol("Tls", "tls", "tls", "TLS that the mesh routes by SNI without terminating it."),
        new MeshProtocol("Mongo", "mongo", "mongo", "MongoDB wire protocol."),
        new MeshProtocol("Mysql", "mysql", "mysql", "MySQL protocol (Istio proxies it as TCP unless enabled in the mesh)."),
        new MeshProtocol("Redis", "redis", "redis", "Redis protocol (Istio proxies it as TCP unless enabled in the mesh)."),
        new MeshProtocol("Udp", "udp", "udp", "UDP: declared, not proxied by the sidecar."));

    /// <summary>The protocol with this enum value, or null for an undefined value (a cast such as <c>(MeshProtocol)42</c>).</summary>
    public static MeshProtocol? FromValue(int value) => value >= 0 && value < All.Length ? All[value] : null;

    /// <summary>
    /// The protocol a port name announces to Istio: the text before the first '-', with <c>grpc-web</c>
    /// special-cased, compared case-insensitively (as Istio does). Null when the name announces none.
    /// </summary>
    public static MeshProtocol? FromPortName(string name)
    {
        var lower = name.ToLowerInvariant();
        if (lower == "grpc-web" || lower.StartsWith("grpc-web-", System.StringComparison.Ordinal))
        {
            return All[3];
        }

        var dash = lower.IndexOf('-');
        var prefix = dash < 0 ? lower : lower.Substring(0, dash);
        foreach (var protocol in All)
        {
            if (protocol.IstioName == prefix)
            {
                return protocol;
            }
        }

        return null;
    }
}

/// <summary>One entry of <see cref="MeshProtocols.All"/>.</summary>
internal sealed class MeshProtocol
{
    public MeshProtocol(string member, string istioName, string appProtocol, string summary)
    {
        Member = member;
        IstioName = istioName;
        AppProtocol = appProtocol;
        Summary = summary;
    }

    /// <summary>The enum member name in <c>MeshReady.MeshProtocol</c>.</summary>
    public string Member { get; }

    /// <summary>Istio's protocol name: the port-name prefix, and the lower-case protocol in the assembly metadata.</summary>
    public string IstioName { get; }

    /// <summary>The Kubernetes <c>appProtocol</c> value.</summary>
    public string AppProtocol { get; }

    /// <summary>One line for the enum member's documentation.</summary>
    public string Summary { get; }
}
