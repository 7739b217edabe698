using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace MeshReady.Analyzers.Tests.Robustness;

/// <summary>A mutated input: its text and how to make it again (input name, seed, what was cut).</summary>
public sealed record InputVariant(CSharpInput Input, string Text, string Description)
{
    public override string ToString() => $"{Input.Name}: {Description}";
}

/// <summary>
/// Half-typed code made from real inputs, deterministically: the whole text, the text truncated at evenly
/// spread points (plus jitter), and the text with a few random tokens deleted. The same seed gives the same
/// variants, so a failure is reproduced by its description alone.
/// </summary>
public static class InputMutations
{
    /// <summary>Variant <paramref name="index"/> of <paramref name="input"/>: 0 is the whole text, then truncations and deletions alternate.</summary>
    public static InputVariant Variant(CSharpInput input, int index, int seed)
    {
        if (index == 0)
        {
            return new InputVariant(input, input.Text, "unchanged");
        }

        // A per-input, per-variant random stream: independent of which other inputs or variants ran.
        var random = new Random(unchecked((seed * 31 + StableHash(input.Name)) * 31 + index));
        return index % 2 == 1
            ? Truncate(input, index, seed, random)
            : DeleteTokens(input, index, seed, random);
    }

    private static InputVariant Truncate(CSharpInput input, int index, int seed, Random random)
    {
        var length = input.Text.Length;
        if (length < 2)
        {
            return new InputVariant(input, string.Empty, $"seed {seed}, variant {index}: truncated at 0");
        }

        // Odd variants 1, 3, 5, … walk the text front to back in eighths, then keep going at random points.
        var step = index / 2;
        var point = step < 8
            ? Math.Clamp((int)((long)length * (step + 1) / 9) + random.Next(-20, 21), 1, length - 1)
            : random.Next(1, length);
        return new InputVariant(input, input.Text.Substring(0, point), $"seed {seed}, variant {index}: truncated at character {point} of {length}");
    }

    private static InputVariant DeleteTokens(CSharpInput input, int index, int seed, Random random)
    {
        var tokens = CSharpSyntaxTree.ParseText(input.Text).GetRoot().DescendantTokens(descendIntoTrivia: false)
            .Where(t => !t.IsKind(SyntaxKind.EndOfFileToken))
            .ToList();
        if (tokens.Count == 0)
        {
            return new InputVariant(input, input.Text, $"seed {seed}, variant {index}: no tokens to delete");
        }

        var count = Math.Min(tokens.Count, 1 + random.Next(3));
        var deleted = new SortedSet<int>();
        while (deleted.Count < count)
        {
            deleted.Add(random.Next(tokens.Count));
        }

        var text = new StringBuilder(input.Text.Length);
        var descriptions = new List<string>();
        for (var i = 0; i < tokens.Count; i++)
        {
            if (deleted.Contains(i))
            {
                // Keep the trivia so line numbers stay comparable with the original.
                text.Append(tokens[i].LeadingTrivia.ToFullString()).Append(tokens[i].TrailingTrivia.ToFullString());
                descriptions.Add($"'{tokens[i].Text}' at {tokens[i].SpanStart}");
            }
            else
            {
                text.Append(tokens[i].ToFullString());
            }
        }

        text.Append(tokens[^1].GetNextToken(includeZeroWidth: true).ToFullString());
        return new InputVariant(input, text.ToString(), $"seed {seed}, variant {index}: deleted tokens {string.Join(", ", descriptions)}");
    }

    /// <summary>string.GetHashCode and HashCode are randomised per process; reproducible runs need a stable hash (FNV-1a).</summary>
    private static int StableHash(string text)
    {
        unchecked
        {
            var hash = (int)2166136261;
            foreach (var c in text)
            {
                hash = (hash ^ c) * 16777619;
            }

            return hash;
        }
    }
}
