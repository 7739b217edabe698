using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MeshReady.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MeshReady.Analyzers.Tests.Robustness;

/// <summary>
/// Compilations for the robustness tests: net8.0 + ASP.NET Core 8 references resolved once per test run
/// (<see cref="TestReferences.AspNetCore80"/>), and empty base compilations that every input is added to
/// (adding trees to one base reuses its bound references instead of binding 200 assemblies again).
/// </summary>
internal static class TestCompilations
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    /// <summary>The Web SDK's implicit usings, which the samples rely on (<c>ImplicitUsings=enable</c>).</summary>
    public static readonly SyntaxTree WebSdkImplicitUsings = CSharpSyntaxTree.ParseText(
        """
        global using global::System;
        global using global::System.Collections.Generic;
        global using global::System.IO;
        global using global::System.Linq;
        global using global::System.Net.Http;
        global using global::System.Net.Http.Json;
        global using global::System.Threading;
        global using global::System.Threading.Tasks;
        global using global::Microsoft.AspNetCore.Builder;
        global using global::Microsoft.AspNetCore.Hosting;
        global using global::Microsoft.AspNetCore.Http;
        global using global::Microsoft.AspNetCore.Routing;
        global using global::Microsoft.Extensions.Configuration;
        global using global::Microsoft.Extensions.DependencyInjection;
        global using global::Microsoft.Extensions.Hosting;
        global using global::Microsoft.Extensions.Logging;
        """,
        ParseOptions,
        path: "/src/obj/GlobalUsings.g.cs");

    private static readonly Lazy<Task<ImmutableArray<MetadataReference>>> ResolvedReferences = new(
        () => TestReferences.ResolveAsync(TestReferences.AspNetCore80));

    private static readonly Lazy<Task<CSharpCompilation>> LibraryBase = new(() => CreateBaseAsync(OutputKind.DynamicallyLinkedLibrary));

    private static readonly Lazy<Task<CSharpCompilation>> ProgramBase = new(() => CreateBaseAsync(OutputKind.ConsoleApplication));

    public static Task<ImmutableArray<MetadataReference>> ReferencesAsync() => ResolvedReferences.Value;

    /// <summary>
    /// A compilation of <paramref name="trees"/>: an executable when one of them has top-level statements
    /// (minimal APIs), a library otherwise, as the test verifiers do.
    /// </summary>
    public static async Task<CSharpCompilation> CreateAsync(IEnumerable<SyntaxTree> trees)
    {
        var list = trees.ToList();
        var hasTopLevelStatements = list.Any(t => t.GetRoot().ChildNodes().OfType<GlobalStatementSyntax>().Any());
        var baseCompilation = await (hasTopLevelStatements ? ProgramBase : LibraryBase).Value.ConfigureAwait(false);
        return baseCompilation.AddSyntaxTrees(list);
    }

    public static SyntaxTree Parse(string text, string path) => CSharpSyntaxTree.ParseText(text, ParseOptions, path);

    private static async Task<CSharpCompilation> CreateBaseAsync(OutputKind kind)
    {
        var references = await ReferencesAsync().ConfigureAwait(false);
        var options = new CSharpCompilationOptions(kind, nullableContextOptions: NullableContextOptions.Enable);
        var compilation = CSharpCompilation.Create("MeshReadyRobustness", references: references, options: options);

        // Bind the references once here, so every compilation derived from this one shares them.
        _ = compilation.GetTypeByMetadataName("System.Object");
        return compilation;
    }
}
