using System.Net;
using MeshReady;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using OrdersApi.Clients;
using OrdersApi.Orders;

// The ports Istio must know about: MeshPorts and the assembly metadata for the manifest check come from here.
[assembly: MeshPort(8080, MeshProtocol.Http, Name = "http-orders")]
[assembly: MeshPort(8080, MeshProtocol.Grpc, Name = "grpc-orders")] // expect: MESH042
[assembly: MeshPort(9102, MeshProtocol.Http, Name = "metrics-http")] // expect: MESH040
[assembly: MeshPort(9102, MeshProtocol.Http)] // expect: MESH043

var builder = WebApplication.CreateBuilder(args);

// Waits for the sidecar before the hosted services (and Kestrel) start.
builder.Services.AddMeshReadiness(options => options.ShutdownDrain = TimeSpan.FromSeconds(5));

// Listeners. The public API listens on every interface; the metrics listener was copied from a VM setup
// and is bound to loopback, so the node's Prometheus (and everything else outside the pod) cannot reach it.
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.ListenAnyIP(MeshPorts.HttpOrders, listen => listen.Protocols = HttpProtocols.Http1);
    kestrel.ListenLocalhost(9102); // expect: MESH001
    // The order-status gRPC stream, added later on its own cleartext HTTP/2 port (not yet in [MeshPort]); the public
    // gateway terminates TLS, so its calls arrive with :scheme https and Kestrel resets them (Info).
    kestrel.ListenAnyIP(8081, listen => listen.Protocols = HttpProtocols.Http2); // expect: MESH041, MESH006
});
builder.Services.AddHostedService<LabelPrinterBridge>();
if (builder.Environment.IsDevelopment())
{
    // Development only: never runs in a pod, so loopback is fine here.
    builder.WebHost.UseUrls("http://localhost:5000");
}

builder.Services.AddSingleton<OrderStore>();
builder.Services.AddHttpClient<InventoryClient>(client => client.BaseAddress = new Uri("http://inventory"));
builder.Services.AddHttpClient<LegacyErpClient>(client => client.BaseAddress = new Uri("http://erp-gateway.erp"));
builder.Services.AddHttpClient<ShippingClient>(client => client.BaseAddress = new Uri("http://shipping"));
PaymentsClient.Register(builder.Services);
builder.Services.AddHttpClient<RecommendationsClient>(client => client.BaseAddress = RecommendationsClient.Address);

// Lifecycle (MESH030-MESH034). A chosen shutdown budget longer than the sidecar's 5 s drain:
builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(20)); // expect: MESH032

// Connection lifetime (MESH014-MESH017). Kestrel closing idle connections long before the sidecar does (Info):
builder.WebHost.ConfigureKestrel(o => o.Limits.KeepAliveTimeout = TimeSpan.FromSeconds(30)); // expect: MESH015
// A pool that never drops idle connections, and (opted in via .editorconfig) app retries stacked on the
// sidecar's retries for an in-mesh host. Rotating connections with PooledConnectionLifetime is fine.
builder.Services.AddHttpClient("payments", client => client.BaseAddress = new Uri("http://payments"))
    .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
    {
        PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan, // expect: MESH014
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
    })
    .AddStandardResilienceHandler(); // expect: MESH017
// Retries towards an external API are not stacked on mesh retries: silent.
builder.Services.AddHttpClient("fx-rates", client => client.BaseAddress = new Uri("https://api.frankfurter.app"))
    .AddStandardResilienceHandler();

// Kept from the VM deployment: the redirect port makes UseHttpsRedirection below redirect for real.
builder.Services.AddHttpsRedirection(o => o.HttpsPort = 443);

var app = builder.Build();

// In the mesh, callers use plain http:// and the sidecars add mTLS: the redirect sends them where they cannot go.
app.UseHttpsRedirection(); // expect: MESH005

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

// Lifecycle: warming the catalog before serving races the sidecar's start-up; a deregistration in a stopping
// callback runs after the sidecar may have exited; killing the process from a handler skips graceful shutdown.
await CatalogWarmup.LoadAsync(app.Services); // expect: MESH030
app.Lifetime.ApplicationStopping.Register(() =>
    CatalogWarmup.LeaveRegistryAsync(app.Services).Wait()); // expect: MESH031
app.MapPost("/admin/crash", () => Environment.FailFast("requested by operator")); // expect: MESH034
// Order-status push over WebSockets with keep-alive pings switched off; 30 s pings would be fine.
app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.Zero }); // expect: MESH016
// Look-alikes that stay silent: stopping the host gracefully on request is not a Job finishing, and a
// call that runs per request (inside the handler) is not a start-up call.
app.MapPost("/admin/stop", (IHostApplicationLifetime lifetime) => lifetime.StopApplication());
app.MapGet("/catalog", () => Results.Ok(CatalogWarmup.Products));
// "Local callers are operators": behind the sidecar every caller is 127.0.0.6, so this trusts the whole mesh.
app.MapPost("/admin/cache/flush", (HttpContext context, OrderStore store) =>
{
    var caller = context.Connection.RemoteIpAddress;
    if (caller is null || !IPAddress.IsLoopback(caller)) // expect: MESH023
    {
        return Results.Forbid();
    }

    app.Logger.LogInformation("Cache flushed by {Caller}", caller); // logging the caller's address is fine
    return Results.NoContent();
});

app.Run();
