using System.Threading.Tasks;
using MeshReady.Analyzers.Tests.Infrastructure;
using Xunit;
using Shutdown = MeshReady.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MeshReady.Analyzers.Lifecycle.ShutdownIoAnalyzer>;
using Verify = MeshReady.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MeshReady.Analyzers.Lifecycle.StartupCallAnalyzer>;

namespace MeshReady.Analyzers.Tests.Lifecycle;

/// <summary>
/// Marten (JasperFx, on PostgreSQL), against stand-ins of Marten 9.29.0 (see <see cref="StandIns.Marten"/> for why): its initial data (<c>IInitialData.Populate</c>, run by Marten's
/// hosted service when the host starts) is start-up code; building a session, queueing documents or events and building a
/// query are not I/O until they are saved or materialised.
/// </summary>
public class MartenTests
{
    private const string Usings = """
        using System.Linq;
        using System.Threading;
        using System.Threading.Tasks;
        using Marten;
        using Marten.Schema;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.DependencyInjection;

        """;

    private const string Program = """
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddMarten(options => options.Connection("Host=catalog-db;Database=catalog")).InitializeWith<CatalogSeed>();
        var app = builder.Build();
        app.Run();

        public sealed record Product(string Id, string Name);

        """;

    // The shape of Marten's own samples (InitialData: IInitialData) and of services that seed a catalogue at start.
    [Fact]
    public Task InitialDataIsStartUpCode()
        => Verify.VerifyAsync(Usings + Program + """
            public sealed class CatalogSeed : IInitialData
            {
                public async Task Populate(IDocumentStore store, CancellationToken cancellation)
                {
                    await using var session = store.LightweightSession();
                    session.Store(new Product("sku-1", "Widget"), new Product("sku-2", "Gadget"));
                    await {|#0:session.SaveChangesAsync(cancellation)|};
                }
            }
            """ + StandIns.Marten,
            editorConfig: null,
            TestReferences.AspNetCore80,
            Verify.Diagnostic("MESH030").WithLocation(0).WithArguments(
                "'IDocumentSession.SaveChangesAsync'",
                "at start-up in CatalogSeed.Populate, which Marten's hosted service runs as the host starts",
                DeepLifecycleTests.CrashLoops));

    // Seeding only when the store is empty still asks the database first: that query is the first I/O.
    [Fact]
    public Task InitialDataThatChecksFirstIsReportedAtTheCheck()
        => Verify.VerifyAsync(Usings + Program + """
            public sealed class CatalogSeed : IInitialData
            {
                public async Task Populate(IDocumentStore store, CancellationToken cancellation)
                {
                    await using var session = store.LightweightSession();
                    if (await {|#0:session.Query<Product>().AnyAsync(cancellation)|})
                    {
                        return;
                    }

                    session.Store(new Product("sku-1", "Widget"));
                    await session.SaveChangesAsync(cancellation);
                }
            }
            """ + StandIns.Marten,
            editorConfig: null,
            TestReferences.AspNetCore80,
            Verify.Diagnostic("MESH030").WithLocation(0).WithArguments(
                "'IQueryable.AnyAsync'",
                "at start-up in CatalogSeed.Populate, which Marten's hosted service runs as the host starts",
                DeepLifecycleTests.CrashLoops));

    // Sessions open their connection lazily; Store and Events.Append only queue work for SaveChangesAsync; Query<T>() and
    // Where only build the query. A Populate of a class that is not Marten's IInitialData is an ordinary method.
    [Fact]
    public Task BuildingSessionsQueuesAndQueriesIsNotIo()
        => Verify.VerifyAsync(Usings + Program + """
            public sealed class CatalogSeed : IInitialData
            {
                public Task Populate(IDocumentStore store, CancellationToken cancellation)
                {
                    var session = store.LightweightSession();
                    session.Store(new Product("sku-1", "Widget"));
                    session.Events.StartStream("sku-1", new object());
                    var pending = session.Query<Product>().Where(p => p.Name == "Widget");
                    return Task.CompletedTask;
                }
            }

            public sealed class ReportBuilder
            {
                public async Task Populate(IDocumentStore store, CancellationToken cancellation)
                {
                    await using var session = store.QuerySession();
                    _ = await session.LoadAsync<Product>("sku-1", cancellation);
                }
            }
            """ + StandIns.Marten,
            editorConfig: null,
            TestReferences.AspNetCore80);

    // At shutdown a save after the sidecar has left fails like any other call (MESH031).
    [Fact]
    public Task SaveInStopAsyncIsShutdownIo()
        => Shutdown.VerifyAsync(Usings + """
            using Microsoft.Extensions.Hosting;

            public sealed record Checkpoint(string Id, long Position);

            public sealed class ProjectionCheckpointer(IDocumentStore store) : IHostedService
            {
                public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

                public async Task StopAsync(CancellationToken cancellationToken)
                {
                    await using var session = store.LightweightSession();
                    session.Store(new Checkpoint("orders", 42));
                    await {|#0:session.SaveChangesAsync(cancellationToken)|};
                }
            }
            """ + StandIns.Marten,
            editorConfig: null,
            TestReferences.AspNetCore80,
            Shutdown.Diagnostic("MESH031").WithLocation(0).WithArguments("'IDocumentSession.SaveChangesAsync'", "in ProjectionCheckpointer.StopAsync"));
}
