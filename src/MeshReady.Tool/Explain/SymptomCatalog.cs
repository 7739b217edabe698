using System.Collections.Generic;

namespace MeshReady.Tool.Explain;

/// <summary>
/// The symptom catalogue: from what a user sees in production to the likely causes, the MeshReady rules that detect
/// each, and the fix. This table is the one source: <c>meshready explain</c> matches against it, <c>--list</c> prints
/// it, and <c>docs/symptoms.md</c> is generated from it (a test keeps the page in step).
/// Envoy facts cite Envoy's docs and source; Istio facts cite istio/istio source at the releases named.
/// </summary>
internal static class SymptomCatalog
{
    private const string Flags = EnvoyResponseFlags.DocsUrl;
    private const string Details = "https://www.envoyproxy.io/docs/envoy/latest/configuration/http/http_conn_man/response_code_details";

    // Istio's default outbound retry policy: 2 retries on connect-failure, refused-stream, unavailable, cancelled and
    // retriable status codes; 503 no longer retried from 1.24 (EXCLUDE_UNSAFE_503_FROM_DEFAULT_RETRY); inbound
    // requests reset before reaching the app retried from 1.24 (ENABLE_INBOUND_RETRY_POLICY).
    private const string IstioRetries = "istio/istio pilot/pkg/networking/core/route/retry/retry.go and pilot/pkg/features/pilot.go at 1.24.0";

