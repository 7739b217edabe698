using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;
using Xunit.Abstractions;

namespace MeshReady.Analyzers.Tests.Robustness;

/// <summary>
/// Never crash the compiler: every C# input of the test suite and the samples, truncated at many points and
/// with random tokens deleted, goes through every generator, analyzer and code fix provider; none may throw.
/// Bounded in time (round-robin over inputs, so a slow machine covers every input a little rather than a few
/// inputs a lot; the first round, every input whole, always runs) and deterministic: rerun a failure with the printed seed (MESHREADY_FUZZ_SEED) to reproduce it.
/// </summary>
public class NeverCrashTests
{
    /// <summary>Fixed so CI is reproducible; set MESHREADY_FUZZ_SEED to explore other variants locally.</summary>
    private const int DefaultSeed = 20261125;

    private const int MaxVariantsPerInput = 25;

    private static readonly TimeSpan DefaultBudget = TimeSpan.FromSeconds(40);

    private static readonly TimeSpan PerRunTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Option sets that switch rules on and off; variants cycle through them.</summary>
    private static readonly (string Name, TestAnalyzerConfig Config)[] OptionSets =
    {
        ("default options", TestAnalyzerConfig.Empty),
        ("meshready.workload = job", TestAnalyzerConfig.Create("meshready.workload = job", globalConfig: null)),
        ("build_property.MeshReadyIdleTimeout = 30s", TestAnalyzerConfig.Create(editorConfig: null, "build_property.MeshReadyIdleTimeout = 30s")),
    };

    private readonly ITestOutputHelper output;

    public NeverCrashTests(ITestOutputHelper output) => this.output = output;

    [Fact]
    public async Task Half_typed_inputs_never_crash_an_analyzer_a_generator_or_a_code_fix()
    {
        var seed = ReadSetting("MESHREADY_FUZZ_SEED", DefaultSeed);
        var budget = TimeSpan.FromSeconds(ReadSetting("MESHREADY_FUZZ_SECONDS", (int)DefaultBudget.TotalSeconds));
        var inputs = CSharpInputs.Load();
        var harness = new AnalysisHarness();
        Assert.NotEmpty(inputs);
        Assert.NotEmpty(harness.Analyzers);

        var failures = new List<string>();
        var stopwatch = Stopwatch.StartNew();
        var runs = 0;
        var completedRounds = 0;
        for (var round = 0; round < MaxVariantsPerInput && (round == 0 || stopwatch.Elapsed < budget); round++)
        {
            foreach (var input in inputs)
            {
                if (round > 0 && stopwatch.Elapsed >= budget)
                {
                    break;
                }

                var variant = InputMutations.Variant(input, round, seed);
                var (optionsName, config) = OptionSets[round % OptionSets.Length];
                var result = await RunAsync(harness, variant, config);
                runs++;
                if (!result.Crashes.IsEmpty)
                {
                    failures.Add(Describe(variant, optionsName, result));
                }
            }

            completedRounds = round + 1;
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"seed {seed}: {runs} runs over {inputs.Length} inputs ({completedRounds} variant rounds) in {stopwatch.Elapsed.TotalSeconds:0.0} s; "
            + $"{harness.Analyzers.Length} analyzers, {harness.Generators.Length} generators, {harness.CodeFixProviders.Length} code fix providers "
            + $"(RegisterCodeFixesAsync called {harness.CodeFixRegistrations} times)"));
        Assert.True(failures.Count == 0, $"{failures.Count} of {runs} runs crashed:\n\n" + string.Join("\n\n", failures.Take(5)));

        Assert.True(harness.CodeFixProviders.IsEmpty || harness.CodeFixRegistrations > 0, "no diagnostic reached a code fix provider");
    }

    [Fact]
    public async Task The_harness_reports_a_throwing_analyzer_and_a_throwing_code_fix()
    {
        var harness = new AnalysisHarness(
            ImmutableArray.Create<DiagnosticAnalyzer>(new ThrowingAnalyzer()),
            ImmutableArray<ISourceGenerator>.Empty,
            ImmutableArray.Create<CodeFixProvider>(new ThrowingCodeFix()));
        var input = new CSharpInput("self-test", "class Orders { void M() { int x = 1; } }");

        var result = await RunAsync(harness, InputMutations.Variant(input, 0, DefaultSeed), TestAnalyzerConfig.Empty);

        Assert.Contains(result.Crashes, c => c.Contains(nameof(ThrowingAnalyzer), StringComparison.Ordinal));
        Assert.Contains(result.Crashes, c => c.Contains(nameof(ThrowingCodeFix), StringComparison.Ordinal));
    }

    private static async Task<HarnessResult> RunAsync(AnalysisHarness harness, InputVariant variant, TestAnalyzerConfig config)
    {
        var trees = new List<SyntaxTree> { TestCompilations.Parse(variant.Text, "/src/Input.cs") };
        if (variant.Input.Name.StartsWith("samples/", StringComparison.Ordinal))
        {
            trees.Add(TestCompilations.WebSdkImplicitUsings);
        }

        var compilation = await TestCompilations.CreateAsync(trees);
        return await harness.RunAsync(compilation, config.ToAnalyzerOptions(), PerRunTimeout);
    }

    private static string Describe(InputVariant variant, string optionsName, HarnessResult result)
    {
        var text = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"{variant} ({optionsName})");
        foreach (var crash in result.Crashes)
        {
            text.AppendLine("  " + crash);
        }

        return text.AppendLine("----- input -----").AppendLine(variant.Text).Append("----- end of input -----").ToString();
    }

    private static int ReadSetting(string name, int defaultValue)
        => int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : defaultValue;

    /// <summary>Reports on every class, then throws on every local: the harness must see the exception.</summary>
#pragma warning disable RS1001 // Handed to the harness directly, never exported.
    private sealed class ThrowingAnalyzer : DiagnosticAnalyzer
#pragma warning restore RS1001
    {
#pragma warning disable RS2008 // A test-only rule, never released.
        public static readonly DiagnosticDescriptor Rule = new("TEST001", "test", "test", "Test", DiagnosticSeverity.Warning, isEnabledByDefault: true);
#pragma warning restore RS2008

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterSymbolAction(c => c.ReportDiagnostic(Diagnostic.Create(Rule, c.Symbol.Locations[0])), SymbolKind.NamedType);
            context.RegisterOperationAction(_ => throw new InvalidOperationException("analyzer bug"), OperationKind.VariableDeclarator);
        }
    }

    private sealed class ThrowingCodeFix : CodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(ThrowingAnalyzer.Rule.Id);

        public override FixAllProvider? GetFixAllProvider() => null;

        public override Task RegisterCodeFixesAsync(CodeFixContext context) => throw new InvalidOperationException("fix bug");
    }
}
