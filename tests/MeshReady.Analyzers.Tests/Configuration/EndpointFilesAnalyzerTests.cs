using System.Threading;
using System.Threading.Tasks;
using MeshReady.Analyzers.Configuration;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = MeshReady.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MeshReady.Analyzers.Configuration.EndpointFilesAnalyzer>;

namespace MeshReady.Analyzers.Tests.Configuration;

public class EndpointFilesAnalyzerTests
{
    private const string Program = """
        var builder = Microsoft.AspNetCore.Builder.WebApplication.CreateBuilder(args);
        var app = builder.Build();
        app.Run();
        """;

    private static Task RunAsync(params (string Path, string Text)[] files)
    {
        var test = Verify.Create();
        test.TestState.Sources.Add(Program);
        test.TestState.OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication;
        foreach (var file in files)
        {
            test.TestState.AdditionalFiles.Add(file);
        }

        return test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public Task MalformedAppSettingsIsReportedAtTheLine()
        => RunAsync(("/app/appsettings.json", """
            {
              "Kestrel": {
                "Endpoints": {
                  "Http": { "Url": "http://+:8080" }
                  {|MESH903:"|}Https": { "Url": "https://+:8443" }
                }
              }
            }
            """));

    [Fact]
    public Task BadUrlInAppSettings()
        => RunAsync(("/app/appsettings.Production.json", """
            {
              "Kestrel": { "Endpoints": { "Api": { "Url": {|MESH903:"localhost:8080"|} } } }
            }
            """));

    [Fact]
    public Task UrlsObjectBoundToTheAppsOwnOptionsIsNotKestrels()
        => RunAsync(("/app/appsettings.json", """
            {
              "Urls": {
                "BasketUrl": "http://basket-api",
                "OrderingUrl": "http://ordering-api",
                "IdentityUrl": "http://identity-api"
              },
              "HTTP_PORTS": [ 8080 ]
            }
            """));

    [Fact]
    public Task UrlsNumberIsStillReported()
        => RunAsync(("/app/appsettings.json", """
            { "Urls": {|MESH903:8080|} }
            """));

    [Fact]
    public Task BadPortsInDockerfile()
        => RunAsync(("/app/Dockerfile", """
            FROM mcr.microsoft.com/dotnet/aspnet:8.0
            ENV ASPNETCORE_HTTP_PORTS={|MESH903:eighty|}
            EXPOSE {|MESH903:http|}
            ENTRYPOINT ["dotnet", "Orders.dll"]
            """));

    [Fact]
    public Task WellFormedFilesAndUnrelatedFilesAreSilent()
        => RunAsync(
            ("/app/appsettings.json", """
                {
                  // comments and trailing commas are fine in .NET configuration
                  "Kestrel": { "Endpoints": { "Http": { "Url": "http://+:8080", }, }, },
                  "Logging": { "LogLevel": { "Default": "Information" } },
                }
                """),
            ("/app/Dockerfile", """
                FROM mcr.microsoft.com/dotnet/aspnet:8.0
                ENV ASPNETCORE_HTTP_PORTS=8080
                EXPOSE 8080 53/udp $EXTRA
                """),
            ("/app/launchSettings.json", "{ this is not json"),
            ("/app/notes.txt", "EXPOSE http"));

    [Fact]
    public async Task MessageNamesFileLineAndProblem()
    {
        var test = Verify.Create();
        test.TestState.Sources.Add(Program);
        test.TestState.OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication;
        test.TestState.AdditionalFiles.Add(("/app/Dockerfile", "FROM base\nEXPOSE http\n"));
        test.ExpectedDiagnostics.Add(new DiagnosticResult("MESH903", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning)
            .WithSpan("/app/Dockerfile", 2, 8, 2, 12)
            .WithArguments("Dockerfile", 2, "EXPOSE 'http' is not a port (expected a number from 0 to 65535, optionally /tcp or /udp)"));
        await test.RunAsync(CancellationToken.None);
    }
}
