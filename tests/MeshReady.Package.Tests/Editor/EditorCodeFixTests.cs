using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Runtime.Loader;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace MeshReady.Package.Tests.Editor;

/// <summary>
/// The code fixes as an IDE applies them: the providers come from the packed nupkg's <c>analyzers/dotnet/cs</c> folder
/// (<see cref="PackagedAnalyzers"/>, not a project reference), the diagnostics from the packed analyzers running on
/// a workspace project whose compilation includes the packed generator's code, and each light-bulb action's
/// operations are applied to the workspace; the document's text must then be the expected text, the fixed code must
/// compile, and the diagnostic must be gone. Fix All goes through the provider's own FixAllProvider, project-wide.
/// </summary>
[Collection(PackedPackageCollection.Name)]
public class EditorCodeFixTests(PackedPackage package)
{
    private static readonly object Gate = new();
    private static PackagedAnalyzers? s_analyzers;
    private static string? s_nupkg;

    /// <summary>One real diagnostic per shipped code fix: the source (the diagnostic's span marked), the fixed text.</summary>
    public static TheoryData<string, string, string> Fixes() => new()
    {
        {
            "MESH001", """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;

            var builder = WebApplication.CreateBuilder(args);
            builder.WebHost.ConfigureKestrel(options => options.{|MESH001:ListenLocalhost|}(8080));
            builder.Build().Run();
            """, """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;

            var builder = WebApplication.CreateBuilder(args);
            builder.WebHost.ConfigureKestrel(options => options.ListenAnyIP(8080));
            builder.Build().Run();
            """
        },
        {
            "MESH006", """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;
            using Microsoft.AspNetCore.Server.Kestrel.Core;

            var builder = WebApplication.CreateBuilder(args);
            builder.WebHost.ConfigureKestrel(options => options.ListenAnyIP(5001, listen => {|MESH006:listen.Protocols = HttpProtocols.Http2|}));
            builder.Build().Run();
            """, """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;
            using Microsoft.AspNetCore.Server.Kestrel.Core;

            var builder = WebApplication.CreateBuilder(args);
            builder.WebHost.ConfigureKestrel(options =>
            {
                options.AllowAlternateSchemes = true;
                options.ListenAnyIP(5001, listen => listen.Protocols = HttpProtocols.Http2);
            });
            builder.Build().Run();
            """
        },
        {
            "MESH010", """
            using System;
            using System.Net.Http;

            public static class Requests
            {
                public static void Configure(HttpClient client) => client.DefaultRequestVersion = {|MESH010:new Version(1, 0)|};
            }
            """, """
            using System;
            using System.Net;
            using System.Net.Http;

            public static class Requests
            {
                public static void Configure(HttpClient client) => client.DefaultRequestVersion = HttpVersion.Version11;
            }
            """
        },
        {
            "MESH011", """
            using System.Net.Http;

            public static class Warmup
            {
                public static void Prepare(HttpRequestMessage request)
                {
                    request.Headers.Add("Accept", "application/json");
                    {|MESH011:request.Headers.Add("Connection", "keep-alive")|};
                    request.Headers.Add("X-Trace", "1");
                }
            }
            """, """
            using System.Net.Http;

            public static class Warmup
            {
                public static void Prepare(HttpRequestMessage request)
                {
                    request.Headers.Add("Accept", "application/json");
                    request.Headers.Add("X-Trace", "1");
                }
            }
            """
        },
        {
            "MESH030", """
            using System.Net.Sockets;
            using Microsoft.Extensions.Hosting;

            public static class Program
            {
                public static void Main(string[] args)
                {
                    using (var probe = new TcpClient())
                    {
                        {|MESH030:probe.Connect("ledger.finance", 7000)|};
                    }

                    Host.CreateDefaultBuilder(args).Build().Run();
                }
            }
            """, """
            using System.Net.Sockets;
            using System.Threading.Tasks;
            using MeshReady;
            using Microsoft.Extensions.Hosting;

            public static class Program
            {
                public static async Task Main(string[] args)
                {
                    using (var probe = new TcpClient())
                    {
                        await MeshProxy.WaitUntilReadyAsync();
                        probe.Connect("ledger.finance", 7000);
                    }

                    Host.CreateDefaultBuilder(args).Build().Run();
                }
            }
            """
        },
        {
            "MESH033", """
            using System.Net.Http;

            using var http = new HttpClient();
            var response = await http.PostAsync("http://billing/api/close-month", null);
            if (!response.IsSuccessStatusCode)
            {
                return 2;
            }

            {|MESH033:return 0;|}

            """, """
            using System.Net.Http;
            using MeshReady;

            try
            {
                using var http = new HttpClient();
                var response = await http.PostAsync("http://billing/api/close-month", null);
                if (!response.IsSuccessStatusCode)
                {
                    return 2;
                }

                return 0;
            }
            finally
            {
                await MeshProxy.QuitAsync();
            }

            """
        },
        {
            "MESH040", """
            using MeshReady;
            [assembly: MeshPort(8080, MeshProtocol.Http, Name = {|MESH040:"query-http"|})]
            """, """
            using MeshReady;
            [assembly: MeshPort(8080, MeshProtocol.Http, Name = "http-query")]
            """
        },
        {
            "MESH041", """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;

            var builder = WebApplication.CreateBuilder(args);
            builder.WebHost.ConfigureKestrel(k => k.ListenAnyIP({|MESH041:8080|}));
            builder.Build().Run();
            """, """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;
            [assembly: MeshReady.MeshPort(8080, MeshReady.MeshProtocol.Http)]

            var builder = WebApplication.CreateBuilder(args);
            builder.WebHost.ConfigureKestrel(k => k.ListenAnyIP(8080));
            builder.Build().Run();
            """
        },
    };

