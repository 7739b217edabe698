using System.Net;
using System.Net.Http.Json;

namespace OrdersApi.Clients;

/// <summary>Typed client for the inventory service. Written the way it was before the move to Istio.</summary>
public sealed class InventoryClient(HttpClient http, ILogger<InventoryClient> logger)
{
    public async Task<bool> ReserveAsync(string sku, int quantity, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/reservations/{sku}")
        {
            Content = JsonContent.Create(new { quantity }),
        };

        // "Keep the connection warm" — the sidecar owns connection reuse; this header never leaves the pod.
        request.Headers.Add("Connection", "keep-alive"); // expect: MESH011

        using var response = await http.SendAsync(request, ct);

        // Reading the response's version is fine: only requests sent as HTTP/1.0 are rejected.
        if (response.Version == HttpVersion.Version10)
        {
            logger.LogWarning("Inventory answered over HTTP/1.0");
        }

        return response.StatusCode == HttpStatusCode.Created;
    }

    public async Task<int> StockAsync(string sku, CancellationToken ct)
    {
        // HTTP/1.1 is the default and what Envoy expects: not flagged.
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/stock/{sku}") { Version = HttpVersion.Version11 };
        request.Headers.Add("X-Request-Source", "orders-api");
        using var response = await http.SendAsync(request, ct);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<int>(ct);
    }
}
