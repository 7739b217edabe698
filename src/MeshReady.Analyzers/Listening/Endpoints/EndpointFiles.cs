using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace MeshReady.Analyzers.Listening.Endpoints;

/// <summary>
/// Reads the appsettings files and Dockerfiles among a project's AdditionalFiles. No cache here: analyzers read each
/// file once through their <c>MeshContext</c>, and the generator's pipeline caches its own results.
/// </summary>
internal static class EndpointFiles
{
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

        if (file.GetText(cancellationToken) is not { } text)
        {
            return null;
        }

        return kind == EndpointFileKind.AppSettings
            ? AppSettingsEndpointReader.Read(file.Path, text)
            : DockerfileEndpointReader.Read(file.Path, text);
    }
}
