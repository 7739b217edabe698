using System.Threading;
using System.Threading.Tasks;
using MeshReady.Analyzers.Ports;
using MeshReady.Analyzers.Tests.Infrastructure;
using MeshReady.CodeFixes.Ports;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace MeshReady.Analyzers.Tests.Ports;

/// <summary>MESH041: listeners on ports that no <c>[assembly: MeshPort]</c> declares.</summary>
public class UndeclaredPortAnalyzerTests
{
    [Fact]
    public Task KestrelPortWithoutDeclarationIsReported()
        => VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;

            var builder = WebApplication.CreateBuilder(args);
            builder.WebHost.ConfigureKestrel(k => k.ListenAnyIP({|MESH041:8080|}));
            builder.Build().Run();
            """);

    [Fact]
    public Task UseUrlsPortWithoutDeclarationIsReported()
        => VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;

            var builder = WebApplication.CreateBuilder(args);
            builder.WebHost.UseUrls({|MESH041:"http://+:9090"|});
            builder.Build().Run();
            """);

    [Fact]
    public Task DeclaredPortIsQuiet()
        => VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;

            [assembly: MeshReady.MeshPort(8080, MeshReady.MeshProtocol.Http, Name = "http-orders")]

            var builder = WebApplication.CreateBuilder(args);
            builder.WebHost.ConfigureKestrel(k => k.ListenAnyIP(8080));
            builder.Build().Run();
            """);

    [Fact]
    public Task LoopbackReservedAndComputedPortsAreQuiet()
        => VerifyAsync("""
            using System;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;

            var builder = WebApplication.CreateBuilder(args);
            var port = int.Parse(Environment.GetEnvironmentVariable("PORT") ?? "8080");
            builder.WebHost.ConfigureKestrel(k =>
            {
                k.ListenLocalhost(5000);
                k.ListenAnyIP(port);
            });
            builder.Build().Run();
            """);

    [Fact]
    public Task DevelopmentOnlyListenerIsQuiet()
        => VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;
            using Microsoft.Extensions.Hosting;

            var builder = WebApplication.CreateBuilder(args);
            if (builder.Environment.IsDevelopment())
            {
                builder.WebHost.UseUrls("http://+:5005");
            }

            builder.Build().Run();
            """);

    [Fact]
    public Task ConsoleToolWithRawSocketIsQuiet()
        => VerifyAsync("""
            using System.Net;
            using System.Net.Sockets;

            public static class Callback
            {
                public static TcpListener Open() => new TcpListener(IPAddress.Any, 7000);
            }
            """, TestReferences.Net80);

    [Fact]
    public Task FixDeclaresThePort()
        => VerifyFixAsync(
            """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;
            using Microsoft.AspNetCore.Server.Kestrel.Core;

            var builder = WebApplication.CreateBuilder(args);
            builder.WebHost.ConfigureKestrel(k =>
            {
                k.ListenAnyIP({|MESH041:8080|});
                k.ListenAnyIP({|MESH041:8081|}, o => o.Protocols = HttpProtocols.Http2);
            });
            builder.Build().Run();
            """,
            """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;
            using Microsoft.AspNetCore.Server.Kestrel.Core;
            [assembly: MeshReady.MeshPort(8080, MeshReady.MeshProtocol.Http)]
            [assembly: MeshReady.MeshPort(8081, MeshReady.MeshProtocol.Http2)]

            var builder = WebApplication.CreateBuilder(args);
            builder.WebHost.ConfigureKestrel(k =>
            {
                k.ListenAnyIP(8080);
                k.ListenAnyIP(8081, o => o.Protocols = HttpProtocols.Http2);
            });
            builder.Build().Run();
            """);

    private static Task VerifyAsync(string source, ReferenceAssemblies? references = null)
    {
        var test = AnalyzerVerifier<UndeclaredPortAnalyzer>.Create(references ?? TestReferences.AspNetCore80);
        test.TestState.Sources.Add(source);
        MeshTestSettings.ApplyOutputKind(test.TestState, source);
        GeneratedAttribute.AddTo(test.TestState);
        return test.RunAsync(CancellationToken.None);
    }

    private static Task VerifyFixAsync(string source, string fixedSource)
    {
        var test = new MeshCodeFixTest<UndeclaredPortAnalyzer, DeclareMeshPortCodeFix>
        {
            ReferenceAssemblies = TestReferences.AspNetCore80,
            TestCode = source,
            FixedCode = fixedSource,
            BatchFixedCode = fixedSource,
            CodeActionEquivalenceKey = DeclareMeshPortCodeFix.EquivalenceKey,
            NumberOfIncrementalIterations = 2,
            NumberOfFixAllIterations = 1,
        };
        foreach (var state in new[] { test.TestState, test.FixedState, test.BatchFixedState })
        {
            MeshTestSettings.ApplyOutputKind(state, source);
            GeneratedAttribute.AddTo(state);
        }

        return test.RunAsync(CancellationToken.None);
    }
}
