using System;
using System.IO;
using System.Linq;
using System.Collections.Generic;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Xunit;
using static MeshReady.Analyzers.Tests.Generation.GeneratorHarness;

namespace MeshReady.Analyzers.Tests.Generation;

/// <summary>
/// The lifecycle entries of docs/assembly-metadata.md that the manifest checks read (MESH107: the shutdown budget;
/// MESH106: whether the program stops the sidecar; MESH115: whether it waits for the proxy), checked in the emitted
/// assembly, as the tool reads them.
/// </summary>
public class LifecycleMetadataTests
{
    private const string Usings = """
        using System;
        using System.Net.Http;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Hosting;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;

        """;

    [Fact]
    public async Task TheLongestConstantShutdownBudgetIsRecordedInWholeSeconds()
    {
        var metadata = await MetadataAsync(Usings + """
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(20));
            builder.WebHost.UseShutdownTimeout(TimeSpan.FromMilliseconds(44_500));
            builder.Build().Run();
            """);

        Assert.Equal("45", metadata["MeshReady.ShutdownTimeoutSeconds"]);
    }

    [Fact]
    public async Task TheShutdownTimeoutSettingCounts()
    {
        var metadata = await MetadataAsync(Usings + """
            var builder = WebApplication.CreateBuilder(args);
            builder.WebHost.UseSetting("shutdownTimeoutSeconds", "60");
            builder.Build().Run();
            """);

        Assert.Equal("60", metadata["MeshReady.ShutdownTimeoutSeconds"]);
    }

    [Theory]
    [InlineData("// no budget chosen: the .NET default is not a choice the pod must match")]
    [InlineData("builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = System.Threading.Timeout.InfiniteTimeSpan);")]
    [InlineData("builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(args.Length));")]
    [InlineData("var other = new Other(); other.ShutdownTimeout = TimeSpan.FromSeconds(90);")]
    public async Task NoFiniteConstantBudgetWritesNoEntry(string statement)
    {
        var metadata = await MetadataAsync(Usings + """
            var builder = WebApplication.CreateBuilder(args);

            """ + statement + """

            builder.Build().Run();

            sealed class Other { public TimeSpan ShutdownTimeout { get; set; } }
            """);

        Assert.False(metadata.ContainsKey("MeshReady.ShutdownTimeoutSeconds"), "unexpected entry: " + string.Join(", ", metadata));
    }

    [Theory]
    [InlineData("await MeshReady.MeshProxy.QuitAsync();")]
    [InlineData("builder.Services.AddMeshReadiness(o => o.QuitSidecarOnStop = true);")]
    [InlineData("await new HttpClient().PostAsync(\"http://localhost:15020/quitquitquit\", null);")]
    [InlineData("var port = 15020; await new HttpClient().PostAsync($\"http://127.0.0.1:{port}/quitquitquit\", null);")]
    public async Task StoppingTheSidecarIsRecorded(string statement)
    {
        var metadata = await MetadataAsync(Usings + """
            var builder = Host.CreateApplicationBuilder(args);

            """ + statement + """

            builder.Build().Run();
            """);

        Assert.Equal("true", metadata["MeshReady.QuitsSidecar"]);
    }

    [Theory]
    [InlineData("// nothing stops the sidecar")]
    [InlineData("builder.Services.AddMeshReadiness(o => o.QuitSidecarOnStop = false);")]
    [InlineData("await new Other().QuitAsync();")]
    public async Task NotStoppingTheSidecarIsRecordedAsFalse(string statement)
    {
        var metadata = await MetadataAsync(Usings + """
            var builder = Host.CreateApplicationBuilder(args);

            """ + statement + """

            builder.Build().Run();

            sealed class Other { public Task QuitAsync() => Task.CompletedTask; }
            """);

        Assert.Equal("false", metadata["MeshReady.QuitsSidecar"]);
    }

    [Theory]
    [InlineData("await MeshReady.MeshProxy.WaitUntilReadyAsync();")]
    [InlineData("if (!await MeshProxy.WaitUntilReadyAsync(TimeSpan.FromSeconds(30))) { Console.Error.WriteLine(\"no proxy\"); }")]
    [InlineData("builder.Services.AddMeshReadiness();")]
    [InlineData("builder.Services.AddMeshReadiness(o => o.ShutdownDrain = TimeSpan.FromSeconds(5));")]
    public async Task WaitingForTheProxyIsRecorded(string statement)
    {
        var metadata = await MetadataAsync(Usings + "using MeshReady;\n" + """
            var builder = Host.CreateApplicationBuilder(args);

            """ + statement + """

            builder.Build().Run();
            """);

        Assert.Equal("true", metadata["MeshReady.WaitsForProxy"]);
    }

    [Theory]
    [InlineData("// no wait")]
    [InlineData("await new Other().WaitUntilReadyAsync();")]
    [InlineData("await MeshReady.MeshProxy.QuitAsync();")]
    public async Task NotWaitingForTheProxyIsRecordedAsFalse(string statement)
    {
        var metadata = await MetadataAsync(Usings + """
            var builder = Host.CreateApplicationBuilder(args);

            """ + statement + """

            builder.Build().Run();

            sealed class Other { public Task WaitUntilReadyAsync() => Task.CompletedTask; }
            """);

        Assert.Equal("false", metadata["MeshReady.WaitsForProxy"]);
    }

    [Theory]
    [InlineData("builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = ")]
    [InlineData("builder.WebHost.UseShutdownTimeout(")]
    [InlineData("builder.WebHost.UseSetting(\"shutdownTimeoutSeconds\", ")]
    [InlineData("await MeshReady.MeshProxy.QuitAsync(")]
    [InlineData("QuitAsync = ; o.QuitSidecarOnStop = ")]
    [InlineData("await MeshReady.MeshProxy.WaitUntilReadyAsync(")]
    [InlineData("builder.Services.AddMeshReadiness(o => ")]
    [InlineData("AddMeshReadiness")]
    public async Task HalfTypedCodeNeverCrashesTheGenerator(string statement)
    {
        var compilation = await CompileAsync(Targets.AspNetCore80, new[] { Usings + "var builder = WebApplication.CreateBuilder(args);\n" + statement });
        var (driver, _, generatorDiagnostics) = Run(compilation);

        Assert.Empty(generatorDiagnostics);
        Assert.Null(driver.GetRunResult().Results.Single().Exception);
        Assert.Contains("MeshReady.Lifecycle.g.cs", Sources(driver).Keys);
    }

    /// <summary>Runs the generator, checks the output emits, and returns its <c>MeshReady.*</c> assembly metadata.</summary>
    private static async Task<Dictionary<string, string>> MetadataAsync(string source)
    {
        var (_, output, _) = Run(await CompileAsync(Targets.AspNetCore80, new[] { source }));
        using var image = new MemoryStream();
        var emitted = output.Emit(image);
        Assert.True(emitted.Success, string.Join(Environment.NewLine, emitted.Diagnostics));

        return output.Assembly.GetAttributes()
            .Where(a => a.AttributeClass?.ToDisplayString() == "System.Reflection.AssemblyMetadataAttribute")
            .Select(a => (Key: (string?)a.ConstructorArguments[0].Value, Value: (string?)a.ConstructorArguments[1].Value))
            .Where(a => a.Key?.StartsWith("MeshReady.", StringComparison.Ordinal) == true && a.Key != "MeshReady.Port")
            .ToDictionary(a => a.Key!, a => a.Value ?? "");
    }
}
