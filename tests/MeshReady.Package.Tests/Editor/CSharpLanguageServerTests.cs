using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using MeshReady.Analyzers.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace MeshReady.Package.Tests.Editor;

/// <summary>
/// Squiggles in a real editor back end: the language server <c>csharp-ls</c> (installed by the test as a dotnet tool)
/// opens a copy of the OrdersApi sample that references the packed package. With its default settings it reports no
/// MESH diagnostic (analyzers off); once <c>csharp.analyzersEnabled</c> is answered through
/// <c>workspace/configuration</c>, as an editor's settings would be, the diagnostics it pushes for the open files are
/// exactly the sample's <c>// expect:</c> markers (Warning and Info alike), with the ranges and LSP severities an
/// editor draws; a squiggle goes away once the user types a fix over it, and a pull request reports the same.
/// </summary>
[Collection(PackedPackageCollection.Name)]
public class CSharpLanguageServerTests(PackedPackage package, ITestOutputHelper output)
{
    /// <summary>The server version this evidence is for (README, "Squiggles and fixes in your editor").</summary>
    public const string ServerVersion = "0.28.0";

    private const int Warning = 2;
    private const int Information = 3;

    // Loading a web project and running every analyzer took 10-18 s by hand; a loaded CI machine gets far more.
    private static readonly TimeSpan LoadTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan AnalysisTimeout = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task MeshSquigglesArriveOnceAnalyzersAreEnabledAndClearWhenTheLineIsFixed()
    {
        var copy = await package.InstallIntoCopyOfAsync("OrdersApi", "OrdersApi-csharp-ls");
        var server = await InstallServerAsync();
        var program = Path.Combine(copy, "Program.cs");
        var erpClient = Path.Combine(copy, "Clients", "LegacyErpClient.cs");
        var expected = SampleExpectations.For(copy).ToList();

        var settings = new EditorSettings();
        await using var lsp = LspClient.Start(server, copy, settings.Answer);
        try
        {
            await EditAndWatchAsync(lsp, settings, copy, program, erpClient, expected);
        }
        finally
        {
            // The timeline (load, analysis, each push) for whoever reads this test's output.
            output.WriteLine(lsp.Transcript);
        }
    }

