using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;
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

    /// <summary>
    /// True when an assembly the compilation references recorded a summary that stops the sidecar: only then can a call
    /// into a library quit. Only an assembly built with MeshReady records summaries, and every one holds the generator's
    /// <c>MeshReady</c> namespace (its attribute types, internal): found through the compilation's merged global namespace,
    /// which binding has built already, so no other assembly's type names or attributes are read (reading every
    /// reference's type-name table cost more than the binding this answer saves).
    /// </summary>
    public bool AnyQuits(Compilation compilation)
    {
        foreach (var member in compilation.GlobalNamespace.GetMembers(MeshProxyApi.Namespace))
        {
            if (member is not INamespaceSymbol meshReady)
            {
                continue;
            }

            foreach (var part in meshReady.ConstituentNamespaces)
            {
                if (part.ContainingAssembly is not { } assembly || SymbolEqualityComparer.Default.Equals(assembly, self))
                {
                    continue;
                }

                foreach (var summary in Tables.GetValue(assembly, Read).Values)
                {
                    if (summary.Quits)
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    /// <summary>The documentation IDs of the methods a referenced assembly recorded summaries for (none for most).</summary>
    public static IEnumerable<string> RecordedIds(IAssemblySymbol assembly) => Tables.GetValue(assembly, Read).Keys;

    private static Dictionary<string, ExternalSummary> Read(IAssemblySymbol assembly)
    {
        Dictionary<string, ExternalSummary>? table = null;
        foreach (var value in RecordedMetadata.Values(assembly, Key))
        {
            if (Parse(value) is { } entry)
            {
                table ??= new Dictionary<string, ExternalSummary>(StringComparer.Ordinal);
                table[entry.Id] = entry.Summary;
            }
        }

        return table ?? NoEntries;
    }

    /// <summary>
    /// The entry a library records for a method other assemblies can call (<see cref="Format"/>), or null when calling
    /// it does nothing the lifecycle rules follow in either view.
    /// </summary>
    public static string? Record(LifecycleModel model, ImmutableArray<string> userEntries, IMethodSymbol method, string id, CancellationToken cancellationToken)
    {
        var everyCallView = model.Summaries(userEntries, startUp: false);
        var startUp = model.Summaries(userEntries, startUp: true).OfCallTo(method, cancellationToken);
        var everyCall = everyCallView.OfCallTo(method, cancellationToken);

        // Only the Job rule asks whether a call stops the sidecar, in the every-call view.
        var quits = everyCallView.QuitsOnCallTo(method, cancellationToken);
        return Records(startUp) || Records(everyCall) || quits ? Format(id, startUp, everyCall, quits) : null;
    }

    private static bool Records(IoSummary summary) => summary.HasIo || summary.WaitsFirst || summary.PausesFirst;

    /// <summary>
    /// <c>id|flags|chain|fire-and-forget|client parameter</c>, then <c>|flags|chain|fire-and-forget|client parameter</c>
    /// again for the every-call view where it differs from the start-up view (format 2; format 1, before MeshReady 0.2,
    /// has the first view only, which both views then read). The method's documentation ID; <c>io</c>, <c>wait</c>,
    /// <c>pause</c> (and, in the first view's flags, <c>quit</c>) joined by commas; the chain to the library call, names
    /// joined by <c>&gt;</c>; the synchronous <c>Execute</c> an async lambda is lost in, or empty; the ordinal of the
    /// parameter the I/O acts on, or empty.
    /// </summary>
    public static string Format(string id, IoSummary startUp, IoSummary everyCall, bool quits)
    {
        var text = new StringBuilder(id.Length + 64).Append(id);
        AppendView(text, startUp, quits);
        if (!Same(startUp, everyCall))
        {
            AppendView(text, everyCall, quits: false);
        }

        return text.ToString();
    }

    private static void AppendView(StringBuilder text, IoSummary summary, bool quits)
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

        text.Append(Field).Append(string.Join(Flag.ToString(), flags)).Append(Field);
        if (summary.HasIo)
        {
            text.Append(string.Join(Link.ToString(), summary.Chain));
        }

        text.Append(Field).Append(summary.DetachedBy ?? string.Empty).Append(Field);
        if (summary.ReceiverParameter >= 0)
        {
            text.Append(summary.ReceiverParameter.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static bool Same(IoSummary left, IoSummary right)
        => left.WaitsFirst == right.WaitsFirst && left.PausesFirst == right.PausesFirst && left.ReceiverParameter == right.ReceiverParameter
            && string.Equals(left.DetachedBy, right.DetachedBy, StringComparison.Ordinal)
            && (left.HasIo ? right.HasIo && left.Chain.SequenceEqual(right.Chain, StringComparer.Ordinal) : !right.HasIo);

    private const int ViewFields = 4;

    /// <summary>Null for a value this version cannot read (readers skip it: forward compatibility).</summary>
    public static (string Id, ExternalSummary Summary)? Parse(string value)
    {
        var fields = value.Split(Field);
        if (fields.Length < 1 + ViewFields || fields[0].Length < 3 || fields[0][1] != ':')
        {
            return null;
        }

        if (ParseView(fields, 1, out var quit) is not { } startUp)
        {
            return null;
        }

        // Format 1 (and a format-2 entry whose views agree) has one view: the every-call view reads it too.
        var everyCall = startUp;
        if (fields.Length >= 1 + (2 * ViewFields))
        {
            if (ParseView(fields, 1 + ViewFields, out _) is not { } other)
            {
                return null;
            }

            everyCall = other;
        }

        return (fields[0], new ExternalSummary(startUp, everyCall, quit));
    }

    private static IoSummary? ParseView(string[] fields, int at, out bool quit)
    {
        bool io = false, wait = false, pause = false;
        quit = false;
        foreach (var flag in fields[at].Split(Flag))
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
            var names = fields[at + 1].Split(Link);
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
        if (fields[at + 3].Length > 0 && !int.TryParse(fields[at + 3], NumberStyles.None, CultureInfo.InvariantCulture, out receiver))
        {
            return null;
        }

        var detachedBy = fields[at + 2].Length > 0 ? fields[at + 2] : null;
        // The library's catches are not recorded: it may handle the exception (MESH030 says "unless handled").
        return new IoSummary(chain, receiver, detachedBy, wait, pause, io ? CatchKind.MayBeCaught : CatchKind.Propagates);
    }
}

/// <summary>What calling a method of a referenced assembly does, as that assembly recorded it, in each view.</summary>
internal sealed class ExternalSummary
{
    public ExternalSummary(IoSummary startUp, IoSummary everyCall, bool quits)
    {
        StartUp = startUp;
        EveryCall = everyCall;
        Quits = quits;
    }

    /// <summary>The start-up view (MESH030): retries and proxy waits in the library cover what they cover. The chain starts with the method called (and, through an interface, its implementation there).</summary>
    public IoSummary StartUp { get; }

    /// <summary>The every-call view (MESH031, MESH033): I/O inside retries counts. The start-up view for an entry of format 1.</summary>
    public IoSummary EveryCall { get; }

    /// <summary>The call stops the sidecar (<c>MeshProxy.QuitAsync</c>) through that assembly's code.</summary>
    public bool Quits { get; }

    public IoSummary In(bool startUp) => startUp ? StartUp : EveryCall;
}
