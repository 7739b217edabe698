using System.Collections.Immutable;
using MeshReady.Analyzers.Listening.Endpoints;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MeshReady.Analyzers.Configuration;

/// <summary>MESH903: an appsettings file or Dockerfile among the AdditionalFiles has content the endpoint readers cannot parse.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class EndpointFilesAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.UnreadableConfigFile);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterAdditionalFileAction(ReportUnreadableContent);
    }

    private static void ReportUnreadableContent(AdditionalFileAnalysisContext context)
    {
        if (EndpointFiles.Read(context.AdditionalFile, context.CancellationToken) is { } file)
        {
            foreach (var error in file.Errors)
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.UnreadableConfigFile,
                    error.Span.ToLocation(),
                    System.IO.Path.GetFileName(file.Path),
                    error.Span.StartLine + 1,
                    error.Message));
            }
        }
    }
}