    private static async Task EditAndWatchAsync(LspClient lsp, EditorSettings settings, string copy, string program, string erpClient, List<SampleExpectation> expected)
    {
        var initialized = await lsp.RequestAsync("initialize", InitializeParams(copy), LoadTimeout);
        Assert.NotNull(initialized?["capabilities"]);
        await lsp.NotifyAsync("initialized", new JsonObject());
        var editor = new OpenDocuments(lsp);
        await editor.OpenAsync(program);
        await editor.OpenAsync(erpClient);

        // The server's default: analyzers off, so the loaded project's open files get no MESH diagnostic at all.
        var latest = await WaitForAsync(lsp, seen => seen.ContainsKey(Uri(program)) && seen.ContainsKey(Uri(erpClient)), "diagnostics for the open files");
        Assert.DoesNotContain(latest.Values.SelectMany(p => p.Diagnostics), d => d.Code.StartsWith("MESH", StringComparison.Ordinal));

        // The user turns "csharp.analyzersEnabled" on; like VS Code, the editor says only that settings changed and
        // the server pulls them again. The next edit of each file then shows the MESH squiggles (a push computed while
        // the old setting was still in force is followed by another touch, as further typing would).
        var requestsBefore = settings.Requests;
        settings.AnalyzersEnabled = true;
        await lsp.NotifyAsync("workspace/didChangeConfiguration", new JsonObject { ["settings"] = null });
        await WaitUntilAsync(() => settings.Requests > requestsBefore && lsp.Transcript.Contains("analyzersEnabled = Some true", StringComparison.Ordinal), lsp, "csharp-ls to take the new setting");
        await editor.TouchAsync(program);
        await editor.TouchAsync(erpClient);
        var retouches = 0;
        latest = await WaitForAsync(
            lsp,
            seen => HasMesh(seen, program) && HasMesh(seen, erpClient),
            "MESH diagnostics for Program.cs and LegacyErpClient.cs",
            published => published.Diagnostics.Any(d => d.Code.StartsWith("MESH", StringComparison.Ordinal)) || retouches++ >= 4
                ? Task.CompletedTask
                : editor.TouchAsync(new Uri(published.Uri).LocalPath));

        // Both open files get the MESH diagnostics the build reports for them: same rules, same lines.
        AssertSameAsMarkers(expected, copy, program, latest[Uri(program)].Diagnostics);
        AssertSameAsMarkers(expected, copy, erpClient, latest[Uri(erpClient)].Diagnostics);

        // Ranges and severities as drawn: the loopback bind (Warning) on the method name, the undeclared port (Info)
        // on its argument, and the HTTP/1.0 version (Warning) on the value.
        var loopback = AssertAt(latest[Uri(program)], "MESH001", program, expected, "ListenLocalhost", Warning);
        AssertAt(latest[Uri(program)], "MESH041", program, expected, "8081", Information);
        var http10 = AssertAt(latest[Uri(erpClient)], "MESH010", erpClient, expected, "HttpVersion.Version10", Warning);

        // The user fixes both lines by typing over the flagged text; those squiggles go, the others stay.
        await editor.TypeAsync(program, loopback.StartLine, loopback.StartCharacter, loopback.EndCharacter - loopback.StartCharacter, "ListenAnyIP");
        await editor.TypeAsync(erpClient, http10.StartLine, http10.StartCharacter, http10.EndCharacter - http10.StartCharacter, "HttpVersion.Version11");
        latest = await WaitForAsync(
            lsp,
            seen => HasMesh(seen, program) && HasMesh(seen, erpClient)
                && !seen[Uri(program)].Diagnostics.Any(d => d.Code == "MESH001")
                && seen[Uri(erpClient)].Diagnostics.Count(d => d.Code == "MESH010") == 1,
            "MESH001 and the first MESH010 to clear after the edits");
        var fixedLines = new[] { ("Program.cs", loopback.StartLine + 1, "MESH001"), ("Clients/LegacyErpClient.cs", http10.StartLine + 1, "MESH010") };
        var stillExpected = expected.Where(e => !fixedLines.Contains((e.Path, e.Line, e.Id))).ToList();
        AssertSameAsMarkers(stillExpected, copy, program, latest[Uri(program)].Diagnostics);
        AssertSameAsMarkers(stillExpected, copy, erpClient, latest[Uri(erpClient)].Diagnostics);

        // An editor that pulls (textDocument/diagnostic) gets the same report for the edited file.
        var pulled = await lsp.RequestAsync("textDocument/diagnostic", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = Uri(program) } }, AnalysisTimeout);
        Assert.Equal("full", pulled?["kind"]?.GetValue<string>());
        AssertSameAsMarkers(stillExpected, copy, program, pulled!["items"]!.AsArray().Select(d => LspDiagnostic.From(d!)));
    }

    /// <summary>Installs the server the way its README says, into this run's own folder: no global tool, no manual step.</summary>
    private async Task<string> InstallServerAsync()
    {
        var toolPath = Path.Combine(package.Root, "csharp-ls-" + ServerVersion);
        await DotNet.RunCheckedAsync(package.Root, "tool", "install", "csharp-ls", "--version", ServerVersion, "--tool-path", toolPath);
        var server = Path.Combine(toolPath, OperatingSystem.IsWindows() ? "csharp-ls.exe" : "csharp-ls");
        Assert.True(File.Exists(server), "dotnet tool install left no csharp-ls in " + toolPath);
        return server;
    }

    /// <summary>
    /// What an editor answers to <c>workspace/configuration</c>: csharp-ls asks for the <c>csharp</c> section
    /// (Lsp/Client.fs, <c>TryPullCSharpConfig</c>); with the setting on that is <c>{ "analyzersEnabled": true }</c>.
    /// Capability registrations and progress get null.
    /// </summary>
    private sealed class EditorSettings
    {
        private int _requests;

        public volatile bool AnalyzersEnabled;

        public int Requests => Volatile.Read(ref _requests);

        public JsonNode? Answer(string method, JsonNode? parameters)
        {
            if (method != "workspace/configuration")
            {
                return null;
            }

            Interlocked.Increment(ref _requests);
            var answers = new JsonArray();
            foreach (var item in parameters?["items"]?.AsArray() ?? [])
            {
                answers.Add(item?["section"]?.GetValue<string>() != "csharp" ? null
                    : AnalyzersEnabled ? new JsonObject { ["analyzersEnabled"] = true }
                    : new JsonObject());
            }

            return answers;
        }
    }

    private static JsonObject InitializeParams(string root) => new()
    {
        ["processId"] = Environment.ProcessId,
        ["clientInfo"] = new JsonObject { ["name"] = "MeshReady.Package.Tests" },
        ["rootUri"] = Uri(root),
        ["workspaceFolders"] = new JsonArray(new JsonObject { ["uri"] = Uri(root), ["name"] = Path.GetFileName(root) }),
        ["capabilities"] = new JsonObject
        {
            ["workspace"] = new JsonObject
            {
                ["configuration"] = true,
                ["workspaceFolders"] = true,
                ["didChangeConfiguration"] = new JsonObject { ["dynamicRegistration"] = true },
            },
            // No textDocument.diagnostic: csharp-ls then pushes diagnostics for open documents (PushDiagnostics.fs).
            ["textDocument"] = new JsonObject
            {
                ["synchronization"] = new JsonObject { ["dynamicRegistration"] = true, ["didSave"] = true },
                ["publishDiagnostics"] = new JsonObject { ["relatedInformation"] = true, ["versionSupport"] = false },
            },
        },
    };

    /// <summary>The editor's open documents and their versions (LSP requires each change to raise the version).</summary>
    private sealed class OpenDocuments(LspClient lsp)
    {
        private readonly Dictionary<string, int> _versions = new(StringComparer.Ordinal);

        public Task OpenAsync(string path)
        {
            _versions[Uri(path)] = 1;
            return lsp.NotifyAsync("textDocument/didOpen", new JsonObject
            {
                ["textDocument"] = new JsonObject
                {
                    ["uri"] = Uri(path),
                    ["languageId"] = "csharp",
                    ["version"] = 1,
                    ["text"] = File.ReadAllText(path),
                },
            });
        }

        /// <summary>An edit as typing sends it: an incremental change of one range of one line.</summary>
        public Task TypeAsync(string path, int line, int character, int oldLength, string newText)
            => lsp.NotifyAsync("textDocument/didChange", new JsonObject
            {
                ["textDocument"] = new JsonObject { ["uri"] = Uri(path), ["version"] = ++_versions[Uri(path)] },
                ["contentChanges"] = new JsonArray(new JsonObject
                {
                    ["range"] = new JsonObject
                    {
                        ["start"] = new JsonObject { ["line"] = line, ["character"] = character },
                        ["end"] = new JsonObject { ["line"] = line, ["character"] = character + oldLength },
                    },
                    ["text"] = newText,
                }),
            });

        /// <summary>A change that leaves the text as it is: the document is touched, so the server analyzes it again.</summary>
        public Task TouchAsync(string path) => TypeAsync(path, 0, 0, 0, "");
    }

    private static async Task WaitUntilAsync(Func<bool> condition, LspClient lsp, string what)
    {
        var deadline = DateTime.UtcNow + LoadTimeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}\n{lsp.Transcript}");
            await Task.Delay(100);
        }
    }

    /// <summary>
    /// Reads pushed diagnostics until <paramref name="done"/> holds for the latest set per document; each push not yet
    /// enough goes to <paramref name="onPublished"/>.
    /// </summary>
    private static async Task<Dictionary<string, PublishedDiagnostics>> WaitForAsync(
        LspClient lsp, Func<Dictionary<string, PublishedDiagnostics>, bool> done, string what, Func<PublishedDiagnostics, Task>? onPublished = null)
    {
        var latest = new Dictionary<string, PublishedDiagnostics>(StringComparer.Ordinal);
        using var timeout = new CancellationTokenSource(AnalysisTimeout);
        try
        {
            while (!done(latest))
            {
                var published = await lsp.Published.Reader.ReadAsync(timeout.Token);
                latest[published.Uri] = published;
                if (onPublished is not null && !done(latest))
                {
                    await onPublished(published);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or System.Threading.Channels.ChannelClosedException)
        {
            Assert.Fail($"csharp-ls did not publish {what} within {AnalysisTimeout.TotalMinutes:0} min ({e.GetType().Name})\n{lsp.Transcript}");
        }

        return latest;
    }

    private static bool HasMesh(Dictionary<string, PublishedDiagnostics> seen, string path)
        => seen.TryGetValue(Uri(path), out var published) && published.Diagnostics.Any(d => d.Code.StartsWith("MESH", StringComparison.Ordinal));

    private static void AssertSameAsMarkers(IEnumerable<SampleExpectation> expected, string copy, string path, IEnumerable<LspDiagnostic> diagnostics)
    {
        var relative = Path.GetRelativePath(copy, path).Replace('\\', '/');
        SampleBuildTests.AssertSameDiagnostics(
            expected.Where(e => e.Path == relative),
            diagnostics.Where(d => d.Code.StartsWith("MESH", StringComparison.Ordinal)).Select(d => new SampleExpectation(d.Code, relative, d.StartLine + 1)));
    }

    /// <summary>
    /// The diagnostic <paramref name="id"/> on its marked line covers exactly <paramref name="text"/> in that line, with
    /// the given LSP severity.
    /// </summary>
    private static LspDiagnostic AssertAt(PublishedDiagnostics published, string id, string path, IEnumerable<SampleExpectation> expected, string text, int severity)
    {
        var relative = Path.GetFileName(path);
        var marked = expected.First(e => e.Id == id && e.Path.EndsWith(relative, StringComparison.Ordinal));
        var line = File.ReadLines(path).ElementAt(marked.Line - 1);
        var column = line.IndexOf(text, StringComparison.Ordinal);
        Assert.True(column >= 0, $"'{text}' is not on {relative}:{marked.Line}");

        var diagnostic = Assert.Single(published.Diagnostics, d => d.Code == id && d.StartLine == marked.Line - 1);
        Assert.Equal((marked.Line - 1, column, marked.Line - 1, column + text.Length), (diagnostic.StartLine, diagnostic.StartCharacter, diagnostic.EndLine, diagnostic.EndCharacter));
        Assert.Equal(severity, diagnostic.Severity);
        Assert.False(string.IsNullOrWhiteSpace(diagnostic.Message));
        return diagnostic;
    }

    private static string Uri(string path) => new Uri(Path.GetFullPath(path)).AbsoluteUri;
}
