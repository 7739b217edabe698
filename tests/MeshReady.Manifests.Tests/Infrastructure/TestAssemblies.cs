using System;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace MeshReady.Manifests.Tests.Infrastructure;

/// <summary>
/// Compiles tiny assemblies with Roslyn and writes them to a temp file, so the metadata reader is tested on
/// real PE files (built the way the generator's output would be), independently of the generator.
/// </summary>
internal static class TestAssemblies
{
    private static readonly MetadataReference[] References =
    [
        MetadataReference.CreateFromFile(typeof(object).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(AssemblyMetadataAttribute).Assembly.Location),
        MetadataReference.CreateFromFile(Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "System.Runtime.dll")),
    ];

    /// <summary>Emits an assembly named <paramref name="assemblyName"/> with the given C# source; returns its path.</summary>
    public static string Emit(string assemblyName, string source, OutputKind kind = OutputKind.DynamicallyLinkedLibrary)
    {
        var compilation = CSharpCompilation.Create(
            assemblyName,
            [CSharpSyntaxTree.ParseText(source)],
            References,
            new CSharpCompilationOptions(kind));
        var directory = Path.Combine(Path.GetTempPath(), "meshready-manifest-tests", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, assemblyName + ".dll");
        var result = compilation.Emit(path);
        if (!result.Success)
        {
            throw new InvalidOperationException(string.Join(Environment.NewLine, result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        }

        return path;
    }

    /// <summary>A service (an application with an entry point) with one <c>AssemblyMetadata</c> attribute per (key, value) pair.</summary>
    public static string WithMetadata(string assemblyName, params (string Key, string Value)[] metadata)
        => Emit(
            assemblyName,
            string.Concat(metadata.Select(m => $"[assembly: System.Reflection.AssemblyMetadata(\"{m.Key}\", \"{m.Value}\")]\n")) + "public static class Program { public static void Main() { } }",
            OutputKind.ConsoleApplication);

    /// <summary>A class library with the same attributes: what a shared project built with MeshReady looks like.</summary>
    public static string LibraryWithMetadata(string assemblyName, params (string Key, string Value)[] metadata)
        => Emit(assemblyName, string.Concat(metadata.Select(m => $"[assembly: System.Reflection.AssemblyMetadata(\"{m.Key}\", \"{m.Value}\")]\n")) + "public static class Marker { }");
}
