using Microsoft.CodeAnalysis;

namespace MeshReady.Analyzers;

internal static partial class Descriptors
{
    public static readonly DiagnosticDescriptor InvalidOption = Create(
        "MESH901",
        title: "Invalid MeshReady configuration value",
        messageFormat: "{0}: '{1}' is not a valid value for '{2}' ({3}); the default '{4}' is used",
        Categories.Configuration,
        DiagnosticSeverity.Warning,
        description: "A MeshReady option in .editorconfig, a global config file or an MSBuild property could not be read. "
            + "The analysis goes on with the documented default.",
        customTags: WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor UnreadableConfigFile = Create(
        "MESH903",
        title: "appsettings or Dockerfile content MeshReady cannot read",
        messageFormat: "{0} line {1}: {2}; MeshReady skips this value, so the listening rules cannot check it",
        Categories.Configuration,
        DiagnosticSeverity.Warning,
        description: "MeshReady reads the Kestrel endpoints of appsettings*.json and the ASPNETCORE_URLS / ASPNETCORE_HTTP_PORTS / EXPOSE "
            + "lines of Dockerfiles to know where the service listens. A value it cannot parse is most often a real mistake "
            + "(the host would fail the same way at start-up); the rest of the file and the analysis go on.");
}
