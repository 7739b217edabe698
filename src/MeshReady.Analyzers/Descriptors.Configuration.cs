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
}
