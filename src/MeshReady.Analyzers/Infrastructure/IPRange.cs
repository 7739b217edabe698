using System;
using System.Globalization;
using System.Net;

namespace MeshReady.Analyzers.Infrastructure;

/// <summary>An IP address or CIDR range (<c>10.20.0.5</c>, <c>192.168.0.0/16</c>, <c>2001:db8::/32</c>).</summary>
internal readonly struct IPRange : IEquatable<IPRange>
{
    private readonly byte[] network;

    private IPRange(byte[] network, int prefixLength)
    {
        this.network = network;
        PrefixLength = prefixLength;
    }

    public int PrefixLength { get; }

    /// <summary>Documentation ranges (RFC 5737, RFC 3849): addresses in examples, never real destinations.</summary>
    public static readonly IPRange[] Documentation =
    {
        Parse("192.0.2.0/24"), Parse("198.51.100.0/24"), Parse("203.0.113.0/24"), Parse("2001:db8::/32"),
    };

    /// <summary>Link-local (cloud metadata at 169.254.169.254, fe80::/10): reached directly by design, never a Service.</summary>
    public static readonly IPRange[] LinkLocal = { Parse("169.254.0.0/16"), Parse("fe80::/10") };

    public static bool TryParse(string text, out IPRange range)
    {
        range = default;
        var slash = text.IndexOf('/');
        var addressText = (slash < 0 ? text : text.Substring(0, slash)).Trim();
        if (!IPAddress.TryParse(addressText, out var address) || (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork && addressText.IndexOf(':') < 0))
        {
            return false;
        }

        var bytes = address.GetAddressBytes();
        var prefix = bytes.Length * 8;
        if (slash >= 0
            && (!int.TryParse(text.Substring(slash + 1).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out prefix) || prefix > bytes.Length * 8))
        {
            return false;
        }

        range = new IPRange(bytes, prefix);
        return true;
    }

    public bool Contains(string host)
        => IPAddress.TryParse(host.Trim('[', ']'), out var address) && Contains(address.GetAddressBytes());

    public bool Equals(IPRange other)
    {
        if (PrefixLength != other.PrefixLength || (network?.Length ?? 0) != (other.network?.Length ?? 0))
        {
            return false;
        }

        for (var i = 0; i < (network?.Length ?? 0); i++)
        {
            if (network![i] != other.network![i])
            {
                return false;
            }
        }

        return true;
    }

    public override bool Equals(object? obj) => obj is IPRange other && Equals(other);

    public override int GetHashCode() => PrefixLength ^ (network is { Length: > 0 } ? network[0] << 8 : 0);

    private bool Contains(byte[] address)
    {
        if (network is null || address.Length != network.Length)
        {
            return false;
        }

        var bits = PrefixLength;
        for (var i = 0; i < address.Length && bits > 0; i++, bits -= 8)
        {
            var mask = bits >= 8 ? 0xFF : (byte)(0xFF << (8 - bits));
            if ((address[i] & mask) != (network[i] & mask))
            {
                return false;
            }
        }

        return true;
    }

    private static IPRange Parse(string text) => TryParse(text, out var range) ? range : default;
}
