using System.Threading.Tasks;
using MeshReady.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = MeshReady.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MeshReady.Analyzers.Lifecycle.StartupCallAnalyzer>;

namespace MeshReady.Analyzers.Tests.Lifecycle;

/// <summary>
/// MESH030 and EF Core execution strategies that retry: a call inside the operation of a strategy that retries a
/// refused connection for long enough (Npgsql or Pomelo with <c>EnableRetryOnFailure</c>, Aspire's
/// <c>AddNpgsqlDbContext</c> with its default retries) is covered; a non-retrying strategy, SQL Server's (its detector
/// does not treat a refused connection as transient), a short retry budget, <c>DisableRetry = true</c>, or a call outside
/// the strategy is still reported. Compiled against the real provider packages.
/// </summary>
public class RetryingStrategyTests
{
    // Dependencies are named where the feed lacks the minimum version a package asks for.
    private static readonly ReferenceAssemblies Npgsql = TestReferences.WithPackages(
        ("Npgsql.EntityFrameworkCore.PostgreSQL", "8.0.11"), ("Npgsql", "8.0.7"), ("Microsoft.EntityFrameworkCore.Relational", "8.0.30"),
        ("Microsoft.EntityFrameworkCore", "8.0.30"), ("Microsoft.EntityFrameworkCore.Abstractions", "8.0.30"));

    private static readonly ReferenceAssemblies SqlServer = TestReferences.WithPackages(
        ("Microsoft.EntityFrameworkCore.SqlServer", "8.0.30"), ("System.Formats.Asn1", "9.0.0"));

    private static readonly ReferenceAssemblies Pomelo = TestReferences.WithPackages(
        ("Pomelo.EntityFrameworkCore.MySql", "8.0.3"), ("Microsoft.EntityFrameworkCore.Relational", "8.0.30"),
        ("Microsoft.EntityFrameworkCore", "8.0.30"), ("Microsoft.EntityFrameworkCore.Abstractions", "8.0.30"), ("MySqlConnector", "2.3.7"));

    private static readonly ReferenceAssemblies AspireNpgsql = TestReferences.WithPackages(
        ("Aspire.Npgsql.EntityFrameworkCore.PostgreSQL", "13.6.5"), ("Npgsql.EntityFrameworkCore.PostgreSQL", "8.0.11"), ("Npgsql", "10.0.3"),
        ("Npgsql.DependencyInjection", "10.0.3"), ("Npgsql.OpenTelemetry", "10.0.3"), ("Microsoft.EntityFrameworkCore.Relational", "8.0.30"),
        ("Microsoft.EntityFrameworkCore", "8.0.30"), ("Microsoft.EntityFrameworkCore.Abstractions", "8.0.30"));

    // A background initializer that migrates inside the context's execution strategy (the shape eShop, the Aspire
    // samples and Clean Architecture templates use); {REGISTRATION} is how the context is registered.
    private const string Initializer = """
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.EntityFrameworkCore;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;

        var builder = WebApplication.CreateBuilder(args);
        {REGISTRATION}
        builder.Services.AddHostedService<ApiDbInitializer>();
        var app = builder.Build();
        app.Run();

        public sealed class ApiDbInitializer(System.IServiceProvider serviceProvider) : BackgroundService
        {
            protected override async Task ExecuteAsync(CancellationToken cancellationToken)
            {
                using var scope = serviceProvider.CreateScope();
                var dbContext = scope.ServiceProvider.GetRequiredService<TicketContext>();
                var strategy = dbContext.Database.CreateExecutionStrategy();
                await strategy.ExecuteAsync(async () =>
                {
                    await {|#0:dbContext.Database.MigrateAsync(cancellationToken)|};
                });
            }
        }

        public sealed class TicketContext(DbContextOptions<TicketContext> options) : DbContext(options);
        """;

    private static DiagnosticResult Reported()
        => Verify.Diagnostic("MESH030").WithLocation(0)
            .WithArguments("'IExecutionStrategy.ExecuteAsync' → 'DatabaseFacade.MigrateAsync'", "in the first pass of ApiDbInitializer.ExecuteAsync", DeepLifecycleTests.EndsWorker);

