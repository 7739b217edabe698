using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace MeshReady.Analyzers.Infrastructure;

/// <summary>
/// A position in a source or additional file as plain values (path, character span, 0-based lines and
/// columns), so models that carry it stay value-equatable and hold no <see cref="SyntaxTree"/> or
/// <see cref="Location"/> (incremental generator pipelines cache on equality).
/// </summary>
internal readonly struct FileSpan : IEquatable<FileSpan>
{
    public FileSpan(string path, int start, int length, int startLine, int startColumn, int endLine, int endColumn)
    {
        Path = path;
        Start = start;
        Length = length;
        StartLine = startLine;
        StartColumn = startColumn;
        EndLine = endLine;
        EndColumn = endColumn;
    }

    public string Path { get; }

    public int Start { get; }

    public int Length { get; }

    /// <summary>0-based line of the first character (messages add 1).</summary>
    public int StartLine { get; }

    public int StartColumn { get; }

    public int EndLine { get; }

    public int EndColumn { get; }

    public TextSpan Span => new(Start, Length);

    public static FileSpan Of(SyntaxNode node) => Of(node.SyntaxTree, node.Span);

    public static FileSpan Of(SyntaxToken token) => Of(token.SyntaxTree!, token.Span);

    public static FileSpan Of(SyntaxTree tree, TextSpan span)
    {
        var lines = tree.GetLineSpan(span);
        return new FileSpan(tree.FilePath, span.Start, span.Length, lines.StartLinePosition.Line, lines.StartLinePosition.Character, lines.EndLinePosition.Line, lines.EndLinePosition.Character);
    }

    public static FileSpan Of(string path, SourceText text, TextSpan span)
    {
        var lines = text.Lines.GetLinePositionSpan(span);
        return new FileSpan(path, span.Start, span.Length, lines.Start.Line, lines.Start.Character, lines.End.Line, lines.End.Character);
    }

    /// <summary>A location in <paramref name="tree"/> when it is this span's file, else an external file location.</summary>
    public Location ToLocation(SyntaxTree? tree = null)
        => tree is not null && tree.FilePath == Path
            ? Location.Create(tree, Span)
            : Location.Create(Path, Span, new LinePositionSpan(new LinePosition(StartLine, StartColumn), new LinePosition(EndLine, EndColumn)));

    public bool Equals(FileSpan other)
        => Path == other.Path && Start == other.Start && Length == other.Length
            && StartLine == other.StartLine && StartColumn == other.StartColumn && EndLine == other.EndLine && EndColumn == other.EndColumn;

    public override bool Equals(object? obj) => obj is FileSpan other && Equals(other);

    public override int GetHashCode() => ((Path?.GetHashCode() ?? 0) * 397) ^ (Start * 31) ^ Length;

    public override string ToString() => Path + "(" + (StartLine + 1) + "," + (StartColumn + 1) + ")";
}
