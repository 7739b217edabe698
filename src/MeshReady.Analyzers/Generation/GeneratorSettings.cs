using System;
using MeshReady.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MeshReady.Analyzers.Generation;

/// <summary>
/// The project-wide options the generator needs, read from the MSBuild properties and global config
/// (<c>MeshReadyGenerateHelpers</c>, <c>meshready.workload</c>, <c>meshready.data_plane</c>). Strings and
/// bools only: the pipeline caches on it.
/// </summary>
internal sealed class GeneratorSettings : IEquatable<GeneratorSettings>
{
    public const string GenerateHelpersProperty = "build_property.MeshReadyGenerateHelpers";

    public GeneratorSettings(bool generateHelpers, string workload, string dataPlane)
    {
        GenerateHelpers = generateHelpers;
        Workload = workload;
        DataPlane = dataPlane;
    }

    /// <summary>False only when <c>MeshReadyGenerateHelpers</c> is <c>false</c>: MeshProxy and the hosting integration are then left out.</summary>
    public bool GenerateHelpers { get; }

    /// <summary><c>service</c> or <c>job</c>, as written to <c>MeshReady.Workload</c>.</summary>
    public string Workload { get; }

    /// <summary><c>sidecar</c>, <c>native_sidecar</c>, <c>ambient</c> or <c>none</c>, as written to <c>MeshReady.DataPlane</c>.</summary>
    public string DataPlane { get; }

    public static GeneratorSettings Read(AnalyzerConfigOptionsProvider provider)
    {
        var global = provider.GlobalOptions;
        var options = MeshOptions.Read(global, global);
        var generate = !(global.TryGetValue(GenerateHelpersProperty, out var value)
            && string.Equals(value.Trim(), "false", StringComparison.OrdinalIgnoreCase));
        return new GeneratorSettings(
            generate,
            OptionLookup.NameOf(MeshOptions.WorkloadNames, options.Workload),
            OptionLookup.NameOf(MeshOptions.DataPlaneNames, options.DataPlane));
    }

    public bool Equals(GeneratorSettings? other)
        => other is not null && GenerateHelpers == other.GenerateHelpers && Workload == other.Workload && DataPlane == other.DataPlane;

    public override bool Equals(object? obj) => Equals(obj as GeneratorSettings);

    public override int GetHashCode() => (GenerateHelpers, Workload, DataPlane).GetHashCode();
}
