using System.Collections.Immutable;
using Microsoft.CodeAnalysis.Testing;
using static MeshReady.Analyzers.Tests.Infrastructure.TestReferences;

namespace MeshReady.Analyzers.Tests.Lifecycle;

/// <summary>One realistic call per outbound-I/O catalogue entry (some entries have one per provider).</summary>
internal sealed record CatalogueRow(string Name, string Entry, string Rule, ReferenceAssemblies References, string Source, string What, string Where)
{
    public override string ToString() => Name;
}

internal static class OutboundIoCatalogueRows
{
    private const string InProgram = "at start-up in Program.cs";
    private const string AfterRun = "after the host has stopped (code after Run returns)";

    // Real packages, at versions the feed serves, resolved once per set and test run.
    private static readonly ReferenceAssemblies SqlClient = WithPackages(("Microsoft.Data.SqlClient", "5.2.2"));
    private static readonly ReferenceAssemblies Npgsql = WithPackages(("Npgsql", "8.0.5"));
    private static readonly ReferenceAssemblies MySql = WithPackages(("MySqlConnector", "2.4.0"));
    private static readonly ReferenceAssemblies Dapper = WithPackages(("Dapper", "2.1.66"), ("Npgsql", "8.0.5"));
    private static readonly ReferenceAssemblies Ef = WithPackages(("Microsoft.EntityFrameworkCore.Relational", "8.0.30"));
    private static readonly ReferenceAssemblies FluentMigrator = WithPackages(("FluentMigrator.Runner.Core", "8.0.1"));
    private static readonly ReferenceAssemblies DbUp = WithPackages(("dbup-postgresql", "7.0.1"), ("Npgsql", "10.0.2"));
    private static readonly ReferenceAssemblies Evolve = WithPackages(("Evolve", "3.2.0"), ("Npgsql", "8.0.5"));
    private static readonly ReferenceAssemblies Redis = WithPackages(("StackExchange.Redis", "2.8.16"));
    private static readonly ReferenceAssemblies RabbitV6 = WithPackages(("RabbitMQ.Client", "6.8.1"));
    private static readonly ReferenceAssemblies RabbitV7 = WithPackages(("RabbitMQ.Client", "7.2.2"));
    private static readonly ReferenceAssemblies Kafka = WithPackages(("Confluent.Kafka", "2.16.0"));
    private static readonly ReferenceAssemblies MassTransit = WithPackages(("MassTransit", "8.4.0"));
    private static readonly ReferenceAssemblies NatsV1 = WithPackages(("NATS.Client", "1.1.8"));
    private static readonly ReferenceAssemblies NatsV2 = WithPackages(("NATS.Client.Core", "3.3.2"), ("Microsoft.Extensions.Logging.Abstractions", "8.0.0"));
    private static readonly ReferenceAssemblies ServiceBus = WithPackages(("Azure.Messaging.ServiceBus", "7.21.0"), ("Microsoft.Azure.Amqp", "2.7.0"));
    private static readonly ReferenceAssemblies EventHubs = WithPackages(("Azure.Messaging.EventHubs", "5.12.2"), ("Microsoft.Azure.Amqp", "2.7.0"));
    private static readonly ReferenceAssemblies Blobs = WithPackages(("Azure.Storage.Blobs", "12.19.1"));
    private static readonly ReferenceAssemblies Queues = WithPackages(("Azure.Storage.Queues", "12.24.0"));
    private static readonly ReferenceAssemblies Cosmos = WithPackages(("Microsoft.Azure.Cosmos", "3.37.0"), ("Newtonsoft.Json", "13.0.3"));
    private static readonly ReferenceAssemblies KeyVault = WithPackages(("Azure.Security.KeyVault.Secrets", "4.6.0"));
    private static readonly ReferenceAssemblies Aws = WithPackages(("AWSSDK.S3", "4.1.0.1"));
    private static readonly ReferenceAssemblies Mongo = WithPackages(("MongoDB.Driver", "3.11.2"));
    private static readonly ReferenceAssemblies Elastic = WithPackages(("Elastic.Clients.Elasticsearch", "9.5.3"));
    private static readonly ReferenceAssemblies Nest = WithPackages(("NEST", "7.17.5"), ("Microsoft.CSharp", "4.7.0"));
    private static readonly ReferenceAssemblies Minio = WithPackages(("Minio", "7.0.0"));
    private static readonly ReferenceAssemblies Dapr = WithPackages(("Dapr.Client", "1.19.1"));

    // Stand-ins (packages the feed does not serve) compile against ASP.NET Core alone.
    private static readonly ReferenceAssemblies Plain = AspNetCore80;

