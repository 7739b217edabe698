using MeshReady.Analyzers.Infrastructure;

namespace MeshReady.Manifests.Mesh;

/// <summary>The <c>meshready.data_plane</c> spellings, shared by the command line and the assembly metadata.</summary>
internal static class DataPlanes
{
    public const string Names = "sidecar, native_sidecar, ambient or none";

    internal static bool TryParse(string? text, out DataPlane value)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "sidecar": value = DataPlane.Sidecar; return true;
            case "native_sidecar": value = DataPlane.NativeSidecar; return true;
            case "ambient": value = DataPlane.Ambient; return true;
            case "none": value = DataPlane.None; return true;
            default: value = DataPlane.Sidecar; return false;
        }
    }
}
