using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MeshReady.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace MeshReady.CodeFixes.Listening;

/// <summary>
/// MESH006 fix: <c>options.AllowAlternateSchemes = true;</c> on the <c>KestrelServerOptions</c> whose <c>Listen…</c> or
/// <c>ConfigureEndpointDefaults</c> call the diagnostic sits in. The statement goes first in the lambda (or method) that
/// receives the options, or right after the local that holds them, so every diagnostic in one lambda makes the same edit
/// (Fix All merges them into one line); an expression-bodied lambda becomes a block. Diagnostics in appsettings files, and
/// options reached through anything but a name or a chain of names, get no fix.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AllowAlternateSchemesCodeFix)), Shared]
public sealed class AllowAlternateSchemesCodeFix : CodeFixProvider
{
    public const string EquivalenceKey = "MESH006.AllowAlternateSchemes";

    private const string KestrelServerOptions = "Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.CleartextHttp2Scheme.Id);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Location.IsInSource
                || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not { } node
                || Edit(root, node, model, context.CancellationToken) is not { } fixedRoot)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    "Set KestrelServerOptions.AllowAlternateSchemes = true",
                    ct => Formatter.FormatAsync(context.Document.WithSyntaxRoot(fixedRoot), Formatter.Annotation, cancellationToken: ct),
                    EquivalenceKey),
                diagnostic);
        }
    }

    private static SyntaxNode? Edit(SyntaxNode root, SyntaxNode node, SemanticModel model, CancellationToken cancellationToken)
    {
        // The Listen…/ConfigureEndpointDefaults call on KestrelServerOptions that holds the diagnosed Protocols.
        var call = node.AncestorsAndSelf().OfType<InvocationExpressionSyntax>().FirstOrDefault(i =>
            i.Expression is MemberAccessExpressionSyntax
            && model.GetSymbolInfo(i, cancellationToken).Symbol is IMethodSymbol method
            && method.ContainingType?.ToDisplayString() == KestrelServerOptions);
        if (call?.Expression is not MemberAccessExpressionSyntax { Expression: var receiver } || !IsPlainName(receiver))
        {
            return null;
        }

        var assignment = SyntaxFactory.ParseStatement(receiver.WithoutTrivia() + ".AllowAlternateSchemes = true;")
            .WithLeadingTrivia(SyntaxFactory.ElasticMarker)
            .WithTrailingTrivia(SyntaxFactory.ElasticEndOfLine(NewLine(root)))
            .WithAdditionalAnnotations(Formatter.Annotation);
        var holder = model.GetSymbolInfo(receiver, cancellationToken).Symbol;

        // o => o.ListenAnyIP(...): the lambda gets a block.
        if (call.Parent is LambdaExpressionSyntax { ExpressionBody: { } body } lambda && body == call)
        {
            var block = SyntaxFactory.Block(assignment, SyntaxFactory.ExpressionStatement(call.WithoutTrivia()))
                .WithAdditionalAnnotations(Formatter.Annotation);
            var rewritten = lambda.WithExpressionBody(null).WithArrowToken(lambda.ArrowToken).WithBlock(block);
            return root.ReplaceNode(lambda, rewritten.WithAdditionalAnnotations(Formatter.Annotation));
        }

        if (call.Parent is not ExpressionStatementSyntax { Parent: BlockSyntax target } statement)
        {
            return null;
        }

        var index = holder is ILocalSymbol local
            ? IndexAfterDeclaration(target, local, statement)
            : 0; // a parameter of the enclosing lambda or method: first, where every diagnostic in it puts the same line.
        return root.ReplaceNode(target, target.WithStatements(target.Statements.Insert(index, assignment)));
    }

    /// <summary>The file's own line ending, so the inserted line does not mix CRLF into an LF file.</summary>
    private static string NewLine(SyntaxNode root)
        => root.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia)) is { RawKind: not 0 } eol ? eol.ToString() : "\r\n";

    /// <summary>Right after the local's declaration when it is in this block, else right before the call's statement.</summary>
    private static int IndexAfterDeclaration(BlockSyntax block, ILocalSymbol local, StatementSyntax statement)
    {
        for (var i = 0; i < block.Statements.Count; i++)
        {
            if (block.Statements[i] is LocalDeclarationStatementSyntax declaration
                && declaration.Declaration.Variables.Any(v => v.Identifier.ValueText == local.Name))
            {
                return i + 1;
            }
        }

        return block.Statements.IndexOf(statement);
    }

    /// <summary><c>o</c>, <c>options</c>, <c>context.Options</c>: names only, so repeating the receiver has no side effects.</summary>
    private static bool IsPlainName(ExpressionSyntax expression)
        => expression switch
        {
            IdentifierNameSyntax => true,
            MemberAccessExpressionSyntax { Expression: var inner, Name: IdentifierNameSyntax } => IsPlainName(inner),
            _ => false,
        };
}
