using System.Threading.Tasks;
using Xunit;
using Verify = MeshReady.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MeshReady.Analyzers.Lifecycle.ShutdownBudgetAnalyzer>;

namespace MeshReady.Analyzers.Tests.Lifecycle;

public class ShutdownBudgetAnalyzerTests
{
    [Fact]
    public Task HostOptionsShutdownTimeoutLongerThanDrain()
        => Verify.VerifyAsync("""
            using System;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(45));
            builder.Build().Run();
            """,
            Verify.Diagnostic("MESH032").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithSpan(7, 66, 7, 90)
                .WithArguments("HostOptions.ShutdownTimeout", "45s", "5s"));

    [Fact]
    public Task ConstantThroughLocalAndWebHostSettings()
        => Verify.VerifyAsync("""
            using System;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;

            var builder = WebApplication.CreateBuilder(args);
            var budget = new TimeSpan(0, 1, 0);
            builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = {|MESH032:budget|});
            builder.WebHost.UseShutdownTimeout({|MESH032:TimeSpan.FromMinutes(2)|});
            builder.WebHost.UseSetting("shutdownTimeoutSeconds", {|MESH032:"30"|});
            builder.Build().Run();
            """);

    [Fact]
    public Task ShortBudgetsAndRaisedDrainAreFine()
        => Verify.VerifyAsync("""
            using System;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(4));
            builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(int.Parse(args[0])));
            builder.Build().Run();
            """);

    [Fact]
    public Task DrainDurationOptionRaisesTheThreshold()
        => Verify.VerifyAsync("""
            using System;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;

            var builder = Host.CreateApplicationBuilder(args);
            builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(25));
            builder.Build().Run();
            """, editorConfig: "meshready.drain_duration = 30s", references: null);

    [Fact]
    public Task NativeSidecarsAreSilent()
        => Verify.VerifyAsync("""
            using System;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;

            var builder = Host.CreateApplicationBuilder(args);
            builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromMinutes(5));
            builder.Build().Run();
            """, editorConfig: "meshready.data_plane = native_sidecar", references: null);
}
