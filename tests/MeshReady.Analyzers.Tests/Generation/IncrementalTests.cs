using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Threading.Tasks;
using MeshReady.Analyzers.Generation;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;
using static MeshReady.Analyzers.Tests.Generation.GeneratorHarness;

namespace MeshReady.Analyzers.Tests.Generation;

/// <summary>
/// The pipeline must cache: running the driver again, or after an edit that touches no <c>[MeshPort]</c>, leaves
/// every tracked step <c>Cached</c> or <c>Unchanged</c> and every output <c>Cached</c>; and no step carries a
/// symbol, syntax node, location or compilation (they would defeat caching and keep compilations alive).
/// </summary>
public class IncrementalTests
{
    /// <summary>Steps every run has; the others appear only when their input has items (a listener, a [MeshPort]).</summary>
    private static readonly string[] AlwaysTracked =
    {
        TrackingNames.Settings, TrackingNames.ReferenceFeatures, TrackingNames.Features, TrackingNames.ResolvedFacts, TrackingNames.CodeSummary,
        TrackingNames.AllDeclarations, TrackingNames.InferredPorts, TrackingNames.Ports, TrackingNames.Helpers, TrackingNames.Lifecycle,
    };

    private static readonly string[] TrackedSteps =
    {
        TrackingNames.Settings, TrackingNames.ReferenceFeatures, TrackingNames.Features, TrackingNames.ResolvedFacts, TrackingNames.CodeSummary,
        TrackingNames.AllDeclarations, TrackingNames.FilePorts, TrackingNames.InferredPorts, TrackingNames.Ports, TrackingNames.Helpers,
        TrackingNames.Lifecycle,
    };

    private const string Declarations = """
        [assembly: MeshReady.MeshPort(8080, MeshReady.MeshProtocol.Http, Name = "http-orders")]
        [assembly: MeshReady.MeshPort(8081, MeshReady.MeshProtocol.Grpc)]
        """;

    private const string Handler = """
        namespace Orders
        {
            public static class Pricing
            {
                public static decimal Total(decimal price, int quantity) => price * quantity;
            }
        }
        """;

    [Fact]
    public async Task SecondRunOnAnEqualCompilationIsCached()
    {
        var compilation = await CompileAsync(Targets.Grpc80, new[] { Scenarios.GrpcService });
        var driver = CreateDriver(ParseOptions()).RunGenerators(compilation);
        driver = driver.RunGenerators(compilation.Clone());

        AssertCached(driver.GetRunResult());
    }

    [Fact]
    public async Task UnrelatedEditIsCached()
    {
        var compilation = await CompileAsync(Targets.Grpc80, new[] { Declarations, Scenarios.GrpcService.Replace("[assembly: MeshPort(8080, MeshProtocol.Http, Name = \"http-api\")]", string.Empty).Replace("[assembly: MeshPort(8081, MeshProtocol.Grpc, Name = \"grpc-greeter\")]", string.Empty).Replace("MeshPorts.HttpApi", "8080").Replace("MeshPorts.GrpcGreeter", "8082"), Handler });
        var driver = CreateDriver(ParseOptions()).RunGenerators(compilation);

        var handler = compilation.SyntaxTrees.Last();
        var edited = handler.WithChangedText(handler.GetText().Replace(handler.ToString().IndexOf("price * quantity", StringComparison.Ordinal), "price * quantity".Length, "quantity * price"));
        driver = driver.RunGenerators(compilation.ReplaceSyntaxTree(handler, edited));

        AssertCached(driver.GetRunResult());
        Assert.NotEmpty(Summary(driver.GetRunResult()).CodePorts);
        Assert.Equal(2, Assert.IsType<EquatableArray<global::MeshReady.Analyzers.Ports.PortDeclaration>>(driver.GetRunResult().Results.Single().TrackedSteps[TrackingNames.AllDeclarations].Single().Outputs.Single().Value).Count);
    }

