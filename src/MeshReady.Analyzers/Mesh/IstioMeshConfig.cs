namespace MeshReady.Analyzers.Mesh;

/// <summary>
/// Facts about Istio's mesh configuration (MeshConfig) that the manifest checker reads. Sources, istio/istio at 1.28.0:
/// <c>pkg/config/mesh/mesh.go</c> (<c>DefaultMeshConfig</c>: <c>RootNamespace: constants.IstioSystemNamespace</c>, i.e.
/// <c>istio-system</c>; the same at 1.20.0), <c>manifests/charts/istio-control/istio-discovery/templates/configmap.yaml</c>
/// (the chart writes <c>rootNamespace</c> from <c>meshConfig.rootNamespace</c>, else the namespace Istio is installed
/// in), <c>pilot/pkg/bootstrap/mesh.go</c> (istiod reads the ConfigMap <c>istio</c>, or <c>istio-&lt;revision&gt;</c>,
/// in its own namespace; the chart names it <c>istio-{{ .Values.revision }}</c> when a revision is
/// set, with the label <c>istio.io/rev</c>, the same at 1.20.0 and 1.28.0) and <c>pkg/config/mesh/kubemesh/watcher.go</c> (the MeshConfig YAML is under the key <c>mesh</c>).
/// </summary>
internal static class IstioMeshConfig
{
    /// <summary>MeshConfig's default <c>rootNamespace</c>: mesh-wide policies (a PeerAuthentication without a selector) live there.</summary>
    public const string DefaultRootNamespace = "istio-system";

    /// <summary>The ConfigMap istiod reads its MeshConfig from (default revision).</summary>
    public const string ConfigMapName = "istio";

    /// <summary>
    /// A revisioned install's ConfigMap is <c>istio-&lt;revision&gt;</c>, labelled with its revision (<c>istio.io/rev</c>;
    /// the default revision's <c>istio</c> ConfigMap carries <c>istio.io/rev: default</c>).
    /// </summary>
    public const string RevisionLabel = "istio.io/rev";

    /// <summary>The ConfigMap key holding the MeshConfig YAML.</summary>
    public const string ConfigMapKey = "mesh";

    /// <summary>Where a default install keeps istiod and its ConfigMap.</summary>
    public const string DefaultIstioNamespace = "istio-system";
}
