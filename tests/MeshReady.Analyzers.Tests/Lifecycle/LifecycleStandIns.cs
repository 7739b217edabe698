namespace MeshReady.Analyzers.Tests.Lifecycle;

/// <summary>
/// Source snippets appended to test programs. Client libraries these tests do not reference as packages
/// are declared as minimal stand-ins with their real namespaces and names; the analyzers match them by
/// metadata name exactly as they match the real assemblies.
/// </summary>
internal static class LifecycleStandIns
{
    /// <summary>
    /// EF Core (DbContext, Database.Migrate/MigrateAsync/EnsureCreated, AddDbContext). Microsoft.EntityFrameworkCore
    /// 8.0.30 restores from the feed, but resolving it from many tests at once on a cold cache was flaky, so the
    /// tests declare the members they use with EF Core's own namespaces and names.
    /// </summary>
    public const string EfCore = """

        namespace Microsoft.EntityFrameworkCore
        {
            public class DbContext : System.IDisposable, System.IAsyncDisposable
            {
                public Infrastructure.DatabaseFacade Database { get; } = new Infrastructure.DatabaseFacade();
                public int SaveChanges() => 0;
                public void Dispose() { }
                public System.Threading.Tasks.ValueTask DisposeAsync() => default;
            }

            public static class RelationalDatabaseFacadeExtensions
            {
                public static void Migrate(this Infrastructure.DatabaseFacade database) { }
                public static System.Threading.Tasks.Task MigrateAsync(this Infrastructure.DatabaseFacade database, System.Threading.CancellationToken cancellationToken = default)
                    => System.Threading.Tasks.Task.CompletedTask;
            }
        }

        namespace Microsoft.EntityFrameworkCore.Infrastructure
        {
            public class DatabaseFacade
            {
                public bool EnsureCreated() => true;
            }
        }

        namespace Microsoft.Extensions.DependencyInjection
        {
            public static class EntityFrameworkServiceCollectionExtensions
            {
                public static IServiceCollection AddDbContext<TContext>(this IServiceCollection services)
                    where TContext : Microsoft.EntityFrameworkCore.DbContext => services;
            }
        }
        """;

    /// <summary>
    /// Stand-in for the generated helpers: the MeshReady source generator writes the real MeshProxy and
    /// AddMeshReadiness into the user's compilation; these declare the same members so fixed code compiles.
    /// </summary>
    public const string MeshProxy = """

        namespace MeshReady
        {
            internal static class MeshProxy
            {
                public static System.Threading.Tasks.Task<bool> WaitUntilReadyAsync(System.TimeSpan? timeout = null, System.Threading.CancellationToken cancellationToken = default)
                    => System.Threading.Tasks.Task.FromResult(true);

                public static System.Threading.Tasks.Task<bool> QuitAsync(System.Threading.CancellationToken cancellationToken = default)
                    => System.Threading.Tasks.Task.FromResult(true);
            }

            internal sealed class MeshReadinessOptions
            {
                public bool QuitSidecarOnStop { get; set; }
            }

            internal static class MeshReadinessServiceCollectionExtensions
            {
                public static Microsoft.Extensions.DependencyInjection.IServiceCollection AddMeshReadiness(
                    this Microsoft.Extensions.DependencyInjection.IServiceCollection services, System.Action<MeshReadinessOptions>? configure = null)
                    => services;
            }
        }
        """;

    /// <summary>StackExchange.Redis: ConnectionMultiplexer.Connect/ConnectAsync.</summary>
    public const string Redis = """

        namespace StackExchange.Redis
        {
            public interface IConnectionMultiplexer { }

            public sealed class ConnectionMultiplexer : IConnectionMultiplexer
            {
                public static ConnectionMultiplexer Connect(string configuration) => new ConnectionMultiplexer();
                public static System.Threading.Tasks.Task<ConnectionMultiplexer> ConnectAsync(string configuration) => System.Threading.Tasks.Task.FromResult(new ConnectionMultiplexer());
            }
        }
        """;

    /// <summary>RabbitMQ.Client 6/7: ConnectionFactory.CreateConnection/CreateConnectionAsync.</summary>
    public const string RabbitMq = """

        namespace RabbitMQ.Client
        {
            public interface IConnection : System.IDisposable { }

            public interface IConnectionFactory
            {
                IConnection CreateConnection();
            }

            public sealed class ConnectionFactory : IConnectionFactory
            {
                public string HostName { get; set; } = "localhost";
                public IConnection CreateConnection() => null!;
                public System.Threading.Tasks.Task<IConnection> CreateConnectionAsync(System.Threading.CancellationToken cancellationToken = default) => System.Threading.Tasks.Task.FromResult<IConnection>(null!);
            }
        }
        """;

    /// <summary>A gRPC generated client (Grpc.Core.ClientBase&lt;T&gt;).</summary>
    public const string GrpcPricing = """

        namespace Grpc.Core
        {
            public abstract class ClientBase { }
            public abstract class ClientBase<T> : ClientBase where T : ClientBase<T> { }
        }

        namespace Pricing.V1
        {
            public sealed class PriceListRequest { }
            public sealed class PriceList { }

            public sealed class PricingClient : Grpc.Core.ClientBase<PricingClient>
            {
                public System.Threading.Tasks.Task<PriceList> GetPriceListAsync(PriceListRequest request) => System.Threading.Tasks.Task.FromResult(new PriceList());
            }
        }
        """;
}
