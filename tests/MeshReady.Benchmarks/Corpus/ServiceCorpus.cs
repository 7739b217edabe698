using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace MeshReady.Benchmarks.Corpus;

/// <summary>One generated source file.</summary>
public sealed record CorpusFile(string Path, string Text);

/// <summary>
/// Writes a realistic service code base at any size, deterministically: one minimal-API <c>Program.cs</c>, shared
/// EF-style and gRPC-style infrastructure, then a mix of minimal-API modules, MVC controllers, gRPC-style services,
/// background workers, EF-style contexts with repositories, typed HttpClients, hosting set-ups (the shapes a
/// <c>Program.cs</c> takes: WebApplication, generic host, Startup class) and plain domain code. A small share of
/// files (<see cref="HostileShare"/>) carries the mesh-hostile patterns the rules look for; most carry none,
/// because that is what real code bases look like and what dominates an analyzer's cost.
/// </summary>
public static class ServiceCorpus
{
    /// <summary>Share of files with one mesh-hostile pattern.</summary>
    public const double HostileShare = 0.05;

    private static readonly Func<int, bool, string>[] Templates =
    {
        MinimalApiModule,
        Controller,
        GrpcStyleService,
        Worker,
        DataContext,
        TypedHttpClient,
        HostingSetup,
        DomainModel,
    };

    /// <summary>
    /// At least <paramref name="fileCount"/> files (about 100 lines each; whole modules of one file per template, so
    /// every module compiles); the same count and seed always give the same text.
    /// </summary>
    public static IReadOnlyList<CorpusFile> Generate(int fileCount, int seed = 1, double hostileShare = HostileShare)
    {
        var random = new Random(seed);
        var modules = Math.Max(1, (fileCount - 3 + Templates.Length - 1) / Templates.Length);
        var files = new List<CorpusFile>(fileCount)
        {
            new("Program.cs", ProgramFile(modules)),
            new("Infrastructure/Persistence.cs", PersistenceInfrastructure()),
            new("Infrastructure/Rpc.cs", RpcInfrastructure()),
        };

        for (var i = 0; i < modules * Templates.Length; i++)
        {
            var template = Templates[i % Templates.Length];
            var module = i / Templates.Length;
            var hostile = random.NextDouble() < hostileShare;
            files.Add(new CorpusFile($"{template.Method.Name}/{template.Method.Name}{module}.cs", template(module, hostile)));
        }

        return files;
    }