    [Fact]
    public void ThePackageShipsExactlyTheCodeFixesExercisedHere()
    {
        var analyzers = Load();
        Assert.All(analyzers.CodeFixProviders, p => Assert.Same(analyzers, AssemblyLoadContext.GetLoadContext(p.GetType().Assembly)));
        Assert.All(analyzers.CodeFixProviders, p => Assert.StartsWith(analyzers.Folder, p.GetType().Assembly.Location, StringComparison.Ordinal));
        var fixable = analyzers.CodeFixProviders.SelectMany(p => p.FixableDiagnosticIds).Order(StringComparer.Ordinal);
        var exercised = Fixes().Select(row => (string)row[0]).Order(StringComparer.Ordinal);
        Assert.Equal(exercised, fixable);
    }

    [Theory]
    [MemberData(nameof(Fixes))]
    public async Task TheLightBulbActionRewritesTheCode(string id, string markedSource, string expected)
    {
        var analyzers = Load();
        var provider = Assert.Single(analyzers.CodeFixProviders, p => p.FixableDiagnosticIds.Contains(id));
        var (source, spans) = Unmark(markedSource);
        using var workspace = new AdhocWorkspace();
        var document = AddDocuments(workspace, analyzers, ("Program.cs", source)).Single();

        // The packed analyzer reports the marked span, and the packed provider offers one action for it.
        var diagnostic = Assert.Single(await DiagnosticsAsync(analyzers, document.Project, id));
        Assert.Equal(spans.Single(), (diagnostic.Id, diagnostic.Location.SourceSpan));
        var actions = new List<CodeAction>();
        await provider.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
        var offered = Assert.Single(actions);
        Assert.False(string.IsNullOrWhiteSpace(offered.Title));
        Assert.Equal(PackagedAnalyzers.EquivalenceKeyOf(provider), offered.EquivalenceKey);

        // What the light bulb does when the user picks the action.
        foreach (var operation in await offered.GetOperationsAsync(CancellationToken.None))
        {
            Assert.IsType<ApplyChangesOperation>(operation);
            operation.Apply(workspace, CancellationToken.None);
        }

        var fixedDocument = workspace.CurrentSolution.GetDocument(document.Id)!;
        Assert.Equal(expected, (await fixedDocument.GetTextAsync()).ToString());
        await AssertFixedAsync(analyzers, fixedDocument.Project, id);
    }

