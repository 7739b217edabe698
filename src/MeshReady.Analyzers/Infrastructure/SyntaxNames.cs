using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MeshReady.Analyzers.Infrastructure;

/// <summary>Names read from syntax alone, for the generator's cheap first steps (no semantic model yet).</summary>
internal static class SyntaxNames
{
    /// <summary>
    /// The last simple name of <paramref name="expression"/>: <c>ShutdownTimeout</c> in <c>o.ShutdownTimeout</c>,
    /// <c>QuitAsync</c> in <c>MeshProxy.QuitAsync</c>, <c>?.QuitAsync</c> or <c>QuitAsync</c>.
    /// </summary>
    public static string? Last(ExpressionSyntax expression) => expression switch
    {
        MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
        MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
        SimpleNameSyntax name => name.Identifier.ValueText,
        _ => null,
    };
}