    public static readonly ImmutableArray<CatalogueRow> All = ImmutableArray.Create(
        // ---- .NET networking ----
        Program("System.Net.Http.HttpClient", Plain, "using System.Net.Http;", """
            using var http = new HttpClient();
            var flags = await {|#0:http.GetStringAsync("http://feature-flags.platform/api/flags")|};
            """, "'HttpClient.GetStringAsync'"),
        Program("System.Net.Http.HttpMessageInvoker", Plain, "using System.Net.Http; using System.Threading;", """
            using var invoker = new HttpMessageInvoker(new SocketsHttpHandler());
            using var response = await {|#0:invoker.SendAsync(new HttpRequestMessage(HttpMethod.Get, "http://catalog.shop/health"), CancellationToken.None)|};
            """, "'HttpMessageInvoker.SendAsync'"),
        Program("System.Net.Http.Json.HttpClientJsonExtensions", Plain, "using System.Net.Http; using System.Net.Http.Json;", """
            using var http = new HttpClient { BaseAddress = new System.Uri("http://catalog.shop") };
            var brands = await {|#0:http.GetFromJsonAsync<string[]>("/api/brands")|};
            """, "'HttpClient.GetFromJsonAsync'"),
        Program("System.Net.WebClient", Plain, "using System.Net;", """
            #pragma warning disable SYSLIB0014
            using var web = new WebClient();
            var settings = {|#0:web.DownloadString("http://config.platform/orders/settings.json")|};
            """, "'WebClient.DownloadString'"),
        Program("System.Net.WebRequest", Plain, "using System.Net;", """
            #pragma warning disable SYSLIB0014
            var request = WebRequest.Create("http://config.platform/orders/settings.json");
            using var response = {|#0:request.GetResponse()|};
            """, "'WebRequest.GetResponse'"),
        Program("System.Net.WebSockets.ClientWebSocket", Plain, "using System; using System.Net.WebSockets; using System.Threading;", """
            using var agent = new ClientWebSocket();
            await {|#0:agent.ConnectAsync(new Uri("ws://telemetry-collector.monitoring:8080/agent"), CancellationToken.None)|};
            """, "'ClientWebSocket.ConnectAsync'"),
        Program("System.Net.Sockets.TcpClient", Plain, "using System.Net.Sockets;", """
            using var ledger = new TcpClient();
            await {|#0:ledger.ConnectAsync("ledger.payments", 9000)|};
            """, "'TcpClient.ConnectAsync'"),
        Program("System.Net.Sockets.Socket", Plain, "using System.Net.Sockets;", """
            using var statsd = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await {|#0:statsd.ConnectAsync("statsd.monitoring", 8125)|};
            """, "'Socket.ConnectAsync'"),

        // ---- ADO.NET, one row per provider ----
        Program("System.Data.Common.DbConnection (SqlClient)", SqlClient, "using Microsoft.Data.SqlClient;", """
            await using var connection = new SqlConnection(builder.Configuration.GetConnectionString("Orders"));
            await {|#0:connection.OpenAsync()|};
            """, "'SqlConnection.OpenAsync'"),
        Program("System.Data.Common.DbConnection (Npgsql)", Npgsql, "using Npgsql;", """
            await using var connection = new NpgsqlConnection(builder.Configuration.GetConnectionString("Orders"));
            {|#0:connection.Open()|};
            """, "'NpgsqlConnection.Open'"),
        Program("System.Data.Common.DbConnection (MySqlConnector)", MySql, "using MySqlConnector;", """
            await using var connection = new MySqlConnection(builder.Configuration.GetConnectionString("Catalog"));
            await {|#0:connection.OpenAsync()|};
            """, "'MySqlConnection.OpenAsync'"),
        Program("System.Data.Common.DbConnection (Oracle)", Plain, "using Oracle.ManagedDataAccess.Client;", """
            await using var connection = new OracleConnection(builder.Configuration.GetConnectionString("Billing"));
            await {|#0:connection.OpenAsync()|};
            """, "'DbConnection.OpenAsync'", StandIns.Oracle),
        Program("System.Data.Common.DbCommand (Npgsql)", Npgsql, "using Npgsql;", """
            await using var dataSource = NpgsqlDataSource.Create(builder.Configuration.GetConnectionString("Orders")!);
            await using var command = dataSource.CreateCommand("CREATE TABLE IF NOT EXISTS outbox (id uuid primary key, payload jsonb)");
            await {|#0:command.ExecuteNonQueryAsync()|};
            """, "'NpgsqlCommand.ExecuteNonQueryAsync'"),
        Program("System.Data.Common.DbDataSource (Npgsql)", Npgsql, "using Npgsql;", """
            await using var dataSource = NpgsqlDataSource.Create(builder.Configuration.GetConnectionString("Orders")!);
            await using var connection = await {|#0:dataSource.OpenConnectionAsync()|};
            """, "'NpgsqlDataSource.OpenConnectionAsync'"),
        Program("System.Data.Common.DbDataSource (MySqlConnector)", MySql, "using MySqlConnector;", """
            await using var dataSource = new MySqlDataSource(builder.Configuration.GetConnectionString("Catalog")!);
            await using var connection = await {|#0:dataSource.OpenConnectionAsync()|};
            """, "'MySqlDataSource.OpenConnectionAsync'"),
        Program("System.Data.IDbConnection", Npgsql, "using System.Data; using Npgsql;", """
            using IDbConnection connection = new NpgsqlConnection(builder.Configuration.GetConnectionString("Orders"));
            {|#0:connection.Open()|};
            """, "'IDbConnection.Open'"),
        Program("Dapper.SqlMapper", Dapper, "using Dapper; using Npgsql;", """
            await using var connection = new NpgsqlConnection(builder.Configuration.GetConnectionString("Tenants"));
            var tenants = await {|#0:connection.QueryAsync<string>("select name from tenants where active")|};
            """, "'IDbConnection.QueryAsync'"),

        // ---- EF Core ----
        Program("Microsoft.EntityFrameworkCore.Infrastructure.DatabaseFacade", Ef, "using Microsoft.EntityFrameworkCore;", """
            using var scope = app.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<OrdersDb>();
            await {|#0:db.Database.EnsureCreatedAsync()|};
            """, "'DatabaseFacade.EnsureCreatedAsync'", StandIns.OrdersDb),
        Program("Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions", Ef, "using Microsoft.EntityFrameworkCore;", """
            using var scope = app.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<OrdersDb>();
            await {|#0:db.Database.MigrateAsync()|};
            """, "'DatabaseFacade.MigrateAsync'", StandIns.OrdersDb),
        Program("Microsoft.EntityFrameworkCore.Migrations.IMigrator", Ef, "using Microsoft.EntityFrameworkCore; using Microsoft.EntityFrameworkCore.Infrastructure; using Microsoft.EntityFrameworkCore.Migrations;", """
            using var scope = app.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<OrdersDb>();
            var migrator = db.GetService<IMigrator>();
            await {|#0:migrator.MigrateAsync()|};
            """, "'IMigrator.MigrateAsync'", StandIns.OrdersDb),
        Program("Microsoft.EntityFrameworkCore.DbContext", Ef, "using Microsoft.EntityFrameworkCore;", """
            using var scope = app.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<OrdersDb>();
            db.Orders.Add(new Order { Customer = "seed" });
            await {|#0:db.SaveChangesAsync()|};
            """, "'DbContext.SaveChangesAsync'", StandIns.OrdersDb),
        Program("Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions", Ef, "using System.Linq; using Microsoft.EntityFrameworkCore;", """
            using var scope = app.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<OrdersDb>();
            var open = await {|#0:db.Orders.Where(o => !o.Shipped).ToListAsync()|};
            """, "'IQueryable.ToListAsync'", StandIns.OrdersDb),
        Program("Microsoft.EntityFrameworkCore.RelationalQueryableExtensions", Ef, "using System.Linq; using Microsoft.EntityFrameworkCore;", """
            using var scope = app.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<OrdersDb>();
            await {|#0:db.Orders.Where(o => o.Shipped).ExecuteDeleteAsync()|};
            """, "'IQueryable.ExecuteDeleteAsync'", StandIns.OrdersDb),
        Program("System.Linq.Queryable", Ef, "using System.Linq; using Microsoft.EntityFrameworkCore;", """
            using var scope = app.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<OrdersDb>();
            if (!{|#0:db.Orders.Any()|})
            {
                System.Console.WriteLine("empty");
            }
            """, "'IQueryable.Any'", StandIns.OrdersDb),
        Program("System.Linq.Enumerable", Ef, "using System.Linq; using Microsoft.EntityFrameworkCore;", """
            using var scope = app.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<OrdersDb>();
            var pending = db.Orders.Where(o => !o.Shipped);
            var customers = {|#0:pending.Select(o => o.Customer).ToList()|};
            """, "'IQueryable.ToList'", StandIns.OrdersDb),

        // ---- Migration frameworks ----
        Program("FluentMigrator.Runner.IMigrationRunner", FluentMigrator, "using FluentMigrator.Runner;", """
            using var scope = app.Services.CreateScope();
            var runner = scope.ServiceProvider.GetRequiredService<IMigrationRunner>();
            {|#0:runner.MigrateUp()|};
            """, "'IMigrationRunner.MigrateUp'"),
        Program("DbUp.Engine.UpgradeEngine", DbUp, "using System.Reflection; using DbUp;", """
            var upgrader = DeployChanges.To
                .PostgresqlDatabase(builder.Configuration.GetConnectionString("Orders"))
                .WithScriptsEmbeddedInAssembly(Assembly.GetExecutingAssembly())
                .LogToConsole()
                .Build();
            var result = {|#0:upgrader.PerformUpgrade()|};
            """, "'UpgradeEngine.PerformUpgrade'"),
        Program("EvolveDb.Evolve", Evolve, "using Npgsql;", """
            using var connection = new NpgsqlConnection(builder.Configuration.GetConnectionString("Orders"));
            var evolve = new EvolveDb.Evolve(connection, message => System.Console.WriteLine(message))
            {
                Locations = new[] { "db/migrations" },
                IsEraseDisabled = true,
            };
            {|#0:evolve.Migrate()|};
            """, "'Evolve.Migrate'"),

        // ---- Caches and brokers ----
        Program("StackExchange.Redis.ConnectionMultiplexer", Redis, "using StackExchange.Redis;", """
            var redis = await {|#0:ConnectionMultiplexer.ConnectAsync(builder.Configuration["Redis"] ?? "redis-master.cache:6379")|};
            builder.Services.AddSingleton<IConnectionMultiplexer>(redis);
            """, "'ConnectionMultiplexer.ConnectAsync'"),
        Program("RabbitMQ.Client.ConnectionFactory", RabbitV7, "using RabbitMQ.Client;", """
            var factory = new ConnectionFactory { HostName = "rabbitmq.messaging" };
            await using var connection = await {|#0:factory.CreateConnectionAsync()|};
            """, "'ConnectionFactory.CreateConnectionAsync'"),
        Hosted("RabbitMQ.Client.IConnectionFactory", RabbitV6, "using RabbitMQ.Client;", "EventBusSubscriber", "IConnectionFactory factory", """
            private IConnection? _connection;

            public Task StartAsync(CancellationToken cancellationToken)
            {
                _connection = {|#0:factory.CreateConnection()|};
                return Task.CompletedTask;
            }
            """, "'IConnectionFactory.CreateConnection'"),
        Program("RabbitMQ.Client.IConnection#set-up (v6, from DI)", RabbitV6, "using RabbitMQ.Client;", """
            var connection = app.Services.GetRequiredService<IConnection>();
            using var channel = {|#0:connection.CreateModel()|};
            """, "'IConnection.CreateModel'"),
        Program("RabbitMQ.Client.IConnection#set-up (v7, from DI)", RabbitV7, "using RabbitMQ.Client;", """
            var connection = app.Services.GetRequiredService<IConnection>();
            await using var channel = await {|#0:connection.CreateChannelAsync()|};
            """, "'IConnection.CreateChannelAsync'"),
        Hosted("RabbitMQ.Client.IModel#set-up", RabbitV6, "using RabbitMQ.Client;", "OrdersConsumer", "IModel channel", """
            public Task StartAsync(CancellationToken cancellationToken)
            {
                {|#0:channel.BasicQos(prefetchSize: 0, prefetchCount: 10, global: false)|};
                return Task.CompletedTask;
            }
            """, "'IModel.BasicQos'"),
        Hosted("RabbitMQ.Client.IModelExensions#set-up", RabbitV6, "using RabbitMQ.Client;", "OrdersConsumer", "IModel channel", """
            public Task StartAsync(CancellationToken cancellationToken)
            {
                {|#0:channel.QueueDeclare("orders", durable: true, exclusive: false, autoDelete: false)|};
                return Task.CompletedTask;
            }
            """, "'IModel.QueueDeclare'"),
        Hosted("RabbitMQ.Client.IChannel#set-up", RabbitV7, "using RabbitMQ.Client;", "OrdersConsumer", "IChannel channel", """
            public async Task StartAsync(CancellationToken cancellationToken)
            {
                await {|#0:channel.QueueDeclareAsync("orders", durable: true, exclusive: false, autoDelete: false, cancellationToken: cancellationToken)|};
            }
            """, "'IChannel.QueueDeclareAsync'"),
        Stop("RabbitMQ.Client.IConnection", RabbitV6, "using RabbitMQ.Client;", "EventBusConnection", "IConnection connection", """
            public Task StopAsync(CancellationToken cancellationToken)
            {
                {|#0:connection.Close()|};
                return Task.CompletedTask;
            }
            """, "'IConnection.Close'"),
        Hosted("RabbitMQ.Client.IModel", RabbitV6, "using System;\nusing RabbitMQ.Client;", "OrdersPublisher", "IModel channel", """
            public Task StartAsync(CancellationToken cancellationToken)
            {
                {|#0:channel.BasicPublish("orders", "created", false, null, ReadOnlyMemory<byte>.Empty)|};
                return Task.CompletedTask;
            }
            """, "'IModel.BasicPublish'"),
        Hosted("RabbitMQ.Client.IModelExensions", RabbitV6, "using System;\nusing RabbitMQ.Client;", "OrdersPublisher", "IModel channel", """
            public Task StartAsync(CancellationToken cancellationToken)
            {
                {|#0:channel.BasicPublish("orders", "created", null, ReadOnlyMemory<byte>.Empty)|};
                return Task.CompletedTask;
            }
            """, "'IModel.BasicPublish'"),
        Stop("RabbitMQ.Client.IChannel", RabbitV7, "using RabbitMQ.Client;", "OrdersConsumer", "IChannel channel", """
            public async Task StopAsync(CancellationToken cancellationToken)
            {
                await {|#0:channel.BasicAckAsync(1, false, cancellationToken)|};
            }
            """, "'IChannel.BasicAckAsync'"),
        Hosted("RabbitMQ.Client.IChannelExtensions#set-up", RabbitV7, "using RabbitMQ.Client;", "OrdersConsumer", "IChannel channel, IAsyncBasicConsumer consumer", """
            public async Task StartAsync(CancellationToken cancellationToken)
            {
                await {|#0:channel.BasicConsumeAsync("orders", false, consumer, cancellationToken)|};
            }
            """, "'IChannel.BasicConsumeAsync'"),
        Stop("RabbitMQ.Client.IChannelExtensions", RabbitV7, "using RabbitMQ.Client;", "OrdersConsumer", "IChannel channel", """
            public async Task StopAsync(CancellationToken cancellationToken)
            {
                await {|#0:channel.CloseAsync()|};
            }
            """, "'IChannel.CloseAsync'"),
        Stop("Confluent.Kafka.IConsumer`2", Kafka, "using Confluent.Kafka;", "OrderEventsConsumer", "IConsumer<string, string> consumer", """
            public Task StopAsync(CancellationToken cancellationToken)
            {
                {|#0:consumer.Close()|};
                return Task.CompletedTask;
            }
            """, "'IConsumer.Close'"),
        // Produce/ProduceAsync at start-up are queued until the broker is reachable (librdkafka), so the row is a shutdown one.
        Stop("Confluent.Kafka.IProducer`2", Kafka, "using System; using Confluent.Kafka;", "AuditPublisher", "IProducer<string, string> producer", """
                public Task StopAsync(CancellationToken cancellationToken)
                {
                    {|#0:producer.Flush(TimeSpan.FromSeconds(5))|};
                    return Task.CompletedTask;
                }
            """, "'IProducer.Flush'"),
        Program("Confluent.Kafka.IAdminClient", Kafka, "using Confluent.Kafka; using Confluent.Kafka.Admin;", """
            using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = "kafka.messaging:9092" }).Build();
            await {|#0:admin.CreateTopicsAsync(new[] { new TopicSpecification { Name = "orders", NumPartitions = 6, ReplicationFactor = 3 } })|};
            """, "'IAdminClient.CreateTopicsAsync'"),
        Program("MassTransit.IBusControl", MassTransit, "using MassTransit;", """
            var bus = app.Services.GetRequiredService<IBusControl>();
            await {|#0:bus.StartAsync()|};
            """, "'IBusControl.StartAsync'"),
        Program("MassTransit.BusControlExtensions", MassTransit, "using MassTransit;", """
            var bus = app.Services.GetRequiredService<IBusControl>();
            {|#0:bus.Start()|};
            """, "'IBusControl.Start'"),
        Program("NServiceBus.Endpoint", Plain, "using NServiceBus;", """
            var configuration = new EndpointConfiguration("Sales");
            var endpoint = await {|#0:Endpoint.Start(configuration)|};
            """, "'Endpoint.Start'", StandIns.NServiceBus),
        Hosted("NServiceBus.IMessageSession", Plain, "using NServiceBus;", "CatalogAnnouncer", "IMessageSession session", """
            public async Task StartAsync(CancellationToken cancellationToken)
            {
                await {|#0:session.Send(new object(), new SendOptions(), cancellationToken)|};
            }
            """, "'IMessageSession.Send'", StandIns.NServiceBus),
        Hosted("NServiceBus.MessageSessionExtensions", Plain, "using NServiceBus;", "CatalogAnnouncer", "IMessageSession session", """
            public async Task StartAsync(CancellationToken cancellationToken)
            {
                await {|#0:session.Publish(new object(), cancellationToken)|};
            }
            """, "'IMessageSession.Publish'", StandIns.NServiceBus),
        AfterHostRun("NServiceBus.IEndpointInstance", Plain, "using NServiceBus;", """
            var endpoint = app.Services.GetRequiredService<IEndpointInstance>();
            """, """
            await {|#0:endpoint.Stop()|};
            """, "'IEndpointInstance.Stop'", StandIns.NServiceBus),
        Program("NATS.Client.ConnectionFactory", NatsV1, "using NATS.Client;", """
            using var nats = {|#0:new ConnectionFactory().CreateConnection("nats://nats.messaging:4222")|};
            """, "'ConnectionFactory.CreateConnection'"),
        Program("NATS.Client.Core.INatsConnection", NatsV2, "using NATS.Client.Core;", """
            await using var nats = new NatsConnection(new NatsOpts { Url = "nats://nats.messaging:4222" });
            await {|#0:nats.ConnectAsync()|};
            """, "'NatsConnection.ConnectAsync'"),

        // ---- Azure SDK ----
        Program("Azure.Messaging.ServiceBus.ServiceBusSender", ServiceBus, "using Azure.Messaging.ServiceBus;", """
            await using var client = new ServiceBusClient(builder.Configuration.GetConnectionString("ServiceBus"));
            await using var sender = client.CreateSender("lifecycle");
            await {|#0:sender.SendMessageAsync(new ServiceBusMessage("orders started"))|};
            """, "'ServiceBusSender.SendMessageAsync'"),
        Program("Azure.Messaging.ServiceBus.ServiceBusReceiver", ServiceBus, "using Azure.Messaging.ServiceBus;", """
            await using var client = new ServiceBusClient(builder.Configuration.GetConnectionString("ServiceBus"));
            await using var receiver = client.CreateReceiver("orders");
            var backlog = await {|#0:receiver.PeekMessagesAsync(maxMessages: 10)|};
            """, "'ServiceBusReceiver.PeekMessagesAsync'"),
        Hosted("Azure.Messaging.ServiceBus.ServiceBusProcessor", ServiceBus, "using Azure.Messaging.ServiceBus;", "OrdersProcessor", "ServiceBusProcessor processor", """
            public async Task StartAsync(CancellationToken cancellationToken)
            {
                await {|#0:processor.StartProcessingAsync(cancellationToken)|};
            }
            """, "'ServiceBusProcessor.StartProcessingAsync'"),
        Program("Azure.Messaging.ServiceBus.Administration.ServiceBusAdministrationClient", ServiceBus, "using Azure.Messaging.ServiceBus.Administration;", """
            var admin = new ServiceBusAdministrationClient(builder.Configuration.GetConnectionString("ServiceBus"));
            if (!await {|#0:admin.QueueExistsAsync("orders")|})
            {
                await admin.CreateQueueAsync("orders");
            }
            """, "'ServiceBusAdministrationClient.QueueExistsAsync'"),
        Program("Azure.Messaging.EventHubs.Producer.EventHubProducerClient", EventHubs, "using Azure.Messaging.EventHubs.Producer;", """
            await using var producer = new EventHubProducerClient(builder.Configuration.GetConnectionString("EventHubs"), "telemetry");
            using var batch = await {|#0:producer.CreateBatchAsync()|};
            """, "'EventHubProducerClient.CreateBatchAsync'"),
        Program("Azure.Messaging.EventHubs.Consumer.EventHubConsumerClient", EventHubs, "using Azure.Messaging.EventHubs.Consumer;", """
            await using var consumer = new EventHubConsumerClient(EventHubConsumerClient.DefaultConsumerGroupName, builder.Configuration.GetConnectionString("EventHubs"), "telemetry");
            var partitions = await {|#0:consumer.GetPartitionIdsAsync()|};
            """, "'EventHubConsumerClient.GetPartitionIdsAsync'"),
        Program("Azure.Storage.Blobs.BlobServiceClient", Blobs, "using Azure.Storage.Blobs;", """
            var blobs = new BlobServiceClient(builder.Configuration.GetConnectionString("Blobs"));
            await {|#0:blobs.CreateBlobContainerAsync("uploads")|};
            """, "'BlobServiceClient.CreateBlobContainerAsync'"),
        Program("Azure.Storage.Blobs.BlobContainerClient", Blobs, "using Azure.Storage.Blobs; using Azure.Storage.Blobs.Models;", """
            var container = new BlobServiceClient(builder.Configuration.GetConnectionString("Blobs")).GetBlobContainerClient("product-images");
            await {|#0:container.CreateIfNotExistsAsync(PublicAccessType.None)|};
            """, "'BlobContainerClient.CreateIfNotExistsAsync'"),
        Program("Azure.Storage.Blobs.Specialized.BlobBaseClient", Blobs, "using Azure.Storage.Blobs;", """
            var container = new BlobContainerClient(builder.Configuration.GetConnectionString("Blobs"), "seed");
            var catalog = await {|#0:container.GetBlobClient("catalog.json").DownloadContentAsync()|};
            """, "'BlobClient.DownloadContentAsync'"),
        // microsoft/dotnet-podcasts' ingestion worker creates its queue while the host is built.
        Builder("Azure.Storage.Queues.QueueClient", Queues, "using Azure.Storage.Queues; using Microsoft.Extensions.Configuration; using Microsoft.Extensions.DependencyInjection;", """
            var feedQueue = new QueueClient(builder.Configuration.GetConnectionString("FeedQueue"), "feed-queue");
            {|#0:feedQueue.CreateIfNotExists()|};
            builder.Services.AddSingleton(feedQueue);
            """, "'QueueClient.CreateIfNotExists'"),
        Program("Azure.Storage.Queues.QueueServiceClient", Queues, "using Azure.Storage.Queues;", """
            var queues = new QueueServiceClient(builder.Configuration.GetConnectionString("Queues"));
            await {|#0:queues.CreateQueueAsync("orders")|};
            """, "'QueueServiceClient.CreateQueueAsync'"),
        Program("Microsoft.Azure.Cosmos.CosmosClient", Cosmos, "using Microsoft.Azure.Cosmos;", """
            using var cosmos = new CosmosClient(builder.Configuration.GetConnectionString("Cosmos"));
            var database = await {|#0:cosmos.CreateDatabaseIfNotExistsAsync("orders")|};
            """, "'CosmosClient.CreateDatabaseIfNotExistsAsync'"),
        Program("Microsoft.Azure.Cosmos.Database", Cosmos, "using Microsoft.Azure.Cosmos;", """
            using var cosmos = new CosmosClient(builder.Configuration.GetConnectionString("Cosmos"));
            Database database = cosmos.GetDatabase("orders");
            await {|#0:database.CreateContainerIfNotExistsAsync("orders", "/customerId")|};
            """, "'Database.CreateContainerIfNotExistsAsync'"),
        Program("Microsoft.Azure.Cosmos.Container", Cosmos, "using Microsoft.Azure.Cosmos;", """
            using var cosmos = new CosmosClient(builder.Configuration.GetConnectionString("Cosmos"));
            Container settings = cosmos.GetContainer("orders", "settings");
            var global = await {|#0:settings.ReadItemAsync<object>("global", new PartitionKey("global"))|};
            """, "'Container.ReadItemAsync'"),
        Program("Microsoft.Azure.Cosmos.FeedIterator`1", Cosmos, "using Microsoft.Azure.Cosmos;", """
            using var cosmos = new CosmosClient(builder.Configuration.GetConnectionString("Cosmos"));
            using var iterator = cosmos.GetContainer("orders", "rates").GetItemQueryIterator<object>("SELECT * FROM c");
            var page = await {|#0:iterator.ReadNextAsync()|};
            """, "'FeedIterator.ReadNextAsync'"),
        Program("Azure.Security.KeyVault.Secrets.SecretClient", KeyVault, "using Azure.Security.KeyVault.Secrets;", """
            var secrets = app.Services.GetRequiredService<SecretClient>();
            KeyVaultSecret password = await {|#0:secrets.GetSecretAsync("orders-db-password")|};
            """, "'SecretClient.GetSecretAsync'"),
        Builder("Microsoft.Extensions.Configuration.AzureKeyVaultConfigurationExtensions", KeyVault, "using System; using Azure.Extensions.AspNetCore.Configuration.Secrets; using Azure.Security.KeyVault.Secrets; using Microsoft.Extensions.Configuration;", """
            {|#0:builder.Configuration.AddAzureKeyVault(new SecretClient(new Uri(builder.Configuration["KeyVault:Uri"]!), Workload.Credential), new AzureKeyVaultConfigurationOptions())|};
            """, "'IConfigurationBuilder.AddAzureKeyVault'", StandIns.KeyVaultConfiguration),
        Builder("Microsoft.Extensions.Configuration.AzureAppConfigurationExtensions", Plain, "using Microsoft.Extensions.Configuration;", """
            {|#0:builder.Configuration.AddAzureAppConfiguration(builder.Configuration.GetConnectionString("AppConfig"))|};
            """, "'IConfigurationBuilder.AddAzureAppConfiguration'", StandIns.AppConfiguration),

        // ---- AWS SDK ----
        Program("Amazon.Runtime.AmazonServiceClient", Aws, "using Amazon.S3;", """
            using var s3 = new AmazonS3Client();
            await {|#0:s3.PutBucketAsync("orders-exports")|};
            """, "'AmazonS3Client.PutBucketAsync'"),
        Program("Amazon.Runtime.IAmazonService", Aws, "using Amazon.S3;", """
            var s3 = app.Services.GetRequiredService<IAmazonS3>();
            var buckets = await {|#0:s3.ListBucketsAsync()|};
            """, "'IAmazonS3.ListBucketsAsync'"),

        // ---- Databases and search ----
        Program("MongoDB.Driver.IMongoClient", Mongo, "using MongoDB.Driver;", """
            var mongo = app.Services.GetRequiredService<IMongoClient>();
            var names = await {|#0:mongo.ListDatabaseNamesAsync()|};
            """, "'IMongoClient.ListDatabaseNamesAsync'"),
        Program("MongoDB.Driver.IMongoDatabase", Mongo, "using MongoDB.Bson; using MongoDB.Driver;", """
            var database = app.Services.GetRequiredService<IMongoClient>().GetDatabase("orders");
            await {|#0:database.RunCommandAsync<BsonDocument>(new BsonDocument("ping", 1))|};
            """, "'IMongoDatabase.RunCommandAsync'"),
        Program("MongoDB.Driver.IMongoCollection`1", Mongo, "using MongoDB.Bson; using MongoDB.Driver;", """
            var orders = app.Services.GetRequiredService<IMongoClient>().GetDatabase("orders").GetCollection<BsonDocument>("orders");
            await {|#0:orders.InsertOneAsync(new BsonDocument("seed", true))|};
            """, "'IMongoCollection.InsertOneAsync'"),
        Program("MongoDB.Driver.IMongoIndexManager`1", Mongo, "using MongoDB.Bson; using MongoDB.Driver;", """
            var orders = app.Services.GetRequiredService<IMongoClient>().GetDatabase("orders").GetCollection<BsonDocument>("orders");
            await {|#0:orders.Indexes.CreateOneAsync(new CreateIndexModel<BsonDocument>(Builders<BsonDocument>.IndexKeys.Ascending("customerId")))|};
            """, "'IMongoIndexManager.CreateOneAsync'"),
        Program("MongoDB.Driver.IAsyncCursorSourceExtensions", Mongo, "using MongoDB.Bson; using MongoDB.Driver;", """
            var settings = app.Services.GetRequiredService<IMongoClient>().GetDatabase("orders").GetCollection<BsonDocument>("settings");
            var all = await {|#0:settings.Find(FilterDefinition<BsonDocument>.Empty).ToListAsync()|};
            """, "'IAsyncCursorSource.ToListAsync'"),
        Program("MongoDB.Driver.IFindFluentExtensions", Mongo, "using MongoDB.Bson; using MongoDB.Driver;", """
            var settings = app.Services.GetRequiredService<IMongoClient>().GetDatabase("orders").GetCollection<BsonDocument>("settings");
            var global = await {|#0:settings.Find(new BsonDocument("_id", "global")).FirstOrDefaultAsync()|};
            """, "'IFindFluent.FirstOrDefaultAsync'"),
        Program("Elastic.Clients.Elasticsearch.ElasticsearchClient", Elastic, "using Elastic.Clients.Elasticsearch;", """
            var elastic = app.Services.GetRequiredService<ElasticsearchClient>();
            var ping = await {|#0:elastic.PingAsync()|};
            """, "'ElasticsearchClient.PingAsync'"),
        Program("Elastic.Clients.Elasticsearch.IndexManagement.IndicesNamespacedClient", Elastic, "using Elastic.Clients.Elasticsearch;", """
            var elastic = app.Services.GetRequiredService<ElasticsearchClient>();
            await {|#0:elastic.Indices.CreateAsync("products")|};
            """, "'IndicesNamespacedClient.CreateAsync'"),
        Program("Nest.IElasticClient", Nest, "using Nest;", """
            var elastic = app.Services.GetRequiredService<IElasticClient>();
            await {|#0:elastic.IndexDocumentAsync(new Product { Name = "seed" })|};
            """, "'IElasticClient.IndexDocumentAsync'", StandIns.Product),
        Program("Nest.Specification.IndicesApi.IndicesNamespace", Nest, "using Nest;", """
            var elastic = app.Services.GetRequiredService<IElasticClient>();
            await {|#0:elastic.Indices.CreateAsync("products", index => index.Map<Product>(map => map.AutoMap()))|};
            """, "'IndicesNamespace.CreateAsync'", StandIns.Product),
        Program("OpenSearch.Client.IOpenSearchClient", Plain, "using OpenSearch.Client;", """
            var search = app.Services.GetRequiredService<IOpenSearchClient>();
            await {|#0:search.IndexDocumentAsync(new Product { Name = "seed" })|};
            """, "'IOpenSearchClient.IndexDocumentAsync'", StandIns.OpenSearch + StandIns.Product),
        Program("OpenSearch.Client.Specification.IndicesApi.IndicesNamespace", Plain, "using OpenSearch.Client;", """
            var search = app.Services.GetRequiredService<IOpenSearchClient>();
            await {|#0:search.Indices.CreateAsync("products")|};
            """, "'IndicesNamespace.CreateAsync'", StandIns.OpenSearch),
        Program("Minio.ApiEndpoints.IBucketOperations", Minio, "using Minio; using Minio.DataModel.Args;", """
            var minio = app.Services.GetRequiredService<IMinioClient>();
            await {|#0:minio.MakeBucketAsync(new MakeBucketArgs().WithBucket("uploads"))|};
            """, "'IMinioClient.MakeBucketAsync'"),
        Program("Minio.ApiEndpoints.IObjectOperations", Minio, "using System.IO; using Minio; using Minio.DataModel.Args;", """
            var minio = app.Services.GetRequiredService<IMinioClient>();
            using var marker = new MemoryStream(new byte[] { 1 });
            await {|#0:minio.PutObjectAsync(new PutObjectArgs().WithBucket("uploads").WithObject("ready").WithStreamData(marker).WithObjectSize(1))|};
            """, "'IMinioClient.PutObjectAsync'"),
        Program("Cassandra.ICluster", Plain, "using Cassandra;", """
            var cluster = Cluster.Builder().AddContactPoint("cassandra.data").Build();
            var session = await {|#0:cluster.ConnectAsync("orders")|};
            """, "'ICluster.ConnectAsync'", StandIns.Cassandra),
        Hosted("Cassandra.ISession", Plain, "using Cassandra;", "SchemaBootstrap", "ISession session", """
            public async Task StartAsync(CancellationToken cancellationToken)
            {
                await {|#0:session.ExecuteAsync(new SimpleStatement("CREATE TABLE IF NOT EXISTS orders (id uuid PRIMARY KEY)"))|};
            }
            """, "'ISession.ExecuteAsync'", StandIns.Cassandra),

        // ---- Marten (JasperFx, on PostgreSQL) ----
        Program("Marten.IDocumentSession", Plain, "using Marten;", """
            await using var session = app.Services.GetRequiredService<IDocumentStore>().LightweightSession();
            session.Store(new Product("sku-1", "Widget"));
            await {|#0:session.SaveChangesAsync()|};
            """, "'IDocumentSession.SaveChangesAsync'", MartenDocument + StandIns.Marten),
        Program("Marten.IQuerySession", Plain, "using Marten;", """
            await using var session = app.Services.GetRequiredService<IDocumentStore>().QuerySession();
            var featured = await {|#0:session.LoadAsync<Product>("sku-1")|};
            """, "'IQuerySession.LoadAsync'", MartenDocument + StandIns.Marten),
        Program("Marten.QueryableExtensions", Plain, "using System.Linq; using Marten;", """
            await using var session = app.Services.GetRequiredService<IDocumentStore>().QuerySession();
            var widgets = await {|#0:session.Query<Product>().Where(p => p.Name == "Widget").ToListAsync()|};
            """, "'IQueryable.ToListAsync'", MartenDocument + StandIns.Marten),
        Program("Marten.IDocumentStore", Plain, "using Marten;", """
            var store = app.Services.GetRequiredService<IDocumentStore>();
            await {|#0:store.BulkInsertAsync(new[] { new Product("sku-1", "Widget"), new Product("sku-2", "Gadget") })|};
            """, "'IDocumentStore.BulkInsertAsync'", MartenDocument + StandIns.Marten),
        Program("Marten.IMartenStorage", Plain, "using Marten;", """
            var store = app.Services.GetRequiredService<IDocumentStore>();
            await {|#0:store.Storage.ApplyAllConfiguredChangesToDatabaseAsync()|};
            """, "'IMartenStorage.ApplyAllConfiguredChangesToDatabaseAsync'", StandIns.Marten),
        Program("Marten.Schema.IDocumentCleaner", Plain, "using Marten;", """
            var store = app.Services.GetRequiredService<IDocumentStore>();
            await {|#0:store.Advanced.Clean.DeleteAllDocumentsAsync()|};
            """, "'IDocumentCleaner.DeleteAllDocumentsAsync'", StandIns.Marten),
        Program("Marten.AdvancedOperations", Plain, "using Marten;", """
            var store = app.Services.GetRequiredService<IDocumentStore>();
            await {|#0:store.Advanced.ResetAllData()|};
            """, "'AdvancedOperations.ResetAllData'", StandIns.Marten),
        Builder("Marten.MartenServiceCollectionExtensions+MartenConfigurationExpression", Plain, "using Marten; using Microsoft.Extensions.DependencyInjection;", """
            {|#0:builder.Services.AddMarten(options => options.Connection("Host=catalog-db;Database=catalog")).ApplyAllDatabaseChangesOnStartup()|};
            """, "'MartenConfigurationExpression.ApplyAllDatabaseChangesOnStartup' → 'MartenActivator.StartAsync' → 'IMartenStorage.ApplyAllConfiguredChangesToDatabaseAsync'", StandIns.Marten),

        // ---- Service discovery, configuration and secrets ----
        Hosted("Consul.IAgentEndpoint", Plain, "using Consul;", "ConsulRegistration", "IConsulClient consul", """
            public async Task StartAsync(CancellationToken cancellationToken)
            {
                await {|#0:consul.Agent.ServiceRegister(new AgentServiceRegistration { ID = "orders-1", Name = "orders", Port = 8080 }, cancellationToken)|};
            }
            """, "'IAgentEndpoint.ServiceRegister'", StandIns.Consul),
        Stop("Consul.IAgentEndpoint (deregister at shutdown)", Plain, "using Consul;", "ConsulRegistration", "IConsulClient consul", """
            public async Task StopAsync(CancellationToken cancellationToken)
            {
                await {|#0:consul.Agent.ServiceDeregister("orders-1", cancellationToken)|};
            }
            """, "'IAgentEndpoint.ServiceDeregister'", StandIns.Consul),
        Program("k8s.ICoreV1Operations", Plain, "using k8s;", """
            var kubernetes = app.Services.GetRequiredService<IKubernetes>();
            var listed = await {|#0:kubernetes.CoreV1.ListEndpointsForAllNamespacesWithHttpMessagesAsync()|};
            """, "'ICoreV1Operations.ListEndpointsForAllNamespacesWithHttpMessagesAsync'", StandIns.Kubernetes),
        Program("k8s.CoreV1OperationsExtensions", Plain, "using k8s;", """
            var kubernetes = app.Services.GetRequiredService<IKubernetes>();
            var read = await {|#0:kubernetes.CoreV1.ReadNamespacedConfigMapAsync("orders", "shop")|};
            """, "'ICoreV1Operations.ReadNamespacedConfigMapAsync'", StandIns.Kubernetes),
        Program("k8s.IAppsV1Operations", Plain, "using k8s;", """
            var kubernetes = app.Services.GetRequiredService<IKubernetes>();
            var listed = await {|#0:kubernetes.AppsV1.ListNamespacedDeploymentWithHttpMessagesAsync()|};
            """, "'IAppsV1Operations.ListNamespacedDeploymentWithHttpMessagesAsync'", StandIns.Kubernetes),
        Program("k8s.AppsV1OperationsExtensions", Plain, "using k8s;", """
            var kubernetes = app.Services.GetRequiredService<IKubernetes>();
            var read = await {|#0:kubernetes.AppsV1.ReadNamespacedDeploymentAsync("orders", "shop")|};
            """, "'IAppsV1Operations.ReadNamespacedDeploymentAsync'", StandIns.Kubernetes),
        Program("k8s.IBatchV1Operations", Plain, "using k8s;", """
            var kubernetes = app.Services.GetRequiredService<IKubernetes>();
            var listed = await {|#0:kubernetes.BatchV1.ListNamespacedJobWithHttpMessagesAsync()|};
            """, "'IBatchV1Operations.ListNamespacedJobWithHttpMessagesAsync'", StandIns.Kubernetes),
        Program("k8s.BatchV1OperationsExtensions", Plain, "using k8s;", """
            var kubernetes = app.Services.GetRequiredService<IKubernetes>();
            var read = await {|#0:kubernetes.BatchV1.CreateNamespacedJobAsync("orders", "shop")|};
            """, "'IBatchV1Operations.CreateNamespacedJobAsync'", StandIns.Kubernetes),
        Program("k8s.INetworkingV1Operations", Plain, "using k8s;", """
            var kubernetes = app.Services.GetRequiredService<IKubernetes>();
            var listed = await {|#0:kubernetes.NetworkingV1.ListIngressForAllNamespacesWithHttpMessagesAsync()|};
            """, "'INetworkingV1Operations.ListIngressForAllNamespacesWithHttpMessagesAsync'", StandIns.Kubernetes),
        Program("k8s.NetworkingV1OperationsExtensions", Plain, "using k8s;", """
            var kubernetes = app.Services.GetRequiredService<IKubernetes>();
            var read = await {|#0:kubernetes.NetworkingV1.ListIngressClassAsync("orders", "shop")|};
            """, "'INetworkingV1Operations.ListIngressClassAsync'", StandIns.Kubernetes),
        Program("k8s.ICoordinationV1Operations", Plain, "using k8s;", """
            var kubernetes = app.Services.GetRequiredService<IKubernetes>();
            var listed = await {|#0:kubernetes.CoordinationV1.ReadNamespacedLeaseWithHttpMessagesAsync()|};
            """, "'ICoordinationV1Operations.ReadNamespacedLeaseWithHttpMessagesAsync'", StandIns.Kubernetes),
        Program("k8s.CoordinationV1OperationsExtensions", Plain, "using k8s;", """
            var kubernetes = app.Services.GetRequiredService<IKubernetes>();
            var read = await {|#0:kubernetes.CoordinationV1.ReplaceNamespacedLeaseAsync("orders", "shop")|};
            """, "'ICoordinationV1Operations.ReplaceNamespacedLeaseAsync'", StandIns.Kubernetes),
        Program("k8s.ICustomObjectsOperations", Plain, "using k8s;", """
            var kubernetes = app.Services.GetRequiredService<IKubernetes>();
            var listed = await {|#0:kubernetes.CustomObjects.ListNamespacedCustomObjectWithHttpMessagesAsync()|};
            """, "'ICustomObjectsOperations.ListNamespacedCustomObjectWithHttpMessagesAsync'", StandIns.Kubernetes),
        Program("k8s.CustomObjectsOperationsExtensions", Plain, "using k8s;", """
            var kubernetes = app.Services.GetRequiredService<IKubernetes>();
            var read = await {|#0:kubernetes.CustomObjects.ListClusterCustomObjectAsync("orders", "shop")|};
            """, "'ICustomObjectsOperations.ListClusterCustomObjectAsync'", StandIns.Kubernetes),
        Program("Consul.IKVEndpoint", Plain, "using Consul;", """
            var consul = app.Services.GetRequiredService<IConsulClient>();
            var flags = await {|#0:consul.KV.Get("orders/feature-flags")|};
            """, "'IKVEndpoint.Get'", StandIns.Consul),
        Program("Consul.IHealthEndpoint", Plain, "using Consul;", """
            var consul = app.Services.GetRequiredService<IConsulClient>();
            var inventory = await {|#0:consul.Health.Service("inventory", "", true)|};
            """, "'IHealthEndpoint.Service'", StandIns.Consul),
        Program("Consul.ICatalogEndpoint", Plain, "using Consul;", """
            var consul = app.Services.GetRequiredService<IConsulClient>();
            var services = await {|#0:consul.Catalog.Services()|};
            """, "'ICatalogEndpoint.Services'", StandIns.Consul),
        Program("VaultSharp.V1.SecretsEngines.KeyValue.V2.IKeyValueSecretsEngineV2", Plain, "using VaultSharp;", """
            var vault = app.Services.GetRequiredService<IVaultClient>();
            var secret = await {|#0:vault.V1.Secrets.KeyValue.V2.ReadSecretAsync(path: "orders/db", mountPoint: "secret")|};
            """, "'IKeyValueSecretsEngineV2.ReadSecretAsync'", StandIns.Vault),
        Program("VaultSharp.V1.SecretsEngines.KeyValue.V1.IKeyValueSecretsEngineV1", Plain, "using VaultSharp;", """
            var vault = app.Services.GetRequiredService<IVaultClient>();
            var secret = await {|#0:vault.V1.Secrets.KeyValue.V1.ReadSecretAsync("orders/db", mountPoint: "kv")|};
            """, "'IKeyValueSecretsEngineV1.ReadSecretAsync'", StandIns.Vault),
        Builder("Steeltoe.Extensions.Configuration.ConfigServer.ConfigServerConfigurationBuilderExtensions", Plain, "using Steeltoe.Extensions.Configuration.ConfigServer;", """
            {|#0:builder.Configuration.AddConfigServer()|};
            """, "'IConfigurationBuilder.AddConfigServer'", StandIns.SteeltoeV3),
        Builder("Steeltoe.Configuration.ConfigServer.ConfigServerConfigurationBuilderExtensions", Plain, "using Steeltoe.Configuration.ConfigServer;", """
            {|#0:builder.Configuration.AddConfigServer()|};
            """, "'IConfigurationBuilder.AddConfigServer'", StandIns.SteeltoeV4),

        // ---- Actor and application runtimes ----
        Hosted("Orleans.IClusterClient", Plain, "using Orleans;", "SiloConnection", "IClusterClient client", """
            public async Task StartAsync(CancellationToken cancellationToken)
            {
                await {|#0:client.Connect()|};
            }
            """, "'IClusterClient.Connect'", StandIns.Orleans3),
        Program("Dapr.Client.DaprClient", Dapr, "using Dapr.Client;", """
            var dapr = app.Services.GetRequiredService<DaprClient>();
            var settings = await {|#0:dapr.GetStateAsync<string>("statestore", "orders-settings")|};
            """, "'DaprClient.GetStateAsync'"));

