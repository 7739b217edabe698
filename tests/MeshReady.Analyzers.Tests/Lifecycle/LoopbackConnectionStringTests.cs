using System.Threading.Tasks;
using MeshReady.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Shutdown = MeshReady.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MeshReady.Analyzers.Lifecycle.ShutdownIoAnalyzer>;
using Startup = MeshReady.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MeshReady.Analyzers.Lifecycle.StartupCallAnalyzer>;

namespace MeshReady.Analyzers.Tests.Lifecycle;

/// <summary>
/// An ADO.NET connection built on a constant connection string that names only loopback hosts talks to a database in the
/// pod (or on the developer's machine): iptables leaves loopback traffic alone, so the sidecar is never on that path.
/// dotnetcore/CAP's <c>Sample.RabbitMQ.SqlServer</c> (e52b850) seeds its table so before <c>AddCap</c>; it was reported.
/// The same code on a cluster host, or on a connection string read from configuration, still is.
/// </summary>
public class LoopbackConnectionStringTests
{
    private static readonly ReferenceAssemblies SqlClient = TestReferences.WithPackages(
        ("Dapper", "2.1.66"), ("Microsoft.Data.SqlClient", "5.2.2"), ("Microsoft.Extensions.Hosting", "8.0.0"));

    // CAP samples/Sample.RabbitMQ.SqlServer/Program.cs, trimmed: the schema is created before the host is built.
    private const string CapSample = """
        using Dapper;
        using Microsoft.Data.SqlClient;
        using Microsoft.Extensions.Hosting;

        var builder = Host.CreateApplicationBuilder(args);

        await using (var connection = new SqlConnection(AppDbContext.ConnectionString))
        {
            await CALL;
        }

        builder.Build().Run();

        public class AppDbContext
        {
            public const string ConnectionString = "CONNECTION";
        }
        """;

    private const string Ddl = "connection.ExecuteAsync(\"CREATE TABLE [dbo].[Persons] ([Id] int IDENTITY(1,1) NOT NULL)\")";

    [Theory]
    [InlineData("Server=127.0.0.1;Database=tempdb;User Id=sa;Password=yourStrong(!)Password;TrustServerCertificate=True")]
    [InlineData("Data Source=localhost,1433;Initial Catalog=cap;Integrated Security=False")]
    [InlineData("Server=tcp:[::1],1433;Database=cap")]
    public Task LoopbackConnectionStringIsNotReported(string connectionString)
        => Startup.VerifyAsync(
            CapSample.Replace("CALL", Ddl).Replace("CONNECTION", connectionString),
            editorConfig: null,
            SqlClient);

    [Fact]
    public Task LoopbackConnectionOpenedByHandIsNotReported()
        => Startup.VerifyAsync(
            CapSample.Replace("CALL", "connection.OpenAsync()").Replace("CONNECTION", "Server=localhost;Database=cap"),
            editorConfig: null,
            SqlClient);

    [Theory]
    [InlineData("Server=db;Database=master;User=sa;Password=P@ssw0rd;Encrypt=False")]
    [InlineData("Server=sqldata.eshop.svc.cluster.local;Database=cap")]
    public Task ClusterConnectionStringIsStillReported(string connectionString)
        => Startup.VerifyAsync(
            CapSample.Replace("CALL", "{|MESH030:" + Ddl + "|}").Replace("CONNECTION", connectionString),
            editorConfig: null,
            SqlClient);

    [Fact]
    public Task ConnectionStringFromConfigurationIsStillReported()
        => Startup.VerifyAsync(
            """
            using Dapper;
            using Microsoft.Data.SqlClient;
            using Microsoft.Extensions.Configuration;
            using Microsoft.Extensions.Hosting;

            var builder = Host.CreateApplicationBuilder(args);

            await using (var connection = new SqlConnection(builder.Configuration.GetConnectionString("Cap")))
            {
                await {|MESH030:connection.ExecuteAsync("CREATE TABLE [dbo].[Persons] ([Id] int NOT NULL)")|};
            }

            builder.Build().Run();
            """,
            editorConfig: null,
            SqlClient);

    // After Run returns: the same rule at shutdown.
    [Fact]
    public Task LoopbackConnectionAfterRunIsNotReportedAtShutdown()
        => Shutdown.VerifyAsync(
            """
            using Dapper;
            using Microsoft.Data.SqlClient;
            using Microsoft.Extensions.Hosting;

            var host = Host.CreateApplicationBuilder(args).Build();
            host.Run();

            await using var connection = new SqlConnection("Server=127.0.0.1;Database=cap");
            await connection.ExecuteAsync("DELETE FROM [cap].[Lock]");
            """,
            editorConfig: null,
            SqlClient);

    [Fact]
    public Task ClusterConnectionAfterRunIsReportedAtShutdown()
        => Shutdown.VerifyAsync(
            """
            using Dapper;
            using Microsoft.Data.SqlClient;
            using Microsoft.Extensions.Hosting;

            var host = Host.CreateApplicationBuilder(args).Build();
            host.Run();

            await using var connection = new SqlConnection("Server=db;Database=cap");
            await {|MESH031:connection.ExecuteAsync("DELETE FROM [cap].[Lock]")|};
            """,
            editorConfig: null,
            SqlClient);
}
