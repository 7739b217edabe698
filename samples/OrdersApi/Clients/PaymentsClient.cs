using System.Net.Http.Json;

namespace OrdersApi.Clients;

/// <summary>
/// Talks to the payments service in the billing namespace. It was written for a cluster without a mesh, with
/// its own TLS and a certificate check switched off for the self-signed in-cluster certificate.
/// </summary>
public sealed class PaymentsClient(HttpClient http)
{
    /// <summary>The external card processor really needs TLS: not flagged.</summary>
    public const string ProcessorUrl = "https://api.cardprocessor.example.com";

    public static IHttpClientBuilder Register(IServiceCollection services)
        => services
            .AddHttpClient<PaymentsClient>(client => client.BaseAddress = new Uri("https://payments.billing")) // expect: MESH013
            .ConfigurePrimaryHttpMessageHandler(() => new HttpClientHandler
            {
                ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator, // expect: MESH013
            });

    public async Task<bool> AuthorizeAsync(Guid orderId, decimal amount, CancellationToken ct)
    {
        using var response = await http.PostAsJsonAsync($"/authorizations/{orderId}", new { amount }, ct);
        return response.IsSuccessStatusCode;
    }

    public Task<HttpResponseMessage> ProcessorStatusAsync(CancellationToken ct)
        => http.GetAsync(ProcessorUrl + "/status", ct);
}
