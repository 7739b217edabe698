using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using MeshReady.Analyzers.Generation;
using MeshReady.Analyzers.Tests.Catalogue;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using static MeshReady.Benchmarks.AnalyzerCostReport;

namespace MeshReady.Benchmarks.Real;

/// <summary>
/// <c>real-generator --breakdown</c>: what the generator's warm first run (switch off, the IDE case) is made of, per
/// project, in CPU time of the thread (medians of R runs, each on a fresh warm compilation): the whole run, the driver's
/// own cost for a generator that adds exactly the same sources without reading anything (texts as strings, and as
/// prebuilt <see cref="SourceText"/> objects), and the generator's parts called directly: building the texts, turning
/// them into <see cref="SourceText"/> (encoding, checksum), parsing the post-initialisation attribute file (which the
/// per-tree pass asks for) and the helper sources (which the compile parses later), reading every tree's facts, the
/// reference features and the settings.
/// </summary>
internal static class FirstRunBreakdown
{
    public static void Run(
        IReadOnlyList<(RealProject Project, Func<LoadedCompilation> Create)> projects, int repeat, TextWriter output, bool oursOnly = false, ImmutableArray<ISourceGenerator> baseline = default)
    {
        var generators = RuleCatalog.Generators.ToImmutableArray();
        baseline = baseline.IsDefault ? ImmutableArray<ISourceGenerator>.Empty : baseline;

        var columns = new List<string>();
        var totals = new Dictionary<string, double>();
        var rows = new List<(string Name, int Lines, Dictionary<string, double> Cells)>();
        var first = true;
        foreach (var (project, create) in projects)
        {
            var probe = create();
            var lines = probe.Compilation.SyntaxTrees.Sum(t => t.GetText().Lines.Count);
            var parseOptions = probe.ParseOptions;
            var outputs = NewDriver(generators, probe, parseOptions).RunGenerators(Warm(probe.Compilation)).GetRunResult().Results[0].GeneratedSources;
            var postInit = outputs.Where(s => s.HintName == GeneratedSources.AttributesHintName).ToImmutableArray();
            var others = outputs.Where(s => s.HintName != GeneratedSources.AttributesHintName).ToImmutableArray();
            var cells = new Dictionary<string, double>();
            void Cell(string name, Func<double> measure)
            {
                if (first)
                {
                    columns.Add(name);
                }

                var times = Enumerable.Range(0, Math.Max(1, repeat)).Select(_ => measure()).OrderBy(x => x).ToList();
                var median = times[times.Count / 2];
                cells[name] = median;
                totals[name] = totals.GetValueOrDefault(name) + median;
            }

            double OnFresh(Func<LoadedCompilation, Action> prepare)
            {
                var fresh = create();
                _ = Warm(fresh.Compilation);
                var action = prepare(fresh);
                var start = GeneratorCostReport.ThreadCpu();
                action();
                return (GeneratorCostReport.ThreadCpu() - start).TotalMilliseconds;
            }

            var strings = new ConstantOutputs(postInit.Select(s => (s.HintName, (object)s.SourceText.ToString())), others.Select(s => (s.HintName, (object)s.SourceText.ToString())));
            var prebuilt = new ConstantOutputs(postInit.Select(s => (s.HintName, (object)Prebuilt(s.SourceText))), others.Select(s => (s.HintName, (object)Prebuilt(s.SourceText))));
            var texts = outputs.Select(s => s.SourceText.ToString()).ToArray();
            var attributeText = postInit.Single().SourceText.ToString();
            var helperTexts = others.Select(s => s.SourceText.ToString()).ToArray();

            if (baseline.IsEmpty)
            {
                Cell("MeshReady's generator", () => OnFresh(l => () => NewDriver(generators, l, parseOptions).RunGenerators(l.Compilation)));
            }
            else
            {
                // This build and the baseline take turns, the order alternating, so the machine's load falls on both alike.
                var turn = 0;
                var other = new List<double>();
                Cell("MeshReady's generator", () =>
                {
                    var first = turn++ % 2 == 0;
                    if (!first)
                    {
                        other.Add(OnFresh(l => () => NewDriver(baseline, l, parseOptions).RunGenerators(l.Compilation)));
                    }

                    var ours = OnFresh(l => () => NewDriver(generators, l, parseOptions).RunGenerators(l.Compilation));
                    if (first)
                    {
                        other.Add(OnFresh(l => () => NewDriver(baseline, l, parseOptions).RunGenerators(l.Compilation)));
                    }

                    return ours;
                });
                Cell("baseline's generator (taking turns)", () =>
                {
                    var value = other[0];
                    other.RemoveAt(0);
                    return value;
                });
            }

            if (oursOnly)
            {
                rows.Add((project.Name, lines, cells));
                first = false;
                continue;
            }

            Cell("empty generator", () => OnFresh(l => () => NewDriver(ImmutableArray.Create(new Empty().AsSourceGenerator()), l, parseOptions).RunGenerators(l.Compilation)));
            Cell("same sources, strings", () => OnFresh(l => () => NewDriver(ImmutableArray.Create(strings.AsSourceGenerator()), l, parseOptions).RunGenerators(l.Compilation)));
            Cell("same sources, prebuilt SourceText", () => OnFresh(l => () => NewDriver(ImmutableArray.Create(prebuilt.AsSourceGenerator()), l, parseOptions).RunGenerators(l.Compilation)));
            Cell("same sources + our pipeline's shape, trivial steps", () => OnFresh(l => () => NewDriver(ImmutableArray.Create(new Shape(prebuilt).AsSourceGenerator()), l, parseOptions).RunGenerators(l.Compilation)));
            Cell("build the texts", () => OnFresh(l => () => BuildTexts(l)));
            Cell("SourceText.From (UTF-8)", () => OnFresh(unused => () =>
            {
                foreach (var text in texts)
                {
                    _ = SourceText.From(text, Encoding.UTF8);
                }
            }));
            Cell("+ checksums", () => OnFresh(unused => () =>
            {
                foreach (var text in texts)
                {
                    _ = SourceText.From(text, Encoding.UTF8).GetChecksum();
                }
            }));
            Cell("parse attribute file", () => OnFresh(unused => () => CSharpSyntaxTree.ParseText(attributeText, parseOptions).GetRoot()));
            Cell("parse attribute file, doc comments diagnosed", () => OnFresh(unused => () => CSharpSyntaxTree.ParseText(attributeText, parseOptions.WithDocumentationMode(DocumentationMode.Diagnose)).GetRoot()));
            Cell("parse helper sources (the compile's)", () => OnFresh(unused => () =>
            {
                foreach (var text in helperTexts)
                {
                    _ = CSharpSyntaxTree.ParseText(text, parseOptions).GetRoot();
                }
            }));
            Cell("TreeFacts.Resolve (user trees)", () => OnFresh(l => () => TreeFacts.Resolve(l.Compilation, CancellationToken.None)));
            Cell("text filter (MayHoldCandidates), every tree", () => OnFresh(l => () =>
            {
                foreach (var tree in l.Compilation.SyntaxTrees)
                {
                    _ = TreeFacts.MayHoldCandidates(tree.GetText());
                }
            }));
            Cell("trees walked (count)", () => create().Compilation.SyntaxTrees.Count(t => TreeFacts.MayHoldCandidates(t.GetText())));
            Cell("trees (count)", () => create().Compilation.SyntaxTrees.Count());
            Cell("CompilationFeatures.FromReferences", () => OnFresh(l => () => CompilationFeatures.FromReferences(l.Compilation)));
            Cell("GeneratorSettings.Read", () => OnFresh(l => () => GeneratorSettings.Read(l.OptionsProvider)));
            rows.Add((project.Name, lines, cells));
            first = false;
        }

        var documentation = projects.Count > 0 ? projects[0].Create().ParseOptions.DocumentationMode.ToString() : "?";
        output.WriteLine();
        output.WriteLine(Invariant($"Breakdown of the warm first run (switch off), CPU time of the thread, medians of {repeat}; the projects' parse options have DocumentationMode {documentation}:"));
        output.WriteLine();
        output.WriteLine("| Project | Lines | " + string.Join(" | ", columns) + " |");
        output.WriteLine("|---|---:|" + string.Concat(columns.Select(_ => "---:|")));
        foreach (var (name, lines, cells) in rows)
        {
            output.WriteLine(Invariant($"| {name} | {lines:#,0} | ") + string.Join(" | ", columns.Select(c => Invariant($"{cells[c]:0.000}"))) + " |");
        }

        var allLines = rows.Sum(r => r.Lines);
        output.WriteLine(Invariant($"| **all** | {allLines:#,0} | ") + string.Join(" | ", columns.Select(c => Invariant($"{totals[c]:0.00} ({totals[c] * 10_000 / Math.Max(1, allLines):0.0}/10k)"))) + " |");
    }

