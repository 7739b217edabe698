using System;
using System.Collections.Immutable;
using MeshReady.Analyzers.Infrastructure;
using MeshReady.Analyzers.Infrastructure.Json;
using Microsoft.CodeAnalysis.Text;

namespace MeshReady.Analyzers.Listening.Endpoints;

/// <summary>
/// Reads the listeners an <c>appsettings*.json</c> declares: <c>Kestrel:Endpoints:&lt;name&gt;:Url</c> and
/// <c>:Protocols</c>, <c>Kestrel:EndpointDefaults:Protocols</c>, and the top-level <c>Urls</c>, <c>HTTP_PORTS</c>
/// and <c>HTTPS_PORTS</c> keys (configuration keys are case-insensitive). Pure text in, values out.
/// </summary>
internal static class AppSettingsEndpointReader
{
    public static EndpointFile Read(string path, SourceText text)
    {
        var endpoints = ImmutableArray.CreateBuilder<ListeningEndpoint>();
        var errors = ImmutableArray.CreateBuilder<ConfigFileError>();
        var parsed = TolerantJsonReader.Parse(text.ToString());
        if (parsed.Root is null)
        {
            var offset = Math.Min(parsed.ErrorOffset, text.Length);
            errors.Add(new ConfigFileError(FileSpan.Of(path, text, new TextSpan(offset, offset < text.Length ? 1 : 0)), "the file is not valid JSON: " + parsed.Error));
            return new EndpointFile(path, EndpointFileKind.AppSettings, endpoints.ToImmutable(), errors.ToImmutable());
        }

        if (parsed.Root is not JsonObject root)
        {
            return new EndpointFile(path, EndpointFileKind.AppSettings, endpoints.ToImmutable(), errors.ToImmutable());
        }

        var context = new Reading(path, text, endpoints, errors);
        var defaults = EndpointProtocols.Default;
        FileSpan? defaultsSpan = null;
        if (root.Find("Kestrel")?.Value is JsonObject kestrel)
        {
            if (kestrel.Find("EndpointDefaults")?.Value is JsonObject endpointDefaults
                && endpointDefaults.Find("Protocols") is { } defaultProtocols)
            {
                defaults = context.Protocols(defaultProtocols, "Kestrel:EndpointDefaults:Protocols");
                defaultsSpan = context.Span(defaultProtocols.Value);
            }

            if (kestrel.Find("Endpoints")?.Value is JsonObject declared)
            {
                foreach (var endpoint in declared.Properties)
                {
                    context.Endpoint(endpoint, defaults, defaultsSpan);
                }
            }
        }

        // An object or array under these keys is the app's own options section (a "Urls" object of service addresses
        // bound to its options class): configuration gives the host no value for a section with children, so Kestrel
        // never reads it.
        if (root.Find("Urls") is { Value: JsonScalar } urls)
        {
            context.Urls(urls, "Urls", defaults, defaultsSpan);
        }

        foreach (var (key, tls) in new[] { ("HTTP_PORTS", false), ("HTTPS_PORTS", true) })
        {
            if (root.Find(key) is { Value: JsonScalar } ports)
            {
                context.Ports(ports, key, tls, defaults, defaultsSpan);
            }
        }

        // The keys HttpsRedirectionMiddleware reads for its redirect port.
        var httpsPort = root.Find("https_port") is { Value: JsonScalar } || root.Find("ANCM_HTTPS_PORT") is { Value: JsonScalar };
        return new EndpointFile(path, EndpointFileKind.AppSettings, endpoints.ToImmutable(), errors.ToImmutable(), defaults, defaultsSpan, httpsPort);
    }

