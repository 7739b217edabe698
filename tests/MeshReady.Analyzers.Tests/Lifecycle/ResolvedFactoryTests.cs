using System.Threading.Tasks;
using MeshReady.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = MeshReady.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MeshReady.Analyzers.Lifecycle.StartupCallAnalyzer>;

namespace MeshReady.Analyzers.Tests.Lifecycle;

/// <summary>
/// Program.cs resolves a service whose DI factory connects (open-telemetry/opentelemetry-demo's cart, <c>054282e</c>
/// <c>src/cart/src/Program.cs</c>): the factory runs on the resolving statement, so that is where the report (and the
/// code fix's wait) belongs, not on the next statement that uses the connection.
/// </summary>
public class ResolvedFactoryTests
{
    private static readonly ReferenceAssemblies Redis = TestReferences.WithPackages(("StackExchange.Redis", "2.8.16"));

    private const string Cart = """
        using System;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.DependencyInjection;
        using StackExchange.Redis;

        var builder = WebApplication.CreateBuilder(args);
        var valkeyAddress = builder.Configuration["VALKEY_ADDR"] ?? "valkey-cart:6379";
        REGISTER
        var app = builder.Build();

        RESOLVE
        app.MapGet("/", () => "cart");
        app.Run();

        public interface ICartStore
        {
            void Initialize();
        }

        public sealed class ValkeyCartStore(string address) : ICartStore
        {
            private ConnectionMultiplexer? _redis;

            public void Initialize() => EnsureRedisConnected();

            public ConnectionMultiplexer GetConnection()
            {
                EnsureRedisConnected();
                return _redis!;
            }

            private void EnsureRedisConnected()
            {
                if (_redis is not null)
                {
                    return;
                }

                _redis = ConnectionMultiplexer.Connect(address + ",connectRetry=30");
            }
        }

        public sealed class InMemoryCartStore : ICartStore
        {
            public void Initialize() { }
        }
        """;

    private const string ValkeyFactory = """
        builder.Services.AddSingleton<ICartStore>(x =>
        {
            var store = new ValkeyCartStore(valkeyAddress);
            store.Initialize();
            return store;
        });
        """;

    private const string ResolveAndUse = """
        var cartStore = (ValkeyCartStore){|#0:app.Services.GetRequiredService<ICartStore>()|};
        Console.WriteLine(cartStore.GetConnection().ClientName);
        """;

    [Fact]
    public Task ResolvingAFactoryThatConnectsIsReportedWhereItResolves()
        => Verify.VerifyAsync(
            Cart.Replace("REGISTER", ValkeyFactory).Replace("RESOLVE", ResolveAndUse),
            editorConfig: null,
            references: Redis,
            Verify.Diagnostic("MESH030").WithLocation(0).WithArguments(
                "'GetRequiredService<ICartStore>' → 'the factory AddSingleton<ICartStore> registers' → 'ValkeyCartStore.Initialize' → 'ValkeyCartStore.EnsureRedisConnected' → 'ConnectionMultiplexer.Connect'",
                "at start-up in Program.cs",
                DeepLifecycleTests.CrashLoops));

    // GetService<T> runs the factory too; a method-group factory is followed like a lambda.
    [Fact]
    public Task GetServiceOfAMethodGroupFactoryIsReported()
        => Verify.VerifyAsync(
            Cart.Replace("REGISTER", "builder.Services.AddSingleton<ICartStore>(CreateStore);")
                .Replace("RESOLVE", "var store = {|#0:app.Services.GetService<ICartStore>()|};")
                .Replace("app.Run();", """
                    app.Run();

                    ICartStore CreateStore(IServiceProvider services)
                    {
                        var store = new ValkeyCartStore("valkey-cart:6379");
                        store.Initialize();
                        return store;
                    }
                    """),
            editorConfig: null,
            references: Redis,
            Verify.Diagnostic("MESH030").WithLocation(0).WithArguments(
                "'GetService<ICartStore>' → 'the factory AddSingleton<ICartStore> registers' → 'CreateStore' → 'ValkeyCartStore.Initialize' → 'ValkeyCartStore.EnsureRedisConnected' → 'ConnectionMultiplexer.Connect'",
                "at start-up in Program.cs",
                DeepLifecycleTests.CrashLoops));

    // ---- Negative ----

    // A factory that only builds an in-memory store does no I/O when resolved.
    [Fact]
    public Task ResolvingAFactoryWithoutIoIsSilent()
        => Verify.VerifyAsync(
            Cart.Replace("REGISTER", "builder.Services.AddSingleton<ICartStore>(_ => new InMemoryCartStore());")
                .Replace("RESOLVE", "var store = app.Services.GetRequiredService<ICartStore>();"),
            editorConfig: null,
            references: Redis);

