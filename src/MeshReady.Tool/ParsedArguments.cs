using System;
using System.Collections.Generic;

namespace MeshReady.Tool;

/// <summary>
/// A command's arguments: positional values, <c>--name value</c> / <c>--name=value</c> options and <c>--name</c> flags,
/// each at most once. Parsing errors are collected, never thrown, so the command can print them with its help.
/// </summary>
internal sealed class ParsedArguments
{
    private readonly Dictionary<string, string> options = new(StringComparer.Ordinal);
    private readonly HashSet<string> flags = new(StringComparer.Ordinal);

    private ParsedArguments()
    {
    }

    public List<string> Positional { get; } = [];

    public List<string> Errors { get; } = [];

    public bool HelpRequested { get; private set; }

    /// <param name="aliases">Short names for options and flags (<c>-n</c> for <c>--namespace</c>, as kubectl spells them).</param>
    public static ParsedArguments Parse(IReadOnlyList<string> args, ICollection<string> knownOptions, ICollection<string>? knownFlags = null, IReadOnlyDictionary<string, string>? aliases = null)
    {
        var result = new ParsedArguments();
        var onlyPositional = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (onlyPositional || !arg.StartsWith('-') || arg == "-")
            {
                result.Positional.Add(arg);
                continue;
            }

            if (arg == "--")
            {
                onlyPositional = true;
                continue;
            }

            if (arg is "-h" or "--help" or "-?")
            {
                result.HelpRequested = true;
                continue;
            }

            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? arg : arg[..equals];
            if (aliases is not null && aliases.TryGetValue(name, out var full))
            {
                name = full;
            }

            if (knownFlags?.Contains(name) == true)
            {
                if (equals >= 0)
                {
                    result.Errors.Add($"option '{name}' takes no value");
                }
                else if (!result.flags.Add(name))
                {
                    result.Errors.Add($"option '{name}' is given more than once");
                }

                continue;
            }

            if (!knownOptions.Contains(name))
            {
                result.Errors.Add($"unknown option '{name}'");
                continue;
            }

            string value;
            if (equals >= 0)
            {
                value = arg[(equals + 1)..];
            }
            else if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                value = args[++i];
            }
            else
            {
                result.Errors.Add($"option '{name}' needs a value");
                continue;
            }

            if (!result.options.TryAdd(name, value))
            {
                result.Errors.Add($"option '{name}' is given more than once");
            }
        }

        return result;
    }

    public string? Option(string name) => options.TryGetValue(name, out var value) ? value : null;

    /// <summary>True when the flag (an option without a value) was given.</summary>
    public bool Flag(string name) => flags.Contains(name);
}
