using System.Collections.Generic;
using MeshReady.Manifests.Model;

namespace MeshReady.Manifests.Checks;

/// <summary>One rule over the whole set of loaded objects (Services and workloads are checked together).</summary>
internal interface IManifestCheck
{
    void Run(CheckContext context, List<Finding> findings);
}
