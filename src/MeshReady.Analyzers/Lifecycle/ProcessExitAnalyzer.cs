using System.Collections.Immutable;
using MeshReady.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MeshReady.Analyzers.Lifecycle;

/// <summary>
/// MESH034: <c>Environment.Exit</c>, <c>Environment.FailFast</c> or <c>Process.GetCurrentProcess().Kill()</c>
/// inside a hosted service, a controller, a hub, a gRPC service, middleware or an endpoint handler: the
/// process ends without the host's graceful shutdown. <c>Main</c> itself is left to MESH033.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ProcessExitAnalyzer : MeshAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.AbruptProcessExit);

    // A shutdown rule: native sidecars outlive the app container, ambient has no in-pod proxy.
    internal override DataPlanes MootUnder => DataPlanes.NativeSidecar | DataPlanes.Ambient;

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, MeshContext mesh)
    {
        var hosting = LifecycleSymbols.Create(mesh.Types, context.Compilation);
        var roles = new[]
        {
            (mesh.Types.Get("Microsoft.AspNetCore.Mvc.ControllerBase"), "the controller "),
            (mesh.Types.Get("Microsoft.AspNetCore.SignalR.Hub"), "the hub "),
            (mesh.Types.Get("Microsoft.AspNetCore.Http.IMiddleware"), "the middleware "),
            (hosting.IHostedService, "the hosted service "),
        };
        context.RegisterOperationAction(c => Analyze(c, mesh, roles, hosting), OperationKind.Invocation);
    }

    private static void Analyze(OperationAnalysisContext context, MeshContext mesh, (INamedTypeSymbol? Type, string Role)[] roles, LifecycleSymbols hosting)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (ExitName(invocation, context.CancellationToken) is not { } exit
            || Where(invocation, context.ContainingSymbol, roles, hosting) is not { } where
            || !mesh.AppliesTo(invocation.Syntax.SyntaxTree))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(Descriptors.AbruptProcessExit, invocation.Syntax.GetLocation(), exit, where));
    }

    private static string? ExitName(IInvocationOperation invocation, System.Threading.CancellationToken cancellationToken)
    {
        var method = invocation.TargetMethod;
        if (method.ContainingType is { Name: "Environment", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } }
            && method.Name is "Exit" or "FailFast")
        {
            return "Environment." + method.Name;
        }

        // Process.GetCurrentProcess().Kill(): killing another process is a different matter.
        if (method.Name == "Kill" && method.ContainingType is { Name: "Process", ContainingNamespace.Name: "Diagnostics" }
            && invocation.Instance is { } instance
            && ValueTracking.Origin(instance, cancellationToken) is IInvocationOperation { TargetMethod.Name: "GetCurrentProcess" })
        {
            return "Process.GetCurrentProcess().Kill";
        }

        return null;
    }

    private static string? Where(IOperation operation, ISymbol containing, (INamedTypeSymbol? Type, string Role)[] roles, LifecycleSymbols hosting)
    {
        var type = containing.ContainingType;
        foreach (var (roleType, role) in roles)
        {
            if (LifecycleSymbols.Implements(type, roleType))
            {
                return role + type!.Name;
            }
        }

        if (type is not null && IsGrpcService(type))
        {
            return "the gRPC service " + type.Name;
        }

        // app.MapPost("/admin/restart", () => Environment.Exit(0))
        if (hosting.IsInEndpointHandler(operation))
        {
            return "an endpoint handler";
        }

        return null;
    }

    // Generated gRPC service bases carry [BindServiceMethod].
    private static bool IsGrpcService(INamedTypeSymbol type)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            foreach (var attribute in current.GetAttributes())
            {
                if (attribute.AttributeClass?.Name == "BindServiceMethodAttribute")
                {
                    return true;
                }
            }
        }

        return false;
    }
}
