namespace MeshReady.Manifests.Code;

/// <summary>
/// A port the service's code listens on, from the generator's <c>MeshReady.Port</c> metadata
/// (<c>port|protocol|name|appProtocol|source</c>, docs/assembly-metadata.md).
/// </summary>
internal sealed record CodePort(int Number, string Protocol, string Name, string AppProtocol, bool Declared);
