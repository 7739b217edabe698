using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MeshReady.Analyzers.Generation;
using MeshReady.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace MeshReady.Analyzers.Tests.Generation;

/// <summary>
/// The whole-program step (<see cref="WholeProgramFacts"/>) skips work that cannot change what it writes: it binds only
/// the bodies whose syntax can reach outbound I/O, a proxy wait, a pause or a sidecar quit, and leaves out the generated
/// helpers' own types. Each case runs the step and its reference walk (every member of every type, every body bound)
/// on the same compilation and requires the same <c>MeshReady.CallSummary</c> values and the same
/// <c>MeshReady.StartupCallsUnguarded</c>; each case also pins what the reference finds, so that a case that finds
/// nothing cannot pass by accident.
/// </summary>
public class WholeProgramEquivalenceTests
{
    private static readonly ReferenceAssemblies Packages = TestReferences.WithPackages(
        ("RabbitMQ.Client", "7.2.2"), ("Polly", "7.2.4"), ("Microsoft.EntityFrameworkCore.Relational", "8.0.30"), ("Grpc.Net.Client", "2.65.0"));

    private const string Usings = """
        using System;
        using System.Collections;
        using System.Collections.Generic;
        using System.Linq;
        using System.Net.Http;
        using System.Net.Sockets;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;

        """;

    // Catalogue I/O several calls deep, next to methods that wait, pause, quit, or do nothing.
    private const string DeepCalls = Usings + """
        namespace Shop;

        public static class Api
        {
            public static Task<string> LoadAsync() => Level1();
            private static Task<string> Level1() => Level2(new HttpClient());
            internal static Task<string> Level2(HttpClient http) => http.GetStringAsync("http://catalog/items");
            public static int Pure(int x) => x + 1;
            public static string Describe(string name) => Format(name) + Pure(1);
            private static string Format(string name) => name.Trim();
            public static async Task WaitThenLoadAsync() { await MeshReady.MeshProxy.WaitUntilReadyAsync(); await LoadAsync(); }
            public static async Task PauseThenLoadAsync() { await Task.Delay(100); await LoadAsync(); }
            public static async Task TickAsync(PeriodicTimer timer) { while (await timer.WaitForNextTickAsync()) { } }
            public static Task QuitAsync() => MeshReady.MeshProxy.QuitAsync();
            public static string WithLocal() { return Inner(); static string Inner() => new HttpClient().GetStringAsync("http://local/").Result; }
            public static Task<string> Loopback() => Level2Public("http://localhost:5000/health");
            public static Task<string> Level2Public(string url) => new HttpClient().GetStringAsync(url);
            public static Task<string> Recursive(int n) => n > 0 ? Recursive(n - 1) : LoadAsync();
            protected internal static Task Deep1() => Deep2();
            private static Task Deep2() => Deep3();
            private static Task Deep3() => Deep4();
            private static Task Deep4() => Deep5();
            private static Task Deep5() => Deep6();
            private static Task Deep6() => Deep7();
            private static Task Deep7() => Deep8();
            private static Task Deep8() => Deep9();
            private static Task Deep9() => new HttpClient().GetAsync("http://too-deep/");
            public static async Task ConnectAsync(string host) { using var tcp = new TcpClient(); await tcp.ConnectAsync(host, 9000); }
            public static TcpClient Open() { TcpClient client = new("inventory", 9000); return client; }
        }

        public static class Extensions
        {
            public static Task<string> FetchAsync(this HttpClient http, string path) => http.GetStringAsync("http://catalog/" + path);
            public static Task<string> Catalog(this string path) => new HttpClient().FetchAsync(path);
            public static T Echo<T>(T value) => value;
            public static Task<string> Generic<T>(T value) => new HttpClient().GetStringAsync("http://generic/" + value);
        }

        internal sealed class Hidden
        {
            public Task<string> LoadAsync() => Api.LoadAsync();
        }
        """;

    // Interfaces, abstract and virtual members, explicit implementations, property getters and indexers, across files.
    private static readonly string[] Dispatch =
    {
        Usings + """
        namespace Store;

        public interface IStore
        {
            Task SaveAsync(string item);
            string Name { get; }
            string this[int index] { get; }
            Task DropAsync();
        }

        public abstract class Repository
        {
            public abstract Task RunAsync();
            public virtual Task PingAsync() => Task.CompletedTask;
            public Task Nothing() => Task.CompletedTask;
        }
        """,
        Usings + """
        namespace Store;

        public sealed class HttpStore : IStore
        {
            private readonly HttpClient _http = new();
            public Task SaveAsync(string item) => _http.PostAsync("http://store/items", new StringContent(item));
            public string Name => _http.GetStringAsync("http://store/name").Result;
            public string this[int index] => _http.GetStringAsync("http://store/items/" + index).Result;
            public Task DropAsync() => Task.CompletedTask;
        }

        public sealed class ExplicitStore : IStore
        {
            Task IStore.SaveAsync(string item) => Task.CompletedTask;
            string IStore.Name => "explicit";
            string IStore.this[int index] => "";
            Task IStore.DropAsync() => new HttpClient().DeleteAsync("http://store/all");
        }
        """,
        Usings + """
        namespace Store;

        public class SqlRepository : Repository
        {
            public override Task RunAsync() => new HttpClient().GetAsync("http://sql-proxy/run");
            public override Task PingAsync() => new HttpClient().GetAsync("http://sql-proxy/ping");
        }

        public static class Use
        {
            public static Task Save(IStore store) => store.SaveAsync("a");
            public static string Read(IStore store) => store.Name;
            public static string Index(IStore store) => store[1];
            public static Task Drop(IStore store) => store.DropAsync();
            public static Task Run(Repository repository) => repository.RunAsync();
            public static Task Ping(Repository repository) => repository.PingAsync();
            public static Task Nothing(Repository repository) => repository.Nothing();
        }
        """,
    };

