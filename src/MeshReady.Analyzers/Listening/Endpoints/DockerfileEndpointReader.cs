using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Text;
using MeshReady.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis.Text;

namespace MeshReady.Analyzers.Listening.Endpoints;

/// <summary>
/// Reads the listeners a Dockerfile declares for the image it ships: <c>ENV ASPNETCORE_URLS</c>,
/// <c>ASPNETCORE_HTTP_PORTS</c>, <c>ASPNETCORE_HTTPS_PORTS</c> (and their <c>DOTNET_</c> forms) and <c>EXPOSE</c>.
/// Only the final stage counts, with the stages it is built <c>FROM</c>: an <c>ENV</c> in the SDK build stage
/// never reaches the running container. Line continuations and comments are honoured; <c>$VARIABLE</c>s are
/// unknown values, not errors.
/// </summary>
internal static class DockerfileEndpointReader
{
    /// <summary>The origin of a port that only an <c>EXPOSE</c> instruction names.</summary>
    public const string ExposeOrigin = "EXPOSE";

    public static EndpointFile Read(string path, SourceText text)
    {
        var errors = ImmutableArray.CreateBuilder<ConfigFileError>();
        var stages = new List<Stage>();
        foreach (var instruction in Instructions(text))
        {
            if (instruction.Keyword == "FROM")
            {
                stages.Add(Stage.From(instruction, stages));
            }
            else if (instruction.Keyword is "ENV" or "EXPOSE")
            {
                if (stages.Count == 0)
                {
                    // Instructions before FROM are a syntax error for Docker; ARG is the only one allowed.
                    stages.Add(new Stage(null, null));
                }

                stages[stages.Count - 1].Instructions.Add(instruction);
            }
        }

        var endpoints = ImmutableArray.CreateBuilder<ListeningEndpoint>();
        var httpsPort = false;
        if (stages.Count > 0)
        {
            var reading = new Reading(path, text, endpoints, errors);
            httpsPort = reading.Stage(stages[stages.Count - 1]);
        }

        return new EndpointFile(path, EndpointFileKind.Dockerfile, endpoints.ToImmutable(), errors.ToImmutable(), declaresHttpsPort: httpsPort);
    }

    /// <summary>Logical instructions: comment lines dropped, continuation lines joined, each character mapped back to its offset.</summary>
    private static IEnumerable<Instruction> Instructions(SourceText text)
    {
        var joined = new StringBuilder();
        var offsets = new List<int>();
        foreach (var line in text.Lines)
        {
            var content = line.ToString();
            var trimmed = content.TrimStart();
            if (joined.Length == 0 && (trimmed.Length == 0 || trimmed[0] == '#'))
            {
                continue;
            }

            if (joined.Length > 0 && trimmed.StartsWith("#", StringComparison.Ordinal))
            {
                continue;
            }

            var end = content.TrimEnd();
            var continues = end.EndsWith("\\", StringComparison.Ordinal);
            var take = continues ? end.Length - 1 : content.Length;
            for (var i = 0; i < take; i++)
            {
                joined.Append(content[i]);
                offsets.Add(line.Start + i);
            }

            if (continues)
            {
                continue;
            }

            if (Instruction.Parse(joined.ToString(), offsets.ToArray()) is { } instruction)
            {
                yield return instruction;
            }

            joined.Clear();
            offsets.Clear();
        }

        if (joined.Length > 0 && Instruction.Parse(joined.ToString(), offsets.ToArray()) is { } last)
        {
            yield return last;
        }
    }

    private sealed class Instruction
    {
        private Instruction(string keyword, string text, int[] offsets, int argumentsStart)
        {
            Keyword = keyword;
            Text = text;
            Offsets = offsets;
            ArgumentsStart = argumentsStart;
        }

        public string Keyword { get; }

        public string Text { get; }

        public int[] Offsets { get; }

        public int ArgumentsStart { get; }

        public static Instruction? Parse(string text, int[] offsets)
        {
            var start = 0;
            while (start < text.Length && char.IsWhiteSpace(text[start]))
            {
                start++;
            }

            var end = start;
            while (end < text.Length && !char.IsWhiteSpace(text[end]))
            {
                end++;
            }

            return end == start ? null : new Instruction(text.Substring(start, end - start).ToUpperInvariant(), text, offsets, end);
        }

        public TextSpan SpanOf(int start, int length)
        {
            if (Offsets.Length == 0)
            {
                return default;
            }

            var first = Offsets[Math.Min(start, Offsets.Length - 1)];
            var last = Offsets[Math.Min(Math.Max(start + length - 1, start), Offsets.Length - 1)];
            return TextSpan.FromBounds(first, last + (length > 0 ? 1 : 0));
        }

