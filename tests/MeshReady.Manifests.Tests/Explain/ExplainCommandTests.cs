using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using MeshReady.Analyzers.Tests.Infrastructure;
using MeshReady.Tool;
using MeshReady.Tool.Explain;
using Xunit;

namespace MeshReady.Manifests.Tests.Explain;

/// <summary>
/// <c>meshready explain</c> on real access-log lines and error texts, each taken from the Istio or Envoy documentation
/// or a public issue (cited on the case), on lines that match nothing, and on malformed input.
/// </summary>
public class ExplainCommandTests
{
    private static (int ExitCode, string Out, string Error) Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = Cli.Run(["explain", .. args], stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Runs with --format json (and an empty project folder, so no findings are discovered) and returns the answer.</summary>
    private static JsonElement Json(string input, params string[] more)
    {
        var (exit, output, error) = Run([input, "--format", "json", "--project", EmptyFolder(), .. more]);
        Assert.True(exit == ExitCodes.Success, error);
        using var document = JsonDocument.Parse(output);
        return document.RootElement.Clone();
    }

    private static string[] SymptomIds(JsonElement answer)
        => answer.GetProperty("symptoms").EnumerateArray().Select(s => s.GetProperty("id").GetString()!).ToArray();

    private static string Field(JsonElement answer, string name)
        => answer.GetProperty("input").GetProperty("fields").GetProperty(name).GetString()!;

    private static string EmptyFolder()
    {
        var directory = Path.Combine(Path.GetTempPath(), "meshready-explain-tests", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(directory);
        return directory;
    }

    // Istio docs, "Envoy Access Logs" (https://istio.io/latest/docs/tasks/observability/logs/access-log/), the curl pod's log.
    private const string IstioDocsLine =
        "[2020-11-25T21:26:18.409Z] \"GET /status/418 HTTP/1.1\" 418 - via_upstream - \"-\" 0 135 4 4 \"-\" \"curl/7.73.0-DEV\" " +
        "\"84961386-6d84-929d-98bd-c5aee93b5c88\" \"httpbin:8000\" \"10.44.1.27:80\" outbound|8000||httpbin.foo.svc.cluster.local " +
        "10.44.1.23:37652 10.0.45.184:8000 10.44.1.23:46520 - default";

    // istio/istio#51619 (https://github.com/istio/istio/issues/51619): an inbound 503 UC after two minutes.
    private const string UcLine =
        "[2024-06-18T10:19:42.614Z] \"POST /v1/accounting/api-portal/card/CSP_XXXXXXX/ORE00000/DEC000000/topup HTTP/1.1\" 503 UC " +
        "upstream_reset_before_response_started{connection_termination} - \"-\" 138 95 120001 - \"-\" \"-\" " +
        "\"ed37e325-1a4e-9827-b994-1a3317bcc0b1\" \"internal-api:8080\" \"10.34.127.167:8080\" inbound|8080|| 127.0.0.6:58719 " +
        "10.34.127.167:8080 10.34.126.119:57080 outbound_.8080_._.internal-api.default.svc.cluster.local default";

    // istio/istio#45802 (https://github.com/istio/istio/issues/45802): the same symptom, pasted without the [start time].
    private const string UcLineWithoutTime =
        "\"GET /v1/status HTTP/1.1\" 503 UC upstream_reset_before_response_started{connection_termination} - \"-\" 0 95 0 - " +
        "\"10.90.16.220\" \"Apache-HttpClient/4.5.1 (Java/1.8.0_372)\" \"3a7cbcc1-af72-47fb-bbac-a7672951f50f\" \"health.abc.com\" " +
        "\"10.80.47.192:8181\" outbound|80||health-api.production.svc.cluster.local 10.80.45.233:37132 10.80.45.233:80 " +
        "10.80.46.220:59375 - -";

    // istio/istio#25882 (https://github.com/istio/istio/issues/25882): JSON encoding, with kubectl's --timestamps prefix.
    private const string JsonNrLine =
        "2020-07-27T11:52:51.455783358Z {\"duration\":\"0\",\"downstream_local_address\":\"172.20.198.23:80\",\"upstream_transport_failure_reason\":\"-\"," +
        "\"route_name\":\"-\",\"response_code\":\"503\",\"user_agent\":\"curl/7.29.0\",\"response_flags\":\"NR\",\"start_time\":\"2020-07-27T11:52:47.877Z\"," +
        "\"method\":\"GET\",\"request_id\":\"168de523-4c9b-965a-870d-66d70a6e09e3\",\"upstream_host\":\"-\",\"x_forwarded_for\":\"-\"," +
        "\"requested_server_name\":\"-\",\"bytes_received\":\"0\",\"istio_policy_status\":\"-\",\"bytes_sent\":\"0\",\"upstream_cluster\":\"-\"," +
        "\"downstream_remote_address\":\"100.95.17.182:59330\",\"authority\":\"app-1\",\"path\":\"/http/verify\",\"protocol\":\"HTTP/1.1\"," +
        "\"upstream_service_time\":\"-\",\"upstream_local_address\":\"-\"}";

    // istio/istio#19056 (https://github.com/istio/istio/issues/19056): a gateway's JSON line with flag UAEX (external authorization).
    private const string JsonUaexLine =
        "{\"bytes_sent\":\"31\",\"upstream_cluster\":\"-\",\"downstream_remote_address\":\"100.100.0.0:54652\",\"authority\":\"loki.example.com\"," +
        "\"path\":\"/api/prom/push\",\"protocol\":\"HTTP/1.1\",\"upstream_service_time\":\"-\",\"upstream_local_address\":\"-\",\"duration\":\"0\"," +
        "\"downstream_local_address\":\"100.108.0.25:443\",\"upstream_transport_failure_reason\":\"-\",\"route_name\":\"-\",\"response_code\":\"503\"," +
        "\"user_agent\":\"Go-http-client/1.1\",\"response_flags\":\"UAEX\",\"start_time\":\"2019-11-19T03:27:35.402Z\",\"method\":\"POST\"," +
        "\"request_id\":\"639632b6-8795-45e9-8435-fb5b07aede5e\",\"upstream_host\":\"-\",\"x_forwarded_for\":\"100.100.0.0\"," +
        "\"requested_server_name\":\"loki.example.com\",\"bytes_received\":\"0\",\"istio_policy_status\":\"\\\"UNAVAILABLE:no healthy upstream\\\"\"}";

    // Envoy docs, access logging, "Default Format String" example (https://www.envoyproxy.io/docs/envoy/latest/configuration/observability/access_log/usage).
    private const string EnvoyDefaultLine =
        "[2016-04-15T20:17:00.310Z] \"POST /api/v1/locations HTTP/2\" 204 - 154 0 226 100 \"10.0.35.28\" \"nsq2http\" " +
        "\"cc21d9b0-cf5c-432b-8c7e-98aeb7988cd2\" \"locations\" \"tcp://10.0.2.1:80\"";

    [Fact]
    public void IstioDocsLineIsReadFieldByFieldAndTheStatusCameFromTheApplication()
    {
        var answer = Json(IstioDocsLine);
        Assert.Equal("accessLogText", answer.GetProperty("input").GetProperty("kind").GetString());
        Assert.Equal("418", Field(answer, "response_code"));
        Assert.Equal("-", Field(answer, "response_flags"));
        Assert.Equal("httpbin:8000", Field(answer, "authority"));
        Assert.Equal("outbound|8000||httpbin.foo.svc.cluster.local", Field(answer, "upstream_cluster"));
        Assert.Equal("10.44.1.23:46520", Field(answer, "downstream_remote_address"));
        Assert.Equal("default", Field(answer, "route_name"));
        Assert.Equal(["via-upstream"], SymptomIds(answer));
    }

    [Theory]
    [InlineData(UcLine, "internal-api:8080", "inbound|8080||")]
    [InlineData(UcLineWithoutTime, "health.abc.com", "outbound|80||health-api.production.svc.cluster.local")]
    public void UcLinesExplainTheKeepAliveRaceFirst(string line, string authority, string cluster)
    {
        var answer = Json(line);
        Assert.Equal(authority, Field(answer, "authority"));
        Assert.Equal(cluster, Field(answer, "upstream_cluster"));
        Assert.Equal("UC", Field(answer, "response_flags"));
        var uc = answer.GetProperty("symptoms")[0];
        Assert.Equal("uc", uc.GetProperty("id").GetString());
        var first = uc.GetProperty("causes")[0];
        Assert.Equal(1, first.GetProperty("rank").GetInt32());
        Assert.Equal(["MESH015"], first.GetProperty("rules").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public void UcTextOutputSaysMeaningCausesRulesAndFix()
    {
        var (exit, output, _) = Run(UcLine, "--project", EmptyFolder());
        Assert.Equal(ExitCodes.Success, exit);
        Assert.Contains("access-log line (Istio default text format (1.9+))", output, StringComparison.Ordinal);
        Assert.Contains("UC = UpstreamConnectionTermination", output, StringComparison.Ordinal);
        Assert.Contains("503 UC: the upstream closed the connection before answering", output, StringComparison.Ordinal);
        Assert.Contains("1. The application closes idle keep-alive connections", output, StringComparison.Ordinal);
        Assert.Contains("Detected by: MESH015", output, StringComparison.Ordinal);
        Assert.Contains("Fix: Set a DestinationRule", output, StringComparison.Ordinal);
        Assert.Contains("docs/symptoms.md#uc", output, StringComparison.Ordinal);
    }

    [Fact]
    public void JsonLineWithKubectlTimestampIsReadByName()
    {
        var answer = Json(JsonNrLine);
        Assert.Equal("accessLogJson", answer.GetProperty("input").GetProperty("kind").GetString());
        Assert.Equal("app-1", Field(answer, "authority"));
        Assert.Equal("NR", Field(answer, "response_flags"));
        Assert.Equal("nr", SymptomIds(answer)[0]);
    }

    [Theory]
    [InlineData(JsonUaexLine)] // a valid line whose flag (external authorization) is no mesh-readiness symptom
    [InlineData(EnvoyDefaultLine)] // a 204 with no flag, in Envoy's own default format
    public void RealLinesThatMatchNothingAreAnsweredWithNoKnownCause(string line)
    {
        var answer = Json(line);
        Assert.False(answer.GetProperty("knownCause").GetBoolean());
        Assert.Empty(SymptomIds(answer));

        var (exit, output, _) = Run(line, "--project", EmptyFolder());
        Assert.Equal(ExitCodes.Success, exit);
        Assert.Contains("No known cause", output, StringComparison.Ordinal);
    }

    [Fact]
    public void EnvoyDefaultFormatIsRecognised()
        => Assert.Equal("Envoy default text format", Json(EnvoyDefaultLine).GetProperty("input").GetProperty("format").GetString());

    [Theory]
    // Response-flag strings; Envoy's flags: https://www.envoyproxy.io/docs/envoy/latest/configuration/observability/access_log/usage
    [InlineData("UF", new[] { "uf" })]
    [InlineData("URX,UF", new[] { "uf", "urx" })]
    [InlineData("503 UH", new[] { "uh" })]
    [InlineData("UO", new[] { "uo" })]
    [InlineData("504 UT", new[] { "ut" })]
    [InlineData("DC", new[] { "dc" })]
    [InlineData("LR", new[] { "protocol-error" })]
    [InlineData("NR", new[] { "nr" })]
    // Status with response-code details; details: https://www.envoyproxy.io/docs/envoy/latest/configuration/http/http_conn_man/response_code_details
    [InlineData("503 upstream_reset_before_response_started{connection_termination}", new[] { "uc" })]
    [InlineData("426 low_version", new[] { "426" })]
    [InlineData("filter_chain_not_found", new[] { "filter-chain-not-found" })]
    [InlineData("200 via_upstream", new[] { "via-upstream" })]
    // istio/istio#40639 title: https://github.com/istio/istio/issues/40639
    [InlineData("200 UR upstream_reset_before_response_started{remote_reset}", new[] { "protocol-error" })]
    public void FlagsAndDetailsName(string input, string[] expected)
    {
        var answer = Json(input);
        Assert.Equal("fields", answer.GetProperty("input").GetProperty("kind").GetString());
        Assert.Equal(expected, SymptomIds(answer));
    }

    [Theory]
    // istio/istio#53561 (https://github.com/istio/istio/issues/53561): a line pasted without its start and opening quote.
    [InlineData("PUT /v2/admin/user/6191ef725cc069dc7e71949z?host=travels.com HTTP/1.1\" 404 NR route_not_found - \"-\" 0 0 0 - \"5.195.224.128\"", "nr")]
    // istio/istio#48267 title (https://github.com/istio/istio/issues/48267), cut off as GitHub shows it.
    [InlineData("upstream_reset_before_response_started{remote_connection_failure,delayed_connect_error:_111", "uf")]
    // blueperf/acmeair-mainservice-java#31 (https://github.com/blueperf/acmeair-mainservice-java/issues/31).
    [InlineData("upstream connect error or disconnect/reset before headers. reset reason: connection failure", "uf")]
    // istio/istio#55138 title (https://github.com/istio/istio/issues/55138).
    [InlineData("503 upstream connect error or disconnect/reset before headers. reset reason: connection termination", "uc")]
    // istio/istio#31637 (https://github.com/istio/istio/issues/31637).
    [InlineData("upstream connect error or disconnect/reset before headers. reset reason: local reset", "protocol-error")]
    // istio/istio#39118 title (https://github.com/istio/istio/issues/39118).
    [InlineData("Getting \"503 no healthy upstream\" when service endpoint should be ready", "uh")]
    // envoyproxy/envoy#18608 title (https://github.com/envoyproxy/envoy/issues/18608).
    [InlineData("Envoy returns 426 Upgrade Required under load", "426")]
    // grpc/grpc-dotnet#705 (https://github.com/grpc/grpc-dotnet/issues/705).
    [InlineData("Status(StatusCode=Internal, Detail=\"Bad gRPC response. Response protocol downgraded to HTTP/1.1.\")", "grpc-downgraded")]
    // dotnet/aspnetcore#30532 (https://github.com/dotnet/aspnetcore/issues/30532); the cause of istio/istio#34448.
    [InlineData("Microsoft.AspNetCore.Connections.ConnectionAbortedException: The request :scheme header 'https' does not match the transport scheme 'http'.", "scheme-mismatch")]
    // istio/istio#29804 title (https://github.com/istio/istio/issues/29804).
    [InlineData("\"Connection reset by peer\" Affecting all services", "connection-reset")]
    // istio/istio#11045 (https://github.com/istio/istio/issues/11045): kubectl get pods for a Job that never completes.
    [InlineData("NAME       READY   STATUS    RESTARTS   AGE\npi-6tq7q   1/2     Running   0          16m", "job-never-completes")]
    // istio/istio#11045 (https://github.com/istio/istio/issues/11045), the issue's title.
    [InlineData("Jobs are Broken (they Never Complete)", "job-never-completes")]
    // The MESH002 page's symptom, Kestrel's bind error.
    [InlineData("Failed to bind to address http://[::]:15020: address already in use", "address-in-use")]
    public void KnownErrorTextsAreRecognised(string text, string expected)
    {
        var answer = Json(text);
        Assert.Equal(expected, SymptomIds(answer)[0]);
    }

    [Fact]
    public void StdinIsReadWithADash()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = ExplainCommand.Run(["-", "--format", "json", "--project", EmptyFolder()], stdout, stderr, new StringReader(UcLine + "\n"));
        Assert.Equal(ExitCodes.Success, exit);
        Assert.Contains("\"id\": \"uc\"", stdout.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("this text names no known symptom at all")]
    [InlineData("503")]
    [InlineData("HELLO")]
    [InlineData("node ip-10-0-1-7 NotReady; the job reached the endpoint")] // a node, not a pod; "endpoint" is not "end"
    [InlineData("upstream_local_address 127.0.0.6:58719")] // the sidecar's own inbound address, not a trust question
    public void InputThatMatchesNothingIsANormalAnswer(string input)
    {
        var (exit, output, error) = Run(input, "--project", EmptyFolder());
        Assert.Equal(ExitCodes.Success, exit);
        Assert.Empty(error);
        Assert.Contains("No known cause", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("UX,UF", "unknown response flag 'UX'")]
    [InlineData("999 UC", "'999' is not an HTTP status")]
    [InlineData("503 404 UC", "more than one HTTP status")]
    [InlineData("[2020-11-25T21:26:18.409Z] \"GET /status/418 HTTP/1.1\" 418 - via_upstream", "has 5 fields")]
    [InlineData("[2020-11-25T21:26:18.409Z \"GET /status/418 HTTP/1.1\" 418", "unclosed '['")]
    [InlineData("\"GET /status/418 HTTP/1.1 418 - via_upstream", "unclosed '\"'")]
    [InlineData("{\"response_code\": \"503\", ", "not valid JSON")]
    [InlineData("{\"level\":\"info\",\"msg\":\"ready\"}", "none of Istio's access-log fields")]
    [InlineData("{\"response_code\":\"abc\"}", "response_code 'abc' is not an HTTP status")]
    [InlineData("[1] \"GET /x\" 200 - - - \"-\" 0 0 0 - \"-\" \"-\" \"-\" \"-\" \"-\" - - - - - -", "is not \"METHOD PATH PROTOCOL\"")]
    [InlineData("   ", "input is empty")]
    public void MalformedInputIsAUsageErrorThatSaysWhatIsWrong(string input, string message)
    {
        var (exit, output, error) = Run(input);
        Assert.Equal(ExitCodes.UsageError, exit);
        Assert.Empty(output);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new string[0], "nothing to explain")]
    [InlineData(new[] { "UC", "--format", "xml" }, "--format must be text or json")]
    [InlineData(new[] { "--list", "--format", "xml" }, "--format must be text, json or markdown")]
    [InlineData(new[] { "--list", "UC" }, "--list takes no text")]
    [InlineData(new[] { "UC", "--colour", "red" }, "unknown option '--colour'")]
    [InlineData(new[] { "UC", "--assembly", "bin/Orders.dll" }, "give --manifests too")]
    [InlineData(new[] { "UC", "--project", "no/such/folder" }, "project folder 'no/such/folder' does not exist")]
    [InlineData(new[] { "UC", "--manifests", "no/such/k8s" }, "'no/such/k8s' does not exist")]
    public void BadArgumentsAreUsageErrors(string[] args, string message)
    {
        var (exit, _, error) = Run(args);
        Assert.Equal(ExitCodes.UsageError, exit);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public void HelpDocumentsInputsOptionsAndExitCodes()
    {
        var (exit, output, _) = Run("--help");
        Assert.Equal(ExitCodes.Success, exit);
        foreach (var text in new[] { "--sarif", "--manifests", "--assembly", "--project", "--format", "--list", "Exit codes", "JSON format" })
        {
            Assert.Contains(text, output, StringComparison.Ordinal);
        }

        using var root = new StringWriter();
        Assert.Equal(ExitCodes.Success, Cli.Run(["--help"], root, new StringWriter()));
        Assert.Contains("meshready explain <text>", root.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ListPrintsEveryCatalogueEntry()
    {
        var (exit, output, _) = Run("--list");
        Assert.Equal(ExitCodes.Success, exit);
        Assert.All(SymptomCatalog.All, s => Assert.Contains($"{s.Id}: {s.Title}", output, StringComparison.Ordinal));

        (exit, output, _) = Run("--list", "--format", "json");
        Assert.Equal(ExitCodes.Success, exit);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(SymptomCatalog.All.Select(s => s.Id), json.RootElement.EnumerateArray().Select(e => e.GetProperty("id").GetString()));
    }
}
