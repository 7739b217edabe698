using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace MeshReady.Analyzers.Listening.Endpoints;

/// <summary>
/// The appsettings files and Dockerfiles among a project's AdditionalFiles, each read once (cached per
/// <see cref="AdditionalText"/>, which the compiler recreates when the file changes) and shared by every rule.
/// </summary>
internal static class EndpointFiles
{
    private static readonly ConditionalWeakTable<AdditionalText, EndpointFile> Cache = new();

    public static ImmutableArray<EndpointFile> Read(ImmutableArray<AdditionalText> files, CancellationToken cancellationToken)
    {
        var builder = ImmutableArray.CreateBuilder<EndpointFile>();
        foreach (var file in files)
        {
            if (Read(file, cancellationToken) is { } read)
            {
                builder.Add(read);
            }
        }

        return builder.ToImmutable();
    }

    /// <summary>The endpoints of one file, or null when it is neither an appsettings file nor a Dockerfile.</summary>
    public static EndpointFile? Read(AdditionalText file, CancellationToken cancellationToken)
    {
        var kind = EndpointFile.KindOf(file.Path);
        if (kind == EndpointFileKind.None)
        {
            return null;
        }

        if (Cache.TryGetValue(file, out var cached))
        {
            return cached;
        }

        if (file.GetText(cancellationToken) is not { } text)
        {
            return null;
        }

        var read = kind == EndpointFileKind.AppSettings
            ? AppSettingsEndpointReader.Read(file.Path, text)
            : DockerfileEndpointReader.Read(file.Path, text);
        return Cache.GetValue(file, _ => read);
    }
}