    // A client as Grpc.Tools generates it (a partial class on ClientBase<T>), with a second part that declares more.
    private static readonly string[] Grpc =
    {
        """
        using Grpc.Core;

        namespace Pricing;

        public sealed class PriceRequest { }
        public sealed class PriceReply { }

        public static partial class Prices
        {
            public partial class PricesClient : ClientBase<PricesClient>
            {
                public PricesClient(CallInvoker invoker) : base(invoker) { }
                protected PricesClient(ClientBaseConfiguration configuration) : base(configuration) { }
                protected override PricesClient NewInstance(ClientBaseConfiguration configuration) => new PricesClient(configuration);
                public virtual AsyncUnaryCall<PriceReply> GetPriceAsync(PriceRequest request, CallOptions options)
                    => CallInvoker.AsyncUnaryCall<PriceRequest, PriceReply>(null!, null, options, request);
            }
        }
        """,
        """
        namespace Pricing;

        public static partial class Prices
        {
            public partial class PricesClient
            {
                public PriceReply Cached() => new PriceReply();
            }
        }

        public static class Quotes
        {
            public static async System.Threading.Tasks.Task<PriceReply> QuoteAsync(Prices.PricesClient client) => await client.GetPriceAsync(new PriceRequest(), default);
            public static PriceReply Cached(Prices.PricesClient client) => client.Cached();
            public static string Name() => nameof(Prices.PricesClient);
        }
        """,
    };

    // Lambdas handed to runners (Task.Run, Polly, List.ForEach), method groups, and a lambda handed to a method here.
    private const string Runners = Usings + """
        using Polly;

        namespace Jobs;

        public static class Work
        {
            public static Task RunAsync() => Task.Run(() => new HttpClient().GetStringAsync("http://jobs/run"));
            public static void Retried() => Policy.Handle<Exception>().WaitAndRetry(10, _ => TimeSpan.FromSeconds(10)).Execute(() => Connect());
            public static void Detached() => Policy.Handle<Exception>().WaitAndRetry(3, _ => TimeSpan.FromSeconds(1)).Execute(async () => await new HttpClient().GetStringAsync("http://jobs/detached"));
            public static void Each(List<string> urls) => urls.ForEach(async url => await new HttpClient().GetStringAsync(url));
            public static Task Group() => Task.Run(ConnectAsync);
            public static Task Handed() => Twice(() => new HttpClient().GetStringAsync("http://jobs/handed"));
            public static Task NotRun() => Later(() => new HttpClient().GetStringAsync("http://jobs/later"));
            private static async Task Twice(Func<Task> action) { await action(); await action(); }
            private static Task Later(Func<Task> action) => Task.CompletedTask;
            private static void Connect() => new HttpClient().GetStringAsync("http://jobs/connect").Wait();
            private static Task ConnectAsync() => new HttpClient().GetStringAsync("http://jobs/connect");
        }
        """;

    // Implicit calls: collection initializers (Add), query expressions (Select), an alias for TcpClient.
    private const string Implicit = Usings + """
        using Tcp = System.Net.Sockets.TcpClient;

        namespace Odd;

        public sealed class Batch : IEnumerable<string>
        {
            public void Add(string item) => new HttpClient().PostAsync("http://batch/", new StringContent(item)).Wait();
            public IEnumerator<string> GetEnumerator() => Enumerable.Empty<string>().GetEnumerator();
            IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
        }

        public sealed class Remote<T>
        {
            public Remote<T> Select(Func<T, T> selector) { new HttpClient().GetStringAsync("http://remote/").Wait(); return this; }
        }

        public static class Uses
        {
            public static Batch Fill() => new Batch { "a", "b" };
            public static Remote<int> Query(Remote<int> source) => from x in source select x;
            public static Tcp Aliased() => new Tcp("inventory", 9000);
            public static List<int> Plain() => new() { 1, 2 };
        }
        """;

    // Constructors run by new T(…), target-typed new(…), : base(…) written or implied, : this(…), primary constructors.
    private const string Constructors = Usings + """
        namespace Build;

        public class Publisher { public Publisher() { new HttpClient().GetStringAsync("http://broker/").Wait(); } }
        public class Derived : Publisher { public Derived(int x) { } }
        public class Chained : Publisher { public Chained() : base() { } }
        public class ThisChained { public ThisChained() : this(1) { } public ThisChained(int x) { new HttpClient().GetStringAsync("http://this/").Wait(); } }
        public class NoConstructor : Publisher { }
        public class Primary(string url) : Publisher { public string Url => url; }
        public record Positional(string Url);
        public class Quiet { public Quiet() { } }

        public static class Factory
        {
            public static Publisher Make() => new Publisher();
            public static Publisher MakeTargetTyped() { Publisher publisher = new(); return publisher; }
            public static Derived MakeDerived() => new Derived(1);
            public static Chained MakeChained() => new();
            public static ThisChained MakeThis() => new ThisChained();
            public static NoConstructor MakeNoConstructor() => new NoConstructor();
            public static Primary MakePrimary() => new Primary("x");
            public static Positional MakePositional() => new Positional("x");
            public static Quiet MakeQuiet() => new Quiet();
        }
        """;

    // Catalogue types the step must find wherever they are declared: it reads each assembly's part of the catalogue on its
    // own (the project's, a referenced image's, a referenced compilation's) and keeps a referenced assembly's part for the
    // next compilation. Erase (Evolve, sealed: its member names are the seeds) and StoreOffset (Kafka's generic interface:
    // the entry's patterns are the seeds) are spelled by no other entry, so each case fails if that assembly's part is lost.
    private const string CatalogueCalls = Usings + """
        namespace Shop;

        public static class Maintenance
        {
            public static void Reset(EvolveDb.Evolve evolve) => evolve.Erase();
            public static void Mark(Confluent.Kafka.IConsumer<string, int> consumer) => consumer.StoreOffset();
            public static void Quiet(EvolveDb.Evolve evolve) => evolve.Describe();
        }
        """;

    private const string CatalogueTypes = """
        namespace EvolveDb
        {
            public sealed class Evolve { public void Erase() { } public void Describe() { } }
        }

        namespace Confluent.Kafka
        {
            public interface IConsumer<TKey, TValue> { void StoreOffset(); }
        }
        """;

