using System.Collections.Concurrent;

namespace OrdersApi.Orders;

public sealed record NewOrder(string Sku, int Quantity, string ShipTo);

public sealed record Order(Guid Id, string Sku, int Quantity, string ShipTo, DateTimeOffset CreatedAt);

/// <summary>In-memory store: the sample is about the network edges, not persistence.</summary>
public sealed class OrderStore
{
    private readonly ConcurrentDictionary<Guid, Order> _orders = new();

    public Order Add(NewOrder request)
    {
        var order = new Order(Guid.NewGuid(), request.Sku, request.Quantity, request.ShipTo, DateTimeOffset.UtcNow);
        _orders[order.Id] = order;
        return order;
    }

    public Order? Find(Guid id) => _orders.TryGetValue(id, out var order) ? order : null;
}
