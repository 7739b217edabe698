using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using MeshReady.Analyzers.Infrastructure;
using MeshReady.Analyzers.Listening.Endpoints;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using static MeshReady.Analyzers.Infrastructure.SymbolMatch;

namespace MeshReady.Analyzers.Listening;

/// <summary>
/// MESH006 (Info): a cleartext endpoint whose protocols are <c>Http2</c> (prior-knowledge h2c, how gRPC runs behind a
/// sidecar) in an application that never sets <c>KestrelServerOptions.AllowAlternateSchemes = true</c>. Kestrel resets an
/// HTTP/2 request whose <c>:scheme</c> differs from the transport's, and Envoy forwards the scheme the request arrived
/// with. <c>Http1AndHttp2</c> without TLS is HTTP/1.1 only (MESH003's ground), so it is not an HTTP/2 listener here.
/// Silent when the option is assigned anything but the constant <c>false</c>, or when <c>KestrelServerOptions</c> is bound
/// from configuration (the value may come from there; Kestrel's own <c>Kestrel</c> section loader does not read it).
/// Registers nothing before ASP.NET Core 6.0, which has no such option. Reports at compilation end: the endpoints and
/// the option can be anywhere in the project and its appsettings files.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class AlternateSchemeAnalyzer : MeshAnalyzer
{
    public const string OptionName = "AllowAlternateSchemes";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.CleartextHttp2Scheme);

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, MeshContext mesh)
    {
        var symbols = ListeningSymbols.Create(mesh.Types);
        if (symbols.KestrelServerOptions is not { } options || options.GetMembers(OptionName).IsEmpty)
        {
            return;
        }

        var configuration = mesh.Types.Get("Microsoft.Extensions.Configuration.IConfiguration");
        var seen = new Collected();
        context.RegisterOperationAction(c => CollectAssignment(c, options, seen), OperationKind.SimpleAssignment);
        context.RegisterOperationAction(c => CollectInvocation(c, symbols, configuration, seen), OperationKind.Invocation);
        context.RegisterCompilationEndAction(c => Report(c, mesh, seen));
    }

    private static void CollectAssignment(OperationAnalysisContext context, INamedTypeSymbol options, Collected seen)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is IPropertyReferenceOperation { Property.Name: OptionName } target && Is(target.Property.ContainingType, options)
            && ValueTracking.Origin(assignment.Value, context.CancellationToken).ConstantValue is not { HasValue: true, Value: false })
        {
            // true, or a value the build cannot see (a configuration flag): either way the application decides.
            seen.OptionSet = true;
        }
    }

    private static void CollectInvocation(OperationAnalysisContext context, ListeningSymbols symbols, INamedTypeSymbol? configuration, Collected seen)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (KestrelOptionsBinding.BindsFromConfiguration(invocation, symbols.KestrelServerOptions, configuration))
        {
            seen.OptionSet = true;
            return;
        }

        seen.Code.Add(invocation, symbols, context.CancellationToken);
    }

    private static void Report(CompilationAnalysisContext context, MeshContext mesh, Collected seen)
    {
        if (seen.OptionSet)
        {
            return;
        }

        var endpoints = seen.Code.Endpoints.Select(e => (e.Endpoint, (SyntaxTree?)e.Tree)).ToList();
        var fileDefaultSpans = new HashSet<FileSpan>();
        FileSpan? fileDefaults = null;
        foreach (var file in mesh.AllEndpointFiles(context.CancellationToken))
        {
            if (file.DevelopmentOnly)
            {
                continue;
            }

            // EXPOSE documents a port; Kestrel does not listen because of it, so it neither replaces the default
            // endpoint nor has protocols of its own (the VS template's Dockerfile exposes 8080 and 8081).
            endpoints.AddRange(file.Endpoints.Where(e => e.Protocols != EndpointProtocols.Tcp && !e.ExposeOnly).Select(e => (e, (SyntaxTree?)null)));
            if (file.DefaultProtocolsSpan is { } span)
            {
                fileDefaultSpans.Add(span);
                if (file.DefaultProtocols == EndpointProtocols.Http2)
                {
                    fileDefaults ??= span;
                }
            }
        }

        // ConfigureEndpointDefaults applies to every endpoint, after the appsettings EndpointDefaults; one with UseHttps
        // makes them all TLS.
        var defaultsTls = seen.Code.Defaults.Any(d => d.Settings.Tls);
        var codeDefaults = seen.Code.Defaults.Where(d => d.Settings.Protocols != EndpointProtocols.Default).ToList();
        var reported = new HashSet<FileSpan>();
        var defaultsUsed = endpoints.Count == 0; // Kestrel's own default endpoint (or the image's ASPNETCORE_HTTP_PORTS) is cleartext.
        foreach (var (endpoint, tree) in endpoints)
        {
            if (endpoint.Tls || defaultsTls || endpoint.HostKind == HostKind.Loopback)
            {
                // TLS: the scheme matches. Loopback: the sidecar does not deliver there (MESH001).
                continue;
            }

            if (endpoint.Protocols == EndpointProtocols.Default
                || (endpoint.ProtocolsSpan is { } fromDefaults && fileDefaultSpans.Contains(fromDefaults)))
            {
                defaultsUsed = true;
            }
            else if (endpoint.Protocols == EndpointProtocols.Http2 && endpoint.ProtocolsSpan is { } span && reported.Add(span))
            {
                var what = endpoint.Source == EndpointSource.Code ? endpoint.Origin + " sets Http2" : ProtocolsKey(endpoint) + " is Http2";
                Emit(context, mesh, span.ToLocation(tree), tree, what, PortText(endpoint));
            }
        }

        if (!defaultsUsed || defaultsTls)
        {
            return;
        }

        if (codeDefaults.Count > 0)
        {
            // The code's defaults win over the appsettings ones.
            foreach (var (settings, location, tree) in codeDefaults)
            {
                if (settings.Protocols == EndpointProtocols.Http2 && (settings.ProtocolsSpan is not { } span || reported.Add(span)))
                {
                    Emit(context, mesh, settings.ProtocolsSpan?.ToLocation(tree) ?? location, tree, "ConfigureEndpointDefaults sets Http2", "(every endpoint without its own protocols)");
                }
            }
        }
        else if (fileDefaults is { } span && reported.Add(span))
        {
            Emit(context, mesh, span.ToLocation(), null, "Kestrel:EndpointDefaults:Protocols is Http2", "(every endpoint without its own protocols)");
        }
    }

    private static void Emit(CompilationAnalysisContext context, MeshContext mesh, Location location, SyntaxTree? tree, string what, string port)
    {
        // Diagnostics on appsettings files follow the project-wide options.
        if (tree is null ? mesh.AppliesToProject : mesh.AppliesTo(tree))
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.CleartextHttp2Scheme, location, what, port));
        }
    }

    /// <summary><c>Kestrel:Endpoints:Grpc:Protocols</c> for an appsettings endpoint that sets its own protocols.</summary>
    private static string ProtocolsKey(ListeningEndpoint endpoint)
        => endpoint.Origin.EndsWith(":Url", System.StringComparison.Ordinal)
            ? endpoint.Origin.Substring(0, endpoint.Origin.Length - ":Url".Length) + ":Protocols"
            : endpoint.Origin;

    private static string PortText(ListeningEndpoint endpoint)
        => endpoint.Port?.ToString(CultureInfo.InvariantCulture) ?? "(computed at run time)";

    private sealed class Collected
    {
        public CodeEndpoints Code { get; } = new();

        public bool OptionSet { get; set; }
    }
}
