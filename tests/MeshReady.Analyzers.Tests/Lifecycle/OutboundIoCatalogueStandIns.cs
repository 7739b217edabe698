namespace MeshReady.Analyzers.Tests.Lifecycle;

/// <summary>
/// Types the catalogue rows use. The user's own types (an EF context, a document) are plain code; the rest are
/// stand-ins for client libraries whose packages the feed does not serve (Oracle.ManagedDataAccess.Core, NServiceBus,
/// OpenSearch.Client, CassandraCSharpDriver, Consul, VaultSharp, Orleans 3, Steeltoe, the Key Vault and App
/// Configuration providers), declared with the libraries' real namespaces, type names and signatures.
/// </summary>
internal static class StandIns
{
    /// <summary>An application's EF Core context, written against the real Microsoft.EntityFrameworkCore.</summary>
    public const string OrdersDb = """

        public sealed class Order
        {
            public int Id { get; set; }
            public string Customer { get; set; } = "";
            public bool Shipped { get; set; }
        }

        public sealed class OrdersDb(Microsoft.EntityFrameworkCore.DbContextOptions<OrdersDb> options) : Microsoft.EntityFrameworkCore.DbContext(options)
        {
            public Microsoft.EntityFrameworkCore.DbSet<Order> Orders => Set<Order>();
        }
        """;

    public const string Product = """

        public sealed class Product
        {
            public string Name { get; set; } = "";
        }
        """;

    /// <summary>Oracle.ManagedDataAccess.Core: OracleConnection derives from DbConnection.</summary>
    public const string Oracle = """

        namespace Oracle.ManagedDataAccess.Client
        {
            public sealed class OracleConnection : System.Data.Common.DbConnection
            {
                public OracleConnection(string? connectionString) => ConnectionString = connectionString ?? "";
                public override string ConnectionString { get; set; }
                public override string Database => "";
                public override string DataSource => "";
                public override string ServerVersion => "";
                public override System.Data.ConnectionState State => System.Data.ConnectionState.Closed;
                public override void ChangeDatabase(string databaseName) { }
                public override void Close() { }
                public override void Open() { }
                protected override System.Data.Common.DbTransaction BeginDbTransaction(System.Data.IsolationLevel isolationLevel) => throw new System.NotSupportedException();
                protected override System.Data.Common.DbCommand CreateDbCommand() => throw new System.NotSupportedException();
            }
        }
        """;

    /// <summary>NServiceBus 8/9: Endpoint.Start, IMessageSession, MessageSessionExtensions, IEndpointInstance.Stop.</summary>
    public const string NServiceBus = """

        namespace NServiceBus
        {
            public class EndpointConfiguration
            {
                public EndpointConfiguration(string endpointName) { }
            }

            public class SendOptions { }
            public class PublishOptions { }

            public interface IMessageSession
            {
                System.Threading.Tasks.Task Send(object message, SendOptions sendOptions, System.Threading.CancellationToken cancellationToken = default);
                System.Threading.Tasks.Task Publish(object message, PublishOptions publishOptions, System.Threading.CancellationToken cancellationToken = default);
            }

            public interface IEndpointInstance : IMessageSession
            {
                System.Threading.Tasks.Task Stop(System.Threading.CancellationToken cancellationToken = default);
            }

            public interface IStartableEndpoint
            {
                System.Threading.Tasks.Task<IEndpointInstance> Start(System.Threading.CancellationToken cancellationToken = default);
            }

            public static class Endpoint
            {
                public static System.Threading.Tasks.Task<IStartableEndpoint> Create(EndpointConfiguration configuration, System.Threading.CancellationToken cancellationToken = default) => throw null!;
                public static System.Threading.Tasks.Task<IEndpointInstance> Start(EndpointConfiguration configuration, System.Threading.CancellationToken cancellationToken = default) => throw null!;
            }

            public static class MessageSessionExtensions
            {
                public static System.Threading.Tasks.Task Send(this IMessageSession session, object message, System.Threading.CancellationToken cancellationToken = default) => throw null!;
                public static System.Threading.Tasks.Task Publish(this IMessageSession session, object message, System.Threading.CancellationToken cancellationToken = default) => throw null!;
            }
        }
        """;

