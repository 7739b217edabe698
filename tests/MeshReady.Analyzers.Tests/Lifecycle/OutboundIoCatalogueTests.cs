using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using MeshReady.Analyzers.Lifecycle;
using MeshReady.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Shutdown = MeshReady.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MeshReady.Analyzers.Lifecycle.ShutdownIoAnalyzer>;
using Startup = MeshReady.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MeshReady.Analyzers.Lifecycle.StartupCallAnalyzer>;

namespace MeshReady.Analyzers.Tests.Lifecycle;

/// <summary>
/// One test per entry of <see cref="OutboundIoCatalogue"/>: a realistic call, compiled against the library's real
/// package where the feed serves it (<see cref="OutboundIoCatalogueRows"/> names the package and version), and
/// against a stand-in with the real namespace, type and signature where it does not. Each row asserts the exact
/// diagnostic: rule, location and the call as the message names it.
/// </summary>
public class OutboundIoCatalogueTests
{
    public static TheoryData<string> Rows()
    {
        var data = new TheoryData<string>();
        foreach (var row in OutboundIoCatalogueRows.All)
        {
            data.Add(row.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public Task EntryIsReported(string name)
    {
        var row = OutboundIoCatalogueRows.All.Single(r => r.Name == name);
        return row.Rule == "MESH030"
            ? Startup.VerifyAsync(row.Source, editorConfig: null, row.References,
                Startup.Diagnostic("MESH030").WithLocation(0).WithArguments(row.What, row.Where, DeepLifecycleTests.CrashLoops))
            : Shutdown.VerifyAsync(row.Source, editorConfig: null, row.References,
                Shutdown.Diagnostic("MESH031").WithLocation(0).WithArguments(row.What, row.Where));
    }

    /// <summary>
    /// eShop's RabbitMQEventBus shape: the IConnection comes from Aspire's AddRabbitMQClient, which opened it with retries,
    /// so opening a channel and declaring over it races nothing; the same code without Aspire is reported (the row above).
    /// </summary>
    [Fact]
    public Task ChannelSetUpOverAspiresConnectionIsNotReported()
        => Startup.VerifyAsync("""
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;
            using RabbitMQ.Client;

            public sealed class RabbitMQEventBus(System.IServiceProvider services) : IHostedService
            {
                public async Task StartAsync(CancellationToken cancellationToken)
                {
                    var connection = services.GetRequiredService<IConnection>();
                    var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
                    await channel.ExchangeDeclareAsync("eshop_event_bus", "direct", cancellationToken: cancellationToken);
                    await channel.QueueDeclareAsync("catalog", durable: true, exclusive: false, autoDelete: false, cancellationToken: cancellationToken);
                }

                public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
            }
            """ + AspireRabbitMqStandIn,
            editorConfig: null,
            TestReferences.WithPackages(("RabbitMQ.Client", "7.2.2")));

    /// <summary>Publishing is not set-up: under Aspire's connection it is still reported at start-up (and at shutdown).</summary>
    [Fact]
    public Task PublishingOverAspiresConnectionIsStillReported()
        => Startup.VerifyAsync("""
            using System;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Hosting;
            using RabbitMQ.Client;

            public sealed class OrdersPublisher(IChannel channel) : IHostedService
            {
                public async Task StartAsync(CancellationToken cancellationToken)
                {
                    await {|#0:channel.BasicPublishAsync("orders", "created", ReadOnlyMemory<byte>.Empty, cancellationToken)|};
                }

                public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
            }
            """ + AspireRabbitMqStandIn,
            editorConfig: null,
            TestReferences.WithPackages(("RabbitMQ.Client", "7.2.2")),
            Startup.Diagnostic("MESH030").WithLocation(0).WithArguments("'IChannel.BasicPublishAsync'", "at start-up in OrdersPublisher.StartAsync", DeepLifecycleTests.CrashLoops));

    /// <summary>
    /// pitstop's RabbitMQMessageHandler.Stop shape: cancelling the consumer sends basic.cancel to the broker and waits for
    /// its reply, so at shutdown it is reported like the close after it (the chain used to name only the close).
    /// </summary>
    [Fact]
    public Task CancellingAConsumerAtShutdownIsReported()
        => Shutdown.VerifyAsync("""
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Hosting;
            using RabbitMQ.Client;

            public sealed class OrdersConsumer(IChannel channel) : IHostedService
            {
                private string consumerTag = "";

                public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

                public async Task StopAsync(CancellationToken cancellationToken)
                {
                    await {|#0:channel.BasicCancelAsync(consumerTag, cancellationToken: cancellationToken)|};
                    await {|#1:channel.CloseAsync(cancellationToken)|};
                }
            }
            """,
            editorConfig: null,
            TestReferences.WithPackages(("RabbitMQ.Client", "7.2.2")),
            Shutdown.Diagnostic("MESH031").WithLocation(0).WithArguments("'IChannel.BasicCancelAsync'", "in OrdersConsumer.StopAsync"),
            Shutdown.Diagnostic("MESH031").WithLocation(1).WithArguments("'IChannel.CloseAsync'", "in OrdersConsumer.StopAsync"));

    // Aspire.RabbitMQ.Client's extension class, by its real name (the package brings Polly and OpenTelemetry along).
    private const string AspireRabbitMqStandIn = """

        namespace Microsoft.Extensions.Hosting
        {
            public static class AspireRabbitMQExtensions
            {
            }
        }
        """;

    /// <summary>LINQ on an in-memory list is not an EF query, even in a project that uses EF Core.</summary>
    [Fact]
    public Task InMemoryLinqIsNotAnEfQuery()
        => Startup.VerifyAsync("""
            using System.Collections.Generic;
            using System.Linq;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.EntityFrameworkCore;

            var app = WebApplication.Create(args);
            var defaults = new List<Order> { new() { Customer = "seed" } };
            var unshipped = defaults.Where(o => !o.Shipped).ToList();
            var any = defaults.AsQueryable().Any(o => o.Shipped);
            app.Run();
            """ + StandIns.OrdersDb,
            editorConfig: null,
            TestReferences.WithPackages(("Microsoft.EntityFrameworkCore.Relational", "8.0.30")));

    /// <summary>Building clients and references makes no connection: only the calls that send are listed.</summary>
    [Fact]
    public Task BuildingClientsIsNotIo()
        => Startup.VerifyAsync("""
            using Azure.Storage.Blobs;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.Configuration;
            using Microsoft.Extensions.DependencyInjection;

            var builder = WebApplication.CreateBuilder(args);
            var blobs = new BlobServiceClient(builder.Configuration.GetConnectionString("Blobs"));
            var images = blobs.GetBlobContainerClient("product-images").GetBlobClient("placeholder.png");
            builder.Services.AddSingleton(images);
            var app = builder.Build();
            app.Run();
            """,
            editorConfig: null,
            TestReferences.WithPackages(("Azure.Storage.Blobs", "12.19.1")));

    [Fact]
    public void EveryEntryHasARow()
    {
        var missing = OutboundIoCatalogue.Entries
            .Where(e => !OutboundIoCatalogueRows.All.Any(r => r.Entry == e.Key))
            .Select(e => e.Key)
            .ToList();
        var stray = OutboundIoCatalogueRows.All
            .Where(r => !OutboundIoCatalogue.Entries.Any(e => e.Key == r.Entry))
            .Select(r => r.Name)
            .ToList();

        Assert.True(missing.Count == 0, "Catalogue entries without a test row: " + string.Join(", ", missing));
        Assert.True(stray.Count == 0, "Rows naming no catalogue entry: " + string.Join(", ", stray));
    }

    [Fact]
    public void EntryKeysAreUnique()
    {
        var duplicates = OutboundIoCatalogue.Entries.GroupBy(e => e.Key).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(duplicates.Count == 0, "Duplicate catalogue keys: " + string.Join(", ", duplicates));
    }

    /// <summary>docs/outbound-io.md holds the catalogue's table exactly as the catalogue renders it.</summary>
    [Fact]
    public void DocsPageListsTheCatalogue()
    {
        var page = File.ReadAllText(Path.Combine(Repository.Root, "docs", "outbound-io.md")).Replace("\r\n", "\n");
        var table = RenderTable();
        Assert.True(page.Contains(table, StringComparison.Ordinal), "docs/outbound-io.md must contain this table (regenerate it):\n" + table);
    }

    internal static string RenderTable()
    {
        var text = new StringBuilder();
        text.Append("| Library | Type | Methods |\n|---|---|---|\n");
        foreach (var entry in OutboundIoCatalogue.Entries)
        {
            var type = entry.Type.Replace("`1", "<T>").Replace("`2", "<TKey, TValue>");
            var methods = string.Join(", ", entry.Methods.Select(m => "`" + m + "`"));
            if (entry.Condition == OutboundIoCondition.EfQuery)
            {
                methods += " (only on an EF Core query: a source rooted at a `DbSet<T>`)";
            }
            else if (entry.Condition == OutboundIoCondition.SetUpOverOpenConnection)
            {
                methods += " (channel set-up: not reported where the connection comes from Aspire's `AddRabbitMQClient`, which opens it with retries)";
            }
            else if (entry.Condition == OutboundIoCondition.AtHostStart)
            {
                methods += " (only registers: the library's hosted service runs `" + entry.Then!.Replace("' → '", "` → `") + "` as the host starts)";
            }

            text.Append("| ").Append(entry.Library).Append(" | `").Append(type).Append("` | ").Append(methods).Append(" |\n");
        }

        return text.ToString();
    }
}
