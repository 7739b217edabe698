using System;
using System.Collections.Generic;
using System.Globalization;

namespace MeshReady.Analyzers.Mesh;

/// <summary>
/// Finds hosts and ports in text: absolute URLs (<c>scheme://[user@]host[:port]</c>, several hosts for
/// <c>mongodb://a,b</c>), ADO.NET-style connection strings (<c>Server=</c>, <c>Host=</c>, <c>Data Source=</c>,
/// <c>Address=</c>, with <c>Port=</c>) and StackExchange.Redis lists (<c>10.0.0.5:6379,password=…</c>).
/// Parts computed at run time are <see cref="Unknown"/>.
/// </summary>
internal static class HostText
{
    /// <summary>Stands for a part of a string computed at run time.</summary>
    public const char Unknown = '\u0001';

    private static readonly string[] HostKeys = { "server", "host", "data source", "datasource", "address", "addr", "network address", "hostname" };

    private static readonly char[] AuthorityEnd = { '/', '?', '#' };

    /// <summary>An absolute URL's scheme, first host and port; false for relative URLs and other text.</summary>
    public static bool TryParseUrl(string text, out string scheme, out string host, out int? port)
    {
        host = string.Empty;
        port = null;
        if (!TryAuthority(text, out scheme, out var authority))
        {
            return false;
        }

        // Several hosts (mongodb://a:27017,b:27017): the first one is enough to classify.
        var comma = authority.IndexOf(',');
        var first = comma >= 0 ? authority.Substring(0, comma) : authority;
        SplitHostPort(first, out host, out port);
        if (port is null && !first.Contains(":"))
        {
            port = DefaultPort(scheme);
        }

        return host.Length > 0;
    }

    /// <summary>Splits <c>host:port</c>, <c>[v6]:port</c>, <c>host,port</c> (SQL Server), <c>tcp:host</c>, <c>host\instance</c> or a bare host.</summary>
    public static void SplitHostPort(string text, out string host, out int? port)
    {
        port = null;
        text = text.Trim();
        if (text.StartsWith("tcp:", StringComparison.OrdinalIgnoreCase))
        {
            text = text.Substring(4);
        }

        string portText;
        if (text.StartsWith("[", StringComparison.Ordinal))
        {
            var close = text.IndexOf(']');
            host = close < 0 ? text.Substring(1) : text.Substring(1, close - 1);
            portText = close >= 0 && close + 1 < text.Length && text[close + 1] == ':' ? text.Substring(close + 2) : string.Empty;
        }
        else
        {
            var separator = text.IndexOf(',') >= 0 ? text.IndexOf(',') : text.IndexOf(':') == text.LastIndexOf(':') ? text.IndexOf(':') : -1;
            host = separator < 0 ? text : text.Substring(0, separator);
            portText = separator < 0 ? string.Empty : text.Substring(separator + 1);
        }

        if (int.TryParse(portText.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value <= 65535)
        {
            port = value;
        }

        var backslash = host.IndexOf('\\');
        if (backslash >= 0)
        {
            // SQL Server named instance: server\instance
            host = host.Substring(0, backslash);
        }
    }

    /// <summary>The first host (and port) of a URL, connection string or host list.</summary>
    public static bool TryReadDestination(string text, out string host, out int? port)
    {
        var hosts = Hosts(text);
        host = hosts.Count > 0 ? hosts[0].Host : string.Empty;
        port = hosts.Count > 0 ? hosts[0].Port : null;
        return hosts.Count > 0;
    }

    /// <summary>True when the text names hosts and every one of them is loopback (a local Dapr sidecar, a test server).</summary>
    public static bool NamesOnlyLoopback(string text)
    {
        var hosts = Hosts(text);
        foreach (var (host, _) in hosts)
        {
            if (!MeshHosts.IsLoopback(host))
            {
                return false;
            }
        }

        return hosts.Count > 0;
    }

    /// <summary>Every host the text names, in order, with its port where one is written (or implied by the URL scheme).</summary>
    public static List<(string Host, int? Port)> Hosts(string text)
    {
        var hosts = new List<(string Host, int? Port)>();
        text = text.Trim();
        if (TryAuthority(text, out var scheme, out var authority))
        {
            foreach (var part in authority.Split(','))
            {
                SplitHostPort(part, out var host, out var port);
                Add(hosts, host, port ?? (part.Contains(":") ? null : DefaultPort(scheme)));
            }

            return hosts;
        }

        if ((text.IndexOf('=') >= 0 && text.IndexOf(';') >= 0) || StartsWithHostKey(text))
        {
            int? portKey = null;
            var first = hosts.Count;
            foreach (var pair in text.Split(';'))
            {
                var equals = pair.IndexOf('=');
                if (equals <= 0)
                {
                    continue;
                }

                var key = pair.Substring(0, equals).Trim().ToLowerInvariant();
                var value = pair.Substring(equals + 1).Trim();
                if (Array.IndexOf(HostKeys, key) >= 0 && value.Length > 0)
                {
                    AddHostList(hosts, value);
                }
                else if (key == "port" && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var p))
                {
                    portKey = p;
                }
            }

            for (var i = first; i < hosts.Count; i++)
            {
                hosts[i] = (hosts[i].Host, hosts[i].Port ?? portKey);
            }

            return hosts;
        }

        // StackExchange.Redis: "host:port,host2:port,password=…,ssl=true"
        foreach (var part in text.Split(','))
        {
            var entry = part.Trim();
            if (entry.Length == 0 || entry.IndexOf('=') >= 0 || entry.IndexOf(' ') >= 0)
            {
                break;
            }

            SplitHostPort(entry, out var host, out var port);
            Add(hosts, host, port);
        }

        return hosts;
    }

    // "a,b" (Npgsql multi-host) or "server,1433" (SQL Server's port separator).
    private static void AddHostList(List<(string Host, int? Port)> hosts, string value)
    {
        var parts = value.Split(',');
        if (parts.Length == 2 && int.TryParse(parts[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            SplitHostPort(value, out var host, out var port);
            Add(hosts, host, port);
            return;
        }

        foreach (var part in parts)
        {
            SplitHostPort(part.Replace(" ", string.Empty), out var host, out var port);
            Add(hosts, host, port);
        }
    }

    private static void Add(List<(string Host, int? Port)> hosts, string host, int? port)
    {
        if (host.Length > 0)
        {
            hosts.Add((host, port));
        }
    }

    private static bool TryAuthority(string text, out string scheme, out string authority)
    {
        scheme = authority = string.Empty;
        var schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd <= 0)
        {
            return false;
        }

        scheme = text.Substring(0, schemeEnd).Trim().ToLowerInvariant();
        foreach (var c in scheme)
        {
            if (!(char.IsLetterOrDigit(c) || c is '+' or '-' or '.' or Unknown))
            {
                return false;
            }
        }

        var start = schemeEnd + 3;
        var end = text.IndexOfAny(AuthorityEnd, start);
        authority = end < 0 ? text.Substring(start) : text.Substring(start, end - start);
        var at = authority.LastIndexOf('@');
        if (at >= 0)
        {
            authority = authority.Substring(at + 1);
        }

        return true;
    }

    private static int? DefaultPort(string scheme) => scheme switch
    {
        "http" or "ws" => 80,
        "https" or "wss" => 443,
        _ => null,
    };

    private static bool StartsWithHostKey(string text)
    {
        var equals = text.IndexOf('=');
        return equals > 0 && Array.IndexOf(HostKeys, text.Substring(0, equals).Trim().ToLowerInvariant()) >= 0;
    }
}
