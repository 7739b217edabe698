using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace MeshReady.Analyzers.Infrastructure.Json;

/// <summary>
/// Reads JSON the way .NET configuration files are written: <c>//</c> and <c>/* */</c> comments and
/// trailing commas are legal. Keeps each value's character span so findings point at the line. Never
/// throws: a syntax error is returned with its offset. Written here (not System.Text.Json) so the analyzer
/// assembly loads in any Roslyn host without extra dependencies.
/// </summary>
internal sealed class TolerantJsonReader
{
    private const int MaxDepth = 64;

    private readonly string text;
    private int position;

    private TolerantJsonReader(string text) => this.text = text;

    /// <summary>Parses <paramref name="text"/>; on failure Root is null and Error/ErrorOffset say why and where.</summary>
    public static JsonParseResult Parse(string text)
    {
        var reader = new TolerantJsonReader(text);
        try
        {
            reader.SkipTrivia();
            if (reader.AtEnd)
            {
                return JsonParseResult.Failure("the file is empty", 0);
            }

            var root = reader.ReadValue(0);
            reader.SkipTrivia();
            if (!reader.AtEnd)
            {
                return JsonParseResult.Failure("unexpected '" + reader.Current + "' after the end of the document", reader.position);
            }

            return JsonParseResult.Success(root);
        }
        catch (JsonSyntaxException e)
        {
            return JsonParseResult.Failure(e.Message, e.Offset);
        }
    }

    private bool AtEnd => position >= text.Length;

    private char Current => text[position];

    private JsonNode ReadValue(int depth)
    {
        if (depth > MaxDepth)
        {
            throw Error("nesting is deeper than " + MaxDepth + " levels");
        }

        SkipTrivia();
        if (AtEnd)
        {
            throw Error("unexpected end of file, a value was expected");
        }

        switch (Current)
        {
            case '{':
                return ReadObject(depth);
            case '[':
                return ReadArray(depth);
            case '"':
                {
                    var start = position;
                    var value = ReadString();
                    return new JsonScalar(start, position - start, JsonScalarKind.String, value);
                }

            case 't':
                return ReadKeyword("true", JsonScalarKind.True);
            case 'f':
                return ReadKeyword("false", JsonScalarKind.False);
            case 'n':
                return ReadKeyword("null", JsonScalarKind.Null);
            default:
                if (Current == '-' || char.IsDigit(Current))
                {
                    return ReadNumber();
                }

                throw Error("unexpected '" + Current + "', a value was expected");
        }
    }

    private JsonObject ReadObject(int depth)
    {
        var start = position;
        position++;
        var properties = new List<JsonProperty>();
        while (true)
        {
            SkipTrivia();
            if (AtEnd)
            {
                throw Error("unexpected end of file, '}' was expected", start);
            }

            if (Current == '}')
            {
                position++;
                return new JsonObject(start, position - start, properties);
            }

            if (Current != '"')
            {
                throw Error("unexpected '" + Current + "', a property name in double quotes was expected");
            }

            var nameStart = position;
            var name = ReadString();
            var nameLength = position - nameStart;
            SkipTrivia();
            if (AtEnd || Current != ':')
            {
                throw Error("':' was expected after the property name \"" + name + "\"");
            }

            position++;
            var value = ReadValue(depth + 1);
            properties.Add(new JsonProperty(name, nameStart, nameLength, value));
            SkipTrivia();
            if (AtEnd)
            {
                throw Error("unexpected end of file, '}' was expected", start);
            }

            if (Current == ',')
            {
                position++;
                continue;
            }

            if (Current != '}')
            {
                throw Error("',' or '}' was expected after the value of \"" + name + "\"");
            }
        }
    }

    private JsonArray ReadArray(int depth)
    {
        var start = position;
        position++;
        var items = new List<JsonNode>();
        while (true)
        {
            SkipTrivia();
            if (AtEnd)
            {
                throw Error("unexpected end of file, ']' was expected", start);
            }

            if (Current == ']')
            {
                position++;
                return new JsonArray(start, position - start, items);
            }

            items.Add(ReadValue(depth + 1));
            SkipTrivia();
            if (AtEnd)
            {
                throw Error("unexpected end of file, ']' was expected", start);
            }

            if (Current == ',')
            {
                position++;
                continue;
            }

            if (Current != ']')
            {
                throw Error("',' or ']' was expected in the array");
            }
        }
    }