        /// <summary>Words of the arguments, with quotes removed and their start index in <see cref="Text"/>.</summary>
        public List<(string Word, int Start, int Length, string? Error)> Words()
        {
            var words = new List<(string, int, int, string?)>();
            var i = ArgumentsStart;
            while (i < Text.Length)
            {
                while (i < Text.Length && char.IsWhiteSpace(Text[i]))
                {
                    i++;
                }

                if (i >= Text.Length)
                {
                    break;
                }

                var start = i;
                var word = new StringBuilder();
                string? error = null;
                while (i < Text.Length && !char.IsWhiteSpace(Text[i]))
                {
                    var c = Text[i];
                    if (c is '"' or '\'')
                    {
                        var close = Text.IndexOf(c, i + 1);
                        if (close < 0)
                        {
                            error = "a " + (c == '"' ? "double" : "single") + " quote is not closed";
                            word.Append(Text.Substring(i + 1));
                            i = Text.Length;
                            break;
                        }

                        word.Append(Text, i + 1, close - i - 1);
                        i = close + 1;
                        continue;
                    }

                    if (c == '\\' && i + 1 < Text.Length)
                    {
                        word.Append(Text[i + 1]);
                        i += 2;
                        continue;
                    }

                    word.Append(c);
                    i++;
                }

                words.Add((word.ToString(), start, i - start, error));
            }

            return words;
        }
    }

    private sealed class Stage
    {
        public Stage(string? name, Stage? parent)
        {
            Name = name;
            Parent = parent;
        }

        public string? Name { get; }

        /// <summary>The earlier stage this one is built FROM, whose ENV it inherits.</summary>
        public Stage? Parent { get; }

        public List<Instruction> Instructions { get; } = new();

        public static Stage From(Instruction from, List<Stage> earlier)
        {
            var words = from.Words();
            var index = 0;
            while (index < words.Count && words[index].Word.StartsWith("--", StringComparison.Ordinal))
            {
                index++;
            }

            var image = index < words.Count ? words[index].Word : null;
            string? name = null;
            if (index + 2 < words.Count && string.Equals(words[index + 1].Word, "AS", StringComparison.OrdinalIgnoreCase))
            {
                name = words[index + 2].Word;
            }

            Stage? parent = null;
            foreach (var stage in earlier)
            {
                if (stage.Name is not null && string.Equals(stage.Name, image, StringComparison.OrdinalIgnoreCase))
                {
                    parent = stage;
                }
            }

            return new Stage(name, parent);
        }
    }

