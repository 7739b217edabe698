using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using MeshReady.Analyzers.Generation;
using MeshReady.Analyzers.Infrastructure;
using MeshReady.Analyzers.Listening.Endpoints;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MeshReady.Analyzers.Ports;

/// <summary>
/// The ports the service listens on according to the listening-endpoint model (code, appsettings, Dockerfile),
/// as the generator and MESH041 see them. Listeners only reachable in Development and files used only in
/// Development do not count.
/// </summary>
internal static class InferredPorts
{
    public static EquatableArray<InferredPort> FromCode(SemanticModel model, SyntaxNode node, CancellationToken cancellationToken)
    {
        if (model.GetOperation(node, cancellationToken) is not { } operation || DevelopmentOnlyCode.Contains(operation))
        {
            return EquatableArray<InferredPort>.Empty;
        }

        var endpoints = ListeningEndpointReader.Read(operation, ListeningSymbols.Create(model.Compilation), cancellationToken);
        return Collect(endpoints);
    }

    public static EquatableArray<InferredPort> FromFile(AdditionalText file, CancellationToken cancellationToken)
        => EndpointFiles.Read(file, cancellationToken) is { DevelopmentOnly: false } read
            ? Collect(read.Endpoints)
            : EquatableArray<InferredPort>.Empty;

    /// <summary><c>app.MapGrpcService&lt;T&gt;()</c>: grpc-dotnet's name, read from syntax alone (binding it on every edit cost more than it told).</summary>
    public static bool IsMapGrpcServiceCandidate(SyntaxNode node)
        => node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name: GenericNameSyntax { Identifier.ValueText: "MapGrpcService" } } };

    /// <summary>Code before files, in source order; gRPC services turn HTTP/2-only ports into gRPC ports.</summary>
    public static EquatableArray<InferredPort> Merge(ImmutableArray<EquatableArray<InferredPort>> code, ImmutableArray<EquatableArray<InferredPort>> files, bool grpcMapped)
    {
        var all = new List<InferredPort>();
        foreach (var group in code)
        {
            Add(all, group, grpcMapped);
        }

        foreach (var group in files)
        {
            Add(all, group, grpcMapped);
        }

        return new EquatableArray<InferredPort>(all.ToImmutableArray());
    }

    private static void Add(List<InferredPort> all, EquatableArray<InferredPort> group, bool grpcMapped)
    {
        foreach (var port in group)
        {
            all.Add(grpcMapped ? port.WithGrpcMapped() : port);
        }
    }

    private static EquatableArray<InferredPort> Collect(ImmutableArray<ListeningEndpoint> endpoints)
    {
        if (endpoints.IsDefaultOrEmpty)
        {
            return EquatableArray<InferredPort>.Empty;
        }

        var builder = ImmutableArray.CreateBuilder<InferredPort>();
        foreach (var endpoint in endpoints)
        {
            if (InferredPort.From(endpoint, grpcMapped: false) is { } port)
            {
                builder.Add(port);
            }
        }

        return new EquatableArray<InferredPort>(builder.ToImmutable());
    }
}