    private static readonly string[] CatalogueExpected =
    {
        "M:Shop.Maintenance.Reset(EvolveDb.Evolve)|io|Maintenance.Reset>Evolve.Erase|",
        "M:Shop.Maintenance.Mark(Confluent.Kafka.IConsumer{System.String,System.Int32})|io|Maintenance.Mark>IConsumer.StoreOffset|",
    };

    // EF Core's query operators count only where DbSet<T> (generic: the type-name table lists it without its arity) is seen.
    private const string EfQueries = Usings + """
        using Microsoft.EntityFrameworkCore;

        namespace Shop;

        public sealed class Item { public int Id { get; set; } }

        public sealed class ShopContext : DbContext { public DbSet<Item> Items => Set<Item>(); }

        public static class Queries
        {
            public static Item? FirstItem(ShopContext db) => db.Items.FirstOrDefault();
            public static int Local(List<int> items) => items.First();
        }
        """;

    // Names a body spells in ways a scan of its file's text could miss: through an alias declared in another file, with a
    // \u escape, with a formatting character inside (the lexer drops it), and a target-typed new with a comment before its
    // parenthesis. Each file reaches through that spelling alone: a guard for any shortcut that reads names from text.
    private static readonly string[] Spellings =
    {
        "global using Pub = Build2.Publisher;\nnamespace Build2;\npublic class Publisher { public Publisher() { new System.Net.Http.HttpClient().GetStringAsync(\"http://broker/\").Wait(); } }\n"
            + "public class Conn { public Conn(string host, int port) { new System.Net.Http.HttpClient().GetStringAsync(\"http://\" + host).Wait(); } }\n"
            + "public static class Registry { public static void Register(Conn conn) { } }\n",
        "namespace Other2;\npublic static class Factory2 { public static object Make() => new Pub(); }\n",
        "namespace Odd2;\npublic static class Escaped\n{\n    public static System.Threading.Tasks.Task<string> Load() => new System.Net.Http.HttpClient().\\u0047etStringAsync(\"http://escaped/\");\n}\n",
        "namespace Odd2;\npublic static class Formatted\n{\n    public static System.Threading.Tasks.Task<string> Fetch() => new System.Net.Http.HttpClient().GetString\u200BAsync(\"http://formatted/\");\n}\n",
        "namespace Odd2;\npublic static class Wire\n{\n    public static void Go() => Build2.Registry.Register(new /* the inventory */ (\"inventory\", 9000));\n}\n",
    };

    public static TheoryData<string> LibraryCases => new()
    {
        "deep", "dispatch", "grpc", "runners", "implicit", "user-entries", "referenced-summaries", "constructors",
        "catalogue-in-source", "catalogue-in-image", "catalogue-in-compilation", "catalogue-twice", "ef-query", "spellings",
        "partial-methods",
    };

