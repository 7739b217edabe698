using System;
using System.Threading;
using MeshReady.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MeshReady.Analyzers.Lifecycle;

/// <summary>
/// The Dapr sidecar's HTTP API (<c>http://localhost:3500</c>, <c>DAPR_HTTP_PORT</c>) called by hand. The hop to daprd is
/// loopback, but the building blocks below make daprd open a connection that leaves the pod at once, and in a pod with a
/// classic Istio sidecar that connection is redirected to Envoy like the app's own (daprd does not run as the proxy's UID;
/// dapr/dapr#689 and #4422 show daprd's connections refused before Envoy is ready). They are the same building blocks
/// whose <c>DaprClient</c> calls the outbound-I/O catalogue lists. Health (<c>/v1.0/healthz</c>), metadata, shutdown and
/// the app's own subscriptions stay in the pod and are not listed. API paths: https://docs.dapr.io/reference/api/.
/// </summary>
internal static class DaprHttpApi
{
    // Path prefixes of the building blocks that reach the network (service invocation, pub/sub, output bindings, state,
    // secrets, configuration), with the alpha routes that preceded or extend them.
    private static readonly string[] LeavingThePod =
    {
        "/v1.0/invoke/", "/v1.0/publish/", "/v1.0-alpha1/publish/", "/v1.0/bindings/", "/v1.0/state/", "/v1.0/secrets/",
        "/v1.0/configuration/", "/v1.0-alpha1/configuration/",
    };

    /// <summary>The Dapr building block (<c>/v1.0/invoke</c>) a URL names in its constant text, or null.</summary>
    public static string? BuildingBlockOf(IOperation value, CancellationToken cancellationToken)
    {
        var found = (string?)null;
        Visit(value, 0, ref found, cancellationToken);
        return found;
    }

    // The constant pieces of a URL: literals, concatenations, interpolations, `new Uri(…)`, single-assignment locals.
    private static void Visit(IOperation value, int depth, ref string? found, CancellationToken cancellationToken)
    {
        if (found is not null || depth > 6)
        {
            return;
        }

        var origin = ValueTracking.Origin(value, cancellationToken);
        switch (origin)
        {
            case { ConstantValue: { HasValue: true, Value: string text } }:
                found = Match(text);
                return;
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } add:
                Visit(add.LeftOperand, depth + 1, ref found, cancellationToken);
                Visit(add.RightOperand, depth + 1, ref found, cancellationToken);
                return;
            case IInterpolatedStringOperation interpolated:
                foreach (var part in interpolated.Parts)
                {
                    if (part is IInterpolatedStringTextOperation { Text.ConstantValue.Value: string literal })
                    {
                        found ??= Match(literal);
                    }
                    else if (part is IInterpolationOperation hole)
                    {
                        Visit(hole.Expression, depth + 1, ref found, cancellationToken);
                    }
                }

                return;
            case IObjectCreationOperation { Type.Name: "Uri" or "HttpRequestMessage" } creation:
                // new Uri(base, "v1.0/invoke/…"), new HttpRequestMessage(method, url) or { RequestUri = … }
                foreach (var argument in creation.Arguments)
                {
                    Visit(argument.Value, depth + 1, ref found, cancellationToken);
                }

                if (creation.Initializer is { } initializer)
                {
                    foreach (var init in initializer.Initializers)
                    {
                        if (init is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "RequestUri" } } assignment)
                        {
                            Visit(assignment.Value, depth + 1, ref found, cancellationToken);
                        }
                    }
                }

                return;
        }
    }

    private static string? Match(string text)
    {
        foreach (var prefix in LeavingThePod)
        {
            var at = text.IndexOf(prefix, StringComparison.OrdinalIgnoreCase);
            if (at >= 0 || (prefix.Length > 1 && text.StartsWith(prefix.Substring(1), StringComparison.OrdinalIgnoreCase)))
            {
                return prefix.TrimEnd('/');
            }
        }

        return null;
    }
}
