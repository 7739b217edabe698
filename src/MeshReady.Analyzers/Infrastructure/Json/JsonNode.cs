using System;
using System.Collections.Generic;

namespace MeshReady.Analyzers.Infrastructure.Json;

/// <summary>A value read by <see cref="TolerantJsonReader"/>, with the character span it came from.</summary>
internal abstract class JsonNode
{
    protected JsonNode(int start, int length)
    {
        Start = start;
        Length = length;
    }

    public int Start { get; }

    public int Length { get; }
}

internal sealed class JsonObject : JsonNode
{
    public JsonObject(int start, int length, IReadOnlyList<JsonProperty> properties)
        : base(start, length) => Properties = properties;

    public IReadOnlyList<JsonProperty> Properties { get; }

    /// <summary>
    /// The property with this name, compared as .NET configuration compares keys (case-insensitive);
    /// the last one wins, as in configuration.
    /// </summary>
    public JsonProperty? Find(string name)
    {
        JsonProperty? found = null;
        foreach (var property in Properties)
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                found = property;
            }
        }

        return found;
    }
}

internal sealed class JsonProperty
{
    public JsonProperty(string name, int nameStart, int nameLength, JsonNode value)
    {
        Name = name;
        NameStart = nameStart;
        NameLength = nameLength;
        Value = value;
    }

    public string Name { get; }

    public int NameStart { get; }

    public int NameLength { get; }

    public JsonNode Value { get; }
}

internal sealed class JsonArray : JsonNode
{
    public JsonArray(int start, int length, IReadOnlyList<JsonNode> items)
        : base(start, length) => Items = items;

    public IReadOnlyList<JsonNode> Items { get; }
}

internal enum JsonScalarKind
{
    String,
    Number,
    True,
    False,
    Null,
}

/// <summary>A string (unescaped), number (raw text), boolean or null.</summary>
internal sealed class JsonScalar : JsonNode
{
    public JsonScalar(int start, int length, JsonScalarKind kind, string text)
        : base(start, length)
    {
        Kind = kind;
        Text = text;
    }

    public JsonScalarKind Kind { get; }

    public string Text { get; }
}
