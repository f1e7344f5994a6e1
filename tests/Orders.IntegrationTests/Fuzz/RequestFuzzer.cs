using System.Text;

namespace Orders.IntegrationTests.Fuzz;

/// <summary>One request the fuzzer sends: every one of them is invalid by construction and must be rejected.</summary>
public sealed record FuzzRequest(HttpMethod Method, string Path, string? Body, string ContentType = "application/json")
{
    public HttpRequestMessage ToMessage()
    {
        var message = new HttpRequestMessage(Method, Path);
        if (Body is not null) message.Content = new StringContent(Body, Encoding.UTF8, ContentType);
        return message;
    }

    public override string ToString() => $"{Method} {Path} {(Body is null ? "" : Body.Length > 120 ? Body[..120] + "…" : Body)}";
}

/// <summary>
/// Seeded generator of malformed, oversized, wrongly typed and out-of-range requests for every Ordering endpoint,
/// aimed at one existing order (so a wrongly accepted request would show as a change to it) and at ids that do not exist.
/// </summary>
public sealed class RequestFuzzer(Random random, Guid witness)
{
    private static readonly string[] MalformedJson =
    [
        "", "{", "}", "[]", "null", "\"order\"", "42", "{\"customerId\":}", "{\"customerId\":\"c\",}", "{'customerId':'c'}",
        "{\"items\":[{\"sku\":\"S\",\"quantity\":1,\"unitPrice\":1}", "\u0000\u0001\u0002", "{\"a\":" + new string('[', 2000) + new string(']', 2000) + "}",
    ];

    private static readonly string[] BadValues =
    [
        "null", "\"\"", "\" \"", "-1", "0", "1.5", "\"two\"", "true", "[]", "{}", "2147483648", "-2147483649", "1e400", "79228162514264337593543950336",
        "-0.001", "12.345", "1000000.01", "10001", "\"" + new string('x', 200_000) + "\"", "\"\\u0000\"", "NaN", "\"9999-99-99\"",
    ];

    private static readonly string[] BadCurrencies = ["\"\"", "\"EU\"", "\"EURO\"", "\"€€€\"", "\"12A\"", "42", "null", "[\"EUR\"]"];

    public IEnumerable<FuzzRequest> Generate(int count)
    {
        for (var i = 0; i < count; i++) yield return Next();
    }

    private FuzzRequest Next() => random.Next(10) switch
    {
        0 => new(HttpMethod.Post, "/orders", Pick(MalformedJson)),
        1 => new(HttpMethod.Post, "/orders", CreateBody(customer: Pick(BadValues.Where(v => v.StartsWith('"') && v.Length > 200 || v is "null" or "\"\"" or "\" \"" or "42" or "[]" or "\"\\u0000\"").ToArray()))),
        2 => new(HttpMethod.Post, "/orders", CreateBody(currency: Pick(BadCurrencies))),
        3 => new(HttpMethod.Post, "/orders", CreateBody(line: BadLine())),
        4 => new(HttpMethod.Post, "/orders", CreateBody(items: Pick(["\"items\"", "[null]", "{}", "42", "[[]]"]))), // no items at all is a valid empty order
        5 => new(HttpMethod.Post, $"/orders/{witness}/items", BadLine()),
        6 => new(HttpMethod.Post, $"/orders/{witness}/items", Pick(MalformedJson)),
        7 => new(HttpMethod.Post, $"/orders/{Pick(["not-a-guid", "00000000-0000-0000-0000-000000000000", Guid.NewGuid().ToString(), "%20", new string('9', 5000)])}/{Pick(["place", "cancel", "items"])}", "{}"),
        9 when random.Next(2) == 0 => new(HttpMethod.Post, $"/orders/{witness}/cancel", $"{{\"reason\":{Pick(["\"\\u0000\"", "\"no\\u0000thanks\"", "\"\\u001b[31m\"", "\"" + new string('r', 501) + "\"", "42", "[]"])}}}"),
        8 => new(HttpMethod.Get, $"/orders/{witness}?{Pick(["asOf=yesterday", "asOf=9999-99-99", "version=-1", "version=abc", "version=99999999999", "minVersion=-5", "minVersion=x", "asOf=2020-01-01T00:00:00Z&version=1"])}", null),
        _ => new(HttpMethod.Post, "/orders", "{\"customerId\":\"c\",\"currency\":\"EUR\",\"items\":[{\"sku\":\"S\",\"quantity\":1,\"unitPrice\":1}]}", Pick(["text/plain", "application/xml", "application/x-www-form-urlencoded"])),
    };

    private string BadLine()
    {
        var sku = "\"SKU-1\"";
        var quantity = "1";
        var price = "10";
        switch (random.Next(3))
        {
            case 0: sku = Pick(["null", "\"\"", "\" \"", "42", "\"" + new string('s', 65) + "\"", "[]", "\"S\\u0000\"", "\"S\\u001b\""]); break;
            case 1: quantity = Pick(["0", "-1", "10001", "1.5", "\"1\"", "null", "2147483648", "1e400"]); break;
            default: price = Pick(["-0.01", "1000000.01", "12.345", "\"10\"", "null", "79228162514264337593543950336", "1e400", "NaN"]); break;
        }
        return $"{{\"sku\":{sku},\"quantity\":{quantity},\"unitPrice\":{price}}}";
    }

    private string CreateBody(string customer = "\"c-fuzz\"", string currency = "\"EUR\"", string? line = null, string? items = null) =>
        $"{{\"customerId\":{customer},\"currency\":{currency},\"items\":{items ?? $"[{line ?? "{\"sku\":\"SKU-1\",\"quantity\":1,\"unitPrice\":10}"}]"}}}";

    private string Pick(string[] options) => options[random.Next(options.Length)];
}
