using System;
using System.Threading;
using MeshReady.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MeshReady.Analyzers.Clients;

/// <summary>
/// One place that recognises "this code writes header X on an outbound request":
/// <c>Headers.Add(name, value)</c> / <c>TryAddWithoutValidation(name, value)</c> on request headers
/// (<c>HttpRequestMessage.Headers</c>, <c>HttpClient.DefaultRequestHeaders</c>). Shared by MESH011 and MESH012.
/// </summary>
internal readonly struct RequestHeaderWrite
{
    public RequestHeaderWrite(string name, IOperation? value)
    {
        Name = name;
        Value = value;
    }

    /// <summary>The header name as written (constant-folded).</summary>
    public string Name { get; }

    /// <summary>The value argument, when there is exactly one.</summary>
    public IOperation? Value { get; }

    /// <summary>
    /// Reads a header write from an invocation, or returns null when the call is not one.
    /// Only <c>HttpRequestHeaders</c> receivers count: response and content headers are not outbound requests.
    /// </summary>
    public static RequestHeaderWrite? From(IInvocationOperation invocation, HttpSymbols http, CancellationToken cancellationToken)
    {
        var method = invocation.TargetMethod;
        if (method.Name is not ("Add" or "TryAddWithoutValidation")
            || invocation.Arguments.Length != 2
            || http.HttpRequestHeaders is null
            || !SymbolEqualityComparer.Default.Equals(method.ContainingType.OriginalDefinition, http.HttpHeaders)
            || invocation.Instance?.Type is not { } receiverType
            || !SymbolEqualityComparer.Default.Equals(receiverType, http.HttpRequestHeaders))
        {
            return null;
        }

        var nameArgument = ArgumentFor(invocation, 0);
        var valueArgument = ArgumentFor(invocation, 1);
        if (nameArgument is null || HeaderName(nameArgument.Value, http, cancellationToken) is not { } name)
        {
            return null;
        }

        return new RequestHeaderWrite(name, valueArgument?.Value);
    }

    /// <summary>The header name: a constant string, or one of ASP.NET Core's <c>HeaderNames</c> fields.</summary>
    public static string? HeaderName(IOperation operation, HttpSymbols http, CancellationToken cancellationToken)
    {
        if (ValueTracking.ConstantString(operation, cancellationToken) is { } constant)
        {
            return constant;
        }

        if (ValueTracking.Origin(operation, cancellationToken) is IFieldReferenceOperation field
            && SymbolEqualityComparer.Default.Equals(field.Field.ContainingType, http.AspNetHeaderNames))
        {
            return field.Field.Name switch
            {
                "Connection" => "Connection",
                "KeepAlive" => "Keep-Alive",
                "ProxyConnection" => "Proxy-Connection",
                "Host" => "Host",
                _ => null,
            };
        }

        return null;
    }

    public bool Is(string headerName) => string.Equals(Name.Trim(), headerName, StringComparison.OrdinalIgnoreCase);

    private static IArgumentOperation? ArgumentFor(IInvocationOperation invocation, int ordinal)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Ordinal == ordinal)
            {
                return argument;
            }
        }

        return null;
    }
}
