using System.Linq;
using System.Text.RegularExpressions;
using MeshReady.Tool.Explain;
using Xunit;

namespace MeshReady.Manifests.Tests.Explain;

/// <summary>The field layouts explain reads are the format strings Istio and Envoy configure, field for field.</summary>
public class AccessLogFormatTests
{
    // istio/istio pilot/pkg/model/telemetry_logging.go, EnvoyTextLogFormat, at 1.30.0 (identical at 1.24.0 and 1.31.0-rc.0).
    private const string IstioFormat =
        "[%START_TIME%] \"%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% %PROTOCOL%\" %RESPONSE_CODE% %RESPONSE_FLAGS% " +
        "%RESPONSE_CODE_DETAILS% %CONNECTION_TERMINATION_DETAILS% \"%UPSTREAM_TRANSPORT_FAILURE_REASON%\" %BYTES_RECEIVED% %BYTES_SENT% " +
        "%DURATION% %RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)% \"%REQ(X-FORWARDED-FOR)%\" \"%REQ(USER-AGENT)%\" \"%REQ(X-REQUEST-ID)%\" " +
        "\"%REQ(:AUTHORITY)%\" \"%UPSTREAM_HOST%\" %UPSTREAM_CLUSTER_RAW% %UPSTREAM_LOCAL_ADDRESS% %DOWNSTREAM_LOCAL_ADDRESS% " +
        "%DOWNSTREAM_REMOTE_ADDRESS% %REQUESTED_SERVER_NAME% %ROUTE_NAME%\n";

    // The pre-1.9 default, as a sidecar's config dump shows it in istio/istio#29767.
    private const string IstioBefore19Format =
        "[%START_TIME%] \"%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% %PROTOCOL%\" %RESPONSE_CODE% %RESPONSE_FLAGS% " +
        "\"%UPSTREAM_TRANSPORT_FAILURE_REASON%\" %BYTES_RECEIVED% %BYTES_SENT% %DURATION% %RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)% " +
        "\"%REQ(X-FORWARDED-FOR)%\" \"%REQ(USER-AGENT)%\" \"%REQ(X-REQUEST-ID)%\" \"%REQ(:AUTHORITY)%\" \"%UPSTREAM_HOST%\" " +
        "%UPSTREAM_CLUSTER% %UPSTREAM_LOCAL_ADDRESS% %DOWNSTREAM_LOCAL_ADDRESS% %DOWNSTREAM_REMOTE_ADDRESS% %REQUESTED_SERVER_NAME% %ROUTE_NAME%\n";

    // Envoy's docs, access logging, "Default Format String".
    private const string EnvoyFormat =
        "[%START_TIME%] \"%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% %PROTOCOL%\" %RESPONSE_CODE% %RESPONSE_FLAGS% " +
        "%BYTES_RECEIVED% %BYTES_SENT% %DURATION% %RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)% \"%REQ(X-FORWARDED-FOR)%\" " +
        "\"%REQ(USER-AGENT)%\" \"%REQ(X-REQUEST-ID)%\" \"%REQ(:AUTHORITY)%\" \"%UPSTREAM_HOST%\"\n";

    public static TheoryData<string, string> Formats() => new()
    {
        { IstioFormat, nameof(AccessLogFormats.Istio) },
        { IstioBefore19Format, nameof(AccessLogFormats.IstioBefore19) },
        { EnvoyFormat, nameof(AccessLogFormats.Envoy) },
    };

    [Theory]
    [MemberData(nameof(Formats))]
    public void LayoutMatchesTheFormatString(string formatString, string layout)
    {
        var format = layout switch
        {
            nameof(AccessLogFormats.Istio) => AccessLogFormats.Istio,
            nameof(AccessLogFormats.IstioBefore19) => AccessLogFormats.IstioBefore19,
            _ => AccessLogFormats.Envoy,
        };

        var operators = Regex.Matches(formatString, @"\[[^\]]*\]|""[^""]*""|\S+").Select(m => m.Value).ToList();
        Assert.Equal(operators.Count, format.Fields.Count);
        foreach (var (op, field) in operators.Zip(format.Fields))
        {
            var shape = op[0] switch { '[' => FieldShape.Bracketed, '"' => FieldShape.Quoted, _ => FieldShape.Bare };
            Assert.True(shape == field.Shape, $"{op} is {shape}, the layout says {field.Name} is {field.Shape}");

            // A field that is one plain operator carries the JSON format's name for it (%RESPONSE_FLAGS% -> response_flags;
            // Istio's JSON keeps the key upstream_cluster for %UPSTREAM_CLUSTER_RAW%). REQ(...)/RESP(...) are named by header.
            var single = Regex.Match(op, @"^[\[""]?%([A-Z_]+)%[\]""]?$");
            if (single.Success)
            {
                var name = single.Groups[1].Value.ToLowerInvariant();
                Assert.Equal(name.Replace("upstream_cluster_raw", "upstream_cluster", System.StringComparison.Ordinal), field.Name);
            }
        }
    }
}