    /// <summary>The generator(s) of another build of MeshReady.Analyzers.dll, loaded beside this one.</summary>
    public static ImmutableArray<ISourceGenerator> Load(string dll)
    {
        var reference = new Microsoft.CodeAnalysis.Diagnostics.AnalyzerFileReference(Path.GetFullPath(dll), new RealCostReport.DirectoryLoader());
        reference.AnalyzerLoadFailed += (_, e) => throw e.Exception ?? new InvalidOperationException(e.Message);
        return reference.GetGenerators(LanguageNames.CSharp);
    }

    private static SourceText Prebuilt(SourceText text)
    {
        var built = SourceText.From(text.ToString(), Encoding.UTF8);
        _ = built.GetChecksum();
        return built;
    }

    /// <summary>The texts the generator builds on a first run, from the same inputs.</summary>
    private static void BuildTexts(LoadedCompilation loaded)
    {
        var settings = GeneratorSettings.Read(loaded.OptionsProvider);
        _ = GeneratedSources.Attributes();
        _ = GeneratedSources.EmbeddedAttribute();
        _ = MeshProxySource.Text(GeneratedSources.GeneratedCodeAttribute);
        _ = HostingSource.Text(GeneratedSources.GeneratedCodeAttribute);
        _ = GeneratedSources.Ports(new PortsModel(EquatableArray<MeshReady.Analyzers.Ports.ResolvedPort>.Empty, settings));
        _ = GeneratedSources.Lifecycle(new LifecycleFacts(0, false, false));
    }

