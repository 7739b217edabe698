using System;
using System.Collections.Immutable;
using MeshReady.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MeshReady.Analyzers.Addressing;

/// <summary>
/// MESH022: grpc-dotnet client-side load balancing: <c>dns:///</c> or <c>static:///</c> addresses (in
/// <c>GrpcChannel.ForAddress</c> or a <c>Uri</c>), <c>new RoundRobinConfig()</c>, a <c>LoadBalancingConfig</c>
/// other than <c>pick_first</c>, and <c>StaticResolverFactory</c>. Moot in ambient mode, where there is no
/// per-request balancing to bypass.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class GrpcClientLoadBalancingAnalyzer : MeshAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.GrpcClientLoadBalancing);

    internal override DataPlanes MootUnder => DataPlanes.Ambient;

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, MeshContext mesh)
    {
        var channel = mesh.Types.Get("Grpc.Net.Client.GrpcChannel");

        // The gRPC client library itself builds these configurations from a service config; only its users choose them.
        if (channel is null || SymbolEqualityComparer.Default.Equals(channel.ContainingAssembly, context.Compilation.Assembly))
        {
            return;
        }

        var symbols = new Symbols(
            channel,
            mesh.Types.Get("System.Uri"),
            mesh.Types.Get("Grpc.Net.Client.Configuration.RoundRobinConfig"),
            mesh.Types.Get("Grpc.Net.Client.Configuration.LoadBalancingConfig"),
            mesh.Types.Get("Grpc.Net.Client.Balancer.StaticResolverFactory"));
        context.RegisterOperationAction(c => AnalyzeCreation(c, mesh, symbols), OperationKind.ObjectCreation);
        context.RegisterOperationAction(c => AnalyzeInvocation(c, mesh, symbols), OperationKind.Invocation);
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, MeshContext mesh, Symbols symbols)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (invocation.TargetMethod.Name == "ForAddress"
            && SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType, symbols.Channel)
            && invocation.Arguments.Length > 0
            && invocation.Arguments[0].Value.Type?.SpecialType == SpecialType.System_String)
        {
            ReportResolverAddress(context, mesh, invocation.Arguments[0].Value, "GrpcChannel.ForAddress");
        }
    }

    private static void AnalyzeCreation(OperationAnalysisContext context, MeshContext mesh, Symbols symbols)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        var type = creation.Type?.OriginalDefinition;
        if (SymbolEqualityComparer.Default.Equals(type, symbols.Uri))
        {
            if (creation.Arguments.Length > 0 && creation.Arguments[0].Value.Type?.SpecialType == SpecialType.System_String)
            {
                ReportResolverAddress(context, mesh, creation.Arguments[0].Value, "new Uri");
            }

            return;
        }

        var reason = SymbolEqualityComparer.Default.Equals(type, symbols.RoundRobin) ? "round_robin load balancing (RoundRobinConfig)"
            : SymbolEqualityComparer.Default.Equals(type, symbols.StaticResolver) ? "A static resolver (StaticResolverFactory)"
            : SymbolEqualityComparer.Default.Equals(type, symbols.LoadBalancing) && IsBalancingPolicy(creation, context) ? "A LoadBalancingConfig"
            : null;
        if (reason is not null && mesh.AppliesTo(creation.Syntax.SyntaxTree))
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.GrpcClientLoadBalancing, creation.Syntax.GetLocation(), reason));
        }
    }

    private static void ReportResolverAddress(OperationAnalysisContext context, MeshContext mesh, IOperation address, string api)
    {
        if (ValueTracking.ConstantString(address, context.CancellationToken) is { } text
            && (text.StartsWith("dns:", StringComparison.OrdinalIgnoreCase) || text.StartsWith("static:", StringComparison.OrdinalIgnoreCase))
            && mesh.AppliesTo(address.Syntax.SyntaxTree))
        {
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.GrpcClientLoadBalancing,
                address.Syntax.GetLocation(),
                api + "(\"" + text.Substring(0, text.IndexOf(':')) + ":///…\")"));
        }
    }

    /// <summary><c>new LoadBalancingConfig("round_robin")</c>: any policy but <c>pick_first</c> balances across addresses.</summary>
    private static bool IsBalancingPolicy(IObjectCreationOperation creation, OperationAnalysisContext context)
        => creation.Arguments.Length > 0
            && ValueTracking.ConstantString(creation.Arguments[0].Value, context.CancellationToken) is { } policy
            && !string.Equals(policy, "pick_first", StringComparison.OrdinalIgnoreCase);

    private sealed class Symbols
    {
        public Symbols(INamedTypeSymbol channel, INamedTypeSymbol? uri, INamedTypeSymbol? roundRobin, INamedTypeSymbol? loadBalancing, INamedTypeSymbol? staticResolver)
        {
            Channel = channel;
            Uri = uri;
            RoundRobin = roundRobin;
            LoadBalancing = loadBalancing;
            StaticResolver = staticResolver;
        }

        public INamedTypeSymbol Channel { get; }

        public INamedTypeSymbol? Uri { get; }

        public INamedTypeSymbol? RoundRobin { get; }

        public INamedTypeSymbol? LoadBalancing { get; }

        public INamedTypeSymbol? StaticResolver { get; }
    }
}
