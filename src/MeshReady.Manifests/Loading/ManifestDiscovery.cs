using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace MeshReady.Manifests.Loading;

/// <summary>Turns the paths a user passes (files, folders) into the YAML files to check.</summary>
internal static class ManifestDiscovery
{
    /// <summary>What <c>kubectl apply -f &lt;dir&gt;</c> reads: kubectl get -o json output is checked like YAML.</summary>
    private static readonly string[] Extensions = [".yaml", ".yml", ".json"];

    /// <summary>The path that means standard input (<c>kubectl get deploy,svc -o yaml | meshready check -</c>).</summary>
    public const string StandardInput = "-";

    /// <summary>
    /// Files are taken as given (whatever their extension), and <c>-</c> (standard input) once; folders are searched
    /// recursively for *.yaml/*.yml/*.json,
    /// skipping bin/ and obj/ and hidden folders. Paths that do not exist are returned in <paramref name="missing"/>.
    /// </summary>
    public static List<string> Expand(IEnumerable<string> paths, out List<string> missing)
    {
        missing = [];
        var files = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            if (path == StandardInput)
            {
                if (seen.Add(StandardInput))
                {
                    files.Add(StandardInput);
                }
            }
            else if (File.Exists(path))
            {
                if (seen.Add(Path.GetFullPath(path)))
                {
                    files.Add(path);
                }
            }
            else if (Directory.Exists(path))
            {
                foreach (var file in Walk(path).OrderBy(f => f, StringComparer.Ordinal))
                {
                    if (seen.Add(Path.GetFullPath(file)))
                    {
                        files.Add(file);
                    }
                }
            }
            else
            {
                missing.Add(path);
            }
        }

        return files;
    }

    private static IEnumerable<string> Walk(string directory)
    {
        var pending = new Stack<string>();
        pending.Push(directory);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            string[] entries;
            string[] children;
            try
            {
                entries = Directory.GetFiles(current);
                children = Directory.GetDirectories(current);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            foreach (var file in entries)
            {
                if (Extensions.Any(e => file.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
                {
                    yield return file;
                }
            }

            foreach (var child in children)
            {
                var name = Path.GetFileName(child);
                if (name is not ("bin" or "obj" or "node_modules") && !name.StartsWith('.'))
                {
                    pending.Push(child);
                }
            }
        }
    }
}
