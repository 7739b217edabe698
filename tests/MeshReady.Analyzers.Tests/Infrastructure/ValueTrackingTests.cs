using System.Collections.Generic;
using System.Linq;
using System.Threading;
using MeshReady.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Xunit;

namespace MeshReady.Analyzers.Tests.Infrastructure;

/// <summary>
/// <see cref="ValueTracking"/> follows a local to its initializer only when nothing writes the local again. What one walk
/// of a body learns about its locals is remembered with that body's operation tree, so these tests ask in different
/// orders, twice, and across two bodies whose locals share names: each answer must be the one for that local alone.
/// </summary>
public class ValueTrackingTests
{
    private const string Source = """
        class Client
        {
            static void Sink(string value) { }
            static void Touch(ref string value) { }
            static void Fill(out string value) { value = "http://10.0.0.9"; }

            static void Configure()
            {
                var address = "http://10.0.0.1:8080";
                var copy = address;
                var rewritten = "http://10.0.0.2";
                rewritten = "http://10.0.0.3";
                var byRef = "http://10.0.0.4";
                Touch(ref byRef);
                string byOut = "http://10.0.0.5";
                Fill(out byOut);
                var suffix = "/orders";
                suffix += "/open";
                Sink(address);
                Sink(copy);
                Sink(rewritten);
                Sink(byRef);
                Sink(byOut);
                Sink(suffix);
            }

            static void Other()
            {
                var address = "http://10.1.1.1";
                address = "http://10.1.1.2";
                var rewritten = "http://10.1.1.3";
                Sink(address);
                Sink(rewritten);
            }
        }
        """;

    [Fact]
    public void LocalsWrittenOnlyAtTheirDeclarationAreFollowedPerBody()
    {
        var expected = new Dictionary<(string Method, string Local), string?>
        {
            [("Configure", "address")] = "http://10.0.0.1:8080",
            [("Configure", "copy")] = "http://10.0.0.1:8080",
            [("Configure", "rewritten")] = null,
            [("Configure", "byRef")] = null,
            [("Configure", "byOut")] = null,
            [("Configure", "suffix")] = null,
            [("Other", "address")] = null,
            [("Other", "rewritten")] = "http://10.1.1.3",
        };

        // In source order, then backwards, then again: the remembered walk must give every question the same answer.
        var arguments = SinkArguments();
        Assert.Equal(expected.Count, arguments.Count);
        foreach (var order in new[] { arguments, Enumerable.Reverse(arguments).ToList(), arguments })
        {
            foreach (var (method, local, value) in order)
            {
                Assert.Equal(expected[(method, local)], ValueTracking.ConstantString(value, CancellationToken.None));
            }
        }
    }

    [Fact]
    public void AnOtherBodyAskedFirstDoesNotAnswerForThisOne()
    {
        var arguments = SinkArguments();
        var other = arguments.Single(a => a.Method == "Other" && a.Local == "rewritten");
        var configure = arguments.Single(a => a.Method == "Configure" && a.Local == "rewritten");

        Assert.Equal("http://10.1.1.3", ValueTracking.ConstantString(other.Value, CancellationToken.None));
        Assert.Null(ValueTracking.ConstantString(configure.Value, CancellationToken.None));
    }

    // The argument of every Sink(local) call, with its method and local, from a fresh compilation.
    private static List<(string Method, string Local, IOperation Value)> SinkArguments()
    {
        var tree = CSharpSyntaxTree.ParseText(Source);
        var compilation = CSharpCompilation.Create(
            "Tracking",
            new[] { tree },
            new[] { MetadataReference.CreateFromFile(typeof(object).Assembly.Location) },
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

        var model = compilation.GetSemanticModel(tree);
        var found = new List<(string, string, IOperation)>();
        foreach (var call in tree.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>())
        {
            if (call.Expression is IdentifierNameSyntax { Identifier.ValueText: "Sink" }
                && model.GetOperation(call) is IInvocationOperation { Arguments: [{ Value: ILocalReferenceOperation local } argument] })
            {
                var method = call.Ancestors().OfType<MethodDeclarationSyntax>().First().Identifier.ValueText;
                found.Add((method, local.Local.Name, argument.Value));
            }
        }

        return found;
    }
}
