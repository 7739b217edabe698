using System.Net;
using System.Net.Sockets;

namespace OrdersApi.Orders;

/// <summary>
/// Warehouse label printers connect here and wait for the bridge to announce itself before they send jobs.
/// The bridge talks first, so on an undeclared port the sidecar's protocol sniffing waits forever.
/// </summary>
public sealed class LabelPrinterBridge(ILogger<LabelPrinterBridge> logger) : BackgroundService
{
    public const int Port = 9400;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var listener = new TcpListener(IPAddress.Any, Port); // expect: MESH041
        listener.Start();
        while (!stoppingToken.IsCancellationRequested)
        {
            using var printer = await listener.AcceptTcpClientAsync(stoppingToken); // expect: MESH004
            using var stream = printer.GetStream();
            using var writer = new StreamWriter(stream) { AutoFlush = true };
            using var reader = new StreamReader(stream);
            await writer.WriteLineAsync("LABELBRIDGE 1.0 READY");
            var job = await reader.ReadLineAsync(stoppingToken);
            logger.LogInformation("Printer sent {Length} bytes", job?.Length ?? 0);
        }
    }
}
