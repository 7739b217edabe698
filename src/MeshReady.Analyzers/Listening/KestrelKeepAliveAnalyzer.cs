using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using MeshReady.Analyzers.Infrastructure;
using MeshReady.Analyzers.Mesh;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using static MeshReady.Analyzers.Infrastructure.SymbolMatch;

namespace MeshReady.Analyzers.Listening;

/// <summary>
/// MESH015 (Info): Kestrel's <c>Limits.KeepAliveTimeout</c> set to a constant shorter than the mesh's upstream
/// idle timeout. The default (130 s, 2 min before ASP.NET Core 6; unset) is reported only where <c>meshready.istio_version</c> is older than 1.24,
/// the first release whose inbound sidecar retries requests reset before they reached the app
/// (<c>ENABLE_INBOUND_RETRY_POLICY</c>, default on from 1.24.0): there it would fire on every ASP.NET Core service,
/// and the retry hides the race. That case needs the whole compilation (no write anywhere), so it reports at
/// compilation end, once, at the call that creates the Kestrel host.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class KestrelKeepAliveAnalyzer : MeshAnalyzer
{
    /// <summary>
    /// Kestrel's <c>KestrelServerLimits.KeepAliveTimeout</c> default: 130 s from ASP.NET Core 6
    /// (https://github.com/dotnet/aspnetcore/pull/32636), 2 min before. Read from the referenced Kestrel's version.
    /// </summary>
    internal static TimeSpan KestrelDefault(INamedTypeSymbol limits)
        => limits.ContainingAssembly.Identity.Version.Major is > 0 and < 6 ? TimeSpan.FromMinutes(2) : TimeSpan.FromSeconds(130);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.KestrelKeepAliveBelowMeshIdle);

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, MeshContext mesh)
    {
        var limits = mesh.Types.Get("Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerLimits");
        if (limits is null)
        {
            return;
        }

        var hosts = new HostSymbols(mesh.Types);
        var seen = new Collected();
        context.RegisterOperationAction(c => Analyze(c, mesh, limits, seen), OperationKind.SimpleAssignment);
        context.RegisterOperationAction(c => CollectHost(c, hosts, seen), OperationKind.Invocation);
        context.RegisterCompilationEndAction(c => ReportDefault(c, mesh, KestrelDefault(limits), seen));
    }

    private static void Analyze(OperationAnalysisContext context, MeshContext mesh, INamedTypeSymbol limits, Collected seen)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is IPropertyReferenceOperation { Property.Name: "KeepAliveTimeout" } target && Is(target.Property.ContainingType, limits))
        {
            seen.Written = true;
        }

        if (TimeSpanValues.Written(assignment, "KeepAliveTimeout", limits, context.CancellationToken) is not { } keepAlive
            || TimeSpanValues.IsInfinite(keepAlive))
        {
            return;
        }

        var tree = assignment.Syntax.SyntaxTree;
        var meshIdle = mesh.OptionsFor(tree).IdleTimeout;
        if (keepAlive < meshIdle && mesh.AppliesTo(tree))
        {
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.KestrelKeepAliveBelowMeshIdle, assignment.Value.Syntax.GetLocation(), Duration.Format(keepAlive), Duration.Format(meshIdle)));
        }
    }

    /// <summary>The calls that give the application a Kestrel server with its default limits.</summary>
    private static void CollectHost(OperationAnalysisContext context, HostSymbols hosts, Collected seen)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (KestrelOptionsBinding.BindsFromConfiguration(invocation, hosts.KestrelServerOptions, hosts.Configuration))
        {
            seen.Written = true; // Limits:KeepAliveTimeout may come from the bound section.
            return;
        }

        var type = method.ContainingType;
        var isHost = method.Name switch
        {
            "CreateBuilder" or "CreateSlimBuilder" => Is(type, hosts.WebApplication),
            "CreateDefaultBuilder" => Is(type, hosts.WebHost),
            "ConfigureWebHostDefaults" => Is(type, hosts.GenericHostBuilderExtensions),
            "UseKestrel" or "ConfigureKestrel" => Is(type, hosts.KestrelExtensions),
            _ => false,
        };
        if (isHost)
        {
            // The method's name: a fluent chain's invocation spans the whole chain.
            var syntax = invocation.Syntax is Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax { Expression: Microsoft.CodeAnalysis.CSharp.Syntax.MemberAccessExpressionSyntax access }
                ? access.Name
                : invocation.Syntax;
            seen.Hosts.Add(syntax.GetLocation());
        }
    }

    private static void ReportDefault(CompilationAnalysisContext context, MeshContext mesh, TimeSpan kestrelDefault, Collected seen)
    {
        if (seen.Written || seen.Hosts.IsEmpty)
        {
            return;
        }

        // One report per project, at the first host call in source order (stable across runs).
        var location = seen.Hosts
            .OrderBy(l => l.SourceTree?.FilePath, StringComparer.Ordinal)
            .ThenBy(l => l.SourceSpan.Start)
            .First();
        var tree = location.SourceTree!;
        var options = mesh.OptionsFor(tree);
        if (!options.IstioRelease.IsAtLeast(IstioRelease.InboundRetries) && kestrelDefault < options.IdleTimeout && mesh.AppliesTo(tree))
        {
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.KestrelKeepAliveBelowMeshIdle, location, Duration.Format(kestrelDefault) + " (Kestrel's default)", Duration.Format(options.IdleTimeout)));
        }
    }

    private sealed class HostSymbols
    {
        public HostSymbols(KnownTypes types)
        {
            WebApplication = types.Get("Microsoft.AspNetCore.Builder.WebApplication");
            WebHost = types.Get("Microsoft.AspNetCore.WebHost");
            GenericHostBuilderExtensions = types.Get("Microsoft.Extensions.Hosting.GenericHostBuilderExtensions");
            KestrelExtensions = types.Get("Microsoft.AspNetCore.Hosting.WebHostBuilderKestrelExtensions");
            KestrelServerOptions = types.Get("Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions");
            Configuration = types.Get("Microsoft.Extensions.Configuration.IConfiguration");
        }

        public INamedTypeSymbol? WebApplication { get; }

        public INamedTypeSymbol? WebHost { get; }

        public INamedTypeSymbol? GenericHostBuilderExtensions { get; }

        public INamedTypeSymbol? KestrelExtensions { get; }

        public INamedTypeSymbol? KestrelServerOptions { get; }

        public INamedTypeSymbol? Configuration { get; }
    }

    private sealed class Collected
    {
        public ConcurrentBag<Location> Hosts { get; } = new();

        public bool Written { get; set; }
    }
}
