using System.Threading;
using System.Threading.Tasks;
using MeshReady.Analyzers.Ports;
using MeshReady.Analyzers.Tests.Infrastructure;
using MeshReady.CodeFixes.Ports;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace MeshReady.Analyzers.Tests.Ports;

/// <summary>
/// MESH040, MESH042 and MESH043 on <c>[assembly: MeshPort]</c>. The generator's attribute source is added to each
/// test, as the compiler would have it.
/// </summary>
public class MeshPortAnalyzerTests
{
    // ---- MESH040: names that break <protocol>[-<suffix>] ----

    [Fact]
    public Task SuffixBeforeProtocolIsReported()
        => VerifyAsync("""
            using MeshReady;
            [assembly: MeshPort(8080, MeshProtocol.Http, Name = {|MESH040:"query-http"|})]
            """);

    [Fact]
    public Task NameThatAnnouncesAnotherProtocolIsReported()
        => VerifyAsync("""
            using MeshReady;
            [assembly: MeshPort(8081, MeshProtocol.Grpc, Name = {|MESH040:"http-greeter"|})]
            """);

    [Fact]
    public Task GrpcWebNameOnAGrpcPortIsReported()
        => VerifyAsync("""
            using MeshReady;
            [assembly: MeshPort(8081, MeshProtocol.Grpc, Name = {|MESH040:"grpc-web-ui"|})]
            """);

    [Fact]
    public Task NameLongerThanFifteenCharactersIsReported()
        => VerifyAsync("""
            using MeshReady;
            [assembly: MeshPort(8080, MeshProtocol.Http, Name = {|MESH040:"http-orders-public"|})]
            """);

    [Fact]
    public Task UpperCaseNameIsReported()
        => VerifyAsync("""
            using MeshReady;
            [assembly: MeshPort(8080, MeshProtocol.Http, Name = {|MESH040:"HTTP-Orders"|})]
            """);

    [Fact]
    public Task ConstantNameIsFollowed()
        => VerifyAsync("""
            using MeshReady;
            [assembly: MeshPort(8080, MeshProtocol.Http, Name = {|MESH040:Names.Orders|})]
            internal static class Names { public const string Orders = "orders"; }
            """);

    // ---- MESH040 negatives: what real services declare ----

    [Fact]
    public Task ConformingDeclarationsAreQuiet()
        => VerifyAsync("""
            using MeshReady;
            [assembly: MeshPort(8080, MeshProtocol.Http, Name = "http-orders")]
            [assembly: MeshPort(8081, MeshProtocol.Grpc, Name = "grpc")]
            [assembly: MeshPort(8082, MeshProtocol.GrpcWeb, Name = "grpc-web-ui")]
            [assembly: MeshPort(8083, MeshProtocol.Http2, Name = "http2-stream")]
            [assembly: MeshPort(5000, MeshProtocol.Tcp, Name = "tcp-smtp")]
            [assembly: MeshPort(9090, MeshProtocol.Http)]
            [assembly: MeshReady.MeshPortAttribute(9091, MeshReady.MeshProtocol.Redis, Name = "redis-cache")]
            """);

    [Fact]
    public Task OtherAssemblyAttributesAreIgnored()
        => VerifyAsync("""
            [assembly: System.Reflection.AssemblyMetadata("port", "query-http")]
            [assembly: System.Runtime.CompilerServices.InternalsVisibleTo("Orders.Tests")]
            """);

    // ---- MESH042: one port, two protocols ----

    [Fact]
    public Task SamePortWithTwoProtocolsIsReportedOnTheSecond()
        => VerifyAsync("""
            using MeshReady;
            [assembly: MeshPort(8080, MeshProtocol.Http, Name = "http-api")]
            [assembly: {|MESH042:MeshPort(8080, MeshProtocol.Grpc, Name = "grpc-api")|}]
            """);

    // ---- MESH043: declarations that cannot describe a port ----

    [Theory]
    [InlineData("0")]
    [InlineData("70000")]
    [InlineData("-1")]
    public Task PortOutOfRangeIsReported(string port)
        => VerifyAsync($$"""
            using MeshReady;
            [assembly: {|MESH043:MeshPort({{port}}, MeshProtocol.Http)|}]
            """);

    [Fact]
    public Task EmptyNameIsReported()
        => VerifyAsync("""
            using MeshReady;
            [assembly: {|MESH043:MeshPort(8080, MeshProtocol.Http, Name = "")|}]
            """);

    [Fact]
    public Task RepeatedDeclarationIsReported()
        => VerifyAsync("""
            using MeshReady;
            [assembly: MeshPort(8080, MeshProtocol.Http)]
            [assembly: {|MESH043:MeshPort(8080, MeshProtocol.Http)|}]
            """);

