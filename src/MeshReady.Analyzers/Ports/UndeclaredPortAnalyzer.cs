using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using MeshReady.Analyzers.Infrastructure;
using MeshReady.Analyzers.Listening.Endpoints;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using MeshReady.Analyzers.Mesh;

namespace MeshReady.Analyzers.Ports;

/// <summary>
/// MESH041: a listener in code on a port that no <c>[assembly: MeshPort]</c> declares. Uses the shared
/// listening-endpoint model and the same inference the generator writes to the metadata; silent for loopback
/// binds, reserved ports, Development-only code, raw sockets in programs that are not hosted, and tests.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UndeclaredPortAnalyzer : MeshAnalyzer
{
    /// <summary>Properties for the fix: the port and the <c>MeshProtocol</c> member to declare.</summary>
    public const string PortProperty = "Port";
    public const string ProtocolProperty = "Protocol";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.UndeclaredPort);

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, MeshContext mesh)
    {
        var attributeType = mesh.Types.Get(PortDeclaration.AttributeMetadataName);
        var symbols = ListeningSymbols.Create(mesh.Types);
        if (attributeType is null || !symbols.HasAny)
        {
            return;
        }

        var compilation = context.Compilation;
        var declared = new Lazy<HashSet<int>>(() => DeclaredPorts(compilation, attributeType));
        var grpcMapped = mesh.Types.Get("Microsoft.AspNetCore.Builder.GrpcEndpointRouteBuilderExtensions") is not null;
        var hosted = ProjectKind.IsHosted(mesh.Types);
        context.RegisterOperationAction(c => Analyze(c, mesh, symbols, declared, grpcMapped, hosted), OperationKind.Invocation, OperationKind.ObjectCreation);
    }

    private static void Analyze(OperationAnalysisContext context, MeshContext mesh, ListeningSymbols symbols, Lazy<HashSet<int>> declared, bool grpcReferenced, bool hosted)
    {
        foreach (var endpoint in ListeningEndpointReader.Read(context.Operation, symbols, context.CancellationToken))
        {
            if (InferredPort.From(endpoint, grpcReferenced) is not { } port
                || declared.Value.Contains(port.Port)
                || (!hosted && (endpoint.Protocols == EndpointProtocols.Tcp || endpoint.Origin == "HttpListener.Prefixes.Add"))
                || DevelopmentOnlyCode.Contains(context.Operation)
                || !mesh.AppliesTo(context.Operation.Syntax.SyntaxTree))
            {
                continue;
            }

            var number = port.Port.ToString(CultureInfo.InvariantCulture);
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.UndeclaredPort,
                endpoint.PortSpan.ToLocation(context.Operation.Syntax.SyntaxTree),
                ImmutableDictionary<string, string?>.Empty.Add(PortProperty, number).Add(ProtocolProperty, port.Protocol.Member),
                endpoint.Origin,
                number,
                port.Protocol.IstioName,
                port.Protocol.Member));
        }
    }

    /// <summary>Every port number a <c>[MeshPort]</c> names, valid or not (an invalid one has its own diagnostic).</summary>
    private static HashSet<int> DeclaredPorts(Compilation compilation, INamedTypeSymbol attributeType)
    {
        var ports = new HashSet<int>();
        foreach (var (declaration, _) in PortDeclaration.ReadAll(compilation, attributeType))
        {
            ports.Add(declaration.Port);
        }

        return ports;
    }
}