    public static IReadOnlyList<Symptom> All { get; } =
    [
        new(
            "uc",
            "503 UC: the upstream closed the connection before answering",
            new(Flags: ["UC"], Details: ["upstream_reset_before_response_started{connection_termination}"],
                Phrases: [@"reset reason: connection termination"]),
            "The sidecar sent the request on a connection to the application (or to the next proxy) and that connection was " +
            "closed before a response started. The body reads \"upstream connect error or disconnect/reset before headers. " +
            "reset reason: connection termination\". Rare, bursty UCs after idle gaps are the keep-alive race; UCs on every " +
            "request are a protocol mismatch or a peer that rejects the connection.",
            [
                new("The application closes idle keep-alive connections before the sidecar stops reusing them (Kestrel " +
                    "KeepAliveTimeout shorter than the mesh's upstream idle timeout, 1 h by default).",
                    ["MESH015"],
                    "Set a DestinationRule (or Sidecar inboundConnectionPool) connectionPool.http.idleTimeout below Kestrel's " +
                    "KeepAliveTimeout, or raise KeepAliveTimeout above the mesh idle timeout. Istio 1.24+ retries inbound " +
                    "requests reset before they reach the app."),
                new("The sidecar speaks HTTP/2 (gRPC, h2c) to a port where the application serves only HTTP/1.1, or the other " +
                    "way round, and the application drops the connection.",
                    ["MESH003", "MESH101", "MESH104", "MESH042", "MESH040"],
                    "Give each protocol its own port and declare it: Service port name grpc-…/http-… or appProtocol, matching " +
                    "what Kestrel serves on that port."),
                new("The application exited or was killed with requests in flight (Environment.Exit, a grace period shorter " +
                    "than its shutdown).",
                    ["MESH034", "MESH107"],
                    "Stop through the host (IHostApplicationLifetime.StopApplication) and give the pod a " +
                    "terminationGracePeriodSeconds longer than the shutdown budget."),
                new("The caller reaches a STRICT-mTLS peer without mTLS (pod IP or hard-coded IP, traffic that bypasses its " +
                    "sidecar), and the peer's sidecar drops the plaintext connection.",
                    ["MESH020", "MESH021", "MESH109"],
                    "Call the Service by name and let the sidecar carry the traffic; do not run the app as UID or GID 1337."),
            ],
            [Flags, Details, "https://github.com/istio/istio/issues/45802", "https://github.com/istio/istio/issues/55138", IstioRetries]),

        new(
            "uf",
            "503 UF: the proxy could not connect to the upstream",
            new(Flags: ["UF"],
                Details: ["upstream_reset_before_response_started{connection_failure}", "upstream_reset_before_response_started{remote_connection_failure}"],
                Phrases: [@"reset reason: (remote )?connection failure", @"delayed[ _]connect[ _]error:?[ _]111"]),
            "The sidecar could not open a connection to the destination: nothing accepted it (connection refused, " +
            "\"delayed_connect_error: 111\"), or a TLS handshake failed. On the receiving pod's inbound side this almost " +
            "always means the application is not listening where the Service sends traffic.",
            [
                new("The application listens only on loopback (localhost, 127.0.0.1); since Istio 1.10 the sidecar forwards " +
                    "inbound traffic to the pod IP, so nothing answers.",
                    ["MESH001"],
                    "Bind to all interfaces: ListenAnyIP(port), http://+:port or ASPNETCORE_HTTP_PORTS."),
                new("The Service or container sends traffic to a port the application does not listen on.",
                    ["MESH103", "MESH112", "MESH113", "MESH041"],
                    "Make targetPort, the container port and the port Kestrel listens on the same number (meshready ports " +
                    "prints the YAML)."),
                new("The application uses a port the Istio proxy reserves (15000-15090), so one of the two cannot bind it.",
                    ["MESH002", "MESH102"],
                    "Move the application to a port outside 15000-15090."),
                new("The application terminates TLS itself or redirects to https, so the sidecar's plaintext connection fails.",
                    ["MESH005", "MESH013"],
                    "Serve plain HTTP inside the mesh and let mTLS encrypt; call in-cluster services with http://."),
            ],
            [Flags, Details, "https://github.com/istio/istio/issues/22241", "https://github.com/istio/istio/issues/48267",
             "https://istio.io/latest/blog/2021/upcoming-networking-changes/"]),

        new(
            "uh",
            "503 UH: no healthy upstream",
            new(Flags: ["UH"], Phrases: [@"no healthy upstream"]),
            "The destination cluster has no endpoint the proxy may use: no pod behind the Service is Ready, the Service " +
            "selects nothing, or a DestinationRule subset selects no pods. The body reads \"no healthy upstream\".",
            [
                new("No pod is Ready: the readiness probe points at a port the container does not declare, or at an " +
                    "application that listens only on loopback.",
                    ["MESH110", "MESH001"],
                    "Point probes at a declared container port, and bind the application to all interfaces."),
                new("The Service's named targetPort matches no container port, so its endpoints are empty.",
                    ["MESH103", "MESH105"],
                    "Name the container port exactly as the Service's targetPort, and declare every port a headless Service's pods serve."),
                new("A DestinationRule subset selects no pods (istioctl analyze reports IST0173); no MeshReady rule reads Istio resources.",
                    [],
                    "Run istioctl analyze and fix the subset labels, or check kubectl get endpoints for the Service."),
            ],
            [Flags, "https://istio.io/latest/docs/reference/config/analysis/ist0173/"]),

        new(
            "nr",
            "404 NR (route_not_found): no route for the request",
            new(Flags: ["NR"], Details: ["route_not_found"]),
            "The proxy found no route for the request's authority (Host) and port, and answered 404 itself; for a TCP " +
            "connection NR means no filter chain matched.",
            [
                new("The application overrides the Host header, so the proxy routes by a name it does not know.",
                    ["MESH012"],
                    "Remove the Host override and call the service by its own name."),
                new("The application calls a pod IP or a hard-coded IP, which has no route of its own.",
                    ["MESH020", "MESH021"],
                    "Call the Service name."),
                new("The destination port is not declared with a protocol (or a headless Service does not declare it), so the " +
                    "proxy has no HTTP route for it.",
                    ["MESH101", "MESH105"],
                    "Declare the port on the Service with a protocol prefix or appProtocol."),
                new("No VirtualService or Service route matches the host and port (often a typo or a missing Service).",
                    [],
                    "Check istioctl proxy-config routes <pod> for the host, and kubectl get svc."),
            ],
            [Flags, Details, "https://github.com/istio/istio/issues/53561", "https://github.com/istio/istio/issues/25882"]),

        new(
            "urx",
            "URX: the mesh's retries were exhausted",
            new(Flags: ["URX"]),
            "The proxy retried the request (Istio's default outbound policy: 2 retries on connect-failure, refused-stream, " +
            "unavailable, cancelled and retriable status codes) and every attempt failed. The flag next to URX (UF, UC, " +
            "...) says why the attempts failed; look that up too.",
            [
                new("Each attempt failed for the reason of the accompanying flag (UF: nothing listening, UC: connection " +
                    "closed).",
                    [],
                    "Explain the other flag: meshready explain UF (or UC)."),
                new("The client retries too, so each failure multiplies into many attempts and exhausts the mesh's retries.",
                    ["MESH017"],
                    "Keep one retry layer: the mesh's, or the client's with VirtualService retries.attempts: 0."),
            ],
            [Flags, IstioRetries]),

        new(
            "uo",
            "503 UO: upstream overflow (circuit breaking)",
            new(Flags: ["UO"]),
            "A DestinationRule connection-pool or outlier limit (maxConnections, http1MaxPendingRequests, " +
            "http2MaxRequests, maxRetries) was reached and the proxy rejected the request without sending it.",
            [
                new("Client retries stacked on the mesh's retries multiply the load until the limits trip.",
                    ["MESH017"],
                    "Keep one retry layer."),
                new("The DestinationRule limits are lower than the real load; no MeshReady rule reads DestinationRules.",
                    [],
                    "Raise connectionPool limits, or scale the destination."),
            ],
            [Flags, "https://istio.io/latest/docs/reference/config/networking/destination-rule/#ConnectionPoolSettings"]),

        new(
            "ut",
            "504 UT: upstream request timeout",
            new(Flags: ["UT"], Details: ["upstream_response_timeout"], Phrases: [@"upstream request timeout"]),
            "The route's timeout (a VirtualService timeout; Istio sets none by default) expired before the upstream answered.",
            [
                new("A long-lived stream, WebSocket or long poll runs on a route with a timeout, or idles longer than it " +
                    "without keep-alives.",
                    ["MESH016"],
                    "Send application keep-alives below the smallest timeout, and set timeout: 0s on streaming routes."),
                new("Client retries stacked on mesh retries push the total time past the route's timeout.",
                    ["MESH017"],
                    "Keep one retry layer, with a per-try timeout."),
            ],
            [Flags, Details, "https://istio.io/latest/docs/concepts/traffic-management/#timeouts"]),

        new(
            "dc",
            "DC: the caller closed the connection first",
            new(Flags: ["DC"], Details: ["downstream_remote_disconnect"]),
            "The downstream (the client, or the client's sidecar) went away before the response was complete: it timed " +
            "out, was cancelled, or its process stopped.",
            [
                new("The calling application was shutting down: its outbound calls ran after the sidecar began draining, or " +
                    "the process exited with calls in flight.",
                    ["MESH031", "MESH032", "MESH034"],
                    "Finish outbound work before the sidecar drains, keep the shutdown budget under the drain, and stop through the host."),
                new("The caller's own timeout is shorter than the call takes (HttpClient.Timeout, gRPC deadline); no MeshReady " +
                    "rule compares timeouts across services.",
                    [],
                    "Compare the caller's timeout with the access log's duration field."),
            ],
            [Flags, Details]),

        new(
            "protocol-error",
            "Protocol error (UPE, DPE, LR, UR, protocol_error)",
            new(Flags: ["UPE", "DPE", "LR", "UR"],
                Details: ["upstream_reset_before_response_started{protocol_error}", "upstream_reset_before_response_started{remote_reset}",
                          "upstream_reset_before_response_started{local_reset}", "http1.codec_error", "http2.violation.of.messaging.rule"],
                Phrases: [@"reset reason: (protocol error|remote reset|local reset)", @"\bprotocol error\b", @"HTTP/1\.x request was sent to an HTTP/2 only endpoint"]),
            "A request or response broke the HTTP framing the proxy expected, or one side reset the stream: almost always " +
            "HTTP/1.1 and HTTP/2 (gRPC) meeting on the same connection.",
            [
                new("gRPC (HTTP/2) and HTTP/1.1 share one cleartext Kestrel port, which then speaks only HTTP/1.1.",
                    ["MESH003"],
                    "Serve gRPC on its own Http2 endpoint."),
                new("The port's declared protocol does not match what the application speaks (no prefix, a wrong prefix, two " +
                    "protocols on one port number).",
                    ["MESH101", "MESH104", "MESH040", "MESH041", "MESH042"],
                    "Declare each port with the protocol it serves (grpc-…, http-…, tcp-… or appProtocol)."),
                new("Kestrel resets HTTP/2 requests on a cleartext Http2 (gRPC) port whose :scheme is https: Envoy (Istio 1.10+) " +
                    "forwards the scheme of calls that entered over HTTPS at a TLS-terminating gateway (UR, 'remote reset'; " +
                    "see the scheme-mismatch symptom).",
                    ["MESH006"],
                    "Set KestrelServerOptions.AllowAlternateSchemes = true (ASP.NET Core 6.0+)."),
            ],
            [Flags, Details, "https://github.com/istio/istio/issues/40639", "https://github.com/istio/istio/issues/27271",
             "https://github.com/istio/istio/issues/34448", "https://github.com/dotnet/aspnetcore/issues/30532"]),

        new(
            "grpc-downgraded",
            "gRPC: Response protocol downgraded to HTTP/1.1",
            new(Phrases: [@"protocol downgraded to HTTP/1\.1", @"protocol downgrade to HTTP/1\.1"]),
            "grpc-dotnet received an HTTP/1.1 response to a gRPC call: somewhere between client and server the call was " +
            "handled as HTTP/1.1. In the mesh that is the sidecar treating the port as HTTP/1.1, or Kestrel serving HTTP/1.1 on it.",
            [
                new("The Service port is not declared as gRPC/HTTP/2 (no prefix: sniffed; http-: HTTP/1.1), so the proxies " +
                    "speak HTTP/1.1 to the server.",
                    ["MESH101", "MESH040", "MESH041", "MESH104"],
                    "Name the port grpc-… (or appProtocol: grpc) on the Service."),
                new("Kestrel serves Http1AndHttp2 on a cleartext port, which negotiates HTTP/1.1 only.",
                    ["MESH003", "MESH042"],
                    "Give gRPC its own HttpProtocols.Http2 endpoint."),
            ],
            ["https://github.com/grpc/grpc-dotnet/issues/705", "https://github.com/grpc/grpc-dotnet/issues/863",
             "https://istio.io/latest/docs/ops/configuration/traffic-management/protocol-selection/"]),

        new(
            "426",
            "426 Upgrade Required (low_version)",
            new(Details: ["low_version"], Statuses: [426], Phrases: [@"426 Upgrade Required", @"\bUpgrade Required\b"]),
            "The sidecar (server: istio-envoy) refused an HTTP/1.0 request: Istio's proxies accept HTTP/1.0 only where " +
            "PILOT_HTTP10 or the proxy's HTTP10 metadata enables it (off by default), and Envoy answers HTTP/1.0 with 426 " +
            "(response-code detail low_version).",
            [
                new("The application sends HTTP/1.0 requests (HttpVersion.Version10, DefaultRequestVersion, HttpWebRequest.ProtocolVersion).",
                    ["MESH010"],
                    "Send HTTP/1.1 (the default): remove the Version10 setting."),
                new("Hop-by-hop headers set by hand (Connection: keep-alive on HTTP/1.0 style clients).",
                    ["MESH011"],
                    "Remove the Connection/Keep-Alive headers; HttpClient manages connections."),
                new("A proxy in front of the caller speaks HTTP/1.0 upstream (nginx proxy_pass defaults to HTTP/1.0); no " +
                    "MeshReady rule reads nginx configuration.",
                    [],
                    "Set proxy_http_version 1.1 in nginx; for a legacy client that cannot change, enable HTTP/1.0 on its " +
                    "sidecar only (proxy metadata ISTIO_META_HTTP10: \"1\")."),
            ],
            [Details, "istio/istio pilot/pkg/features/pilot.go (PILOT_HTTP10, default false) and pilot/pkg/networking/core/listener.go at 1.30.0",
             "https://github.com/imroc/learning-istio/issues/16"]),

        new(
            "scheme-mismatch",
            "HTTP/2 request with an https :scheme over cleartext (Kestrel rejects it)",
            new(Phrases: [@":scheme header '?https'? does not match the transport scheme", @"does not match the transport scheme"]),
            "Kestrel reset an HTTP/2 (gRPC) stream whose :scheme is https although it arrived over cleartext. Since Istio " +
            "1.10 the proxy preserves the caller's :scheme, so a call made with https:// to a gateway or load balancer that " +
            "terminates TLS reaches Kestrel with :scheme https over the plaintext in-mesh hop.",
            [
                new("The application serves gRPC (HTTP/2) on a cleartext Http2 port without AllowAlternateSchemes, and the " +
                    "call entered the mesh over HTTPS at a gateway or load balancer that terminates TLS.",
                    ["MESH006"],
                    "Set KestrelServerOptions.AllowAlternateSchemes = true (ASP.NET Core 6.0+)."),
            ],
            ["https://github.com/istio/istio/issues/34448", "https://github.com/dotnet/aspnetcore/issues/30532"]),

        new(
            "connection-refused",
            "Connection refused from the application (at start-up or shutdown)",
            new(Phrases: [@"connection refused", @"ECONNREFUSED", @"actively refused", @"CrashLoopBackOff"]),
            "The application's own outbound connection was refused. Inside a pod with a classic sidecar, outbound traffic " +
            "goes through the sidecar, which refuses connections until it has its configuration and after it has exited.",
            [
                new("An outbound call at start-up (Main before Run, StartAsync, EF migrations, cache or broker connects) runs " +
                    "before the sidecar is ready.",
                    ["MESH030", "MESH108"],
                    "await MeshProxy.WaitUntilReadyAsync() before the first call, or set holdApplicationUntilProxyStarts, or use native sidecars."),
                new("An outbound call during shutdown runs after the sidecar has stopped.",
                    ["MESH031", "MESH032", "MESH107"],
                    "Move shutdown I/O earlier, keep the shutdown budget under the proxy's drain, or use native sidecars."),
                new("The destination does not listen where the Service sends traffic.",
                    ["MESH001", "MESH103", "MESH112", "MESH113"],
                    "Align the ports and bind to all interfaces (see 503 UF)."),
                new("An init container calls out before the classic sidecar starts, and the Istio CNI agent already redirects " +
                    "its traffic to the missing proxy (the pod stays in Init).",
                    ["MESH116"],
                    "Run the init container as UID 1337, exclude its destinations (traffic.sidecar.istio.io/excludeOutboundIPRanges " +
                    "or excludeOutboundPorts), or use native sidecars."),
            ],
            ["https://istio.io/latest/docs/reference/config/istio.mesh.v1alpha1/#ProxyConfig",
             "https://istio.io/latest/blog/2023/native-sidecars/",
             "https://istio.io/latest/docs/setup/additional-setup/cni/#compatibility-with-application-init-containers"]),

        new(
            "connection-reset",
            "Connection reset by peer / the response ended prematurely",
            new(Phrases: [@"connection reset by peer", @"forcibly closed by the remote host", @"response ended prematurely",
                          @"Unable to read data from the transport connection", @"ECONNRESET", @"reset reason: connection reset",
                          @"WebSocketException"]),
            "The application's connection was reset by the other end, which inside the mesh is usually its own sidecar " +
            "closing a connection the application still considered open.",
            [
                new("The client pool keeps idle connections as long as the mesh's idle timeout or longer, so the sidecar " +
                    "closes them first and the next request on one is reset.",
                    ["MESH014"],
                    "Keep SocketsHttpHandler.PooledConnectionIdleTimeout well below the mesh idle timeout (the 60 s default is fine)."),
                new("A WebSocket or stream idles longer than the mesh's idle timeout without keep-alives.",
                    ["MESH016"],
                    "Set KeepAliveInterval below the idle timeout."),
                new("Calls at start-up or shutdown race the sidecar.",
                    ["MESH030", "MESH031"],
                    "Wait for the proxy before start-up calls; finish shutdown I/O early."),
                new("The peer requires STRICT mTLS and this traffic bypasses the sidecar (pod IPs, UID or GID 1337).",
                    ["MESH020", "MESH021", "MESH109"],
                    "Call Services by name and do not run as UID or GID 1337."),
            ],
            ["https://www.envoyproxy.io/docs/envoy/latest/faq/configuration/timeouts",
             "https://github.com/dotnet/runtime/issues/52687"]),

        new(
            "job-never-completes",
            "Job never completes: pod stays Running with 1/2 ready",
            new(Phrases: [@"\b1/2\s+(Running|NotReady)\b", @"\bjobs?\b.*\b(never|not|doesn't|does not|won't)\b.*\b(complet\w*|finish\w*|end(s|ed|ing)?)\b",
                          @"\b(never|not) (complet|finish)\w*\b.*\bjobs?\b"]),
            "A Job's pod completes only when all its containers exit. The program finished, but a classic istio-proxy " +
            "sidecar keeps running, so the pod stays Running (1/2 ready) and the Job never completes.",
            [
                new("The program exits without asking the sidecar to quit.",
                    ["MESH033", "MESH106"],
                    "await MeshProxy.QuitAsync() before the program exits (POST http://127.0.0.1:15020/quitquitquit), or " +
                    "enable native sidecars (sidecar.istio.io/nativeSidecar: \"true\")."),
                new("The process exits through Environment.Exit, so the quit call never runs.",
                    ["MESH034"],
                    "Return from Main (or stop the host) after the quit call."),
            ],
            ["https://github.com/istio/istio/issues/11045", "https://istio.io/latest/blog/2023/native-sidecars/"]),

        new(
            "no-sidecar-signal",
            "Start-up waits a minute: MeshReady has no sidecar signal",
            new(Phrases: [@"no sidecar signal", @"MESHREADY_SIDECAR_STATUS not set", @"proxy was not ready within .*nothing answered on its ports"]),
            "The generated MeshProxy.WaitUntilReadyAsync (or AddMeshReadiness) runs in a pod that does not give it the pod's " +
            "sidecar.istio.io/status annotation. In a pod, refused connections do not prove there is no sidecar (istio-proxy may " +
            "still be starting), so where there is none (injection off, ambient mode) every start waits the helper's whole timeout.",
            [
                new("The container lacks MESHREADY_SIDECAR_STATUS from the downward API.",
                    ["MESH115"],
                    "Add env MESHREADY_SIDECAR_STATUS with valueFrom.fieldRef.fieldPath: metadata.annotations['sidecar.istio.io/status'] " +
                    "(meshready ports prints the lines)."),
            ],
            ["https://kubernetes.io/docs/concepts/workloads/pods/downward-api/"]),

        new(
            "address-in-use",
            "Address already in use on a 150xx port",
            new(Phrases: [@"address already in use", @"Failed to bind to address .*:150\d\d\b"]),
            "Two processes in the pod want the same port: the application and the Istio proxy, which binds ports in " +
            "15000-15090 (admin 15000, outbound 15001, inbound 15006, agent 15020, health 15021, telemetry 15090).",
            [
                new("The application (or its container and Service) uses a port the proxy reserves.",
                    ["MESH002", "MESH102"],
                    "Move the application to a port outside 15000-15090."),
            ],
            ["https://istio.io/latest/docs/ops/deployment/application-requirements/#ports-used-by-istio"]),

        new(
            "port-name-too-long",
            "kubectl rejects a port name: must be no more than 15 characters",
            new(Phrases: [@"must be no more than 15 characters"]),
            "Kubernetes limits container port names to 15 characters (IANA service names); a long Istio-style name " +
            "(grpc-orders-internal) is rejected when the Deployment is applied.",
            [
                new("A container port name is longer than 15 characters.",
                    ["MESH111"],
                    "Shorten the container port name; the Service port name (not limited to 15) carries the Istio protocol prefix."),
            ],
            ["https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#ports"]),

        new(
            "connection-hangs",
            "Connection hangs until the client's timeout (server-first protocol)",
            new(Phrases: [@"\b(connection|client|connect)\w*\b.*\bhang", @"\bhangs?\b.*\b(connect|connection|greeting|banner)", @"protocol (sniffing|detection)"]),
            "The client connected and waits for the server to speak first (SMTP, MySQL, many databases), but the sidecar " +
            "waits for the client's first bytes: to detect the protocol on a port without a declared one, and under PERMISSIVE " +
            "mTLS to tell TLS from plaintext on every port, TCP ones included; since Istio 1.8 detection has no timeout, " +
            "so both wait forever.",
            [
                new("A server-first protocol runs on a port Istio sniffs (no protocol declared; the TCP default for 25, 53, 3306 and 27017 goes by the Service port).",
                    ["MESH004", "MESH101"],
                    "Declare the Service port as TCP: port name tcp-… or appProtocol: tcp."),
                new("A server-first port declared TCP under PERMISSIVE mTLS: clients without a sidecar send plaintext, and the sidecar waits to see whether it is TLS.",
                    ["MESH114", "MESH004"],
                    "Set a STRICT or DISABLE PeerAuthentication for the port (portLevelMtls on the workload, or the namespace's or mesh's mode)."),
            ],
            ["https://istio.io/latest/docs/ops/deployment/application-requirements/#server-first-protocols",
             "istio/istio pkg/config/mesh/mesh.go (protocolDetectionTimeout 0) at 1.8.0 and 1.30.0",
             "istio/istio pilot/pkg/networking/core/filterchain_options.go (PERMISSIVE TCP filter chains) at 1.28.0"]),

        new(
            "loopback-caller",
            "Every caller appears as 127.0.0.6 (or localhost)",
            new(Phrases: [@"\b(RemoteIpAddress|client ip|caller|remote address|source ip)\b.*\b127\.0\.0\.6\b",
                          @"\b127\.0\.0\.6\b.*\b(client|caller)s?\b", @"RemoteIpAddress\b.*\b(loopback|127\.0\.0\.1|localhost)"]),
            "Behind a sidecar, inbound connections come from the proxy: since Istio 1.10 from 127.0.0.6, so the " +
            "application sees a loopback-like address for every caller in the mesh.",
            [
                new("The application trusts loopback callers (IsLoopback(RemoteIpAddress)), which now means every caller.",
                    ["MESH023"],
                    "Authorize by identity (AuthorizationPolicy, the peer certificate), not by address."),
            ],
            ["https://istio.io/latest/blog/2021/upcoming-networking-changes/",
             "istio/istio pilot/pkg/networking/core/listener_address.go (InboundPassthroughBindIpv4 127.0.0.6) at 1.30.0"]),

        new(
            "filter-chain-not-found",
            "filter_chain_not_found: the sidecar had no listener for the connection",
            new(Details: ["filter_chain_not_found"]),
            "A connection reached a sidecar listener whose filter chains did not match it. Inbound, the usual case is " +
            "plaintext arriving at a workload that requires STRICT mTLS, from a caller whose traffic did not go through its " +
            "own sidecar.",
            [
                new("The caller's traffic bypasses its sidecar: it runs as UID or GID 1337, or it calls pod IPs directly.",
                    ["MESH109", "MESH020", "MESH021"],
                    "Run as another UID and GID and call Services by name."),
                new("A headless Service does not declare the port its pods talk on, so the mesh treats that traffic as unknown.",
                    ["MESH105", "MESH112"],
                    "Declare every port the pods serve, on the Service and the container."),
            ],
            [Details, "https://istio.io/latest/docs/ops/common-problems/network-issues/"]),

        new(
            "via-upstream",
            "via_upstream: the status came from the application",
            new(Details: ["via_upstream"]),
            "The proxy forwarded the response the upstream application returned; the status is the application's, not the " +
            "mesh's. Look in that application's logs (or at the next hop's access log) for the cause.",
            [],
            [Details]),
    ];
}
