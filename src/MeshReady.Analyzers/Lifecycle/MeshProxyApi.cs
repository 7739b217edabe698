using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using MeshReady.Analyzers.Infrastructure;
using MeshReady.Analyzers.Mesh;

namespace MeshReady.Analyzers.Lifecycle;

/// <summary>
/// The generated helpers (<c>MeshReady.MeshProxy</c>, <c>AddMeshReadiness</c>), recognised by name and
/// containing type: they are source in the user's compilation, or absent.
/// </summary>
internal static class MeshProxyApi
{
    public const string Namespace = "MeshReady";
    public const string ProxyType = "MeshProxy";
    public const string WaitMethod = "WaitUntilReadyAsync";
    public const string QuitMethod = "QuitAsync";
    public const string RegistrationMethod = "AddMeshReadiness";
    public const string QuitOnStopOption = "QuitSidecarOnStop";

    public static bool IsWaitUntilReady(IInvocationOperation invocation) => IsProxyCall(invocation.TargetMethod, WaitMethod);

    public static bool IsQuit(IInvocationOperation invocation) => IsProxyCall(invocation.TargetMethod, QuitMethod);

    public static bool IsRegistration(IInvocationOperation invocation) => invocation.TargetMethod.Name == RegistrationMethod;

    /// <summary>
    /// Syntax that stops the sidecar, read without binding (the generator runs on every keystroke, and its view of the
    /// code lacks its own output, so calls to the generated helpers would not bind anyway): <c>MeshProxy.QuitAsync(…)</c>,
    /// <c>….QuitSidecarOnStop = true</c>, or a string naming pilot-agent's quit endpoint (a hand-written POST).
    /// </summary>
    public static bool StopsSidecar(SyntaxNode node) => node switch
    {
        InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: QuitMethod, Expression: var receiver } }
            => SyntaxNames.Last(receiver) == ProxyType,
        AssignmentExpressionSyntax { Left: var left, Right: var right } assignment
            => assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) && SyntaxNames.Last(left) == QuitOnStopOption && right.IsKind(SyntaxKind.TrueLiteralExpression),
        LiteralExpressionSyntax literal => literal.IsKind(SyntaxKind.StringLiteralExpression) && literal.Token.ValueText.Contains(IstioProxy.QuitPath),
        InterpolatedStringTextSyntax text => text.TextToken.ValueText.Contains(IstioProxy.QuitPath),
        _ => false,
    };

    /// <summary>
    /// Syntax that waits for the proxy through the generated helpers, read without binding (as <see cref="StopsSidecar"/>):
    /// <c>MeshProxy.WaitUntilReadyAsync(…)</c> or <c>….AddMeshReadiness(…)</c> (its hosted service calls the wait).
    /// </summary>
    public static bool WaitsForProxy(SyntaxNode node) => node is InvocationExpressionSyntax { Expression: var expression } && expression switch
    {
        MemberAccessExpressionSyntax { Name.Identifier.ValueText: WaitMethod, Expression: var receiver } => SyntaxNames.Last(receiver) == ProxyType,
        _ => SyntaxNames.Last(expression) == RegistrationMethod,
    };

    private static bool IsProxyCall(IMethodSymbol method, string name)
        => method.Name == name && method.ContainingType?.Name == ProxyType;
}
