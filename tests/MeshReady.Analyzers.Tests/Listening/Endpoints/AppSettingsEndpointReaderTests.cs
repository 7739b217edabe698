using System.Linq;
using MeshReady.Analyzers.Listening.Endpoints;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace MeshReady.Analyzers.Tests.Listening.Endpoints;

public class AppSettingsEndpointReaderTests
{
    private static EndpointFile Read(string json, string path = "/app/appsettings.json")
        => AppSettingsEndpointReader.Read(path, SourceText.From(json));

    [Fact]
    public void ReadsKestrelEndpointsWithTheirLines()
    {
        var file = Read("""
            {
              "Logging": { "LogLevel": { "Default": "Information" } },
              "Kestrel": {
                "Endpoints": {
                  "Api": { "Url": "http://+:8080", "Protocols": "Http1" },
                  "Grpc": { "Url": "http://+:8081", "Protocols": "Http2" },
                  "Admin": { "Url": "http://localhost:9090" }
                }
              }
            }
            """);

        Assert.Empty(file.Errors);
        Assert.Collection(
            file.Endpoints,
            api =>
            {
                Assert.Equal("Kestrel:Endpoints:Api:Url", api.Origin);
                Assert.Equal(EndpointSource.AppSettings, api.Source);
                Assert.Equal(HostKind.AnyIP, api.HostKind);
                Assert.Equal(8080, api.Port);
                Assert.Equal(EndpointProtocols.Http1, api.Protocols);
                Assert.Equal(4, api.PortSpan.StartLine);
                Assert.Equal(4, api.ProtocolsSpan!.Value.StartLine);
            },
            grpc => Assert.Equal(EndpointProtocols.Http2, grpc.Protocols),
            admin =>
            {
                Assert.Equal(HostKind.Loopback, admin.HostKind);
                Assert.Equal(9090, admin.Port);
                Assert.Equal(EndpointProtocols.Default, admin.Protocols);
                Assert.Equal(6, admin.AddressSpan.StartLine);
            });
    }

    [Fact]
    public void EndpointDefaultsApplyWhereTheEndpointSetsNoProtocols()
    {
        var file = Read("""
            {
              "Kestrel": {
                "EndpointDefaults": { "Protocols": "Http1AndHttp2" },
                "Endpoints": {
                  "Web": { "Url": "http://*:5000" },
                  "Rpc": { "Url": "http://*:5001", "Protocols": "Http2" }
                }
              }
            }
            """);

        Assert.Equal(EndpointProtocols.Http1AndHttp2, file.DefaultProtocols);
        Assert.Equal(EndpointProtocols.Http1AndHttp2, file.Endpoints[0].Protocols);
        Assert.Equal(2, file.Endpoints[0].ProtocolsSpan!.Value.StartLine);
        Assert.Equal(EndpointProtocols.Http2, file.Endpoints[1].Protocols);
    }

    [Fact]
    public void ReadsTopLevelUrlsAndPortKeys()
    {
        var file = Read("""
            {
              "urls": "http://localhost:5000;https://+:5001",
              "HTTP_PORTS": "8080;8081",
              "https_ports": 8443
            }
            """);

        Assert.Empty(file.Errors);
        Assert.Equal(
            new[] { "http://localhost:5000", "https://+:5001", "http://+:8080", "http://+:8081", "https://+:8443" },
            file.Endpoints.Select(e => e.Display));
        Assert.True(file.Endpoints[1].Tls);
        Assert.True(file.Endpoints[4].Tls);
    }

    [Fact]
    public void MalformedJsonIsOneErrorAtItsLine()
    {
        var file = Read("""
            {
              "Kestrel": {
                "Endpoints": {
                  "Http": { "Url": "http://+:8080" }
                  "Https": { "Url": "https://+:8443" }
                }
              }
            }
            """);

        Assert.Empty(file.Endpoints);
        var error = Assert.Single(file.Errors);
        Assert.Equal(4, error.Span.StartLine);
        Assert.Contains("not valid JSON", error.Message, System.StringComparison.Ordinal);
    }

    [Fact]
    public void BadValuesAreErrorsAndTheRestIsStillRead()
    {
        var file = Read("""
            {
              "Kestrel": {
                "Endpoints": {
                  "Broken": { "Url": "localhost:5000" },
                  "NoUrl": { "Protocols": "Http1" },
                  "BadProtocols": { "Url": "http://+:8081", "Protocols": "Http4" },
                  "Good": { "Url": "http://+:8080" }
                }
              },
              "HTTP_PORTS": "80;abc"
            }
            """);

        Assert.Equal(
            new[] { "http://+:8081", "http://+:8080", "http://+:80" },
            file.Endpoints.Select(e => e.Display));
        Assert.Equal(EndpointProtocols.Unknown, file.Endpoints[0].Protocols);
        Assert.Equal(new[] { 3, 4, 5, 9 }, file.Errors.Select(e => e.Span.StartLine));
        Assert.Contains("is not a URL", file.Errors[0].Message, System.StringComparison.Ordinal);
        Assert.Contains("has no \"Url\"", file.Errors[1].Message, System.StringComparison.Ordinal);
        Assert.Contains("Http1AndHttp2", file.Errors[2].Message, System.StringComparison.Ordinal);
        Assert.Contains("'abc' is not a port", file.Errors[3].Message, System.StringComparison.Ordinal);
    }

    [Fact]
    public void FilesWithoutListenersGiveNothing()
    {
        var file = Read("""{ "ConnectionStrings": { "Orders": "Host=db;Database=orders" } }""");
        Assert.Empty(file.Endpoints);
        Assert.Empty(file.Errors);
    }

    [Theory]
    [InlineData("/src/Orders/appsettings.json", "AppSettings", false)]
    [InlineData("/src/Orders/appsettings.Production.json", "AppSettings", false)]
    [InlineData("/src/Orders/appsettings.Development.json", "AppSettings", true)]
    [InlineData("/src/Orders/Dockerfile", "Dockerfile", false)]
    [InlineData("/src/Orders/orders.Dockerfile", "Dockerfile", false)]
    [InlineData("/src/Orders/launchSettings.json", "None", false)]
    [InlineData("/src/Orders/BannedSymbols.txt", "None", false)]
    public void RecognisesFilesByName(string path, string expectedKind, bool developmentOnly)
    {
        var kind = System.Enum.Parse<EndpointFileKind>(expectedKind);
        Assert.Equal(kind, EndpointFile.KindOf(path));
        if (kind == EndpointFileKind.AppSettings)
        {
            Assert.Equal(developmentOnly, Read("{}", path).DevelopmentOnly);
        }
    }
}
