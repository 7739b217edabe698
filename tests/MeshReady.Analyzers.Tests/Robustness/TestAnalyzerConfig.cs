using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MeshReady.Analyzers.Tests.Robustness;

/// <summary>
/// Analyzer options read by the compiler's own parser: an <c>.editorconfig</c> at <c>/src</c> and/or a global
/// config (what the SDK writes for <c>CompilerVisibleProperty</c> as <c>build_property.*</c>), resolved per tree.
/// </summary>
internal sealed class TestAnalyzerConfig : AnalyzerConfigOptionsProvider
{
    private readonly AnalyzerConfigSet set;
    private readonly ConcurrentDictionary<string, DictionaryOptions> byPath = new();

    private TestAnalyzerConfig(AnalyzerConfigSet set)
    {
        this.set = set;
        GlobalOptions = new DictionaryOptions(set.GlobalConfigOptions.AnalyzerOptions);
    }

    public static TestAnalyzerConfig Empty { get; } = Create(editorConfig: null, globalConfig: null);

    public override AnalyzerConfigOptions GlobalOptions { get; }

    /// <param name="editorConfig">Lines of the <c>[*.cs]</c> section of <c>/src/.editorconfig</c>.</param>
    /// <param name="globalConfig">Lines of a global config (<c>is_global = true</c>).</param>
    public static TestAnalyzerConfig Create(string? editorConfig, string? globalConfig)
    {
        var configs = new List<AnalyzerConfig>();
        if (editorConfig is not null)
        {
            configs.Add(AnalyzerConfig.Parse("root = true\n\n[*.cs]\n" + editorConfig + "\n", "/src/.editorconfig"));
        }

        if (globalConfig is not null)
        {
            configs.Add(AnalyzerConfig.Parse("is_global = true\n" + globalConfig + "\n", "/src/obj/MeshReady.GeneratedMSBuildEditorConfig.editorconfig"));
        }

        return new TestAnalyzerConfig(AnalyzerConfigSet.Create(configs));
    }

    public AnalyzerOptions ToAnalyzerOptions(ImmutableArray<AdditionalText> additionalFiles = default)
        => new(additionalFiles.IsDefault ? ImmutableArray<AdditionalText>.Empty : additionalFiles, this);

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => ForPath(tree.FilePath);

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => ForPath(textFile.Path);

    // One options object per path and provider. (The compiler shares one empty object across compilations for files no
    // .editorconfig section matches: ProjectIsolationTests covers that with the compiler's own provider.)
    private DictionaryOptions ForPath(string path) => byPath.GetOrAdd(path, p => new(set.GetOptionsForSourcePath(p).AnalyzerOptions));

    private sealed class DictionaryOptions : AnalyzerConfigOptions
    {
        private readonly ImmutableDictionary<string, string> values;

        public DictionaryOptions(ImmutableDictionary<string, string> values) => this.values = values;

        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
    }
}
