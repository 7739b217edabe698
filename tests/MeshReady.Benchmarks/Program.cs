using System;
using System.Globalization;
using System.IO;
using System.Linq;
using BenchmarkDotNet.Running;
using MeshReady.Benchmarks;
using MeshReady.Benchmarks.Corpus;

// On-demand benchmarks; see docs/performance.md. Commands:
//   analyzers [--files N] [--repeat R] [--solo]   benchmark A (MeshReady vs NetAnalyzers vs compile), markdown on stdout
//   generator [--files N] [--repeat R] [--edits E] [--no-floor]   benchmark B (generator first run / unrelated edit / port edit,
//                                        then the floor: stand-in generators that do nothing, on the same edits)
//   generator --folder <path> [--repeat R] [--edits E]   benchmark B on every *.csproj under a folder of real code
//   whole-program [--files N] [--repeat R] [--edits E]   the generator's real-build-only step, on and off
//   manifests [--objects N] [--repeat R]   benchmark C (manifest checker over N Kubernetes objects)
//   real <folder> [--property Name=Value]... [--repeat R] [--warmup W] [--whole-program] [--mesh-only] [--baseline <MeshReady.Analyzers.dll>]...
//                                        benchmark A on every .csproj under a folder of real repositories; each --baseline
//                                        is another build of MeshReady measured against this one, runs taking turns;
//                                        --whole-program: a command-line build (meshready.whole_program = true), the
//                                        generator charged its CPU time; --warmup W: W full rounds discarded first (steady state)
//   real-generator <folder> [--property Name=Value]... [--repeat R] [--edits E] [--warmup W] [--breakdown [--ours-only] [--baseline <dll>]]   benchmark B
//                                        on projects loaded as `real` loads them; --breakdown: what the warm first run is made of,
//                                        part by part, and with --baseline another build's generator taking turns with this one
//   real-generator <folder> [--property ...]... [--repeat R] [--warmup W] --whole-program [--baseline <dll> | --ours-only]   the whole-program
//                                        step alone (warm switch on - off) per project, with --baseline side by side
//   ide [--files N] [--edits E]          benchmark A, IDE-shaped: one document analysed after a one-character edit
//   corpus <folder> [--files N]          write the generated corpus as a project, to inspect or build it
//   bdn [BenchmarkDotNet arguments]      the same measurements as BenchmarkDotNet benchmarks (wall time, allocations)
// Exit code 1 when a target is missed.
var command = args.FirstOrDefault() ?? "analyzers";
int Option(string name, int defaultValue)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : defaultValue;
}

switch (command)
{
    case "analyzers":
        return AnalyzerCostReport.Run(Option("--files", 2000), Option("--repeat", 3), args.Contains("--solo"), Console.Out) ? 0 : 1;
    case "real" when args.Length > 1:
        var properties = args.Select((a, i) => (a, i)).Where(x => x.a == "--property" && x.i + 1 < args.Length).Select(x => args[x.i + 1]).ToList();
        var baselines = args.Select((a, i) => (a, i)).Where(x => x.a == "--baseline" && x.i + 1 < args.Length).Select(x => args[x.i + 1]).ToList();
        return MeshReady.Benchmarks.Real.RealCostReport.Run(args[1], properties, args.Contains("--mesh-only"), Option("--repeat", 1), Console.Out, baselines, args.Contains("--whole-program"), Option("--warmup", 0)) ? 0 : 1;
    case "real-generator" when args.Length > 1:
        var generatorProperties = args.Select((a, i) => (a, i)).Where(x => x.a == "--property" && x.i + 1 < args.Length).Select(x => args[x.i + 1]).ToList();
        return MeshReady.Benchmarks.Real.RealGeneratorReport.Run(args[1], generatorProperties, Option("--repeat", 3), Option("--edits", 10), Console.Out, args.Contains("--breakdown"), args.Contains("--ours-only"),
            args.Select((a, i) => (a, i)).Where(x => x.a == "--baseline" && x.i + 1 < args.Length).Select(x => args[x.i + 1]).FirstOrDefault(), args.Contains("--whole-program"), Option("--warmup", 0)) ? 0 : 1;
    case "ide":
        return IdeCostReport.Run(Option("--files", 200), Option("--edits", 10), Console.Out) ? 0 : 1;
    case "generator" when Array.IndexOf(args, "--folder") is var at && at >= 0 && at + 1 < args.Length:
        return GeneratorCostReport.RunFolder(args[at + 1], Option("--repeat", 3), Option("--edits", 20), Console.Out, !args.Contains("--no-floor")) ? 0 : 1;
    case "generator":
        return GeneratorCostReport.Run(Option("--files", 500), Option("--repeat", 3), Option("--edits", 20), Console.Out, !args.Contains("--no-floor")) ? 0 : 1;
    case "whole-program":
        return WholeProgramCostReport.Run(Option("--files", 500), Option("--repeat", 3), Option("--edits", 20), Console.Out) ? 0 : 1;
    case "manifests":
        return ManifestCostReport.Run(Option("--objects", 1000), Option("--repeat", 5), Console.Out) ? 0 : 1;
    case "corpus" when args.Length > 1:
        var files = ServiceCorpus.Generate(Option("--files", 2000));
        ServiceCorpus.WriteTo(args[1], files);
        Console.WriteLine($"{files.Count} files, {ServiceCorpus.CountLines(files)} lines written to {Path.GetFullPath(args[1])}");
        return 0;
    case "bdn":
        BenchmarkSwitcher.FromAssembly(typeof(AnalyzerBenchmarks).Assembly).Run(args.Skip(1).ToArray());
        return 0;
    default:
        Console.Error.WriteLine("usage: analyzers|generator [--files N] [--repeat R] | manifests [--objects N] | corpus <folder> [--files N] | bdn [args]");
        return 2;
}
