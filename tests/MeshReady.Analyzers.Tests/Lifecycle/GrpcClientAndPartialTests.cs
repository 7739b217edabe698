using System.Threading.Tasks;
using MeshReady.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = MeshReady.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MeshReady.Analyzers.Lifecycle.StartupCallAnalyzer>;

namespace MeshReady.Analyzers.Tests.Lifecycle;

/// <summary>
/// Building a generated gRPC client is not an RPC (its constructor's <c>: base(invoker)</c> only stores the invoker), calling
/// it is; and a partial method is followed into its implementing part (calls bind to the defining part, which has no body).
/// </summary>
public class GrpcClientAndPartialTests
{
    private static readonly ReferenceAssemblies Grpc = TestReferences.WithPackages(("Grpc.Net.Client", "2.65.0"));

    // The client as Grpc.Tools generates it into the compilation (obj/…/PricesGrpc.cs).
    private const string GeneratedClient = """

        namespace Pricing
        {
            public sealed class PriceRequest { }
            public sealed class PriceReply { }

            public static partial class Prices
            {
                public partial class PricesClient : Grpc.Core.ClientBase<PricesClient>
                {
                    public PricesClient(Grpc.Core.ChannelBase channel) : base(channel) { }
                    public PricesClient(Grpc.Core.CallInvoker callInvoker) : base(callInvoker) { }
                    protected PricesClient() : base() { }
                    protected PricesClient(ClientBaseConfiguration configuration) : base(configuration) { }
                    protected override PricesClient NewInstance(ClientBaseConfiguration configuration) => new PricesClient(configuration);
                    public virtual Grpc.Core.AsyncUnaryCall<PriceReply> GetPriceAsync(PriceRequest request, Grpc.Core.CallOptions options)
                        => CallInvoker.AsyncUnaryCall<PriceRequest, PriceReply>(null!, null, options, request);
                }
            }
        }
        """;

    [Fact]
    public Task BuildingAGeneratedClientAtStartUpIsSilent()
        => Verify.VerifyAsync("""
            using Grpc.Net.Client;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;
            using Pricing;

            var builder = WebApplication.CreateBuilder(args);
            var channel = GrpcChannel.ForAddress("http://pricing.shop:8080");
            var prices = new Prices.PricesClient(channel);
            builder.Services.AddSingleton(prices);
            var app = builder.Build();
            app.Run();
            """ + GeneratedClient,
            editorConfig: null,
            references: Grpc);

    // Calling it is still an RPC.
    [Fact]
    public Task CallingAGeneratedClientAtStartUpIsReported()
        => Verify.VerifyAsync("""
            using Grpc.Net.Client;
            using Microsoft.AspNetCore.Builder;
            using Pricing;

            var app = WebApplication.Create(args);
            var prices = new Prices.PricesClient(GrpcChannel.ForAddress("http://pricing.shop:8080"));
            var warm = await {|#0:prices.GetPriceAsync(new PriceRequest(), default)|};
            app.Run();
            """ + GeneratedClient,
            editorConfig: null,
            references: Grpc,
            Verify.Diagnostic("MESH030").WithLocation(0)
                .WithArguments("'PricesClient.GetPriceAsync'", "at start-up in Program.cs", DeepLifecycleTests.CrashLoops));

    // The user's own partial part of a generated client: a helper that only builds a request is no RPC; one that calls an
    // RPC is followed into it, and the chain names both.
    private const string UsersPart = """

        namespace Pricing
        {
            public static partial class Prices
            {
                public partial class PricesClient
                {
                    public PriceRequest RequestFor(string sku) => new PriceRequest();

                    public async System.Threading.Tasks.Task<PriceReply> PriceOfAsync(string sku)
                        => await GetPriceAsync(RequestFor(sku), default);
                }
            }
        }
        """;

    [Fact]
    public Task AHelperInTheUsersPartialPartIsNoRpc()
        => Verify.VerifyAsync("""
            using Grpc.Net.Client;
            using Microsoft.AspNetCore.Builder;
            using Pricing;

            var app = WebApplication.Create(args);
            var prices = new Prices.PricesClient(GrpcChannel.ForAddress("http://pricing.shop:8080"));
            var request = prices.RequestFor("sku-1");
            app.Run();
            """ + GeneratedClient + UsersPart,
            editorConfig: null,
            references: Grpc);

    [Fact]
    public Task AHelperInTheUsersPartialPartThatCallsAnRpcIsFollowed()
        => Verify.VerifyAsync("""
            using Grpc.Net.Client;
            using Microsoft.AspNetCore.Builder;
            using Pricing;

            var app = WebApplication.Create(args);
            var prices = new Prices.PricesClient(GrpcChannel.ForAddress("http://pricing.shop:8080"));
            var warm = await {|#0:prices.PriceOfAsync("sku-1")|};
            app.Run();
            """ + GeneratedClient + UsersPart,
            editorConfig: null,
            references: Grpc,
            Verify.Diagnostic("MESH030").WithLocation(0)
                .WithArguments("'PricesClient.PriceOfAsync' → 'PricesClient.GetPriceAsync'", "at start-up in Program.cs", DeepLifecycleTests.CrashLoops));

    // A partial method (C# 9 extended partial methods; also what source generators implement) is followed into its body.
    [Fact]
    public Task PartialMethodIsFollowedIntoItsImplementation()
        => Verify.VerifyAsync("""
            using System.Net.Http;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Builder;

            var app = WebApplication.Create(args);
            await {|#0:CatalogSeeder.SeedAsync()|};
            app.Run();

            static partial class CatalogSeeder
            {
                public static partial Task SeedAsync();
            }

            static partial class CatalogSeeder
            {
                public static partial async Task SeedAsync()
                {
                    using var http = new HttpClient();
                    await http.GetStringAsync("http://catalog.shop/api/items");
                }
            }
            """,
            editorConfig: null,
            references: null,
            Verify.Diagnostic("MESH030").WithLocation(0)
                .WithArguments("'CatalogSeeder.SeedAsync' → 'HttpClient.GetStringAsync'", "at start-up in Program.cs", DeepLifecycleTests.CrashLoops));

    // A partial method whose implementation does no I/O stays silent.
    [Fact]
    public Task PartialMethodWithoutIoIsSilent()
        => Verify.VerifyAsync("""
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Builder;

            var app = WebApplication.Create(args);
            await CatalogSeeder.SeedAsync();
            app.Run();

            static partial class CatalogSeeder
            {
                public static partial Task SeedAsync();
                public static partial Task SeedAsync() => Task.Delay(1);
            }
            """,
            editorConfig: null,
            references: null);
}
