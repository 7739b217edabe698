using System;
using System.IO;
using System.Linq;
using MeshReady.Manifests.Code;
using MeshReady.Manifests.Tests.Infrastructure;
using Xunit;

namespace MeshReady.Manifests.Tests.Code;

public class AssemblyMetadataReaderTests
{
    [Fact]
    public void ReadsEveryDocumentedKeyFromABuiltAssemblyWithoutLoadingIt()
    {
        var path = TestAssemblies.WithMetadata(
            "Contoso.OrdersApi",
            ("MeshReady.Port", "8080|http|http-orders|http|declared"),
            ("MeshReady.Port", "8081|grpc|grpc-orders|grpc|inferred"),
            ("MeshReady.Workload", "service"),
            ("MeshReady.DataPlane", "native_sidecar"),
            ("MeshReady.ShutdownTimeoutSeconds", "45"),
            ("MeshReady.StartupCallsUnguarded", "true"),
            ("MeshReady.QuitsSidecar", "false"));

        var facts = AssemblyMetadataReader.Read(path);

        Assert.Equal("Contoso.OrdersApi", facts.AssemblyName);
        Assert.Equal(
            [new CodePort(8080, "http", "http-orders", "http", true), new CodePort(8081, "grpc", "grpc-orders", "grpc", false)],
            facts.Ports);
        Assert.Equal(MeshReady.Analyzers.Infrastructure.Workload.Service, facts.Workload);
        Assert.Equal(MeshReady.Analyzers.Infrastructure.DataPlane.NativeSidecar, facts.DataPlane);
        Assert.Equal(TimeSpan.FromSeconds(45), facts.ShutdownTimeout);
        Assert.True(facts.StartupCallsUnguarded);
        Assert.False(facts.QuitsSidecar);

        // Not loaded: the file can be deleted right away (a loaded assembly would stay mapped on Windows, and
        // on every OS would be in the AppDomain).
        Assert.DoesNotContain(AppDomain.CurrentDomain.GetAssemblies(), a => a.GetName().Name == "Contoso.OrdersApi");
        File.Delete(path);
    }

    [Fact]
    public void MissingKeysAreUnknownAndUnparseableValuesAndOtherKeysAreSkipped()
    {
        var path = TestAssemblies.WithMetadata(
            "Billing",
            ("MeshReady.Port", "not-a-port|http|http|http|declared"),
            ("MeshReady.Port", "70000|http|http|http|declared"),
            ("MeshReady.Port", "8080|http"),
            ("MeshReady.Port", "8080|http|http|http|guessed"),
            ("MeshReady.Port", "9090|tcp|tcp-raw|tcp|inferred|a-future-field"),
            ("MeshReady.ShutdownTimeoutSeconds", "-5"),
            ("MeshReady.Workload", "batch"),
            ("MeshReady.FutureKey", "1"),
            ("RepositoryUrl", "https://example.com"));

        var facts = AssemblyMetadataReader.Read(path);

        Assert.Equal([9090], facts.Ports.Select(p => p.Number));
        Assert.Null(facts.Workload);
        Assert.Null(facts.DataPlane);
        Assert.Null(facts.ShutdownTimeout);
        Assert.Null(facts.StartupCallsUnguarded);
        Assert.Null(facts.QuitsSidecar);
    }

    [Fact]
    public void AnAssemblyWithoutMeshReadyMetadataKnowsNothing()
    {
        var facts = AssemblyMetadataReader.Read(TestAssemblies.Emit("Plain", "public class C { }"));
        Assert.False(facts.KnowsPorts);
        Assert.Null(facts.ShutdownTimeout);
    }

    [Fact]
    public void AFileThatIsNotAnAssemblyIsAnInvalidDataException()
    {
        var path = Path.Combine(Path.GetTempPath(), "meshready-manifest-tests", Guid.NewGuid().ToString("N")[..12] + ".dll");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "not a PE file");
        Assert.ThrowsAny<Exception>(() => AssemblyMetadataReader.Read(path));
    }

    [Theory]
    [InlineData("registry.example.com/shop/orders-api:1.4.2", "orders-api")]
    [InlineData("orders-api@sha256:0123abcd", "orders-api")]
    [InlineData("localhost:5000/orders_api", "orders_api")]
    [InlineData("ordersapi", "ordersapi")]
    [InlineData("", "")]
    public void ImageRepositoryNameDropsRegistryTagAndDigest(string image, string expected)
        => Assert.Equal(expected, CodeMatcher.ImageRepositoryName(image));

    [Fact]
    public void ALibraryIsToldFromAnApplicationByItsEntryPoint()
    {
        Assert.False(AssemblyMetadataReader.Read(TestAssemblies.WithMetadata("OrdersApi", ("MeshReady.Workload", "service"))).IsLibrary);
        Assert.True(AssemblyMetadataReader.Read(TestAssemblies.LibraryWithMetadata("Shared", ("MeshReady.Workload", "service"))).IsLibrary);
    }
}
