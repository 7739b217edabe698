using System;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using MeshReady.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MeshReady.Analyzers.Tests.Infrastructure;

/// <summary>
/// Every analyzer, code fix provider and source generator the package ships, found by reflection over the
/// shipped assemblies the way the compiler and the IDE find them (by their attributes), so the robustness
/// tests and the benchmarks cover rules that land later without being edited.
/// </summary>
public static class MeshComponents
{
    public static Assembly AnalyzersAssembly => typeof(MeshAnalyzer).Assembly;

    public static Assembly CodeFixesAssembly => typeof(MeshReady.CodeFixes.Clients.UseHttp11CodeFix).Assembly;

    /// <summary>One new instance of every exported C# <see cref="DiagnosticAnalyzer"/>.</summary>
    public static ImmutableArray<DiagnosticAnalyzer> CreateAnalyzers()
        => Instantiate<DiagnosticAnalyzer>(AnalyzersAssembly, t => t.GetCustomAttributes<DiagnosticAnalyzerAttribute>()
            .Any(a => a.Languages.Contains(LanguageNames.CSharp)));

    /// <summary>One new instance of every exported C# <see cref="CodeFixProvider"/>.</summary>
    public static ImmutableArray<CodeFixProvider> CreateCodeFixProviders()
        => Instantiate<CodeFixProvider>(CodeFixesAssembly, t => t.GetCustomAttributes<ExportCodeFixProviderAttribute>()
            .Any(a => a.Languages.Contains(LanguageNames.CSharp)));

    /// <summary>Every exported source generator, as the driver sees it (incremental ones wrapped).</summary>
    public static ImmutableArray<ISourceGenerator> CreateGenerators()
    {
        var builder = ImmutableArray.CreateBuilder<ISourceGenerator>();
        foreach (var type in ExportedTypes(AnalyzersAssembly, t => t.GetCustomAttributes<GeneratorAttribute>().Any()))
        {
            switch (Activator.CreateInstance(type))
            {
                case IIncrementalGenerator incremental:
                    builder.Add(incremental.AsSourceGenerator());
                    break;
                case ISourceGenerator classic:
                    builder.Add(classic);
                    break;
            }
        }

        return builder.ToImmutable();
    }

    private static ImmutableArray<T> Instantiate<T>(Assembly assembly, Func<Type, bool> exported)
        => ExportedTypes(assembly, t => typeof(T).IsAssignableFrom(t) && exported(t))
            .Select(t => (T)Activator.CreateInstance(t)!)
            .ToImmutableArray();

    private static Type[] ExportedTypes(Assembly assembly, Func<Type, bool> predicate)
        => assembly.GetTypes()
            .Where(t => t.IsClass && !t.IsAbstract && predicate(t))
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .ToArray();
}
