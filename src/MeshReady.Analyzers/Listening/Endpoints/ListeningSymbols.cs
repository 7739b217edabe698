using MeshReady.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;

namespace MeshReady.Analyzers.Listening.Endpoints;

/// <summary>The server APIs that open listeners, resolved once per compilation (analyzers and generator alike).</summary>
internal sealed class ListeningSymbols
{
    private ListeningSymbols(KnownTypes types)
    {
        KestrelServerOptions = types.Get("Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions");
        ListenOptions = types.Get("Microsoft.AspNetCore.Server.Kestrel.Core.ListenOptions");
        ListenOptionsHttpsExtensions = types.Get("Microsoft.AspNetCore.Hosting.ListenOptionsHttpsExtensions");
        HostingAbstractionsWebHostBuilderExtensions = types.Get("Microsoft.AspNetCore.Hosting.HostingAbstractionsWebHostBuilderExtensions");
        IWebHostBuilder = types.Get("Microsoft.AspNetCore.Hosting.IWebHostBuilder");
        WebApplication = types.Get("Microsoft.AspNetCore.Builder.WebApplication");
        IPAddress = types.Get("System.Net.IPAddress");
        IPEndPoint = types.Get("System.Net.IPEndPoint");
        TcpListener = types.Get("System.Net.Sockets.TcpListener");
        Socket = types.Get("System.Net.Sockets.Socket");
        HttpListenerPrefixCollection = types.Get("System.Net.HttpListenerPrefixCollection");
        Environment = types.Get("System.Environment");
    }

    public INamedTypeSymbol? KestrelServerOptions { get; }

    public INamedTypeSymbol? ListenOptions { get; }

    public INamedTypeSymbol? ListenOptionsHttpsExtensions { get; }

    /// <summary>Declares <c>UseUrls</c>.</summary>
    public INamedTypeSymbol? HostingAbstractionsWebHostBuilderExtensions { get; }

    public INamedTypeSymbol? IWebHostBuilder { get; }

    public INamedTypeSymbol? WebApplication { get; }

    public INamedTypeSymbol? IPAddress { get; }

    public INamedTypeSymbol? IPEndPoint { get; }

    public INamedTypeSymbol? TcpListener { get; }

    public INamedTypeSymbol? Socket { get; }

    public INamedTypeSymbol? HttpListenerPrefixCollection { get; }

    public INamedTypeSymbol? Environment { get; }

    /// <summary>False when no server API is referenced: the listening rules register nothing.</summary>
    public bool HasAny
        => KestrelServerOptions is not null || IWebHostBuilder is not null || WebApplication is not null
            || TcpListener is not null || Socket is not null || HttpListenerPrefixCollection is not null;

    public static ListeningSymbols Create(KnownTypes types) => new(types);

    public static ListeningSymbols Create(Compilation compilation) => new(KnownTypes.For(compilation));
}
