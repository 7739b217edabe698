using System;
using System.Text;
using k8s.Models;
using MeshReady.Manifests.Model;

namespace MeshReady.Manifests.Code;

/// <summary>
/// Finds the container that runs the built assembly: by an explicit <c>workload[/container]</c> mapping, or by
/// image (<c>registry/shop/orders-api:1.4</c> runs <c>OrdersApi</c> or <c>Contoso.OrdersApi</c>).
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
