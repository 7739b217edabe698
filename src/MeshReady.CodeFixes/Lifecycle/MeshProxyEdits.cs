using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MeshReady.Analyzers.Lifecycle;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;

namespace MeshReady.CodeFixes.Lifecycle;

/// <summary>
/// Syntax edits shared by the lifecycle fixes: calls to the generated <c>MeshReady.MeshProxy</c> written
/// fully qualified and simplified (so <c>using MeshReady;</c> is added only where needed), and
/// <c>Main</c> turned async so it can await them.
/// </summary>
internal static class MeshProxyEdits
{
    /// <summary><c>await MeshProxy.&lt;method&gt;();</c>, indented like <paramref name="neighbour"/>.</summary>
    public static StatementSyntax AwaitProxyCall(string method, StatementSyntax neighbour)
        => AwaitProxyCall(method)
            .WithLeadingTrivia(Indentation(neighbour))
            .WithTrailingTrivia(EndOfLine(neighbour));

    /// <summary><c>await global::MeshReady.MeshProxy.&lt;method&gt;();</c>, marked for simplification and import.</summary>
    public static StatementSyntax AwaitProxyCall(string method)
        => SyntaxFactory.ParseStatement("await global::" + MeshProxyApi.Namespace + "." + MeshProxyApi.ProxyType + "." + method + "();")
            .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);

    /// <summary>The leading whitespace of a statement's first line.</summary>
    public static SyntaxTriviaList Indentation(SyntaxNode statement)
    {
        var whitespace = statement.GetLeadingTrivia().LastOrDefault(t => t.IsKind(SyntaxKind.WhitespaceTrivia));
        return whitespace == default ? SyntaxTriviaList.Empty : SyntaxFactory.TriviaList(whitespace);
    }

    public static SyntaxTrivia EndOfLine(SyntaxNode node)
    {
        var eol = node.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        return eol == default ? SyntaxFactory.EndOfLine("\n") : eol;
    }

    /// <summary><c>void Main</c> → <c>async Task Main</c>, <c>int Main</c> → <c>async Task&lt;int&gt; Main</c>; async methods unchanged.</summary>
    public static MethodDeclarationSyntax MakeAsync(MethodDeclarationSyntax method)
    {
        if (method.Modifiers.Any(SyntaxKind.AsyncKeyword))
        {
            return method;
        }

        var returnType = method.ReturnType;
        TypeSyntax newType = returnType is PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.VoidKeyword }
            ? SyntaxFactory.ParseTypeName("global::System.Threading.Tasks.Task")
            : SyntaxFactory.ParseTypeName("global::System.Threading.Tasks.Task<" + returnType.ToString() + ">");
        newType = newType.WithTriviaFrom(returnType).WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);

        var asyncKeyword = SyntaxFactory.Token(SyntaxKind.AsyncKeyword).WithTrailingTrivia(SyntaxFactory.Space);
        return method.WithReturnType(newType).WithModifiers(method.Modifiers.Add(asyncKeyword));
    }

    /// <summary>Adds the imports the annotated nodes need and reduces their qualified names.</summary>
    public static async Task<Document> SimplifyAsync(Document document, CancellationToken cancellationToken)
    {
        var withImports = await ImportAdder.AddImportsAsync(document, Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        return await Simplifier.ReduceAsync(withImports, Simplifier.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
