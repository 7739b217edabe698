using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = MeshReady.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MeshReady.Analyzers.Configuration.MeshOptionsAnalyzer>;

namespace MeshReady.Analyzers.Tests.Configuration;

/// <summary><c>meshready.istio_version</c>: a release from 1.6 on; anything else is MESH901 and the newest known release applies.</summary>
public class IstioVersionOptionTests
{
    private const string Source = "public static class Empty { }";

    private const string Accepted = "an Istio release from 1.6 on, such as 1.24 or 1.27.3";

    [Theory]
    [InlineData("1.24")]
    [InlineData("1.27.3")]
    [InlineData("v1.30")]
    public Task ReleasesAreSilent(string value)
        => Verify.VerifyAsync(Source, "meshready.istio_version = " + value, null);

    [Theory]
    [InlineData("latest")]
    [InlineData("1.5")]
    [InlineData("2.0")]
    public Task AnythingElseIsReported(string value)
        => Verify.VerifyAsync(
            Source,
            "meshready.istio_version = " + value,
            null,
            new DiagnosticResult("MESH901", DiagnosticSeverity.Warning).WithArguments(".editorconfig", value, "meshready.istio_version", Accepted, "1.30"));
}