    private readonly struct Reading
    {
        private readonly string path;
        private readonly SourceText text;
        private readonly ImmutableArray<ListeningEndpoint>.Builder endpoints;
        private readonly ImmutableArray<ConfigFileError>.Builder errors;

        public Reading(string path, SourceText text, ImmutableArray<ListeningEndpoint>.Builder endpoints, ImmutableArray<ConfigFileError>.Builder errors)
        {
            this.path = path;
            this.text = text;
            this.endpoints = endpoints;
            this.errors = errors;
        }

        public FileSpan Span(JsonNode node) => FileSpan.Of(path, text, new TextSpan(node.Start, node.Length));

        public void Endpoint(JsonProperty endpoint, EndpointProtocols defaults, FileSpan? defaultsSpan)
        {
            var key = "Kestrel:Endpoints:" + endpoint.Name;
            if (endpoint.Value is not JsonObject settings)
            {
                Error(endpoint.Value, "'" + key + "' must be an object with a \"Url\"");
                return;
            }

            var protocols = defaults;
            var protocolsSpan = defaultsSpan;
            if (settings.Find("Protocols") is { } declaredProtocols)
            {
                protocols = Protocols(declaredProtocols, key + ":Protocols");
                protocolsSpan = Span(declaredProtocols.Value);
            }

            if (settings.Find("Url") is not { } url)
            {
                Error(endpoint.Value, "'" + key + "' has no \"Url\"");
                return;
            }

            Urls(url, key + ":Url", protocols, protocolsSpan);
        }

        public void Urls(JsonProperty property, string key, EndpointProtocols protocols, FileSpan? protocolsSpan)
        {
            if (property.Value is not JsonScalar { Kind: JsonScalarKind.String } value)
            {
                Error(property.Value, "'" + key + "' must be a string such as \"http://+:8080\"");
                return;
            }

            var span = Span(value);
            foreach (var (url, error) in ListenUrl.ParseList(value.Text))
            {
                if (error is not null)
                {
                    Error(value, "'" + key + "': " + error);
                    continue;
                }

                endpoints.Add(new ListeningEndpoint(EndpointSource.AppSettings, key, url.HostKind, url.Host, url.Port, url.Scheme, url.Tls, protocols, span, span, protocolsSpan, url.Tls ? span : null));
            }
        }

        public void Ports(JsonProperty property, string key, bool tls, EndpointProtocols protocols, FileSpan? protocolsSpan)
        {
            var raw = property.Value is JsonScalar { Kind: JsonScalarKind.String or JsonScalarKind.Number } scalar ? scalar.Text : null;
            if (raw is null)
            {
                Error(property.Value, "'" + key + "' must be a port list such as \"8080\" or \"8080;8081\"");
                return;
            }

            var span = Span(property.Value);
            foreach (var part in raw.Split(';', ','))
            {
                var trimmed = part.Trim();
                if (trimmed.Length == 0)
                {
                    continue;
                }

                if (!ListenUrl.TryParsePort(trimmed, out var port))
                {
                    Error(property.Value, "'" + key + "': '" + trimmed + "' is not a port (expected a number from 0 to 65535)");
                    continue;
                }

                endpoints.Add(new ListeningEndpoint(EndpointSource.AppSettings, key, HostKind.AnyIP, "+", port, tls ? "https" : "http", tls, protocols, span, span, protocolsSpan, tls ? span : null));
            }
        }

        public EndpointProtocols Protocols(JsonProperty property, string key)
        {
            if (property.Value is JsonScalar { Kind: JsonScalarKind.String } value)
            {
                switch (value.Text.Trim().ToLowerInvariant())
                {
                    case "http1": return EndpointProtocols.Http1;
                    case "http2": return EndpointProtocols.Http2;
                    case "http1andhttp2":
                    case "http1andhttp2andhttp3":
                        return EndpointProtocols.Http1AndHttp2;
                    case "http3": return EndpointProtocols.Unknown;
                }
            }

            Error(property.Value, "'" + key + "' must be one of Http1, Http2, Http1AndHttp2, Http3, Http1AndHttp2AndHttp3");
            return EndpointProtocols.Unknown;
        }

        private void Error(JsonNode node, string message) => errors.Add(new ConfigFileError(Span(node), message));
    }
}
