using System.Threading.Tasks;
using Xunit;
using static MeshReady.Analyzers.Tests.Lifecycle.LifecycleStandIns;
using Shutdown = MeshReady.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MeshReady.Analyzers.Lifecycle.ShutdownIoAnalyzer>;
using Startup = MeshReady.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MeshReady.Analyzers.Lifecycle.StartupCallAnalyzer>;

namespace MeshReady.Analyzers.Tests.Lifecycle;

/// <summary>
/// Development never runs in a cluster, so start-up and shutdown I/O that only the Development environment runs is no
/// race with the sidecar (the rule MESH001, MESH005 and MESH041 already follow). oskardudycz/EventSourcing.NetCore
/// (bb5e423), Warehouse.MinimalAPI: <c>MigrateAsync</c> inside <c>if (app.Environment.IsDevelopment())</c> was reported;
/// jasontaylordev/CleanArchitecture (10f1a45) seeds its database there too. A condition that is not Development alone
/// (<c>IsDevelopment() || a setting</c>) still runs in the cluster and is still reported.
/// </summary>
public class DevelopmentOnlyLifecycleTests
{
    private const string Head = """
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.EntityFrameworkCore;
        using Microsoft.Extensions.Configuration;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;

        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddDbContext<WarehouseDbContext>();
        var app = builder.Build();

        """;

    private const string Tail = """

        app.MapGet("/", () => "ok");
        app.Run();

        public sealed class WarehouseDbContext : DbContext { }
        """ + EfCore;

    [Fact]
    public Task MigrationInsideIsDevelopmentIsSilent()
        => Startup.VerifyAsync(Head + """
            if (app.Environment.IsDevelopment())
            {
                using var scope = app.Services.CreateScope();
                var dbContext = scope.ServiceProvider.GetRequiredService<WarehouseDbContext>();
                await dbContext.Database.MigrateAsync();
            }
            """ + Tail, editorConfig: null, references: null);

    [Fact]
    public Task MigrationInTheElseOfNotIsDevelopmentIsSilent()
        => Startup.VerifyAsync(Head + """
            if (!app.Environment.IsDevelopment())
            {
                app.UseExceptionHandler("/error");
            }
            else
            {
                using var scope = app.Services.CreateScope();
                await scope.ServiceProvider.GetRequiredService<WarehouseDbContext>().Database.MigrateAsync();
            }
            """ + Tail, editorConfig: null, references: null);

    [Fact]
    public Task SeedingHelperCalledOnlyInDevelopmentIsSilent()
        => Startup.VerifyAsync(Head + """
            if (app.Environment.IsEnvironment("Development"))
            {
                await Seeder.InitialiseDatabaseAsync(app);
            }
            """ + Tail + """

            static class Seeder
            {
                public static async Task InitialiseDatabaseAsync(WebApplication app)
                {
                    using var scope = app.Services.CreateScope();
                    await scope.ServiceProvider.GetRequiredService<WarehouseDbContext>().Database.MigrateAsync();
                }
            }
            """, editorConfig: null, references: null);

    [Fact]
    public Task MigrationOutsideOrInTheProductionBranchIsReported()
        => Startup.VerifyAsync(Head + """
            if (app.Environment.IsDevelopment())
            {
                app.UseDeveloperExceptionPage();
            }
            else
            {
                using var scope = app.Services.CreateScope();
                await {|MESH030:scope.ServiceProvider.GetRequiredService<WarehouseDbContext>().Database.MigrateAsync()|};
            }
            """ + Tail, editorConfig: null, references: null);

    [Fact]
    public Task ConditionThatIsNotDevelopmentAloneIsReported()
        => Startup.VerifyAsync(Head + """
            if (app.Environment.IsDevelopment() || app.Configuration.GetValue<bool>("MigrateOnStartup"))
            {
                using var scope = app.Services.CreateScope();
                await {|MESH030:scope.ServiceProvider.GetRequiredService<WarehouseDbContext>().Database.MigrateAsync()|};
            }
            """ + Tail, editorConfig: null, references: null);

    [Fact]
    public Task ShutdownCallOnlyInDevelopmentIsSilent()
        => Shutdown.VerifyAsync("""
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Hosting;

            public sealed class Registration : IHostedService
            {
                private readonly HttpClient _http = new();
                private readonly IHostEnvironment _environment;

                public Registration(IHostEnvironment environment) => _environment = environment;

                public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

                public async Task StopAsync(CancellationToken cancellationToken)
                {
                    if (_environment.IsDevelopment())
                    {
                        await _http.DeleteAsync("http://dev-registry:8500/v1/agent/service/deregister/orders", cancellationToken);
                    }

                    await {|MESH031:_http.DeleteAsync("http://consul-server.consul:8500/v1/agent/service/deregister/orders", cancellationToken)|};
                }
            }
            """, editorConfig: null, references: null);
}
