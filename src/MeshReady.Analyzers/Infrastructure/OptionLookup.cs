using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis.Diagnostics;
using MeshReady.Analyzers.Mesh;

namespace MeshReady.Analyzers.Infrastructure;

/// <summary>Finds an option's raw value (tree key, then global key, then MSBuild property) and parses it.</summary>
internal readonly struct OptionLookup
{
    private readonly AnalyzerConfigOptions treeOptions;
    private readonly AnalyzerConfigOptions globalOptions;

    public OptionLookup(AnalyzerConfigOptions treeOptions, AnalyzerConfigOptions globalOptions)
    {
        this.treeOptions = treeOptions;
        this.globalOptions = globalOptions;
    }

    /// <summary>The raw value and where it came from, or null when the option is not set.</summary>
    public (string Value, string Source, string Key)? Raw(OptionKey key)
    {
        if (treeOptions.TryGetValue(key.EditorConfigKey, out var value) || globalOptions.TryGetValue(key.EditorConfigKey, out value))
        {
            return (value, ".editorconfig", key.EditorConfigKey);
        }

        if (globalOptions.TryGetValue("build_property." + key.MSBuildProperty, out value) && !string.IsNullOrWhiteSpace(value))
        {
            return (value, "MSBuild property", key.MSBuildProperty);
        }

        return null;
    }

    public T Enum<T>(OptionKey key, T defaultValue, IReadOnlyDictionary<string, T> names, ImmutableArray<OptionError>.Builder errors)
        where T : struct
    {
        if (Raw(key) is not { } raw)
        {
            return defaultValue;
        }

        if (names.TryGetValue(raw.Value.Trim(), out var parsed))
        {
            return parsed;
        }

        errors.Add(new OptionError(raw.Source, raw.Key, raw.Value, key.Accepted, NameOf(names, defaultValue)));
        return defaultValue;
    }

    public System.TimeSpan Duration(OptionKey key, System.TimeSpan defaultValue, ImmutableArray<OptionError>.Builder errors)
    {
        if (Raw(key) is not { } raw)
        {
            return defaultValue;
        }

        if (Infrastructure.Duration.TryParse(raw.Value, out var parsed) && parsed > System.TimeSpan.Zero)
        {
            return parsed;
        }

        errors.Add(new OptionError(raw.Source, raw.Key, raw.Value, key.Accepted, Infrastructure.Duration.Format(defaultValue)));
        return defaultValue;
    }

    public IstioRelease IstioRelease(OptionKey key, ImmutableArray<OptionError>.Builder errors)
    {
        if (Raw(key) is not { } raw)
        {
            return Mesh.IstioRelease.Newest;
        }

        if (Mesh.IstioRelease.TryParse(raw.Value, out var parsed))
        {
            return parsed;
        }

        errors.Add(new OptionError(raw.Source, raw.Key, raw.Value, key.Accepted, Mesh.IstioRelease.Newest.ToString()));
        return Mesh.IstioRelease.Newest;
    }

    public string ClusterDomain(OptionKey key, string defaultValue, ImmutableArray<OptionError>.Builder errors)
    {
        if (Raw(key) is not { } raw)
        {
            return defaultValue;
        }

        var value = raw.Value.Trim().Trim('.').ToLowerInvariant();
        if (MeshHosts.IsValidDnsName(value))
        {
            return value;
        }

        errors.Add(new OptionError(raw.Source, raw.Key, raw.Value, key.Accepted, defaultValue));
        return defaultValue;
    }

    /// <summary>
    /// A comma-separated list of dotted names (<c>Acme.Config.RemoteSettings.Load</c>). Each invalid entry is
    /// reported on its own and skipped; the valid ones are kept.
    /// </summary>
    public ImmutableArray<string> QualifiedNames(OptionKey key, ImmutableArray<OptionError>.Builder errors)
    {
        if (Raw(key) is not { } raw)
        {
            return ImmutableArray<string>.Empty;
        }

        var names = ImmutableArray.CreateBuilder<string>();
        foreach (var part in raw.Value.Split(','))
        {
            var name = part.Trim();
            if (name.Length == 0)
            {
                continue;
            }

            if (IsQualifiedName(name))
            {
                names.Add(name);
            }
            else
            {
                errors.Add(new OptionError(raw.Source, raw.Key, name, key.Accepted, "built-in list only"));
            }
        }

        return names.ToImmutable();
    }

    /// <summary>At least two dot-separated C# identifiers (a type needs a namespace or a containing type).</summary>
    private static bool IsQualifiedName(string name)
    {
        var segments = name.Split('.');
        if (segments.Length < 2)
        {
            return false;
        }

        foreach (var segment in segments)
        {
            if (segment.Length == 0 || !(char.IsLetter(segment[0]) || segment[0] == '_'))
            {
                return false;
            }

            foreach (var c in segment)
            {
                if (!(char.IsLetterOrDigit(c) || c == '_'))
                {
                    return false;
                }
            }
        }

        return true;
    }
    /// <summary>A list of IP addresses or CIDR ranges; each unreadable entry is an error and is skipped.</summary>
    public ImmutableArray<IPRange> IPRanges(OptionKey key, ImmutableArray<OptionError>.Builder errors)
    {
        if (Raw(key) is not { } raw)
        {
            return ImmutableArray<IPRange>.Empty;
        }

        var ranges = ImmutableArray.CreateBuilder<IPRange>();
        foreach (var entry in raw.Value.Split(ListSeparators, System.StringSplitOptions.RemoveEmptyEntries))
        {
            if (IPRange.TryParse(entry, out var range))
            {
                ranges.Add(range);
            }
            else
            {
                errors.Add(new OptionError(raw.Source, raw.Key, entry, key.Accepted, "none"));
            }
        }

        return ranges.ToImmutable();
    }

    private static readonly char[] ListSeparators = { ',', ';', ' ' };

    /// <summary>The option name of an enum value (the reverse of parsing), e.g. <c>native_sidecar</c>.</summary>
    internal static string NameOf<T>(IReadOnlyDictionary<string, T> names, T value)
        where T : struct
    {
        foreach (var pair in names)
        {
            if (EqualityComparer<T>.Default.Equals(pair.Value, value))
            {
                return pair.Key;
            }
        }

        return value.ToString()!;
    }
}
