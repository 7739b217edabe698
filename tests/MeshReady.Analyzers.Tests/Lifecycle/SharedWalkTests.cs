using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MeshReady.Analyzers.Infrastructure;
using MeshReady.Analyzers.Lifecycle;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace MeshReady.Analyzers.Tests.Lifecycle;

/// <summary>
/// The start-up view (MESH030) and the every-call view (MESH031, MESH033) share the steps of the bodies they read alike,
/// in one model per compilation, as a build runs all three rules. A body the views read differently must not be shared,
/// whichever view walks it first: a start-up walk reused at shutdown would lose I/O under a retry or in a branch not due
/// at start; a shutdown walk reused at start-up would report it. The verifiers run one rule per compilation, so they
/// cannot see this; these tests ask one model in both orders.
/// </summary>
public class SharedWalkTests
{
    // A helper whose only I/O is in a branch not due at start, called from StartAsync and StopAsync.
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ATimeGuardedHelperIsReadByEachViewItsOwnWay(bool startUpFirst)
    {
        var source = TimeGuardTests.Usings
            + TimeGuardTests.UsageReporter.Replace("MARK0", string.Empty).Replace("MARK1", string.Empty).Replace("END", string.Empty)
            + TimeGuardTests.Publisher;

        var (startUp, shutdown) = await BothViewsAsync(source, Infrastructure.TestReferences.AspNetCore80, "UsageReporter", "ReportIfDueAsync", startUpFirst);

        Assert.Null(startUp);
        Assert.Equal("'UsageReporter.ReportIfDueAsync' → " + TimeGuardTests.PublisherChain, shutdown?.What);
    }

    // A helper whose only I/O runs inside a Polly retry: covered at start-up, shutdown I/O at stop.
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AHelperWhoseOnlyIoIsUnderARetryIsReadByEachViewItsOwnWay(bool startUpFirst)
    {
        const string Source = """
            using System;
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Hosting;
            using Polly;

            public sealed class RegistrationService(HttpClient http) : IHostedService
            {
                private readonly IAsyncPolicy retry = Policy.Handle<HttpRequestException>().WaitAndRetryAsync(5, attempt => TimeSpan.FromSeconds(attempt));

                public Task StartAsync(CancellationToken cancellationToken) => SendAsync("register");

                public Task StopAsync(CancellationToken cancellationToken) => SendAsync("deregister");

                private async Task SendAsync(string action)
                {
                    await retry.ExecuteAsync(() => http.PostAsync("http://registry.platform/api/" + action, null));
                }
            }
            """;

        var (startUp, shutdown) = await BothViewsAsync(Source, DeepLifecycleTests.PollyV7, "RegistrationService", "SendAsync", startUpFirst);

        Assert.Null(startUp);
        Assert.Equal("'RegistrationService.SendAsync' → 'IAsyncPolicy.ExecuteAsync' → 'HttpClient.PostAsync'", shutdown?.What);
    }

    private static async Task<(IoFinding? StartUp, IoFinding? Shutdown)> BothViewsAsync(
        string source, ReferenceAssemblies references, string typeName, string helper, bool startUpFirst)
    {
        var compilation = CSharpCompilation.Create(
            "Service",
            new[] { CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.CSharp12)) },
            await Infrastructure.TestReferences.ResolveAsync(references),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Disable));
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

        var type = compilation.GetTypeByMetadataName(typeName)!;
        var model = new LifecycleModel(compilation, new KnownTypes(compilation));
        var start = CallIn(model, type, "StartAsync", helper);
        var stop = CallIn(model, type, "StopAsync", helper);

        IoFinding? AtStartUp() => model.FindIo(start, null, ImmutableArray<string>.Empty, startUp: true, CancellationToken.None);
        IoFinding? AtShutdown() => model.FindIo(stop, null, ImmutableArray<string>.Empty, startUp: false, CancellationToken.None);
        if (startUpFirst)
        {
            var first = AtStartUp();
            return (first, AtShutdown());
        }

        var shutdown = AtShutdown();
        return (AtStartUp(), shutdown);
    }

    private static IInvocationOperation CallIn(LifecycleModel model, INamedTypeSymbol type, string method, string helper)
    {
        var body = model.BodyOf(type.GetMembers(method).OfType<IMethodSymbol>().Single(), CancellationToken.None)!;
        return body.Descendants().OfType<IInvocationOperation>().First(i => i.TargetMethod.Name == helper);
    }
}
