using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Threading.Tasks;

namespace MeshReady.Package.Tests;

/// <summary>Runs the real <c>dotnet</c> CLI and captures its output for assertion messages.</summary>
internal static class DotNet
{
    public static async Task<(int ExitCode, string Output)> RunAsync(string workingDirectory, params string[] arguments)
    {
        var start = StartInfo("dotnet", workingDirectory, arguments);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
        var output = new StringBuilder();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        output.Append(await stdout).Append(await stderr);
        return (process.ExitCode, $"> dotnet {string.Join(' ', arguments)}\n{output}");
    }

    /// <summary>
    /// How every child process of these tests starts (the dotnet CLI, a language server that runs MSBuild): output
    /// redirected, and independent of this test run's own MSBuild/test-host environment.
    /// </summary>
    public static ProcessStartInfo StartInfo(string fileName, string workingDirectory, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["MSBuildSDKsPath"] = null;
        start.Environment["MSBUILD_EXE_PATH"] = null;
        start.Environment["MSBuildExtensionsPath"] = null;
        start.Environment["MSBuildLoadMicrosoftTargetsReadOnly"] = null;

        // NUGET_PACKAGES beats a nuget.config's globalPackagesFolder: in the samples' isolated copies it must name their
        // own folder, or on a machine that sets it the packed MeshReady lands (and stays, stale) in the user's cache.
        var isolated = Path.GetDirectoryName(PackedPackage.PackagesFolder)! + Path.DirectorySeparatorChar;
        if (Path.GetFullPath(workingDirectory).StartsWith(isolated, StringComparison.Ordinal))
        {
            start.Environment["NUGET_PACKAGES"] = PackedPackage.PackagesFolder;
        }

        return start;
    }

    public static async Task<string> RunCheckedAsync(string workingDirectory, params string[] arguments)
    {
        var (exitCode, output) = await RunAsync(workingDirectory, arguments);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"exit code {exitCode}\n{output}");
        }

        return output;
    }
}