    /// <summary>OpenSearch.Client 1.x: IOpenSearchClient.IndexDocumentAsync, client.Indices.CreateAsync.</summary>
    public const string OpenSearch = """

        namespace OpenSearch.Client
        {
            public class IndexResponse { }
            public class CreateIndexResponse { }
            public class CreateIndexDescriptor { }
            public interface ICreateIndexRequest { }

            public class IndexName
            {
                public static implicit operator IndexName(string name) => new IndexName();
            }

            public interface IOpenSearchClient
            {
                OpenSearch.Client.Specification.IndicesApi.IndicesNamespace Indices { get; }
                System.Threading.Tasks.Task<IndexResponse> IndexDocumentAsync<TDocument>(TDocument document, System.Threading.CancellationToken ct = default) where TDocument : class;
            }
        }

        namespace OpenSearch.Client.Specification.IndicesApi
        {
            public class IndicesNamespace
            {
                public System.Threading.Tasks.Task<OpenSearch.Client.CreateIndexResponse> CreateAsync(
                    OpenSearch.Client.IndexName index, System.Func<OpenSearch.Client.CreateIndexDescriptor, OpenSearch.Client.ICreateIndexRequest>? selector = null, System.Threading.CancellationToken ct = default) => throw null!;
            }
        }
        """;

    /// <summary>DataStax CassandraCSharpDriver 3.x: Cluster.Builder(), ICluster.ConnectAsync, ISession.ExecuteAsync.</summary>
    // Marten 9.29.0 (JasperFx/marten V9.29.0: src/Marten/IDocumentStore.cs, IQuerySession.cs, IDocumentSession.cs,
    // QueryableExtensions.cs, IMartenStorage.cs, AdvancedOperations.cs, Schema/IDocumentCleaner.cs, Schema/IInitialData.cs,
    // MartenServiceCollectionExtensions.cs): the members the tests call, with their real names, namespaces and signatures.
    // The real package ships net9.0/net10.0 only, and its closure does not resolve on the test feed (Npgsql.NetTopologySuite
    // asks for "NetTopologySuite.IO.PostGIS", whose package spells its id PostGis, so the testing library finds no assembly).
    public const string Marten = """

        namespace JasperFx
        {
            public enum AutoCreate { All, CreateOrUpdate, CreateOnly, None }

            public interface IInitialData<in TStore>
            {
                System.Threading.Tasks.Task Populate(TStore store, System.Threading.CancellationToken cancellation);
            }
        }

        namespace Marten.Schema
        {
            public interface IInitialData : JasperFx.IInitialData<Marten.IDocumentStore> { }

            public interface IDocumentCleaner
            {
                System.Threading.Tasks.Task DeleteAllDocumentsAsync(System.Threading.CancellationToken ct = default);
                System.Threading.Tasks.Task CompletelyRemoveAllAsync(System.Threading.CancellationToken ct = default);
            }
        }

        namespace Marten.Events
        {
            public interface IEventStoreOperations
            {
                object StartStream(string streamKey, params object[] events);
                object Append(string stream, params object[] events);
            }
        }

        namespace Marten
        {
            using System.Collections.Generic;
            using System.Linq;
            using System.Threading;
            using System.Threading.Tasks;

            public enum BulkInsertMode { InsertsOnly, IgnoreDuplicates, OverwriteExisting, OverwriteIfVersionMatches }

            public interface IMartenQueryable<T> : IQueryable<T> { }

            public interface IQuerySession : System.IDisposable, System.IAsyncDisposable
            {
                Task<T?> LoadAsync<T>(string id, CancellationToken token = default) where T : notnull;
                IMartenQueryable<T> Query<T>() where T : notnull;
                Task<IReadOnlyList<T>> QueryAsync<T>(string sql, params object[] parameters);
            }

            public interface IDocumentSession : IQuerySession
            {
                Marten.Events.IEventStoreOperations Events { get; }
                void Store<T>(params T[] entities) where T : notnull;
                Task SaveChangesAsync(CancellationToken token = default);
            }

            public interface IMartenStorage
            {
                Task ApplyAllConfiguredChangesToDatabaseAsync(JasperFx.AutoCreate? @override = null);
            }

            public class AdvancedOperations
            {
                public Marten.Schema.IDocumentCleaner Clean => throw null!;
                public Task ResetAllData(CancellationToken cancellation = default) => throw null!;
            }

            public interface IDocumentStore : System.IDisposable, System.IAsyncDisposable
            {
                IMartenStorage Storage { get; }
                AdvancedOperations Advanced { get; }
                IDocumentSession LightweightSession();
                IQuerySession QuerySession();
                Task BulkInsertAsync<T>(IReadOnlyCollection<T> documents, BulkInsertMode mode = BulkInsertMode.InsertsOnly, int batchSize = 1000, CancellationToken cancellation = default);
            }

            public static class QueryableExtensions
            {
                public static Task<IReadOnlyList<T>> ToListAsync<T>(this IQueryable<T> queryable, CancellationToken token = default) => throw null!;
                public static Task<bool> AnyAsync<TSource>(this IQueryable<TSource> source, CancellationToken token = default) => throw null!;
            }

            public class StoreOptions
            {
                public void Connection(string connectionString) { }
            }

            public static class MartenServiceCollectionExtensions
            {
                public static MartenConfigurationExpression AddMarten(this Microsoft.Extensions.DependencyInjection.IServiceCollection services, System.Action<StoreOptions> configure) => throw null!;

                public class MartenConfigurationExpression
                {
                    public MartenConfigurationExpression ApplyAllDatabaseChangesOnStartup() => this;
                    public MartenConfigurationExpression InitializeWith<T>() where T : class, Marten.Schema.IInitialData => this;
                }
            }
        }
        """;

