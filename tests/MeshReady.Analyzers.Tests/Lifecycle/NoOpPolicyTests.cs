using System.Threading.Tasks;
using MeshReady.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = MeshReady.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MeshReady.Analyzers.Lifecycle.StartupCallAnalyzer>;

namespace MeshReady.Analyzers.Tests.Lifecycle;

/// <summary>
/// A Polly policy that may be <c>Policy.NoOp()</c> on some path is no mitigation at start-up: the no-op runs the delegate once
/// and lets the exception through. dotnet-architecture/eShopOnDapr ad9a07b, Catalog.API <c>ProgramExtensions.cs</c>:
/// <c>CreateRetryPolicy</c> returns <c>Policy.NoOp()</c> unless configuration sets <c>RetryMigrations</c>.
/// </summary>
public class NoOpPolicyTests
{
    private static readonly ReferenceAssemblies EfAndPolly = TestReferences.WithPackages(
        ("Microsoft.EntityFrameworkCore.SqlServer", "8.0.30"), ("System.Formats.Asn1", "9.0.0"), ("Polly", "7.2.4"));

    private const string Catalog = """
        using System;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.EntityFrameworkCore;
        using Microsoft.Extensions.Configuration;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Logging;
        using Polly;

        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddDbContext<CatalogDbContext>(options => options.UseSqlServer(builder.Configuration["ConnectionStrings:CatalogDB"]!));
        var app = builder.Build();
        {|#0:app.ApplyDatabaseMigration()|};
        app.Run();

        public sealed class CatalogDbContext(DbContextOptions<CatalogDbContext> options) : DbContext(options);

        public static class ProgramExtensions
        {
            public static void ApplyDatabaseMigration(this WebApplication app)
            {
                using var scope = app.Services.CreateScope();

                var retryPolicy = CreateRetryPolicy(app.Configuration, app.Logger);
                var context = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();

                retryPolicy.Execute(context.Database.Migrate);
            }

            private static Policy CreateRetryPolicy(IConfiguration configuration, ILogger logger)
            {
                // Only use a retry policy if configured to do so.
                // When running in an orchestrator/K8s, it will take care of restarting failed services.
                if (bool.TryParse(configuration["RetryMigrations"], out bool _))
                {
                    return Policy.Handle<Exception>().
                        WaitAndRetryForever(
                            sleepDurationProvider: _ => TimeSpan.FromSeconds(5),
                            onRetry: (exception, retry, _) => logger.LogWarning(exception, "Retry {Retry} of the migration", retry));
                }

                NOOP
            }
        }
        """;

    [Fact]
    public Task PolicyFromAHelperThatMayReturnNoOpIsNoMitigation()
        => Verify.VerifyAsync(
            Catalog.Replace("NOOP", "return Policy.NoOp();"),
            editorConfig: null,
            references: EfAndPolly,
            Verify.Diagnostic("MESH030").WithLocation(0).WithArguments(
                "'ProgramExtensions.ApplyDatabaseMigration' → 'Policy.Execute, whose policy from ProgramExtensions.CreateRetryPolicy may be Policy.NoOp(), which does not retry' → 'DatabaseFacade.Migrate'",
                "at start-up in Program.cs",
                DeepLifecycleTests.CrashLoops));

    // The helper always returns a retry (here: a shorter one on the other path, still long enough): covered.
    [Fact]
    public Task PolicyFromAHelperThatAlwaysRetriesIsCovered()
        => Verify.VerifyAsync(
            Catalog.Replace("NOOP", "return Policy.Handle<Exception>().WaitAndRetry(10, _ => TimeSpan.FromSeconds(2));"),
            editorConfig: null,
            references: EfAndPolly);

    // Built in sight: a conditional that picks Policy.NoOpAsync() when retries are switched off.
    [Fact]
    public Task ConditionalNoOpInSightIsNoMitigation()
        => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;
            using Microsoft.AspNetCore.Builder;
            using Polly;

            var builder = WebApplication.CreateBuilder(args);
            var app = builder.Build();
            using var http = new HttpClient();
            IAsyncPolicy retry = app.Configuration["RetryOnStart"] == "true"
                ? Policy.Handle<HttpRequestException>().WaitAndRetryForeverAsync(_ => TimeSpan.FromSeconds(2))
                : Policy.NoOpAsync();
            var settings = await retry.ExecuteAsync(() => {|#0:http.GetStringAsync("http://config.platform/api/settings")|});
            app.Run();
            """,
            editorConfig: null,
            references: DeepLifecycleTests.PollyV7,
            Verify.Diagnostic("MESH030").WithLocation(0).WithArguments(
                "'IAsyncPolicy.ExecuteAsync, whose policy may be Policy.NoOp(), which does not retry' → 'HttpClient.GetStringAsync'",
                "at start-up in Program.cs",
                DeepLifecycleTests.CrashLoops));

    // A policy from a field or DI stays a mitigation (unknown), as before.
    [Fact]
    public Task PolicyFromDiIsStillCovered()
        => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;
            using Polly;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddSingleton<IAsyncPolicy>(Policy.Handle<HttpRequestException>().WaitAndRetryForeverAsync(_ => TimeSpan.FromSeconds(2)));
            var app = builder.Build();
            using var http = new HttpClient();
            var retry = app.Services.GetRequiredService<IAsyncPolicy>();
            var settings = await retry.ExecuteAsync(() => http.GetStringAsync("http://config.platform/api/settings"));
            app.Run();
            """,
            editorConfig: null,
            references: DeepLifecycleTests.PollyV7);
}
