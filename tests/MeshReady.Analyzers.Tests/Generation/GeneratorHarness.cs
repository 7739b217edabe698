using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MeshReady.Analyzers.Generation;
using MeshReady.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace MeshReady.Analyzers.Tests.Generation;

/// <summary>
/// Runs <see cref="MeshReadyGenerator"/> the way the compiler does (a <see cref="CSharpGeneratorDriver"/> with step
/// tracking) over a consumer compilation built against real reference assemblies, and reports what came out.
/// </summary>
internal static class GeneratorHarness
{
    /// <summary>Reference sets, each resolved from NuGet once per test run (<see cref="TestReferences.ResolveAsync"/>).</summary>
    public static class Targets
    {
        private static readonly ReferenceAssemblies Net90Refs = new("net9.0", new PackageIdentity("Microsoft.NETCore.App.Ref", "9.0.23"), Path.Combine("ref", "net9.0"));
        private static readonly ReferenceAssemblies Net100Refs = new("net10.0", new PackageIdentity("Microsoft.NETCore.App.Ref", "10.0.12"), Path.Combine("ref", "net10.0"));

        public static readonly Target Net80 = new("net8.0", ReferenceAssemblies.Net.Net80);
        public static readonly Target Net90 = new("net9.0", Net90Refs);
        public static readonly Target Net100 = new("net10.0", Net100Refs);
        public static readonly Target NetStandard20 = new("netstandard2.0", ReferenceAssemblies.NetStandard.NetStandard20);
        public static readonly Target AspNetCore80 = new("net8.0 + ASP.NET Core", TestReferences.AspNetCore80);
        public static readonly Target Grpc80 = new("net8.0 + ASP.NET Core + gRPC", TestReferences.WithPackages(("Grpc.AspNetCore.Server", "2.65.0")));
        public static readonly Target Worker80 = new("net8.0 + Microsoft.Extensions.Hosting 8", ReferenceAssemblies.Net.Net80.AddPackages(
            ImmutableArray.Create(new PackageIdentity("Microsoft.Extensions.Hosting", "8.0.1"))));
        public static readonly Target Worker100 = new("net10.0 + Microsoft.Extensions.Hosting 10", Net100Refs.AddPackages(
            ImmutableArray.Create(new PackageIdentity("Microsoft.Extensions.Hosting", "10.0.0"))));
        public static readonly Target Worker90 = new("net9.0 + Microsoft.Extensions.Hosting 9", Net90Refs.AddPackages(
            ImmutableArray.Create(new PackageIdentity("Microsoft.Extensions.Hosting", "9.0.0"))));
    }

    public static CSharpParseOptions ParseOptions(LanguageVersion version = LanguageVersion.CSharp10)
        => new(version, DocumentationMode.Diagnose);

    public static async Task<CSharpCompilation> CompileAsync(
        Target target,
        IEnumerable<string> sources,
        NullableContextOptions nullable = NullableContextOptions.Enable,
        LanguageVersion version = LanguageVersion.CSharp10,
        string assemblyName = "Consumer",
        IEnumerable<MetadataReference>? extraReferences = null)
    {
        var references = (await target.ReferencesAsync()).AddRange(extraReferences ?? Array.Empty<MetadataReference>());
        var parse = ParseOptions(version);
        var trees = sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, parse, path: "/src/File" + i + ".cs")).ToArray();
        var outputKind = trees.Any(t => t.GetCompilationUnitRoot().Members.OfType<Microsoft.CodeAnalysis.CSharp.Syntax.GlobalStatementSyntax>().Any())
            ? OutputKind.ConsoleApplication
            : OutputKind.DynamicallyLinkedLibrary;
        return CSharpCompilation.Create(
            assemblyName,
            trees,
            references,
            new CSharpCompilationOptions(outputKind, nullableContextOptions: nullable, warningLevel: 9999));
    }

    public static GeneratorDriver CreateDriver(CSharpParseOptions parseOptions, IReadOnlyDictionary<string, string>? globalOptions = null, IEnumerable<AdditionalText>? additionalTexts = null)
        => CSharpGeneratorDriver.Create(
            new[] { new MeshReadyGenerator().AsSourceGenerator() },
            additionalTexts: additionalTexts,
            parseOptions: parseOptions,
            optionsProvider: new OptionsProvider(globalOptions ?? new Dictionary<string, string>()),
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator once and returns the driver, the output compilation and the generator's own diagnostics.</summary>
    public static (GeneratorDriver Driver, Compilation Output, ImmutableArray<Diagnostic> GeneratorDiagnostics) Run(
        CSharpCompilation compilation, IReadOnlyDictionary<string, string>? globalOptions = null, IEnumerable<AdditionalText>? additionalTexts = null)
    {
        var parse = (CSharpParseOptions)compilation.SyntaxTrees.First().Options;
        var driver = CreateDriver(parse, globalOptions, additionalTexts).RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        return (driver, output, diagnostics);
    }

    /// <summary>Hint name to generated text.</summary>
    public static IReadOnlyDictionary<string, string> Sources(GeneratorDriver driver)
        => driver.GetRunResult().Results.Single().GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString());

    /// <summary>
    /// Warnings and errors of the output compilation (the consumer's build with warnings as errors). Documentation
    /// comments are checked (generated ones must be well-formed); only CS1591 on the test's own public types is ignored.
    /// </summary>
    public static ImmutableArray<Diagnostic> Problems(Compilation output)
        => output.GetDiagnostics()
            .Where(d => d.Severity >= DiagnosticSeverity.Warning)
            .Where(d => !(d.Id == "CS1591" && d.Location.SourceTree?.FilePath.StartsWith("/src/", StringComparison.Ordinal) == true))
            .ToImmutableArray();

    public sealed class Target
    {
        private readonly ReferenceAssemblies references;

        public Target(string name, ReferenceAssemblies references)
        {
            Name = name;
            this.references = references;
        }

        public string Name { get; }

        public Task<ImmutableArray<MetadataReference>> ReferencesAsync() => TestReferences.ResolveAsync(references);

        public override string ToString() => Name;
    }

    /// <summary>An additional file (appsettings.json, Dockerfile) as MSBuild would pass it.</summary>
    public sealed class InMemoryText : AdditionalText
    {
        private readonly string text;

        public InMemoryText(string path, string text)
        {
            Path = path;
            this.text = text;
        }

        public override string Path { get; }

        public override Microsoft.CodeAnalysis.Text.SourceText GetText(CancellationToken cancellationToken = default)
            => Microsoft.CodeAnalysis.Text.SourceText.From(text);
    }

    private sealed class OptionsProvider : AnalyzerConfigOptionsProvider
    {
        private readonly DictionaryOptions global;

        public OptionsProvider(IReadOnlyDictionary<string, string> values) => global = new DictionaryOptions(values);

        public override AnalyzerConfigOptions GlobalOptions => global;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => DictionaryOptions.Empty;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => DictionaryOptions.Empty;
    }

    private sealed class DictionaryOptions : AnalyzerConfigOptions
    {
        public static readonly DictionaryOptions Empty = new(new Dictionary<string, string>());

        private readonly IReadOnlyDictionary<string, string> values;

        public DictionaryOptions(IReadOnlyDictionary<string, string> values) => this.values = values;

        public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value)
        {
            if (values.TryGetValue(key, out var found))
            {
                value = found;
                return true;
            }

            value = null;
            return false;
        }
    }
}