    public const string Cassandra = """

        namespace Cassandra
        {
            public interface IStatement { }
            public class SimpleStatement : IStatement
            {
                public SimpleStatement(string query, params object[] values) { }
            }

            public class RowSet { }

            public interface ISession : System.IDisposable
            {
                System.Threading.Tasks.Task<RowSet> ExecuteAsync(IStatement statement);
            }

            public interface ICluster : System.IDisposable
            {
                ISession Connect(string keyspace);
                System.Threading.Tasks.Task<ISession> ConnectAsync(string keyspace);
            }

            public class Builder
            {
                public Builder AddContactPoint(string address) => this;
                public Cluster Build() => throw null!;
            }

            public class Cluster : ICluster
            {
                public static Builder Builder() => new Builder();
                public ISession Connect(string keyspace) => throw null!;
                public System.Threading.Tasks.Task<ISession> ConnectAsync(string keyspace) => throw null!;
                public void Dispose() { }
            }
        }
        """;

    /// <summary>
    /// KubernetesClient (10 and newer; the shape of 15 and 21): IKubernetes.CoreV1/AppsV1/… operations interfaces with
    /// <c>*WithHttpMessagesAsync</c> methods, and the generated <c>*OperationsExtensions</c> that unwrap the body (two real
    /// calls per group; parameters shortened).
    /// </summary>
    public const string Kubernetes = """

        #nullable disable
        namespace k8s
        {
            public class HttpOperationResponse<T>
            {
                public T Body { get; set; }
            }

            public interface ICoreV1Operations
            {
                System.Threading.Tasks.Task<HttpOperationResponse<object>> ListEndpointsForAllNamespacesWithHttpMessagesAsync(string name = null, string namespaceParameter = null, System.Threading.CancellationToken cancellationToken = default);
                System.Threading.Tasks.Task<HttpOperationResponse<object>> ReadNamespacedConfigMapWithHttpMessagesAsync(string name = null, string namespaceParameter = null, System.Threading.CancellationToken cancellationToken = default);
            }

            public interface IAppsV1Operations
            {
                System.Threading.Tasks.Task<HttpOperationResponse<object>> ListNamespacedDeploymentWithHttpMessagesAsync(string name = null, string namespaceParameter = null, System.Threading.CancellationToken cancellationToken = default);
                System.Threading.Tasks.Task<HttpOperationResponse<object>> ReadNamespacedDeploymentWithHttpMessagesAsync(string name = null, string namespaceParameter = null, System.Threading.CancellationToken cancellationToken = default);
            }

            public interface IBatchV1Operations
            {
                System.Threading.Tasks.Task<HttpOperationResponse<object>> ListNamespacedJobWithHttpMessagesAsync(string name = null, string namespaceParameter = null, System.Threading.CancellationToken cancellationToken = default);
                System.Threading.Tasks.Task<HttpOperationResponse<object>> CreateNamespacedJobWithHttpMessagesAsync(string name = null, string namespaceParameter = null, System.Threading.CancellationToken cancellationToken = default);
            }

            public interface INetworkingV1Operations
            {
                System.Threading.Tasks.Task<HttpOperationResponse<object>> ListIngressForAllNamespacesWithHttpMessagesAsync(string name = null, string namespaceParameter = null, System.Threading.CancellationToken cancellationToken = default);
                System.Threading.Tasks.Task<HttpOperationResponse<object>> ListIngressClassWithHttpMessagesAsync(string name = null, string namespaceParameter = null, System.Threading.CancellationToken cancellationToken = default);
            }

            public interface ICoordinationV1Operations
            {
                System.Threading.Tasks.Task<HttpOperationResponse<object>> ReadNamespacedLeaseWithHttpMessagesAsync(string name = null, string namespaceParameter = null, System.Threading.CancellationToken cancellationToken = default);
                System.Threading.Tasks.Task<HttpOperationResponse<object>> ReplaceNamespacedLeaseWithHttpMessagesAsync(string name = null, string namespaceParameter = null, System.Threading.CancellationToken cancellationToken = default);
            }

            public interface ICustomObjectsOperations
            {
                System.Threading.Tasks.Task<HttpOperationResponse<object>> ListNamespacedCustomObjectWithHttpMessagesAsync(string name = null, string namespaceParameter = null, System.Threading.CancellationToken cancellationToken = default);
                System.Threading.Tasks.Task<HttpOperationResponse<object>> ListClusterCustomObjectWithHttpMessagesAsync(string name = null, string namespaceParameter = null, System.Threading.CancellationToken cancellationToken = default);
            }

            public static class CoreV1OperationsExtensions
            {
                public static async System.Threading.Tasks.Task<object> ReadNamespacedConfigMapAsync(this ICoreV1Operations operations, string name = null, string namespaceParameter = null, System.Threading.CancellationToken cancellationToken = default)
                    => (await operations.ReadNamespacedConfigMapWithHttpMessagesAsync(name, namespaceParameter, cancellationToken).ConfigureAwait(false)).Body;
            }

            public static class AppsV1OperationsExtensions
            {
                public static async System.Threading.Tasks.Task<object> ReadNamespacedDeploymentAsync(this IAppsV1Operations operations, string name = null, string namespaceParameter = null, System.Threading.CancellationToken cancellationToken = default)
                    => (await operations.ReadNamespacedDeploymentWithHttpMessagesAsync(name, namespaceParameter, cancellationToken).ConfigureAwait(false)).Body;
            }

            public static class BatchV1OperationsExtensions
            {
                public static async System.Threading.Tasks.Task<object> CreateNamespacedJobAsync(this IBatchV1Operations operations, string name = null, string namespaceParameter = null, System.Threading.CancellationToken cancellationToken = default)
                    => (await operations.CreateNamespacedJobWithHttpMessagesAsync(name, namespaceParameter, cancellationToken).ConfigureAwait(false)).Body;
            }

            public static class NetworkingV1OperationsExtensions
            {
                public static async System.Threading.Tasks.Task<object> ListIngressClassAsync(this INetworkingV1Operations operations, string name = null, string namespaceParameter = null, System.Threading.CancellationToken cancellationToken = default)
                    => (await operations.ListIngressClassWithHttpMessagesAsync(name, namespaceParameter, cancellationToken).ConfigureAwait(false)).Body;
            }

            public static class CoordinationV1OperationsExtensions
            {
                public static async System.Threading.Tasks.Task<object> ReplaceNamespacedLeaseAsync(this ICoordinationV1Operations operations, string name = null, string namespaceParameter = null, System.Threading.CancellationToken cancellationToken = default)
                    => (await operations.ReplaceNamespacedLeaseWithHttpMessagesAsync(name, namespaceParameter, cancellationToken).ConfigureAwait(false)).Body;
            }

            public static class CustomObjectsOperationsExtensions
            {
                public static async System.Threading.Tasks.Task<object> ListClusterCustomObjectAsync(this ICustomObjectsOperations operations, string name = null, string namespaceParameter = null, System.Threading.CancellationToken cancellationToken = default)
                    => (await operations.ListClusterCustomObjectWithHttpMessagesAsync(name, namespaceParameter, cancellationToken).ConfigureAwait(false)).Body;
            }

            public interface IKubernetes : System.IDisposable
            {
                ICoreV1Operations CoreV1 { get; }
                IAppsV1Operations AppsV1 { get; }
                IBatchV1Operations BatchV1 { get; }
                INetworkingV1Operations NetworkingV1 { get; }
                ICoordinationV1Operations CoordinationV1 { get; }
                ICustomObjectsOperations CustomObjects { get; }
            }
        }
        """;

