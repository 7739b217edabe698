using System.IO;
using System.Text.RegularExpressions;
using MeshReady.Analyzers.Generation;
using MeshReady.Analyzers.Mesh;
using MeshReady.Analyzers.Tests.Infrastructure;
using Xunit;

namespace MeshReady.Analyzers.Tests.Generation;

/// <summary>
/// The generated MeshProxy takes the proxy's ports and paths from <see cref="IstioProxy"/>, the definition the analyzers
/// and the manifest checker use, so the helper cannot call one port while the rules talk about another.
/// </summary>
public class ProxyFactsInGeneratedCodeTests
{
    [Fact]
    public void GeneratedUrlsAreBuiltFromTheSharedProxyFacts()
    {
        var text = MeshProxySource.Text("[global::System.CodeDom.Compiler.GeneratedCode(\"MeshReady.Analyzers\", \"0.0.0\")]");

        Assert.DoesNotMatch(new Regex("%[A-Z_]+%"), text);
        Assert.Contains($"DefaultReadyUrl = \"http://127.0.0.1:{IstioProxy.HealthPort}{IstioProxy.ReadyPath}\";", text);
        Assert.Contains($"DefaultAgentReadyUrl = \"http://127.0.0.1:{IstioProxy.StatusPort}{IstioProxy.ReadyPath}\";", text);
        Assert.Contains($"DefaultQuitUrl = \"http://127.0.0.1:{IstioProxy.StatusPort}{IstioProxy.QuitPath}\";", text);
    }

    [Fact]
    public void GeneratorSourcesHoldNoProxyPortLiterals()
    {
        foreach (var file in Directory.GetFiles(Repository.PathOf("src", "MeshReady.Analyzers", "Generation"), "*.cs"))
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                Assert.False(Regex.IsMatch(lines[i], @"\b1502[01]\b"), $"{Path.GetFileName(file)}:{i + 1} writes a proxy port literal; use IstioProxy.StatusPort/HealthPort: {lines[i].Trim()}");
            }
        }
    }
}
