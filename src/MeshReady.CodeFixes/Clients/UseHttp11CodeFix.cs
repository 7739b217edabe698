using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using MeshReady.Analyzers;
using MeshReady.Analyzers.Clients;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;

namespace MeshReady.CodeFixes.Clients;

/// <summary>MESH010 fix: replace the HTTP/1.0 value with <c>HttpVersion.Version11</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseHttp11CodeFix)), Shared]
public sealed class UseHttp11CodeFix : CodeFixProvider
{
    public const string EquivalenceKey = "MESH010.UseHttp11";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.Http10Request.Id);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.ContainsKey(HttpVersionAnalyzer.ReplaceableProperty)
                || root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax value)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    "Use HTTP/1.1 (HttpVersion.Version11)",
                    ct => ReplaceAsync(context.Document, value, ct),
                    EquivalenceKey),
                diagnostic);
        }
    }

    private static async Task<Document> ReplaceAsync(Document document, ExpressionSyntax value, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        // Fully qualified and marked for simplification: the result reads 'HttpVersion.Version11' where
        // 'using System.Net;' exists and stays correct where it does not.
        var replacement = SyntaxFactory.ParseExpression("global::System.Net.HttpVersion.Version11")
            .WithTriviaFrom(value)
            .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
        var updated = document.WithSyntaxRoot(root.ReplaceNode(value, replacement));
        updated = await ImportAdder.AddImportsAsync(updated, Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        return await Simplifier.ReduceAsync(updated, Simplifier.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
