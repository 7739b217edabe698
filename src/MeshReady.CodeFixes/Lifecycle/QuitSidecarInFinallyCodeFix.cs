using System.Collections.Generic;
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
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace MeshReady.CodeFixes.Lifecycle;

/// <summary>
/// MESH033 fix: wrap the entry point's statements in <c>try { … } finally { await MeshProxy.QuitAsync(); }</c>
/// so every exit path (returns with exit codes, exceptions) stops the sidecar; <c>Main</c> becomes async.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(QuitSidecarInFinallyCodeFix)), Shared]
public sealed class QuitSidecarInFinallyCodeFix : CodeFixProvider
{
    public const string EquivalenceKey = "MESH033.QuitInFinally";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.JobNeverStopsSidecar.Id);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.ContainsKey(JobCompletionAnalyzer.FixableProperty) || root is not CompilationUnitSyntax unit)
            {
                continue;
            }

            var node = unit.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            var method = node.FirstAncestorOrSelf<MethodDeclarationSyntax>();
            if (method is { Body: null })
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    "Stop the Istio sidecar on every exit (finally { await MeshProxy.QuitAsync(); })",
                    ct => WrapAsync(context.Document, method, ct),
                    EquivalenceKey),
                diagnostic);
        }
    }

    private static async Task<Document> WrapAsync(Document document, MethodDeclarationSyntax? method, CancellationToken cancellationToken)
    {
        if (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is not CompilationUnitSyntax unit)
        {
            return document;
        }

        SyntaxNode newRoot;
        if (method?.Body is { } body)
        {
            var wrapped = body.WithStatements(SyntaxFactory.SingletonList<StatementSyntax>(TryFinally(body.Statements)));
            newRoot = unit.ReplaceNode(method, MeshProxyEdits.MakeAsync(method.WithBody(wrapped)));
        }
        else
        {
            var globals = unit.Members.OfType<GlobalStatementSyntax>().ToList();
            if (globals.Count == 0)
            {
                return document;
            }

            var members = new List<MemberDeclarationSyntax>();
            foreach (var member in unit.Members)
            {
                if (member == globals[0])
                {
                    members.Add(SyntaxFactory.GlobalStatement(TryFinally(globals.Select(g => g.Statement))));
                }
                else if (member is not GlobalStatementSyntax)
                {
                    members.Add(member);
                }
            }

            newRoot = unit.WithMembers(SyntaxFactory.List(members));
        }

        var formatted = await Formatter.FormatAsync(document.WithSyntaxRoot(newRoot), Formatter.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        return await MeshProxyEdits.SimplifyAsync(formatted, cancellationToken).ConfigureAwait(false);
    }

    private static TryStatementSyntax TryFinally(IEnumerable<StatementSyntax> statements)
    {
        var list = statements.ToList();
        var leading = list.Count > 0 ? list[0].GetLeadingTrivia() : default;
        var endOfLine = list.Count > 0 ? MeshProxyEdits.EndOfLine(list[0]) : SyntaxFactory.EndOfLine("\n");
        if (list.Count > 0)
        {
            list[0] = list[0].WithoutLeadingTrivia();
            list[list.Count - 1] = list[list.Count - 1].WithoutTrailingTrivia();
        }

        var quit = MeshProxyEdits.AwaitProxyCall(MeshProxyApi.QuitMethod);
        return SyntaxFactory.TryStatement(
                SyntaxFactory.Block(list),
                default,
                SyntaxFactory.FinallyClause(SyntaxFactory.Block(quit)))
            .WithLeadingTrivia(leading)
            .WithTrailingTrivia(endOfLine)
            .WithAdditionalAnnotations(Formatter.Annotation);
    }
}
