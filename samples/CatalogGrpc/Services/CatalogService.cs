using Grpc.Core;

namespace CatalogGrpc.Services;

public sealed class CatalogService(ProductStore store) : Catalog.CatalogBase
{
    public override Task<Product> GetProduct(GetProductRequest request, ServerCallContext context)
        => store.Find(request.Sku) is { } product
            ? Task.FromResult(product)
            : throw new RpcException(new Status(StatusCode.NotFound, $"no product {request.Sku}"));

    public override async Task ListProducts(ListProductsRequest request, IServerStreamWriter<Product> responseStream, ServerCallContext context)
    {
        foreach (var product in store.InCategory(request.Category))
        {
            await responseStream.WriteAsync(product, context.CancellationToken);
        }
    }
}

public sealed class ProductStore
{
    private readonly Dictionary<string, (string Category, Product Product)> products = new()
    {
        ["TEA-001"] = ("tea", new Product { Sku = "TEA-001", Name = "Sencha", PriceCents = 1250 }),
        ["TEA-002"] = ("tea", new Product { Sku = "TEA-002", Name = "Assam", PriceCents = 990 }),
    };

    public Product? Find(string sku) => products.TryGetValue(sku, out var entry) ? entry.Product : null;

    public IEnumerable<Product> InCategory(string category)
        => products.Values.Where(p => p.Category == category).Select(p => p.Product);
}
