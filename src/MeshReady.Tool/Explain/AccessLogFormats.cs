using System.Collections.Generic;
using System.Linq;

namespace MeshReady.Tool.Explain;

/// <summary>How one access-log field is written in a text format: <c>[…]</c>, <c>"…"</c>, or a bare token.</summary>
internal enum FieldShape
{
    Bracketed,
    Quoted,
    Bare,
}

/// <summary>One field of a text access-log format: the name Istio's JSON format uses for it, and how it is written.</summary>
internal readonly record struct LogField(string Name, FieldShape Shape);

/// <summary>A text access-log format, as a sequence of fields.</summary>
internal sealed record AccessLogFormat(string Name, IReadOnlyList<LogField> Fields);

/// <summary>
/// The text formats <c>meshready explain</c> reads, field by field. Field names are the keys of Istio's JSON format
/// (<c>EnvoyJSONLogFormatIstio</c>), so text and JSON lines give the same fields.
/// </summary>
internal static class AccessLogFormats
{
    /// <summary>
    /// Istio's default (<c>EnvoyTextLogFormat</c> in istio/istio <c>pilot/pkg/model/telemetry_logging.go</c>; same
    /// fields at 1.15.0, 1.20.0, 1.24.0, 1.28.0, 1.30.0 and 1.31.0-rc.0, where 1.23 renamed %UPSTREAM_CLUSTER% to
    /// %UPSTREAM_CLUSTER_RAW%):
    /// <c>[%START_TIME%] "%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% %PROTOCOL%" %RESPONSE_CODE% %RESPONSE_FLAGS%
    /// %RESPONSE_CODE_DETAILS% %CONNECTION_TERMINATION_DETAILS% "%UPSTREAM_TRANSPORT_FAILURE_REASON%" %BYTES_RECEIVED%
    /// %BYTES_SENT% %DURATION% %RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)% "%REQ(X-FORWARDED-FOR)%" "%REQ(USER-AGENT)%"
    /// "%REQ(X-REQUEST-ID)%" "%REQ(:AUTHORITY)%" "%UPSTREAM_HOST%" %UPSTREAM_CLUSTER_RAW% %UPSTREAM_LOCAL_ADDRESS%
    /// %DOWNSTREAM_LOCAL_ADDRESS% %DOWNSTREAM_REMOTE_ADDRESS% %REQUESTED_SERVER_NAME% %ROUTE_NAME%</c>.
    /// </summary>
    public static readonly AccessLogFormat Istio = new(
        "Istio default text format (1.9+)",
        [
            new("start_time", FieldShape.Bracketed), new("request", FieldShape.Quoted),
            new("response_code", FieldShape.Bare), new("response_flags", FieldShape.Bare),
            new("response_code_details", FieldShape.Bare), new("connection_termination_details", FieldShape.Bare),
            new("upstream_transport_failure_reason", FieldShape.Quoted),
            new("bytes_received", FieldShape.Bare), new("bytes_sent", FieldShape.Bare), new("duration", FieldShape.Bare),
            new("upstream_service_time", FieldShape.Bare),
            new("x_forwarded_for", FieldShape.Quoted), new("user_agent", FieldShape.Quoted), new("request_id", FieldShape.Quoted),
            new("authority", FieldShape.Quoted), new("upstream_host", FieldShape.Quoted),
            new("upstream_cluster", FieldShape.Bare), new("upstream_local_address", FieldShape.Bare),
            new("downstream_local_address", FieldShape.Bare), new("downstream_remote_address", FieldShape.Bare),
            new("requested_server_name", FieldShape.Bare), new("route_name", FieldShape.Bare),
        ]);

    /// <summary>
    /// Istio's default before 1.9 (without %RESPONSE_CODE_DETAILS% and %CONNECTION_TERMINATION_DETAILS%), as still
    /// configured by meshes that pinned <c>accessLogFormat</c>; quoted in istio/istio#29767.
    /// </summary>
    public static readonly AccessLogFormat IstioBefore19 = new(
        "Istio text format before 1.9",
        Istio.Fields.Where(f => f.Name is not ("response_code_details" or "connection_termination_details")).ToList());

    /// <summary>
    /// Envoy's own default format (envoy docs, "Default Format String"): Istio's fields up to %UPSTREAM_HOST%, without
    /// the details and the transport failure reason:
    /// <c>[%START_TIME%] "%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% %PROTOCOL%" %RESPONSE_CODE% %RESPONSE_FLAGS%
    /// %BYTES_RECEIVED% %BYTES_SENT% %DURATION% %RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)% "%REQ(X-FORWARDED-FOR)%"
    /// "%REQ(USER-AGENT)%" "%REQ(X-REQUEST-ID)%" "%REQ(:AUTHORITY)%" "%UPSTREAM_HOST%"</c>.
    /// </summary>
    public static readonly AccessLogFormat Envoy = new(
        "Envoy default text format",
        IstioBefore19.Fields.Where(f => f.Name != "upstream_transport_failure_reason")
            .TakeWhile(f => f.Name != "upstream_cluster").ToList());

    public static IReadOnlyList<AccessLogFormat> All { get; } = [Istio, IstioBefore19, Envoy];
}