    /// <summary>Consul (Consul.NET 1.7): IConsulClient.Agent/KV/Health/Catalog.</summary>
    public const string Consul = """

        namespace Consul
        {
            public class WriteResult { }
            public class QueryResult<T> { public T Response { get; set; } = default!; }
            public class KVPair { }
            public class ServiceEntry { }

            public class AgentServiceRegistration
            {
                public string ID { get; set; } = "";
                public string Name { get; set; } = "";
                public int Port { get; set; }
            }

            public interface IAgentEndpoint
            {
                System.Threading.Tasks.Task<WriteResult> ServiceRegister(AgentServiceRegistration service, System.Threading.CancellationToken ct = default);
                System.Threading.Tasks.Task<WriteResult> ServiceDeregister(string serviceID, System.Threading.CancellationToken ct = default);
            }

            public interface IKVEndpoint
            {
                System.Threading.Tasks.Task<QueryResult<KVPair>> Get(string key, System.Threading.CancellationToken ct = default);
            }

            public interface IHealthEndpoint
            {
                System.Threading.Tasks.Task<QueryResult<ServiceEntry[]>> Service(string service, string tag, bool passingOnly, System.Threading.CancellationToken ct = default);
            }

            public interface ICatalogEndpoint
            {
                System.Threading.Tasks.Task<QueryResult<System.Collections.Generic.Dictionary<string, string[]>>> Services(System.Threading.CancellationToken ct = default);
            }

            public interface IConsulClient : System.IDisposable
            {
                IAgentEndpoint Agent { get; }
                IKVEndpoint KV { get; }
                IHealthEndpoint Health { get; }
                ICatalogEndpoint Catalog { get; }
            }
        }
        """;

