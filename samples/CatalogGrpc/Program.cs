using CatalogGrpc.Services;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddGrpc();
builder.Services.AddSingleton<ProductStore>();

var app = builder.Build();

// gRPC and REST on Kestrel's default endpoint: in the pod it is cleartext HTTP/1.1 only, so the gRPC
// clients of this service fail. appsettings.json sets no protocols, and neither does the code.
app.MapGrpcService<CatalogService>(); // expect: MESH003

// A REST view of the same catalogue for the storefront, and the Kubernetes probe endpoint.
app.MapGet("/products/{sku}", (string sku, ProductStore store) =>
    store.Find(sku) is { } product ? Results.Ok(new { product.Sku, product.Name, product.PriceCents }) : Results.NotFound());
app.MapGet("/healthz", () => "ok");

app.Run();
