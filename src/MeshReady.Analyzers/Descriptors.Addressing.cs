using Microsoft.CodeAnalysis;

namespace MeshReady.Analyzers;

internal static partial class Descriptors
{
    public static readonly DiagnosticDescriptor LoopbackCallerTrusted = Create(
        "MESH023",
        title: "Loopback caller treated as trusted",
        messageFormat: "{0} trusts callers whose address is loopback: behind the Istio sidecar every inbound request arrives from 127.0.0.6 or 127.0.0.1, so every caller in the mesh passes this check; authorize by identity (AuthorizationPolicy, the mTLS peer principal) instead",
        Categories.Addressing,
        DiagnosticSeverity.Warning,
        description: "The sidecar terminates the caller's connection and opens its own to the application over loopback "
            + "(127.0.0.6 for passthrough, 127.0.0.1 for declared ports). HttpContext.Connection.RemoteIpAddress is then a "
            + "loopback address for every request, so 'is the caller local?' checks grant local trust to the whole mesh.");
}