    /// <summary>VaultSharp 1.x: vault.V1.Secrets.KeyValue.V1/V2.ReadSecretAsync.</summary>
    public const string Vault = """

        namespace VaultSharp
        {
            public interface IVaultClient
            {
                VaultSharp.V1.IVaultClientV1 V1 { get; }
            }
        }

        namespace VaultSharp.V1
        {
            public interface IVaultClientV1
            {
                VaultSharp.V1.SecretsEngines.ISecretsEngine Secrets { get; }
            }
        }

        namespace VaultSharp.V1.Commons
        {
            public class Secret<TData> { public TData Data { get; set; } = default!; }
            public class SecretData { }
        }

        namespace VaultSharp.V1.SecretsEngines
        {
            public interface ISecretsEngine
            {
                VaultSharp.V1.SecretsEngines.KeyValue.IKeyValueSecretsEngine KeyValue { get; }
            }
        }

        namespace VaultSharp.V1.SecretsEngines.KeyValue
        {
            public interface IKeyValueSecretsEngine
            {
                VaultSharp.V1.SecretsEngines.KeyValue.V1.IKeyValueSecretsEngineV1 V1 { get; }
                VaultSharp.V1.SecretsEngines.KeyValue.V2.IKeyValueSecretsEngineV2 V2 { get; }
            }
        }

        namespace VaultSharp.V1.SecretsEngines.KeyValue.V1
        {
            public interface IKeyValueSecretsEngineV1
            {
                System.Threading.Tasks.Task<VaultSharp.V1.Commons.Secret<System.Collections.Generic.Dictionary<string, object>>> ReadSecretAsync(string path, string? mountPoint = null, string? wrapTimeToLive = null);
            }
        }

        namespace VaultSharp.V1.SecretsEngines.KeyValue.V2
        {
            public interface IKeyValueSecretsEngineV2
            {
                System.Threading.Tasks.Task<VaultSharp.V1.Commons.Secret<VaultSharp.V1.Commons.SecretData>> ReadSecretAsync(string path, int? version = null, string? mountPoint = null, string? wrapTimeToLive = null);
            }
        }
        """;

