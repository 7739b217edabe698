using System.Collections.Generic;
using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace MeshReady.Manifests.Model;

/// <summary>
/// Istio's <c>PeerAuthentication</c> (security.istio.io/v1 and v1beta1; the two share one schema), read through
/// KubernetesClient's YAML reader like the built-in kinds. Only the fields the mTLS mode depends on.
/// </summary>
internal sealed class PeerAuthentication : IKubernetesObject<V1ObjectMeta>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = string.Empty;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = string.Empty;

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    public PeerAuthenticationSpec? Spec { get; set; }
}

internal sealed class PeerAuthenticationSpec
{
    [JsonPropertyName("selector")]
    public PeerAuthenticationSelector? Selector { get; set; }

    [JsonPropertyName("mtls")]
    public PeerAuthenticationMtls? Mtls { get; set; }

    /// <summary>Keyed by the workload's port (the container port), not the Service port.</summary>
    [JsonPropertyName("portLevelMtls")]
    public IDictionary<string, PeerAuthenticationMtls?>? PortLevelMtls { get; set; }
}

internal sealed class PeerAuthenticationSelector
{
    [JsonPropertyName("matchLabels")]
    public IDictionary<string, string>? MatchLabels { get; set; }
}

internal sealed class PeerAuthenticationMtls
{
    /// <summary><c>UNSET</c> (inherit), <c>DISABLE</c>, <c>PERMISSIVE</c> or <c>STRICT</c>.</summary>
    [JsonPropertyName("mode")]
    public string? Mode { get; set; }
}
