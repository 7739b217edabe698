using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;

namespace MeshReady.Analyzers.Lifecycle;

/// <summary>
/// The client-library calls that open or use a network connection to another workload, as data: one entry per
/// library, type and method pattern. This is the one list MESH030, MESH031 and MESH033 ask ("is this outbound I/O?");
/// users add to it with <c>meshready.outbound_io</c>. docs/outbound-io.md renders it, and every entry has a test that
/// compiles a realistic call against the library's real types (Lifecycle/OutboundIoCatalogueTests).
/// </summary>
/// <remarks>
/// Patterns: <c>Name</c> exactly, <c>Prefix*</c>, <c>*Suffix</c>. A call matches an entry when its method's name
/// matches a pattern and the method is declared on the entry's type, a type derived from it, or a type implementing it
/// (so <c>NpgsqlConnection.OpenAsync</c> matches <c>DbConnection</c>). Only methods are listed: a method that merely
/// builds a client or a request object (<c>GetBlobClient</c>, <c>GetDatabase</c>) is not I/O.
/// </remarks>
internal static class OutboundIoCatalogue
{
    // KubernetesClient's generated extension methods: every one is a request to the API server (declared before Entries,
    // which reads it as the class is initialised).
    private static readonly string[] KubernetesCalls = ["List*", "Read*", "Create*", "Replace*", "Patch*", "Delete*", "Watch*"];

