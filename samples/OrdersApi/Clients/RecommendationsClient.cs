namespace OrdersApi.Clients;

/// <summary>
/// Someone pasted the pod IP of the recommendations service while debugging, and it stayed.
/// </summary>
public sealed class RecommendationsClient(HttpClient http, ILogger<RecommendationsClient> logger)
{
    public static Uri Address { get; } = new("http://10.244.3.17:8080"); // expect: MESH020

    /// <summary>The cloud metadata endpoint is link-local and reached directly on purpose: not flagged.</summary>
    public static Uri Metadata { get; } = new("http://169.254.169.254/latest/meta-data/");

    public async Task<string[]> ForAsync(string sku, CancellationToken ct)
    {
        // An IP in log text is not a destination: not flagged.
        logger.LogDebug("Asking recommendations (last seen at 10.244.3.17) about {Sku}", sku);
        return await http.GetFromJsonAsync<string[]>($"/recommendations/{sku}", ct) ?? [];
    }
}
