using System;
using System.Globalization;
using System.Threading;
using MeshReady.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace MeshReady.Analyzers.Lifecycle;

/// <summary>
/// A shutdown budget someone chose in code: <c>HostOptions.ShutdownTimeout = …</c>, <c>UseShutdownTimeout(…)</c>,
/// <c>UseSetting("shutdownTimeoutSeconds", "…")</c>. One reading for MESH032 and for the generator, which records it
/// as <c>MeshReady.ShutdownTimeoutSeconds</c> for the manifest check MESH107.
/// </summary>
internal static class ShutdownBudgets
{
    public const string HostOptionsType = "Microsoft.Extensions.Hosting.HostOptions";
    public const string WebHostBuilderType = "Microsoft.AspNetCore.Hosting.IWebHostBuilder";

    private const string ShutdownTimeoutProperty = "ShutdownTimeout";
    private const string UseShutdownTimeoutMethod = "UseShutdownTimeout";
    private const string UseSettingMethod = "UseSetting";
    private const string ShutdownTimeoutKey = "shutdownTimeoutSeconds";

    /// <summary>Syntax that can set a budget, by name only (the generator's cheap first step).</summary>
    public static bool IsCandidate(SyntaxNode node) => node switch
    {
        AssignmentExpressionSyntax assignment => SyntaxNames.Last(assignment.Left) == ShutdownTimeoutProperty,
        InvocationExpressionSyntax invocation => SyntaxNames.Last(invocation.Expression) is UseShutdownTimeoutMethod or UseSettingMethod,
        _ => false,
    };

