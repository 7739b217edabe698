using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json.Serialization;
using k8s;
using k8s.Models;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;
using YamlDotNet.Serialization.TypeInspectors;

namespace MeshReady.Manifests.Loading;

/// <summary>
/// Reads a KubernetesClient model from the YAML node tree the loader already parsed (for positions), so each document
/// is parsed once. The same reading as KubernetesClient's <c>KubernetesYaml.Deserialize</c> (JSON property names,
/// int-or-string, quantities, unquoted scalars typed by the property, unknown fields ignored, merge keys), without
/// its start-up: <c>KubernetesYaml</c>'s static set-up reflects over every one of the ~1,200 model types, three
/// times, to map JSON names to YAML (about 0.4 s of CPU on first use, most of a cold <c>meshready check</c>:
/// docs/performance.md). Here a type's names are read when a document first uses the type.
/// </summary>
internal static class ModelReader
{
    /// <summary>Deeper than any real manifest; a guard against alias cycles in hostile input.</summary>
    private const int MaxDepth = 256;

    private static readonly Lazy<IDeserializer> Deserializer = new(() => new DeserializerBuilder()
        .WithTypeConverter(new IntOrStringYamlConverter())
        .WithTypeConverter(new ResourceQuantityYamlConverter())
        .WithTypeConverter(new ByteArrayStringYamlConverter())
        .WithAttemptingUnquotedStringTypeDeserialization()
        .IgnoreUnmatchedProperties()
        .WithTypeInspector(inner => new JsonNameTypeInspector(inner))
        .Build());

    /// <summary>Reads <paramref name="root"/> as <paramref name="type"/>; throws <see cref="YamlException"/> with the node's marks when it does not fit.</summary>
    public static IKubernetesObject<V1ObjectMeta> Read(YamlMappingNode root, Type type)
    {
        var events = new NodeParser(root);

        // YamlDotNet does not document its deserialiser as safe for concurrent use; KubernetesYaml locks around it too,
        // and the checker is a library that a long-lived process (MSBuild, a test host) may call from several threads.
        lock (Deserializer)
        {
            return (IKubernetesObject<V1ObjectMeta>)Deserializer.Value.Deserialize(events, type)!;
        }
    }

    /// <summary>Model properties carry <c>[JsonPropertyName]</c>; our own models without it get camelCase, as in KubernetesYaml.</summary>
    private sealed class JsonNameTypeInspector(ITypeInspector inner) : TypeInspectorSkeleton
    {
        private readonly ConcurrentDictionary<Type, IPropertyDescriptor[]> properties = new();

        public override IEnumerable<IPropertyDescriptor> GetProperties(Type type, object? container)
            => properties.GetOrAdd(type, t => inner.GetProperties(t, container).Select(Rename).ToArray());

        public override string GetEnumName(Type enumType, string name) => inner.GetEnumName(enumType, name);

        public override string GetEnumValue(object enumValue) => inner.GetEnumValue(enumValue);

        public override bool HasParseMethod(Type type) => inner.HasParseMethod(type);

        public override object? Parse(string value, Type type) => inner.Parse(value, type);

        private static PropertyDescriptor Rename(IPropertyDescriptor property)
            => new(property) { Name = property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? CamelCaseNamingConvention.Instance.Apply(property.Name) };
    }

    /// <summary>As KubernetesYaml reads <c>byte[]</c> fields: the scalar's UTF-8 bytes.</summary>
    private sealed class ByteArrayStringYamlConverter : IYamlTypeConverter
    {
        public bool Accepts(Type type) => type == typeof(byte[]);

        public object? ReadYaml(IParser parser, Type type, ObjectDeserializer rootDeserializer)
        {
            var scalar = parser.Consume<Scalar>();
            return string.IsNullOrEmpty(scalar.Value) ? null : Encoding.UTF8.GetBytes(scalar.Value);
        }

        public void WriteYaml(IEmitter emitter, object? value, Type type, ObjectSerializer serializer)
            => throw new NotSupportedException("The loader only reads.");
    }

    /// <summary>Replays a parsed node tree as parser events, with the nodes' own marks (so errors point into the file).</summary>
    private sealed class NodeParser : IParser
    {
        private readonly List<ParsingEvent> events = [];
        private int index = -1;

        public NodeParser(YamlNode root)
        {
            events.Add(new StreamStart());
            events.Add(new DocumentStart());
            Emit(root, 0);
            events.Add(new DocumentEnd(isImplicit: true));
            events.Add(new StreamEnd());
        }

        public ParsingEvent? Current => index >= 0 && index < events.Count ? events[index] : null;

        public bool MoveNext() => ++index < events.Count;

        private void Emit(YamlNode node, int depth)
        {
            if (depth > MaxDepth)
            {
                throw new YamlException(node.Start, node.End, "The document nests deeper than any Kubernetes object (an alias cycle?).");
            }

            switch (node)
            {
                case YamlScalarNode scalar:
                    var plain = scalar.Style is ScalarStyle.Plain or ScalarStyle.Any;
                    events.Add(new Scalar(AnchorName.Empty, scalar.Tag, scalar.Value ?? string.Empty, scalar.Style, scalar.Tag.IsEmpty && plain, scalar.Tag.IsEmpty && !plain, scalar.Start, scalar.End));
                    break;
                case YamlSequenceNode sequence:
                    events.Add(new SequenceStart(AnchorName.Empty, sequence.Tag, sequence.Tag.IsEmpty, sequence.Style, sequence.Start, sequence.End));
                    foreach (var child in sequence.Children)
                    {
                        Emit(child, depth + 1);
                    }

                    events.Add(new SequenceEnd(sequence.End, sequence.End));
                    break;
                case YamlMappingNode mapping:
                    events.Add(new MappingStart(AnchorName.Empty, mapping.Tag, mapping.Tag.IsEmpty, mapping.Style, mapping.Start, mapping.End));
                    EmitEntries(mapping, depth);
                    events.Add(new MappingEnd(mapping.End, mapping.End));
                    break;
                default:
                    events.Add(new Scalar(AnchorName.Empty, TagName.Empty, string.Empty, ScalarStyle.Plain, true, false, node.Start, node.End));
                    break;
            }
        }

        /// <summary>The mapping's own entries, then those of any <c>&lt;&lt;</c> merge (YAML 1.1 merge keys: own keys win, earlier merges first).</summary>
        private void EmitEntries(YamlMappingNode mapping, int depth)
        {
            List<YamlMappingNode>? merges = null;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var entry in mapping.Children)
            {
                if (entry.Key is YamlScalarNode { Value: "<<", Style: ScalarStyle.Plain or ScalarStyle.Any } && entry.Value is YamlMappingNode or YamlSequenceNode)
                {
                    merges ??= [];
                    if (entry.Value is YamlMappingNode single)
                    {
                        merges.Add(single);
                    }
                    else
                    {
                        merges.AddRange(((YamlSequenceNode)entry.Value).Children.OfType<YamlMappingNode>());
                    }

                    continue;
                }

                if (entry.Key is YamlScalarNode { Value: { } key })
                {
                    seen.Add(key);
                }

                Emit(entry.Key, depth + 1);
                Emit(entry.Value, depth + 1);
            }

            foreach (var merged in merges ?? [])
            {
                foreach (var entry in merged.Children)
                {
                    if (entry.Key is YamlScalarNode { Value: { } key } && seen.Add(key))
                    {
                        Emit(entry.Key, depth + 1);
                        Emit(entry.Value, depth + 1);
                    }
                }
            }
        }
    }
}
