using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MeshReady.Analyzers.Generation;
using MeshReady.Analyzers.Ports;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;
using static MeshReady.Analyzers.Tests.Generation.GeneratorHarness;

namespace MeshReady.Analyzers.Tests.Generation;

/// <summary>
/// <c>[assembly: MeshPort]</c> is read in the generator's pass over each tree, not through
/// <c>ForAttributeWithMetadataName</c>: it must find exactly what that provider finds, however the attribute is named
/// (namespace import, qualified, <c>global::</c>, a local or global <c>using</c> alias, with or without the
/// <c>Attribute</c> suffix), and nothing else. Each case runs MeshReady's generator next to a reference generator built on
/// <c>ForAttributeWithMetadataName</c> in the same driver and compares the declarations.
/// </summary>
public class DeclarationReadingTests
{
    public static TheoryData<string, string[], int> Cases => new()
    {
        { "imported namespace", new[] { "using MeshReady;\n[assembly: MeshPort(8080, MeshProtocol.Http, Name = \"http-api\")]" }, 1 },
        {
            "qualified and global::",
            new[] { "[assembly: MeshReady.MeshPort(8080, MeshReady.MeshProtocol.Http)]\n[assembly: global::MeshReady.MeshPortAttribute(8081, global::MeshReady.MeshProtocol.Grpc)]" },
            2
        },
        { "local alias", new[] { "using P = MeshReady.MeshPortAttribute;\nusing MeshReady;\n[assembly: P(8080, MeshProtocol.Http)]" }, 1 },
        { "local alias written without its Attribute suffix", new[] { "using PortAttribute = MeshReady.MeshPortAttribute;\nusing MeshReady;\n[assembly: Port(8080, MeshProtocol.Tcp)]" }, 1 },
        {
            "global alias in another file",
            new[] { "global using Declared = MeshReady.MeshPortAttribute;\nglobal using MeshReady;", "public static class Pricing { }", "[assembly: Declared(8080, MeshProtocol.Http, Name = \"http-orders\")]" },
            1
        },
        {
            "files in order, constants from another file",
            new[] { "using MeshReady;\n[assembly: MeshPort(Ports.Api, MeshProtocol.Http)]\n[assembly: MeshPort(8081, MeshProtocol.Grpc)]", "using MeshReady;\n[assembly: MeshPort(9090, MeshProtocol.Tcp)]", "static class Ports { public const int Api = 8080; }" },
            3
        },
        {
            "a look-alike in another namespace",
            new[] { "[assembly: Other.MeshPort(9999, 1)]\nnamespace Other { [System.AttributeUsage(System.AttributeTargets.Assembly)] public sealed class MeshPortAttribute : System.Attribute { public MeshPortAttribute(int port, int protocol) { } } }" },
            0
        },
        {
            "an alias to something else",
            new[] { "using MeshPort = System.CLSCompliantAttribute;\n[assembly: MeshPort(true)]" },
            0
        },
        {
            "ordinary assembly attributes beside a declaration",
            new[] { "using System.Reflection;\nusing MeshReady;\n[assembly: AssemblyCompany(\"Orders\")]\n[assembly: MeshPort(8080, MeshProtocol.Http)]\n[assembly: AssemblyProduct(\"Orders\")]" },
            1
        },
        { "half-typed", new[] { "using MeshReady;\n[assembly: MeshPort(8080, )]\n[assembly: MeshPort(]" }, 0 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task FindsWhatForAttributeWithMetadataNameFinds(string name, string[] sources, int expected)
    {
        var compilation = await CompileAsync(Targets.Net80, sources);
        var driver = CSharpGeneratorDriver.Create(
            new[] { new MeshReadyGenerator().AsSourceGenerator(), new ForAttributeReference().AsSourceGenerator() },
            parseOptions: ParseOptions(),
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true)).RunGenerators(compilation);

        var results = driver.GetRunResult().Results;
        var ours = Assert.IsType<EquatableArray<PortDeclaration>>(results[0].TrackedSteps[TrackingNames.AllDeclarations].Single().Outputs.Single().Value).Items;
        var reference = Assert.IsType<ImmutableArray<PortDeclaration>>(results[1].TrackedSteps[ForAttributeReference.StepName].Single().Outputs.Single().Value);

        Assert.True(reference.Length == expected, $"{name}: the reference found {reference.Length}, the case expects {expected}");
        Assert.Equal(reference.ToList(), ours.ToList());
    }

    [Fact]
    public async Task DeclaredPortReachesTheOutput()
    {
        // Through a global alias in another file, into MeshPorts and the port metadata.
        var compilation = await CompileAsync(Targets.Net80, new[] { "global using Declared = MeshReady.MeshPortAttribute;\nglobal using MeshReady;", "[assembly: Declared(8080, MeshProtocol.Http, Name = \"http-orders\")]" });
        var (driver, output, diagnostics) = Run(compilation);

        Assert.Empty(diagnostics);
        Assert.Contains("8080|http|http-orders|http|declared", Sources(driver)["MeshReady.MeshPorts.g.cs"], System.StringComparison.Ordinal);
        Assert.Empty(Problems(output));
    }

    [Fact]
    public void OrdinaryAssemblyAttributesBindNothing()
    {
        // Every project has generated AssemblyInfo attributes: they must not make each run bind the assembly's attributes.
        var info = Read("using System.Reflection;\n[assembly: AssemblyCompany(\"Orders\")]\n[assembly: System.Reflection.AssemblyVersion(\"1.0.0\")]");
        Assert.Equal(new[] { "AssemblyCompany", "AssemblyVersion" }, info.AssemblyAttributes.Items);
        Assert.False(TreeFacts.MayNameMeshPort(info, null));
        Assert.False(TreeFacts.MayNameMeshPort(info, new List<string> { "Declared" }));

        // The counter-checks: the name itself, a local alias, a global alias from elsewhere (with the suffix left off).
        Assert.True(TreeFacts.MayNameMeshPort(Read("[assembly: MeshReady.MeshPort(8080, MeshReady.MeshProtocol.Http)]"), null));
        Assert.True(TreeFacts.MayNameMeshPort(Read("using P = MeshReady.MeshPortAttribute;\n[assembly: P(8080, MeshReady.MeshProtocol.Http)]"), null));
        Assert.True(TreeFacts.MayNameMeshPort(Read("[assembly: Declared(8080, MeshReady.MeshProtocol.Http)]"), new List<string> { "DeclaredAttribute" }));

        // A file that only declares a global alias is kept for its alias.
        Assert.Equal(new[] { "Declared" }, Read("global using Declared = MeshReady.MeshPortAttribute;").GlobalAliases.Items);
    }

    private static TreeFacts Read(string source)
        => TreeFacts.Read(CSharpSyntaxTree.ParseText(source, ParseOptions()), CancellationToken.None);

    /// <summary>What <c>ForAttributeWithMetadataName</c> finds: the generator read its declarations this way before.</summary>
    private sealed class ForAttributeReference : IIncrementalGenerator
    {
        public const string StepName = "Reference";

        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            var declarations = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    PortDeclaration.AttributeMetadataName,
                    static (node, _) => node is CompilationUnitSyntax,
                    static (attributeContext, _) => attributeContext.Attributes.Select(PortDeclaration.From).OfType<PortDeclaration>().ToImmutableArray())
                .Collect()
                .Select(static (files, _) => files.SelectMany(file => file).ToImmutableArray())
                .WithTrackingName(StepName);
            context.RegisterSourceOutput(declarations, static (_, _) => { });
        }
    }
}