    private static string With(string registration, string markedSource = Initializer)
        => markedSource.Replace("{REGISTRATION}", registration);

    [Fact]
    public Task NpgsqlStrategyWithRetryOnFailureCoversTheMigration()
        => Verify.VerifyAsync(
            With("""builder.Services.AddDbContext<TicketContext>(o => o.UseNpgsql("Host=db", npgsql => npgsql.EnableRetryOnFailure()));""")
                .Replace("{|#0:", string.Empty).Replace("|};", ";"),
            editorConfig: null, references: Npgsql, System.Array.Empty<DiagnosticResult>());

    [Fact]
    public Task NpgsqlStrategyWithoutRetriesIsReported()
        => Verify.VerifyAsync(
            With("""builder.Services.AddDbContext<TicketContext>(o => o.UseNpgsql("Host=db"));"""),
            editorConfig: null, references: Npgsql, Reported());

    [Fact]
    public Task NpgsqlRetryBudgetShorterThanTenSecondsIsReported()
        => Verify.VerifyAsync(
            With("""builder.Services.AddDbContext<TicketContext>(o => o.UseNpgsql("Host=db", npgsql => npgsql.EnableRetryOnFailure(maxRetryCount: 3)));"""),
            editorConfig: null, references: Npgsql, Reported());

    [Fact]
    public Task NpgsqlRetryCountFromConfigurationIsNotTrusted()
        => Verify.VerifyAsync(
            With("""
                var retries = builder.Configuration.GetValue<int>("Db:Retries");
                builder.Services.AddDbContext<TicketContext>(o => o.UseNpgsql("Host=db", npgsql => npgsql.EnableRetryOnFailure(retries)));
                """).Replace("using Microsoft.EntityFrameworkCore;", "using Microsoft.EntityFrameworkCore;\nusing Microsoft.Extensions.Configuration;"),
            editorConfig: null, references: Npgsql, Reported());

    [Fact]
    public Task RetryingStrategyInOnConfiguringCoversTheMigration()
        => Verify.VerifyAsync(
            With("builder.Services.AddDbContext<TicketContext>();")
                .Replace("{|#0:", string.Empty).Replace("|};", ";")
                .Replace(
                    "public sealed class TicketContext(DbContextOptions<TicketContext> options) : DbContext(options);",
                    """
                    public sealed class TicketContext : DbContext
                    {
                        protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder)
                            => optionsBuilder.UseNpgsql("Host=db", o => o.EnableRetryOnFailure(maxRetryCount: 8, maxRetryDelay: System.TimeSpan.FromSeconds(10), errorCodesToAdd: null));
                    }
                    """),
            editorConfig: null, references: Npgsql, System.Array.Empty<DiagnosticResult>());

    [Fact]
    public Task SqlServerRetryOnFailureDoesNotRetryARefusedConnection()
        => Verify.VerifyAsync(
            With("""builder.Services.AddDbContext<TicketContext>(o => o.UseSqlServer("Server=db", sql => sql.EnableRetryOnFailure(maxRetryCount: 15, maxRetryDelay: System.TimeSpan.FromSeconds(30), errorNumbersToAdd: null)));"""),
            editorConfig: null, references: SqlServer, Reported());

    [Fact]
    public Task PomeloStrategyWithRetryOnFailureCoversTheMigration()
        => Verify.VerifyAsync(
            With("""builder.Services.AddDbContext<TicketContext>(o => o.UseMySql("Server=db", new MySqlServerVersion(new System.Version(8, 0, 36)), mysql => mysql.EnableRetryOnFailure()));""")
                .Replace("{|#0:", string.Empty).Replace("|};", ";"),
            editorConfig: null, references: Pomelo, System.Array.Empty<DiagnosticResult>());

