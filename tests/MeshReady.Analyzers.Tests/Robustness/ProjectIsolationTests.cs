using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using MeshReady.Analyzers.Infrastructure;
using MeshReady.Analyzers.Tests.Catalogue;
using MeshReady.Analyzers.Tests.Generation;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace MeshReady.Analyzers.Tests.Robustness;

/// <summary>
/// The compiler server and the IDE analyze many projects in one process, with the same analyzer instances. Projects
/// differ by their MSBuild properties (<c>build_property.MeshReady*</c>, project-wide), while every source file that no
/// <c>.editorconfig</c> section matches gets the one empty per-file options object the compiler shares across all
/// compilations. Each project must still get the behaviour its own options ask for, analyzed one after the other or at
/// the same time.
/// </summary>
public class ProjectIsolationTests
{
    /// <summary>A service with something for each option below to change.</summary>
    private const string Service = """
        using System;
        using System.Net.Http;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Hosting;

        var builder = WebApplication.CreateBuilder(args);
        builder.WebHost.ConfigureKestrel(o => o.ListenAnyIP(15004));
        var settings = Acme.Config.RemoteSettings.Load();
        var ledger = new HttpClient { BaseAddress = new Uri("http://10.20.0.5:8080/") };
        var app = builder.Build();
        app.Run();

        namespace Acme.Config
        {
            public static class RemoteSettings
            {
                public static string Load() => "";
            }
        }
        """;

    /// <summary>An appsettings file that binds loopback (MESH001, reported from the project-wide options).</summary>
    private const string AppSettings = """
        { "Urls": "http://localhost:5000" }
        """;

    /// <summary>
    /// Istio 1.24 still binds pilot-agent's debug port 15004 (MESH002), the ledger's IP is allowed (no MESH020),
    /// <c>RemoteSettings</c> is declared outbound I/O (MESH030 at start-up), and one value is unreadable (MESH901).
    /// </summary>
    private const string ProjectA = """
        build_property.MeshReadyIstioVersion = 1.24
        build_property.MeshReadyAllowedIPs = 10.20.0.5
        build_property.MeshReadyOutboundIo = Acme.Config.RemoteSettings
        build_property.MeshReadyIdleTimeout = soon
        """;

    /// <summary>Nothing set: the newest release (15004 is free), the IP is a hard-coded destination (MESH020).</summary>
    private const string ProjectB = "";

    /// <summary>No mesh at all: every rule is silent.</summary>
    private const string ProjectC = "build_property.MeshReadyDataPlane = none";

    private static readonly Dictionary<string, string[]> Expected = new()
    {
        ["A"] = new[] { "MESH001", "MESH002", "MESH030", "MESH901" },
        ["B"] = new[] { "MESH001", "MESH020" },
        ["C"] = Array.Empty<string>(),
    };

    /// <summary>One set of analyzer instances for every project, as one compiler-server or IDE process has.</summary>
    private static readonly AnalysisHarness Harness = new(
        RuleCatalog.Analyzers.ToImmutableArray(), ImmutableArray<ISourceGenerator>.Empty, ImmutableArray<CodeFixProvider>.Empty);

    [Fact]
    public async Task Files_without_editorconfig_share_the_compilers_empty_options_across_projects()
    {
        var a = await ProjectAsync("A");
        var b = await ProjectAsync("B");

        var optionsA = a.Options.AnalyzerConfigOptionsProvider.GetOptions(a.Compilation.SyntaxTrees.Last());
        var optionsB = b.Options.AnalyzerConfigOptionsProvider.GetOptions(b.Compilation.SyntaxTrees.Last());

        // The situation the analyzers must cope with: one per-file options object, two projects with different properties.
        Assert.Same(optionsA, optionsB);
        Assert.Same(
            a.Options.AnalyzerConfigOptionsProvider.GetOptions(a.Options.AdditionalFiles[0]),
            b.Options.AnalyzerConfigOptionsProvider.GetOptions(b.Options.AdditionalFiles[0]));
        Assert.False(optionsA.TryGetValue("build_property.MeshReadyIstioVersion", out _));
        Assert.True(a.Options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue("build_property.MeshReadyIstioVersion", out _));
        Assert.False(b.Options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue("build_property.MeshReadyIstioVersion", out _));
    }

    [Theory]
    [InlineData("A", "B", "C")]
    [InlineData("C", "B", "A")]
    [InlineData("B", "A", "C")]
    public async Task Projects_analyzed_one_after_another_each_get_their_own_options(string first, string second, string third)
    {
        foreach (var name in new[] { first, second, third })
        {
            var project = await ProjectAsync(name);
            var crashes = new ConcurrentQueue<string>();

            var diagnostics = await Harness.AnalyzeAsync(project.Compilation, project.Options, concurrent: false, crashes, CancellationToken.None);

            Assert.Empty(crashes);
            Assert.Equal(Expected[name], Ids(diagnostics));
        }
    }

    [Fact]
    public async Task Projects_analyzed_at_the_same_time_each_get_their_own_options()
    {
        // Twelve analyses of the three projects at once, each on its own compilation, with concurrent analyzer execution.
        var names = Enumerable.Range(0, 12).Select(i => "ABC"[i % 3].ToString()).ToList();
        var crashes = new ConcurrentQueue<string>();

        var results = await Task.WhenAll(names.Select(name => Task.Run(async () =>
        {
            var project = await ProjectAsync(name);
            return (Name: name, Diagnostics: await Harness.AnalyzeAsync(project.Compilation, project.Options, concurrent: true, crashes, CancellationToken.None));
        })));

        Assert.Empty(crashes);
        foreach (var (name, diagnostics) in results)
        {
            Assert.Equal(Expected[name], Ids(diagnostics));
        }
    }