    private readonly struct Reading
    {
        private readonly string path;
        private readonly SourceText text;
        private readonly ImmutableArray<ListeningEndpoint>.Builder endpoints;
        private readonly ImmutableArray<ConfigFileError>.Builder errors;

        public Reading(string path, SourceText text, ImmutableArray<ListeningEndpoint>.Builder endpoints, ImmutableArray<ConfigFileError>.Builder errors)
        {
            this.path = path;
            this.text = text;
            this.endpoints = endpoints;
            this.errors = errors;
        }

        /// <summary>Reads the final stage's listeners; true when it sets <c>ASPNETCORE_HTTPS_PORT</c> (the redirect port).</summary>
        public bool Stage(Stage final)
        {
            var chain = new List<Stage>();
            for (var stage = final; stage is not null && chain.Count < 64 && !chain.Contains(stage); stage = stage.Parent)
            {
                chain.Insert(0, stage);
            }

            // The last ENV of a variable wins, as in the built image.
            var variables = new Dictionary<string, (string Value, FileSpan Span)>(StringComparer.Ordinal);
            foreach (var stage in chain)
            {
                foreach (var instruction in stage.Instructions)
                {
                    if (instruction.Keyword == "ENV")
                    {
                        Env(instruction, variables);
                    }
                    else
                    {
                        Expose(instruction);
                    }
                }
            }

            var httpsPort = Find(variables, "HTTPS_PORT") is not null;
            var urls = Find(variables, "URLS");
            if (urls is { } set)
            {
                // ASP.NET Core lets URLS override the HTTP_PORTS/HTTPS_PORTS settings.
                Urls(set.Name, set.Value, set.Span);
                return httpsPort;
            }

            foreach (var (key, tls) in new[] { ("HTTP_PORTS", false), ("HTTPS_PORTS", true) })
            {
                if (Find(variables, key) is { } ports)
                {
                    Ports(ports.Name, ports.Value, ports.Span, tls);
                }
            }

            return httpsPort;
        }

        private static (string Name, string Value, FileSpan Span)? Find(Dictionary<string, (string Value, FileSpan Span)> variables, string key)
        {
            foreach (var prefix in new[] { "ASPNETCORE_", "DOTNET_" })
            {
                if (variables.TryGetValue(prefix + key, out var found))
                {
                    return (prefix + key, found.Value, found.Span);
                }
            }

            return null;
        }

        private void Env(Instruction instruction, Dictionary<string, (string Value, FileSpan Span)> variables)
        {
            var words = instruction.Words();
            if (words.Count == 0)
            {
                Error(instruction.SpanOf(0, instruction.Text.Length), "ENV has no variable");
                return;
            }

            if (words[0].Word.IndexOf('=') < 0)
            {
                // Legacy form: ENV NAME value with spaces
                var name = words[0].Word;
                if (words.Count < 2)
                {
                    Error(instruction.SpanOf(words[0].Start, words[0].Length), "ENV " + name + " has no value");
                    return;
                }

                var valueStart = words[1].Start;
                var valueEnd = words[words.Count - 1].Start + words[words.Count - 1].Length;
                var raw = instruction.Text.Substring(valueStart, valueEnd - valueStart).Trim().Trim('"', '\'');
                variables[name] = (raw, FileSpan.Of(path, text, instruction.SpanOf(valueStart, valueEnd - valueStart)));
                return;
            }

            foreach (var (word, start, length, error) in words)
            {
                if (error is not null)
                {
                    Error(instruction.SpanOf(start, length), "ENV: " + error);
                    continue;
                }

                var equals = word.IndexOf('=');
                if (equals <= 0)
                {
                    Error(instruction.SpanOf(start, length), "ENV '" + word + "' is not NAME=value");
                    continue;
                }

                var valueOffset = instruction.Text.IndexOf('=', start) + 1;
                variables[word.Substring(0, equals)] = (word.Substring(equals + 1), FileSpan.Of(path, text, instruction.SpanOf(valueOffset, start + length - valueOffset)));
            }
        }

        private void Expose(Instruction instruction)
        {
            foreach (var (word, start, length, _) in instruction.Words())
            {
                var slash = word.IndexOf('/');
                var portText = slash < 0 ? word : word.Substring(0, slash);
                var protocol = slash < 0 ? "tcp" : word.Substring(slash + 1).ToLowerInvariant();
                var span = FileSpan.Of(path, text, instruction.SpanOf(start, length));
                if (portText.IndexOf('$') >= 0 || portText.IndexOf('-') > 0 || protocol == "udp")
                {
                    // A build variable, a port range or a UDP port: nothing this model tracks.
                    continue;
                }

                if (!ListenUrl.TryParsePort(portText, out var port) || (protocol != "tcp" && protocol != "sctp"))
                {
                    errors.Add(new ConfigFileError(span, "EXPOSE '" + word + "' is not a port (expected a number from 0 to 65535, optionally /tcp or /udp)"));
                    continue;
                }

                endpoints.Add(new ListeningEndpoint(EndpointSource.Dockerfile, ExposeOrigin, HostKind.Unknown, null, port, "tcp", false, EndpointProtocols.Unknown, span, span));
            }
        }

        private void Urls(string name, string value, FileSpan span)
        {
            var template = Variables(value);
            foreach (var (url, error) in ListenUrl.ParseList(template))
            {
                if (error is not null)
                {
                    errors.Add(new ConfigFileError(span, "ENV " + name + ": " + error));
                    continue;
                }

                endpoints.Add(new ListeningEndpoint(EndpointSource.Dockerfile, "ENV " + name, url.HostKind, url.Host, url.Port, url.Scheme, url.Tls, EndpointProtocols.Default, span, span, tlsSpan: url.Tls ? span : null));
            }
        }

        private void Ports(string name, string value, FileSpan span, bool tls)
        {
            foreach (var part in value.Split(';', ','))
            {
                var trimmed = part.Trim();
                if (trimmed.Length == 0 || trimmed.IndexOf('$') >= 0)
                {
                    continue;
                }

                if (!ListenUrl.TryParsePort(trimmed, out var port))
                {
                    errors.Add(new ConfigFileError(span, "ENV " + name + ": '" + trimmed + "' is not a port (expected a number from 0 to 65535)"));
                    continue;
                }

                endpoints.Add(new ListeningEndpoint(EndpointSource.Dockerfile, "ENV " + name, HostKind.AnyIP, "+", port, tls ? "https" : "http", tls, EndpointProtocols.Default, span, span, tlsSpan: tls ? span : null));
            }
        }

        /// <summary>Replaces <c>$NAME</c> and <c>${NAME}</c> by the unknown marker.</summary>
        private static string Variables(string value)
        {
            if (value.IndexOf('$') < 0)
            {
                return value;
            }

            var builder = new StringBuilder();
            for (var i = 0; i < value.Length; i++)
            {
                if (value[i] != '$')
                {
                    builder.Append(value[i]);
                    continue;
                }

                builder.Append(ListenUrl.Unknown);
                if (i + 1 < value.Length && value[i + 1] == '{')
                {
                    var close = value.IndexOf('}', i);
                    i = close < 0 ? value.Length : close;
                }
                else
                {
                    while (i + 1 < value.Length && (char.IsLetterOrDigit(value[i + 1]) || value[i + 1] == '_'))
                    {
                        i++;
                    }
                }
            }

            return builder.ToString();
        }

        private void Error(TextSpan span, string message) => errors.Add(new ConfigFileError(FileSpan.Of(path, text, span), message));
    }
}
