using System;
using System.Globalization;

namespace MeshReady.Analyzers.Addressing.Destinations;

/// <summary>
/// Finds the server in a connection string: ADO.NET style (<c>Server=</c>, <c>Host=</c>, <c>Data Source=</c>,
/// <c>Address=</c>, with <c>Port=</c>), URL style (<c>mongodb://</c>, <c>redis://</c>, <c>amqp://</c>) and
/// StackExchange.Redis style (<c>10.0.0.5:6379,password=…</c>).
/// </summary>
internal static class ConnectionStringHost
{
    private static readonly string[] HostKeys = { "server", "host", "data source", "datasource", "address", "addr", "network address", "hostname" };

    public static bool TryRead(string text, out string host, out int? port)
    {
        host = string.Empty;
        port = null;
        if (DestinationAddress.TryParseUrl(text, out _, out host, out port))
        {
            return true;
        }

        if (text.IndexOf('=') >= 0 && text.IndexOf(';') >= 0 || StartsWithHostKey(text))
        {
            string? found = null;
            foreach (var pair in text.Split(';'))
            {
                var equals = pair.IndexOf('=');
                if (equals <= 0)
                {
                    continue;
                }

                var key = pair.Substring(0, equals).Trim().ToLowerInvariant();
                var value = pair.Substring(equals + 1).Trim();
                if (found is null && Array.IndexOf(HostKeys, key) >= 0 && value.Length > 0)
                {
                    found = value;
                }
                else if (key == "port" && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var p))
                {
                    port = p;
                }
            }

            if (found is null)
            {
                return false;
            }

            DestinationAddress.SplitHostPort(found, out host, out var inline);
            port = inline ?? port;
            return host.Length > 0;
        }

        // StackExchange.Redis: "host:port,host2:port,password=…,ssl=true"
        var first = text.Split(',')[0].Trim();
        if (first.Length == 0 || first.IndexOf('=') >= 0 || first.IndexOf(' ') >= 0)
        {
            return false;
        }

        DestinationAddress.SplitHostPort(first, out host, out port);
        return host.Length > 0;
    }

    private static bool StartsWithHostKey(string text)
    {
        var equals = text.IndexOf('=');
        return equals > 0 && Array.IndexOf(HostKeys, text.Substring(0, equals).Trim().ToLowerInvariant()) >= 0;
    }
}