    [Fact]
    public Task NameUsedByTwoPortsIsReported()
        => VerifyAsync("""
            using MeshReady;
            [assembly: MeshPort(8080, MeshProtocol.Http, Name = "http-api")]
            [assembly: {|MESH043:MeshPort(9090, MeshProtocol.Http, Name = "http-api")|}]
            """);

    [Fact]
    public Task UndefinedProtocolIsReported()
        => VerifyAsync("""
            using MeshReady;
            [assembly: {|MESH043:MeshPort(8080, (MeshProtocol)42)|}]
            """);

    [Fact]
    public Task DeclarationsInTwoFilesAreCheckedTogether()
    {
        var test = NewTest();
        test.TestState.Sources.Add(("/src/Ports.cs", """
            [assembly: MeshReady.MeshPort(8080, MeshReady.MeshProtocol.Http, Name = "http-api")]
            """));
        test.TestState.Sources.Add(("/src/More.cs", """
            [assembly: {|MESH042:MeshReady.MeshPort(8080, MeshReady.MeshProtocol.Tcp)|}]
            """));
        return test.RunAsync(CancellationToken.None);
    }

    // ---- Broken code never crashes the analyzer ----

    [Fact]
    public Task HalfTypedAttributeIsIgnored()
    {
        var test = NewTest();
        // Compile errors are expected here; the point is that the analyzer neither reports nor throws (AD0001 would fail the test).
        test.CompilerDiagnostics = CompilerDiagnostics.None;
        test.TestState.Sources.Add("""
            using MeshReady;
            [assembly: MeshPort(8080, Protocol.Http)]
            [assembly: MeshPort(8081)]
            [assembly: MeshPort("8082", MeshProtocol.Http)]
            [assembly: MeshPort(8083, MeshProtocol.Http, Name = )]
            [assembly: MeshPort(
            """);
        return test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public Task DataPlaneNoneSilences()
    {
        var test = NewTest();
        test.TestState.Sources.Add("""
            [assembly: MeshReady.MeshPort(8080, MeshReady.MeshProtocol.Http, Name = "query-http")]
            """);
        MeshTestSettings.ApplyEditorConfig(test.TestState, "meshready.data_plane = none");
        return test.RunAsync(CancellationToken.None);
    }

    // ---- MESH040 fix ----

    [Fact]
    public Task FixRenamesToTheSuggestedName()
        => VerifyFixAsync(
            """
            using MeshReady;
            [assembly: MeshPort(8080, MeshProtocol.Http, Name = {|MESH040:"query-http"|})]
            [assembly: MeshPort(8081, MeshProtocol.Grpc, Name = {|MESH040:"Greeter"|})]
            [assembly: MeshPort(8082, MeshProtocol.Http, Name = {|MESH040:"http-orders-public-api"|})]
            """,
            """
            using MeshReady;
            [assembly: MeshPort(8080, MeshProtocol.Http, Name = "http-query")]
            [assembly: MeshPort(8081, MeshProtocol.Grpc, Name = "grpc-greeter")]
            [assembly: MeshPort(8082, MeshProtocol.Http, Name = "http-orders-pub")]
            """);

    [Fact]
    public Task NoFixForAConstantName()
    {
        const string source = """
            [assembly: MeshReady.MeshPort(8080, MeshReady.MeshProtocol.Http, Name = {|MESH040:Names.Orders|})]
            internal static class Names { public const string Orders = "orders"; }
            """;
        var test = new MeshCodeFixTest<MeshPortAnalyzer, RenamePortCodeFix>
        {
            ReferenceAssemblies = TestReferences.Net80,
            TestCode = source,
            FixedCode = source,
        };
        GeneratedAttribute.AddTo(test.TestState);
        GeneratedAttribute.AddTo(test.FixedState);
        return test.RunAsync(CancellationToken.None);
    }

    private static Task VerifyAsync(string source, params DiagnosticResult[] expected)
    {
        var test = NewTest();
        test.TestState.Sources.Add(source);
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync(CancellationToken.None);
    }

    private static Task VerifyFixAsync(string source, string fixedSource)
    {
        var test = new MeshCodeFixTest<MeshPortAnalyzer, RenamePortCodeFix>
        {
            ReferenceAssemblies = TestReferences.Net80,
            TestCode = source,
            FixedCode = fixedSource,
            BatchFixedCode = fixedSource,
            CodeActionEquivalenceKey = RenamePortCodeFix.EquivalenceKey,
        };
        GeneratedAttribute.AddTo(test.TestState);
        GeneratedAttribute.AddTo(test.FixedState);
        GeneratedAttribute.AddTo(test.BatchFixedState);
        return test.RunAsync(CancellationToken.None);
    }

    private static AnalyzerVerifier<MeshPortAnalyzer>.Test NewTest()
    {
        var test = AnalyzerVerifier<MeshPortAnalyzer>.Create(TestReferences.Net80);
        GeneratedAttribute.AddTo(test.TestState);
        return test;
    }
}
