using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using MeshReady.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MeshReady.CodeFixes.Listening;

/// <summary>
/// MESH001 fix: listen on every interface. <c>ListenLocalhost(p)</c> → <c>ListenAnyIP(p)</c>,
/// <c>IPAddress.Loopback</c> → <c>IPAddress.Any</c> (<c>IPv6Loopback</c> → <c>IPv6Any</c>), and
/// <c>"http://localhost:p"</c> / <c>127.0.0.1</c> / <c>[::1]</c> → <c>"http://+:p"</c> in string literals and
/// interpolations. Addresses reached through a local or computed elsewhere get no fix.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ListenOnAnyIPCodeFix)), Shared]
public sealed class ListenOnAnyIPCodeFix : CodeFixProvider
{
    public const string EquivalenceKey = "MESH001.ListenOnAnyIP";

    private static readonly Regex LoopbackHost = new(@"(?i)(https?://)(localhost|127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\])(?=[:/]|$)", RegexOptions.CultureInvariant);

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.LoopbackListener.Id);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            if (root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not { } node
                || Rewrite(node) is not { } replacement)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    "Listen on all interfaces",
                    ct => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(node, replacement))),
                    EquivalenceKey),
                diagnostic);
        }
    }

    private static SyntaxNode? Rewrite(SyntaxNode node)
    {
        switch (node)
        {
            case IdentifierNameSyntax { Identifier.ValueText: "ListenLocalhost" } name:
                return name.WithIdentifier(SyntaxFactory.Identifier("ListenAnyIP").WithTriviaFrom(name.Identifier));
            case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Loopback" or "IPv6Loopback" } access
                when access.Expression.ToString().EndsWith("IPAddress", System.StringComparison.Ordinal):
                var any = access.Name.Identifier.ValueText == "Loopback" ? "Any" : "IPv6Any";
                return access.WithName(SyntaxFactory.IdentifierName(any).WithTriviaFrom(access.Name));
            case ArgumentSyntax argument:
                return Rewrite(argument.Expression) is ExpressionSyntax rewritten ? argument.WithExpression(rewritten) : null;
            case ExpressionSyntax expression:
                return RewriteStrings(expression);
            default:
                return null;
        }
    }

    /// <summary>Replaces the loopback host in every string literal or interpolation text of the URL expression.</summary>
    private static ExpressionSyntax? RewriteStrings(ExpressionSyntax expression)
    {
        var replacements = new Dictionary<SyntaxToken, SyntaxToken>();
        foreach (var token in expression.DescendantTokens())
        {
            if (token.IsKind(SyntaxKind.StringLiteralToken) && LoopbackHost.IsMatch(token.Text))
            {
                replacements[token] = SyntaxFactory.Literal(
                    token.LeadingTrivia,
                    LoopbackHost.Replace(token.Text, "$1+"),
                    LoopbackHost.Replace(token.ValueText, "$1+"),
                    token.TrailingTrivia);
            }
            else if (token.IsKind(SyntaxKind.InterpolatedStringTextToken) && LoopbackHost.IsMatch(token.Text))
            {
                replacements[token] = SyntaxFactory.Token(
                    token.LeadingTrivia,
                    SyntaxKind.InterpolatedStringTextToken,
                    LoopbackHost.Replace(token.Text, "$1+"),
                    LoopbackHost.Replace(token.ValueText, "$1+"),
                    token.TrailingTrivia);
            }
        }

        return replacements.Count == 0 ? null : expression.ReplaceTokens(replacements.Keys, (original, _) => replacements[original]);
    }
}