    /// <summary>Steeltoe 3: AddConfigServer on IConfigurationBuilder.</summary>
    public const string SteeltoeV3 = """

        namespace Steeltoe.Extensions.Configuration.ConfigServer
        {
            public static class ConfigServerConfigurationBuilderExtensions
            {
                public static Microsoft.Extensions.Configuration.IConfigurationBuilder AddConfigServer(
                    this Microsoft.Extensions.Configuration.IConfigurationBuilder configurationBuilder, string environment = "Production", Microsoft.Extensions.Logging.ILoggerFactory? logFactory = null)
                    => configurationBuilder;
            }
        }
        """;

    /// <summary>Steeltoe 4: AddConfigServer on IConfigurationBuilder.</summary>
    public const string SteeltoeV4 = """

        namespace Steeltoe.Configuration.ConfigServer
        {
            public static class ConfigServerConfigurationBuilderExtensions
            {
                public static Microsoft.Extensions.Configuration.IConfigurationBuilder AddConfigServer(this Microsoft.Extensions.Configuration.IConfigurationBuilder builder)
                    => builder;
            }
        }
        """;

    /// <summary>
    /// Azure.Extensions.AspNetCore.Configuration.Secrets 1.3: AddAzureKeyVault(SecretClient, options), compiled with the
    /// real Azure.Security.KeyVault.Secrets; the pod's credential comes from the application.
    /// </summary>
    public const string KeyVaultConfiguration = """

        public static class Workload
        {
            public static Azure.Core.TokenCredential Credential { get; set; } = null!;
        }

        namespace Azure.Extensions.AspNetCore.Configuration.Secrets
        {
            public class AzureKeyVaultConfigurationOptions { }
        }

        namespace Microsoft.Extensions.Configuration
        {
            public static class AzureKeyVaultConfigurationExtensions
            {
                public static IConfigurationBuilder AddAzureKeyVault(
                    this IConfigurationBuilder configurationBuilder, global::Azure.Security.KeyVault.Secrets.SecretClient client, global::Azure.Extensions.AspNetCore.Configuration.Secrets.AzureKeyVaultConfigurationOptions options)
                    => configurationBuilder;
            }
        }
        """;

    /// <summary>Microsoft.Extensions.Configuration.AzureAppConfiguration: AddAzureAppConfiguration(connectionString).</summary>
    public const string AppConfiguration = """

        namespace Microsoft.Extensions.Configuration
        {
            public static class AzureAppConfigurationExtensions
            {
                public static IConfigurationBuilder AddAzureAppConfiguration(this IConfigurationBuilder configurationBuilder, string? connectionString, bool optional = false)
                    => configurationBuilder;
            }
        }
        """;

    /// <summary>Orleans 3.x client: IClusterClient.Connect (Orleans 7+ connects when the host starts).</summary>
    public const string Orleans3 = """

        namespace Orleans
        {
            public interface IClusterClient : System.IDisposable
            {
                System.Threading.Tasks.Task Connect(System.Func<System.Exception, System.Threading.Tasks.Task<bool>>? retryFilter = null);
            }
        }
        """;
}
