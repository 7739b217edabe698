using MeshReady.Analyzers.Listening.Endpoints;
using Xunit;

namespace MeshReady.Analyzers.Tests.Listening.Endpoints;

public class ListenUrlTests
{
    [Theory]
    [InlineData("http://localhost:5000", "Loopback", "localhost", 5000, "http")]
    [InlineData("http://127.0.0.1:8080/", "Loopback", "127.0.0.1", 8080, "http")]
    [InlineData("http://127.0.0.6:8080", "Loopback", "127.0.0.6", 8080, "http")]
    [InlineData("http://[::1]:8080", "Loopback", "::1", 8080, "http")]
    [InlineData("https://LOCALHOST", "Loopback", "LOCALHOST", 443, "https")]
    [InlineData("http://+:80", "AnyIP", "+", 80, "http")]
    [InlineData("http://*:8080", "AnyIP", "*", 8080, "http")]
    [InlineData("http://0.0.0.0:8080", "AnyIP", "0.0.0.0", 8080, "http")]
    [InlineData("http://[::]:8080", "AnyIP", "::", 8080, "http")]
    [InlineData("http://orders-api:8080", "AnyIP", "orders-api", 8080, "http")]
    [InlineData("http://10.1.2.3:8080", "Specific", "10.1.2.3", 8080, "http")]
    [InlineData("HTTPS://+:8443", "AnyIP", "+", 8443, "https")]
    public void ClassifiesServerUrls(string text, string kind, string host, int port, string scheme)
    {
        Assert.True(ListenUrl.TryParse(text, out var url, out var error), error);
        Assert.Equal(System.Enum.Parse<HostKind>(kind), url.HostKind);
        Assert.Equal(host, url.Host);
        Assert.Equal(port, url.Port);
        Assert.Equal(scheme, url.Scheme);
    }

    [Fact]
    public void UnknownPartsStayUnknown()
    {
        Assert.True(ListenUrl.TryParse("http://localhost:" + ListenUrl.Unknown, out var port, out _));
        Assert.Equal(HostKind.Loopback, port.HostKind);
        Assert.Null(port.Port);

        Assert.True(ListenUrl.TryParse("http://" + ListenUrl.Unknown + ":8080", out var host, out _));
        Assert.Equal(HostKind.Unknown, host.HostKind);
        Assert.Equal(8080, host.Port);
    }

    [Theory]
    [InlineData("localhost:5000", "is not a URL")]
    [InlineData("ftp://+:21", "scheme 'ftp'")]
    [InlineData("http://+:eighty", "port 'eighty'")]
    [InlineData("http://+:70000", "port '70000'")]
    [InlineData("http://[::1:8080", "without ']'")]
    [InlineData("http://:8080", "no host")]
    public void ExplainsWhatIsWrong(string text, string message)
    {
        Assert.False(ListenUrl.TryParse(text, out _, out var error));
        Assert.Contains(message, error, System.StringComparison.Ordinal);
    }

    [Fact]
    public void SplitsUrlLists()
    {
        var urls = System.Linq.Enumerable.ToList(ListenUrl.ParseList("http://+:8080; http://localhost:9090;"));
        Assert.Equal(2, urls.Count);
        Assert.Equal(HostKind.AnyIP, urls[0].Url.HostKind);
        Assert.Equal(9090, urls[1].Url.Port);
    }
}
