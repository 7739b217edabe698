using System.Collections.Immutable;
using MeshReady.Analyzers.Infrastructure;
using MeshReady.Analyzers.Mesh;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MeshReady.Analyzers.Addressing;

/// <summary>
/// MESH023: the caller's address (<c>Connection.RemoteIpAddress</c>) is compared with loopback:
/// <c>IPAddress.IsLoopback(remote)</c>, <c>remote == IPAddress.Loopback</c>, <c>remote.Equals(IPAddress.IPv6Loopback)</c>,
/// <c>remote.Equals(Connection.LocalIpAddress)</c>, <c>remote.ToString() == "127.0.0.1"</c>, <c>string.Equals(remote, "::1")</c>,
/// and the widely copied list check <c>new[] { "127.0.0.1", "::1", Connection.LocalIpAddress.ToString() }.Contains(remote.ToString())</c>
/// (arrays, lists, sets, in the method or in a field). Only values read from
/// the connection count; loopback checks on configured or resolved addresses are not about the caller.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LoopbackTrustAnalyzer : MeshAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.LoopbackCallerTrusted);

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, MeshContext mesh)
    {
        var ipAddress = mesh.Types.Get("System.Net.IPAddress");
        var connectionInfo = mesh.Types.Get("Microsoft.AspNetCore.Http.ConnectionInfo");
        var connectionFeature = mesh.Types.Get("Microsoft.AspNetCore.Http.Features.IHttpConnectionFeature");
        if (ipAddress is null || (connectionInfo is null && connectionFeature is null))
        {
            return;
        }

        var symbols = new Symbols(ipAddress, connectionInfo, connectionFeature);
        context.RegisterOperationAction(c => AnalyzeInvocation(c, mesh, symbols), OperationKind.Invocation);
        context.RegisterOperationAction(c => AnalyzeComparison(c, mesh, symbols), OperationKind.Binary);
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, MeshContext mesh, Symbols symbols)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (method.Name == "Contains" && IsLoopbackListCheck(invocation, symbols, context.CancellationToken))
        {
            Report(context, mesh, invocation.Syntax, "Looking the caller's address up in a list of loopback/local addresses");
            return;
        }

        if (method.Name == "Equals" && method.IsStatic && method.ContainingType.SpecialType == SpecialType.System_String && invocation.Arguments.Length >= 2)
        {
            var (first, second) = (invocation.Arguments[0].Value, invocation.Arguments[1].Value);
            if ((IsCallerAddressText(first, symbols, context.CancellationToken) && IsLoopbackText(second))
                || (IsCallerAddressText(second, symbols, context.CancellationToken) && IsLoopbackText(first)))
            {
                Report(context, mesh, invocation.Syntax, "Comparing the caller's address with a loopback address");
            }

            return;
        }

        if (!SymbolEqualityComparer.Default.Equals(method.ContainingType, symbols.IPAddress))
        {
            if (method.Name == "Equals" && invocation.Instance is { } instance && invocation.Arguments.Length == 1
                && IsCallerAddressText(instance, symbols, context.CancellationToken) && IsLoopbackText(invocation.Arguments[0].Value))
            {
                Report(context, mesh, invocation.Syntax, "Comparing the caller's address with a loopback address");
            }

            return;
        }

        if (method.Name == "IsLoopback" && invocation.Arguments.Length == 1 && IsCallerAddress(invocation.Arguments[0].Value, symbols, context.CancellationToken))
        {
            Report(context, mesh, invocation.Syntax, "IPAddress.IsLoopback(RemoteIpAddress)");
        }
        else if (method.Name == "Equals" && invocation.Instance is { } instance && invocation.Arguments.Length == 1)
        {
            var argument = invocation.Arguments[0].Value;
            if ((IsCallerAddress(instance, symbols, context.CancellationToken) && IsLoopbackOrLocal(argument, symbols, context.CancellationToken))
                || (IsCallerAddress(argument, symbols, context.CancellationToken) && IsLoopbackOrLocal(instance, symbols, context.CancellationToken)))
            {
                Report(context, mesh, invocation.Syntax, "Comparing RemoteIpAddress with a loopback or the local address");
            }
        }
    }

    private static void AnalyzeComparison(OperationAnalysisContext context, MeshContext mesh, Symbols symbols)
    {
        var binary = (IBinaryOperation)context.Operation;
        if (binary.OperatorKind is not (BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals))
        {
            return;
        }

        var (left, right) = (binary.LeftOperand, binary.RightOperand);
        if ((IsCallerAddress(left, symbols, context.CancellationToken) && IsLoopbackOrLocal(right, symbols, context.CancellationToken))
            || (IsCallerAddress(right, symbols, context.CancellationToken) && IsLoopbackOrLocal(left, symbols, context.CancellationToken)))
        {
            Report(context, mesh, binary.Syntax, "Comparing RemoteIpAddress with a loopback or the local address");
        }
        else if ((IsCallerAddressText(left, symbols, context.CancellationToken) && IsLoopbackText(right))
            || (IsCallerAddressText(right, symbols, context.CancellationToken) && IsLoopbackText(left)))
        {
            Report(context, mesh, binary.Syntax, "Comparing the caller's address with a loopback address");
        }
    }

    private static void Report(OperationAnalysisContext context, MeshContext mesh, SyntaxNode node, string what)
    {
        if (mesh.AppliesTo(node.SyntaxTree))
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.LoopbackCallerTrusted, node.GetLocation(), what));
        }
    }

    /// <summary><c>…Connection.RemoteIpAddress</c> (optionally <c>.MapToIPv4()</c>/<c>MapToIPv6()</c>, through locals and <c>!</c>).</summary>
    private static bool IsCallerAddress(IOperation value, Symbols symbols, CancellationToken cancellationToken)
    {
        var origin = Unwrap(value, cancellationToken);
        if (origin is IInvocationOperation { TargetMethod.Name: "MapToIPv4" or "MapToIPv6", Instance: { } mapped })
        {
            origin = Unwrap(mapped, cancellationToken);
        }

        return origin is IPropertyReferenceOperation { Property.Name: "RemoteIpAddress" } property
            && (SymbolEqualityComparer.Default.Equals(property.Property.ContainingType, symbols.ConnectionInfo)
                || SymbolEqualityComparer.Default.Equals(property.Property.ContainingType, symbols.ConnectionFeature));
    }

    /// <summary><c>RemoteIpAddress.ToString()</c> or <c>RemoteIpAddress?.ToString()</c>.</summary>
    private static bool IsCallerAddressText(IOperation value, Symbols symbols, CancellationToken cancellationToken)
    {
        var origin = Unwrap(value, cancellationToken);
        if (origin is IConditionalAccessOperation conditional
            && conditional.WhenNotNull is IInvocationOperation { TargetMethod.Name: "ToString" })
        {
            return IsCallerAddress(conditional.Operation, symbols, cancellationToken);
        }

        return origin is IInvocationOperation { TargetMethod.Name: "ToString", Instance: { } instance } && IsCallerAddress(instance, symbols, cancellationToken);
    }

    /// <summary>
    /// <c>list.Contains(caller)</c> or <c>Enumerable.Contains(list, caller)</c> where the caller's address (or its text) is
    /// looked up in a collection holding a loopback address or the connection's local address.
    /// </summary>
    private static bool IsLoopbackListCheck(IInvocationOperation invocation, Symbols symbols, CancellationToken cancellationToken)
    {
        var (collection, item) = invocation switch
        {
            { Instance: { } instance, Arguments.Length: >= 1 } => (instance, invocation.Arguments[0].Value),
            { TargetMethod.IsExtensionMethod: true, Arguments.Length: >= 2 } => (invocation.Arguments[0].Value, invocation.Arguments[1].Value),
            _ => (null, null),
        };

        return collection is not null && item is not null
            && (IsCallerAddressText(item, symbols, cancellationToken) || IsCallerAddress(item, symbols, cancellationToken))
            && HoldsLoopback(Unwrap(collection, cancellationToken), symbols, cancellationToken);
    }

    /// <summary>A collection built here (array, list, set) or in a field/property initializer that lists a loopback or the local address.</summary>
    private static bool HoldsLoopback(IOperation collection, Symbols symbols, CancellationToken cancellationToken)
    {
        ISymbol? member = collection switch
        {
            IFieldReferenceOperation field => field.Field,
            IPropertyReferenceOperation property => property.Property,
            _ => null,
        };

        if (member is not null)
        {
            // A field initializer lives outside this operation tree: read its syntax (no semantic model needed for literals).
            foreach (var reference in member.DeclaringSyntaxReferences)
            {
                foreach (var token in reference.GetSyntax(cancellationToken).DescendantTokens())
                {
                    if ((token.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.StringLiteralToken) && IsLoopbackString(token.ValueText))
                        || (token.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.IdentifierToken) && token.ValueText is "Loopback" or "IPv6Loopback"))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        foreach (var element in collection.DescendantsAndSelf())
        {
            if ((element is ILiteralOperation && IsLoopbackText(element))
                || IsLoopbackOrLocal(element, symbols, cancellationToken)
                || element is IInvocationOperation { TargetMethod.Name: "ToString", Instance: IPropertyReferenceOperation { Property.Name: "LocalIpAddress" } })
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsLoopbackOrLocal(IOperation value, Symbols symbols, CancellationToken cancellationToken)
    {
        var origin = Unwrap(value, cancellationToken);
        return origin switch
        {
            IFieldReferenceOperation { Field: { IsStatic: true, Name: "Loopback" or "IPv6Loopback" } field }
                => SymbolEqualityComparer.Default.Equals(field.ContainingType, symbols.IPAddress),
            IPropertyReferenceOperation { Property.Name: "LocalIpAddress" } => true,
            IInvocationOperation { TargetMethod.Name: "Parse", Arguments.Length: 1 } parse
                => SymbolEqualityComparer.Default.Equals(parse.TargetMethod.ContainingType, symbols.IPAddress) && IsLoopbackText(parse.Arguments[0].Value),
            _ => false,
        };
    }

    private static bool IsLoopbackText(IOperation value)
        => ValueTracking.SkipConversions(value).ConstantValue is { HasValue: true, Value: string text } && IsLoopbackString(text);

    // The shared loopback test, plus the IPv4-mapped spelling that copied allow-lists carry.
    private static bool IsLoopbackString(string text)
        => MeshHosts.IsLoopback(text) || text == "::ffff:127.0.0.1";

    private static IOperation Unwrap(IOperation value, CancellationToken cancellationToken)
    {
        var current = ValueTracking.SkipConversions(value);
        if (current is ILocalReferenceOperation)
        {
            current = ValueTracking.Origin(current, cancellationToken);
        }

        return ValueTracking.SkipConversions(current);
    }

    private sealed class Symbols
    {
        public Symbols(INamedTypeSymbol ipAddress, INamedTypeSymbol? connectionInfo, INamedTypeSymbol? connectionFeature)
        {
            IPAddress = ipAddress;
            ConnectionInfo = connectionInfo;
            ConnectionFeature = connectionFeature;
        }

        public INamedTypeSymbol IPAddress { get; }

        public INamedTypeSymbol? ConnectionInfo { get; }

        public INamedTypeSymbol? ConnectionFeature { get; }
    }
}