    [Theory]
    [MemberData(nameof(LibraryCases))]
    public async Task ALibraryWritesTheSameSummariesAsTheReferenceWalk(string name)
    {
        var (sources, userEntries, extra, expected) = name switch
        {
            "deep" => (new[] { DeepCalls }, ImmutableArray<string>.Empty, null, new[]
            {
                "M:Shop.Api.LoadAsync|io|Api.LoadAsync>Api.Level1>Api.Level2>HttpClient.GetStringAsync|",
                "M:Shop.Api.WaitThenLoadAsync|wait|",
                "M:Shop.Api.PauseThenLoadAsync|io,pause|Api.PauseThenLoadAsync>Api.LoadAsync>",
                "M:Shop.Api.TickAsync(System.Threading.PeriodicTimer)|pause|",
                "M:Shop.Api.QuitAsync|quit|",
                "M:Shop.Api.WithLocal|io|",
                "M:Shop.Api.Open|io|Api.Open>new TcpClient(host, port)|",
                "M:Shop.Hidden.LoadAsync|io|",
                "M:Shop.Api.Recursive(System.Int32)|io|",
                "M:Shop.Extensions.Catalog(System.String)|io|",
                "M:Shop.Extensions.Generic``1(``0)|io|",
            }),
            "dispatch" => (Dispatch, ImmutableArray<string>.Empty, null, new[]
            {
                "M:Store.IStore.SaveAsync(System.String)|io|IStore.SaveAsync>HttpStore.SaveAsync>HttpClient.PostAsync|",
                "M:Store.IStore.DropAsync|io|IStore.DropAsync>ExplicitStore.DropAsync>HttpClient.DeleteAsync|",
                "M:Store.Use.Read(Store.IStore)|io|",
                "M:Store.Use.Index(Store.IStore)|io|",
                "M:Store.Use.Ping(Store.Repository)|io|",
                "M:Store.Repository.RunAsync|io|",
            }),
            "grpc" => (Grpc, ImmutableArray<string>.Empty, null, new[]
            {
                "M:Pricing.Quotes.QuoteAsync(Pricing.Prices.PricesClient)|io|Quotes.QuoteAsync>PricesClient.GetPriceAsync|",
            }),
            "runners" => (new[] { Runners }, ImmutableArray<string>.Empty, null, new[]
            {
                "M:Jobs.Work.RunAsync|io|",
                "M:Jobs.Work.Detached|io|",
                "M:Jobs.Work.Each(System.Collections.Generic.List{System.String})|io|",
                "M:Jobs.Work.Group|io|",
                "M:Jobs.Work.Handed|io|",
                "M:Jobs.Work.Retried|||||io|Work.Retried>Policy.Execute>Work.Connect>HttpClient.GetStringAsync|",
            }),
            "implicit" => (new[] { Implicit }, ImmutableArray<string>.Empty, null, new[]
            {
                "M:Odd.Batch.Add(System.String)|io|",
                "M:Odd.Uses.Aliased|io|",
            }),
            "user-entries" => (new[] { UserEntryCode }, ImmutableArray.Create("Acme.Billing.Gateway", "Acme.Ledger.Book.Post", "Acme.Billing.Outer.Inner", "Acme.Billing.Repo", "Acme.Billing.LocalGateway"),
                await VendorLibraryAsync(), new[]
                {
                    "M:Shop.Billing.Charge(Acme.Billing.Gateway)|io|Billing.Charge>Gateway.Charge|",
                    "M:Shop.Billing.Post(Acme.Ledger.Book)|io|Billing.Post>Book.Post|",
                    "M:Shop.Billing.Nested(Acme.Billing.Outer.Inner)|io|Billing.Nested>Inner.Send|",
                    "M:Shop.Billing.Generic(Acme.Billing.Repo{System.Int32})|io|Billing.Generic>Repo.Find|",
                    "M:Shop.Billing.Local(Acme.Billing.LocalGateway)|io|Billing.Local>LocalGateway.Send|",
                }),
            "referenced-summaries" => (new[] { ReferencedSummariesCode }, ImmutableArray<string>.Empty, await SummarisedLibraryAsync(), new[]
            {
                "M:Shop.Startup.LoadAsync|io|Startup.LoadAsync>Config.LoadAsync>HttpClient.GetStringAsync|",
                "M:Shop.Startup.Wait|wait|",
            }),
            "constructors" => (new[] { Constructors }, ImmutableArray<string>.Empty, null, new[]
            {
                "M:Build.Factory.Make|io|Factory.Make>new Publisher>HttpClient.GetStringAsync|",
                "M:Build.Factory.MakeTargetTyped|io|",
                "M:Build.Factory.MakeDerived|io|",
                "M:Build.Factory.MakeChained|io|",
                "M:Build.Factory.MakeThis|io|",
            }),
            "spellings" => (Spellings, ImmutableArray<string>.Empty, null, new[]
            {
                "M:Other2.Factory2.Make|io|",
                "M:Odd2.Escaped.Load|io|",
                "M:Odd2.Formatted.Fetch|io|",
                "M:Odd2.Wire.Go|io|",
            }),
            // Callers bind to a partial method's defining part (no body); its implementing part, in another file, reaches.
            "partial-methods" => (new[]
            {
                Usings + "namespace Parts;\npublic static partial class Config\n{\n    public static partial Task<string> LoadAsync();\n    public static Task<string> Outer() => LoadAsync();\n}",
                Usings + "namespace Parts;\npublic static partial class Config\n{\n    public static partial Task<string> LoadAsync() => new HttpClient().GetStringAsync(\"http://config/\");\n}",
            }, ImmutableArray<string>.Empty, null, new[]
            {
                "M:Parts.Config.LoadAsync|io|Config.LoadAsync>HttpClient.GetStringAsync|",
                "M:Parts.Config.Outer|io|Config.Outer>Config.LoadAsync>HttpClient.GetStringAsync|",
            }),
            "catalogue-in-source" => (new[] { CatalogueCalls, CatalogueTypes }, ImmutableArray<string>.Empty, null, CatalogueExpected),
            "catalogue-in-image" => (new[] { CatalogueCalls }, ImmutableArray<string>.Empty, await EmitAsync("Vendor.Clients", CatalogueTypes, realBuild: false), CatalogueExpected),
            "catalogue-in-compilation" => (new[] { CatalogueCalls }, ImmutableArray<string>.Empty, await CompilationReferenceAsync("Vendor.Clients", CatalogueTypes), CatalogueExpected),
            "ef-query" => (new[] { EfQueries }, ImmutableArray<string>.Empty, null, new[] { "M:Shop.Queries.FirstItem(Shop.ShopContext)|io|" }),
            "catalogue-twice" => (new[] { CatalogueCalls }, ImmutableArray<string>.Empty, await EmitAsync("Vendor.Clients", CatalogueTypes, realBuild: false), CatalogueExpected),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };

        var compilation = await CompileAsync(sources, OutputKind.DynamicallyLinkedLibrary, extra);
        if (name == "catalogue-twice")
        {
            // A second compilation with the same reference gets the same assembly symbol, and its kept part.
            var first = await CompileAsync(new[] { Usings + "namespace Other; public static class Nothing { public static int One() => 1; }" }, OutputKind.DynamicallyLinkedLibrary, extra);
            _ = Both(first, userEntries);
            Assert.Same(
                first.SourceModule.ReferencedAssemblySymbols.Single(assembly => assembly.Name == "Vendor.Clients"),
                compilation.SourceModule.ReferencedAssemblySymbols.Single(assembly => assembly.Name == "Vendor.Clients"));
        }

        var (facts, reference) = Both(compilation, userEntries);

        Assert.Equal(reference.Summaries.ToArray(), facts.Summaries.ToArray());
        Assert.Equal(reference.Factories.ToArray(), facts.Factories.ToArray());
        foreach (var prefix in expected)
        {
            Assert.True(
                reference.Summaries.Any(summary => summary.StartsWith(prefix, StringComparison.Ordinal)),
                "No summary starts with " + prefix + ":" + Environment.NewLine + string.Join(Environment.NewLine, reference.Summaries));
        }

        // What reaches nothing (or only I/O beyond the budget) has no entry.
        Assert.DoesNotContain(reference.Summaries, summary => summary.Contains(".Pure", StringComparison.Ordinal) || summary.Contains("Nothing", StringComparison.Ordinal)
            || summary.Contains("NotRun", StringComparison.Ordinal) || summary.Contains("Plain", StringComparison.Ordinal) || summary.Contains("Describe", StringComparison.Ordinal)
            || summary.Contains("Loopback", StringComparison.Ordinal) || summary.Contains("Deep1", StringComparison.Ordinal) 
            || summary.Contains("Peek", StringComparison.Ordinal) || summary.Contains("Quiet", StringComparison.Ordinal)
            || summary.Contains("Positional", StringComparison.Ordinal) || summary.Contains("Queries.Local(", StringComparison.Ordinal)

            // A method of the user's own partial part of a generated gRPC client (Cached) is no RPC: only the part Grpc.Tools writes holds stubs.
            || summary.StartsWith("M:Pricing.Quotes.Cached", StringComparison.Ordinal));
    }