    /// <summary>Writes the corpus as a buildable project (handy to inspect it or to build it with <c>-p:ReportAnalyzer=true</c>).</summary>
    public static void WriteTo(string directory, IReadOnlyList<CorpusFile> files)
    {
        foreach (var file in files)
        {
            var path = System.IO.Path.Combine(directory, file.Path);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
            File.WriteAllText(path, file.Text);
        }

        File.WriteAllText(System.IO.Path.Combine(directory, "Corpus.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk.Web">
              <PropertyGroup>
                <TargetFramework>net8.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>disable</ImplicitUsings>
              </PropertyGroup>
            </Project>
            """);
    }

    /// <summary>The top-level program: registers and maps every module, the shape of a real service's Program.cs.</summary>
    private static string ProgramFile(int modules)
    {
        var registrations = string.Join("\n", Enumerable.Range(0, Math.Min(modules, 40)).Select(m =>
            $"builder.Services.AddScoped<Corpus.Data.DataContext{m}>();\nbuilder.Services.AddHttpClient<Corpus.Clients.TypedHttpClient{m}>(c => c.BaseAddress = new Uri(\"http://catalog-{m}.shop.svc.cluster.local\"));"));
        var maps = string.Join("\n", Enumerable.Range(0, Math.Min(modules, 40)).Select(m => $"app.MapMinimalApiModule{m}();"));
        return $$"""
            using System;
            using Corpus.Api;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddControllers();
            builder.Services.AddHealthChecks();
            builder.Services.AddProblemDetails();
            {{registrations}}

            var app = builder.Build();
            app.UseExceptionHandler();
            app.MapHealthChecks("/healthz");
            app.MapControllers();
            {{maps}}
            app.MapGet("/", () => Results.Ok(new { service = "corpus", version = typeof(Program).Assembly.GetName().Version?.ToString() }));

            app.Run();

            public partial class Program
            {
            }
            """;
    }

    private static string PersistenceInfrastructure() => """
        using System;
        using System.Collections.Concurrent;
        using System.Collections.Generic;
        using System.Linq;
        using System.Threading;
        using System.Threading.Tasks;

        namespace Corpus.Persistence;

        /// <summary>EF-style unit of work: the shape of Microsoft.EntityFrameworkCore.DbContext, in memory.</summary>
        public abstract class DbContext : IDisposable
        {
            private readonly ConcurrentDictionary<Type, object> sets = new();

            public DbSet<T> Set<T>() where T : class => (DbSet<T>)sets.GetOrAdd(typeof(T), _ => new DbSet<T>());

            public virtual Task<int> SaveChangesAsync(CancellationToken cancellationToken = default) => Task.FromResult(sets.Count);

            public virtual void Dispose()
            {
            }

            protected virtual void OnModelCreating(ModelBuilder modelBuilder)
            {
            }
        }

        public sealed class DbSet<T> : IQueryable<T> where T : class
        {
            private readonly List<T> items = new();

            public Type ElementType => typeof(T);

            public System.Linq.Expressions.Expression Expression => items.AsQueryable().Expression;

            public IQueryProvider Provider => items.AsQueryable().Provider;

            public void Add(T item) => items.Add(item);

            public void Remove(T item) => items.Remove(item);

            public ValueTask<T?> FindAsync(Func<T, bool> match) => new(items.FirstOrDefault(match));

            public IEnumerator<T> GetEnumerator() => items.GetEnumerator();

            System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
        }

        public sealed class ModelBuilder
        {
            public ModelBuilder Entity<T>(Action<EntityTypeBuilder<T>> configure) where T : class
            {
                configure(new EntityTypeBuilder<T>());
                return this;
            }
        }

        public sealed class EntityTypeBuilder<T> where T : class
        {
            public EntityTypeBuilder<T> HasKey(Func<T, object> key) => this;

            public EntityTypeBuilder<T> ToTable(string name) => this;

            public EntityTypeBuilder<T> HasIndex(Func<T, object> index) => this;
        }
        """;

    private static string RpcInfrastructure() => """
        using System;
        using System.Threading;

        namespace Corpus.Rpc;

        /// <summary>gRPC-style call context (the shape of Grpc.Core.ServerCallContext).</summary>
        public sealed class ServerCallContext
        {
            public ServerCallContext(string method, DateTime deadline, CancellationToken cancellationToken)
            {
                Method = method;
                Deadline = deadline;
                CancellationToken = cancellationToken;
            }

            public string Method { get; }

            public DateTime Deadline { get; }

            public CancellationToken CancellationToken { get; }

            public string Peer { get; init; } = "ipv4:10.0.0.1:50000";
        }

        [AttributeUsage(AttributeTargets.Class)]
        public sealed class RpcServiceAttribute : Attribute
        {
            public RpcServiceAttribute(string name) => Name = name;

            public string Name { get; }
        }

        public sealed class RpcException : Exception
        {
            public RpcException(string status, string detail)
                : base(detail) => Status = status;

            public string Status { get; }
        }
        """;

    private static string MinimalApiModule(int i, bool hostile) => $$"""
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Threading;
        using System.Threading.Tasks;
        using Corpus.Data;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Routing;
        using Microsoft.Extensions.Logging;

        namespace Corpus.Api;

        public static class MinimalApiModule{{i}}
        {
            public static IEndpointRouteBuilder MapMinimalApiModule{{i}}(this IEndpointRouteBuilder routes)
            {
                var group = routes.MapGroup("/api/v1/catalog{{i}}");

                group.MapGet("/", async (DataContext{{i}} db, int page, int pageSize, CancellationToken ct) =>
                {
                    pageSize = Math.Clamp(pageSize, 1, 100);
                    var items = await db.Repository.ListAsync(page, pageSize, ct);
                    return Results.Ok(new PageResult{{i}}(items, page, pageSize));
                });

                group.MapGet("/{id:int}", async (int id, DataContext{{i}} db, CancellationToken ct) =>
                    await db.Repository.FindAsync(id, ct) is { } item ? Results.Ok(item) : Results.NotFound());

                group.MapPost("/", async (CreateItem{{i}} request, DataContext{{i}} db, ILoggerFactory loggers, CancellationToken ct) =>
                {
                    var errors = Validate(request);
                    if (errors.Count > 0)
                    {
                        return Results.ValidationProblem(errors);
                    }

                    var item = await db.Repository.AddAsync(request.Name, request.Price, request.Tags, ct);
                    loggers.CreateLogger("catalog{{i}}").LogInformation("Created item {Id} ({Name})", item.Id, item.Name);
                    return Results.Created($"/api/v1/catalog{{i}}/{item.Id}", item);
                });

                group.MapPut("/{id:int}", async (int id, CreateItem{{i}} request, DataContext{{i}} db, CancellationToken ct) =>
                {
                    var errors = Validate(request);
                    if (errors.Count > 0)
                    {
                        return Results.ValidationProblem(errors);
                    }

                    return await db.Repository.UpdateAsync(id, request.Name, request.Price, ct) ? Results.NoContent() : Results.NotFound();
                });

                group.MapDelete("/{id:int}", async (int id, DataContext{{i}} db, CancellationToken ct) =>
                    await db.Repository.RemoveAsync(id, ct) ? Results.NoContent() : Results.NotFound());

                group.MapGet("/search", (string q, DataContext{{i}} db) =>
                {
                    var terms = q.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    var hits = db.Items.Where(item => terms.All(t => item.Name.Contains(t, StringComparison.OrdinalIgnoreCase)))
                        .OrderBy(item => item.Name)
                        .Take(50)
                        .ToList();
                    return Results.Ok(hits);
                });

                return routes;
            }

            private static Dictionary<string, string[]> Validate(CreateItem{{i}} request)
            {
                var errors = new Dictionary<string, string[]>();
                if (string.IsNullOrWhiteSpace(request.Name))
                {
                    errors["name"] = new[] { "The name is required." };
                }
                else if (request.Name.Length > 200)
                {
                    errors["name"] = new[] { "The name is longer than 200 characters." };
                }

                if (request.Price < 0)
                {
                    errors["price"] = new[] { "The price cannot be negative." };
                }

                return errors;
            }
        }

        public sealed record CreateItem{{i}}(string Name, decimal Price, IReadOnlyList<string> Tags);

        public sealed record PageResult{{i}}(IReadOnlyList<CatalogItem{{i}}> Items, int Page, int PageSize)
        {
            public bool HasMore => Items.Count == PageSize;
        }
        """;

    private static string Controller(int i, bool hostile) => $$"""
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Net.Http;
        using System.Net.Http.Json;
        using System.Threading;
        using System.Threading.Tasks;
        using Corpus.Data;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.Logging;

        namespace Corpus.Controllers;

        [ApiController]
        [Route("api/v2/orders{{i}}")]
        public sealed class Controller{{i}} : ControllerBase
        {
            private readonly DataContext{{i}} db;
            private readonly IHttpClientFactory clients;
            private readonly ILogger<Controller{{i}}> logger;

            public Controller{{i}}(DataContext{{i}} db, IHttpClientFactory clients, ILogger<Controller{{i}}> logger)
            {
                this.db = db;
                this.clients = clients;
                this.logger = logger;
            }

            [HttpGet]
            [ProducesResponseType(StatusCodes.Status200OK)]
            public async Task<ActionResult<IReadOnlyList<CatalogItem{{i}}>>> List([FromQuery] int page = 0, CancellationToken ct = default)
                => Ok(await db.Repository.ListAsync(page, 25, ct));

            [HttpGet("{id:int}")]
            [ProducesResponseType(StatusCodes.Status200OK)]
            [ProducesResponseType(StatusCodes.Status404NotFound)]
            public async Task<ActionResult<CatalogItem{{i}}>> Get(int id, CancellationToken ct)
            {
                var item = await db.Repository.FindAsync(id, ct);
                if (item is null)
                {
                    logger.LogDebug("Item {Id} not found", id);
                    return NotFound();
                }

                return item;
            }

            [HttpPost("{id:int}/ship")]
            public async Task<IActionResult> Ship(int id, [FromBody] ShipRequest{{i}} request, CancellationToken ct)
            {
                var item = await db.Repository.FindAsync(id, ct);
                if (item is null)
                {
                    return NotFound();
                }

                var client = clients.CreateClient("shipping");
                {{(hostile ? HostileClientLine(i) : "client.Timeout = TimeSpan.FromSeconds(10);")}}
                using var response = await client.PostAsJsonAsync("http://shipping.logistics/api/shipments", new
                {
                    item.Id,
                    item.Name,
                    request.Street,
                    request.City,
                    request.PostalCode,
                    Express = request.Express || item.Price > 500m,
                }, ct);

                if (!response.IsSuccessStatusCode)
                {
                    logger.LogWarning("Shipping refused item {Id}: {Status}", id, (int)response.StatusCode);
                    return StatusCode(StatusCodes.Status502BadGateway);
                }

                var shipment = await response.Content.ReadFromJsonAsync<ShipmentCreated{{i}}>(cancellationToken: ct);
                return Accepted(shipment);
            }

            [HttpGet("report")]
            public ActionResult<Report{{i}}> Report()
            {
                var items = db.Items.ToList();
                var byTag = items.SelectMany(x => x.Tags.Select(t => (Tag: t, x.Price)))
                    .GroupBy(x => x.Tag, StringComparer.OrdinalIgnoreCase)
                    .ToDictionary(g => g.Key, g => g.Sum(x => x.Price));
                return new Report{{i}}(items.Count, items.Sum(x => x.Price), byTag);
            }
        }

        public sealed record ShipRequest{{i}}(string Street, string City, string PostalCode, bool Express);

        public sealed record ShipmentCreated{{i}}(string TrackingNumber, DateTimeOffset EstimatedDelivery);

        public sealed record Report{{i}}(int Count, decimal Total, IReadOnlyDictionary<string, decimal> TotalByTag);
        """;

    private static string GrpcStyleService(int i, bool hostile) => $$"""
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Runtime.CompilerServices;
        using System.Threading;
        using System.Threading.Tasks;
        using Corpus.Data;
        using Corpus.Rpc;
        using Microsoft.Extensions.Logging;

        namespace Corpus.Services;

        [RpcService("corpus.inventory.v1.Inventory{{i}}")]
        public sealed class GrpcStyleService{{i}}
        {
            private readonly DataContext{{i}} db;
            private readonly ILogger<GrpcStyleService{{i}}> logger;

            public GrpcStyleService{{i}}(DataContext{{i}} db, ILogger<GrpcStyleService{{i}}> logger)
            {
                this.db = db;
                this.logger = logger;
            }

            public async Task<StockReply{{i}}> GetStock(StockRequest{{i}} request, ServerCallContext context)
            {
                if (request.Sku.Length == 0)
                {
                    throw new RpcException("InvalidArgument", "sku is required");
                }

                var item = await db.Repository.FindAsync(request.ItemId, context.CancellationToken);
                if (item is null)
                {
                    throw new RpcException("NotFound", $"item {request.ItemId} does not exist");
                }

                logger.LogDebug("{Method} for {Sku} from {Peer}", context.Method, request.Sku, context.Peer);
                return new StockReply{{i}}(item.Id, request.Sku, Available: item.Tags.Count * 10, Reserved: 0);
            }

            public async Task<ReserveReply{{i}}> Reserve(ReserveRequest{{i}} request, ServerCallContext context)
            {
                var remaining = context.Deadline - DateTime.UtcNow;
                if (remaining < TimeSpan.FromMilliseconds(50))
                {
                    throw new RpcException("DeadlineExceeded", "not enough time left to reserve");
                }

                var reserved = new List<int>();
                foreach (var line in request.Lines)
                {
                    var item = await db.Repository.FindAsync(line.ItemId, context.CancellationToken);
                    if (item is not null && line.Quantity > 0)
                    {
                        reserved.Add(item.Id);
                    }
                }

                await db.SaveChangesAsync(context.CancellationToken);
                return new ReserveReply{{i}}(reserved.Count == request.Lines.Count, reserved);
            }

            public async IAsyncEnumerable<StockReply{{i}}> WatchStock(StockRequest{{i}} request, ServerCallContext context)
            {
                var ct = context.CancellationToken;
                using var timer = new PeriodicTimer(TimeSpan.FromSeconds(5));
                while (await timer.WaitForNextTickAsync(ct))
                {
                    var item = await db.Repository.FindAsync(request.ItemId, ct);
                    if (item is null)
                    {
                        yield break;
                    }

                    yield return new StockReply{{i}}(item.Id, request.Sku, item.Tags.Count * 10, 0);
                }
            }
        }

        public sealed record StockRequest{{i}}(int ItemId, string Sku);

        public sealed record StockReply{{i}}(int ItemId, string Sku, int Available, int Reserved);

        public sealed record ReserveLine{{i}}(int ItemId, int Quantity);

        public sealed record ReserveRequest{{i}}(string OrderId, IReadOnlyList<ReserveLine{{i}}> Lines);

        public sealed record ReserveReply{{i}}(bool Complete, IReadOnlyList<int> ReservedItemIds);
        """;

    private static string Worker(int i, bool hostile) => $$"""
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Net.Http;
        using System.Net.Http.Json;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Hosting;
        using Microsoft.Extensions.Logging;
        using Microsoft.Extensions.Options;

        namespace Corpus.Workers;

        public sealed class WorkerOptions{{i}}
        {
            public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(30);

            public int BatchSize { get; set; } = 100;

            public string Queue { get; set; } = "orders-{{i}}";
        }

        public sealed class Worker{{i}} : BackgroundService
        {
            private readonly IHttpClientFactory clients;
            private readonly IOptionsMonitor<WorkerOptions{{i}}> options;
            private readonly ILogger<Worker{{i}}> logger;
            private long processed;

            public Worker{{i}}(IHttpClientFactory clients, IOptionsMonitor<WorkerOptions{{i}}> options, ILogger<Worker{{i}}> logger)
            {
                this.clients = clients;
                this.options = options;
                this.logger = logger;
            }

            {{(hostile ? HostileWorkerStart(i) : "")}}
            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                var client = clients.CreateClient("queue");
                using var timer = new PeriodicTimer(options.CurrentValue.Interval);
                do
                {
                    try
                    {
                        var settings = options.CurrentValue;
                        var batch = await client.GetFromJsonAsync<List<QueueMessage{{i}}>>(
                            $"http://queue.messaging/api/queues/{settings.Queue}/messages?max={settings.BatchSize}", stoppingToken) ?? new List<QueueMessage{{i}}>();
                        foreach (var message in batch.Where(m => m.Attempts < 5).OrderBy(m => m.EnqueuedAt))
                        {
                            await HandleAsync(client, message, stoppingToken);
                            Interlocked.Increment(ref processed);
                        }
                    }
                    catch (HttpRequestException exception)
                    {
                        logger.LogWarning(exception, "Queue {Queue} unavailable; retrying in {Interval}", options.CurrentValue.Queue, options.CurrentValue.Interval);
                    }
                }
                while (await timer.WaitForNextTickAsync(stoppingToken));
            }

            public override async Task StopAsync(CancellationToken cancellationToken)
            {
                logger.LogInformation("Worker {{i}} stopping after {Count} messages", Interlocked.Read(ref processed));
                await base.StopAsync(cancellationToken);
            }

            private async Task HandleAsync(HttpClient client, QueueMessage{{i}} message, CancellationToken ct)
            {
                var payload = message.Body.Trim();
                if (payload.Length == 0)
                {
                    return;
                }

                using var response = await client.PostAsJsonAsync($"http://orders.shop/api/events/{message.Id}", new { payload, message.EnqueuedAt }, ct);
                if (!response.IsSuccessStatusCode)
                {
                    logger.LogError("Event {Id} rejected with {Status}", message.Id, (int)response.StatusCode);
                }
            }
        }

        public sealed record QueueMessage{{i}}(Guid Id, string Body, int Attempts, DateTimeOffset EnqueuedAt);
        """;

    private static string DataContext(int i, bool hostile) => $$"""
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Threading;
        using System.Threading.Tasks;
        using Corpus.Persistence;

        namespace Corpus.Data;

        public sealed class CatalogItem{{i}}
        {
            public int Id { get; set; }

            public string Name { get; set; } = string.Empty;

            public decimal Price { get; set; }

            public List<string> Tags { get; set; } = new();

            public DateTimeOffset CreatedAt { get; set; }

            public DateTimeOffset? UpdatedAt { get; set; }
        }

        public sealed class DataContext{{i}} : DbContext
        {
            public DataContext{{i}}() => Repository = new CatalogRepository{{i}}(this);

            public DbSet<CatalogItem{{i}}> Items => Set<CatalogItem{{i}}>();

            public CatalogRepository{{i}} Repository { get; }

            protected override void OnModelCreating(ModelBuilder modelBuilder)
                => modelBuilder.Entity<CatalogItem{{i}}>(e => e.ToTable("catalog_items_{{i}}").HasKey(x => x.Id).HasIndex(x => x.Name));
        }

        public sealed class CatalogRepository{{i}}
        {
            private readonly DataContext{{i}} db;
            private int nextId;

            public CatalogRepository{{i}}(DataContext{{i}} db) => this.db = db;

            public Task<IReadOnlyList<CatalogItem{{i}}>> ListAsync(int page, int pageSize, CancellationToken ct)
            {
                ct.ThrowIfCancellationRequested();
                IReadOnlyList<CatalogItem{{i}}> items = db.Items
                    .OrderByDescending(x => x.CreatedAt)
                    .ThenBy(x => x.Id)
                    .Skip(Math.Max(0, page) * pageSize)
                    .Take(pageSize)
                    .ToList();
                return Task.FromResult(items);
            }

            public async Task<CatalogItem{{i}}?> FindAsync(int id, CancellationToken ct)
            {
                ct.ThrowIfCancellationRequested();
                return await db.Items.FindAsync(x => x.Id == id);
            }

            public async Task<CatalogItem{{i}}> AddAsync(string name, decimal price, IReadOnlyList<string> tags, CancellationToken ct)
            {
                var item = new CatalogItem{{i}}
                {
                    Id = Interlocked.Increment(ref nextId),
                    Name = name.Trim(),
                    Price = decimal.Round(price, 2, MidpointRounding.ToEven),
                    Tags = tags.Select(t => t.ToLowerInvariant()).Distinct().ToList(),
                    CreatedAt = DateTimeOffset.UtcNow,
                };
                db.Items.Add(item);
                await db.SaveChangesAsync(ct);
                return item;
            }

            public async Task<bool> UpdateAsync(int id, string name, decimal price, CancellationToken ct)
            {
                var item = await FindAsync(id, ct);
                if (item is null)
                {
                    return false;
                }

                item.Name = name.Trim();
                item.Price = price;
                item.UpdatedAt = DateTimeOffset.UtcNow;
                await db.SaveChangesAsync(ct);
                return true;
            }

            public async Task<bool> RemoveAsync(int id, CancellationToken ct)
            {
                var item = await FindAsync(id, ct);
                if (item is null)
                {
                    return false;
                }

                db.Items.Remove(item);
                return await db.SaveChangesAsync(ct) > 0;
            }
        }
        """;

    private static string TypedHttpClient(int i, bool hostile) => $$"""
        using System;
        using System.Collections.Generic;
        using System.Net;
        using System.Net.Http;
        using System.Net.Http.Headers;
        using System.Net.Http.Json;
        using System.Text.Json;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Logging;

        namespace Corpus.Clients;

        public sealed class TypedHttpClient{{i}}
        {
            private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
            private readonly HttpClient http;
            private readonly ILogger<TypedHttpClient{{i}}> logger;

            public TypedHttpClient{{i}}(HttpClient http, ILogger<TypedHttpClient{{i}}> logger)
            {
                this.http = http;
                this.logger = logger;
                http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                http.DefaultRequestHeaders.UserAgent.ParseAdd("corpus-client/{{i}}.0");
            }

            public async Task<PriceQuote{{i}}?> GetQuoteAsync(string sku, int quantity, CancellationToken ct)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, $"api/quotes/{Uri.EscapeDataString(sku)}?quantity={quantity}");
                request.Headers.Add("X-Correlation-Id", Guid.NewGuid().ToString("N"));
                {{(hostile ? HostileRequestLine(i) : "request.Headers.Add(\"X-Tenant\", \"default\");")}}
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
                if (response.StatusCode == HttpStatusCode.NotFound)
                {
                    return null;
                }

                response.EnsureSuccessStatusCode();
                return await response.Content.ReadFromJsonAsync<PriceQuote{{i}}>(Json, ct);
            }

            public async Task<IReadOnlyList<PriceQuote{{i}}>> GetQuotesAsync(IEnumerable<string> skus, CancellationToken ct)
            {
                var quotes = new List<PriceQuote{{i}}>();
                foreach (var sku in skus)
                {
                    try
                    {
                        if (await GetQuoteAsync(sku, 1, ct) is { } quote)
                        {
                            quotes.Add(quote);
                        }
                    }
                    catch (HttpRequestException exception) when (exception.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout)
                    {
                        logger.LogWarning(exception, "Pricing unavailable for {Sku}", sku);
                    }
                }

                return quotes;
            }

            public async Task<bool> SubmitAsync(PriceQuote{{i}} quote, CancellationToken ct)
            {
                using var content = JsonContent.Create(quote, options: Json);
                using var response = await http.PostAsync("api/quotes", content, ct);
                if (response.StatusCode == HttpStatusCode.Conflict)
                {
                    logger.LogInformation("Quote {Sku} already submitted", quote.Sku);
                    return false;
                }

                response.EnsureSuccessStatusCode();
                return true;
            }

            public async Task<string> HealthAsync(CancellationToken ct)
            {
                using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
                cts.CancelAfter(TimeSpan.FromSeconds(2));
                var body = await http.GetStringAsync("healthz", cts.Token);
                return body.Length > 64 ? body.Substring(0, 64) : body;
            }
        }

