using MeshReady;
using OrdersApi.Clients;
using OrdersApi.Orders;

// The ports Istio must know about: MeshPorts and the assembly metadata for the manifest check come from here.
[assembly: MeshPort(8080, MeshProtocol.Http, Name = "http-orders")]
[assembly: MeshPort(8080, MeshProtocol.Grpc, Name = "grpc-orders")] // expect: MESH042
[assembly: MeshPort(9090, MeshProtocol.Http, Name = "metrics-http")] // expect: MESH040
[assembly: MeshPort(9090, MeshProtocol.Http)] // expect: MESH043

var builder = WebApplication.CreateBuilder(args);

// Waits for the sidecar before the hosted services (and Kestrel) start.
builder.Services.AddMeshReadiness(options => options.ShutdownDrain = TimeSpan.FromSeconds(5));
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.ListenAnyIP(MeshPorts.HttpOrders);
    kestrel.ListenAnyIP(MeshPorts.HttpMetrics);
    kestrel.ListenAnyIP(8081); // expect: MESH041
});

builder.Services.AddSingleton<OrderStore>();
builder.Services.AddHttpClient<InventoryClient>(client => client.BaseAddress = new Uri("http://inventory"));
builder.Services.AddHttpClient<LegacyErpClient>(client => client.BaseAddress = new Uri("http://erp-gateway.erp"));
builder.Services.AddHttpClient<ShippingClient>(client => client.BaseAddress = new Uri("http://shipping"));

var app = builder.Build();

app.MapGet("/healthz", () => Results.Ok("ok"));

app.MapGet("/orders/{id:guid}", (Guid id, OrderStore store) =>
    store.Find(id) is { } order ? Results.Ok(order) : Results.NotFound());

app.MapPost("/orders", async (NewOrder request, OrderStore store, InventoryClient inventory, CancellationToken ct) =>
{
    if (!await inventory.ReserveAsync(request.Sku, request.Quantity, ct))
    {
        return Results.Conflict("out of stock");
    }

    var order = store.Add(request);
    return Results.Created($"/orders/{order.Id}", order);
});

// Server-side code that reads the caller's protocol: not an outbound request, never flagged.
app.MapGet("/debug/protocol", (HttpContext context) =>
    HttpProtocol.IsHttp10(context.Request.Protocol) ? Results.StatusCode(426) : Results.Ok(context.Request.Protocol));

app.Run();