    [Fact]
    public async Task FixAllInProjectRewritesEveryOccurrenceInEveryDocument()
    {
        var analyzers = Load();
        var provider = Assert.Single(analyzers.CodeFixProviders, p => p.FixableDiagnosticIds.Contains("MESH010"));
        var (clients, clientSpans) = Unmark("""
            using System;
            using System.Net;
            using System.Net.Http;

            public static class Requests
            {
                public static void Configure(HttpClient client, HttpRequestMessage a, HttpRequestMessage b)
                {
                    client.DefaultRequestVersion = {|MESH010:HttpVersion.Version10|};
                    a.Version = {|MESH010:new Version(1, 0)|};
                    b.Version = {|MESH010:Version.Parse("1.0")|};
                }
            }
            """);
        var (legacy, legacySpans) = Unmark("""
            using System;
            using System.Net.Http;

            public static class Legacy
            {
                public static void Configure(HttpClient client) => client.DefaultRequestVersion = {|MESH010:new Version(1, 0)|};
            }
            """);
        using var workspace = new AdhocWorkspace();
        var documents = AddDocuments(workspace, analyzers, ("Requests.cs", clients), ("Legacy.cs", legacy));
        var project = documents[0].Project;
        var diagnostics = await DiagnosticsAsync(analyzers, project, "MESH010");
        Assert.Equal(clientSpans.Concat(legacySpans).Select(s => s.Span).Order(), diagnostics.Select(d => d.Location.SourceSpan).Order());

        // The editor's "Fix all occurrences in: Project", started from the first diagnostic's action.
        var fixAll = provider.GetFixAllProvider();
        Assert.NotNull(fixAll);
        Assert.Contains(FixAllScope.Project, fixAll.GetSupportedFixAllScopes());
        var context = new FixAllContext(
            documents[0], provider, FixAllScope.Project, PackagedAnalyzers.EquivalenceKeyOf(provider), ["MESH010"],
            new AnalyzerDiagnostics(analyzers), CancellationToken.None);
        var action = await fixAll.GetFixAsync(context);
        Assert.NotNull(action);
        foreach (var operation in await action.GetOperationsAsync(CancellationToken.None))
        {
            operation.Apply(workspace, CancellationToken.None);
        }

        var solution = workspace.CurrentSolution;
        Assert.Equal("""
            using System;
            using System.Net;
            using System.Net.Http;

            public static class Requests
            {
                public static void Configure(HttpClient client, HttpRequestMessage a, HttpRequestMessage b)
                {
                    client.DefaultRequestVersion = HttpVersion.Version11;
                    a.Version = HttpVersion.Version11;
                    b.Version = HttpVersion.Version11;
                }
            }
            """, (await solution.GetDocument(documents[0].Id)!.GetTextAsync()).ToString());
        Assert.Equal("""
            using System;
            using System.Net;
            using System.Net.Http;

            public static class Legacy
            {
                public static void Configure(HttpClient client) => client.DefaultRequestVersion = HttpVersion.Version11;
            }
            """, (await solution.GetDocument(documents[1].Id)!.GetTextAsync()).ToString());
        await AssertFixedAsync(analyzers, solution.GetProject(project.Id)!, "MESH010");
    }

    /// <summary>The packed assemblies, extracted and loaded once per packed nupkg (an IDE loads a package once, too).</summary>
    private PackagedAnalyzers Load()
    {
        lock (Gate)
        {
            if (s_analyzers is null || s_nupkg != package.NupkgPath)
            {
                s_analyzers = PackagedAnalyzers.Extract(package.NupkgPath, Path.Combine(package.Root, "ide-analyzers"));
                s_nupkg = package.NupkgPath;
                Assert.Contains(s_analyzers.Analyzers, a => a.SupportedDiagnostics.Any(d => d.Id == "MESH001"));
            }

            return s_analyzers;
        }
    }

