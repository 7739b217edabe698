using System.Globalization;
using System.Text;
using MeshReady.Analyzers.Mesh;

namespace MeshReady.Analyzers.Ports;

/// <summary>
/// Istio's port-naming convention, <c>&lt;protocol&gt;[-&lt;suffix&gt;]</c>, together with the Kubernetes
/// rule for container port names (an IANA service name: at most 15 lower-case letters, digits and single
/// hyphens, with at least one letter, no hyphen at either end).
/// </summary>
internal static class PortNaming
{
    public const int MaxLength = 15;

    /// <summary>The name a port gets when its declaration names none: the protocol, plus the port when the protocol is used twice.</summary>
    public static string DefaultName(MeshProtocol protocol, int port, bool protocolUsedTwice)
        => protocolUsedTwice ? protocol.IstioName + "-" + port.ToString(CultureInfo.InvariantCulture) : protocol.IstioName;

    /// <summary>Why <paramref name="name"/> breaks the convention for <paramref name="protocol"/>, or null when it follows it.</summary>
    public static string? Problem(string name, MeshProtocol protocol)
    {
        if (name.Length > MaxLength)
        {
            return "it is longer than 15 characters, so Kubernetes rejects it as a container port name";
        }

        if (!IsServiceName(name))
        {
            return "Kubernetes accepts only lower-case letters, digits and single hyphens in port names";
        }

        var announced = MeshProtocols.FromPortName(name);
        if (announced is null)
        {
            return "it does not start with a protocol Istio knows";
        }

        if (announced != protocol)
        {
            return "it announces '" + announced.IstioName + "' but the port is declared " + protocol.Member;
        }

        return null;
    }

    /// <summary>A conforming name that keeps what it can of <paramref name="name"/> as the suffix.</summary>
    public static string Suggest(string name, MeshProtocol protocol)
    {
        var words = Words(name);
        var suffix = new StringBuilder();
        foreach (var word in words)
        {
            // Drop any protocol word: the prefix says the protocol once ("query-http" becomes "http-query").
            if (MeshProtocols.FromPortName(word) is { } named && named.IstioName == word)
            {
                continue;
            }

            if (suffix.Length > 0)
            {
                suffix.Append('-');
            }

            suffix.Append(word);
        }

        var result = suffix.Length == 0 ? protocol.IstioName : protocol.IstioName + "-" + suffix;
        if (result.Length > MaxLength)
        {
            result = result.Substring(0, MaxLength).TrimEnd('-');
        }

        return result;
    }

    /// <summary>True for a Kubernetes/IANA service name apart from its length.</summary>
    private static bool IsServiceName(string name)
    {
        if (name.Length == 0 || name[0] == '-' || name[name.Length - 1] == '-' || name.Contains("--"))
        {
            return false;
        }

        var hasLetter = false;
        foreach (var c in name)
        {
            if (c >= 'a' && c <= 'z')
            {
                hasLetter = true;
            }
            else if (!(c >= '0' && c <= '9') && c != '-')
            {
                return false;
            }
        }

        return hasLetter;
    }

    /// <summary>Lower-case runs of letters and digits; everything else separates words.</summary>
    private static System.Collections.Generic.List<string> Words(string name)
    {
        var words = new System.Collections.Generic.List<string>();
        var current = new StringBuilder();
        foreach (var c in name.ToLowerInvariant())
        {
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
            {
                current.Append(c);
            }
            else if (current.Length > 0)
            {
                words.Add(current.ToString());
                current.Clear();
            }
        }

        if (current.Length > 0)
        {
            words.Add(current.ToString());
        }

        return words;
    }
}
