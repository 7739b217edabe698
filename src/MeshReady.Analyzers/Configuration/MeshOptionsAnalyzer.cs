using System.Collections.Generic;
using System.Collections.Immutable;
using MeshReady.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MeshReady.Analyzers.Configuration;

/// <summary>MESH901: a MeshReady option has a value that cannot be read. Reported once per key and value.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class MeshOptionsAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.InvalidOption);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationAction(ReportInvalidOptions);
    }

    private static void ReportInvalidOptions(CompilationAnalysisContext context)
    {
        // Read here, once per compilation and tree; never cached by options object (see MeshContext).
        var provider = context.Options.AnalyzerConfigOptionsProvider;
        var seen = new HashSet<OptionError>();
        Report(context, MeshOptions.Read(provider.GlobalOptions, provider.GlobalOptions), seen);
        foreach (var tree in context.Compilation.SyntaxTrees)
        {
            Report(context, MeshOptions.Read(provider.GetOptions(tree), provider.GlobalOptions), seen);
        }
    }

    private static void Report(CompilationAnalysisContext context, MeshOptions options, HashSet<OptionError> seen)
    {
        foreach (var error in options.Errors)
        {
            if (seen.Add(error))
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.InvalidOption, Location.None, error.Source, error.Value, error.Key, error.Accepted, error.DefaultValue));
            }
        }
    }
}