    [Fact]
    public Task MigrateOutsideTheStrategyIsReportedEvenWithRetries()
        => Verify.VerifyAsync(
            With("""builder.Services.AddDbContext<TicketContext>(o => o.UseNpgsql("Host=db", npgsql => npgsql.EnableRetryOnFailure()));""")
                .Replace("""
                        var strategy = dbContext.Database.CreateExecutionStrategy();
                        await strategy.ExecuteAsync(async () =>
                        {
                            await {|#0:dbContext.Database.MigrateAsync(cancellationToken)|};
                        });
                """, """
                        await {|#0:dbContext.Database.MigrateAsync(cancellationToken)|};
                """),
            editorConfig: null, references: Npgsql,
            Verify.Diagnostic("MESH030").WithLocation(0)
                .WithArguments("'DatabaseFacade.MigrateAsync'", "in the first pass of ApiDbInitializer.ExecuteAsync", DeepLifecycleTests.EndsWorker));

    // C# binds the async lambda to Execute<Task>(Func<Task>), not Execute(Action): the strategy gets the task and drops it.
    [Fact]
    public Task AsyncLambdaUnderTheSynchronousExecuteOfARetryingStrategyIsStillReported()
        => Verify.VerifyAsync(
            With("""builder.Services.AddDbContext<TicketContext>(o => o.UseNpgsql("Host=db", npgsql => npgsql.EnableRetryOnFailure()));""")
                .Replace("await strategy.ExecuteAsync(async () =>", "strategy.Execute(async () =>"),
            editorConfig: null, references: Npgsql,
            Verify.Diagnostic("MESH030").WithLocation(0)
                .WithArguments(
                    "'IExecutionStrategy.Execute' → 'DatabaseFacade.MigrateAsync'",
                    "in the first pass of ApiDbInitializer.ExecuteAsync",
                    DeepLifecycleTests.NeverStarts("ExecutionStrategyExtensions.Execute")));

    // eShop's MigrateDbContextExtensions: a generic TContext, covered when every context the project registers retries.
    private const string GenericMigration = """
        using System;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.EntityFrameworkCore;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;

        var builder = WebApplication.CreateBuilder(args);
        {REGISTRATION}
        var app = builder.Build();
        await {|#0:app.Services.MigrateDbContextAsync<CatalogContext>((context, services) => Task.CompletedTask)|};
        app.Run();

        public static class MigrateDbContextExtensions
        {
            public static async Task MigrateDbContextAsync<TContext>(this IServiceProvider services, Func<TContext, IServiceProvider, Task> seeder)
                where TContext : DbContext
            {
                using var scope = services.CreateScope();
                var context = scope.ServiceProvider.GetRequiredService<TContext>();
                var strategy = context.Database.CreateExecutionStrategy();
                await strategy.ExecuteAsync(() => InvokeSeeder(seeder, context, scope.ServiceProvider));
            }

            private static async Task InvokeSeeder<TContext>(Func<TContext, IServiceProvider, Task> seeder, TContext context, IServiceProvider services)
                where TContext : DbContext
            {
                await context.Database.MigrateAsync();
                await seeder(context, services);
            }
        }

        public sealed class CatalogContext(DbContextOptions<CatalogContext> options) : DbContext(options);
        public sealed class AuditContext(DbContextOptions<AuditContext> options) : DbContext(options);
        """;

    [Fact]
    public Task AspireNpgsqlDbContextRetriesByDefault()
        => Verify.VerifyAsync(
            With("""builder.AddNpgsqlDbContext<CatalogContext>("catalogdb");""", GenericMigration)
                .Replace("{|#0:", string.Empty).Replace(")|};", ");"),
            editorConfig: null, references: AspireNpgsql, System.Array.Empty<DiagnosticResult>());

    [Fact]
    public Task AspireNpgsqlDbContextWithDisableRetryIsReported()
        => Verify.VerifyAsync(
            With("""builder.AddNpgsqlDbContext<CatalogContext>("catalogdb", settings => settings.DisableRetry = true);""", GenericMigration),
            editorConfig: null, references: AspireNpgsql,
            Verify.Diagnostic("MESH030").WithLocation(0)
                .WithArguments(
                    "'MigrateDbContextExtensions.MigrateDbContextAsync' → 'IExecutionStrategy.ExecuteAsync' → 'MigrateDbContextExtensions.InvokeSeeder' → 'DatabaseFacade.MigrateAsync'",
                    "at start-up in Program.cs",
                    DeepLifecycleTests.CrashLoops));

