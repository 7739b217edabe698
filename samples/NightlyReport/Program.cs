// NightlyReport: a Kubernetes CronJob that totals yesterday's orders and posts the report to analytics.
// Written the way it was before the namespace got sidecar injection: it races the sidecar at start-up and
// leaves the Job stuck in Running when it is done.
using System.Net.Http.Json;
using NightlyReport;

var day = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-1));
using var orders = new HttpClient { BaseAddress = new Uri("http://orders-api.shop") };

// Loopback is not the mesh: asking the pod's own metrics agent is never flagged.
using var agent = new HttpClient { BaseAddress = new Uri("http://127.0.0.1:9464") };
var agentUp = await Probe.IsUpAsync(agent);

var summaries = await orders.GetFromJsonAsync<List<OrderSummary>>($"/orders?day={day:yyyy-MM-dd}"); // expect: MESH030
if (summaries is null || summaries.Count == 0)
{
    Console.WriteLine($"No orders on {day}; agent up: {agentUp}");
    return 0;
}

var report = Report.From(day, summaries);
using var analytics = new HttpClient();
var response = await analytics.PostAsJsonAsync("http://reports.analytics/api/nightly", report);
return response.IsSuccessStatusCode ? 0 : 1; // expect: MESH033
