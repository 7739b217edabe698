using System.Net;

namespace OrdersApi.Clients;

/// <summary>
/// Warms the price cache on every replica before a sale: resolving the headless Service yields pod IPs, and
/// calling them bypasses the mesh (MESH021). Calling the Service name lets the sidecar balance and secure it.
/// </summary>
public sealed class CacheWarmer(HttpClient http, ILogger<CacheWarmer> logger)
{
    public async Task WarmEveryReplicaAsync(CancellationToken ct)
    {
        foreach (var address in await Dns.GetHostAddressesAsync("prices-headless", ct))
        {
            await http.PostAsync($"http://{address}:8080/cache/warm", null, ct); // expect: MESH021
        }
    }

    public async Task WarmThroughTheServiceAsync(CancellationToken ct)
    {
        // The same lookup only logged, and the call made by name: not flagged.
        var addresses = await Dns.GetHostAddressesAsync("prices-headless", ct);
        logger.LogInformation("prices has {Count} replicas: {Addresses}", addresses.Length, string.Join(", ", (object[])addresses));
        await http.PostAsync("http://prices:8080/cache/warm", null, ct);
    }
}