    [Fact]
    public Task GenericContextIsNotCoveredWhenAnotherRegisteredContextDoesNotRetry()
        => Verify.VerifyAsync(
            With("""
                builder.AddNpgsqlDbContext<CatalogContext>("catalogdb");
                builder.Services.AddDbContext<AuditContext>(o => o.UseNpgsql("Host=audit"));
                """, GenericMigration),
            editorConfig: null, references: AspireNpgsql,
            Verify.Diagnostic("MESH030").WithLocation(0)
                .WithArguments(
                    "'MigrateDbContextExtensions.MigrateDbContextAsync' → 'IExecutionStrategy.ExecuteAsync' → 'MigrateDbContextExtensions.InvokeSeeder' → 'DatabaseFacade.MigrateAsync'",
                    "at start-up in Program.cs",
                    DeepLifecycleTests.CrashLoops));

    // aspire-samples' AspireShop.CatalogDbManager: migrate through the strategy (a method group), then seed. Once the
    // retrying strategy's migration has returned, the proxy is ready: the seed query after it is safe.
    private const string MigrateThenSeed = """
        using System.Linq;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.EntityFrameworkCore;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;

        var builder = WebApplication.CreateBuilder(args);
        {REGISTRATION}
        builder.Services.AddHostedService<CatalogDbInitializer>();
        var app = builder.Build();
        app.Run();

        internal sealed class CatalogDbInitializer(System.IServiceProvider serviceProvider) : BackgroundService
        {
            protected override async Task ExecuteAsync(CancellationToken cancellationToken)
            {
                using var scope = serviceProvider.CreateScope();
                var dbContext = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
                await {|#0:InitializeDatabaseAsync(dbContext, cancellationToken)|};
            }

            private static async Task InitializeDatabaseAsync(CatalogDbContext dbContext, CancellationToken cancellationToken)
            {
                var strategy = dbContext.Database.CreateExecutionStrategy();
                await strategy.ExecuteAsync(dbContext.Database.MigrateAsync, cancellationToken);
                if (!dbContext.Brands.Any())
                {
                    dbContext.Brands.Add(new Brand { Name = ".NET" });
                    await dbContext.SaveChangesAsync(cancellationToken);
                }
            }
        }

        public sealed class Brand
        {
            public int Id { get; set; }
            public string Name { get; set; } = "";
        }

        public sealed class CatalogDbContext(DbContextOptions<CatalogDbContext> options) : DbContext(options)
        {
            public DbSet<Brand> Brands => Set<Brand>();
        }
        """;

    [Fact]
    public Task SeedAfterARetryingStrategyHasMigratedIsSilent()
        => Verify.VerifyAsync(
            With("""builder.Services.AddDbContext<CatalogDbContext>(o => o.UseNpgsql("Host=db", npgsql => npgsql.EnableRetryOnFailure()));""", MigrateThenSeed)
                .Replace("{|#0:", string.Empty).Replace(")|};", ");"),
            editorConfig: null, references: Npgsql, System.Array.Empty<DiagnosticResult>());

    [Fact]
    public Task SeedAfterANonRetryingStrategyIsReported()
        => Verify.VerifyAsync(
            With("""builder.Services.AddDbContext<CatalogDbContext>(o => o.UseNpgsql("Host=db"));""", MigrateThenSeed),
            editorConfig: null, references: Npgsql,
            Verify.Diagnostic("MESH030").WithLocation(0)
                .WithArguments("'CatalogDbInitializer.InitializeDatabaseAsync' → 'IExecutionStrategy.ExecuteAsync' → 'DatabaseFacade.MigrateAsync'", "in the first pass of CatalogDbInitializer.ExecuteAsync", DeepLifecycleTests.EndsWorker));
}
