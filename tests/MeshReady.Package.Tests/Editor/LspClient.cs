using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;

namespace MeshReady.Package.Tests.Editor;

/// <summary>
/// A minimal Language Server Protocol client over a server's stdio (JSON-RPC 2.0 with <c>Content-Length</c> framing,
/// LSP 3.17 base protocol): sends requests and notifications, answers the server's own requests (configuration,
/// capability registration, progress), and queues every <c>textDocument/publishDiagnostics</c> it receives.
/// Everything the server writes to stderr or logs is kept for failure messages. Disposing kills the server.
/// </summary>
internal sealed class LspClient : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Stream _input;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonNode?>> _pending = new();
    private readonly Func<string, JsonNode?, JsonNode?> _answerServerRequest;
    private readonly StringBuilder _log = new();
    private readonly Task _reader;
    private int _nextId;

    private LspClient(Process process, Func<string, JsonNode?, JsonNode?> answerServerRequest)
    {
        _process = process;
        _input = process.StandardInput.BaseStream;
        _answerServerRequest = answerServerRequest;
        _reader = Task.Run(ReadLoopAsync);
        _ = Task.Run(async () =>
        {
            while (await process.StandardError.ReadLineAsync() is { } line)
            {
                Log("stderr: " + line);
            }
        });
    }

    /// <summary>Every <c>textDocument/publishDiagnostics</c> notification, in arrival order.</summary>
    public Channel<PublishedDiagnostics> Published { get; } = Channel.CreateUnbounded<PublishedDiagnostics>();

    /// <summary>The server's stderr, log messages and the traffic summary, for assertion messages.</summary>
    public string Transcript
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>
    /// Starts <paramref name="server"/> in <paramref name="workingDirectory"/>. <paramref name="answerServerRequest"/>
    /// gets the method and params of each request the server sends and returns its result (null is a valid answer).
    /// </summary>
    public static LspClient Start(string server, string workingDirectory, Func<string, JsonNode?, JsonNode?> answerServerRequest, params string[] arguments)
    {
        // The server locates MSBuild itself: nothing of this test run's MSBuild environment may leak into it.
        var start = DotNet.StartInfo(server, workingDirectory, arguments);
        start.RedirectStandardInput = true;
        if (string.IsNullOrEmpty(start.Environment.TryGetValue("DOTNET_ROOT", out var root) ? root : null))
        {
            start.Environment["DOTNET_ROOT"] = DotNetRoot();
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + server);
        return new LspClient(process, answerServerRequest);
    }

    public async Task<JsonNode?> RequestAsync(string method, JsonNode? parameters, TimeSpan timeout)
    {
        var id = Interlocked.Increment(ref _nextId);
        var response = new TaskCompletionSource<JsonNode?>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = response;
        await SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = parameters });
        try
        {
            return await response.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"no answer to {method} within {timeout.TotalSeconds:0} s\n{Transcript}");
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    public Task NotifyAsync(string method, JsonNode? parameters)
        => SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method, ["params"] = parameters });

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                // The polite way first (shutdown, exit); the process is killed below whatever happens.
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await RequestAsync("shutdown", null, TimeSpan.FromSeconds(5));
                await NotifyAsync("exit", null);
                await _process.WaitForExitAsync(cts.Token);
            }
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            // Killed below.
        }
        finally
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            await _process.WaitForExitAsync();
            _process.Dispose();
            _writeLock.Dispose();
        }
    }

    private async Task SendAsync(JsonNode message)
    {
        var body = Encoding.UTF8.GetBytes(message.ToJsonString());
        var header = Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n");
        await _writeLock.WaitAsync();
        try
        {
            await _input.WriteAsync(header);
            await _input.WriteAsync(body);
            await _input.FlushAsync();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task ReadLoopAsync()
    {
        var output = _process.StandardOutput.BaseStream;
        try
        {
            while (await ReadMessageAsync(output) is { } message)
            {
                await DispatchAsync(message);
            }

            Log("server closed its output");
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or JsonException or InvalidDataException)
        {
            Log("reader stopped: " + e.Message);
        }
        finally
        {
            Published.Writer.TryComplete();
            foreach (var pending in _pending.Values)
            {
                pending.TrySetException(new IOException("the server stopped before answering\n" + Transcript));
            }
        }
    }

    private async Task DispatchAsync(JsonNode message)
    {
        var method = message["method"]?.GetValue<string>();
        var id = message["id"];
        if (method is null)
        {
            // A response to one of our requests.
            if (id is not null && _pending.TryGetValue(id.GetValue<int>(), out var waiting))
            {
                if (message["error"] is { } error)
                {
                    waiting.TrySetException(new InvalidOperationException("server error: " + error.ToJsonString()));
                }
                else
                {
                    waiting.TrySetResult(message["result"]?.DeepClone());
                }
            }

            return;
        }

        var parameters = message["params"];
        if (id is not null)
        {
            Log("server request: " + method + " " + parameters?.ToJsonString());
            var result = _answerServerRequest(method, parameters);
            await SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id.DeepClone(), ["result"] = result });
            return;
        }

        switch (method)
        {
            case "textDocument/publishDiagnostics":
                var published = PublishedDiagnostics.From(parameters!);
                Log($"publishDiagnostics {published.Uri}: {published.Diagnostics.Count} ({string.Join(", ", published.Diagnostics)})");
                Published.Writer.TryWrite(published);
                break;
            case "window/logMessage" or "window/showMessage" or "$/logTrace":
                Log(method + ": " + (parameters?["message"]?.GetValue<string>() ?? parameters?.ToJsonString()));
                break;
        }
    }

    private static async Task<JsonNode?> ReadMessageAsync(Stream stream)
    {
        var contentLength = -1;
        while (true)
        {
            var line = await ReadHeaderLineAsync(stream);
            if (line is null)
            {
                return null;
            }

            if (line.Length == 0)
            {
                break;
            }

            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            {
                contentLength = int.Parse(line["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        if (contentLength < 0)
        {
            throw new InvalidDataException("a message without Content-Length");
        }

        var body = new byte[contentLength];
        await stream.ReadExactlyAsync(body);
        return JsonNode.Parse(body);
    }

    private static async Task<string?> ReadHeaderLineAsync(Stream stream)
    {
        var bytes = new List<byte>();
        var one = new byte[1];
        while (true)
        {
            if (await stream.ReadAsync(one) == 0)
            {
                return null;
            }

            if (one[0] == (byte)'\n')
            {
                return Encoding.ASCII.GetString(bytes.ToArray()).TrimEnd('\r');
            }

            bytes.Add(one[0]);
        }
    }

    private void Log(string line)
    {
        lock (_log)
        {
            _log.Append('[').Append(DateTime.UtcNow.ToString("HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture)).Append("] ").AppendLine(line);
        }
    }

    /// <summary>The folder of the <c>dotnet</c> running this test, for a tool's apphost that needs <c>DOTNET_ROOT</c>.</summary>
    private static string DotNetRoot()
        => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "..", "..", ".."));
}

/// <summary>One <c>textDocument/publishDiagnostics</c> notification.</summary>
internal sealed record PublishedDiagnostics(string Uri, IReadOnlyList<LspDiagnostic> Diagnostics)
{
    public static PublishedDiagnostics From(JsonNode parameters)
    {
        var diagnostics = new List<LspDiagnostic>();
        foreach (var diagnostic in parameters["diagnostics"]!.AsArray())
        {
            diagnostics.Add(LspDiagnostic.From(diagnostic!));
        }

        return new PublishedDiagnostics(parameters["uri"]!.GetValue<string>(), diagnostics);
    }
}

/// <summary>An LSP diagnostic: 0-based range, severity 1 Error, 2 Warning, 3 Information, 4 Hint.</summary>
internal sealed record LspDiagnostic(string Code, int StartLine, int StartCharacter, int EndLine, int EndCharacter, int Severity, string Message)
{
    public static LspDiagnostic From(JsonNode diagnostic)
    {
        var range = diagnostic["range"]!;
        var code = diagnostic["code"] switch
        {
            null => "",
            JsonValue value when value.TryGetValue<string>(out var text) => text,
            var other => other.ToJsonString(),
        };
        return new LspDiagnostic(
            code,
            range["start"]!["line"]!.GetValue<int>(),
            range["start"]!["character"]!.GetValue<int>(),
            range["end"]!["line"]!.GetValue<int>(),
            range["end"]!["character"]!.GetValue<int>(),
            diagnostic["severity"]?.GetValue<int>() ?? 0,
            diagnostic["message"]?.GetValue<string>() ?? "");
    }

    public override string ToString() => $"{Code}@{StartLine}:{StartCharacter}-{EndLine}:{EndCharacter}/s{Severity}";
}