    private string ReadString()
    {
        var start = position;
        position++;
        var builder = new StringBuilder();
        while (true)
        {
            if (AtEnd || Current == '\n')
            {
                throw Error("the string is not closed", start);
            }

            var c = Current;
            position++;
            if (c == '"')
            {
                return builder.ToString();
            }

            if (c != '\\')
            {
                builder.Append(c);
                continue;
            }

            if (AtEnd)
            {
                throw Error("the string is not closed", start);
            }

            var escaped = Current;
            position++;
            switch (escaped)
            {
                case '"': builder.Append('"'); break;
                case '\\': builder.Append('\\'); break;
                case '/': builder.Append('/'); break;
                case 'b': builder.Append('\b'); break;
                case 'f': builder.Append('\f'); break;
                case 'n': builder.Append('\n'); break;
                case 'r': builder.Append('\r'); break;
                case 't': builder.Append('\t'); break;
                case 'u':
                    if (position + 4 > text.Length
                        || !int.TryParse(text.Substring(position, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code))
                    {
                        throw Error("'\\u' must be followed by four hex digits", position - 2);
                    }

                    builder.Append((char)code);
                    position += 4;
                    break;
                default:
                    throw Error("'\\" + escaped + "' is not a valid escape", position - 2);
            }
        }
    }

    private JsonScalar ReadKeyword(string keyword, JsonScalarKind kind)
    {
        if (string.CompareOrdinal(text, position, keyword, 0, keyword.Length) != 0)
        {
            throw Error("unexpected '" + Current + "', a value was expected");
        }

        var start = position;
        position += keyword.Length;
        return new JsonScalar(start, keyword.Length, kind, keyword);
    }

    private JsonScalar ReadNumber()
    {
        var start = position;
        while (!AtEnd && (char.IsDigit(Current) || Current is '-' or '+' or '.' or 'e' or 'E'))
        {
            position++;
        }

        var raw = text.Substring(start, position - start);
        if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            throw Error("'" + raw + "' is not a number", start);
        }

        return new JsonScalar(start, raw.Length, JsonScalarKind.Number, raw);
    }

    private void SkipTrivia()
    {
        while (!AtEnd)
        {
            var c = Current;
            if (c is ' ' or '\t' or '\r' or '\n' or '\uFEFF')
            {
                position++;
            }
            else if (c == '/' && position + 1 < text.Length && text[position + 1] == '/')
            {
                while (!AtEnd && Current != '\n')
                {
                    position++;
                }
            }
            else if (c == '/' && position + 1 < text.Length && text[position + 1] == '*')
            {
                var end = text.IndexOf("*/", position + 2, System.StringComparison.Ordinal);
                if (end < 0)
                {
                    throw Error("the comment is not closed");
                }

                position = end + 2;
            }
            else
            {
                return;
            }
        }
    }

    private JsonSyntaxException Error(string message, int? offset = null) => new(message, offset ?? position);

    private sealed class JsonSyntaxException : System.Exception
    {
        public JsonSyntaxException(string message, int offset)
            : base(message) => Offset = offset;

        public int Offset { get; }
    }
}

/// <summary>The outcome of <see cref="TolerantJsonReader.Parse"/>: a root value, or an error and its offset.</summary>
internal sealed class JsonParseResult
{
    private JsonParseResult(JsonNode? root, string? error, int errorOffset)
    {
        Root = root;
        Error = error;
        ErrorOffset = errorOffset;
    }

    public JsonNode? Root { get; }

    public string? Error { get; }

    public int ErrorOffset { get; }

    public static JsonParseResult Success(JsonNode root) => new(root, null, 0);

    public static JsonParseResult Failure(string error, int offset) => new(null, error, offset);
}
