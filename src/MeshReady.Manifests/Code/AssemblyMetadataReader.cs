using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using MeshReady.Analyzers.Infrastructure;
using MeshReady.Manifests.Mesh;

namespace MeshReady.Manifests.Code;

/// <summary>
/// Reads the generator's <c>[assembly: AssemblyMetadata("MeshReady.*", …)]</c> attributes with
/// System.Reflection.Metadata, without loading the assembly (it may target another runtime, and loading
/// would lock the file in the build). Unknown keys and unparseable values are skipped (forward compatibility).
/// </summary>
internal static class AssemblyMetadataReader
{
    private const string KeyPrefix = "MeshReady.";

    /// <summary>Reads the facts, or throws <see cref="InvalidDataException"/> when the file is not a .NET assembly.</summary>
    public static CodeFacts Read(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        if (!pe.HasMetadata)
        {
            throw new InvalidDataException($"'{path}' is not a .NET assembly (it has no metadata).");
        }

        MetadataReader reader;
        try
        {
            reader = pe.GetMetadataReader();
        }
        catch (BadImageFormatException ex)
        {
            throw new InvalidDataException($"'{path}' is not a .NET assembly ({ex.Message}).", ex);
        }

        var name = reader.IsAssembly ? reader.GetString(reader.GetAssemblyDefinition().Name) : Path.GetFileNameWithoutExtension(path);
        var values = new List<KeyValuePair<string, string>>();
        foreach (var handle in reader.GetAssemblyDefinition().GetCustomAttributes())
        {
            var attribute = reader.GetCustomAttribute(handle);
            if (!IsAssemblyMetadataAttribute(reader, attribute.Constructor))
            {
                continue;
            }

            var blob = reader.GetBlobReader(attribute.Value);
            if (blob.Length < 2 || blob.ReadUInt16() != 1)
            {
                continue;
            }

            var key = blob.ReadSerializedString();
            var value = blob.ReadSerializedString();
            if (key is not null && value is not null && key.StartsWith(KeyPrefix, StringComparison.Ordinal))
            {
                values.Add(new(key, value));
            }
        }

        // An application's .dll (the SDK's apphost runs it) has an entry point; a class library has none.
        return FromMetadata(name, values) with { IsLibrary = pe.PEHeaders.CorHeader?.EntryPointTokenOrRelativeVirtualAddress == 0 };
    }

    /// <summary>Interprets <c>MeshReady.*</c> key/value pairs (exposed for tests and for other metadata sources).</summary>
    public static CodeFacts FromMetadata(string assemblyName, IEnumerable<KeyValuePair<string, string>> values)
    {
        var ports = new List<CodePort>();
        Workload? workload = null;
        DataPlane? dataPlane = null;
        TimeSpan? shutdown = null;
        bool? unguarded = null;
        bool? quits = null;
        bool? waits = null;
        foreach (var (key, value) in values)
        {
            switch (key)
            {
                case "MeshReady.Port" when ParsePort(value) is { } port:
                    ports.Add(port);
                    break;
                case "MeshReady.Workload":
                    workload = value switch { "service" => Workload.Service, "job" => Workload.Job, _ => workload };
                    break;
                case "MeshReady.DataPlane":
                    dataPlane = DataPlanes.TryParse(value, out var plane) ? plane : dataPlane;
                    break;
                case "MeshReady.ShutdownTimeoutSeconds" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds):
                    shutdown = TimeSpan.FromSeconds(seconds);
                    break;
                case "MeshReady.StartupCallsUnguarded" when bool.TryParse(value, out var flag):
                    unguarded = flag;
                    break;
                case "MeshReady.QuitsSidecar" when bool.TryParse(value, out var flag):
                    quits = flag;
                    break;
                case "MeshReady.WaitsForProxy" when bool.TryParse(value, out var flag):
                    waits = flag;
                    break;
            }
        }

        return new CodeFacts(assemblyName, ports, workload, dataPlane, shutdown, unguarded, quits, waits);
    }

    private static CodePort? ParsePort(string value)
    {
        var fields = value.Split('|');
        if (fields.Length < 5
            || !int.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            || number is < 1 or > 65535
            || fields[4] is not ("declared" or "inferred"))
        {
            return null;
        }

        return new CodePort(number, fields[1].ToLowerInvariant(), fields[2], fields[3], fields[4] == "declared");
    }

    private static bool IsAssemblyMetadataAttribute(MetadataReader reader, EntityHandle constructor)
    {
        StringHandle name;
        StringHandle ns;
        switch (constructor.Kind)
        {
            case HandleKind.MemberReference:
                var member = reader.GetMemberReference((MemberReferenceHandle)constructor);
                if (member.Parent.Kind != HandleKind.TypeReference)
                {
                    return false;
                }

                var typeRef = reader.GetTypeReference((TypeReferenceHandle)member.Parent);
                name = typeRef.Name;
                ns = typeRef.Namespace;
                break;
            case HandleKind.MethodDefinition:
                var method = reader.GetMethodDefinition((MethodDefinitionHandle)constructor);
                var typeDef = reader.GetTypeDefinition(method.GetDeclaringType());
                name = typeDef.Name;
                ns = typeDef.Namespace;
                break;
            default:
                return false;
        }

        return reader.StringComparer.Equals(name, "AssemblyMetadataAttribute")
            && reader.StringComparer.Equals(ns, "System.Reflection");
    }
}
