using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using MeshReady.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MeshReady.CodeFixes.Clients;

/// <summary>
/// MESH011 fix: delete the statement that sets the hop-by-hop header, when that call or assignment is the
/// whole statement (an expression inside a larger expression is left for the user).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RemoveHopByHopHeaderCodeFix)), Shared]
public sealed class RemoveHopByHopHeaderCodeFix : CodeFixProvider
{
    public const string EquivalenceKey = "MESH011.RemoveHeader";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.HopByHopHeader.Id);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            var node = root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            if (node?.Parent is not ExpressionStatementSyntax statement
                || statement.Expression != node
                || !CanRemove(statement))
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    "Remove the hop-by-hop header",
                    ct => RemoveAsync(context.Document, statement, ct),
                    EquivalenceKey),
                diagnostic);
        }
    }

    /// <summary>A statement can go when it sits in a block or a switch section (not as the sole body of an if/loop).</summary>
    private static bool CanRemove(StatementSyntax statement)
        => statement.Parent is BlockSyntax or SwitchSectionSyntax or GlobalStatementSyntax;

    private static async Task<Document> RemoveAsync(Document document, ExpressionStatementSyntax statement, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        SyntaxNode toRemove = statement.Parent is GlobalStatementSyntax global ? global : statement;
        var newRoot = root.RemoveNode(toRemove, SyntaxRemoveOptions.KeepUnbalancedDirectives | SyntaxRemoveOptions.AddElasticMarker);
        return newRoot is null ? document : document.WithSyntaxRoot(newRoot);
    }
}
