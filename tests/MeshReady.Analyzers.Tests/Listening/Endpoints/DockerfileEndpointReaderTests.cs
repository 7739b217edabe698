using System.Linq;
using MeshReady.Analyzers.Listening.Endpoints;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace MeshReady.Analyzers.Tests.Listening.Endpoints;

public class DockerfileEndpointReaderTests
{
    private static EndpointFile Read(string text) => DockerfileEndpointReader.Read("/app/Dockerfile", SourceText.From(text));

    [Fact]
    public void OnlyTheFinalStageCounts()
    {
        var file = Read("""
            FROM mcr.microsoft.com/dotnet/sdk:8.0 AS build
            ENV ASPNETCORE_URLS=http://localhost:5000
            WORKDIR /src
            RUN dotnet publish -c Release -o /app

            FROM mcr.microsoft.com/dotnet/aspnet:8.0 AS final
            ENV ASPNETCORE_HTTP_PORTS=8080
            EXPOSE 8080
            COPY --from=build /app .
            ENTRYPOINT ["dotnet", "Orders.dll"]
            """);

        Assert.Empty(file.Errors);
        Assert.Collection(
            file.Endpoints,
            expose =>
            {
                Assert.Equal("EXPOSE", expose.Origin);
                Assert.Equal(8080, expose.Port);
                Assert.Equal(HostKind.Unknown, expose.HostKind);
                Assert.Equal(7, expose.PortSpan.StartLine);
            },
            ports =>
            {
                Assert.Equal("ENV ASPNETCORE_HTTP_PORTS", ports.Origin);
                Assert.Equal(HostKind.AnyIP, ports.HostKind);
                Assert.Equal(8080, ports.Port);
                Assert.Equal(6, ports.PortSpan.StartLine);
            });
    }

    [Fact]
    public void StagesInheritFromTheStageTheyAreBuiltFrom()
    {
        var file = Read("""
            FROM mcr.microsoft.com/dotnet/aspnet:8.0 AS base
            ENV ASPNETCORE_URLS=http://127.0.0.1:8080
            EXPOSE 8080

            FROM mcr.microsoft.com/dotnet/sdk:8.0 AS build
            RUN dotnet publish -o /app

            FROM base AS final
            COPY --from=build /app .
            """);

        Assert.Equal(new[] { "tcp://?:8080", "http://127.0.0.1:8080" }, file.Endpoints.Select(e => e.Display));
        Assert.Equal(HostKind.Loopback, file.Endpoints[1].HostKind);
        Assert.Equal(1, file.Endpoints[1].AddressSpan.StartLine);
    }

    [Fact]
    public void UrlsOverridesPortsAndTheLastEnvWins()
    {
        var file = Read("""
            FROM mcr.microsoft.com/dotnet/aspnet:8.0
            ENV ASPNETCORE_HTTP_PORTS=8080
            ENV ASPNETCORE_URLS="http://+:80"
            ENV ASPNETCORE_URLS="http://+:9000;https://+:9443"
            """);

        Assert.Equal(new[] { "http://+:9000", "https://+:9443" }, file.Endpoints.Select(e => e.Display));
        Assert.True(file.Endpoints[1].Tls);
        Assert.Equal(3, file.Endpoints[0].AddressSpan.StartLine);
    }

    [Fact]
    public void ReadsLegacyEnvContinuationsAndSeveralVariablesOnOneLine()
    {
        var file = Read("""
            # syntax=docker/dockerfile:1
            FROM mcr.microsoft.com/dotnet/aspnet:8.0
            ENV DOTNET_RUNNING_IN_CONTAINER=true \
                ASPNETCORE_HTTP_PORTS=15020 \
                TZ=UTC
            ENV ASPNETCORE_HTTPS_PORTS 8443
            EXPOSE 15020/tcp 53/udp $EXTRA_PORT 9000-9010
            """);

        Assert.Empty(file.Errors);
        Assert.Equal(new[] { "tcp://?:15020", "http://+:15020", "https://+:8443" }, file.Endpoints.Select(e => e.Display));
        Assert.Equal(3, file.Endpoints[1].PortSpan.StartLine);
    }

    [Fact]
    public void VariablesAreUnknownValuesNotErrors()
    {
        var file = Read("""
            FROM mcr.microsoft.com/dotnet/aspnet:8.0
            ARG PORT=8080
            ENV ASPNETCORE_URLS=http://localhost:${PORT}
            """);

        Assert.Empty(file.Errors);
        var endpoint = Assert.Single(file.Endpoints);
        Assert.Equal(HostKind.Loopback, endpoint.HostKind);
        Assert.Null(endpoint.Port);
    }

    [Fact]
    public void BadValuesAreErrorsWithTheirLines()
    {
        var file = Read("""
            FROM mcr.microsoft.com/dotnet/aspnet:8.0
            ENV ASPNETCORE_HTTP_PORTS=eighty
            EXPOSE http
            ENV GREETING="hello
            EXPOSE 8080
            """);

        Assert.Equal(new[] { 2, 3, 1 }, file.Errors.Select(e => e.Span.StartLine));
        Assert.Contains("EXPOSE 'http' is not a port", file.Errors[0].Message, System.StringComparison.Ordinal);
        Assert.Contains("quote is not closed", file.Errors[1].Message, System.StringComparison.Ordinal);
        Assert.Contains("'eighty' is not a port", file.Errors[2].Message, System.StringComparison.Ordinal);
        Assert.Equal(new[] { 8080 }, file.Endpoints.Select(e => e.Port!.Value));
    }

    [Fact]
    public void EmptyAndCommentOnlyFilesGiveNothing()
    {
        Assert.Empty(Read(string.Empty).Endpoints);
        Assert.Empty(Read("# nothing yet\n\n").Errors);
    }
}
