using System.Collections.Generic;
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

    // Removing neighbouring statements one by one makes overlapping text changes that BatchFixer drops:
    // remove every flagged statement of a document in one RemoveNodes call instead.
    public override FixAllProvider GetFixAllProvider() => RemoveAllFixer.Instance;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            if (root is null || RemovableNode(root, diagnostic) is not { } node)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    "Remove the hop-by-hop header",
                    ct => RemoveAsync(context.Document, new[] { node }, ct),
                    EquivalenceKey),
                diagnostic);
        }
    }

    private static SyntaxNode? RemovableNode(SyntaxNode root, Diagnostic diagnostic)
    {
        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        if (node.Parent is not ExpressionStatementSyntax statement || statement.Expression != node || !CanRemove(statement))
        {
            return null;
        }

        return statement.Parent is GlobalStatementSyntax global ? global : statement;
    }

    /// <summary>A statement can go when it sits in a block or a switch section (not as the sole body of an if/loop).</summary>
    private static bool CanRemove(StatementSyntax statement)
        => statement.Parent is BlockSyntax or SwitchSectionSyntax or GlobalStatementSyntax;

    private static async Task<Document> RemoveAsync(Document document, IEnumerable<SyntaxNode> nodes, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var newRoot = root?.RemoveNodes(nodes, SyntaxRemoveOptions.KeepUnbalancedDirectives | SyntaxRemoveOptions.AddElasticMarker);
        return newRoot is null ? document : document.WithSyntaxRoot(newRoot);
    }

    private sealed class RemoveAllFixer : DocumentBasedFixAllProvider
    {
        public static readonly RemoveAllFixer Instance = new();

        protected override string GetFixAllTitle(FixAllContext fixAllContext) => "Remove the hop-by-hop headers";

        protected override async Task<Document?> FixAllAsync(FixAllContext fixAllContext, Document document, ImmutableArray<Diagnostic> diagnostics)
        {
            var root = await document.GetSyntaxRootAsync(fixAllContext.CancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return document;
            }

            var nodes = new List<SyntaxNode>();
            foreach (var diagnostic in diagnostics)
            {
                if (RemovableNode(root, diagnostic) is { } node)
                {
                    nodes.Add(node);
                }
            }

            return await RemoveAsync(document, nodes, fixAllContext.CancellationToken).ConfigureAwait(false);
        }
    }
}
