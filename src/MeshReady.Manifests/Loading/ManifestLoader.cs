using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using MeshReady.Manifests.Model;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MeshReady.Manifests.Loading;

/// <summary>
/// Reads Kubernetes YAML files into <see cref="ManifestObject"/>s. Never throws on file content: unreadable
/// files, invalid YAML and objects that do not fit their schema become MESH91n findings naming the file and
/// line, and the rest of the file (and of the run) is still checked.
/// </summary>
internal static class ManifestLoader
{
    /// <summary>Rendered manifests of real services are kilobytes; anything this large is not a manifest.</summary>
    public const long MaxFileBytes = 64L * 1024 * 1024;

    private static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // YamlDotNet prefixes its messages with both marks; the location is reported separately.
    private static readonly Regex MarkPrefix = new(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ", RegexOptions.CultureInvariant);

    public static ManifestFile Load(string path)
    {
        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (info.Exists && info.Length > MaxFileBytes)
            {
                return Unreadable(path, 1, $"'{path}' is {info.Length / (1024 * 1024)} MB, larger than the {MaxFileBytes / (1024 * 1024)} MB a manifest can reasonably be; it was not checked.");
            }

            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return Unreadable(path, 1, $"'{path}' cannot be read ({ex.Message}); it was not checked.");
        }

        return Decode(path, bytes, out var text, out var failure) ? LoadText(path, text) : failure!;
    }

