using System;
using System.IO;
using System.Linq;
using System.Reflection;

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
}
