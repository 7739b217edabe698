using System;
using System.Threading;
using MeshReady.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace MeshReady.Analyzers.Clients;

/// <summary>Recognises expressions that evaluate to HTTP version 1.0.</summary>
internal static class HttpVersions
{
    /// <summary>
    /// True when <paramref name="value"/> is 1.0: <c>HttpVersion.Version10</c>, <c>new Version(1, 0)</c>,
    /// <c>new Version("1.0")</c>, <c>Version.Parse("1.0")</c>, directly or through a single-assignment local
    /// or a readonly field initialised that way. <paramref name="direct"/> says the expression itself is
    /// the 1.0 value (so a fix can replace it in place).
    /// </summary>
    public static bool IsHttp10(IOperation value, HttpSymbols http, CancellationToken cancellationToken, out bool direct)
    {
        var unwrapped = ValueTracking.SkipConversions(value);
        if (IsHttp10Expression(unwrapped, http, cancellationToken))
        {
            direct = true;
            return true;
        }

        direct = false;
        var origin = ValueTracking.Origin(value, cancellationToken);
        if (!ReferenceEquals(origin, unwrapped) && IsHttp10Expression(origin, http, cancellationToken))
        {
            return true;
        }

        // A readonly field or property of the same compilation initialised with a 1.0 expression.
        ISymbol? member = origin switch
        {
            IFieldReferenceOperation field when field.Field.IsReadOnly || field.Field.IsConst => field.Field,
            IPropertyReferenceOperation property when property.Property.IsReadOnly => property.Property,
            _ => null,
        };
        return member is not null
            && !SymbolEqualityComparer.Default.Equals(member.ContainingType, http.HttpVersion)
            && InitializerIsHttp10(member, cancellationToken);
    }

    private static bool IsHttp10Expression(IOperation operation, HttpSymbols http, CancellationToken cancellationToken)
    {
        switch (operation)
        {
            case IFieldReferenceOperation field:
                return field.Field.Name == "Version10"
                    && SymbolEqualityComparer.Default.Equals(field.Field.ContainingType, http.HttpVersion);

            case IObjectCreationOperation creation
                when SymbolEqualityComparer.Default.Equals(creation.Type, http.Version):
                return ArgumentsAre10(creation.Arguments, cancellationToken);

            case IInvocationOperation invocation
                when invocation.TargetMethod.Name is "Parse"
                    && SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType, http.Version):
                return ArgumentsAre10(invocation.Arguments, cancellationToken);

            default:
                return false;
        }
    }

    private static bool ArgumentsAre10(System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments, CancellationToken cancellationToken)
    {
        if (arguments.Length == 2)
        {
            return ValueTracking.ConstantInt32(arguments[0].Value, cancellationToken) == 1
                && ValueTracking.ConstantInt32(arguments[1].Value, cancellationToken) == 0;
        }

        return arguments.Length == 1
            && ValueTracking.ConstantString(arguments[0].Value, cancellationToken) is { } text
            && text.Trim() == "1.0";
    }

    /// <summary>
    /// Syntactic check of a member's initializer (<c>static readonly Version Legacy = HttpVersion.Version10;</c>).
    /// Syntax only: analyzers may not ask the compilation for another tree's semantic model (RS1030).
    /// </summary>
    private static bool InitializerIsHttp10(ISymbol member, CancellationToken cancellationToken)
    {
        foreach (var reference in member.DeclaringSyntaxReferences)
        {
            var syntax = reference.GetSyntax(cancellationToken);
            var initializer = syntax switch
            {
                VariableDeclaratorSyntax declarator => declarator.Initializer?.Value,
                PropertyDeclarationSyntax property => property.Initializer?.Value ?? property.ExpressionBody?.Expression,
                _ => null,
            };
            if (initializer is not null && IsHttp10Syntax(initializer))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsHttp10Syntax(ExpressionSyntax expression)
    {
        switch (expression)
        {
            case MemberAccessExpressionSyntax access:
                return access.Name.Identifier.ValueText == "Version10"
                    && access.Expression.ToString().EndsWith("HttpVersion", StringComparison.Ordinal);
            case BaseObjectCreationExpressionSyntax creation
                when creation is ImplicitObjectCreationExpressionSyntax
                    || (creation is ObjectCreationExpressionSyntax named && named.Type.ToString().EndsWith("Version", StringComparison.Ordinal)):
                var args = creation.ArgumentList?.Arguments;
                return args is { Count: 2 } a
                    && a[0].Expression.IsKind(SyntaxKind.NumericLiteralExpression) && a[0].Expression.ToString() == "1"
                    && a[1].Expression.IsKind(SyntaxKind.NumericLiteralExpression) && a[1].Expression.ToString() == "0";
            default:
                return false;
        }
    }
}
