using System;
using System.Collections.Generic;
using System.Globalization;
using MeshReady.Analyzers.Mesh;

namespace MeshReady.Analyzers.Listening.Endpoints;

/// <summary>
/// One server URL as Kestrel, <c>ASPNETCORE_URLS</c> and <c>HttpListener</c> prefixes write it
/// (<c>http://localhost:5000</c>, <c>https://+:443</c>, <c>http://[::1]:8080/</c>). Parts computed at run
/// time are marked by <see cref="Unknown"/> in the text, so <c>$"http://localhost:{port}"</c> still reads as
/// loopback with an unknown port.
/// </summary>
internal readonly struct ListenUrl
{
    /// <summary>Stands in for an interpolation hole or concatenated value the analysis cannot see.</summary>
    public const char Unknown = HostText.Unknown;

    private static readonly char[] HostEnd = { ':', '/' };

    private ListenUrl(string scheme, string? host, HostKind hostKind, int? port)
    {
        Scheme = scheme;
        Host = host;
        HostKind = hostKind;
        Port = port;
    }

    /// <summary><c>http</c> or <c>https</c>.</summary>
    public string Scheme { get; }

    public string? Host { get; }

    public HostKind HostKind { get; }

    public int? Port { get; }

    public bool Tls => Scheme == "https";

    /// <summary>Splits a <c>;</c>-separated URL list (the <c>urls</c> setting) and parses each entry.</summary>
    public static IEnumerable<(ListenUrl Url, string? Error)> ParseList(string text)
    {
        foreach (var part in text.Split(';'))
        {
            var trimmed = part.Trim();
            if (trimmed.Length == 0)
            {
                continue;
            }

            yield return TryParse(trimmed, out var url, out var error) ? (url, null) : (default, error);
        }
    }

    /// <summary>Parses one URL; <paramref name="error"/> says what is wrong when it is not a server URL.</summary>
    public static bool TryParse(string text, out ListenUrl url, out string? error)
    {
        url = default;
        error = null;
        var schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0)
        {
            error = "'" + Printable(text) + "' is not a URL (expected http://host:port)";
            return false;
        }

        var scheme = text.Substring(0, schemeEnd).ToLowerInvariant();
        if (scheme.IndexOf(Unknown) >= 0)
        {
            // "{scheme}://localhost:5000": the address still tells where it binds.
            scheme = "http";
        }
        else if (scheme != "http" && scheme != "https")
        {
            error = "'" + Printable(text) + "' has the scheme '" + scheme + "' (expected http or https)";
            return false;
        }

        var rest = text.Substring(schemeEnd + 3);
        string host;
        string remainder;
        if (rest.StartsWith("[", StringComparison.Ordinal))
        {
            var close = rest.IndexOf(']');
            if (close < 0)
            {
                error = "'" + Printable(text) + "' has an IPv6 address without ']'";
                return false;
            }

            host = rest.Substring(1, close - 1);
            remainder = rest.Substring(close + 1);
        }
        else
        {
            var end = rest.IndexOfAny(HostEnd);
            host = end < 0 ? rest : rest.Substring(0, end);
            remainder = end < 0 ? string.Empty : rest.Substring(end);
        }

        if (host.Length == 0)
        {
            error = "'" + Printable(text) + "' has no host";
            return false;
        }

        int? port = scheme == "https" ? 443 : 80;
        if (remainder.StartsWith(":", StringComparison.Ordinal))
        {
            var slash = remainder.IndexOf('/');
            var portText = slash < 0 ? remainder.Substring(1) : remainder.Substring(1, slash - 1);
            if (portText.IndexOf(Unknown) >= 0)
            {
                port = null;
            }
            else if (TryParsePort(portText, out var value))
            {
                port = value;
            }
            else
            {
                error = "'" + Printable(text) + "' has the port '" + portText + "' (expected a number from 0 to 65535)";
                return false;
            }
        }

        var kind = Classify(host);
        url = new ListenUrl(scheme, kind == HostKind.Unknown ? null : host, kind, port);
        return true;
    }

    /// <summary>How a listener treats this host: loopback names and addresses, wildcards, or one address.</summary>
    public static HostKind Classify(string host)
    {
        if (host.IndexOf(Unknown) >= 0)
        {
            return HostKind.Unknown;
        }

        if (host is "+" or "*" or "0.0.0.0" or "::" or "0:0:0:0:0:0:0:0")
        {
            return HostKind.AnyIP;
        }

        if (MeshHosts.IsLoopback(host))
        {
            return HostKind.Loopback;
        }

        // Kestrel binds every interface for a host name it cannot parse as an address ("binding to all").
        return MeshHosts.IsIPAddress(host) ? HostKind.Specific : HostKind.AnyIP;
    }

    public static bool TryParsePort(string text, out int port)
        => int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out port) && port <= 65535;

    private static string Printable(string text) => text.Replace(Unknown, '…');
}