    public static readonly ImmutableArray<OutboundIoEntry> Entries = ImmutableArray.Create(
        // .NET networking
        new OutboundIoEntry(".NET HttpClient", "System.Net.Http.HttpClient", "Send", "SendAsync", "GetAsync", "GetStringAsync", "GetByteArrayAsync", "GetStreamAsync", "PostAsync", "PutAsync", "PatchAsync", "DeleteAsync"),
        new OutboundIoEntry(".NET HttpClient", "System.Net.Http.HttpMessageInvoker", "Send", "SendAsync"),
        new OutboundIoEntry(".NET HttpClient", "System.Net.Http.Json.HttpClientJsonExtensions", "GetFromJsonAsync", "PostAsJsonAsync", "PutAsJsonAsync", "PatchAsJsonAsync", "DeleteFromJsonAsync", "GetFromJsonAsAsyncEnumerable"),
        new OutboundIoEntry(".NET WebClient", "System.Net.WebClient", "Download*", "Upload*", "OpenRead*", "OpenWrite*"),
        new OutboundIoEntry(".NET WebRequest", "System.Net.WebRequest", "GetResponse", "GetResponseAsync", "GetRequestStream", "GetRequestStreamAsync"),
        new OutboundIoEntry(".NET WebSockets", "System.Net.WebSockets.ClientWebSocket", "ConnectAsync"),
        new OutboundIoEntry(".NET sockets", "System.Net.Sockets.TcpClient", "Connect", "ConnectAsync"),
        new OutboundIoEntry(".NET sockets", "System.Net.Sockets.Socket", "Connect", "ConnectAsync"),

        // ADO.NET: every provider (SqlClient, Npgsql, MySqlConnector, Oracle, …) derives from these.
        new OutboundIoEntry("ADO.NET", "System.Data.Common.DbConnection", "Open", "OpenAsync"),
        new OutboundIoEntry("ADO.NET", "System.Data.Common.DbCommand", "ExecuteNonQuery*", "ExecuteReader*", "ExecuteScalar*"),
        new OutboundIoEntry("ADO.NET", "System.Data.Common.DbDataSource", "OpenConnection", "OpenConnectionAsync"),
        new OutboundIoEntry("ADO.NET", "System.Data.IDbConnection", "Open"),
        new OutboundIoEntry("Dapper", "Dapper.SqlMapper", "Query*", "Execute*"),

        // EF Core
        new OutboundIoEntry("EF Core", "Microsoft.EntityFrameworkCore.Infrastructure.DatabaseFacade", "EnsureCreated", "EnsureCreatedAsync", "EnsureDeleted", "EnsureDeletedAsync", "CanConnect", "CanConnectAsync"),
        new OutboundIoEntry("EF Core", "Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions", "Migrate", "MigrateAsync", "ExecuteSql*", "OpenConnection", "OpenConnectionAsync", "GetAppliedMigrations*", "GetPendingMigrations*"),
        new OutboundIoEntry("EF Core", "Microsoft.EntityFrameworkCore.Migrations.IMigrator", "Migrate", "MigrateAsync"),
        new OutboundIoEntry("EF Core", "Microsoft.EntityFrameworkCore.DbContext", "SaveChanges", "SaveChangesAsync"),
        new OutboundIoEntry("EF Core", "Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions", "*Async", "ExecuteDelete", "ExecuteUpdate"),
        new OutboundIoEntry("EF Core", "Microsoft.EntityFrameworkCore.RelationalQueryableExtensions", "ExecuteDelete*", "ExecuteUpdate*"),
        new OutboundIoEntry("EF Core", "System.Linq.Queryable", OutboundIoCondition.EfQuery, "First", "FirstOrDefault", "Single", "SingleOrDefault", "Last", "LastOrDefault", "Any", "All", "Count", "LongCount", "Min", "Max", "Sum", "Average", "Contains", "ElementAt", "ElementAtOrDefault"),
        new OutboundIoEntry("EF Core", "System.Linq.Enumerable", OutboundIoCondition.EfQuery, "ToList", "ToArray", "ToDictionary", "ToHashSet", "ToLookup"),

        // Migration frameworks
        new OutboundIoEntry("FluentMigrator", "FluentMigrator.Runner.IMigrationRunner", "MigrateUp", "MigrateDown", "Rollback", "RollbackToVersion", "HasMigrationsToApplyUp", "HasMigrationsToApplyDown", "HasMigrationsToApplyRollback"),
        new OutboundIoEntry("DbUp", "DbUp.Engine.UpgradeEngine", "PerformUpgrade", "IsUpgradeRequired", "GetScriptsToExecute", "GetExecutedScripts", "TryConnect", "MarkAsExecuted"),
        new OutboundIoEntry("Evolve", "EvolveDb.Evolve", "Migrate", "Repair", "Erase", "Info"),

        // Caches and brokers
        new OutboundIoEntry("StackExchange.Redis", "StackExchange.Redis.ConnectionMultiplexer", "Connect", "ConnectAsync", "SentinelConnect", "SentinelConnectAsync"),
        new OutboundIoEntry("RabbitMQ.Client", "RabbitMQ.Client.ConnectionFactory", "CreateConnection", "CreateConnectionAsync"),
        new OutboundIoEntry("RabbitMQ.Client", "RabbitMQ.Client.IConnectionFactory", "CreateConnection", "CreateConnectionAsync"),
        // Channel set-up rides a connection opened before it: see OutboundIoCondition.SetUpOverOpenConnection.
        new OutboundIoEntry("RabbitMQ.Client", "RabbitMQ.Client.IConnection", OutboundIoCondition.SetUpOverOpenConnection, "CreateModel", "CreateChannelAsync"),
        new OutboundIoEntry("RabbitMQ.Client", "RabbitMQ.Client.IConnection", "Close", "CloseAsync"),
        new OutboundIoEntry("RabbitMQ.Client", "RabbitMQ.Client.IModel", OutboundIoCondition.SetUpOverOpenConnection, "ExchangeDeclare*", "QueueDeclare*", "QueueBind*", "QueuePurge", "BasicConsume", "BasicQos", "ConfirmSelect"),
        new OutboundIoEntry("RabbitMQ.Client", "RabbitMQ.Client.IModel", "BasicPublish", "BasicAck", "BasicNack", "BasicCancel", "WaitForConfirms*", "Close"),
        // RabbitMQ.Client 6's extension methods (the class name is spelled so in the library).
        new OutboundIoEntry("RabbitMQ.Client", "RabbitMQ.Client.IModelExensions", OutboundIoCondition.SetUpOverOpenConnection, "ExchangeDeclare*", "QueueDeclare*", "QueueBind*", "BasicConsume"),
        new OutboundIoEntry("RabbitMQ.Client", "RabbitMQ.Client.IModelExensions", "BasicPublish"),
        new OutboundIoEntry("RabbitMQ.Client", "RabbitMQ.Client.IChannel", OutboundIoCondition.SetUpOverOpenConnection, "ExchangeDeclare*", "QueueDeclare*", "QueueBind*", "QueuePurgeAsync", "BasicConsumeAsync", "BasicQosAsync"),
        new OutboundIoEntry("RabbitMQ.Client", "RabbitMQ.Client.IChannel", "BasicPublishAsync", "BasicAckAsync", "BasicNackAsync", "BasicCancelAsync", "CloseAsync"),
        new OutboundIoEntry("RabbitMQ.Client", "RabbitMQ.Client.IChannelExtensions", OutboundIoCondition.SetUpOverOpenConnection, "ExchangeDeclare*", "QueueDeclare*", "QueueBind*", "BasicConsumeAsync"),
        new OutboundIoEntry("RabbitMQ.Client", "RabbitMQ.Client.IChannelExtensions", "BasicPublishAsync", "CloseAsync"),
        new OutboundIoEntry("Confluent.Kafka", "Confluent.Kafka.IConsumer`2", "Consume", "Commit", "Close", "StoreOffset", "Seek"),
        new OutboundIoEntry("Confluent.Kafka", "Confluent.Kafka.IProducer`2", "Produce", "ProduceAsync", "Flush", "InitTransactions", "CommitTransaction", "AbortTransaction"),
        new OutboundIoEntry("Confluent.Kafka", "Confluent.Kafka.IAdminClient", "CreateTopicsAsync", "DeleteTopicsAsync", "CreatePartitionsAsync", "DescribeConfigsAsync", "DescribeClusterAsync", "GetMetadata"),
        new OutboundIoEntry("MassTransit", "MassTransit.IBusControl", "Start", "StartAsync", "Stop", "StopAsync"),
        new OutboundIoEntry("MassTransit", "MassTransit.BusControlExtensions", "Start", "Stop"),
        new OutboundIoEntry("NServiceBus", "NServiceBus.Endpoint", "Start", "Create"),
        new OutboundIoEntry("NServiceBus", "NServiceBus.IMessageSession", "Send", "Publish", "Subscribe", "Unsubscribe"),
        new OutboundIoEntry("NServiceBus", "NServiceBus.MessageSessionExtensions", "Send", "SendLocal", "Publish", "Subscribe", "Unsubscribe"),
        new OutboundIoEntry("NServiceBus", "NServiceBus.IEndpointInstance", "Stop"),
        new OutboundIoEntry("NATS", "NATS.Client.ConnectionFactory", "CreateConnection", "CreateEncodedConnection", "CreateSecureConnection"),
        new OutboundIoEntry("NATS", "NATS.Client.Core.INatsConnection", "ConnectAsync", "PublishAsync", "RequestAsync", "PingAsync", "SubscribeCoreAsync"),

        // Azure SDK
        new OutboundIoEntry("Azure Service Bus", "Azure.Messaging.ServiceBus.ServiceBusSender", "Send*", "Schedule*", "CancelScheduled*", "CreateMessageBatchAsync", "CloseAsync"),
        new OutboundIoEntry("Azure Service Bus", "Azure.Messaging.ServiceBus.ServiceBusReceiver", "Receive*", "Peek*", "Complete*", "Abandon*", "DeadLetter*", "Defer*", "RenewMessageLock*", "CloseAsync"),
        new OutboundIoEntry("Azure Service Bus", "Azure.Messaging.ServiceBus.ServiceBusProcessor", "StartProcessingAsync", "StopProcessingAsync", "CloseAsync"),
        new OutboundIoEntry("Azure Service Bus", "Azure.Messaging.ServiceBus.Administration.ServiceBusAdministrationClient", "*Async", "Create*", "Delete*", "Get*", "Update*", "*Exists"),
        new OutboundIoEntry("Azure Event Hubs", "Azure.Messaging.EventHubs.Producer.EventHubProducerClient", "SendAsync", "CreateBatchAsync", "GetEventHubPropertiesAsync", "GetPartitionIdsAsync", "GetPartitionPropertiesAsync", "CloseAsync"),
        new OutboundIoEntry("Azure Event Hubs", "Azure.Messaging.EventHubs.Consumer.EventHubConsumerClient", "ReadEventsAsync", "ReadEventsFromPartitionAsync", "GetEventHubPropertiesAsync", "GetPartitionIdsAsync", "GetPartitionPropertiesAsync", "CloseAsync"),
        new OutboundIoEntry("Azure Blob Storage", "Azure.Storage.Blobs.BlobServiceClient", "*Async", "CreateBlobContainer", "DeleteBlobContainer", "GetProperties", "GetBlobContainers", "SetProperties", "GetUserDelegationKey"),
        new OutboundIoEntry("Azure Blob Storage", "Azure.Storage.Blobs.BlobContainerClient", "*Async", "Create", "CreateIfNotExists", "Delete", "DeleteIfExists", "Exists", "GetProperties", "GetBlobs", "UploadBlob", "DeleteBlob", "DeleteBlobIfExists", "SetMetadata", "SetAccessPolicy", "GetAccessPolicy"),
        new OutboundIoEntry("Azure Blob Storage", "Azure.Storage.Blobs.Specialized.BlobBaseClient", "*Async", "Download*", "Upload", "Exists", "Delete", "DeleteIfExists", "GetProperties", "SetMetadata", "SetHttpHeaders", "StartCopyFromUri", "OpenRead", "OpenWrite"),
        new OutboundIoEntry("Azure Queue Storage", "Azure.Storage.Queues.QueueClient", "*Async", "Create", "CreateIfNotExists", "Delete", "DeleteIfExists", "Exists", "GetProperties", "SetMetadata", "SendMessage", "ReceiveMessage", "ReceiveMessages", "PeekMessage", "PeekMessages", "DeleteMessage", "UpdateMessage", "ClearMessages", "GetAccessPolicy", "SetAccessPolicy"),
        new OutboundIoEntry("Azure Queue Storage", "Azure.Storage.Queues.QueueServiceClient", "*Async", "CreateQueue", "DeleteQueue", "GetProperties", "SetProperties", "GetQueues", "GetStatistics"),
        new OutboundIoEntry("Azure Cosmos DB", "Microsoft.Azure.Cosmos.CosmosClient", "CreateAndInitializeAsync", "CreateDatabase*", "ReadAccountAsync"),
        new OutboundIoEntry("Azure Cosmos DB", "Microsoft.Azure.Cosmos.Database", "*Async"),
        new OutboundIoEntry("Azure Cosmos DB", "Microsoft.Azure.Cosmos.Container", "*Async"),
        new OutboundIoEntry("Azure Cosmos DB", "Microsoft.Azure.Cosmos.FeedIterator`1", "ReadNextAsync"),
        new OutboundIoEntry("Azure Key Vault", "Azure.Security.KeyVault.Secrets.SecretClient", "*Async", "GetSecret", "SetSecret", "GetPropertiesOfSecrets", "GetDeletedSecret", "StartDeleteSecret"),
        new OutboundIoEntry("Azure Key Vault", "Microsoft.Extensions.Configuration.AzureKeyVaultConfigurationExtensions", "AddAzureKeyVault"),
        new OutboundIoEntry("Azure App Configuration", "Microsoft.Extensions.Configuration.AzureAppConfigurationExtensions", "AddAzureAppConfiguration"),

        // AWS SDK: every service client derives from AmazonServiceClient and implements IAmazonService; each request method is '…Async'.
        new OutboundIoEntry("AWS SDK", "Amazon.Runtime.AmazonServiceClient", "*Async"),
        new OutboundIoEntry("AWS SDK", "Amazon.Runtime.IAmazonService", "*Async"),

        // Databases and search
        new OutboundIoEntry("MongoDB.Driver", "MongoDB.Driver.IMongoClient", "ListDatabase*", "DropDatabase*", "StartSession*", "Watch*"),
        new OutboundIoEntry("MongoDB.Driver", "MongoDB.Driver.IMongoDatabase", "RunCommand*", "CreateCollection*", "ListCollection*", "DropCollection*", "RenameCollection*", "Watch*"),
        new OutboundIoEntry("MongoDB.Driver", "MongoDB.Driver.IMongoCollection`1", "Insert*", "Replace*", "Update*", "Delete*", "CountDocuments*", "EstimatedDocumentCount*", "BulkWrite*", "FindOneAnd*", "FindAsync", "FindSync", "Aggregate*", "Distinct*", "Watch*"),
        new OutboundIoEntry("MongoDB.Driver", "MongoDB.Driver.IMongoIndexManager`1", "Create*", "Drop*", "List*"),
        new OutboundIoEntry("MongoDB.Driver", "MongoDB.Driver.IAsyncCursorSourceExtensions", "ToList*", "First*", "Single*", "Any*", "ForEachAsync", "ToCursor*"),
        new OutboundIoEntry("MongoDB.Driver", "MongoDB.Driver.IFindFluentExtensions", "First*", "Single*"),
        new OutboundIoEntry("Elastic.Clients.Elasticsearch", "Elastic.Clients.Elasticsearch.ElasticsearchClient", "*Async", "Index", "IndexMany", "Search", "Bulk", "Ping", "Get", "Delete", "Update", "Count", "Exists"),
        new OutboundIoEntry("Elastic.Clients.Elasticsearch", "Elastic.Clients.Elasticsearch.IndexManagement.IndicesNamespacedClient", "*Async", "Create", "Delete", "Exists", "PutMapping", "Refresh", "PutTemplate", "PutIndexTemplate"),
        new OutboundIoEntry("NEST", "Nest.IElasticClient", "*Async", "Index", "IndexDocument", "IndexMany", "Search", "Bulk", "Ping", "Get", "Delete", "Update", "Count", "DocumentExists"),
        new OutboundIoEntry("NEST", "Nest.Specification.IndicesApi.IndicesNamespace", "*Async", "Create", "Delete", "Exists", "PutMapping", "Refresh", "PutTemplate"),
        new OutboundIoEntry("OpenSearch.Client", "OpenSearch.Client.IOpenSearchClient", "*Async", "Index", "IndexDocument", "IndexMany", "Search", "Bulk", "Ping", "Get", "Delete", "Update", "Count", "DocumentExists"),
        new OutboundIoEntry("OpenSearch.Client", "OpenSearch.Client.Specification.IndicesApi.IndicesNamespace", "*Async", "Create", "Delete", "Exists", "PutMapping", "Refresh", "PutTemplate"),
        new OutboundIoEntry("MinIO", "Minio.ApiEndpoints.IBucketOperations", "*Async"),
        new OutboundIoEntry("MinIO", "Minio.ApiEndpoints.IObjectOperations", "*Async"),
        new OutboundIoEntry("Cassandra (DataStax)", "Cassandra.ICluster", "Connect", "ConnectAsync"),
        new OutboundIoEntry("Cassandra (DataStax)", "Cassandra.ISession", "Execute", "ExecuteAsync", "Prepare", "PrepareAsync"),

        // Marten (JasperFx, on PostgreSQL), 7 and newer: a session opens its connection on the first call that reads or saves,
        // so building one (LightweightSession, QuerySession) is no I/O; Events.Append/StartStream only queue events that
        // SaveChangesAsync writes. Marten's own retry (3 attempts from 50 ms: src/Marten/Util/ResilientPipelineBuilderExtensions.cs,
        // AddMartenDefaults, JasperFx/marten V9.29.0) ends well inside proxy start-up. ApplyAllDatabaseChangesOnStartup() only
        // registers: Marten's activator (src/Marten/Services/MartenActivator.cs, StartAsync) applies the schema when the host
        // starts, inserted first among the hosted services (EnsureMartenActivatorIsRegistered: services.Insert(0, …)).
        new OutboundIoEntry("Marten", "Marten.IDocumentSession", "SaveChangesAsync"),
        new OutboundIoEntry("Marten", "Marten.IQuerySession", "LoadAsync", "LoadManyAsync", "QueryAsync", "CheckExistsAsync", "StreamJson*", "ToJsonOne", "ToJsonMany", "*SearchAsync", "MetadataForAsync", "ExecuteAsync", "ExecuteReaderAsync", "QueryByPlanAsync", "NextSequenceValue*"),
        new OutboundIoEntry("Marten", "Marten.QueryableExtensions", "*Async", "StreamJson*", "ToJson*"),
        new OutboundIoEntry("Marten", "Marten.IDocumentStore", "BulkInsert*"),
        new OutboundIoEntry("Marten", "Marten.IMartenStorage", "ApplyAllConfiguredChangesToDatabaseAsync", "CreateMigrationAsync"),
        new OutboundIoEntry("Marten", "Marten.Schema.IDocumentCleaner", "*Async"),
        new OutboundIoEntry("Marten", "Marten.AdvancedOperations", "ResetAllData"),
        new OutboundIoEntry("Marten", "Marten.MartenServiceCollectionExtensions+MartenConfigurationExpression", OutboundIoCondition.AtHostStart, "ApplyAllDatabaseChangesOnStartup")
        {
            Then = "MartenActivator.StartAsync' → 'IMartenStorage.ApplyAllConfiguredChangesToDatabaseAsync",
        },

        // Kubernetes API (KubernetesClient 10 and newer: one operations interface per API group, each call an HTTPS request to
        // the API server, which a sidecar's outbound capture takes like any other destination). The extension classes hold
        // the calls without WithHttpMessages in their names.
        new OutboundIoEntry("KubernetesClient", "k8s.ICoreV1Operations", "*WithHttpMessagesAsync"),
        new OutboundIoEntry("KubernetesClient", "k8s.CoreV1OperationsExtensions", KubernetesCalls),
        new OutboundIoEntry("KubernetesClient", "k8s.IAppsV1Operations", "*WithHttpMessagesAsync"),
        new OutboundIoEntry("KubernetesClient", "k8s.AppsV1OperationsExtensions", KubernetesCalls),
        new OutboundIoEntry("KubernetesClient", "k8s.IBatchV1Operations", "*WithHttpMessagesAsync"),
        new OutboundIoEntry("KubernetesClient", "k8s.BatchV1OperationsExtensions", KubernetesCalls),
        new OutboundIoEntry("KubernetesClient", "k8s.INetworkingV1Operations", "*WithHttpMessagesAsync"),
        new OutboundIoEntry("KubernetesClient", "k8s.NetworkingV1OperationsExtensions", KubernetesCalls),
        new OutboundIoEntry("KubernetesClient", "k8s.ICoordinationV1Operations", "*WithHttpMessagesAsync"),
        new OutboundIoEntry("KubernetesClient", "k8s.CoordinationV1OperationsExtensions", KubernetesCalls),
        new OutboundIoEntry("KubernetesClient", "k8s.ICustomObjectsOperations", "*WithHttpMessagesAsync"),
        new OutboundIoEntry("KubernetesClient", "k8s.CustomObjectsOperationsExtensions", KubernetesCalls),

        // Service discovery, configuration and secrets
        new OutboundIoEntry("Consul", "Consul.IAgentEndpoint", "ServiceRegister", "ServiceDeregister", "CheckRegister", "CheckDeregister", "Services", "Checks", "Self", "PassTTL", "WarnTTL", "FailTTL", "UpdateTTL"),
        new OutboundIoEntry("Consul", "Consul.IKVEndpoint", "Get", "Put", "Delete*", "List", "Keys", "CAS", "Acquire", "Release"),
        new OutboundIoEntry("Consul", "Consul.IHealthEndpoint", "Service", "Checks", "State", "Node"),
        new OutboundIoEntry("Consul", "Consul.ICatalogEndpoint", "Service", "Services", "Node", "Nodes", "Register", "Deregister", "Datacenters"),
        new OutboundIoEntry("VaultSharp", "VaultSharp.V1.SecretsEngines.KeyValue.V2.IKeyValueSecretsEngineV2", "*Async"),
        new OutboundIoEntry("VaultSharp", "VaultSharp.V1.SecretsEngines.KeyValue.V1.IKeyValueSecretsEngineV1", "*Async"),
        new OutboundIoEntry("Steeltoe", "Steeltoe.Extensions.Configuration.ConfigServer.ConfigServerConfigurationBuilderExtensions", "AddConfigServer"),
        new OutboundIoEntry("Steeltoe", "Steeltoe.Configuration.ConfigServer.ConfigServerConfigurationBuilderExtensions", "AddConfigServer"),

        // Actor and application runtimes
        new OutboundIoEntry("Orleans", "Orleans.IClusterClient", "Connect"),
        new OutboundIoEntry("Dapr", "Dapr.Client.DaprClient", "InvokeMethod*", "PublishEventAsync", "PublishByteEventAsync", "BulkPublishEventAsync", "GetStateAsync", "GetStateAndETagAsync", "GetByteStateAsync", "GetByteStateAndETagAsync", "GetBulkStateAsync", "SaveStateAsync", "SaveByteStateAsync", "SaveBulkStateAsync", "TrySaveStateAsync", "TrySaveByteStateAsync", "DeleteStateAsync", "TryDeleteStateAsync", "DeleteBulkStateAsync", "ExecuteStateTransactionAsync", "QueryStateAsync", "GetSecretAsync", "GetBulkSecretAsync", "GetConfiguration", "InvokeBindingAsync"));

