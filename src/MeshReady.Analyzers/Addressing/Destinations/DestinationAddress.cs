using System;
using System.Globalization;
using MeshReady.Analyzers.Infrastructure;
using MeshReady.Analyzers.Listening.Endpoints;

namespace MeshReady.Analyzers.Addressing.Destinations;

/// <summary>Parses destination URLs and hosts; parts computed at run time are <see cref="ListenUrl.Unknown"/>.</summary>
internal static class DestinationAddress
{
    /// <summary>An absolute URL (<c>scheme://[user@]host[:port][/…]</c>); false for relative URLs and other text.</summary>
    public static bool TryParseUrl(string text, out string scheme, out string host, out int? port)
    {
        scheme = host = string.Empty;
        port = null;
        var schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd <= 0)
        {
            return false;
        }

        scheme = text.Substring(0, schemeEnd).Trim().ToLowerInvariant();
        foreach (var c in scheme)
        {
            if (!(char.IsLetterOrDigit(c) || c is '+' or '-' or '.' or ListenUrl.Unknown))
            {
                return false;
            }
        }

        var authorityStart = schemeEnd + 3;
        var authorityEnd = text.IndexOfAny(AuthorityEnd, authorityStart);
        var authority = authorityEnd < 0 ? text.Substring(authorityStart) : text.Substring(authorityStart, authorityEnd - authorityStart);
        var at = authority.LastIndexOf('@');
        if (at >= 0)
        {
            authority = authority.Substring(at + 1);
        }

        // Several hosts (mongodb://a:27017,b:27017) : the first one is enough to classify.
        var comma = authority.IndexOf(',');
        if (comma >= 0)
        {
            authority = authority.Substring(0, comma);
        }

        SplitHostPort(authority, out host, out port);
        if (port is null && !authority.Contains(":"))
        {
            port = scheme switch
            {
                "http" or "ws" => 80,
                "https" or "wss" => 443,
                _ => null,
            };
        }

        return host.Length > 0;
    }

    /// <summary>Splits <c>host:port</c>, <c>[v6]:port</c>, <c>host,port</c> (SQL Server) or a bare host.</summary>
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

    public static DestinationHostKind Classify(string? host)
    {
        if (host is null || host.Length == 0 || host.IndexOf(ListenUrl.Unknown) >= 0)
        {
            return DestinationHostKind.Unknown;
        }

        if (host is "0.0.0.0" or "::" or "+" or "*")
        {
            return DestinationHostKind.Unspecified;
        }

        if (ListenUrl.IsLoopback(host) || host == "." || string.Equals(host, "(local)", StringComparison.OrdinalIgnoreCase))
        {
            return DestinationHostKind.Loopback;
        }

        if (ListenUrl.IsIPAddress(host))
        {
            return DestinationHostKind.IPAddress;
        }

        // Anything else must be a DNS name; half-typed text ("orders);") is not a destination.
        return HostNames.IsValidDnsName(host) ? DestinationHostKind.Name : DestinationHostKind.Unknown;
    }

    private static readonly char[] AuthorityEnd = { '/', '?', '#' };
}
