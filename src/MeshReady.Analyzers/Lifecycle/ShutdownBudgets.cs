using System;
using System.Globalization;
using System.Threading;
using MeshReady.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
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
