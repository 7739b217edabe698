using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MeshReady.Analyzers;
using MeshReady.Analyzers.Ports;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MeshReady.CodeFixes.Ports;

/// <summary>
/// MESH041 fix: declare the port, <c>[assembly: MeshReady.MeshPort(8080, MeshReady.MeshProtocol.Http)]</c>, at the
/// top of the file that opens the listener. Fix All adds one declaration per distinct port.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DeclareMeshPortCodeFix)), Shared]
public sealed class DeclareMeshPortCodeFix : CodeFixProvider
{
    public const string EquivalenceKey = "MESH041.DeclarePort";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.UndeclaredPort.Id);

    // A batch of single fixes would insert at the same place and conflict: fix each document in one pass.
    public override FixAllProvider GetFixAllProvider()
        => FixAllProvider.Create(static (_, document, diagnostics) => DeclareAsync(document, diagnostics, CancellationToken.None));

    public override Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            if (Declaration(diagnostic) is { } text)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(
                        "Declare the port with " + text,
                        ct => DeclareAsync(context.Document, ImmutableArray.Create(diagnostic), ct)!,
                        EquivalenceKey),
                    diagnostic);
            }
        }

        return Task.CompletedTask;
    }

    private static string? Declaration(Diagnostic diagnostic)
        => diagnostic.Properties.TryGetValue(UndeclaredPortAnalyzer.PortProperty, out var port) && port is not null
            && diagnostic.Properties.TryGetValue(UndeclaredPortAnalyzer.ProtocolProperty, out var protocol) && protocol is not null
                ? "[assembly: MeshReady.MeshPort(" + port + ", MeshReady.MeshProtocol." + protocol + ")]"
                : null;

    private static async Task<Document?> DeclareAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        if (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is not CompilationUnitSyntax root)
        {
            return document;
        }

        var lists = new List<AttributeListSyntax>();
        foreach (var text in diagnostics.Select(Declaration).Where(t => t is not null).Distinct())
        {
            lists.Add(SyntaxFactory.ParseCompilationUnit(text + "\n").AttributeLists[0]);
        }

        if (lists.Count == 0)
        {
            return document;
        }

        // After the usings; a blank line before the first member keeps the file readable.
        lists[lists.Count - 1] = lists[lists.Count - 1].WithTrailingTrivia(SyntaxFactory.ParseTrailingTrivia("\n\n"));
        return document.WithSyntaxRoot(root.AddAttributeLists(lists.ToArray()));
    }
}
