using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MeshReady.Analyzers.Infrastructure;
using MeshReady.Analyzers.Lifecycle;
using MeshReady.Analyzers.Tests.Generation;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace MeshReady.Analyzers.Tests.Lifecycle;

/// <summary>
/// A worker that stops its host when done (MESH033) is judged with two questions about the program: does Program.cs
/// register <c>AddMeshReadiness(o =&gt; o.QuitSidecarOnStop = true)</c>, and does it quit the sidecar itself? Each used to
/// bind Program.cs (and, for the first, the methods it calls), from the worker's file: on dotnet/aspire-samples' migration
/// service that binding was most of the rule's cost, and in the IDE it is paid on each keystroke in the worker's file. A
/// program that names neither the generated helpers nor the quit, and whose references recorded no quitting summary,
/// cannot answer yes, so nothing is bound for them. No timing: the tests read how many bodies the rule bound.
/// </summary>
public class JobCompletionCostTests
{
    // The shape of aspire-samples' DatabaseMigrations.MigrationService (caf0bdf): a BackgroundService that migrates and
    // then stops the host; the hosting integration MeshReady generates is in the compilation, as in every project that
    // references Microsoft.Extensions.Hosting.
    private const string MigrationService = """
        using System.Net.Http;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;

        var builder = Host.CreateApplicationBuilder(args);
        builder.Services.AddHostedService<ApiDbInitializer>();
        REGISTER
        var app = builder.Build();
        app.Run();

        public sealed class ApiDbInitializer(IHostApplicationLifetime hostApplicationLifetime) : BackgroundService
        {
            protected override async Task ExecuteAsync(CancellationToken cancellationToken)
            {
                await new HttpClient().PostAsync("http://catalog-db-admin/migrate", null, cancellationToken);
                hostApplicationLifetime.StopApplication();
            }
        }
        """;

    [Fact]
    public async Task AProgramThatNamesNoHelperIsNotBoundForTheStopApplicationCheck()
    {
        var (diagnostics, model) = await AnalyzeAsync(MigrationService.Replace("REGISTER", string.Empty));

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("MESH033", diagnostic.Id);
        Assert.Equal(0, model.BodiesBound);
    }

    // Named, the registration is looked for as before (bound), and one without QuitSidecarOnStop does not cover the stop.
    [Fact]
    public async Task AProgramThatRegistersTheHostingIntegrationIsBound()
    {
        var (diagnostics, model) = await AnalyzeAsync(MigrationService.Replace("REGISTER", "builder.Services.AddMeshReadiness();"));

        Assert.Equal("MESH033", Assert.Single(diagnostics).Id);
        Assert.True(model.BodiesBound > 0);

        var (covered, _) = await AnalyzeAsync(MigrationService.Replace("REGISTER", "builder.Services.AddMeshReadiness(o => o.QuitSidecarOnStop = true);"));
        Assert.Empty(covered);
    }

    private static async Task<(ImmutableArray<Diagnostic> Diagnostics, LifecycleModel Model)> AnalyzeAsync(string source)
    {
        var compilation = await GeneratorHarness.CompileAsync(GeneratorHarness.Targets.AspNetCore80, new[] { source }, version: Microsoft.CodeAnalysis.CSharp.LanguageVersion.CSharp12);
        var (_, output, _) = GeneratorHarness.Run(compilation);
        Assert.Contains(output.SyntaxTrees, tree => tree.FilePath.EndsWith("MeshReady.Hosting.g.cs", System.StringComparison.Ordinal));
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

        var capture = new CompilationCapture();
        var withAnalyzers = output.WithAnalyzers(
            ImmutableArray.Create<DiagnosticAnalyzer>(new JobCompletionAnalyzer(), capture),
            new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), null, concurrentAnalysis: false, logAnalyzerExecutionTime: false));
        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(CancellationToken.None);
        Assert.NotNull(capture.Seen);
        return (diagnostics, CompilationFacts.Of(capture.Seen!).Lifecycle);
    }

    // Only hands the test the compilation object the analyzers were given.
#pragma warning disable RS1001, RS1036 // A test helper the test runs itself, never loaded as an analyzer.
    private sealed class CompilationCapture : DiagnosticAnalyzer
#pragma warning restore RS1001, RS1036
    {
        public Compilation? Seen { get; private set; }

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
            new DiagnosticDescriptor("TEST001", "capture", "capture", "Test", DiagnosticSeverity.Hidden, isEnabledByDefault: true));

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationAction(end => Seen = end.Compilation);
        }
    }
}
