using System.Net;

namespace OrdersApi.Clients;

/// <summary>
/// Talks to an old ERP gateway that was once fronted by an NGINX speaking HTTP/1.0, so the original
/// author pinned the protocol and the Host header.
/// </summary>
public sealed class LegacyErpClient
{
    private readonly HttpClient _http;

    public LegacyErpClient(HttpClient http)
    {
        _http = http;
        _http.DefaultRequestVersion = HttpVersion.Version10; // expect: MESH010
        _http.DefaultRequestHeaders.Host = "erp.internal.example.com"; // expect: MESH012
        _http.DefaultRequestHeaders.Add("Keep-Alive", "timeout=30"); // expect: MESH011
    }

    public async Task<string> InvoiceAsync(Guid orderId, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/invoices/{orderId}");
        request.Version = new Version(1, 0); // expect: MESH010
        using var response = await _http.SendAsync(request, ct);
        return await response.Content.ReadAsStringAsync(ct);
    }
}