        public sealed record PriceQuote{{i}}(string Sku, int Quantity, decimal UnitPrice, string Currency, DateTimeOffset ValidUntil)
        {
            public decimal Total => UnitPrice * Quantity;
        }
        """;

    private static string HostingSetup(int i, bool hostile)
    {
        // The shapes a Program.cs takes, as static entry points (one program can have one Main).
        return (i % 3) switch
        {
            0 => $$"""
                using System;
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Builder;
                using Microsoft.AspNetCore.Hosting;
                using Microsoft.AspNetCore.Http;
                using Microsoft.AspNetCore.Server.Kestrel.Core;
                using Microsoft.Extensions.DependencyInjection;
                using Microsoft.Extensions.Hosting;
                using Microsoft.Extensions.Logging;

                namespace Corpus.Hosting;

                /// <summary>WebApplication with Kestrel configured in code.</summary>
                public static class HostingSetup{{i}}
                {
                    public static async Task RunAsync(string[] args)
                    {
                        var builder = WebApplication.CreateBuilder(args);
                        builder.WebHost.ConfigureKestrel(kestrel =>
                        {
                            {{(hostile ? HostileListenLine(i) : "kestrel.ListenAnyIP(8080);")}}
                            kestrel.ListenAnyIP(9090, listen => listen.Protocols = HttpProtocols.Http2);
                            kestrel.Limits.MaxRequestBodySize = 10 * 1024 * 1024;
                            kestrel.Limits.KeepAliveTimeout = TimeSpan.FromMinutes(5);
                        });
                        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
                        builder.Services.AddHealthChecks();
                        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(20));

