using System.Threading.Tasks;
using Xunit;
using Verify = MeshReady.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MeshReady.Analyzers.Configuration.MeshOptionsAnalyzer>;

namespace MeshReady.Analyzers.Tests.Lifecycle;

/// <summary><c>meshready.outbound_io</c>: each entry that is not a dotted name is a MESH901 of its own; valid entries are kept.</summary>
public class OutboundIoOptionTests
{
    private const string Accepted = "a comma-separated list of Namespace.Type or Namespace.Type.Method names";

    [Fact]
    public Task InvalidEntriesAreReportedOneByOne()
        => Verify.VerifyAsync(
            "public static class C { }",
            editorConfig: "meshready.outbound_io = Acme.Config.RemoteSettings.Load, Acme..Broken, NoNamespace",
            references: null,
            Verify.Diagnostic("MESH901").WithArguments(".editorconfig", "Acme..Broken", "meshready.outbound_io", Accepted, "built-in list only"),
            Verify.Diagnostic("MESH901").WithArguments(".editorconfig", "NoNamespace", "meshready.outbound_io", Accepted, "built-in list only"));

    [Fact]
    public Task ValidEntriesAreSilent()
        => Verify.VerifyAsync(
            "public static class C { }",
            editorConfig: "meshready.outbound_io = Acme.Config.RemoteSettings, Acme.Secrets.Vault.FetchAsync,",
            references: null);
}
