using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography.X509Certificates;
using k8s;
using k8s.Authentication;
using k8s.KubeConfigModels;

namespace MeshReady.Manifests.Loading;

/// <summary>Where cluster credentials come from: <c>KUBECONFIG</c>, the default kubeconfig, and a pod's service account.</summary>
internal sealed record ClusterEnvironment(string? KubeconfigVariable, string DefaultKubeconfig, ServiceAccount ServiceAccount)
{
    public static ClusterEnvironment FromProcess() => new(
        Environment.GetEnvironmentVariable("KUBECONFIG"), KubernetesClientConfiguration.KubeConfigDefaultLocation, ServiceAccount.FromProcess());
}

/// <summary>
/// A pod's service account, read as client-go's <c>rest.InClusterConfig</c> reads it (k8s.io/client-go
/// <c>rest/config.go</c>): the API server at <c>https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT</c> (both
/// needed), the bearer token, CA and namespace from the mounted directory. The token is re-read when it changes
/// (bound service-account tokens rotate).
/// </summary>
internal sealed record ServiceAccount(string Directory, string? Host, string? Port)
{
    /// <summary>Where the kubelet mounts the service account's token, CA and namespace.</summary>
    public const string DefaultDirectory = "/var/run/secrets/kubernetes.io/serviceaccount";

    public static ServiceAccount FromProcess() => new(
        DefaultDirectory, Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST"), Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_PORT"));

    public bool Available => !string.IsNullOrEmpty(Host) && !string.IsNullOrEmpty(Port) && File.Exists(Path.Combine(Directory, "token"));

    public KubernetesClientConfiguration Configuration()
    {
        var config = new KubernetesClientConfiguration
        {
            Host = new UriBuilder("https", Host, int.Parse(Port!, System.Globalization.CultureInfo.InvariantCulture)).Uri.ToString(),
            TokenProvider = new TokenFileAuth(Path.Combine(Directory, "token")),
        };
        var ca = Path.Combine(Directory, "ca.crt");
        if (File.Exists(ca))
        {
            config.SslCaCerts = [];
            config.SslCaCerts.ImportFromPemFile(ca);
        }

        var ns = Path.Combine(Directory, "namespace");
        if (File.Exists(ns))
        {
            config.Namespace = File.ReadAllText(ns).Trim();
        }

        return config;
    }
}

/// <summary>
/// Several kubeconfig files merged as kubectl merges the files in <c>KUBECONFIG</c> (k8s.io/client-go
/// <c>tools/clientcmd/loader.go</c>, <c>ClientConfigLoadingRules.Load</c>; documented at
/// https://kubernetes.io/docs/concepts/configuration/organize-cluster-access-kubeconfig/#merging-kubeconfig-files): the
/// first file to name a cluster, context or user wins whole (later entries of the same name are dropped, not merged
/// field by field), the first file to set <c>current-context</c> wins, and relative paths in a file are resolved
/// against that file's folder.
/// </summary>
internal static class Kubeconfigs
{
    public static K8SConfiguration Merge(IReadOnlyList<string> files)
    {
        var clusters = new List<Cluster>();
        var contexts = new List<Context>();
        var users = new List<User>();
        string? current = null;
        foreach (var file in files)
        {
            var config = KubernetesClientConfiguration.LoadKubeConfig(new FileInfo(file), useRelativePaths: false);
            var folder = Path.GetDirectoryName(Path.GetFullPath(file))!;
            foreach (var cluster in config.Clusters ?? [])
            {
                if (cluster.ClusterEndpoint is { } endpoint)
                {
                    endpoint.CertificateAuthority = Absolute(folder, endpoint.CertificateAuthority);
                }

                AddFirst(clusters, cluster, cluster.Name);
            }

            foreach (var user in config.Users ?? [])
            {
                if (user.UserCredentials is { } credentials)
                {
                    credentials.ClientCertificate = Absolute(folder, credentials.ClientCertificate);
                    credentials.ClientKey = Absolute(folder, credentials.ClientKey);
                }

                AddFirst(users, user, user.Name);
            }

            foreach (var context in config.Contexts ?? [])
            {
                AddFirst(contexts, context, context.Name);
            }

            current ??= string.IsNullOrEmpty(config.CurrentContext) ? null : config.CurrentContext;
        }

        return new K8SConfiguration { ApiVersion = "v1", Kind = "Config", Clusters = clusters, Contexts = contexts, Users = users, CurrentContext = current };
    }

    private static void AddFirst<T>(List<T> into, T item, string? name)
    {
        if (into.All(existing => NameOf(existing) != name))
        {
            into.Add(item);
        }
    }

    private static string? NameOf<T>(T item) => item switch
    {
        Cluster c => c.Name,
        Context c => c.Name,
        User u => u.Name,
        _ => null,
    };

    private static string? Absolute(string folder, string? path)
        => string.IsNullOrEmpty(path) || Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(folder, path));
}
