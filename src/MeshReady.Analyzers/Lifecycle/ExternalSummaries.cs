using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.CodeAnalysis;

namespace MeshReady.Analyzers.Lifecycle;

/// <summary>
/// Call summaries across assemblies: a library built with MeshReady records, for each of its methods other code can
/// call, what calling it does at call time (<see cref="IoSummary"/>), as <c>MeshReady.CallSummary</c> assembly
/// metadata (docs/assembly-metadata.md). A project that references the library reads them here, so a start-up call
/// into the library is followed like a call into the project's own code. A library built without MeshReady has no
/// entries, and nothing changes for calls into it.
/// </summary>
internal sealed class ExternalSummaries
{
    public const string Key = "MeshReady.CallSummary";

    private const char Field = '|';
    private const char Link = '>';
    private const char Flag = ',';

    private static readonly Dictionary<string, ExternalSummary> NoEntries = new(StringComparer.Ordinal);

    // Per referenced assembly, shared by every compilation that references it: the compiler reuses a reference's assembly
    // symbol across compilations with the same references (each edit in the IDE, each project of a build server), and
    // reading an assembly's attributes decodes all of them. The table is a pure function of the assembly.
    private static readonly ConditionalWeakTable<IAssemblySymbol, Dictionary<string, ExternalSummary>> Tables = new();

    private readonly IAssemblySymbol self;

    public ExternalSummaries(IAssemblySymbol self) => this.self = self;

    /// <summary>The summary the method's assembly recorded for it, or null (not recorded, or a method of this compilation).</summary>
    public ExternalSummary? Of(IMethodSymbol method)
    {
        var definition = method.OriginalDefinition;
        if (definition.ContainingAssembly is not { } assembly || SymbolEqualityComparer.Default.Equals(assembly, self))
        {
            return null;
        }

        var table = Tables.GetValue(assembly, Read);

        // Most referenced assemblies have no entries: no documentation ID is built for calls into them.
        return table.Count > 0 && definition.GetDocumentationCommentId() is { } id && table.TryGetValue(id, out var summary) ? summary : null;
    }

    private static Dictionary<string, ExternalSummary> Read(IAssemblySymbol assembly)
    {
        Dictionary<string, ExternalSummary>? table = null;
        foreach (var attribute in assembly.GetAttributes())
        {
            if (attribute.AttributeClass is { Name: "AssemblyMetadataAttribute", ContainingNamespace.Name: "Reflection" }
                && attribute.ConstructorArguments.Length == 2
                && attribute.ConstructorArguments[0].Value is Key
                && attribute.ConstructorArguments[1].Value is string value
                && Parse(value) is { } entry)
            {
                table ??= new Dictionary<string, ExternalSummary>(StringComparer.Ordinal);
                table[entry.Id] = entry.Summary;
            }
        }

        return table ?? NoEntries;
    }

    /// <summary>
    /// <c>id|flags|chain|fire-and-forget|client parameter</c>: the method's documentation ID; <c>io</c>, <c>wait</c>,
    /// <c>pause</c>, <c>quit</c> joined by commas; the chain to the library call, names joined by <c>&gt;</c>; the
    /// synchronous <c>Execute</c> an async lambda is lost in, or empty; the ordinal of the parameter the I/O acts on, or empty.
    /// </summary>
    public static string Format(string id, IoSummary summary, bool quits)
    {
        var flags = new List<string>(4);
        if (summary.HasIo)
        {
            flags.Add("io");
        }

        if (summary.WaitsFirst)
        {
            flags.Add("wait");
        }

        if (summary.PausesFirst)
        {
            flags.Add("pause");
        }

        if (quits)
        {
            flags.Add("quit");
        }

        var text = new StringBuilder(id.Length + 64)
            .Append(id).Append(Field)
            .Append(string.Join(Flag.ToString(), flags)).Append(Field);
        if (summary.HasIo)
        {
            text.Append(string.Join(Link.ToString(), summary.Chain));
        }

        text.Append(Field).Append(summary.DetachedBy ?? string.Empty).Append(Field);
        if (summary.ReceiverParameter >= 0)
        {
            text.Append(summary.ReceiverParameter.ToString(CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }

    /// <summary>Null for a value this version cannot read (readers skip it: forward compatibility).</summary>
    public static (string Id, ExternalSummary Summary)? Parse(string value)
    {
        var fields = value.Split(Field);
        if (fields.Length < 5 || fields[0].Length < 3 || fields[0][1] != ':')
        {
            return null;
        }

        bool io = false, wait = false, pause = false, quit = false;
        foreach (var flag in fields[1].Split(Flag))
        {
            switch (flag.Trim())
            {
                case "io": io = true; break;
                case "wait": wait = true; break;
                case "pause": pause = true; break;
                case "quit": quit = true; break;
            }
        }

        var chain = default(ImmutableArray<string>);
        if (io)
        {
            var names = fields[2].Split(Link);
            foreach (var name in names)
            {
                if (name.Length == 0)
                {
                    return null;
                }
            }

            chain = ImmutableArray.Create(names);
        }

        var receiver = -1;
        if (fields[4].Length > 0 && !int.TryParse(fields[4], NumberStyles.None, CultureInfo.InvariantCulture, out receiver))
        {
            return null;
        }

        var detachedBy = fields[3].Length > 0 ? fields[3] : null;
        return (fields[0], new ExternalSummary(new IoSummary(chain, receiver, detachedBy, wait, pause), quit));
    }
}

/// <summary>What calling a method of a referenced assembly does, as that assembly recorded it.</summary>
internal sealed class ExternalSummary
{
    public ExternalSummary(IoSummary summary, bool quits)
    {
        Summary = summary;
        Quits = quits;
    }

    /// <summary>The chain starts with the method called (and, through an interface, its implementation there).</summary>
    public IoSummary Summary { get; }

    /// <summary>The call stops the sidecar (<c>MeshProxy.QuitAsync</c>) through that assembly's code.</summary>
    public bool Quits { get; }
}