    [Fact]
    public async Task One_compilation_analyzed_with_two_option_sets_gets_each_its_own_behaviour()
    {
        // The IDE may analyze one compilation with options that changed since: nothing option-derived may stick to the compilation.
        var a = await ProjectAsync("A");
        var optionsB = CompilerOptions(ProjectB, a.Options.AdditionalFiles);
        var crashes = new ConcurrentQueue<string>();

        var diagnostics = await Task.WhenAll(
            Harness.AnalyzeAsync(a.Compilation, a.Options, concurrent: true, crashes, CancellationToken.None),
            Harness.AnalyzeAsync(a.Compilation, optionsB, concurrent: true, crashes, CancellationToken.None));

        Assert.Empty(crashes);
        Assert.Equal(Expected["A"], Ids(diagnostics[0]));
        Assert.Equal(Expected["B"], Ids(diagnostics[1]));
    }

    [Fact]
    public async Task Analyzers_on_one_compilation_share_its_types_and_lifecycle_model_but_not_its_options()
    {
        var a = await ProjectAsync("A");
        var c = await ProjectAsync("C");
        var tree = a.Compilation.SyntaxTrees.Last();

        var startup = new MeshContext(a.Compilation, a.Options, DataPlanes.NativeSidecar | DataPlanes.Ambient);
        var shutdown = new MeshContext(a.Compilation, a.Options, DataPlanes.NativeSidecar | DataPlanes.Ambient);
        var otherOptions = new MeshContext(a.Compilation, c.Options, DataPlanes.NoneMoot);
        var otherProject = new MeshContext(c.Compilation, c.Options, DataPlanes.NoneMoot);

        Assert.Same(startup.Types, shutdown.Types);
        Assert.Same(startup.Lifecycle, shutdown.Lifecycle);
        Assert.NotSame(startup.Lifecycle, otherProject.Lifecycle);
        Assert.Equal("1.24", startup.OptionsFor(tree).IstioRelease.ToString());
        Assert.Equal(DataPlane.Sidecar, startup.OptionsFor(tree).DataPlane);
        Assert.Equal(DataPlane.None, otherOptions.OptionsFor(tree).DataPlane);
        Assert.True(startup.AppliesTo(tree));
        Assert.False(otherOptions.AppliesTo(tree));
        Assert.False(otherProject.AppliesToProject);
    }

    private static string[] Ids(ImmutableArray<Diagnostic> diagnostics)
        => diagnostics.Select(d => d.Id).Distinct().OrderBy(id => id, StringComparer.Ordinal).ToArray();

    private static async Task<(Compilation Compilation, AnalyzerOptions Options)> ProjectAsync(string name)
    {
        var text = name switch { "A" => ProjectA, "B" => ProjectB, "C" => ProjectC, _ => throw new ArgumentOutOfRangeException(nameof(name)) };

        // A fresh compilation per call: a project of its own, with its own source path and no .editorconfig.
        var tree = TestCompilations.Parse(Service, $"/projects/{name}/Program.cs");
        var compilation = await TestCompilations.CreateAsync(new[] { TestCompilations.WebSdkImplicitUsings, tree });
        var appSettings = new GeneratorHarness.InMemoryText($"/projects/{name}/appsettings.json", AppSettings);
        return (compilation, CompilerOptions(text, ImmutableArray.Create<AdditionalText>(appSettings)));
    }

    /// <summary>
    /// The options the command-line compiler builds (Roslyn's <c>CommonCompiler</c>): its
    /// <c>CompilerAnalyzerConfigOptionsProvider</c> with the project's global options (what the SDK writes from
    /// <c>CompilerVisibleProperty</c>) and no entry for a file that no <c>.editorconfig</c> section matches, so
    /// <c>GetOptions(tree)</c> returns the process-wide empty options object. Internal types, reached by reflection:
    /// a Roslyn update that renames them fails here, by name, rather than testing a look-alike.
    /// </summary>
    private static AnalyzerOptions CompilerOptions(string globalConfig, ImmutableArray<AdditionalText> additionalFiles)
    {
        const BindingFlags Any = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance;
        var providerType = typeof(AnalyzerConfigOptionsProvider).Assembly
            .GetType("Microsoft.CodeAnalysis.Diagnostics.CompilerAnalyzerConfigOptionsProvider", throwOnError: true)!;
        var empty = providerType.GetProperty("Empty", Any)?.GetValue(null)
            ?? throw new MissingMemberException(providerType.FullName, "Empty");
        var withGlobalOptions = providerType.GetMethod("WithGlobalOptions", Any)
            ?? throw new MissingMemberException(providerType.FullName, "WithGlobalOptions");

        var config = AnalyzerConfig.Parse("is_global = true\n" + globalConfig + "\n", "/projects/obj/Service.GeneratedMSBuildEditorConfig.editorconfig");
        var global = AnalyzerConfigSet.Create(new[] { config }).GlobalConfigOptions.AnalyzerOptions;
        var provider = (AnalyzerConfigOptionsProvider)withGlobalOptions.Invoke(empty, new object[] { new GlobalOptions(global) })!;
        return new AnalyzerOptions(additionalFiles, provider);
    }

    private sealed class GlobalOptions : AnalyzerConfigOptions
    {
        private readonly ImmutableDictionary<string, string> values;

        public GlobalOptions(ImmutableDictionary<string, string> values) => this.values = values;

        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
    }
}
