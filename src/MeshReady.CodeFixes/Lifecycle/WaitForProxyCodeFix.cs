using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MeshReady.Analyzers;
using MeshReady.Analyzers.Lifecycle;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MeshReady.CodeFixes.Lifecycle;

/// <summary>
/// MESH030 fix: insert <c>await MeshProxy.WaitUntilReadyAsync();</c> before the statement that makes the
/// first outbound call, and make <c>Main</c> async when it is not.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(WaitForProxyCodeFix)), Shared]
public sealed class WaitForProxyCodeFix : CodeFixProvider
{
    public const string EquivalenceKey = "MESH030.WaitUntilReady";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.StartupCallBeforeProxyReady.Id);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.ContainsKey(StartupCallAnalyzer.FixableProperty)
                || root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not { } node
                || EnclosingStatement(node) is not { } statement)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    "Wait for the Istio sidecar first (await MeshProxy.WaitUntilReadyAsync())",
                    ct => InsertWaitAsync(context.Document, statement, ct),
                    EquivalenceKey),
                diagnostic);
        }
    }

    /// <summary>
    /// The statement to insert before: the innermost one that sits directly in a block or at top level, outside any lambda
    /// that is not async (an await cannot go there: <c>ConfigureServices((context, services) =&gt; …)</c> runs while the
    /// host is built, so the wait goes before the statement that builds it).
    /// </summary>
    private static StatementSyntax? EnclosingStatement(SyntaxNode node)
        => node.AncestorsAndSelf().OfType<StatementSyntax>().FirstOrDefault(s => s.Parent is BlockSyntax or GlobalStatementSyntax && !InSynchronousLambda(s));

    private static bool InSynchronousLambda(SyntaxNode node)
    {
        foreach (var ancestor in node.Ancestors())
        {
            if (ancestor is AnonymousFunctionExpressionSyntax { AsyncKeyword.RawKind: 0 } or LocalFunctionStatementSyntax)
            {
                return true;
            }

            if (ancestor is AnonymousFunctionExpressionSyntax or MemberDeclarationSyntax or GlobalStatementSyntax)
            {
                return false;
            }
        }

        return false;
    }

    private static async Task<Document> InsertWaitAsync(Document document, StatementSyntax statement, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var method = statement.FirstAncestorOrSelf<MethodDeclarationSyntax>();
        var tracked = root.TrackNodes(new SyntaxNode?[] { statement, method }.OfType<SyntaxNode>());
        var wait = MeshProxyEdits.AwaitProxyCall(MeshProxyApi.WaitMethod, statement);

        var current = tracked.GetCurrentNode(statement)!;
        tracked = current.Parent is GlobalStatementSyntax global
            ? tracked.InsertNodesBefore(global, new[] { SyntaxFactory.GlobalStatement(wait) })
            : tracked.InsertNodesBefore(current, new[] { wait });

        if (method is not null && tracked.GetCurrentNode(method) is { } currentMethod)
        {
            tracked = tracked.ReplaceNode(currentMethod, MeshProxyEdits.MakeAsync(currentMethod));
        }

        return await MeshProxyEdits.SimplifyAsync(document.WithSyntaxRoot(tracked), cancellationToken).ConfigureAwait(false);
    }
}