    private static readonly Dictionary<string, ImmutableArray<OutboundIoEntry>> ByType = GroupByType();

    // The catalogue's type names without their namespace ("HttpClient", "IMongoCollection`1").
    // A nested type ("Namespace.Outer+Nested") by its own name.
    private static readonly HashSet<string> SimpleTypeNames = new(ByType.Keys.Select(name => name.Substring(Math.Max(name.LastIndexOf('.'), name.LastIndexOf('+')) + 1)), StringComparer.Ordinal);

    /// <summary>
    /// Cheap first check, before a type's namespace is spelled out: can a type of this metadata name (<c>Type`1</c>, no
    /// namespace) be in the catalogue at all?
    /// </summary>
    public static bool MayDeclare(string typeMetadataName) => SimpleTypeNames.Contains(typeMetadataName);

    /// <summary>The entries declared for a type's metadata name (<c>Namespace.Type`1</c>), or empty.</summary>
    public static ImmutableArray<OutboundIoEntry> ForType(string metadataName)
        => ByType.TryGetValue(metadataName, out var entries) ? entries : ImmutableArray<OutboundIoEntry>.Empty;

    /// <summary>Cheap first check, before any symbol is looked at: can a method of this name be in the catalogue at all?</summary>
    public static bool MayMatch(string methodName) => Names.MayMatch(methodName);

