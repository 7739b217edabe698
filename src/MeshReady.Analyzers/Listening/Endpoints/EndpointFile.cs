using System;
using System.Collections.Immutable;
using System.IO;
using MeshReady.Analyzers.Infrastructure;

namespace MeshReady.Analyzers.Listening.Endpoints;

/// <summary>The kinds of additional file that declare listeners.</summary>
internal enum EndpointFileKind
{
    None,
    AppSettings,
    Dockerfile,
}

/// <summary>A problem in an additional file (MESH903): where it is and what is wrong, in words.</summary>
internal readonly struct ConfigFileError : IEquatable<ConfigFileError>
{
    public ConfigFileError(FileSpan span, string message)
    {
        Span = span;
        Message = message;
    }

    public FileSpan Span { get; }

    public string Message { get; }

    public bool Equals(ConfigFileError other) => Span.Equals(other.Span) && Message == other.Message;

    public override bool Equals(object? obj) => obj is ConfigFileError other && Equals(other);

    public override int GetHashCode() => Span.GetHashCode() ^ Message.GetHashCode();
}

/// <summary>The endpoints one appsettings file or Dockerfile declares, and what could not be read.</summary>
internal sealed class EndpointFile
{
    public EndpointFile(string path, EndpointFileKind kind, ImmutableArray<ListeningEndpoint> endpoints, ImmutableArray<ConfigFileError> errors, EndpointProtocols defaultProtocols = EndpointProtocols.Default, FileSpan? defaultProtocolsSpan = null, bool declaresHttpsPort = false)
    {
        DeclaresHttpsPort = declaresHttpsPort;
        Path = path;
        Kind = kind;
        Endpoints = endpoints;
        Errors = errors;
        DefaultProtocols = defaultProtocols;
        DefaultProtocolsSpan = defaultProtocolsSpan;
    }

    public string Path { get; }

    public EndpointFileKind Kind { get; }

    public ImmutableArray<ListeningEndpoint> Endpoints { get; }

    public ImmutableArray<ConfigFileError> Errors { get; }

    /// <summary><c>Kestrel:EndpointDefaults:Protocols</c> when an appsettings file sets it.</summary>
    public EndpointProtocols DefaultProtocols { get; }

    /// <summary>Where <c>Kestrel:EndpointDefaults:Protocols</c> is written, when it is.</summary>
    public FileSpan? DefaultProtocolsSpan { get; }

    /// <summary>
    /// The file names the port <c>UseHttpsRedirection</c> redirects to (<c>https_port</c> in appsettings,
    /// <c>ASPNETCORE_HTTPS_PORT</c> in a Dockerfile); without one, and without an HTTPS endpoint, the middleware does not redirect.
    /// </summary>
    public bool DeclaresHttpsPort { get; }

    /// <summary>
    /// <c>appsettings.Development.json</c> applies only where <c>ASPNETCORE_ENVIRONMENT=Development</c>, like
    /// launchSettings.json: never inside a cluster, so the rules ignore its endpoints.
    /// </summary>
    public bool DevelopmentOnly
        => Kind == EndpointFileKind.AppSettings
            && System.IO.Path.GetFileName(Path).StartsWith("appsettings.Development.", StringComparison.OrdinalIgnoreCase);

    /// <summary>Which kind of endpoint file <paramref name="path"/> is, by its name.</summary>
    public static EndpointFileKind KindOf(string path)
    {
        var name = System.IO.Path.GetFileName(path);
        if (name.StartsWith("appsettings", StringComparison.OrdinalIgnoreCase) && name.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            return EndpointFileKind.AppSettings;
        }

        if (string.Equals(name, "Dockerfile", StringComparison.OrdinalIgnoreCase)
            || string.Equals(name, "Containerfile", StringComparison.OrdinalIgnoreCase)
            || name.StartsWith("Dockerfile.", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".Dockerfile", StringComparison.OrdinalIgnoreCase))
        {
            return EndpointFileKind.Dockerfile;
        }

        return EndpointFileKind.None;
    }
}