    /// <summary>A service the way one is written: listeners, a shutdown budget, gRPC services, nothing syntax cannot settle.</summary>
    private const string Service = """
        using System;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Hosting;
        using Microsoft.AspNetCore.Server.Kestrel.Core;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;

        var builder = WebApplication.CreateBuilder(args);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.ListenAnyIP(8080, o => o.Protocols = HttpProtocols.Http1);
            kestrel.ListenAnyIP(8081, o => o.Protocols = HttpProtocols.Http2);
        });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(20));
        builder.Services.AddGrpc();
        var app = builder.Build();
        app.MapGrpcService<Greeter>();
        app.Run();

        public sealed class Greeter { }
        """;

    [Fact]
    public async Task UnrelatedEditBindsNothing()
    {
        // The expensive work is binding a candidate, and a bound candidate is bound again on every run (its answer can
        // depend on any file), so the common shapes must be read without it. Every fact here is read from syntax, before
        // and after the edit.
        var compilation = await CompileAsync(Targets.Grpc80, new[] { Service, Handler });
        var driver = CreateDriver(ParseOptions()).RunGenerators(compilation);
        var first = driver.GetRunResult().Results.Single();
        Assert.Contains("\"8081|grpc|grpc|grpc|inferred\"", first.GeneratedSources.Single(s => s.HintName == "MeshReady.MeshPorts.g.cs").SourceText.ToString(), StringComparison.Ordinal);
        Assert.Contains("\"MeshReady.ShutdownTimeoutSeconds\", \"20\"", first.GeneratedSources.Single(s => s.HintName == GeneratedSources.LifecycleHintName).SourceText.ToString(), StringComparison.Ordinal);

        var handler = compilation.SyntaxTrees.Last();
        var edited = handler.WithChangedText(handler.GetText().Replace(handler.ToString().IndexOf("price * quantity", StringComparison.Ordinal), "price * quantity".Length, "quantity * price"));
        driver = driver.RunGenerators(compilation.ReplaceSyntaxTree(handler, edited));

        var run = driver.GetRunResult();
        AssertCached(run);
        var facts = Facts(run);
        // Two listeners, the budget and MapGrpcService, and no more.
        Assert.Equal(2, facts.Count(fact => fact.Listener is { Value.Count: 1 }));
        Assert.Single(facts, fact => fact.Budget is { Value: 20 });
        Assert.Single(facts, fact => fact.MapsGrpc);
        Assert.Equal(4, facts.Count);
        Assert.All(facts, fact => Assert.False(fact.IsBound, "a candidate was bound on an unrelated edit"));
    }

    [Fact]
    public async Task UnrelatedEditReadsOnlyTheEditedTree()
    {
        // A tree's facts are read once per version of the tree and kept with it: after an edit to one file, only the new tree
        // is read (to an equal result), the others are looked up, and the step that lists every tree's facts is Unchanged;
        // the code files without candidate names read as None.
        var compilation = await CompileAsync(Targets.Grpc80, new[] { Service, Handler, Handler.Replace("Pricing", "Discounts", StringComparison.Ordinal) });
        var driver = CreateDriver(ParseOptions()).RunGenerators(compilation);
        var trees = compilation.SyntaxTrees.ToList();
        var first = trees.Select(tree => TreeFacts.TryGetRead(tree, out var facts) ? facts : null).ToList();
        Assert.All(first, Assert.NotNull);
        Assert.NotSame(TreeFacts.None, first[0]);
        Assert.Same(TreeFacts.None, first[1]);
        Assert.Same(TreeFacts.None, first[2]);

        var handler = trees[2];
        var edited = handler.WithChangedText(handler.GetText().Replace(handler.ToString().IndexOf("price * quantity", StringComparison.Ordinal), "price * quantity".Length, "quantity * price"));
        Assert.False(TreeFacts.TryGetRead(edited, out _));
        driver = driver.RunGenerators(compilation.ReplaceSyntaxTree(handler, edited));

        var result = driver.GetRunResult().Results.Single();
        Assert.True(TreeFacts.TryGetRead(edited, out var reread), "the edited tree was not read");
        Assert.Same(TreeFacts.None, reread);
        for (var i = 0; i < 2; i++)
        {
            Assert.True(TreeFacts.TryGetRead(trees[i], out var kept));
            Assert.Same(first[i], kept);
        }

        Assert.Equal(IncrementalStepRunReason.Unchanged, result.TrackedSteps[TrackingNames.ResolvedFacts].Single().Outputs.Single().Reason);
        AssertCached(driver.GetRunResult());
    }