    /// <summary>Loads YAML already in memory; <paramref name="path"/> names it in findings.</summary>
    public static ManifestFile LoadText(string path, string text)
    {
        var objects = new List<ManifestObject>();
        var findings = new List<Finding>();
        foreach (var split in YamlDocumentSplitter.Split(text))
        {
            var chunk = split;
            var stream = new YamlStream();
            try
            {
                stream = LoadStream(ref chunk);
            }
            catch (YamlException) when (CannotBeAnObject(chunk.Text))
            {
                continue;
            }
            catch (YamlException ex)
            {
                var (line, column) = ex.Message.Contains("tab", StringComparison.Ordinal) && FirstTabIndentedLine(chunk.Text) is { } tabLine
                    ? (tabLine, 1)
                    : ((int)ProblemMark(ex).Line, (int)ProblemMark(ex).Column);
                findings.Add(ManifestRules.InvalidYaml.At(
                    new SourceLocation(path, line + chunk.FirstLine, column),
                    $"'{path}' is not valid YAML: {Describe(ex)}. This document was not checked; fix the YAML (kubectl would reject it too)."));
                continue;
            }
#pragma warning disable CA1031 // A parser bug on odd input must cost one document, never the run.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                findings.Add(ManifestRules.InvalidYaml.At(
                    new SourceLocation(path, chunk.FirstLine + 1, 1),
                    $"'{path}' could not be parsed as YAML ({ex.GetType().Name}: {ex.Message}); this document was not checked."));
                continue;
            }

            foreach (var document in stream.Documents)
            {
                if (document.RootNode is YamlMappingNode root)
                {
                    ReadObject(path, chunk, root, objects, findings);
                }
            }
        }

        // A Helm template rarely parses, and never fits the schema: one note instead of a list of errors.
        if (findings.Count > 0 && LooksLikeHelmTemplate(text))
        {
            objects.Clear();
            findings.Clear();
            findings.Add(ManifestRules.HelmTemplate.At(
                new SourceLocation(path, 1, 1),
                $"'{path}' is an unrendered Helm template and was not checked; check the output of `helm template` instead."));
        }

        return new ManifestFile(path, objects, findings);
    }

    /// <summary>
    /// Parses one document. YamlDotNet (18.0.0, through KubernetesClient 21) rejects a block scalar whose leading blank line holds as many spaces as
    /// its content is indented ("found extra spaces in first line"), which YAML 1.2 allows (section 8.1.1.1: only
    /// more spaces than the first non-empty line is an error) and kubectl accepts; Helm charts render such lines, e.g.
    /// Istio's samples/addons/loki.yaml. On that error the document is parsed once more with whitespace-only lines
    /// emptied: line numbers stay, and only the whitespace of blank lines inside string values changes.
    /// </summary>
    private static YamlStream LoadStream(ref YamlDocumentSplitter.Chunk chunk)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(chunk.Text));
            return stream;
        }
        catch (YamlException) when (WhitespaceOnlyLine.IsMatch(chunk.Text))
        {
            var blanked = new YamlDocumentSplitter.Chunk(WhitespaceOnlyLine.Replace(chunk.Text, string.Empty), chunk.FirstLine);
            stream = new YamlStream();
            stream.Load(new StringReader(blanked.Text)); // still invalid: the caller reports this attempt's error
            chunk = blanked;
            return stream;
        }
    }

    /// <summary>
    /// Every Kubernetes object names its <c>apiVersion</c>, and a document without one is skipped even when it parses
    /// (<see cref="ReadObject"/>), so a document that does not even spell the key is data that happens to sit among the
    /// manifests (a JSON-lines fixture, a values file), not a broken manifest: no MESH910 for it.
    /// </summary>
    private static bool CannotBeAnObject(string text) => !text.Contains("apiVersion", StringComparison.Ordinal);

    private static readonly Regex WhitespaceOnlyLine = new(@"^[ \t]+(?=\r?$)", RegexOptions.Multiline | RegexOptions.CultureInvariant);

    private static void ReadObject(string path, YamlDocumentSplitter.Chunk chunk, YamlMappingNode root, List<ManifestObject> objects, List<Finding> findings)
    {
        var apiVersion = Scalar(root, "apiVersion");
        var kind = Scalar(root, "kind");
        if (apiVersion is null || kind is null)
        {
            return;
        }

        // kubectl get -o yaml|json prints "kind: List" (items carry their own kind); the API server's typed lists
        // ("kind: DeploymentList") leave kind and apiVersion off the items. Either way every item is an object.
        if (kind.EndsWith("List", StringComparison.Ordinal) && Child(root, "items") is YamlSequenceNode items)
        {
            var itemKind = kind == "List" ? null : kind[..^"List".Length];
            for (var i = 0; i < items.Children.Count; i++)
            {
                if (items.Children[i] is YamlMappingNode mapping)
                {
                    // An item ends where the next begins (its "- " line belongs to the next).
                    var end = i + 1 < items.Children.Count ? (int)items.Children[i + 1].Start.Line - 1 : (int)items.End.Line;
                    ReadItem(path, chunk, mapping, Scalar(mapping, "apiVersion") ?? apiVersion, Scalar(mapping, "kind") ?? itemKind, end + chunk.FirstLine, objects, findings);
                }
            }

            return;
        }

        var lastLine = chunk.FirstLine + chunk.Text.Count(c => c == '\n') + 1;
        Deserialize(path, chunk, root, apiVersion, kind, chunk.FirstLine + 1, lastLine, objects, findings);
    }

    private static void ReadItem(string path, YamlDocumentSplitter.Chunk chunk, YamlMappingNode item, string apiVersion, string? kind, int last, List<ManifestObject> objects, List<Finding> findings)
    {
        if (kind is null)
        {
            return;
        }

        var first = (int)item.Start.Line + chunk.FirstLine;
        Deserialize(path, chunk, item, apiVersion, kind, first, Math.Max(first, last), objects, findings);
    }

    /// <summary>The model is read from the node tree already parsed for positions (one parse per document).</summary>
    private static void Deserialize(
        string path, YamlDocumentSplitter.Chunk chunk, YamlMappingNode root, string apiVersion, string kind, int firstLine, int lastLine, List<ManifestObject> objects, List<Finding> findings)
    {
        var type = KubernetesKinds.ModelFor(apiVersion, kind);
        if (type is null)
        {
            return;
        }

        try
        {
            var model = ModelReader.Read(root, type);
            objects.Add(new ManifestObject(path, kind, model, root, chunk.FirstLine, firstLine, lastLine));
        }
        catch (YamlException ex)
        {
            // The marks are the nodes' own, relative to the parsed document (a list item's too).
            var at = ProblemMark(ex).Line > 0
                ? new SourceLocation(path, (int)ProblemMark(ex).Line + chunk.FirstLine, (int)ProblemMark(ex).Column)
                : new SourceLocation(path, (int)root.Start.Line + chunk.FirstLine, (int)root.Start.Column);
            findings.Add(ManifestRules.SchemaMismatch.At(at,
                $"{kind} in '{path}' does not match the Kubernetes {apiVersion} {kind} schema: {Describe(ex)}. The object was not checked; the API server would reject it."));
        }
#pragma warning disable CA1031 // Same as above: one object, never the run.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            findings.Add(ManifestRules.SchemaMismatch.At(
                new SourceLocation(path, (int)root.Start.Line + chunk.FirstLine, (int)root.Start.Column),
                $"{kind} in '{path}' could not be read as a Kubernetes {apiVersion} {kind} ({ex.Message}); the object was not checked."));
        }
    }

    private static YamlNode? Child(YamlMappingNode mapping, string key)
    {
        foreach (var entry in mapping.Children)
        {
            if (entry.Key is YamlScalarNode k && k.Value == key)
            {
                return entry.Value;
            }
        }

        return null;
    }

    private static string? Scalar(YamlMappingNode mapping, string key) => (Child(mapping, key) as YamlScalarNode)?.Value;

    /// <summary>
    /// Where the problem is: parser errors start at the enclosing construct ("while parsing a block mapping")
    /// and end where the offending token is; scanner errors start and end at the same place.
    /// </summary>
    private static Mark ProblemMark(YamlException ex) => ex.End.Line > 0 ? ex.End : ex.Start;

    /// <summary>YamlDotNet reports tab indentation at the start of the document; the user needs the line with the tab.</summary>
    private static int? FirstTabIndentedLine(string text)
    {
        var line = 1;
        var atLineStart = true;
        foreach (var c in text)
        {
            if (c == '\n')
            {
                line++;
                atLineStart = true;
            }
            else if (atLineStart && c == '\t')
            {
                return line;
            }
            else if (c != ' ')
            {
                atLineStart = false;
            }
        }

        return null;
    }

    private static string Describe(YamlException ex)
    {
        // Deserialisation wraps the useful message ("Input string was not in a correct format") one level down.
        var message = MarkPrefix.Replace(ex.Message, string.Empty);
        if (ex.InnerException is { } inner && !string.IsNullOrWhiteSpace(inner.Message))
        {
            message += " (" + MarkPrefix.Replace(inner.Message, string.Empty).TrimEnd('.') + ")";
        }

        return message.TrimEnd('.');
    }

    private static bool LooksLikeHelmTemplate(string text) => text.Contains("{{", StringComparison.Ordinal) && text.Contains("}}", StringComparison.Ordinal);

    private static bool Decode(string path, byte[] bytes, out string text, out ManifestFile? failure)
    {
        failure = null;
        text = string.Empty;
        if (bytes.Length >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF)))
        {
            // UTF-16 with a byte order mark is valid YAML; StreamReader honours the mark.
            using var reader = new StreamReader(new MemoryStream(bytes), detectEncodingFromByteOrderMarks: true);
            text = reader.ReadToEnd();
            return true;
        }

        var offset = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
        try
        {
            text = StrictUtf8.GetString(bytes, offset, bytes.Length - offset);
            return true;
        }
        catch (DecoderFallbackException ex)
        {
            var at = offset + Math.Max(ex.Index, 0);
            var line = 1;
            for (var i = 0; i < at && i < bytes.Length; i++)
            {
                if (bytes[i] == (byte)'\n')
                {
                    line++;
                }
            }

            var bad = ex.BytesUnknown is { Length: > 0 } unknown ? "0x" + unknown[0].ToString("X2", CultureInfo.InvariantCulture) : "an invalid byte";
            failure = Unreadable(path, line, $"'{path}' is not UTF-8 ({bad} on line {line.ToString(CultureInfo.InvariantCulture)}); YAML must be UTF-8 or UTF-16. Re-save the file as UTF-8; it was not checked.");
            return false;
        }
    }

    private static ManifestFile Unreadable(string path, int line, string message)
        => new(path, Array.Empty<ManifestObject>(), [ManifestRules.UnreadableFile.At(new SourceLocation(path, line, 1), message)]);
}