    private const string MartenDocument = "public sealed record Product(string Id, string Name);\n";

    /// <summary>Top-level Program.cs: the call before <c>app.Run()</c>.</summary>
    private static CatalogueRow Program(string name, ReferenceAssemblies references, string usings, string body, string what, string standIns = "")
        => new(name, EntryOf(name), "MESH030", references, usings + """

            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.Configuration;
            using Microsoft.Extensions.DependencyInjection;

            var builder = WebApplication.CreateBuilder(args);
            var app = builder.Build();

            """ + body + """

            app.Run();

            """ + standIns, what, InProgram);

    /// <summary>Top-level Program.cs: the call on the builder, before <c>Build()</c>.</summary>
    private static CatalogueRow Builder(string name, ReferenceAssemblies references, string usings, string body, string what, string standIns = "")
        => new(name, EntryOf(name), "MESH030", references, usings + """

            using Microsoft.AspNetCore.Builder;

            var builder = WebApplication.CreateBuilder(args);

            """ + body + """

            var app = builder.Build();
            app.Run();

            """ + standIns, what, InProgram);

    /// <summary>Program.cs that calls after <c>app.Run()</c> returns (shutdown code).</summary>
    private static CatalogueRow AfterHostRun(string name, ReferenceAssemblies references, string usings, string before, string after, string what, string standIns = "")
        => new(name, EntryOf(name), "MESH031", references, usings + """

            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;

            var app = WebApplication.CreateBuilder(args).Build();

            """ + before + """

            await app.RunAsync();

            """ + after + "\n" + standIns, what, AfterRun);

