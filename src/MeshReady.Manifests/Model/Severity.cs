namespace MeshReady.Manifests.Model;

/// <summary>How loud a finding is; ordered so that a threshold compares with <c>&gt;=</c>.</summary>
internal enum Severity
{
    Info = 0,
    Warning = 1,
    Error = 2,
}
