using System.Text;

namespace MeshReady.Analyzers.Generation;

/// <summary>A small indented writer for generated C# (the cookbook's advice: text, not NormalizeWhitespace).</summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder text = new();
    private int depth;

    public SourceWriter Line(string line = "")
    {
        if (line.Length > 0)
        {
            text.Append(' ', depth * 4);
        }

        text.Append(line).Append('\n');
        return this;
    }

    public SourceWriter Open(string line)
    {
        Line(line);
        Line("{");
        depth++;
        return this;
    }

    public SourceWriter Close(string suffix = "")
    {
        depth--;
        return Line("}" + suffix);
    }

    /// <summary>Appends a block of text whose lines are already indented relative to the current depth.</summary>
    public SourceWriter Block(string block)
    {
        foreach (var line in block.Replace("\r\n", "\n").Split('\n'))
        {
            Line(line);
        }

        return this;
    }

    /// <summary>The two attributes every generated type carries: <c>[GeneratedCode]</c> and <c>[Embedded]</c>.</summary>
    public SourceWriter Marks()
        => Line(GeneratedSources.GeneratedCodeAttribute).Line("[global::Microsoft.CodeAnalysis.Embedded]");

    public override string ToString() => text.ToString();
}
