using System.Collections.Generic;

namespace MeshReady.Manifests.Model;

/// <summary>What one file held: the Kubernetes objects the checks understand and the problems reading it.</summary>
internal sealed record ManifestFile(string Path, IReadOnlyList<ManifestObject> Objects, IReadOnlyList<Finding> Findings);
