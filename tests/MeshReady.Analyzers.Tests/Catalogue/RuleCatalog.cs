using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MeshReady.Analyzers.Tests.Catalogue;

/// <summary>Everything the shipped assemblies export, found by reflection so new rules are covered without edits.</summary>
public static class RuleCatalog
{
    public static readonly Assembly AnalyzerAssembly = typeof(MeshReady.Analyzers.Infrastructure.MeshAnalyzer).Assembly;

    public static readonly Assembly CodeFixAssembly = typeof(MeshReady.CodeFixes.Clients.UseHttp11CodeFix).Assembly;

    public static IReadOnlyList<DiagnosticAnalyzer> Analyzers { get; } = Instantiate<DiagnosticAnalyzer>(AnalyzerAssembly, typeof(DiagnosticAnalyzerAttribute));

    public static IReadOnlyList<CodeFixProvider> CodeFixes { get; } = Instantiate<CodeFixProvider>(CodeFixAssembly, typeof(ExportCodeFixProviderAttribute));

    /// <summary>One descriptor per ID, across every analyzer.</summary>
    public static IReadOnlyList<DiagnosticDescriptor> Descriptors { get; } = Analyzers
        .SelectMany(a => a.SupportedDiagnostics)
        .GroupBy(d => d.Id)
        .Select(g => g.First())
        .OrderBy(d => d.Id, StringComparer.Ordinal)
        .ToImmutableArray();

    public static IEnumerable<object[]> DescriptorIds() => Descriptors.Select(d => new object[] { d.Id });

    public static DiagnosticDescriptor Descriptor(string id) => Descriptors.Single(d => d.Id == id);

    /// <summary>Every exported source generator, as the generator driver takes it (incremental ones wrapped).</summary>
    public static IReadOnlyList<ISourceGenerator> Generators { get; } = AnalyzerAssembly.GetTypes()
        .Where(t => !t.IsAbstract && t.GetCustomAttributes(typeof(GeneratorAttribute), inherit: false).Length > 0)
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .Select(t => Activator.CreateInstance(t) switch
        {
            IIncrementalGenerator incremental => incremental.AsSourceGenerator(),
            ISourceGenerator classic => classic,
            var other => throw new InvalidOperationException($"{other?.GetType()} is marked [Generator] but is no generator"),
        })
        .ToImmutableArray();

    private static IReadOnlyList<T> Instantiate<T>(Assembly assembly, Type marker)
        => assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(T).IsAssignableFrom(t) && t.GetCustomAttributes(marker, inherit: false).Length > 0)
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (T)Activator.CreateInstance(t)!)
            .ToImmutableArray();
}
