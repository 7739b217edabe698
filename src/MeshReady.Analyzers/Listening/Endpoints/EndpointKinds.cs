namespace MeshReady.Analyzers.Listening.Endpoints;

/// <summary>Which interfaces a listener binds.</summary>
internal enum HostKind
{
    /// <summary>The address is computed at run time.</summary>
    Unknown,

    /// <summary><c>localhost</c>, <c>127.0.0.0/8</c>, <c>::1</c>: unreachable from other pods (Istio 1.10+ forwards to the pod IP).</summary>
    Loopback,

    /// <summary><c>+</c>, <c>*</c>, <c>0.0.0.0</c>, <c>::</c>, a host name Kestrel binds on every interface, <c>ListenAnyIP</c>.</summary>
    AnyIP,

    /// <summary>One non-loopback IP address.</summary>
    Specific,
}

/// <summary>What an endpoint speaks. Kestrel's <c>HttpProtocols</c> plus raw TCP for socket servers.</summary>
internal enum EndpointProtocols
{
    /// <summary>Set from a value the analysis cannot see.</summary>
    Unknown,

    /// <summary>Not set on the endpoint: Kestrel's default (HTTP/1.1 and HTTP/2, so HTTP/1.1 only without TLS).</summary>
    Default,

    Http1,

    Http2,

    Http1AndHttp2,

    /// <summary>A raw socket server (<c>TcpListener</c>, <c>Socket.Bind</c>): Istio sees opaque TCP.</summary>
    Tcp,
}

/// <summary>Where an endpoint was declared.</summary>
internal enum EndpointSource
{
    Code,
    AppSettings,
    Dockerfile,
}
