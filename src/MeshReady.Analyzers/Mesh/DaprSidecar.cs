using System;
using System.Collections.Generic;
using System.Globalization;

namespace MeshReady.Analyzers.Mesh;

/// <summary>
/// Facts about the Dapr sidecar (<c>daprd</c>) that Dapr's injector adds to a pod annotated <c>dapr.io/enabled</c>, read in
/// dapr/dapr at v1.18.3 (the ports, names and listen-address default are the same at v1.12.0, where the gRPC API port had no
/// annotation yet; the listen-address default is the same at v1.10.0, in <c>pkg/injector/annotations/annotations.go</c>):
/// <c>pkg/injector/patcher/sidecar.go</c> (<c>SidecarConfig</c>: the annotations and their defaults; the HTTP API port is
/// 3500 and has no annotation), <c>pkg/injector/patcher/sidecar_container.go</c> (daprd declares <c>dapr-http</c> and
/// <c>dapr-grpc</c> and gets <c>--dapr-listen-addresses</c> from the annotation), <c>pkg/injector/consts/consts.go</c> (the
/// names), and <c>pkg/api/http/server.go</c> / <c>pkg/api/grpc/server.go</c> with <c>pkg/runtime/runtime.go</c> (the HTTP and
/// gRPC API servers listen on <c>address + ":" + port</c> for each listen address, so an empty one means every interface).
/// Booleans are read with dapr/kit's <c>IsTruthy</c> (<c>y</c>, <c>yes</c>, <c>true</c>, <c>t</c>, <c>on</c>, <c>1</c>,
/// any case; dapr/dapr <c>utils/utils.go</c> at v1.12.0).
/// </summary>
internal static class DaprSidecar
{
    /// <summary>The injected container's name.</summary>
    public const string ContainerName = "daprd";

    /// <summary>The pod annotation that asks Dapr's injector for a sidecar.</summary>
    public const string EnabledAnnotation = "dapr.io/enabled";

    /// <summary>The pod annotation that moves daprd's gRPC API port.</summary>
    public const string GrpcPortAnnotation = "dapr.io/grpc-port";

    /// <summary>The pod annotation listing the addresses daprd's HTTP and gRPC APIs bind (comma-separated).</summary>
    public const string ListenAddressesAnnotation = "dapr.io/sidecar-listen-addresses";

    /// <summary>daprd's HTTP API port, declared as <see cref="HttpPortName"/>.</summary>
    public const int HttpApiPort = 3500;

    /// <summary>daprd's gRPC API port unless <see cref="GrpcPortAnnotation"/> moves it, declared as <see cref="GrpcPortName"/>.</summary>
    public const int GrpcApiPort = 50001;

    public const string HttpPortName = "dapr-http";

    public const string GrpcPortName = "dapr-grpc";

    /// <summary>The addresses daprd's APIs bind when <see cref="ListenAddressesAnnotation"/> is absent: loopback only.</summary>
    public const string DefaultListenAddresses = "[::1],127.0.0.1";

    /// <summary>True when the pod's annotations ask Dapr's injector for a sidecar.</summary>
    public static bool IsEnabled(IDictionary<string, string> podAnnotations)
        => podAnnotations.TryGetValue(EnabledAnnotation, out var value) && IsTruthy(value);

    /// <summary>
    /// The daprd API port (number and declared name) a Service's target names in a pod with a Dapr sidecar, by number or by
    /// daprd's port name; null when the target is not one of them or the pod has no Dapr sidecar.
    /// </summary>
    public static (int Number, string Name)? ApiPortOf(IDictionary<string, string> podAnnotations, int? targetNumber, string? targetName)
    {
        if (!IsEnabled(podAnnotations))
        {
            return null;
        }

        var grpc = GrpcApiPort;
        if (podAnnotations.TryGetValue(GrpcPortAnnotation, out var text)
            && int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var moved))
        {
            grpc = moved;
        }

        if (targetNumber == HttpApiPort || (targetNumber is null && targetName == HttpPortName))
        {
            return (HttpApiPort, HttpPortName);
        }

        if (targetNumber == grpc || (targetNumber is null && targetName == GrpcPortName))
        {
            return (grpc, GrpcPortName);
        }

        return null;
    }

    /// <summary>The addresses daprd's APIs bind in this pod: the annotation's value, or <see cref="DefaultListenAddresses"/>.</summary>
    public static string ListenAddressesOf(IDictionary<string, string> podAnnotations)
        => podAnnotations.TryGetValue(ListenAddressesAnnotation, out var value) ? value : DefaultListenAddresses;

    /// <summary>
    /// True when every address in a listen-address list is loopback, so the APIs cannot be reached at the pod's IP. An empty
    /// entry binds every interface (<c>":3500"</c>), and so does <c>0.0.0.0</c> or <c>[::]</c>.
    /// </summary>
    public static bool BindsOnlyLoopback(string listenAddresses)
    {
        foreach (var address in listenAddresses.Split(','))
        {
            if (address.Trim().Length == 0 || !MeshHosts.IsLoopback(address))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsTruthy(string value)
        => value.Trim().ToLowerInvariant() is "y" or "yes" or "true" or "t" or "on" or "1";
}