    private static readonly NameFilter Names = new(Entries);

    private static Dictionary<string, ImmutableArray<OutboundIoEntry>> GroupByType()
    {
        var map = new Dictionary<string, ImmutableArray<OutboundIoEntry>>(StringComparer.Ordinal);
        foreach (var entry in Entries)
        {
            map[entry.Type] = map.TryGetValue(entry.Type, out var existing) ? existing.Add(entry) : ImmutableArray.Create(entry);
        }

        return map;
    }

    // Exact names in a set; prefixes and suffixes in short lists (a few dozen string comparisons at most).
    private sealed class NameFilter
    {
        private readonly HashSet<string> exact = new(StringComparer.Ordinal);
        private readonly List<string> prefixes = new();
        private readonly List<string> suffixes = new();

        public NameFilter(ImmutableArray<OutboundIoEntry> entries)
        {
            foreach (var entry in entries)
            {
                foreach (var pattern in entry.Methods)
                {
                    var (kind, text) = OutboundIoEntry.Parse(pattern);
                    switch (kind)
                    {
                        case OutboundIoEntry.PatternKind.Suffix:
                            AddOnce(suffixes, text);
                            break;
                        case OutboundIoEntry.PatternKind.Prefix:
                            AddOnce(prefixes, text);
                            break;
                        default:
                            exact.Add(text);
                            break;
                    }
                }
            }
        }

