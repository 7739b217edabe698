using MeshReady.Analyzers.Infrastructure.Json;
using Xunit;

namespace MeshReady.Analyzers.Tests.Listening.Endpoints;

public class TolerantJsonReaderTests
{
    [Fact]
    public void ReadsCommentsAndTrailingCommasAsConfigurationFilesAllow()
    {
        var result = TolerantJsonReader.Parse("""
            {
              // Kestrel settings
              "Kestrel": {
                "Endpoints": {
                  "Http": { "Url": "http://+:8080", }, /* trailing comma above */
                },
              },
              "Values": [1, 2.5, -3e2, true, false, null,],
            }
            """);

        Assert.Null(result.Error);
        var root = Assert.IsType<JsonObject>(result.Root);
        var kestrel = Assert.IsType<JsonObject>(root.Find("kestrel")!.Value);
        var endpoints = Assert.IsType<JsonObject>(kestrel.Find("Endpoints")!.Value);
        var http = Assert.IsType<JsonObject>(endpoints.Find("Http")!.Value);
        var url = Assert.IsType<JsonScalar>(http.Find("Url")!.Value);
        Assert.Equal("http://+:8080", url.Text);
        var values = Assert.IsType<JsonArray>(root.Find("Values")!.Value);
        Assert.Equal(6, values.Items.Count);
        Assert.Equal(JsonScalarKind.Null, ((JsonScalar)values.Items[5]).Kind);
    }

    [Fact]
    public void KeepsTheSpanOfEachValue()
    {
        const string text = "{ \"Urls\": \"http://localhost:5000\" }";
        var root = (JsonObject)TolerantJsonReader.Parse(text).Root!;
        var value = root.Find("Urls")!.Value;
        Assert.Equal("\"http://localhost:5000\"", text.Substring(value.Start, value.Length));
    }

    [Fact]
    public void UnescapesStrings()
    {
        var root = (JsonObject)TolerantJsonReader.Parse("""{ "a": "x\"y\\z\u0041\/" }""").Root!;
        Assert.Equal("x\"y\\zA/", ((JsonScalar)root.Find("a")!.Value).Text);
    }

    [Fact]
    public void LastDuplicateKeyWinsCaseInsensitively()
    {
        var root = (JsonObject)TolerantJsonReader.Parse("""{ "Urls": "a", "URLS": "b" }""").Root!;
        Assert.Equal("b", ((JsonScalar)root.Find("urls")!.Value).Text);
    }

    [Theory]
    [InlineData("{ \"a\": 1 \"b\": 2 }", 9, "',' or '}' was expected")]
    [InlineData("{ \"a\": }", 7, "a value was expected")]
    [InlineData("{ \"a\": \"open }", 7, "the string is not closed")]
    [InlineData("{ \"a\": 1 ", 0, "'}' was expected")]
    [InlineData("", 0, "the file is empty")]
    [InlineData("{ a: 1 }", 2, "property name in double quotes")]
    [InlineData("{ \"a\": 1 } x", 11, "after the end of the document")]
    [InlineData("{ /* open comment", 2, "the comment is not closed")]
    [InlineData("{ \"a\": tru }", 7, "a value was expected")]
    public void ReportsWhereTheSyntaxIsBroken(string text, int offset, string message)
    {
        var result = TolerantJsonReader.Parse(text);
        Assert.Null(result.Root);
        Assert.Contains(message, result.Error, System.StringComparison.Ordinal);
        Assert.Equal(offset, result.ErrorOffset);
    }

    [Fact]
    public void DeepNestingIsAnErrorNotAStackOverflow()
    {
        var text = new string('[', 10_000) + new string(']', 10_000);
        var result = TolerantJsonReader.Parse(text);
        Assert.Null(result.Root);
        Assert.Contains("nesting", result.Error, System.StringComparison.Ordinal);
    }
}