    // The last registration of a service type is the one resolved: here the in-memory store, whose constructor does nothing.
    [Fact]
    public Task ALaterRegistrationReplacesTheConnectingFactory()
        => Verify.VerifyAsync(
            Cart.Replace("REGISTER", ValkeyFactory + "\nbuilder.Services.AddSingleton<ICartStore, InMemoryCartStore>();")
                .Replace("RESOLVE", "var store = app.Services.GetRequiredService<ICartStore>();"),
            editorConfig: null,
            references: Redis);

    // Resolved per request in an endpoint handler: first use, not start-up.
    [Fact]
    public Task ResolvingInAnEndpointHandlerIsSilent()
        => Verify.VerifyAsync(
            Cart.Replace("REGISTER", ValkeyFactory)
                .Replace("RESOLVE", """app.MapGet("/cart", (IServiceProvider services) => services.GetRequiredService<ICartStore>().ToString());"""),
            editorConfig: null,
            references: Redis);

    // ---- Outside Program.cs: Startup.Configure and an IStartupFilter resolve the service before the app serves ----

    private const string Ledger = """
        public interface ILedger
        {
        }

        public sealed class Ledger(System.Net.Sockets.TcpClient connection) : ILedger
        {
        }
        """;

    [Fact]
    public Task StartupConfigureResolvingAConnectingFactoryIsReportedThere()
        => Verify.VerifyAsync("""
            using System.Net.Sockets;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;

            Host.CreateDefaultBuilder(args).ConfigureWebHostDefaults(web => web.UseStartup<Startup>()).Build().Run();

            public sealed class Startup
            {
                public void ConfigureServices(IServiceCollection services)
                {
                    services.AddRouting();
                    services.AddSingleton<ILedger>(sp => new Ledger(new TcpClient("ledger.finance", 7000)));
                }

                public void Configure(IApplicationBuilder app)
                {
                    var ledger = {|#0:app.ApplicationServices.GetRequiredService<ILedger>()|};
                    app.UseRouting();
                }
            }
            """ + Ledger,
            editorConfig: null,
            references: null,
            Verify.Diagnostic("MESH030").WithLocation(0).WithArguments(
                "'GetRequiredService<ILedger>' → 'the factory AddSingleton<ILedger> registers' → 'new TcpClient(host, port)'",
                "at start-up in Startup.Configure",
                DeepLifecycleTests.CrashLoops));

    [Fact]
    public Task StartupFilterResolvingAFactoryRegisteredInProgramIsReportedThere()
        => Verify.VerifyAsync("""
            using System;
            using System.Net.Sockets;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;
            using Microsoft.Extensions.DependencyInjection;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddSingleton<ILedger>(sp => new Ledger(new TcpClient("ledger.finance", 7000)));
            builder.Services.AddTransient<IStartupFilter, LedgerWarmupFilter>();
            var app = builder.Build();
            app.Run();

            public sealed class LedgerWarmupFilter(IServiceProvider services) : IStartupFilter
            {
                public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next)
                {
                    _ = {|#0:services.GetRequiredService<ILedger>()|};
                    return next;
                }
            }
            """ + Ledger,
            editorConfig: null,
            references: null,
            Verify.Diagnostic("MESH030").WithLocation(0).WithArguments(
                "'GetRequiredService<ILedger>' → 'the factory AddSingleton<ILedger> registers' → 'new TcpClient(host, port)'",
                "at start-up in LedgerWarmupFilter.Configure",
                DeepLifecycleTests.CrashLoops));

    // Registered by implementation type (the container builds Ledger, whose constructor makes no call), or a factory that
    // makes no call: nothing to report at the resolve.
    [Theory]
    [InlineData("services.AddSingleton<ILedger, Ledger>();")]
    [InlineData("services.AddSingleton<ILedger>(sp => new Ledger(new TcpClient()));")]
    public Task StartupConfigureResolvingAServiceWithoutAConnectingFactoryIsSilent(string register)
        => Verify.VerifyAsync("""
            using System.Net.Sockets;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;

            public sealed class Startup
            {
                public void ConfigureServices(IServiceCollection services)
                {
                    services.AddSingleton(new TcpClient());
                    REGISTER
                }

                public void Configure(IApplicationBuilder app)
                {
                    var ledger = app.ApplicationServices.GetRequiredService<ILedger>();
                }
            }
            """.Replace("REGISTER", register) + Ledger,
            editorConfig: null,
            references: null);
}
