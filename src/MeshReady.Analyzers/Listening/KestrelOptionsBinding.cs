using System.Linq;
using MeshReady.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using static MeshReady.Analyzers.Infrastructure.SymbolMatch;

namespace MeshReady.Analyzers.Listening;

/// <summary>
/// Code that binds <c>KestrelServerOptions</c> from configuration: <c>services.Configure&lt;KestrelServerOptions&gt;(section)</c>,
/// <c>section.Bind(kestrelOptions)</c>, <c>AddOptions&lt;KestrelServerOptions&gt;().Bind(section)</c> / <c>.BindConfiguration("Kestrel")</c>.
/// The binder sets every public property the section names (<c>AllowAlternateSchemes</c>, <c>Limits:KeepAliveTimeout</c>),
/// so a rule about such a property cannot tell its value from the code. Kestrel's own loader for the <c>Kestrel</c>
/// section (<c>KestrelServerOptions.Configure(section)</c>) is not a binder: it reads endpoints, endpoint defaults and
/// certificates only.
/// </summary>
internal static class KestrelOptionsBinding
{
    public static bool BindsFromConfiguration(IInvocationOperation invocation, INamedTypeSymbol? options, INamedTypeSymbol? configuration)
    {
        var method = invocation.TargetMethod;
        if (options is null || method.Name is not ("Configure" or "Bind" or "BindConfiguration"))
        {
            return false;
        }

        var receiver = invocation.Instance?.Type
            ?? (method.IsExtensionMethod && invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value.Type : null);
        var aboutOptions = method.TypeArguments.Any(t => Is(t, options))
            || invocation.Arguments.Any(a => Is(ValueTracking.SkipConversions(a.Value).Type, options))
            || (receiver is INamedTypeSymbol { TypeArguments: var receiverArguments } && receiverArguments.Any(t => Is(t, options)));
        return aboutOptions
            && (method.Name == "BindConfiguration" || method.Parameters.Any(p => IsConfiguration(p.Type, configuration)));
    }

    private static bool IsConfiguration(ITypeSymbol type, INamedTypeSymbol? configuration)
        => configuration is not null && (Is(type, configuration) || type.AllInterfaces.Any(i => Is(i, configuration)));
}
