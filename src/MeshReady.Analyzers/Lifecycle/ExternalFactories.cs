using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace MeshReady.Analyzers.Lifecycle;

/// <summary>
/// DI factories across assemblies: a library built with MeshReady records, for each of its methods that registers a
/// service with a factory whose run does outbound I/O (pitstop's <c>services.UseRabbitMQMessagePublisher(config)</c>
/// registers <c>AddTransient&lt;IMessagePublisher&gt;(_ =&gt; new RabbitMQMessagePublisher(…))</c>, whose constructor
/// connects), the service type and the chain, as <c>MeshReady.ServiceFactory</c> assembly metadata
/// (docs/assembly-metadata.md). An application that calls the method and whose hosted service takes the service reads
/// them here (<see cref="StartupServices"/>): the host runs that factory before it starts any hosted service.
/// </summary>
internal static class ExternalFactories
{
    public const string Key = "MeshReady.ServiceFactory";

    private const char Field = '|';

    private static readonly Dictionary<string, ImmutableArray<ExternalFactory>> NoEntries = new(StringComparer.Ordinal);

    // Per referenced assembly, shared by every compilation that references it (as for call summaries).
    private static readonly ConditionalWeakTable<IAssemblySymbol, Dictionary<string, ImmutableArray<ExternalFactory>>> Tables = new();

    /// <summary>The factories a method of a referenced assembly registers, as recorded there; empty when none.</summary>
    public static ImmutableArray<ExternalFactory> Of(IMethodSymbol method, IAssemblySymbol self)
    {
        var definition = (method.ReducedFrom ?? method).OriginalDefinition;
        if (definition.ContainingAssembly is not { } assembly || SymbolEqualityComparer.Default.Equals(assembly, self))
        {
            return ImmutableArray<ExternalFactory>.Empty;
        }

        var table = Tables.GetValue(assembly, Read);
        return table.Count > 0 && definition.GetDocumentationCommentId() is { } id && table.TryGetValue(id, out var factories)
            ? factories
            : ImmutableArray<ExternalFactory>.Empty;
    }

    /// <summary>The names of the methods of <paramref name="assembly"/> that record factories (the syntax filter).</summary>
    public static IEnumerable<string> MethodNames(IAssemblySymbol assembly)
    {
        foreach (var id in Tables.GetValue(assembly, Read).Keys)
        {
            // M:Namespace.Type.Method(Args) or M:Namespace.Type.Method``1(Args): the simple name before the arguments.
            var end = id.IndexOf('(');
            end = end < 0 ? id.Length : end;
            var start = id.LastIndexOf('.', end - 1) + 1;
            var name = id.Substring(start, end - start);
            var tick = name.IndexOf('`');
            yield return tick < 0 ? name : name.Substring(0, tick);
        }
    }

    private static Dictionary<string, ImmutableArray<ExternalFactory>> Read(IAssemblySymbol assembly)
    {
        // MESH030 asks this for the assembly of every method an ASP.NET Core project calls; RecordedMetadata looks in the
        // type-name table before decoding any attribute (decoding them was most of MESH030's cost on pitstop).
        Dictionary<string, ImmutableArray<ExternalFactory>>? table = null;
        foreach (var value in RecordedMetadata.Values(assembly, Key))
        {
            if (Parse(value) is { } entry)
            {
                table ??= new Dictionary<string, ImmutableArray<ExternalFactory>>(StringComparer.Ordinal);
                table[entry.MethodId] = table.TryGetValue(entry.MethodId, out var known) ? known.Add(entry.Factory) : ImmutableArray.Create(entry.Factory);
            }
        }

        return table ?? NoEntries;
    }

    /// <summary>
    /// <c>method id|service type id|registration|chain|fire-and-forget</c>: the registering method's documentation ID, the
    /// service type's, how the registration is named (<c>AddTransient&lt;IMessagePublisher&gt;</c>), the chain to the I/O as
    /// the message prints it, and what detaches it (as in call summaries), or empty.
    /// </summary>
    public static string Format(string methodId, string serviceId, string registration, string chain, string? detachedBy)
        => methodId + Field + serviceId + Field + registration + Field + chain + Field + (detachedBy ?? string.Empty);

    /// <summary>Null for a value this version cannot read (readers skip it: forward compatibility).</summary>
    public static (string MethodId, ExternalFactory Factory)? Parse(string value)
    {
        var fields = value.Split(Field);
        if (fields.Length < 5 || fields[0].Length < 3 || fields[0][1] != ':' || fields[1].Length < 3 || fields[1][1] != ':'
            || fields[2].Length == 0 || fields[3].Length == 0)
        {
            return null;
        }

        return (fields[0], new ExternalFactory(fields[1], fields[2], fields[3], fields[4].Length > 0 ? fields[4] : null));
    }
}

/// <summary>A factory a method of a referenced assembly registers, and the I/O its run does, as that assembly recorded it.</summary>
internal sealed class ExternalFactory
{
    public ExternalFactory(string serviceId, string registration, string chain, string? detachedBy)
    {
        ServiceId = serviceId;
        Registration = registration;
        Chain = chain;
        DetachedBy = detachedBy;
    }

    /// <summary>The service type's documentation ID (<c>T:Infrastructure.Messaging.IMessagePublisher</c>).</summary>
    public string ServiceId { get; }

    /// <summary><c>AddTransient&lt;IMessagePublisher&gt;</c>.</summary>
    public string Registration { get; }

    /// <summary><c>'new RabbitMQMessagePublisher' → … → 'ConnectionFactory.CreateConnectionAsync'</c>.</summary>
    public string Chain { get; }

    public string? DetachedBy { get; }
}
