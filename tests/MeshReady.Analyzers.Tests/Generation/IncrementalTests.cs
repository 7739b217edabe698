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
        TrackingNames.Settings, TrackingNames.Features, TrackingNames.AllDeclarations, TrackingNames.GrpcMapped,
        TrackingNames.InferredPorts, TrackingNames.Ports, TrackingNames.Helpers,
        TrackingNames.ShutdownBudget, TrackingNames.StopsSidecar, TrackingNames.WaitsForProxy, TrackingNames.Lifecycle,
    };

    private static readonly string[] TrackedSteps =
    {
        TrackingNames.Settings, TrackingNames.Features, TrackingNames.Declarations,
        TrackingNames.AllDeclarations, TrackingNames.CodePorts, TrackingNames.GrpcMapped, TrackingNames.InferredPorts,
        TrackingNames.Ports, TrackingNames.Helpers,
        TrackingNames.ShutdownBudget, TrackingNames.StopsSidecar, TrackingNames.WaitsForProxy, TrackingNames.Lifecycle,
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
        Assert.True(driver.GetRunResult().Results.Single().TrackedSteps.ContainsKey(TrackingNames.CodePorts), "the listeners were not read");
        Assert.True(driver.GetRunResult().Results.Single().TrackedSteps.ContainsKey(TrackingNames.Declarations), "the declarations were not read");
    }

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
        var result = CreateDriver(ParseOptions()).RunGenerators(compilation).GetRunResult().Results.Single();

        Assert.True(result.TrackedSteps.ContainsKey(TrackingNames.CodePorts), "the listeners were not read");
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
                foreach (var (_, reason) in step.Outputs)
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
