using System.Threading;
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
    /// Syntax that may stop the sidecar, by name only (the generator's cheap first step): a <c>QuitAsync</c> call,
    /// an assignment to <c>QuitSidecarOnStop</c>, or a string naming pilot-agent's quit endpoint (a hand-written POST).
    /// </summary>
    public static bool IsStopCandidate(SyntaxNode node) => node switch
    {
        InvocationExpressionSyntax invocation => SyntaxNames.Last(invocation.Expression) == QuitMethod,
        AssignmentExpressionSyntax assignment => SyntaxNames.Last(assignment.Left) == QuitOnStopOption,
        LiteralExpressionSyntax literal => literal.IsKind(SyntaxKind.StringLiteralExpression) && literal.Token.ValueText.Contains(IstioProxy.QuitPath),
        InterpolatedStringTextSyntax text => text.TextToken.ValueText.Contains(IstioProxy.QuitPath),
        _ => false,
    };

    /// <summary>
    /// True when the candidate really stops the sidecar: <c>MeshProxy.QuitAsync()</c>, <c>QuitSidecarOnStop = true</c>,
    /// or the quit endpoint's path in a string. The generator sees the user's code without its own output, so a call
    /// to the generated helpers does not bind there: an unbound <c>MeshProxy.QuitAsync</c> counts by name.
    /// </summary>
    public static bool StopsSidecar(SyntaxNode candidate, SemanticModel model, CancellationToken cancellationToken)
    {
        switch (candidate)
        {
            case LiteralExpressionSyntax or InterpolatedStringTextSyntax:
                return true;
            case InvocationExpressionSyntax invocation:
                return model.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol method
                    ? IsProxyCall(method, QuitMethod)
                    : invocation.Expression is MemberAccessExpressionSyntax { Expression: var receiver } && SyntaxNames.Last(receiver) == ProxyType;
            case AssignmentExpressionSyntax assignment:
                return assignment.IsKind(SyntaxKind.SimpleAssignmentExpression)
                    && model.GetConstantValue(assignment.Right, cancellationToken) is { HasValue: true, Value: true }
                    && model.GetSymbolInfo(assignment.Left, cancellationToken).Symbol is null or IPropertySymbol { Name: QuitOnStopOption };
            default:
                return false;
        }
    }

    private static bool IsProxyCall(IMethodSymbol method, string name)
        => method.Name == name && method.ContainingType?.Name == ProxyType;
}