    private const string UserEntryCode = Usings + """
        namespace Shop
        {
            public static class Billing
            {
                public static void Charge(Acme.Billing.Gateway gateway) => gateway.Charge(10);
                public static void Post(Acme.Ledger.Book book) => book.Post();
                public static void Peek(Acme.Ledger.Book book) => book.Peek();
                public static void Nested(Acme.Billing.Outer.Inner inner) => inner.Send();
                public static object Generic(Acme.Billing.Repo<int> repo) => repo.Find(1);
                public static void Local(Acme.Billing.LocalGateway gateway) => gateway.Send();
            }
        }

        namespace Acme.Billing
        {
            public class LocalGateway { public void Send() { } }
        }
        """;

    // The vendor's SDK, a referenced assembly (no MeshReady); LocalGateway is declared in the project itself.
    private static Task<MetadataReference> VendorLibraryAsync() => EmitAsync("Acme.Sdk", """
        namespace Acme.Billing
        {
            public class Gateway { public void Charge(int amount) { } }
            public class Outer { public class Inner { public void Send() { } } }
            public class Repo<T> { public T Find(T key) => key; }
        }

        namespace Acme.Ledger
        {
            public class Book { public void Post() { } public void Peek() { } }
        }
        """, realBuild: false);

    private const string ReferencedSummariesCode = Usings + """
        namespace Shop;

        public static class Startup
        {
            public static Task<string> LoadAsync() => Shared.Config.LoadAsync();
            public static Task Wait() => Shared.Config.ReadyAsync();
            public static string Name() => Shared.Config.Name();
        }
        """;

    // A library built with MeshReady in a real build: its call summaries are assembly metadata.
    private static Task<MetadataReference> SummarisedLibraryAsync() => EmitAsync("Shared", Usings + """
        namespace Shared;

        public static class Config
        {
            public static Task<string> LoadAsync() => new HttpClient().GetStringAsync("http://config-server/app");
            public static async Task ReadyAsync() { await MeshReady.MeshProxy.WaitUntilReadyAsync(); await LoadAsync(); }
            public static string Name() => "config";
        }
        """, realBuild: true);

    private static readonly string WorkerHost = Usings + """
        var builder = Host.CreateApplicationBuilder(args);
        builder.Services.AddHostedService<Worker>();
        builder.Build().Run();

        """;

    public static TheoryData<string, bool> ApplicationCases => new()
    {
        { "top-level-io", true },
        { "top-level-waits-first", false },
        { "top-level-after-run", false },
        { "top-level-nothing", false },
        { "main-method", true },
        { "hosted-start", true },
        { "hosted-start-with-readiness", false },
        { "hosted-constructor", true },
        { "hosted-field-initializer", true },
        { "hosted-primary-constructor", true },
        { "background-first-pass", true },
        { "background-after-delay", false },
        { "startup-class", true },
        { "interface-across-files", true },
        { "property-getter", true },
        { "polly-covers", false },
        { "polly-async-void", true },
        { "task-run-method-group", true },
        { "grpc-client", true },
        { "grpc-client-users-part", false },
        { "implicit-tcp", true },
        { "user-entry", true },
        { "referenced-summary", true },
        { "referenced-summary-waits", false },
        { "constructor-chain", true },
        { "waits-named-with-escapes", false },
        { "waits-named-with-formatting-characters", false },
        { "waits-through-using-static", false },
        { "readiness-named-with-escapes", false },
        { "hosted-lifecycle-starting", true },
        { "startup-filter", true },
    };

