using System;
using System.Collections.Generic;
using System.Linq;

namespace MeshReady.Tool.Explain;

/// <summary>One Envoy response flag: the short form access logs print, Envoy's long name, and what it means.</summary>
internal sealed record EnvoyResponseFlag(string Short, string Long, string Meaning);

/// <summary>
/// Envoy's <c>%RESPONSE_FLAGS%</c>. Short and long names as in envoyproxy/envoy
/// <c>source/common/stream_info/utility.h</c> (<c>ALL_RESPONSE_STRINGS_FLAGS</c>); meanings as in Envoy's access-log
/// documentation, https://www.envoyproxy.io/docs/envoy/latest/configuration/observability/access_log/usage#config-access-log-format-response-flags .
/// Several flags are printed comma-separated (<c>URX,UF</c>); <c>-</c> means none.
/// </summary>
internal static class EnvoyResponseFlags
{
    public const string DocsUrl = "https://www.envoyproxy.io/docs/envoy/latest/configuration/observability/access_log/usage#config-access-log-format-response-flags";

    public static IReadOnlyList<EnvoyResponseFlag> All { get; } =
    [
        new("UH", "NoHealthyUpstream", "no healthy upstream hosts in the upstream cluster (with a 503)"),
        new("UF", "UpstreamConnectionFailure", "the proxy could not connect to the upstream (with a 503)"),
        new("UO", "UpstreamOverflow", "upstream overflow: circuit breaking or connection-pool limits (with a 503)"),
        new("NR", "NoRouteFound", "no route configured for the request (with a 404), or no matching filter chain for a downstream connection"),
        new("URX", "UpstreamRetryLimitExceeded", "the upstream retry limit (HTTP) or maximum connect attempts (TCP) was reached"),
        new("NC", "NoClusterFound", "the upstream cluster was not found"),
        new("DT", "DurationTimeout", "the request or connection exceeded its maximum duration"),
        new("DC", "DownstreamConnectionTermination", "the downstream (calling) connection was terminated"),
        new("LH", "FailedLocalHealthCheck", "the local service failed a health check (with a 503)"),
        new("UT", "UpstreamRequestTimeout", "upstream request timeout (with a 504)"),
        new("LR", "LocalReset", "connection local reset (with a 503)"),
        new("UR", "UpstreamRemoteReset", "the upstream reset the stream (with a 503)"),
        new("UC", "UpstreamConnectionTermination", "the upstream connection was terminated (with a 503)"),
        new("DI", "DelayInjected", "the request was delayed by fault injection"),
        new("FI", "FaultInjected", "the request was aborted by fault injection"),
        new("RL", "RateLimited", "the request was rate-limited locally (with a 429)"),
        new("UAEX", "UnauthorizedExternalService", "the request was denied by the external authorization service"),
        new("RLSE", "RateLimitServiceError", "the request was rejected because the rate-limit service failed"),
        new("IH", "InvalidEnvoyRequestHeaders", "the request set an invalid value for a strictly checked header (with a 400)"),
        new("SI", "StreamIdleTimeout", "stream idle timeout (with a 408 or 504)"),
        new("DPE", "DownstreamProtocolError", "the downstream request had an HTTP protocol error"),
        new("UPE", "UpstreamProtocolError", "the upstream response had an HTTP protocol error"),
        new("UMSDR", "UpstreamMaxStreamDurationReached", "the upstream request reached its maximum stream duration"),
        new("RFCF", "ResponseFromCacheFilter", "the response was served from the cache filter"),
        new("NFCF", "NoFilterConfigFound", "no filter configuration was found (extension configuration discovery)"),
        new("OM", "OverloadManagerTerminated", "the overload manager terminated the request"),
        new("DF", "DnsResolutionFailed", "DNS resolution of the upstream failed"),
        new("DO", "DropOverload", "the request was dropped by drop_overloads (with a 503)"),
    ];

    private static readonly Dictionary<string, EnvoyResponseFlag> ByShort = All.ToDictionary(f => f.Short, StringComparer.Ordinal);

    public static EnvoyResponseFlag? Find(string shortName) => ByShort.TryGetValue(shortName, out var flag) ? flag : null;
}
