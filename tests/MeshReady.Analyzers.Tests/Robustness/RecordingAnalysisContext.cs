using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MeshReady.Analyzers.Tests.Robustness;

/// <summary>
/// An <see cref="AnalysisContext"/> that records what an analyzer's <c>Initialize</c> declares and runs nothing.
/// Every registration is overridden: the base class throws for the virtual ones.
/// </summary>
internal sealed class RecordingAnalysisContext : AnalysisContext
{
    public bool ConcurrentExecutionEnabled { get; private set; }

    public bool GeneratedCodeAnalysisConfigured { get; private set; }

    public override void EnableConcurrentExecution() => ConcurrentExecutionEnabled = true;

    public override void ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags analysisMode) => GeneratedCodeAnalysisConfigured = true;

    public override void RegisterCompilationStartAction(Action<CompilationStartAnalysisContext> action)
    {
    }

    public override void RegisterCompilationAction(Action<CompilationAnalysisContext> action)
    {
    }

    public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action)
    {
    }

    public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> symbolKinds)
    {
    }

    public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action)
    {
    }

    public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action)
    {
    }

    public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action)
    {
    }

    public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds)
    {
    }

    public override void RegisterSymbolStartAction(Action<SymbolStartAnalysisContext> action, SymbolKind symbolKind)
    {
    }

    public override void RegisterOperationAction(Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> operationKinds)
    {
    }

    public override void RegisterOperationBlockStartAction(Action<OperationBlockStartAnalysisContext> action)
    {
    }

    public override void RegisterOperationBlockAction(Action<OperationBlockAnalysisContext> action)
    {
    }

    public override void RegisterAdditionalFileAction(Action<AdditionalFileAnalysisContext> action)
    {
    }
}
