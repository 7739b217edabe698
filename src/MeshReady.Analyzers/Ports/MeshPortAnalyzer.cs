using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using MeshReady.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using MeshReady.Analyzers.Mesh;

namespace MeshReady.Analyzers.Ports;

/// <summary>
/// MESH040, MESH042, MESH043: checks the <c>[assembly: MeshPort]</c> declarations with the same
/// <see cref="PortTable"/> the generator uses, and reports each problem on the attribute it belongs to.
/// The declarations are read once per compilation; each attribute's syntax callback reports its own.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class MeshPortAnalyzer : MeshAnalyzer
{
    /// <summary>Property with the conforming name a MESH040 fix writes.</summary>
    public const string SuggestedNameProperty = "SuggestedName";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Descriptors.PortNameConvention, Descriptors.PortProtocolConflict, Descriptors.InvalidMeshPort);

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, MeshContext mesh)
    {
        var attributeType = mesh.Types.Get(PortDeclaration.AttributeMetadataName);
        if (attributeType is null)
        {
            return;
        }

        var compilation = context.Compilation;
        var problems = new Lazy<Dictionary<(SyntaxTree Tree, TextSpan Span), List<PortProblem>>>(() => ProblemsByAttribute(compilation, attributeType));
        context.RegisterSyntaxNodeAction(c => AnalyzeAttribute(c, mesh, problems), SyntaxKind.Attribute);
    }

    private static void AnalyzeAttribute(SyntaxNodeAnalysisContext context, MeshContext mesh, Lazy<Dictionary<(SyntaxTree Tree, TextSpan Span), List<PortProblem>>> problems)
    {
        var attribute = (AttributeSyntax)context.Node;
        if (attribute.Parent is not AttributeListSyntax { Target.Identifier.RawKind: (int)SyntaxKind.AssemblyKeyword }
            || !LooksLikeMeshPort(attribute.Name)
            || !problems.Value.TryGetValue((attribute.SyntaxTree, attribute.Span), out var mine)
            || !mesh.AppliesTo(attribute.SyntaxTree))
        {
            return;
        }

        foreach (var problem in mine)
        {
            context.ReportDiagnostic(Create(problem, attribute));
        }
    }

    private static Diagnostic Create(PortProblem problem, AttributeSyntax attribute)
    {
        var args = problem.Arguments;
        switch (problem.Kind)
        {
            case PortProblemKind.NameConvention:
                var location = NameArgument(attribute)?.Expression.GetLocation() ?? attribute.GetLocation();
                return Diagnostic.Create(
                    Descriptors.PortNameConvention,
                    location,
                    ImmutableDictionary<string, string?>.Empty.Add(SuggestedNameProperty, args[2]),
                    args[0],
                    args[1],
                    args[2]);
            case PortProblemKind.ConflictingProtocol:
                return Diagnostic.Create(Descriptors.PortProtocolConflict, attribute.GetLocation(), args[0], args[1], args[2]);
            default:
                return Diagnostic.Create(Descriptors.InvalidMeshPort, attribute.GetLocation(), Reason(problem));
        }
    }

    private static string Reason(PortProblem problem)
        => problem.Kind switch
        {
            PortProblemKind.InvalidPort => "port " + problem.Arguments[0] + " is not a port number (1-65535), so no container can declare it",
            PortProblemKind.UndefinedProtocol => "(MeshProtocol)" + problem.Arguments[0] + " is not a MeshProtocol member",
            PortProblemKind.EmptyName => "the name is empty; leave Name out to get the protocol's name, or write '<protocol>-<suffix>'",
            PortProblemKind.DuplicatePort => "port " + problem.Arguments[0] + " is already declared with the same protocol; remove the repeat",
            _ => "the name '" + problem.Arguments[0] + "' is already used by another port; Kubernetes needs unique port names",
        };

    private static AttributeArgumentSyntax? NameArgument(AttributeSyntax attribute)
    {
        if (attribute.ArgumentList is null)
        {
            return null;
        }

        foreach (var argument in attribute.ArgumentList.Arguments)
        {
            if (argument.NameEquals?.Name.Identifier.ValueText == PortDeclaration.NameProperty)
            {
                return argument;
            }
        }

        return null;
    }

    /// <summary>Cheap syntactic filter before any semantic work: the attribute's simple name.</summary>
    private static bool LooksLikeMeshPort(NameSyntax name)
    {
        var simple = name switch
        {
            QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
            AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
            SimpleNameSyntax plain => plain.Identifier.ValueText,
            _ => string.Empty,
        };
        return simple is "MeshPort" or "MeshPortAttribute";
    }

    private static Dictionary<(SyntaxTree Tree, TextSpan Span), List<PortProblem>> ProblemsByAttribute(Compilation compilation, INamedTypeSymbol attributeType)
    {
        var declared = PortDeclaration.ReadAll(compilation, attributeType);
        var declarations = declared.ConvertAll(d => d.Declaration);
        var result = new Dictionary<(SyntaxTree Tree, TextSpan Span), List<PortProblem>>();
        foreach (var problem in PortTable.Build(declarations).Problems)
        {
            if (declared[problem.Index].Syntax is { } reference)
            {
                var key = (reference.SyntaxTree, reference.Span);
                if (!result.TryGetValue(key, out var list))
                {
                    result.Add(key, list = new List<PortProblem>());
                }

                list.Add(problem);
            }
        }

        return result;
    }
}
