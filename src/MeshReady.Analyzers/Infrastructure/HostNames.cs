namespace MeshReady.Analyzers.Infrastructure;

/// <summary>Small, allocation-free checks on host names.</summary>
internal static class HostNames
{
    /// <summary>True for a syntactically valid DNS name (labels of letters, digits and hyphens).</summary>
    public static bool IsValidDnsName(string value)
    {
        if (value.Length == 0 || value.Length > 253)
        {
            return false;
        }

        var labelLength = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '.')
            {
                if (labelLength == 0 || value[i - 1] == '-')
                {
                    return false;
                }

                labelLength = 0;
                continue;
            }

            var ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || (c == '-' && labelLength > 0);
            if (!ok || ++labelLength > 63)
            {
                return false;
            }
        }

        return labelLength > 0 && value[value.Length - 1] != '-';
    }
}
