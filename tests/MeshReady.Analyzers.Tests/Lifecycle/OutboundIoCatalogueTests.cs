using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using MeshReady.Analyzers.Lifecycle;
using MeshReady.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Shutdown = MeshReady.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MeshReady.Analyzers.Lifecycle.ShutdownIoAnalyzer>;
using Startup = MeshReady.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MeshReady.Analyzers.Lifecycle.StartupCallAnalyzer>;

namespace MeshReady.Analyzers.Tests.Lifecycle;

/// <summary>
/// One test per entry of <see cref="OutboundIoCatalogue"/>: a realistic call, compiled against the library's real
/// package where the feed serves it (<see cref="OutboundIoCatalogueRows"/> names the package and version), and
/// against a stand-in with the real namespace, type and signature where it does not. Each row asserts the exact
/// diagnostic: rule, location and the call as the message names it.
/// </summary>
public class OutboundIoCatalogueTests
{
    public static TheoryData<string> Rows()
    {
        var data = new TheoryData<string>();
        foreach (var row in OutboundIoCatalogueRows.All)
        {
            data.Add(row.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public Task EntryIsReported(string name)
    {
        var row = OutboundIoCatalogueRows.All.Single(r => r.Name == name);
        return row.Rule == "MESH030"
            ? Startup.VerifyAsync(row.Source, editorConfig: null, row.References,
                Startup.Diagnostic("MESH030").WithLocation(0).WithArguments(row.What, row.Where, DeepLifecycleTests.CrashLoops))
            : Shutdown.VerifyAsync(row.Source, editorConfig: null, row.References,
                Shutdown.Diagnostic("MESH031").WithLocation(0).WithArguments(row.What, row.Where));
    }

    [Fact]
    public void EveryEntryHasARow()
    {
        var missing = OutboundIoCatalogue.Entries
            .Where(e => !OutboundIoCatalogueRows.All.Any(r => r.Entry == e.Key))
            .Select(e => e.Key)
            .ToList();
        var stray = OutboundIoCatalogueRows.All
            .Where(r => !OutboundIoCatalogue.Entries.Any(e => e.Key == r.Entry))
            .Select(r => r.Name)
            .ToList();

        Assert.True(missing.Count == 0, "Catalogue entries without a test row: " + string.Join(", ", missing));
        Assert.True(stray.Count == 0, "Rows naming no catalogue entry: " + string.Join(", ", stray));
    }

    [Fact]
    public void EntryKeysAreUnique()
    {
        var duplicates = OutboundIoCatalogue.Entries.GroupBy(e => e.Key).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(duplicates.Count == 0, "Duplicate catalogue keys: " + string.Join(", ", duplicates));
    }

    /// <summary>docs/outbound-io.md holds the catalogue's table exactly as the catalogue renders it.</summary>
    [Fact]
    public void DocsPageListsTheCatalogue()
    {
        var page = File.ReadAllText(Path.Combine(Repository.Root, "docs", "outbound-io.md")).Replace("\r\n", "\n");
        var table = RenderTable();
        Assert.True(page.Contains(table, StringComparison.Ordinal), "docs/outbound-io.md must contain this table (regenerate it):\n" + table);
    }

    internal static string RenderTable()
    {
        var text = new StringBuilder();
        text.Append("| Library | Type | Methods |\n|---|---|---|\n");
        foreach (var entry in OutboundIoCatalogue.Entries)
        {
            var type = entry.Type.Replace("`1", "<T>").Replace("`2", "<TKey, TValue>");
            var methods = string.Join(", ", entry.Methods.Select(m => "`" + m + "`"));
            if (entry.Condition == OutboundIoCondition.EfQuery)
            {
                methods += " (only on an EF Core query: a source rooted at a `DbSet<T>`)";
            }

            text.Append("| ").Append(entry.Library).Append(" | `").Append(type).Append("` | ").Append(methods).Append(" |\n");
        }

        return text.ToString();
    }
}