    /// <summary>
    /// A project as an IDE holds it: the documents, the .NET and ASP.NET Core shared frameworks that run this test as
    /// references, and the package's analyzer references (so its generator's code is part of the compilation).
    /// </summary>
    private static Document[] AddDocuments(AdhocWorkspace workspace, PackagedAnalyzers analyzers, params (string Name, string Text)[] files)
    {
        // A program (top-level statements or Main) is an executable; anything else a library.
        var program = files.Any(f => CSharpSyntaxTree.ParseText(f.Text).GetRoot().DescendantNodes()
            .Any(n => n is GlobalStatementSyntax || n is MethodDeclarationSyntax { Identifier.Text: "Main" }));
        var project = workspace.AddProject(ProjectInfo.Create(
            ProjectId.CreateNewId(), VersionStamp.Default, "EditorProject", "EditorProject", LanguageNames.CSharp,
            filePath: "/src/EditorProject/EditorProject.csproj",
            compilationOptions: new CSharpCompilationOptions(
                program ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable),
            parseOptions: new CSharpParseOptions(LanguageVersion.Latest),
            metadataReferences: SharedFrameworkReferences.Value,
            analyzerReferences: analyzers.References));
        var ids = files
            .Select(f => workspace.AddDocument(DocumentInfo.Create(
                DocumentId.CreateNewId(project.Id), f.Name,
                loader: TextLoader.From(TextAndVersion.Create(SourceText.From(f.Text, Encoding.UTF8), VersionStamp.Default)),
                filePath: "/src/EditorProject/" + f.Name)).Id)
            .ToArray();
        return ids.Select(id => workspace.CurrentSolution.GetDocument(id)!).ToArray();
    }

    private static readonly Lazy<ImmutableArray<MetadataReference>> SharedFrameworkReferences = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => p.Contains(Path.DirectorySeparatorChar + "Microsoft.NETCore.App" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                || p.Contains(Path.DirectorySeparatorChar + "Microsoft.AspNetCore.App" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToImmutableArray());

    private static async Task<ImmutableArray<Diagnostic>> DiagnosticsAsync(PackagedAnalyzers analyzers, Project project, string id)
    {
        var compilation = (await project.GetCompilationAsync())!;
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, "the test code must compile (were the references and the generated code there?):\n" + string.Join("\n", errors));
        var all = await compilation.WithAnalyzers(analyzers.Analyzers, project.AnalyzerOptions).GetAnalyzerDiagnosticsAsync();
        Assert.DoesNotContain(all, d => d.Id == "AD0001");
        return all.Where(d => d.Id == id).ToImmutableArray();
    }

    /// <summary>The fixed project compiles and the packed analyzers no longer report <paramref name="id"/>.</summary>
    private static async Task AssertFixedAsync(PackagedAnalyzers analyzers, Project project, string id)
        => Assert.Empty(await DiagnosticsAsync(analyzers, project, id));

    /// <summary>Strips <c>{|ID:text|}</c> markers, returning the text and each marked (id, span).</summary>
    private static (string Text, List<(string Id, TextSpan Span)> Spans) Unmark(string marked)
    {
        var text = new StringBuilder();
        var spans = new List<(string, TextSpan)>();
        var open = new Stack<(string Id, int Start)>();
        for (var i = 0; i < marked.Length; i++)
        {
            if (marked[i] == '{' && i + 1 < marked.Length && marked[i + 1] == '|')
            {
                var colon = marked.IndexOf(':', i);
                open.Push((marked[(i + 2)..colon], text.Length));
                i = colon;
            }
            else if (marked[i] == '|' && i + 1 < marked.Length && marked[i + 1] == '}' && open.Count > 0)
            {
                var (id, start) = open.Pop();
                spans.Add((id, TextSpan.FromBounds(start, text.Length)));
                i++;
            }
            else
            {
                text.Append(marked[i]);
            }
        }

        return (text.ToString(), spans);
    }

    /// <summary>What the IDE's diagnostic service gives Fix All: the packed analyzers' diagnostics per document or project.</summary>
    private sealed class AnalyzerDiagnostics(PackagedAnalyzers analyzers) : FixAllContext.DiagnosticProvider
    {
        public override async Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken)
        {
            var tree = await document.GetSyntaxTreeAsync(cancellationToken);
            return (await AllAsync(document.Project, cancellationToken)).Where(d => d.Location.SourceTree == tree);
        }

        public override async Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken)
            => (await AllAsync(project, cancellationToken)).Where(d => !d.Location.IsInSource);

        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken)
            => AllAsync(project, cancellationToken);

        private async Task<IEnumerable<Diagnostic>> AllAsync(Project project, CancellationToken cancellationToken)
        {
            var compilation = (await project.GetCompilationAsync(cancellationToken))!;
            return await compilation.WithAnalyzers(analyzers.Analyzers, project.AnalyzerOptions).GetAnalyzerDiagnosticsAsync(cancellationToken);
        }
    }
}
