namespace NightlyReport;

public sealed record OrderSummary(Guid Id, string Sku, int Quantity, decimal Total);

public sealed record Report(DateOnly Day, int Orders, decimal Revenue, string TopSku)
{
    public static Report From(DateOnly day, IReadOnlyList<OrderSummary> orders)
        => new(day, orders.Count, orders.Sum(o => o.Total), orders.GroupBy(o => o.Sku).OrderByDescending(g => g.Sum(o => o.Quantity)).First().Key);
}

/// <summary>Local health probes. The address is the pod's own loopback, which the sidecar does not intercept.</summary>
public static class Probe
{
    public static async Task<bool> IsUpAsync(HttpClient localAgent)
    {
        try
        {
            using var response = await localAgent.GetAsync("/");
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}