    [Fact]
    public async Task EditingAListenerReadsItAgain()
    {
        // The counter-check: an edit to the listener's own tree changes that tree's facts and the ports.
        var compilation = await CompileAsync(Targets.Grpc80, new[] { Service, Handler });
        var driver = CreateDriver(ParseOptions()).RunGenerators(compilation);
        var service = compilation.SyntaxTrees.First();
        var edited = service.WithChangedText(service.GetText().Replace(service.ToString().IndexOf("ListenAnyIP(8080", StringComparison.Ordinal), "ListenAnyIP(8080".Length, "ListenAnyIP(9090"));
        driver = driver.RunGenerators(compilation.ReplaceSyntaxTree(service, edited));

        var result = driver.GetRunResult().Results.Single();
        Assert.Equal(IncrementalStepRunReason.Modified, result.TrackedSteps[TrackingNames.ResolvedFacts].Single().Outputs.Single().Reason);
        Assert.True(TreeFacts.TryGetRead(edited, out var facts), "the edited tree was not read again");
        Assert.NotSame(TreeFacts.None, facts);
        Assert.Contains("\"9090|http|http|http|inferred\"", result.GeneratedSources.Single(s => s.HintName == "MeshReady.MeshPorts.g.cs").SourceText.ToString(), StringComparison.Ordinal);
        Assert.All(Facts(driver.GetRunResult()), fact => Assert.False(fact.IsBound));
    }

