using System.Threading.Tasks;
using Xunit;
using Verify = MeshReady.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MeshReady.Analyzers.Lifecycle.ProcessExitAnalyzer>;

namespace MeshReady.Analyzers.Tests.Lifecycle;

public class ProcessExitAnalyzerTests
{
    [Fact]
    public Task ExitFromBackgroundServiceOnFailure()
        => Verify.VerifyAsync("""
            using System;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Hosting;

            public sealed class Consumer : BackgroundService
            {
                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    try
                    {
                        await Task.Delay(1000, stoppingToken);
                    }
                    catch (Exception)
                    {
                        Environment.Exit(1);
                    }
                }
            }
            """,
            Verify.Diagnostic("MESH034").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithSpan(16, 13, 16, 32)
                .WithArguments("Environment.Exit", "the hosted service Consumer"));

    [Fact]
    public Task ControllerAndEndpointKillTheProcess()
        => Verify.VerifyAsync("""
            using System;
            using System.Diagnostics;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Mvc;

            var app = WebApplication.Create(args);
            app.MapPost("/admin/restart", () => {|MESH034:Environment.Exit(0)|});
            app.Run();

            public sealed class AdminController : ControllerBase
            {
                [HttpPost("/admin/crash")]
                public IActionResult Crash()
                {
                    var self = Process.GetCurrentProcess();
                    {|MESH034:self.Kill()|};
                    {|MESH034:Environment.FailFast("corrupt state")|};
                    return Ok();
                }
            }
            """);

    [Fact]
    public Task ExitInMainAndKillingChildProcessesAreNotThisRule()
        => Verify.VerifyAsync("""
            using System;
            using System.Diagnostics;

            public static class Program
            {
                public static void Main(string[] args)
                {
                    using var child = Process.Start("sleep", "100");
                    child.Kill();
                    Environment.Exit(args.Length == 0 ? 64 : 0);
                }
            }
            """);

    [Fact]
    public Task PlainLibraryCodeIsNotReported()
        => Verify.VerifyAsync("""
            using System;

            public static class Cli
            {
                public static void Fail(string message)
                {
                    Console.Error.WriteLine(message);
                    Environment.Exit(2);
                }
            }
            """);

    [Fact]
    public Task AmbientIsSilent()
        => Verify.VerifyAsync("""
            using System;
            using Microsoft.AspNetCore.Builder;

            var app = WebApplication.Create(args);
            app.MapPost("/admin/restart", () => Environment.Exit(0));
            app.Run();
            """, editorConfig: "meshready.data_plane = ambient", references: null);
}