        public bool MayMatch(string name)
        {
            if (exact.Contains(name))
            {
                return true;
            }

            foreach (var suffix in suffixes)
            {
                if (name.EndsWith(suffix, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            foreach (var prefix in prefixes)
            {
                if (name.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }

        private static void AddOnce(List<string> list, string value)
        {
            if (!list.Contains(value))
            {
                list.Add(value);
            }
        }
    }
}

/// <summary>An extra condition a catalogue entry's call must meet.</summary>
internal enum OutboundIoCondition
{
    None,

    /// <summary>The LINQ operator runs an EF Core query: its source is rooted at a <c>DbSet&lt;T&gt;</c> (not an in-memory sequence).</summary>
    EfQuery,

    /// <summary>
    /// RabbitMQ channel set-up (opening a channel, declaring, binding, consuming): it travels over a connection opened
    /// before it, so it is no start-up race of its own where that connection comes from Aspire's RabbitMQ client
    /// integration, which opens it with retries (<c>AddRabbitMQClient</c>: on <c>SocketException</c> and
    /// <c>BrokerUnreachableException</c>, 5 retries from 1 s doubling, 31 s; dotnet/aspire v8.0.0 to v13.1.3,
    /// src/Components/Aspire.RabbitMQ.Client/AspireRabbitMQExtensions.cs <c>CreateConnection</c>). Elsewhere it is reported:
    /// a connection registered by hand in DI is opened by the first resolve, unseen, just before it.
    /// </summary>
    SetUpOverOpenConnection,

    /// <summary>
    /// A registration whose I/O a library's hosted service does when the host starts (<see cref="OutboundIoEntry.Then"/> names
    /// it): the call itself is no I/O, but the start it sets up is, so the chain goes on to what runs then.
    /// </summary>
    AtHostStart,
}

/// <summary>One catalogue entry: a library, a type (metadata name) and the method-name patterns that do I/O on it.</summary>
internal sealed class OutboundIoEntry
{
    public OutboundIoEntry(string library, string type, params string[] methods)
        : this(library, type, OutboundIoCondition.None, methods)
    {
    }

    public OutboundIoEntry(string library, string type, OutboundIoCondition condition, params string[] methods)
    {
        Library = library;
        Type = type;
        Condition = condition;
        Methods = ImmutableArray.Create(methods);
        patterns = new (PatternKind Kind, string Text)[methods.Length];
        for (var i = 0; i < methods.Length; i++)
        {
            patterns[i] = Parse(methods[i]);
        }
    }

    private readonly (PatternKind Kind, string Text)[] patterns;

    /// <summary>The library users know (<c>StackExchange.Redis</c>, <c>Azure Blob Storage</c>).</summary>
    public string Library { get; }

    /// <summary>The metadata name of the declaring type (<c>Confluent.Kafka.IConsumer`2</c>).</summary>
    public string Type { get; }

    public OutboundIoCondition Condition { get; }

    /// <summary><see cref="OutboundIoCondition.AtHostStart"/>: what runs at host start, as chain links (<c>Type.Method' → 'Type.Method</c>).</summary>
    public string? Then { get; set; }

    /// <summary>Method-name patterns: <c>Name</c>, <c>Prefix*</c> or <c>*Suffix</c>.</summary>
    public ImmutableArray<string> Methods { get; }

    /// <summary>A stable key for tests and docs: the type, and for a type's channel set-up entry <c>#set-up</c> after it.</summary>
    public string Key => Condition == OutboundIoCondition.SetUpOverOpenConnection ? Type + "#set-up" : Type;

    public bool MatchesName(string name)
    {
        foreach (var pattern in patterns)
        {
            var matches = pattern.Kind switch
            {
                PatternKind.Prefix => name.StartsWith(pattern.Text, StringComparison.Ordinal),
                PatternKind.Suffix => name.EndsWith(pattern.Text, StringComparison.Ordinal),
                _ => name == pattern.Text,
            };

            if (matches)
            {
                return true;
            }
        }

        return false;
    }

    internal static (PatternKind Kind, string Text) Parse(string pattern)
        => pattern.StartsWith("*", StringComparison.Ordinal) ? (PatternKind.Suffix, pattern.Substring(1))
            : pattern.EndsWith("*", StringComparison.Ordinal) ? (PatternKind.Prefix, pattern.Substring(0, pattern.Length - 1))
            : (PatternKind.Exact, pattern);

    internal enum PatternKind
    {
        Exact,
        Prefix,
        Suffix,
    }
}
