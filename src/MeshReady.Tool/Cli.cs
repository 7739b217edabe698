using System;
using System.Diagnostics.CodeAnalysis;
using System.IO;
using System.Linq;
using System.Reflection;
using MeshReady.Manifests.Code;

namespace MeshReady.Tool;

/// <summary>Dispatches <c>meshready &lt;command&gt;</c>; the commands write to the given writers so tests can run them in-process.</summary>
internal static class Cli
{
    public static string Version { get; } =
        typeof(Cli).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr) => Run(args, TextReader.Null, stdout, stderr);

    public static int Run(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "-?" or "help")
        {
            stdout.WriteLine(HelpText.Root);
            return args.Length == 0 ? ExitCodes.UsageError : ExitCodes.Success;
        }

        if (args[0] == "--version")
        {
            stdout.WriteLine(Version);
            return ExitCodes.Success;
        }

        var rest = args.Skip(1).ToArray();
        switch (args[0])
        {
            case "check":
                return CheckCommand.Run(rest, stdin, stdout, stderr);
            case "ports":
                return PortsCommand.Run(rest, stdout, stderr);
            case "explain":
                return Explain.ExplainCommand.Run(rest, stdout, stderr);
            default:
                stderr.WriteLine($"meshready: unknown command '{args[0]}'. Run 'meshready --help'.");
                return ExitCodes.UsageError;
        }
    }

    /// <summary>Prints a usage error the way the commands all do, and returns the usage exit code.</summary>
    public static int UsageError(TextWriter stderr, string command, string message)
    {
        stderr.WriteLine($"meshready {command}: error: {message}");
        stderr.WriteLine($"Run 'meshready {command} --help' for usage.");
        return ExitCodes.UsageError;
    }

    /// <summary>
    /// Reads the generator's facts from a built assembly (<c>--assembly</c>); a missing or unreadable file is a usage
    /// error, printed the way every command prints one.
    /// </summary>
    public static bool TryReadAssembly(string assembly, TextWriter stderr, string command, [NotNullWhen(true)] out CodeFacts? code, out int exit)
    {
        code = null;
        exit = ExitCodes.Success;
        if (!File.Exists(assembly))
        {
            exit = UsageError(stderr, command, $"assembly '{assembly}' does not exist (build the project first)");
            return false;
        }

        try
        {
            code = AssemblyMetadataReader.Read(assembly);
            return true;
        }
        catch (Exception ex) when (ex is InvalidDataException or BadImageFormatException or IOException or UnauthorizedAccessException)
        {
            exit = UsageError(stderr, command, $"cannot read assembly '{assembly}': {ex.Message}");
            return false;
        }
    }
}
