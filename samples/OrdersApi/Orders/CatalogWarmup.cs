using System.Net.Http.Json;

namespace OrdersApi.Orders;

/// <summary>Start-up and shutdown chores written the way they were before the move to Istio.</summary>
public static class CatalogWarmup
{
    public static IReadOnlyList<string> Products { get; private set; } = [];

    /// <summary>Loads the product list from the catalog service so the first orders are fast.</summary>
    public static async Task LoadAsync(IServiceProvider services)
    {
        var http = services.GetRequiredService<IHttpClientFactory>().CreateClient();
        var products = await http.GetFromJsonAsync<string[]>("http://catalog/api/products");
        Products = products ?? [];
    }

    /// <summary>Tells the service registry this instance is leaving.</summary>
    public static Task LeaveRegistryAsync(IServiceProvider services)
        => services.GetRequiredService<IHttpClientFactory>().CreateClient().DeleteAsync("http://registry.platform/api/instances/orders-api");
}
