using System;
using System.Runtime.CompilerServices;
using System.Reflection.Metadata;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MeshReady.Analyzers.Generation;

/// <summary>
/// What the consuming compilation offers the generated code: the HTTP stack MeshProxy needs, the hosting
/// abstractions the hosting integration needs, and whether the project already defines
/// <c>Microsoft.CodeAnalysis.EmbeddedAttribute</c>. Bools only, so the pipeline stays cached while they hold.
/// </summary>
internal sealed class CompilationFeatures : IEquatable<CompilationFeatures>
{
    private const string HttpAssembly = "System.Net.Http";
    private const string HostingAssembly = "Microsoft.Extensions.Hosting.Abstractions";
    private const string DependencyInjectionAssembly = "Microsoft.Extensions.DependencyInjection.Abstractions";
    private const int HttpPart = 1;
    private const int HostingParts = 2 | 4 | 8 | 16;

    private static readonly ConditionalWeakTable<MetadataReference, StrongBox<int>> ReferenceParts = new();

    public CompilationFeatures(bool hasHttpStack, bool hasHosting, bool definesEmbeddedAttribute)
    {
        HasHttpStack = hasHttpStack;
        HasHosting = hasHosting;
        DefinesEmbeddedAttribute = definesEmbeddedAttribute;
    }

    /// <summary><c>SocketsHttpHandler</c> exists (.NET Core 2.1+; not netstandard2.0 or .NET Framework).</summary>
    public bool HasHttpStack { get; }

    /// <summary><c>Microsoft.Extensions.Hosting</c> abstractions and DI abstractions are referenced.</summary>
    public bool HasHosting { get; }

    public bool DefinesEmbeddedAttribute { get; }

    /// <summary>
    /// The referenced assemblies' part. It runs on every edit (it needs the compilation's reference list), so each
    /// reference's metadata is read once and remembered with the reference: a <see cref="MetadataReference"/> never
    /// changes, and the table holds it weakly. No symbols: the compiler rebuilds the source assembly's on every edit.
    /// </summary>
    public static CompilationFeatures FromReferences(Compilation compilation)
    {
        var http = false;
        var hosting = 0;
        // ExternalReferences, not References: References also lists #r directives (scripts only), and asking for them binds
        // every referenced assembly (about 30 ms on a first run of a 300-reference project), which nothing here needs.
        foreach (var reference in compilation.ExternalReferences)
        {
            var parts = ReferenceParts.GetValue(reference, static r => new StrongBox<int>(ReadParts(r))).Value;
            http |= (parts & HttpPart) != 0;
            hosting |= parts & HostingParts;
        }

        return new CompilationFeatures(http, hosting == HostingParts, definesEmbeddedAttribute: false);
    }

    public CompilationFeatures WithEmbeddedAttribute(bool defined)
        => defined == DefinesEmbeddedAttribute ? this : new CompilationFeatures(HasHttpStack, HasHosting, defined);

    /// <summary>Which of the five types one reference defines (bits); only the three assemblies that define them are read.</summary>
    private static int ReadParts(MetadataReference reference)
    {
        if (reference is not PortableExecutableReference portable)
        {
            return 0;
        }

        try
        {
            if (portable.GetMetadata() is not AssemblyMetadata assembly)
            {
                return 0;
            }

            var parts = 0;
            foreach (var module in assembly.GetModules())
            {
                var reader = module.GetMetadataReader();
                if (!reader.IsAssembly)
                {
                    continue;
                }

                switch (reader.GetString(reader.GetAssemblyDefinition().Name))
                {
                    case HttpAssembly:
                        parts |= Defines(reader, "System.Net.Http", "SocketsHttpHandler") ? HttpPart : 0;
                        break;
                    case HostingAssembly:
                        parts |= (Defines(reader, "Microsoft.Extensions.Hosting", "IHostedService") ? 2 : 0)
                            | (Defines(reader, "Microsoft.Extensions.Hosting", "IHostApplicationLifetime") ? 4 : 0);
                        break;
                    case DependencyInjectionAssembly:
                        parts |= (Defines(reader, "Microsoft.Extensions.DependencyInjection", "IServiceCollection") ? 8 : 0)
                            | (Defines(reader, "Microsoft.Extensions.DependencyInjection", "ServiceDescriptor") ? 16 : 0);
                        break;
                }
            }

            return parts;
        }
        catch (Exception e) when (e is BadImageFormatException or System.IO.IOException or InvalidOperationException)
        {
            // An unreadable reference: the compiler reports it; it offers nothing here.
            return 0;
        }
    }

    /// <summary>
    /// A top-level <c>class EmbeddedAttribute</c> in namespace <c>Microsoft.CodeAnalysis</c>, read from syntax (a cheap
    /// first step per file) instead of a lookup in the source assembly on every edit.
    /// </summary>
    public static bool IsEmbeddedAttributeCandidate(SyntaxNode node)
        => node is ClassDeclarationSyntax { Identifier.ValueText: "EmbeddedAttribute" };

    public static bool DeclaresEmbeddedAttribute(SyntaxNode node)
    {
        if (node.Parent is not BaseNamespaceDeclarationSyntax)
        {
            return false; // nested in a type, or in the global namespace
        }

        var name = string.Empty;
        for (var current = node.Parent; current is not null; current = current.Parent)
        {
            if (current is BaseNamespaceDeclarationSyntax declaration)
            {
                name = name.Length == 0 ? declaration.Name.ToString() : declaration.Name + "." + name;
            }
        }

        return string.Equals(Normalize(name), "Microsoft.CodeAnalysis", StringComparison.Ordinal);
    }

    public bool Equals(CompilationFeatures? other)
        => other is not null && HasHttpStack == other.HasHttpStack && HasHosting == other.HasHosting && DefinesEmbeddedAttribute == other.DefinesEmbeddedAttribute;

    public override bool Equals(object? obj) => Equals(obj as CompilationFeatures);

    public override int GetHashCode() => (HasHttpStack, HasHosting, DefinesEmbeddedAttribute).GetHashCode();

    private static bool Defines(MetadataReader reader, string @namespace, string name)
    {
        foreach (var handle in reader.TypeDefinitions)
        {
            var type = reader.GetTypeDefinition(handle);
            if (type.GetDeclaringType().IsNil
                && reader.StringComparer.Equals(type.Name, name)
                && reader.StringComparer.Equals(type.Namespace, @namespace))
            {
                return true;
            }
        }

        return false;
    }

    private static string Normalize(string name)
        => name.Replace(" ", string.Empty).Replace("global::", string.Empty);
}
