using System.Net.Http.Json;

namespace OrdersApi.Clients;

/// <summary>A client written mesh-friendly: every look-alike here is intentionally fine.</summary>
public sealed class ShippingClient(HttpClient http)
{
    public async Task<string?> QuoteAsync(string shipTo, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/quotes?to={Uri.EscapeDataString(shipTo)}");

        // Clearing an override is fine; so are ordinary end-to-end headers.
        request.Headers.Host = null;
        request.Headers.Add("Accept", "application/json");
        request.Headers.TryAddWithoutValidation("X-Correlation-Id", Guid.NewGuid().ToString());

        using var response = await http.SendAsync(request, ct);
        return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<string>(ct) : null;
    }
}