    [Theory]
    [MemberData(nameof(ApplicationCases))]
    public async Task AnApplicationWritesTheSameStartupFactAsTheReferenceWalk(string name, bool unguarded)
    {
        MetadataReference? extra = null;
        var userEntries = ImmutableArray<string>.Empty;
        string[] sources = name switch
        {
            "top-level-io" => new[] { Usings + "var http = new HttpClient();\nawait http.GetStringAsync(\"http://config/\");\nHost.CreateApplicationBuilder(args).Build().Run();" },
            "top-level-waits-first" => new[] { Usings + "await MeshReady.MeshProxy.WaitUntilReadyAsync();\nawait new HttpClient().GetStringAsync(\"http://config/\");\nHost.CreateApplicationBuilder(args).Build().Run();" },
            "top-level-after-run" => new[] { Usings + "var app = Host.CreateApplicationBuilder(args).Build();\napp.Run();\nawait new HttpClient().PostAsync(\"http://registry/deregister\", null);" },
            "top-level-nothing" => new[] { Usings + "var app = Host.CreateApplicationBuilder(args).Build();\nConsole.WriteLine(Helpers.Name());\napp.Run();\nstatic class Helpers { public static string Name() => \"n\"; public static Task Io() => new HttpClient().GetStringAsync(\"http://unused/\"); }" },
            "main-method" => new[] { Usings + "namespace App;\n\npublic static class Program\n{\n    public static async Task Main(string[] args)\n    {\n        await Setup.InitAsync();\n        Host.CreateApplicationBuilder(args).Build().Run();\n    }\n}\n\ninternal static class Setup\n{\n    public static Task InitAsync() => new HttpClient().GetStringAsync(\"http://config/\");\n}" },
            "hosted-start" => new[] { WorkerHost + "public sealed class Worker : IHostedService\n{\n    public Task StartAsync(CancellationToken cancellationToken) => new HttpClient().GetStringAsync(\"http://catalog/\", cancellationToken);\n    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;\n}" },
            "hosted-start-with-readiness" => new[] { Usings + "var builder = Host.CreateApplicationBuilder(args);\nbuilder.Services.AddMeshReadiness();\nbuilder.Services.AddHostedService<Worker>();\nbuilder.Build().Run();\n\npublic sealed class Worker : IHostedService\n{\n    public Task StartAsync(CancellationToken cancellationToken) => new HttpClient().GetStringAsync(\"http://catalog/\", cancellationToken);\n    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;\n}" },
            "hosted-constructor" => new[] { WorkerHost + "public sealed class Worker : IHostedService\n{\n    private readonly string _config;\n    public Worker() => _config = Load();\n    private static string Load() => new HttpClient().GetStringAsync(\"http://config/\").Result;\n    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;\n    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;\n}" },
            "hosted-field-initializer" => new[] { WorkerHost + "public sealed class Worker : IHostedService\n{\n    private readonly Task<string> _config = new HttpClient().GetStringAsync(\"http://config/\");\n    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;\n    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;\n}" },
            "hosted-primary-constructor" => new[] { WorkerHost + "public sealed class Worker(HttpClient http) : IHostedService\n{\n    private Task<string> Config { get; } = http.GetStringAsync(\"http://config/\");\n    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;\n    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;\n}" },
            "background-first-pass" => new[] { WorkerHost + "public sealed class Worker : BackgroundService\n{\n    protected override async Task ExecuteAsync(CancellationToken stoppingToken)\n    {\n        await new HttpClient().GetStringAsync(\"http://catalog/\", stoppingToken);\n        while (!stoppingToken.IsCancellationRequested) { await Task.Delay(1000, stoppingToken); }\n    }\n}" },
            "background-after-delay" => new[] { WorkerHost + "public sealed class Worker : BackgroundService\n{\n    protected override async Task ExecuteAsync(CancellationToken stoppingToken)\n    {\n        await Task.Delay(1000, stoppingToken);\n        await new HttpClient().GetStringAsync(\"http://catalog/\", stoppingToken);\n    }\n}" },
            "startup-class" => new[] { Usings + "using Microsoft.AspNetCore.Builder;\nusing Microsoft.AspNetCore.Hosting;\n\nHost.CreateDefaultBuilder(args).ConfigureWebHostDefaults(web => web.UseStartup<Startup>()).Build().Run();\n\npublic class Startup\n{\n    public void ConfigureServices(IServiceCollection services) => new HttpClient().GetStringAsync(\"http://config/\").Wait();\n    public void Configure(IApplicationBuilder app) { }\n}" },
            "interface-across-files" => new[] { WorkerHost + "public sealed class Worker(Store.IStore store) : IHostedService\n{\n    public Task StartAsync(CancellationToken cancellationToken) => store.DropAsync();\n    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;\n}" }.Concat(Dispatch).ToArray(),
            "property-getter" => new[] { WorkerHost + "public sealed class Worker(Store.IStore store) : IHostedService\n{\n    public Task StartAsync(CancellationToken cancellationToken) { Console.WriteLine(store[2]); return Task.CompletedTask; }\n    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;\n}" }.Concat(Dispatch).ToArray(),
            "polly-covers" => new[] { Usings + "Jobs.Work.Retried();\nHost.CreateApplicationBuilder(args).Build().Run();", Runners },
            "polly-async-void" => new[] { Usings + "Jobs.Work.Detached();\nHost.CreateApplicationBuilder(args).Build().Run();", Runners },
            "task-run-method-group" => new[] { Usings + "await Jobs.Work.Group();\nHost.CreateApplicationBuilder(args).Build().Run();", Runners },
            "grpc-client" => new[] { WorkerHost + "public sealed class Worker(Pricing.Prices.PricesClient client) : IHostedService\n{\n    public Task StartAsync(CancellationToken cancellationToken) => client.GetPriceAsync(new Pricing.PriceRequest(), default).ResponseAsync;\n    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;\n}" }.Concat(Grpc).ToArray(),
            "grpc-client-users-part" => new[] { WorkerHost + "public sealed class Worker(Pricing.Prices.PricesClient client) : IHostedService\n{\n    public Task StartAsync(CancellationToken cancellationToken) { client.Cached(); return Task.CompletedTask; }\n    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;\n}" }.Concat(Grpc).ToArray(),
            "implicit-tcp" => new[] { Usings + "Odd.Uses.Fill();\nHost.CreateApplicationBuilder(args).Build().Run();", Implicit },
            "user-entry" => new[] { Usings + "new Acme.Billing.Outer.Inner().Send();\nHost.CreateApplicationBuilder(args).Build().Run();" },
            "referenced-summary" => new[] { Usings + "await Shared.Config.LoadAsync();\nHost.CreateApplicationBuilder(args).Build().Run();" },
            "constructor-chain" => new[] { WorkerHost + "public sealed class Worker : IHostedService\n{\n    private readonly Build.Derived _publisher = new(2);\n    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;\n    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;\n}", Constructors },
            "referenced-summary-waits" => new[] { Usings + "await Shared.Config.ReadyAsync();\nawait Shared.Config.LoadAsync();\nHost.CreateApplicationBuilder(args).Build().Run();" },

            // The generated helpers are added to the step's compilation only where code can name them (MayNameHelpers):
            // spelled with Unicode escapes or formatting characters (which the lexer drops), the wait and the registration
            // bind only with the helpers there, and each case's answer flips without them.
            "waits-named-with-escapes" => new[] { Usings + "await global::Mesh\\u0052eady.Mesh\\u0050roxy.\\u0057aitUntilReadyAsync();\nawait new HttpClient().GetStringAsync(\"http://config/\");\nHost.CreateApplicationBuilder(args).Build().Run();" },
            "waits-named-with-formatting-characters" => new[] { Usings + "await global::Mesh\u00ADReady.Mesh\u00ADProxy.WaitUntilReadyAsync();\nawait new HttpClient().GetStringAsync(\"http://config/\");\nHost.CreateApplicationBuilder(args).Build().Run();" },
            "waits-through-using-static" => new[] { "using static MeshReady.MeshProxy;\n" + Usings + "await WaitUntilReadyAsync();\nawait new HttpClient().GetStringAsync(\"http://config/\");\nHost.CreateApplicationBuilder(args).Build().Run();" },
            "readiness-named-with-escapes" => new[] { Usings + "var builder = Host.CreateApplicationBuilder(args);\nbuilder.Services.Add\\u004DeshReadiness();\nbuilder.Services.AddHostedService<Worker>();\nbuilder.Build().Run();\n\npublic sealed class Worker : IHostedService\n{\n    public Task StartAsync(CancellationToken cancellationToken) => new HttpClient().GetStringAsync(\"http://catalog/\", cancellationToken);\n    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;\n}" },

            // Start-up methods are picked by name before their symbols are asked for (LifecycleSymbols.IsStartupMethodName).
            "hosted-lifecycle-starting" => new[] { WorkerHost + "public sealed class Worker : IHostedLifecycleService\n{\n    public Task StartingAsync(CancellationToken cancellationToken) => new HttpClient().GetStringAsync(\"http://catalog/\", cancellationToken);\n    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;\n    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;\n    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;\n    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;\n    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;\n}" },
            "startup-filter" => new[] { Usings + "using Microsoft.AspNetCore.Builder;\nusing Microsoft.AspNetCore.Hosting;\n\nvar builder = WebApplication.CreateBuilder(args);\nbuilder.Services.AddTransient<IStartupFilter, Warmup>();\nbuilder.Build().Run();\n\npublic sealed class Warmup : IStartupFilter\n{\n    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next)\n    {\n        new HttpClient().GetStringAsync(\"http://config/\").Wait();\n        return next;\n    }\n}" },
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };

        if (name == "user-entry")
        {
            extra = await VendorLibraryAsync();
            userEntries = ImmutableArray.Create("Acme.Billing.Outer.Inner");
        }
        else if (name.StartsWith("referenced-summary", StringComparison.Ordinal))
        {
            extra = await SummarisedLibraryAsync();
        }

        var compilation = await CompileAsync(sources, OutputKind.ConsoleApplication, extra);
        var (facts, reference) = Both(compilation, userEntries);

        Assert.Equal(unguarded, reference.StartupCallsUnguarded);
        Assert.Equal(reference.StartupCallsUnguarded, facts.StartupCallsUnguarded);
    }

