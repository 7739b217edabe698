using System;
using System.Text;
using k8s.Models;
using MeshReady.Manifests.Model;

namespace MeshReady.Manifests.Code;

/// <summary>
/// Finds the container that runs the built assembly: by an explicit <c>workload[/container]</c> mapping, or by
/// image (<c>registry/shop/orders-api:1.4</c> runs <c>OrdersApi</c> or <c>Contoso.OrdersApi</c>); failing that, the
/// checks take the one image whose name ends in the assembly's after a separator (<see cref="ImageEndsWith"/>).
/// </summary>
internal static class CodeMatcher
{
    public static bool TryMatch(PodWorkload workload, string assemblyName, string? mapping, out V1Container container, out int index)
    {
        container = null!;
        index = -1;
        if (mapping is not null)
        {
            var slash = mapping.IndexOf('/', StringComparison.Ordinal);
            var name = slash < 0 ? mapping : mapping[..slash];
            var containerName = slash < 0 ? null : mapping[(slash + 1)..];
            if (!string.Equals(workload.Source.Name, name, StringComparison.Ordinal))
            {
                return false;
            }

            foreach (var (candidate, i) in workload.AppContainers)
            {
                if (containerName is null || candidate.Name == containerName)
                {
                    (container, index) = (candidate, i);
                    return true;
                }
            }

            return false;
        }

        var full = Normalize(assemblyName);
        var lastDot = assemblyName.LastIndexOf('.');
        var last = lastDot < 0 ? full : Normalize(assemblyName[(lastDot + 1)..]);
        foreach (var (candidate, i) in workload.AppContainers)
        {
            var repository = Normalize(ImageRepositoryName(candidate.Image));
            if (repository.Length > 0 && (repository == full || repository == last))
            {
                (container, index) = (candidate, i);
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// True when the image's repository name ends, after a separator, in the assembly's name: docker compose names the
    /// images it builds '&lt;project&gt;_&lt;service&gt;' or '&lt;project&gt;-&lt;service&gt;' (dockersamples/example-voting-app's
    /// 'dockersamples/examplevotingapp_worker' runs its Worker project). The caller takes it only when it is the one match.
    /// </summary>
    internal static bool ImageEndsWith(string? image, string assemblyName)
    {
        var repository = ImageRepositoryName(image);
        var full = Normalize(assemblyName);
        var lastDot = assemblyName.LastIndexOf('.');
        var last = lastDot < 0 ? full : Normalize(assemblyName[(lastDot + 1)..]);
        for (var i = 0; i < repository.Length - 1; i++)
        {
            if (!char.IsLetterOrDigit(repository[i]))
            {
                var suffix = Normalize(repository[(i + 1)..]);
                if (suffix.Length > 0 && (suffix == full || suffix == last))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The last path segment of an image reference, without tag or digest.</summary>
    internal static string ImageRepositoryName(string? image)
    {
        if (string.IsNullOrWhiteSpace(image))
        {
            return string.Empty;
        }

        var reference = image.Trim();
        var at = reference.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            reference = reference[..at];
        }

        var slash = reference.LastIndexOf('/');
        var name = slash < 0 ? reference : reference[(slash + 1)..];
        var colon = name.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? name : name[..colon];
    }

    private static string Normalize(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                builder.Append(char.ToLowerInvariant(c));
            }
        }

        return builder.ToString();
    }
}