    /// <summary>An IHostedService whose StartAsync makes the call (StopAsync does nothing).</summary>
    private static CatalogueRow Hosted(string name, ReferenceAssemblies references, string usings, string type, string parameters, string start, string what, string standIns = "")
        => new(name, EntryOf(name), "MESH030", references, HostedService(usings, type, parameters, start + """

                public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
            """) + standIns, what, "at start-up in " + type + ".StartAsync");

    /// <summary>An IHostedService whose StopAsync makes the call (StartAsync does nothing).</summary>
    private static CatalogueRow Stop(string name, ReferenceAssemblies references, string usings, string type, string parameters, string stop, string what, string standIns = "")
        => new(name, EntryOf(name), "MESH031", references, HostedService(usings, type, parameters, """
                public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

            """ + stop) + standIns, what, "in " + type + ".StopAsync");

    private static string HostedService(string usings, string type, string parameters, string members)
        => usings + """

            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Hosting;

            public sealed class 
            """ + type + "(" + parameters + ") : IHostedService\n{\n" + members + "\n}\n";

    // "System.Data.Common.DbConnection (SqlClient)" → "System.Data.Common.DbConnection"
    private static string EntryOf(string name) => name.IndexOf(' ') is var space and > 0 ? name.Substring(0, space) : name;
}