    // The point of the filter: a library of methods that reach nothing binds only what can reach, the reference binds all.
    [Fact]
    public async Task BodiesThatCannotReachAreNotBound()
    {
        var plain = string.Join("\n", Enumerable.Range(0, 40).Select(i => $"    public static int Compute{i}(int x) => Helper(x) + {i};"));
        var library = Usings + "namespace Lib;\n\npublic static class Numbers\n{\n" + plain + "\n    private static int Helper(int x) => x * 2;\n"
            + "    public static Task<string> LoadAsync() => Fetch();\n    private static Task<string> Fetch() => new HttpClient().GetStringAsync(\"http://config/\");\n}\n";
        var compilation = await CompileAsync(new[] { library }, OutputKind.DynamicallyLinkedLibrary, null);
        var settings = new GeneratorSettings(generateHelpers: true, "service", "sidecar");
        var features = CompilationFeatures.FromReferences(compilation);

        var reference = WholeProgramFacts.Compute(compilation, ImmutableArray<string>.Empty, settings, features, reference: true, out var referenceBound, CancellationToken.None);
        var facts = WholeProgramFacts.Compute(compilation, ImmutableArray<string>.Empty, settings, features, reference: false, out var bound, CancellationToken.None);

        Assert.Equal(new[] { "M:Lib.Numbers.LoadAsync|io|Numbers.LoadAsync>Numbers.Fetch>HttpClient.GetStringAsync||" }, reference.Summaries.ToArray());
        Assert.Equal(reference.Summaries.ToArray(), facts.Summaries.ToArray());
        Assert.True(referenceBound >= 41, "reference bound " + referenceBound);
        Assert.Equal(2, bound);

        // An application whose start-up reaches nothing binds nothing.
        var application = await CompileAsync(
            new[] { Usings + "var app = Host.CreateApplicationBuilder(args).Build();\nConsole.WriteLine(Lib.Numbers.Compute1(2));\napp.Run();\n", library.Replace("LoadAsync() => Fetch()", "LoadAsync() => Task.FromResult(\"\")") },
            OutputKind.ConsoleApplication,
            null);
        var started = WholeProgramFacts.Compute(application, ImmutableArray<string>.Empty, settings, CompilationFeatures.FromReferences(application), reference: false, out var applicationBound, CancellationToken.None);
        Assert.False(started.StartupCallsUnguarded);
        Assert.Equal(0, applicationBound);
    }

    // An application writes one fact: the first root that finds I/O ends the search, and the top-level program, the
    // costliest root to bind, comes last. Here a hosted service's StartAsync finds it, so the entry point (whose statements
    // reach I/O too, after Run) is never bound.
    [Fact]
    public async Task AnApplicationStopsAtTheFirstRootThatFindsIo()
    {
        var application = await CompileAsync(
            new[]
            {
                WorkerHost.Replace("builder.Build().Run();", "var host = builder.Build();\nhost.Run();\nawait new HttpClient().PostAsync(\"http://registry/deregister\", null);")
                + "public sealed class Worker : IHostedService\n{\n    public Task StartAsync(CancellationToken cancellationToken) => new HttpClient().GetStringAsync(\"http://catalog/\", cancellationToken);\n    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;\n}",
            },
            OutputKind.ConsoleApplication,
            null);
        var settings = new GeneratorSettings(generateHelpers: true, "service", "sidecar");
        var features = CompilationFeatures.FromReferences(application);

        var reference = WholeProgramFacts.Compute(application, ImmutableArray<string>.Empty, settings, features, reference: true, out _, CancellationToken.None);
        var facts = WholeProgramFacts.Compute(application, ImmutableArray<string>.Empty, settings, features, reference: false, out var bound, CancellationToken.None);

        Assert.True(reference.StartupCallsUnguarded);
        Assert.True(facts.StartupCallsUnguarded);
        Assert.Equal(1, bound);
    }

    // What decides whether the step adds the generated helpers to its compilation (see the waits-named-with-* cases).
    [Theory]
    [InlineData("await Setup.InitAsync(); static class Setup { public static System.Threading.Tasks.Task InitAsync() => null!; }", false)]
    [InlineData("var s = \"caf\u00e9 \\n \\t\"; // r\u00e9sum\u00e9", false)]
    [InlineData("await MeshReady.MeshProxy.WaitUntilReadyAsync();", true)]
    [InlineData("using static MeshProxy;", true)]
    [InlineData("services.AddMeshReadiness();", true)]
    [InlineData("[Microsoft.CodeAnalysis.Embedded] class C { }", true)]
    [InlineData("services.Add\\u004DeshReadiness();", true)]
    [InlineData("var s = \"\\U0001F600\";", true)]
    [InlineData("await Mesh\u00ADProxy.WaitUntilReadyAsync();", true)]
    [InlineData("var zero = \"a\u200Bb\";", true)]
    public void TheHelpersAreAddedOnlyWhereCodeCanNameThem(string text, bool mayName)
        => Assert.Equal(mayName, WholeProgramFacts.MayNameHelpers(text));