    /// <summary>
    /// What <see cref="Read"/> would find, decided from syntax alone for the shapes that settle it: a <c>UseSetting</c> of
    /// another key (no budget), and <c>Configure&lt;HostOptions&gt;(o =&gt; o.ShutdownTimeout = TimeSpan.FromSeconds(20))</c>
    /// with a literal. False for everything else (constants, locals, other receivers, <c>UseShutdownTimeout</c>): bind those.
    /// </summary>
    public static bool TryReadSyntax(SyntaxNode node, out TimeSpan? budget)
    {
        budget = null;
        switch (node)
        {
            case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: UseSettingMethod }, ArgumentList.Arguments: { Count: 2 } arguments }
                when arguments[0] is { NameColon: null, Expression: LiteralExpressionSyntax key } && key.IsKind(SyntaxKind.StringLiteralExpression):
                return !string.Equals(key.Token.ValueText, ShutdownTimeoutKey, StringComparison.OrdinalIgnoreCase);
            case AssignmentExpressionSyntax { Left: MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax receiver, Name.Identifier.ValueText: ShutdownTimeoutProperty } } assignment
                when assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) && IsHostOptionsParameter(assignment, receiver.Identifier.ValueText):
                return TryReadTimeSpan(assignment.Right, out budget);
            default:
                return false;
        }
    }

    /// <summary><paramref name="name"/> is the parameter of <c>Configure&lt;HostOptions&gt;(name =&gt; …)</c> whose body is, or directly holds, the assignment.</summary>
    private static bool IsHostOptionsParameter(AssignmentExpressionSyntax assignment, string name)
    {
        SyntaxNode? lambda = assignment.Parent is ExpressionStatementSyntax { Parent: BlockSyntax block } ? block.Parent : assignment.Parent;
        var parameter = lambda switch
        {
            SimpleLambdaExpressionSyntax simple => simple.Parameter,
            ParenthesizedLambdaExpressionSyntax { ParameterList.Parameters: { Count: 1 } parameters } => parameters[0],
            _ => null,
        };
        return parameter is not null
            && parameter.Identifier.ValueText == name
            && lambda!.Parent is ArgumentSyntax { NameColon: null, Parent: ArgumentListSyntax { Arguments.Count: 1, Parent: InvocationExpressionSyntax invocation } }
            && invocation.Expression is MemberAccessExpressionSyntax { Name: GenericNameSyntax { Identifier.ValueText: "Configure", TypeArgumentList.Arguments: { Count: 1 } types } }
            && (types[0] is QualifiedNameSyntax qualified ? qualified.Right.Identifier.ValueText : SyntaxNames.Last(types[0])) == "HostOptions";
    }

    /// <summary><c>TimeSpan.FromSeconds(20)</c> (minutes, hours, days too), <c>TimeSpan.Zero</c>, <c>Timeout.InfiniteTimeSpan</c>.</summary>
    private static bool TryReadTimeSpan(ExpressionSyntax value, out TimeSpan? budget)
    {
        budget = null;
        switch (value)
        {
            case InvocationExpressionSyntax
            {
                Expression: MemberAccessExpressionSyntax { Expression: var type, Name.Identifier.ValueText: "FromSeconds" or "FromMinutes" or "FromHours" or "FromDays" } factory,
                ArgumentList.Arguments: { Count: 1 } arguments,
            }
                when SyntaxNames.Last(type) == "TimeSpan" && arguments[0] is { NameColon: null, Expression: LiteralExpressionSyntax { Token.Value: int or long or double or float } literal }:
                // (FromMilliseconds is left to binding: on .NET 9 it binds to an overload with a second, optional parameter.)
                budget = TimeSpanValues.FromFactory(factory.Name.Identifier.ValueText, Convert.ToDouble(literal.Token.Value, CultureInfo.InvariantCulture));
                return budget is not null;
            case MemberAccessExpressionSyntax { Expression: var type, Name.Identifier.ValueText: var member }:
                var owner = SyntaxNames.Last(type);
                budget = (owner, member) switch
                {
                    ("TimeSpan", "Zero") => TimeSpan.Zero,
                    ("TimeSpan", "MaxValue") => TimeSpan.MaxValue,
                    ("Timeout", "InfiniteTimeSpan") => Timeout.InfiniteTimeSpan,
                    _ => null,
                };
                return budget is not null;
            default:
                return false;
        }
    }

    /// <summary>The budget <paramref name="operation"/> sets (an assignment or an invocation), or null.</summary>
    public static Budget? Read(IOperation operation, INamedTypeSymbol? hostOptions, INamedTypeSymbol? webHostBuilder, CancellationToken cancellationToken)
    {
        switch (operation)
        {
            case ISimpleAssignmentOperation assignment
                when TimeSpanValues.Written(assignment, ShutdownTimeoutProperty, hostOptions, cancellationToken) is { } written:
                return new Budget(assignment.Value, "HostOptions.ShutdownTimeout", written);
            case IInvocationOperation invocation when webHostBuilder is not null:
                return FromBuilderCall(invocation, webHostBuilder, cancellationToken);
            default:
                return null;
        }
    }

    private static Budget? FromBuilderCall(IInvocationOperation invocation, INamedTypeSymbol webHostBuilder, CancellationToken cancellationToken)
    {
        var method = invocation.TargetMethod;
        if (method.Name is not (UseShutdownTimeoutMethod or UseSettingMethod)
            || invocation.Arguments.Length != (method.IsExtensionMethod ? 2 : 1) + (method.Name == UseSettingMethod ? 1 : 0)
            || !LifecycleSymbols.Implements(method.IsExtensionMethod ? method.Parameters[0].Type : method.ContainingType, webHostBuilder))
        {
            return null;
        }

        var last = invocation.Arguments[invocation.Arguments.Length - 1].Value;
        if (method.Name == UseShutdownTimeoutMethod)
        {
            return TimeSpanValues.Constant(last, cancellationToken) is { } budget ? new Budget(last, UseShutdownTimeoutMethod, budget) : null;
        }

        return ValueTracking.ConstantString(invocation.Arguments[invocation.Arguments.Length - 2].Value, cancellationToken) is { } key
            && string.Equals(key, ShutdownTimeoutKey, StringComparison.OrdinalIgnoreCase)
            && ValueTracking.ConstantString(last, cancellationToken) is { } text
            && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
                ? new Budget(last, "The '" + ShutdownTimeoutKey + "' setting", TimeSpan.FromSeconds(seconds))
                : null;
    }

    /// <summary>Where the budget is written, how the message names it, and its length.</summary>
    public readonly struct Budget
    {
        public Budget(IOperation value, string what, TimeSpan duration)
        {
            Value = value;
            What = what;
            Duration = duration;
        }

        public IOperation Value { get; }

        public string What { get; }

        public TimeSpan Duration { get; }
    }
}
