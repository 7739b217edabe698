using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = MeshReady.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MeshReady.Analyzers.Configuration.MeshOptionsAnalyzer>;

namespace MeshReady.Analyzers.Tests.Configuration;

/// <summary><c>meshready.allowed_ips</c> (MESH020): unreadable entries are MESH901, readable ones still apply.</summary>
public class AllowedIPsOptionTests
{
    private const string Source = "public static class Empty { }";

    private const string Accepted = "IP addresses or CIDR ranges separated by commas, such as 10.20.0.5, 192.168.0.0/16";

    [Fact]
    public Task ValidEntriesAreSilent()
        => Verify.VerifyAsync(Source, "meshready.allowed_ips = 10.20.0.5, 192.168.0.0/16; 2001:db8::/32", null);

    [Fact]
    public Task EachUnreadableEntryIsReported()
        => Verify.VerifyAsync(
            Source,
            "meshready.allowed_ips = 10.20.0.5, db-server, 10.0.0.0/33",
            null,
            new DiagnosticResult("MESH901", DiagnosticSeverity.Warning).WithArguments(".editorconfig", "db-server", "meshready.allowed_ips", Accepted, "none"),
            new DiagnosticResult("MESH901", DiagnosticSeverity.Warning).WithArguments(".editorconfig", "10.0.0.0/33", "meshready.allowed_ips", Accepted, "none"));
}
