using System;
using System.Globalization;

namespace MeshReady.Analyzers.Infrastructure;

/// <summary>
/// Parses durations the way Istio writes them (Go syntax: <c>5s</c>, <c>1h30m</c>, <c>500ms</c>) and the
/// .NET constant format (<c>00:00:05</c>), so values can be copied from mesh config or appsettings alike.
/// </summary>
internal static class Duration
{
    /// <summary>Longest accepted value: anything beyond a year is a typo, not a timeout.</summary>
    public static readonly TimeSpan Max = TimeSpan.FromDays(365);

    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = default;
        if (text is null)
        {
            return false;
        }

        var s = text.Trim();
        if (s.Length == 0)
        {
            return false;
        }

        if (s.IndexOf(':') >= 0)
        {
            return TimeSpan.TryParseExact(s, "c", CultureInfo.InvariantCulture, out value)
                && value >= TimeSpan.Zero && value <= Max;
        }

        if (s == "0")
        {
            return true;
        }

        double totalMs = 0;
        var i = 0;
        while (i < s.Length)
        {
            var start = i;
            while (i < s.Length && (char.IsDigit(s[i]) || s[i] == '.'))
            {
                i++;
            }

            if (start == i || !double.TryParse(s.Substring(start, i - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }

            var unitStart = i;
            while (i < s.Length && char.IsLetter(s[i]))
            {
                i++;
            }

            var unit = s.Substring(unitStart, i - unitStart);
            double factor;
            switch (unit)
            {
                case "ms": factor = 1; break;
                case "s": factor = 1000; break;
                case "m": factor = 60_000; break;
                case "h": factor = 3_600_000; break;
                case "d": factor = 86_400_000; break;
                default: return false;
            }

            totalMs += number * factor;
            if (totalMs > Max.TotalMilliseconds)
            {
                return false;
            }
        }

        value = TimeSpan.FromMilliseconds(totalMs);
        return true;
    }

    /// <summary>Formats a duration the way the docs and messages write it (<c>1h</c>, <c>5s</c>, <c>1m30s</c>).</summary>
    public static string Format(TimeSpan value)
    {
        if (value == System.Threading.Timeout.InfiniteTimeSpan)
        {
            return "infinite";
        }

        if (value.TotalMilliseconds < 1000 && value > TimeSpan.Zero)
        {
            return ((long)value.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms";
        }

        var text = string.Empty;
        if (value.Days > 0)
        {
            text += value.Days.ToString(CultureInfo.InvariantCulture) + "d";
        }

        if (value.Hours > 0)
        {
            text += value.Hours.ToString(CultureInfo.InvariantCulture) + "h";
        }

        if (value.Minutes > 0)
        {
            text += value.Minutes.ToString(CultureInfo.InvariantCulture) + "m";
        }

        if (value.Seconds > 0 || text.Length == 0)
        {
            text += value.Seconds.ToString(CultureInfo.InvariantCulture) + "s";
        }

        return text;
    }
}
