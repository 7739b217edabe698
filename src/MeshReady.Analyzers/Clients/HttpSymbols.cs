using MeshReady.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;

namespace MeshReady.Analyzers.Clients;

/// <summary>The System.Net.Http / System.Net symbols the client rules match, resolved once per compilation.</summary>
internal sealed class HttpSymbols
{
    private HttpSymbols(KnownTypes types)
    {
        HttpRequestMessage = types.Get("System.Net.Http.HttpRequestMessage");
        HttpClient = types.Get("System.Net.Http.HttpClient");
        HttpRequestHeaders = types.Get("System.Net.Http.Headers.HttpRequestHeaders");
        HttpHeaders = types.Get("System.Net.Http.Headers.HttpHeaders");
        HttpVersion = types.Get("System.Net.HttpVersion");
        HttpWebRequest = types.Get("System.Net.HttpWebRequest");
        Version = types.Get("System.Version");
        AspNetHeaderNames = types.Get("Microsoft.Net.Http.Headers.HeaderNames");
    }

    public INamedTypeSymbol? HttpRequestMessage { get; }

    public INamedTypeSymbol? HttpClient { get; }

    public INamedTypeSymbol? HttpRequestHeaders { get; }

    public INamedTypeSymbol? HttpHeaders { get; }

    public INamedTypeSymbol? HttpVersion { get; }

    public INamedTypeSymbol? HttpWebRequest { get; }

    public INamedTypeSymbol? Version { get; }

    /// <summary>ASP.NET Core's header-name constants (static readonly since 6.0, so not compile-time constants).</summary>
    public INamedTypeSymbol? AspNetHeaderNames { get; }

    /// <summary>True when the compilation can send HTTP at all; otherwise the client rules register nothing.</summary>
    public bool HasHttpClientStack => HttpRequestMessage is not null || HttpWebRequest is not null;

    public static HttpSymbols Create(KnownTypes types) => new(types);
}
