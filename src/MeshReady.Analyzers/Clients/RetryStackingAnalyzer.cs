using System.Collections.Immutable;
using System.Threading;
using MeshReady.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;
using MeshReady.Analyzers.Mesh;

namespace MeshReady.Analyzers.Clients;

/// <summary>
/// MESH017 (Info, off by default): application retries on clients whose base address is an in-mesh host:
/// <c>AddHttpClient(c =&gt; c.BaseAddress = new Uri("http://inventory")).AddStandardResilienceHandler()</c>
/// (or <c>AddResilienceHandler</c>/<c>AddTransientHttpErrorPolicy</c> with a retry), and gRPC
/// <c>RetryPolicy</c> in the options of <c>GrpcChannel.ForAddress("http://pricing")</c>. Clients whose
/// address is not a constant in-cluster name are not reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class RetryStackingAnalyzer : MeshAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.RetriesStackedOnMeshRetries);

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, MeshContext mesh)
    {
        var clientBuilder = mesh.Types.Get("Microsoft.Extensions.DependencyInjection.IHttpClientBuilder");
        var grpcChannel = mesh.Types.Get("Grpc.Net.Client.GrpcChannel");
        var grpcRetryPolicy = mesh.Types.Get("Grpc.Net.Client.Configuration.RetryPolicy");
        if (clientBuilder is null && grpcChannel is null)
        {
            return;
        }

        context.RegisterOperationAction(c => Analyze(c, mesh, clientBuilder, grpcChannel, grpcRetryPolicy), OperationKind.Invocation);
    }

    private static void Analyze(OperationAnalysisContext context, MeshContext mesh, INamedTypeSymbol? clientBuilder, INamedTypeSymbol? grpcChannel, INamedTypeSymbol? grpcRetryPolicy)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (clientBuilder is not null && method.IsExtensionMethod && method.Parameters.Length > 0
            && SymbolEqualityComparer.Default.Equals(method.Parameters[0].Type, clientBuilder)
            && IsRetryHandler(invocation)
            && BaseAddressOfClient(invocation.Arguments[0].Value, context.CancellationToken) is { } url)
        {
            Report(context, mesh, invocation, method.Name + "()", url);
        }
        else if (grpcChannel is not null && method.Name == "ForAddress" && SymbolEqualityComparer.Default.Equals(method.ContainingType, grpcChannel)
            && invocation.Arguments.Length == 2
            && ValueTracking.ConstantString(invocation.Arguments[0].Value, context.CancellationToken) is { } address)
        {
            foreach (var operation in ValueTracking.Origin(invocation.Arguments[1].Value, context.CancellationToken).DescendantsAndSelf())
            {
                if (operation is IObjectCreationOperation creation && SymbolEqualityComparer.Default.Equals(creation.Type, grpcRetryPolicy))
                {
                    Report(context, mesh, creation, "The gRPC RetryPolicy", address);
                }
            }
        }
    }

    private static void Report(OperationAnalysisContext context, MeshContext mesh, IOperation at, string what, string url)
    {
        var tree = at.Syntax.SyntaxTree;
        if (HostText.TryParseUrl(url.Trim(), out var scheme, out var host, out _)
            && scheme is "http" or "https"
            && MeshHosts.IsInClusterService(host, mesh.OptionsFor(tree).ClusterDomain)
            && mesh.AppliesTo(tree))
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.RetriesStackedOnMeshRetries, LocationOf(at), what, host));
        }
    }

    // In a fluent chain, point at '.AddStandardResilienceHandler()' rather than the whole chain.
    private static Location LocationOf(IOperation at)
        => at.Syntax is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax member } call
            ? Location.Create(call.SyntaxTree, TextSpan.FromBounds(member.Name.SpanStart, call.Span.End))
            : at.Syntax.GetLocation();

    // AddStandardResilienceHandler always retries; the others only when their configuration adds a retry.
    private static bool IsRetryHandler(IInvocationOperation invocation)
    {
        switch (invocation.TargetMethod.Name)
        {
            case "AddStandardResilienceHandler":
                return true;
            case "AddResilienceHandler":
            case "AddTransientHttpErrorPolicy":
                foreach (var operation in invocation.Descendants())
                {
                    if (operation is IInvocationOperation inner && inner.TargetMethod.Name.IndexOf("Retry", System.StringComparison.Ordinal) >= 0)
                    {
                        return true;
                    }
                }

                return false;
            default:
                return false;
        }
    }

    // services.AddHttpClient<T>(c => c.BaseAddress = new Uri("http://inventory")): the constant base address, or null.
    private static string? BaseAddressOfClient(IOperation builder, CancellationToken cancellationToken)
    {
        var origin = ValueTracking.Origin(builder, cancellationToken);
        for (var depth = 0; depth < 8 && origin is IInvocationOperation call; depth++)
        {
            if (call.TargetMethod.Name == "AddHttpClient")
            {
                foreach (var operation in call.Descendants())
                {
                    if (operation is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "BaseAddress" } } assignment
                        && ValueTracking.Origin(assignment.Value, cancellationToken) is IObjectCreationOperation { Arguments.Length: > 0 } uri
                        && ValueTracking.ConstantString(uri.Arguments[0].Value, cancellationToken) is { } url)
                    {
                        return url;
                    }
                }

                return null;
            }

            // Walk back through the builder chain: AddHttpClient(...).AddHeaderPropagation().AddStandardResilienceHandler()
            origin = call.TargetMethod.IsExtensionMethod && call.Arguments.Length > 0
                ? ValueTracking.Origin(call.Arguments[0].Value, cancellationToken)
                : call.Instance is { } instance ? ValueTracking.Origin(instance, cancellationToken) : null;
        }

        return null;
    }
}
