using System.Collections.Generic;

namespace MeshReady.Manifests.Loading;

/// <summary>
/// Cuts a multi-document YAML stream at its <c>---</c> / <c>...</c> markers, so that one broken document
/// costs only itself: the documents before and after it are still checked. A marker line at column 0 always
/// ends a document in YAML (even inside a quoted scalar), so the cut never changes a valid document's meaning.
/// </summary>
internal static class YamlDocumentSplitter
{
    /// <summary>A document's text and the 0-based line it starts on in the file.</summary>
    internal readonly record struct Chunk(string Text, int FirstLine);

    public static List<Chunk> Split(string text)
    {
        var chunks = new List<Chunk>();
        var start = 0;
        var startLine = 0;
        var line = 0;
        var position = 0;
        while (position <= text.Length)
        {
            var end = text.IndexOf('\n', position);
            var lineEnd = end < 0 ? text.Length : end;
            if (IsMarker(text, position, lineEnd))
            {
                Add(chunks, text, start, position, startLine);

                // "--- " may carry content on the marker line ("--- !!map" or "--- {a: 1}"): keep it.
                var content = position + 3;
                start = content;
                startLine = line;
                if (text[position] == '.')
                {
                    start = lineEnd;
                }
            }

            if (end < 0)
            {
                break;
            }

            position = end + 1;
            line++;
        }

        Add(chunks, text, start, text.Length, startLine);
        return chunks;
    }

    private static bool IsMarker(string text, int lineStart, int lineEnd)
    {
        if (lineEnd - lineStart < 3)
        {
            return false;
        }

        var c = text[lineStart];
        if ((c != '-' && c != '.') || text[lineStart + 1] != c || text[lineStart + 2] != c)
        {
            return false;
        }

        return lineEnd - lineStart == 3 || char.IsWhiteSpace(text[lineStart + 3]);
    }

    private static void Add(List<Chunk> chunks, string text, int start, int end, int firstLine)
    {
        if (end > start)
        {
            chunks.Add(new Chunk(text.Substring(start, end - start), firstLine));
        }
    }
}
