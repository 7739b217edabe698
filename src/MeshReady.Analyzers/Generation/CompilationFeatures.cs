using System;
using MeshReady.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;

namespace MeshReady.Analyzers.Generation;

/// <summary>
/// What the consuming compilation offers the generated code: the HTTP stack MeshProxy needs, the hosting
/// abstractions the hosting integration needs, and whether the project already defines
/// <c>Microsoft.CodeAnalysis.EmbeddedAttribute</c>. Bools only, so the pipeline stays cached while they hold.
/// </summary>
internal sealed class CompilationFeatures : IEquatable<CompilationFeatures>
{
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

    public static CompilationFeatures Read(Compilation compilation)
    {
        var types = KnownTypes.For(compilation);
        var http = types.Get("System.Net.Http.SocketsHttpHandler") is not null;
        var hosting = types.Get("Microsoft.Extensions.Hosting.IHostedService") is not null
            && types.Get("Microsoft.Extensions.Hosting.IHostApplicationLifetime") is not null
            && types.Get("Microsoft.Extensions.DependencyInjection.IServiceCollection") is not null
            && types.Get("Microsoft.Extensions.DependencyInjection.ServiceDescriptor") is not null;
        var embedded = compilation.Assembly.GetTypeByMetadataName(GeneratedSources.EmbeddedAttributeMetadataName) is not null;
        return new CompilationFeatures(http, hosting, embedded);
    }

    public bool Equals(CompilationFeatures? other)
        => other is not null && HasHttpStack == other.HasHttpStack && HasHosting == other.HasHosting && DefinesEmbeddedAttribute == other.DefinesEmbeddedAttribute;

    public override bool Equals(object? obj) => Equals(obj as CompilationFeatures);

    public override int GetHashCode() => (HasHttpStack, HasHosting, DefinesEmbeddedAttribute).GetHashCode();
}