                        var app = builder.Build();
                        app.MapHealthChecks("/healthz/ready");
                        app.MapGet("/version", () => Results.Ok(new { version = "{{i}}.0.0" }));
                        app.Lifetime.ApplicationStopping.Register(() => app.Logger.LogInformation("Draining"));
                        await app.RunAsync();
                    }
                }
                """,
            1 => $$"""
                using System;
                using Microsoft.AspNetCore.Builder;
                using Microsoft.AspNetCore.Hosting;
                using Microsoft.AspNetCore.Http;
                using Microsoft.Extensions.Configuration;
                using Microsoft.Extensions.DependencyInjection;
                using Microsoft.Extensions.Hosting;

                namespace Corpus.Hosting;

                /// <summary>The generic host with a Startup class, as older services are written.</summary>
                public static class HostingSetup{{i}}
                {
                    public static IHost Build(string[] args)
                        => Host.CreateDefaultBuilder(args)
                            .ConfigureWebHostDefaults(web => web
                                .UseStartup<Startup{{i}}>()
                                {{(hostile ? ".UseUrls(\"http://localhost:5000\")" : ".UseUrls(\"http://+:8080\")")}})
                            .Build();
                }

                public sealed class Startup{{i}}
                {
                    public Startup{{i}}(IConfiguration configuration) => Configuration = configuration;

                    public IConfiguration Configuration { get; }

                    public void ConfigureServices(IServiceCollection services)
                    {
                        services.AddControllers();
                        services.AddHealthChecks();
                        services.AddHttpClient("backend", c => c.BaseAddress = new Uri(Configuration["Backend:Url"] ?? "http://backend"));
                        services.AddResponseCompression();
                    }

                    public void Configure(IApplicationBuilder app, IWebHostEnvironment env)
                    {
                        if (env.IsDevelopment())
                        {
                            app.UseDeveloperExceptionPage();
                        }

                        app.UseResponseCompression();
                        app.UseRouting();
                        app.UseEndpoints(endpoints =>
                        {
                            endpoints.MapControllers();
                            endpoints.MapHealthChecks("/healthz");
                            endpoints.MapGet("/", context => context.Response.WriteAsync("startup {{i}}"));
                        });
                    }
                }
                """,
            _ => $$"""
                using System;
                using System.Threading;
                using System.Threading.Tasks;
                using Microsoft.Extensions.DependencyInjection;
                using Microsoft.Extensions.Hosting;
                using Microsoft.Extensions.Logging;

                namespace Corpus.Hosting;

                /// <summary>A run-to-completion console host (a Job): does its work and exits.</summary>
                public static class HostingSetup{{i}}
                {
                    public static async Task<int> RunAsync(string[] args)
                    {
                        using var host = Host.CreateDefaultBuilder(args)
                            .ConfigureServices(services => services.AddHttpClient())
                            .Build();
                        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("job{{i}}");
                        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(10));
                        var processed = 0;
                        for (var attempt = 0; attempt < 3 && processed == 0; attempt++)
                        {
                            try
                            {
                                processed = await ProcessAsync(args, cts.Token);
                            }
                            catch (OperationCanceledException)
                            {
                                logger.LogError("Job {{i}} timed out");
                                return 2;
                            }
                        }

                        logger.LogInformation("Job {{i}} processed {Count} records", processed);
                        {{(hostile ? "Environment.Exit(processed > 0 ? 0 : 1);" : "")}}
                        return processed > 0 ? 0 : 1;
                    }

                    private static Task<int> ProcessAsync(string[] args, CancellationToken ct)
                    {
                        ct.ThrowIfCancellationRequested();
                        return Task.FromResult(args.Length + {{i}});
                    }
                }
                """,
        };
    }

    private static string DomainModel(int i, bool hostile) => $$"""
        using System;
        using System.Collections.Generic;
        using System.Globalization;
                using System.Linq;
        using System.Text;

        namespace Corpus.Domain;

        public enum OrderStatus{{i}}
        {
            Draft,
            Submitted,
            Paid,
            Shipped,
            Cancelled,
        }

        public sealed record OrderLine{{i}}(string Sku, int Quantity, decimal UnitPrice)
        {
            public decimal Total => Quantity * UnitPrice;
        }

        public sealed class Order{{i}}
        {
            private readonly List<OrderLine{{i}}> lines = new();

            public Order{{i}}(Guid id, string customer)
            {
                Id = id;
                Customer = customer;
            }

            public Guid Id { get; }

            public string Customer { get; }

            public OrderStatus{{i}} Status { get; private set; } = OrderStatus{{i}}.Draft;

            public IReadOnlyList<OrderLine{{i}}> Lines => lines;

            public decimal Total => lines.Sum(l => l.Total);

            public void Add(string sku, int quantity, decimal unitPrice)
            {
                if (Status != OrderStatus{{i}}.Draft)
                {
                    throw new InvalidOperationException($"Order {Id} is {Status} and cannot change.");
                }

                var existing = lines.FindIndex(l => l.Sku == sku);
                if (existing >= 0)
                {
                    lines[existing] = lines[existing] with { Quantity = lines[existing].Quantity + quantity };
                }
                else
                {
                    lines.Add(new OrderLine{{i}}(sku, quantity, unitPrice));
                }
            }

            public void Submit()
            {
                if (lines.Count == 0)
                {
                    throw new InvalidOperationException("An empty order cannot be submitted.");
                }

                Status = OrderStatus{{i}}.Submitted;
            }

            public void Transition(OrderStatus{{i}} next)
            {
                var allowed = (Status, next) switch
                {
                    (OrderStatus{{i}}.Submitted, OrderStatus{{i}}.Paid) => true,
                    (OrderStatus{{i}}.Paid, OrderStatus{{i}}.Shipped) => true,
                    (OrderStatus{{i}}.Draft or OrderStatus{{i}}.Submitted, OrderStatus{{i}}.Cancelled) => true,
                    _ => false,
                };
                Status = allowed ? next : throw new InvalidOperationException($"{Status} -> {next} is not allowed.");
            }

            public string ToInvoiceText(CultureInfo culture)
            {
                var text = new StringBuilder()
                    .AppendLine(culture, $"Invoice for {Customer} ({Id:N})");
                foreach (var line in lines.OrderBy(l => l.Sku, StringComparer.Ordinal))
                {
                    text.AppendLine(culture, $"{line.Sku,-12} {line.Quantity,5} x {line.UnitPrice,10:C} = {line.Total,12:C}");
                }

                return text.AppendLine(culture, $"{"Total",-12} {Total,33:C}").ToString();
            }
        }

        public static class OrderRules{{i}}
        {
            public static IEnumerable<string> Problems(Order{{i}} order)
            {
                if (order.Total > 10_000m)
                {
                    yield return "needs approval";
                }

                foreach (var group in order.Lines.GroupBy(l => l.Sku).Where(g => g.Count() > 1))
                {
                    yield return $"duplicate line {group.Key}";
                }

                if (order.Lines.Any(l => l.Quantity <= 0))
                {
                    yield return "non-positive quantity";
                }
            }
        }
        """;

    // ---- Mesh-hostile lines (the patterns MeshReady's rules look for) ----

    private static string HostileClientLine(int i) => (i % 3) switch
    {
        0 => "client.DefaultRequestVersion = System.Net.HttpVersion.Version10;",
        1 => "client.DefaultRequestHeaders.Add(\"Connection\", \"keep-alive\");",
        _ => "client.DefaultRequestHeaders.Host = \"shipping.internal.example.com\";",
    };

    private static string HostileRequestLine(int i) => (i % 4) switch
    {
        0 => "request.Version = HttpVersion.Version10;",
        1 => "request.Headers.Add(\"Keep-Alive\", \"timeout=30\");",
        2 => "request.Headers.Host = \"pricing.legacy.example.com\";",
        _ => "request.RequestUri = new Uri(\"http://10.12.4.7:8080/\" + request.RequestUri);",
    };

    private static string HostileListenLine(int i) => (i % 2) == 0
        ? "kestrel.ListenLocalhost(8080);"
        : "kestrel.Listen(System.Net.IPAddress.Any, 15020);";

    private static string HostileWorkerStart(int i) => $$"""
        public override async Task StartAsync(CancellationToken cancellationToken)
            {
                // Warm the cache before the host reports started.
                var client = clients.CreateClient("warmup");
                _ = await client.GetStringAsync("http://config.platform/api/settings/worker{{i}}", cancellationToken);
                await base.StartAsync(cancellationToken);
            }

        """;

    /// <summary>Line count of a corpus (for the report).</summary>
    public static int CountLines(IReadOnlyList<CorpusFile> files)
        => files.Sum(f => f.Text.Count(c => c == '\n') + 1);
}