    [Fact]
    public async Task AListenerWithAConstantPortIsBound()
    {
        // The counter-check: the same assertion sees binding when a candidate needs it (the port is a constant).
        var compilation = await CompileAsync(Targets.Grpc80, new[] { Service.Replace("ListenAnyIP(8080,", "ListenAnyIP(Ports.Http,", StringComparison.Ordinal) + "static class Ports { public const int Http = 8080; }", Handler });
        var run = CreateDriver(ParseOptions()).RunGenerators(compilation).GetRunResult();

        Assert.Single(Facts(run), fact => fact.IsBound);
        Assert.Contains("\"8080|http|http|http|inferred\"", run.Results.Single().GeneratedSources.Single(s => s.HintName == "MeshReady.MeshPorts.g.cs").SourceText.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReferenceFeaturesMatchTheReferences()
    {
        // Read from metadata, not symbols: the same answers the compilation's own lookups give.
        foreach (var (target, http, hosting) in new[] { (Targets.NetStandard20, false, false), (Targets.Net80, true, false), (Targets.Worker80, true, true), (Targets.AspNetCore80, true, true) })
        {
            var compilation = await CompileAsync(target, new[] { Handler });
            var features = CompilationFeatures.FromReferences(compilation);
            Assert.Equal(compilation.GetTypeByMetadataName("System.Net.Http.SocketsHttpHandler") is not null, features.HasHttpStack);
            Assert.Equal(http, features.HasHttpStack);
            Assert.Equal(hosting, features.HasHosting);
        }
    }

    /// <summary>Every candidate's fact, as the step that reads the trees handed them on.</summary>
    private static List<CodeFact> Facts(GeneratorDriverRunResult run)
        => Assert.IsType<ResolvedFacts>(run.Results.Single().TrackedSteps[TrackingNames.ResolvedFacts].Single().Outputs.Single().Value).Facts.ToList();

    private static CodeSummary Summary(GeneratorDriverRunResult run)
        => Assert.IsType<CodeSummary>(run.Results.Single().TrackedSteps[TrackingNames.CodeSummary].Single().Outputs.Single().Value);

    [Fact]
    public async Task AddingAClassIsCached()
    {
        var compilation = await CompileAsync(Targets.Net80, new[] { Declarations, Scenarios.ConsoleProgram });
        var driver = CreateDriver(ParseOptions()).RunGenerators(compilation);
        driver = driver.RunGenerators(compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("internal struct Money { }", ParseOptions())));

        AssertCached(driver.GetRunResult());
    }

    [Fact]
    public async Task ChangingADeclarationRegeneratesThePorts()
    {
        // The counter-check: the same assertions see a real change when a [MeshPort] changes.
        var compilation = await CompileAsync(Targets.Net80, new[] { Declarations, Scenarios.ConsoleProgram });
        var driver = CreateDriver(ParseOptions()).RunGenerators(compilation);
        var tree = compilation.SyntaxTrees.First();
        var edited = tree.WithChangedText(tree.GetText().Replace(tree.ToString().IndexOf("8081", StringComparison.Ordinal), 4, "9091"));
        driver = driver.RunGenerators(compilation.ReplaceSyntaxTree(tree, edited));

        var result = driver.GetRunResult().Results.Single();
        Assert.Contains(result.TrackedSteps[TrackingNames.Ports].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains("9091|grpc|grpc|grpc|declared", result.GeneratedSources.Single(s => s.HintName == "MeshReady.MeshPorts.g.cs").SourceText.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PipelineCarriesNoSymbolsSyntaxLocationsOrCompilations()
    {
        var compilation = await CompileAsync(Targets.Grpc80, new[] { Declarations, Scenarios.GrpcService.Replace("MeshPorts.HttpApi", "8090").Replace("MeshPorts.GrpcGreeter", "8091") });
        var run = CreateDriver(ParseOptions()).RunGenerators(compilation).GetRunResult();
        var result = run.Results.Single();

        Assert.NotEmpty(Summary(run).CodePorts);
        foreach (var name in TrackedSteps.Where(result.TrackedSteps.ContainsKey))
        {
            foreach (var step in result.TrackedSteps[name])
            {
                foreach (var (value, _) in step.Outputs)
                {
                    AssertNoBannedObjects(value, name, new HashSet<object>(ReferenceEqualityComparer.Instance));
                }
            }
        }
    }

    private static void AssertCached(GeneratorDriverRunResult run)
    {
        var result = run.Results.Single();
        foreach (var name in AlwaysTracked)
        {
            Assert.True(result.TrackedSteps.ContainsKey(name), "step not tracked: " + name);
        }

        foreach (var name in TrackedSteps.Where(result.TrackedSteps.ContainsKey))
        {
            foreach (var step in result.TrackedSteps[name])
            {
                foreach (var (value, reason) in step.Outputs)
                {
                    Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, name + " was " + reason);
                }
            }
        }

        Assert.NotEmpty(result.TrackedOutputSteps);
        foreach (var output in result.TrackedOutputSteps.SelectMany(p => p.Value).SelectMany(s => s.Outputs))
        {
            Assert.Equal(IncrementalStepRunReason.Cached, output.Reason);
        }
    }

    private static void AssertNoBannedObjects(object? value, string step, HashSet<object> seen)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || !seen.Add(value))
        {
            return;
        }

        Assert.False(
            value is Compilation or ISymbol or SyntaxNode or SyntaxTree or Location or SemanticModel,
            "step " + step + " carries a " + value.GetType().FullName);

        if (value is IEnumerable sequence)
        {
            foreach (var item in sequence)
            {
                AssertNoBannedObjects(item, step, seen);
            }
        }

        foreach (var field in value.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            AssertNoBannedObjects(field.GetValue(value), step, seen);
        }
    }
}
