using System;
using System.Collections.Immutable;

namespace MeshReady.Analyzers.Mesh;

/// <summary>
/// The protocols a port can be declared with and how Istio reads them, in the order of the generated
/// <c>MeshReady.MeshProtocol</c> enum (the enum text is generated from this table, so the numbers cannot drift).
/// Source: istio/istio pkg/config/protocol/instance.go (<c>Parse</c>) and pkg/config/kube/conversion.go
/// (<c>ConvertProtocol</c>), the same from 1.6.0 to 1.30.3 except that the Kubernetes standard
/// <c>appProtocol</c> names (<c>kubernetes.io/h2c</c>, <c>/ws</c>, <c>/wss</c>) are read from 1.19.0.
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

    /// <summary>
    /// <c>appProtocol: hbone</c>: a mesh-internal port (a waypoint's or east-west gateway's 15008). Istio's
    /// <c>Parse</c> does not know it; istioctl/pkg/describe/describe.go (1.28.0) reports it as HBONE.
    /// </summary>
    public const string HboneAppProtocol = "hbone";

    /// <summary>
    /// The server-first protocol conventionally served on a port (the server sends the first bytes: a greeting or banner),
    /// or null. FTP (RFC 959), SMTP and submission (RFC 5321, RFC 6409), POP3 (RFC 1939), IMAP (RFC 9051) and MySQL's
    /// initial handshake packet. DNS and MongoDB, on Istio's TCP list, are client-first; implicit-TLS ports (465, 993, 995)
    /// open with the client's ClientHello.
    /// </summary>
    public static string? ServerFirstProtocolOnPort(int port) => port switch
    {
        21 => "FTP",
        25 => "SMTP",
        110 => "POP3",
        143 => "IMAP",
        587 => "SMTP submission",
        3306 => "MySQL",
        _ => null,
    };

    /// <summary>Service ports Istio treats as TCP when nothing else is declared (SMTP, DNS, MySQL, MongoDB): keyed on the Service port.</summary>
    public static bool IsWellKnownTcpPort(int servicePort) => servicePort is 25 or 53 or 3306 or 27017;

    /// <summary>The protocol with this enum value, or null for an undefined value (a cast such as <c>(MeshProtocol)42</c>).</summary>
    public static MeshProtocol? FromValue(int value) => value >= 0 && value < All.Length ? All[value] : null;

    public static MeshProtocol Tcp => All[5];

    /// <summary>
    /// The protocol a port name (or an <c>appProtocol</c> value that is no Kubernetes standard name) announces to
    /// Istio: <c>grpc-web</c> as a prefix, else the text before the first '-', compared case-insensitively. Null when
    /// it announces none (Istio sniffs, or treats a well-known port as TCP).
    /// </summary>
    public static MeshProtocol? FromPortName(string? name)
    {
        if (name is null)
        {
            return null;
        }

        if (name.Length >= 8 && string.Compare(name, 0, "grpc-web", 0, 8, StringComparison.OrdinalIgnoreCase) == 0)
        {
            return All[3];
        }

        var dash = name.IndexOf('-');
        var prefix = dash < 0 ? name : name.Substring(0, dash);
        foreach (var protocol in All)
        {
            if (string.Equals(protocol.IstioName, prefix, StringComparison.OrdinalIgnoreCase))
            {
                return protocol;
            }
        }

        return null;
    }

    /// <summary>
    /// What Istio reads from a Service or container port, as <c>ConvertProtocol</c> does: UDP ports are UDP; a set
    /// <c>appProtocol</c> replaces the name entirely (Kubernetes' <c>kubernetes.io/h2c</c>, <c>/ws</c>, <c>/wss</c>
    /// first); an unknown protocol on a well-known <paramref name="servicePort"/> is TCP. Null when Istio sniffs.
    /// Pass null for <paramref name="servicePort"/> where no Service port applies (a container port). Before
    /// <see cref="IstioRelease.KubernetesAppProtocols"/> (<paramref name="release"/>; null: the newest) the
    /// <c>kubernetes.io/</c> values are unknown protocols, so the port is sniffed.
    /// </summary>
    public static MeshProtocol? Declared(string? name, string? appProtocol, int? servicePort = null, bool udp = false, IstioRelease? release = null)
    {
        if (udp)
        {
            return All[10];
        }

        var text = name;
        if (appProtocol is not null)
        {
            switch (release is { } r && r < IstioRelease.KubernetesAppProtocols ? null : appProtocol)
            {
                case "kubernetes.io/h2c": return All[1];
                case "kubernetes.io/ws": return All[0];
                case "kubernetes.io/wss": return All[4];
            }

            text = appProtocol;
        }

        return FromPortName(text) ?? (servicePort is { } port && IsWellKnownTcpPort(port) ? Tcp : null);
    }

    /// <summary>
    /// Protocols that sniffing gets wrong: gRPC and HTTP/2 (the proxy may speak HTTP/1.1 upstream), TLS, and opaque
    /// TCP or MySQL, where a server that speaks first waits forever for the proxy. Client-first protocols Istio
    /// detects as TCP anyway (Redis, MongoDB) are not on the list.
    /// </summary>
    public static bool SniffingBreaks(string istioName)
        => istioName is "grpc" or "grpc-web" or "http2" or "https" or "tls" or "tcp" or "mysql";

    /// <summary>
    /// The listener protocol a declared protocol turns into: gRPC is HTTP/2 to the proxy, and HTTPS is proxied as TLS,
    /// so those pairs do not conflict on one port.
    /// </summary>
    public static string Codec(string istioName) => istioName switch
    {
        "grpc" => "http2",
        "https" => "tls",
        _ => istioName,
    };

    /// <summary>The table entry for an Istio protocol name (<c>http</c>, <c>grpc-web</c>, …), or null.</summary>
    public static MeshProtocol? FromIstioName(string? istioName)
    {
        foreach (var protocol in All)
        {
            if (string.Equals(protocol.IstioName, istioName, StringComparison.OrdinalIgnoreCase))
            {
                return protocol;
            }
        }

        return null;
    }

    /// <summary>What to write to declare <paramref name="istioName"/>: the appProtocol value Kubernetes and Istio both understand.</summary>
    public static string AppProtocolFor(string istioName) => FromIstioName(istioName)?.AppProtocol ?? istioName;

    /// <summary>The <c>appProtocol</c> value to suggest at a release: before 1.19 Istio reads no <c>kubernetes.io/</c> value, so the Istio name.</summary>
    public static string AppProtocolFor(string istioName, IstioRelease release)
        => release < IstioRelease.KubernetesAppProtocols && AppProtocolFor(istioName).StartsWith("kubernetes.io/", StringComparison.Ordinal) ? istioName : AppProtocolFor(istioName);
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

    /// <summary>The Kubernetes <c>appProtocol</c> value to write (the one Kubernetes and Istio both understand).</summary>
    public string AppProtocol { get; }

    /// <summary>One line for the enum member's documentation.</summary>
    public string Summary { get; }

    public override string ToString() => IstioName;
}