    private static GeneratorDriver NewDriver(ImmutableArray<ISourceGenerator> generators, LoadedCompilation loaded, CSharpParseOptions parseOptions)
        => CSharpGeneratorDriver.Create(
            generators, loaded.AdditionalFiles, parseOptions, loaded.OptionsProvider,
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: false));

    private static CSharpCompilation Warm(CSharpCompilation compilation)
    {
        _ = compilation.GetTypeByMetadataName("System.Object");
        _ = compilation.Assembly.GlobalNamespace.GetMembers().Count();
        return compilation;
    }

    private sealed class Empty : IIncrementalGenerator
    {
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
        }
    }

    /// <summary>
    /// The same sources added through a pipeline of MeshReady's generator's shape (its providers, Select, Where, Collect and
    /// Combine nodes, the whole-program step's included), each step trivial: what the pipeline's nodes cost a first run.
    /// </summary>
    private sealed class Shape(ConstantOutputs sources) : IIncrementalGenerator
    {
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            context.RegisterPostInitializationOutput(post => sources.PostInit(post));
            var settings = context.AnalyzerConfigOptionsProvider.Select(static (p, _) => p.GlobalOptions is not null);
            var resolved = context.CompilationProvider.Select(static (c, _) => ImmutableArray.Create(1, 2, 3, 4));
            var code = resolved.Select(static (all, _) => all.Length);
            var references = context.CompilationProvider.Select(static (c, _) => c.ExternalReferences.Length);
            var features = references.Combine(code).Select(static (i, _) => i.Left + i.Right);
            var declarations = resolved.Select(static (all, _) => all.Length);
            var filePorts = context.AdditionalTextsProvider.Select(static (f, _) => f.Path.Length).Where(static n => n < 0).Collect();
            var inferred = code.Combine(filePorts).Select(static (i, _) => i.Left + i.Right.Length);
            var ports = declarations.Combine(inferred).Combine(settings).Select(static (i, _) => i.Left.Left + i.Left.Right);
            context.RegisterSourceOutput(ports, static (_, _) => { });
            var lifecycle = code.Select(static (c, _) => c);
            context.RegisterSourceOutput(lifecycle, static (_, _) => { });
            var helpers = settings.Combine(features);
            context.RegisterSourceOutput(helpers, (production, _) => sources.Others(production));
            var option = context.AnalyzerConfigOptionsProvider.Select(static (p, _) => p.GlobalOptions.TryGetValue("meshready.whole_program", out var unused));
            var whole = context.CompilationProvider.Combine(option).Combine(settings).Combine(features).Select(static (i, _) => i.Left.Left.Right);
            context.RegisterImplementationSourceOutput(whole, static (_, _) => { });
        }
    }

    /// <summary>Adds the given sources (strings or SourceTexts) as post-initialisation and ordinary output, reading nothing.</summary>
    private sealed class ConstantOutputs(IEnumerable<(string Hint, object Text)> postInit, IEnumerable<(string Hint, object Text)> others) : IIncrementalGenerator
    {
        private readonly (string Hint, object Text)[] postInit = postInit.ToArray();
        private readonly (string Hint, object Text)[] others = others.ToArray();

        public void PostInit(IncrementalGeneratorPostInitializationContext post)
        {
            foreach (var (hint, text) in postInit)
            {
                if (text is string s)
                {
                    post.AddSource(hint, s);
                }
                else
                {
                    post.AddSource(hint, (SourceText)text);
                }
            }
        }

        public void Others(SourceProductionContext production)
        {
            foreach (var (hint, text) in others)
            {
                if (text is string s)
                {
                    production.AddSource(hint, s);
                }
                else
                {
                    production.AddSource(hint, (SourceText)text);
                }
            }
        }

        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            context.RegisterPostInitializationOutput(post =>
            {
                foreach (var (hint, text) in postInit)
                {
                    if (text is string s)
                    {
                        post.AddSource(hint, s);
                    }
                    else
                    {
                        post.AddSource(hint, (SourceText)text);
                    }
                }
            });
            context.RegisterSourceOutput(context.CompilationProvider.Select(static (_, _) => 0), (production, _) =>
            {
                foreach (var (hint, text) in others)
                {
                    if (text is string s)
                    {
                        production.AddSource(hint, s);
                    }
                    else
                    {
                        production.AddSource(hint, (SourceText)text);
                    }
                }
            });
        }
    }
}