    // A library's DI factories that do I/O (MeshReady.ServiceFactory): with the reach filter, registrations in bodies that cannot
    // reach are not bound (IoReach.InReachingBody). A factory lambda reaches through its own body; a method-group factory only
    // through the body that names it (AddByGroup spells Create, which reaches); AddQuiet's factory builds a class without I/O.
    private const string Registrations = Usings + """
        namespace Wiring;

        public interface IPublisher { }
        public sealed class Publisher : IPublisher { public Publisher(HttpClient http) { http.GetStringAsync("http://broker/").Wait(); } }
        public sealed class Quiet : IPublisher { }

        public static class Registrations
        {
            public static IServiceCollection AddPublisher(this IServiceCollection services) => services.AddSingleton<IPublisher>(sp => new Publisher(new HttpClient()));
            public static IServiceCollection AddByGroup(this IServiceCollection services) => services.AddSingleton<IPublisher>(Create);
            private static IPublisher Create(IServiceProvider provider) => new Publisher(new HttpClient());
            public static IServiceCollection AddQuiet(this IServiceCollection services) => services.AddSingleton<IPublisher>(sp => new Quiet());
            public static IServiceCollection AddBoth(this IServiceCollection services) { services.AddSingleton<IPublisher>(sp => new Quiet()); return services.AddTransient<IPublisher>(sp => new Publisher(new HttpClient())); }
        }
        """;

    [Fact]
    public async Task ALibraryWritesTheSameFactoriesAsTheReferenceWalk()
    {
        var compilation = await CompileAsync(new[] { Registrations }, OutputKind.DynamicallyLinkedLibrary, null);
        var (facts, reference) = Both(compilation, ImmutableArray<string>.Empty);

        Assert.Equal(reference.Factories.ToArray(), facts.Factories.ToArray());
        var methods = reference.Factories.Select(entry => entry.Substring(0, entry.IndexOf('(', StringComparison.Ordinal))).ToArray();
        Assert.Equal(new[] { "M:Wiring.Registrations.AddBoth", "M:Wiring.Registrations.AddByGroup", "M:Wiring.Registrations.AddPublisher" }, methods);
    }

    // The step's compilation holds the generator's post-initialization output, the MeshPort attribute in namespace MeshReady:
    // that file alone must not make the step add the helpers (it did, in every project, until this was checked on pitstop).
    [Fact]
    public async Task TheGeneratorsOwnAttributeFileNamesNoHelper()
    {
        var compilation = await CompileAsync(new[] { Usings + "await new HttpClient().GetStringAsync(\"http://config/\");" }, OutputKind.ConsoleApplication, null);
        var attributes = ConstantTexts.Attributes.ToString();
        Assert.True(WholeProgramFacts.MayNameHelpers(attributes));
        Assert.False(WholeProgramFacts.MayNameHelpers(compilation, CancellationToken.None));
        var parse = (CSharpParseOptions)compilation.SyntaxTrees.First().Options;
        var withAttributes = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText(ConstantTexts.Attributes, parse, path: GeneratedSources.AttributesHintName));
        Assert.False(WholeProgramFacts.MayNameHelpers(withAttributes, CancellationToken.None));
        var withUsing = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("using MeshReady;", parse, path: "/src/Using.cs"));
        Assert.True(WholeProgramFacts.MayNameHelpers(withUsing, CancellationToken.None));
    }

    private static (WholeProgramFacts Facts, WholeProgramFacts Reference) Both(Compilation compilation, ImmutableArray<string> userEntries)
    {
        var settings = new GeneratorSettings(generateHelpers: true, "service", "sidecar");
        var features = CompilationFeatures.FromReferences(compilation);
        var reference = WholeProgramFacts.Compute(compilation, userEntries, settings, features, reference: true, out _, CancellationToken.None);
        var facts = WholeProgramFacts.Compute(compilation, userEntries, settings, features, reference: false, out _, CancellationToken.None);
        return (facts, reference);
    }

    private static async Task<CSharpCompilation> CompileAsync(IEnumerable<string> sources, OutputKind kind, MetadataReference? extra)
    {
        var compilation = await GeneratorHarness.CompileAsync(
            new GeneratorHarness.Target("packages", Packages), sources, version: LanguageVersion.CSharp12,
            extraReferences: extra is null ? null : new[] { extra });
        return compilation.WithOptions(compilation.Options.WithOutputKind(kind));
    }

    private static async Task<MetadataReference> CompilationReferenceAsync(string assemblyName, string source)
    {
        var compilation = await GeneratorHarness.CompileAsync(
            new GeneratorHarness.Target("packages", Packages), new[] { source }, version: LanguageVersion.CSharp12, assemblyName: assemblyName);
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        return compilation.ToMetadataReference();
    }

    private static async Task<MetadataReference> EmitAsync(string assemblyName, string source, bool realBuild)
    {
        var compilation = await GeneratorHarness.CompileAsync(
            new GeneratorHarness.Target("packages", Packages), new[] { source }, version: LanguageVersion.CSharp12, assemblyName: assemblyName);
        var (_, output, diagnostics) = GeneratorHarness.Run(
            compilation, realBuild ? new Dictionary<string, string> { [WholeProgramFacts.SwitchKey] = "true" } : null);
        Assert.Empty(diagnostics);
        using var image = new MemoryStream();
        var emitted = output.Emit(image);
        Assert.True(emitted.Success, string.Join(Environment.NewLine, emitted.Diagnostics));
        return MetadataReference.CreateFromImage(image.ToArray());
    }
}
