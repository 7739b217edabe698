using System.Collections.Immutable;
using MeshReady.Analyzers.Addressing.Destinations;
using MeshReady.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using MeshReady.Analyzers.Mesh;

namespace MeshReady.Analyzers.Addressing;

/// <summary>
/// MESH013: <c>https://</c> addresses of in-cluster Services (<c>new Uri</c>, <c>HttpClient</c> calls,
/// <c>GrpcChannel.ForAddress</c>), and certificate validation switched off
/// (<c>DangerousAcceptAnyServerCertificateValidator</c>, callbacks returning <c>true</c>) in code that calls
/// such an address. External hosts and the Kubernetes API server are never flagged.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class InMeshTlsAnalyzer : MeshAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.InMeshTls);

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, MeshContext mesh)
    {
        var symbols = DestinationSymbols.Create(mesh.Types);
        if (symbols.Uri is null)
        {
            return;
        }

        context.RegisterOperationAction(c => AnalyzeCall(c, mesh, symbols), OperationKind.Invocation, OperationKind.ObjectCreation);
        context.RegisterOperationAction(c => AnalyzeValidation(c, mesh, symbols), OperationKind.SimpleAssignment);
    }

    private static void AnalyzeCall(OperationAnalysisContext context, MeshContext mesh, DestinationSymbols symbols)
    {
        foreach (var destination in DestinationReader.Read(context.Operation, symbols, context.CancellationToken))
        {
            if (IsHttpsCandidate(destination) && InCluster(context, mesh, destination))
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.InMeshTls,
                    destination.Location,
                    destination.Scheme + ":// in " + destination.Origin,
                    destination.Host));
            }
        }
    }

    private static void AnalyzeValidation(OperationAnalysisContext context, MeshContext mesh, DestinationSymbols symbols)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is not IPropertyReferenceOperation { Property.Name: "ServerCertificateCustomValidationCallback" or "RemoteCertificateValidationCallback" }
            || !AcceptsAnyCertificate(assignment.Value))
        {
            return;
        }

        // Which host is this for? Look for an in-cluster https address in the same method, lambda chain or top-level program.
        var root = (IOperation)assignment;
        while (root.Parent is not null)
        {
            root = root.Parent;
        }

        foreach (var operation in root.Descendants())
        {
            if (operation is not (IInvocationOperation or IObjectCreationOperation))
            {
                continue;
            }

            foreach (var destination in DestinationReader.Read(operation, symbols, context.CancellationToken))
            {
                if (IsHttpsCandidate(destination) && InCluster(context, mesh, destination))
                {
                    context.ReportDiagnostic(Diagnostic.Create(
                        Descriptors.InMeshTls,
                        assignment.Value.Syntax.GetLocation(),
                        "Certificate validation switched off",
                        destination.Host));
                    return;
                }
            }
        }
    }

    private static bool IsHttpsCandidate(Destination destination)
        => destination.Form == DestinationForm.Url && destination.Scheme is "https" or "wss" && destination.HostKind == DestinationHostKind.Name;

    private static bool InCluster(OperationAnalysisContext context, MeshContext mesh, Destination destination)
    {
        var tree = context.Operation.Syntax.SyntaxTree;
        if (!mesh.AppliesTo(tree))
        {
            return false;
        }

        return MeshHosts.IsInClusterService(destination.Host, mesh.OptionsFor(tree).ClusterDomain);
    }

    /// <summary><c>HttpClientHandler.DangerousAcceptAnyServerCertificateValidator</c> or a callback that returns <c>true</c>.</summary>
    private static bool AcceptsAnyCertificate(IOperation value)
    {
        var origin = ValueTracking.SkipConversions(value);
        if (origin is IDelegateCreationOperation creation)
        {
            origin = creation.Target;
        }

        switch (origin)
        {
            case IPropertyReferenceOperation { Property.Name: "DangerousAcceptAnyServerCertificateValidator" }:
            case IFieldReferenceOperation { Field.Name: "DangerousAcceptAnyServerCertificateValidator" }:
                return true;
            case IAnonymousFunctionOperation lambda:
                var operations = lambda.Body.Operations;
                return operations.Length >= 1
                    && operations[0] is IReturnOperation { ReturnedValue: { } returned }
                    && ValueTracking.SkipConversions(returned).ConstantValue is { HasValue: true, Value: true };
            default:
                return false;
        }
    }
}
