using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MeshReady.Analyzers.Infrastructure;
using MeshReady.Analyzers.Lifecycle;
using MeshReady.Analyzers.Tests.Generation;
using MeshReady.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace MeshReady.Analyzers.Tests.Lifecycle;

/// <summary>
/// What the host builds at start-up (<see cref="StartupServices"/>) is known only by binding every DI registration of the
/// project. MESH030 asks for it only once a constructor, initializer or factory does outbound I/O, so a project whose
/// constructors only store what they are given never binds its registrations for this rule (in the IDE, every keystroke
/// makes a new compilation, and a constructor in the edited file used to bind Program.cs again). No timing: the tests read
/// whether the table was built.
/// </summary>
public class StartupServicesCostTests
{
    private const string Worker = """
        using System;
        using System.Net.Http;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;

        var builder = Host.CreateApplicationBuilder(args);
        builder.Services.AddSingleton<IRepository, Repository>();
        builder.Services.AddTransient<IClock>(sp => new SystemClock(sp.GetRequiredService<IRepository>()));
        builder.Services.AddHostedService<Worker>();
        builder.Build().Run();

        public interface IRepository { string Name { get; } }

        public interface IClock { DateTime Now { get; } }

        public sealed class Repository : IRepository
        {
            private readonly HttpClient http = new HttpClient();

            public Repository()
            {
                Name = "orders";
                CONNECT
            }

            public string Name { get; }
        }

        public sealed class SystemClock : IClock
        {
            private readonly IRepository repository;

            public SystemClock(IRepository repository) => this.repository = repository;

            public DateTime Now => DateTime.UtcNow;
        }

        public sealed class Worker : BackgroundService
        {
            private readonly IClock clock;

            public Worker(IClock clock) => this.clock = clock;

            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                while (!stoppingToken.IsCancellationRequested)
                {
                    await Task.Delay(TimeSpan.FromMinutes(1), stoppingToken);
                    Console.WriteLine(clock.Now);
                }
            }
        }
        """;

    [Fact]
    public async Task ConstructorsWithoutIoLeaveTheRegistrationsUnbound()
    {
        var (diagnostics, model) = await AnalyzeAsync(Worker.Replace("CONNECT", string.Empty));

        Assert.Empty(diagnostics);
        Assert.False(model.StartupServicesRead);
    }

    [Fact]
    public async Task AConstructorThatConnectsReadsTheRegistrationsAndIsReported()
    {
        var (diagnostics, model) = await AnalyzeAsync(Worker.Replace("CONNECT", "http.GetStringAsync(\"http://orders-db/warmup\").GetAwaiter().GetResult();"));

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("MESH030", diagnostic.Id);
        Assert.Contains("in the constructor of Repository, which the host runs to build Worker", diagnostic.GetMessage(), System.StringComparison.Ordinal);
        Assert.True(model.StartupServicesRead);
    }

    // A Web API with no hosted service builds nothing at start-up on the host's behalf: its constructors are not start-up
    // code, so they are not walked, and the classes they build are not followed (no body is bound for MESH030).
    [Fact]
    public async Task WithoutHostedServicesConstructorsAreNotFollowed()
    {
        const string Api = """
            using System.Net.Http;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddSingleton<OrdersClient>();
            var app = builder.Build();
            app.Run();

            public sealed class OrdersClient
            {
                private readonly Warmup warmup = new Warmup();
            }

            public sealed class Warmup
            {
                public Warmup() => new HttpClient().GetStringAsync("http://orders/warmup").GetAwaiter().GetResult();
            }
            """;

        var (diagnostics, model) = await AnalyzeAsync(Api);

        Assert.Empty(diagnostics);
        Assert.Equal(0, model.BodiesBound);
        Assert.False(model.StartupServicesRead);

        // With a hosted service that takes the client, its initializer is start-up code and is reported (Warmup, built with
        // new, not by the container, is reported where it is built).
        var hosted = Api.Replace("var app = builder.Build();", "builder.Services.AddHostedService<Poller>();\nvar app = builder.Build();")
            + """

            public sealed class Poller(OrdersClient client) : Microsoft.Extensions.Hosting.BackgroundService
            {
                protected override System.Threading.Tasks.Task ExecuteAsync(System.Threading.CancellationToken stoppingToken)
                    => System.Threading.Tasks.Task.CompletedTask;
            }
            """;
        var (reported, _) = await AnalyzeAsync(hosted);
        var diagnostic = Assert.Single(reported);
        Assert.Contains("'new Warmup' → 'HttpClient.GetStringAsync' runs in a field initializer of OrdersClient, which the host runs to build Poller", diagnostic.GetMessage(), System.StringComparison.Ordinal);
    }

    // Every project that references Microsoft.Extensions.Hosting gets the generated hosting integration, whose hosted service
    // the host builds only when AddMeshReadiness registers it: a Web API without hosted services of its own has nothing
    // built at start-up on its behalf, and its registrations are not bound.
    [Fact]
    public async Task TheGeneratedHostedServiceAloneBuildsNothing()
    {
        const string Api = """
            using Microsoft.Extensions.DependencyInjection;

            var builder = Microsoft.AspNetCore.Builder.WebApplication.CreateBuilder(args);
            builder.Services.AddSingleton<Catalog>();
            REGISTER
            var app = builder.Build();
            app.Run();

            public sealed class Catalog { }
            """;

        var plain = await TableAsync(Api.Replace("REGISTER", string.Empty));
        Assert.Same(StartupServices.None, plain);

        // With AddMeshReadiness called, its hosted service is built at start-up, and its registration is read as before.
        var registered = await TableAsync(Api.Replace("REGISTER", "builder.Services.AddMeshReadiness();"));
        Assert.NotSame(StartupServices.None, registered);
    }

    private static async Task<StartupServices> TableAsync(string source)
    {
        var compilation = await GeneratorHarness.CompileAsync(GeneratorHarness.Targets.AspNetCore80, new[] { source });
        var (_, output, _) = GeneratorHarness.Run(compilation);
        Assert.Contains(output.SyntaxTrees, tree => tree.FilePath.EndsWith("MeshReady.Hosting.g.cs", System.StringComparison.Ordinal));
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        return new LifecycleModel(output, new KnownTypes(output)).StartupServices(CancellationToken.None);
    }

    private static async Task<(ImmutableArray<Diagnostic> Diagnostics, LifecycleModel Model)> AnalyzeAsync(string source)
    {
        var compilation = CSharpCompilation.Create(
            "Worker",
            new[] { CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.CSharp12), path: "/src/Program.cs") },
            await TestReferences.ResolveAsync(TestReferences.AspNetCore80),
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Disable));
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

        // The driver hands analyzers a compilation of its own (with its event queue): the model is the one kept for that object.
        var capture = new CompilationCapture();
        var withAnalyzers = compilation.WithAnalyzers(
            ImmutableArray.Create<DiagnosticAnalyzer>(new StartupCallAnalyzer(), capture),
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
