using System.Collections.Generic;
using System.Collections.Immutable;
using MeshReady.Analyzers.Infrastructure;
using static MeshReady.Analyzers.Infrastructure.SymbolMatch;
using MeshReady.Analyzers.Listening.Endpoints;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MeshReady.Analyzers.Listening;

/// <summary>
/// MESH004: a connection accepted by a <c>TcpListener</c> or listening <c>Socket</c> is written to before it
/// is read from, in the method that accepts it (lambdas and local functions included): the accepted client,
/// its <c>GetStream()</c>, and readers/writers built on them are followed in source order. The listen port exempts
/// nothing: Istio's TCP default for 25, 53, 3306 and 27017 is keyed on the Service port, and under PERMISSIVE mTLS even a
/// TCP port is sniffed for TLS (pilot/pkg/networking/core/filterchain_options.go, 1.28.0). Moot in ambient mode (ztunnel does not sniff).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ServerFirstProtocolAnalyzer : MeshAnalyzer
{
    private static readonly HashSet<string> AcceptMethods = new() { "AcceptTcpClient", "AcceptTcpClientAsync", "AcceptSocket", "AcceptSocketAsync", "Accept", "AcceptAsync" };

    private static readonly HashSet<string> Writes = new()
    {
        "Write", "WriteAsync", "WriteLine", "WriteLineAsync", "Send", "SendAsync", "WriteByte", "SendTo", "SendToAsync",
    };

    private static readonly HashSet<string> Reads = new()
    {
        "Read", "ReadAsync", "ReadLine", "ReadLineAsync", "ReadToEnd", "ReadToEndAsync", "ReadByte", "ReadExactly", "ReadExactlyAsync",
        "ReadAtLeast", "ReadAtLeastAsync", "Receive", "ReceiveAsync", "ReceiveFrom", "ReceiveFromAsync", "ReadBlock", "ReadBlockAsync",
        "CopyTo", "CopyToAsync", "AuthenticateAsServer", "AuthenticateAsServerAsync",
    };

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.ServerFirstProtocol);

    internal override DataPlanes MootUnder => DataPlanes.Ambient;

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, MeshContext mesh)
    {
        var symbols = ListeningSymbols.Create(mesh.Types);
        if (symbols.TcpListener is null && symbols.Socket is null)
        {
            return;
        }

        context.RegisterOperationAction(c => Analyze(c, mesh, symbols), OperationKind.Invocation);
    }

    private static void Analyze(OperationAnalysisContext context, MeshContext mesh, ListeningSymbols symbols)
    {
        var accept = (IInvocationOperation)context.Operation;
        var type = accept.TargetMethod.ContainingType;
        if (!AcceptMethods.Contains(accept.TargetMethod.Name)
            || !(Is(type, symbols.TcpListener) || Is(type, symbols.Socket))
            || AcceptedLocal(accept) is not { } accepted)
        {
            return;
        }

        var root = (IOperation)accept;
        while (root.Parent is not null)
        {
            root = root.Parent;
        }

        var start = accept.Syntax.Span.End;
        var aliases = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default) { accepted };
        var steps = new List<IOperation>();
        foreach (var operation in root.Descendants())
        {
            if (operation.Syntax.SpanStart >= start && operation is IVariableDeclaratorOperation or IInvocationOperation)
            {
                steps.Add(operation);
            }
        }

        steps.Sort((a, b) => a.Syntax.SpanStart.CompareTo(b.Syntax.SpanStart));
        foreach (var step in steps)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            if (step is IVariableDeclaratorOperation declarator)
            {
                // var stream = client.GetStream(); var writer = new StreamWriter(stream);
                if (declarator.GetVariableInitializer()?.Value is { } initializer && References(initializer, aliases))
                {
                    aliases.Add(declarator.Symbol);
                }

                continue;
            }

            var invocation = (IInvocationOperation)step;
            if (invocation.Instance is not { } instance || !IsAlias(instance, aliases))
            {
                continue;
            }

            if (Reads.Contains(invocation.TargetMethod.Name))
            {
                return; // client speaks first: Istio can sniff it
            }

            if (Writes.Contains(invocation.TargetMethod.Name))
            {
                if (mesh.AppliesTo(accept.Syntax.SyntaxTree))
                {
                    context.ReportDiagnostic(Diagnostic.Create(Descriptors.ServerFirstProtocol, accept.Syntax.GetLocation()));
                }

                return;
            }
        }
    }

    /// <summary>The local the accepted connection is stored in (<c>var client = await listener.AcceptTcpClientAsync();</c>).</summary>
    private static ILocalSymbol? AcceptedLocal(IInvocationOperation accept)
    {
        var current = (IOperation)accept;
        while (current.Parent is IAwaitOperation or IConversionOperation)
        {
            current = current.Parent;
        }

        return current.Parent switch
        {
            IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => declarator.Symbol,
            ISimpleAssignmentOperation { Target: ILocalReferenceOperation local } => local.Local,
            _ => null,
        };
    }

    private static bool IsAlias(IOperation instance, HashSet<ILocalSymbol> aliases)
        => ValueTracking.SkipConversions(instance) switch
        {
            ILocalReferenceOperation local => aliases.Contains(local.Local),
            IInvocationOperation { TargetMethod.Name: "GetStream", Instance: { } owner } => IsAlias(owner, aliases),
            IPropertyReferenceOperation { Property.Name: "Client", Instance: { } owner } => IsAlias(owner, aliases),
            _ => false,
        };

    private static bool References(IOperation value, HashSet<ILocalSymbol> aliases)
    {
        if (value is ILocalReferenceOperation direct && aliases.Contains(direct.Local))
        {
            return true;
        }

        foreach (var descendant in value.Descendants())
        {
            if (descendant is ILocalReferenceOperation local && aliases.Contains(local.Local))
            {
                return true;
            }
        }

        return false;
    }
}
