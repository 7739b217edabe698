namespace MeshReady.Manifests.Reporting;

/// <summary>The output formats of <c>meshready check --format</c>.</summary>
internal enum ReportFormat
{
    /// <summary>For people: one finding per line with a summary.</summary>
    Text,

    /// <summary>MSBuild's canonical format (<c>path(line,col): warning MESH101: …</c>), which Exec turns into build warnings.</summary>
    MSBuild,

    /// <summary>SARIF 2.1.0, for code-scanning dashboards.</summary>
    Sarif,

    /// <summary>A JSON array of findings, for scripts.</summary>
    Json,
}
